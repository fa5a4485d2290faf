"""An illustrative default instance for the backup-placement optimiser, built from the atlas.

Every input below that is not a published figure is an assumption, listed in
:data:`ASSUMPTIONS` and carried in the result; the CLI and the report label the instance
*illustrative*. Published inputs: provincial value added of the secondary industry (atlas,
latest year complete for all 31 provinces), GDP and population of that year.

Assumptions (estimates, not data):
- one aggregate key industry, ``SEC`` (secondary industry), whose capacity is its value added
  (亿元 a year); the atlas has no complete provincial split of manufacturing by sector;
- demand = today's national capacity (a shortfall is capacity lost net of backup);
- loss per unit of missing capacity = 1 (value added lost one for one; no MRIO multiplier, since
  no MRIO table ships with this release);
- candidates: provinces outside the first Third Front line; each may add up to 20 % of its
  current capacity;
- unit cost of backup = 1 + labour share x (provincial wage / capacity-weighted mean wage - 1),
  亿元 per 亿元 of yearly capacity, with the 2023 average wage of urban non-private units (atlas
  ``wage_urban_nonprivate``; GDP per capita relative to the nation if no complete wage year) and
  a labour share of value added of 0.5 (assumption); fixed cost of opening = 10 亿元 per province;
- GDP gained per unit of backup capacity = 1 (for the ex-post Theil index).
"""

from __future__ import annotations

import pandas as pd

from hinterland.atlas import IndicatorTable
from hinterland.errors import ValidationError
from hinterland.messages import Indicator, Message, Sectors, Spec, msg, texts

INDUSTRY = "SEC"
HINTERLAND = "third_front:third_line"
LABOUR_SHARE = 0.5
SIZE_SHARE = 0.20
FIXED_COST = 10.0
ASSUMPTIONS = (
    msg("layout.atlas.industry"),
    msg("layout.atlas.loss"),
    msg(
        "layout.atlas.candidates",
        rule=msg("layout.rule.outside", spec=Spec("third_front:first_line")),
        share=SIZE_SHARE,
    ),
    msg("layout.atlas.cost", labour=LABOUR_SHARE, fixed=FIXED_COST),
    msg("layout.atlas.scenarios"),
)
"""The illustrative instance's assumptions, as catalogue messages (:mod:`hinterland.messages`)."""


def _latest_complete_year(tbl: IndicatorTable) -> int:
    return max(tbl.complete_years("va_secondary", "population"))


def _wage_year(tbl: IndicatorTable) -> int | None:
    code = "wage_urban_nonprivate"
    years = tbl.complete_years(code) if code in tbl.indicators() else []
    return max(years) if years else None


def _unit_cost(tbl: IndicatorTable, gdp, pop, cap) -> pd.Series:
    """The factor-cost index with labour alone (:func:`~hinterland.layout.cost.factor_index`).

    The labour price is the wage of the latest complete year, else GDP per capita; its mean is
    weighted by capacity, so the average province has unit cost 1.
    """
    from hinterland.layout.cost import factor_index

    year = _wage_year(tbl)
    price = tbl.series("wage_urban_nonprivate", year) if year else gdp / pop
    p = price.reindex(cap.index).to_numpy(dtype=float)[:, None]
    index = factor_index({"wage": p}, {"wage": LABOUR_SHARE}, cap.to_numpy(dtype=float)[:, None])
    return pd.Series(index[:, 0], index=cap.index)


def default_instance(
    scenarios=None,
    *,
    year: int | None = None,
    candidates=None,
    hinterland: str = HINTERLAND,
):
    """Return the illustrative :class:`~hinterland.layout.backup.BackupInstance` and its year.

    ``candidates`` (provinces that may host backup; default: outside the first Third Front
    line) and ``hinterland`` (for the capacity share) are as for
    :func:`~hinterland.layout.from_table.table_instance`.
    """
    from hinterland.layout.backup import BackupInstance
    from hinterland.layout.scenarios import candidate_mask

    tbl = IndicatorTable.default()
    year = year or _latest_complete_year(tbl)
    cap = tbl.series("va_secondary", year)
    gdp = tbl.series("gdp", year)
    pop = tbl.series("population", year)
    candidate, _ = candidate_mask(cap.index, candidates)
    candidate.index = cap.index
    rel_cost = _unit_cost(tbl, gdp, pop, cap)
    capacity = cap.to_frame(INDUSTRY)
    instance = BackupInstance.from_scenarios(
        capacity,
        pd.Series({INDUSTRY: float(cap.sum())}),
        scenarios,
        unknown_industries="ignore",
        size_limit=(cap * SIZE_SHARE * candidate).to_frame(INDUSTRY),
        fixed_cost=FIXED_COST,
        unit_cost=rel_cost.to_frame(INDUSTRY),
        loss_per_unit=1.0,
        gdp=gdp,
        population=pop,
        value_added_ratio=1.0,
        hinterland=hinterland,
        unit="亿元/yr (100 million yuan a year)",
    )
    return instance, int(year)


INSTANCE_KINDS = ("auto", "table", "atlas")


def _merged_prices(atlas, given, labour_share, land_share):
    """The atlas' factor prices with the caller's (a CSV path or FactorPrices) put over them."""
    from dataclasses import replace

    from hinterland.layout.cost import FACTORS, FactorPrices

    if given is not None and not isinstance(given, FactorPrices):
        given = FactorPrices.from_csv(given)
    merged = atlas
    if given is not None:
        own = {f: getattr(given, f) for f in FACTORS if getattr(given, f) is not None}
        kept = tuple(n for n in atlas.notes if not any(_names(n, f) for f in own))
        merged = replace(atlas, **own, notes=kept + tuple(given.notes))
    shares = {"labour_share": labour_share, "land_share": land_share}
    return replace(merged, **{k: v for k, v in shares.items() if v is not None})


def _names(note, factor: str) -> bool:
    """Whether an atlas price note (a catalogue message) is about ``factor``."""
    if isinstance(note, Message):
        about = note.params.get("factor")
        return note.key == f"layout.prices.{factor}" or (
            isinstance(about, Message) and about.key == f"layout.factor.{factor}"
        )
    return str(note).startswith(f"{factor}:")


def resolve_instance(
    kind: str = "auto",
    scenarios=None,
    *,
    sectors=None,
    loss_model: str = "ghosh",
    lang: str | None = "en",
    energy_spare: float | None = None,
    candidates=None,
    hinterland: str | None = None,
    prices=None,
    labour_share: float | None = None,
    land_share: float | None = None,
    table=None,
):
    """Return the backup instance to solve and a description of it (for the CLI and the report).

    ``kind``: ``"table"`` builds it from the active MRIO table (imported, or the embedded
    estimate) with :func:`hinterland.layout.from_table.table_instance` and the atlas' factor
    prices; ``"atlas"`` is the illustrative one-industry instance of this module; ``"auto"``
    takes the table when one is available and the atlas instance otherwise. ``candidates``
    (provinces that may host backup, default outside the first Third Front line) and
    ``hinterland`` (grouping spec for the capacity share, default the third line) apply to both.
    ``prices`` (a CSV path or :class:`~hinterland.layout.from_table.FactorPrices`) replaces the
    atlas' price of each factor it holds; it, ``labour_share`` and ``land_share`` need a table.
    ``table`` (an MRIO) is the table to build from instead of the active one.

    Returns
    -------
    instance : BackupInstance
    about : dict
        ``instance`` (one line naming what was built) and ``assumptions`` (list of str), in
        ``lang`` (``en`` or ``zh``); with ``lang=None``, catalogue messages
        (:mod:`hinterland.messages`) that :func:`render_about` renders in either language.
    """
    from hinterland.errors import DataError, unknown
    from hinterland.layout.cost import FactorPrices
    from hinterland.layout.from_table import LOSS_MODELS

    if kind not in INSTANCE_KINDS:
        raise unknown("instance kind", kind, INSTANCE_KINDS)
    if loss_model not in LOSS_MODELS:
        raise unknown("loss model", loss_model, LOSS_MODELS)
    from hinterland.layout.scenarios import resolve_scenarios
    from hinterland.mrio.build import SECTORS_17_INDUSTRY

    scenarios = resolve_scenarios(scenarios)  # the user's files are read before any work
    nbs17 = list(SECTORS_17_INDUSTRY)
    if prices is not None and not isinstance(prices, FactorPrices):
        prices = FactorPrices.from_csv(prices)
    if kind in ("auto", "table"):
        from hinterland.layout.cost import prices_from_atlas
        from hinterland.layout.from_table import table_instance
        from hinterland.mrio.store import active

        if table is None:
            try:
                table = active()
            except DataError:
                if kind == "table":
                    raise
        if table is not None:
            extra = [c for c in nbs17 if c not in set(map(str, table.sectors))]
            scenarios.check_industries(
                [*map(str, table.sectors), *extra],
                "the sectors of the MRIO table or the NBS 17 sectors of the shipped scenarios",
            )
            built = table_instance(
                table, scenarios, sectors=sectors,
                prices=_merged_prices(prices_from_atlas(), prices, labour_share, land_share),
                loss_model=loss_model, energy_spare=energy_spare, candidates=candidates,
                hinterland=hinterland or HINTERLAND,
            )  # fmt: skip
            label = "layout.label.estimated" if table.estimate else "layout.label.imported"
            head = msg(
                "layout.instance.table",
                year=table.year,
                label=msg(label),
                sectors=Sectors(tuple(built.loss_per_unit.index)),
            )
            about = {
                "instance": head,
                "assumptions": list(built.notes),
                "loss_per_unit": built.loss_per_unit.round(6).to_dict(),
            }
            return built.instance, about if lang is None else render_about(about, lang)
    table_only = (sectors, energy_spare, prices, labour_share, land_share)
    if any(v is not None and v != [] for v in table_only):
        raise ValidationError(
            "key sectors (--sectors), the energy limit (--energy-spare) and factor prices "
            "(--prices, --labour-share, --land-share) need an MRIO table, and none is active; "
            "the atlas instance has one aggregate industry"
        )
    scenarios.check_industries(nbs17, "the NBS 17 input-output sectors")
    instance, year = default_instance(
        scenarios, candidates=candidates, hinterland=hinterland or HINTERLAND
    )
    wage_year = _wage_year(IndicatorTable.default())
    if wage_year:
        code = Indicator("wage_urban_nonprivate")
        wage = msg("layout.atlas.wage", code=code, wage_year=wage_year, year=year)
    else:
        wage = msg("layout.atlas.no_wage")
    notes: list[Message] = list(ASSUMPTIONS)
    if candidates is not None:
        from hinterland.layout.scenarios import candidate_mask, rule_message

        _, rule = candidate_mask(instance.problem.provinces, candidates)
        notes[2] = msg("layout.atlas.candidates", rule=rule_message(rule), share=SIZE_SHARE)
    if hinterland:
        notes.append(msg("layout.atlas.hinterland", spec=hinterland))
    about = {"instance": msg("layout.instance.atlas", year=year), "assumptions": [*notes, wage]}
    return instance, about if lang is None else render_about(about, lang)


def render_about(about: dict, lang: str) -> dict:
    """:func:`resolve_instance`'s description with its messages rendered in ``lang``."""
    out = dict(about)
    out["instance"] = texts([about["instance"]], lang)[0]
    out["assumptions"] = texts(about["assumptions"], lang)
    return out
