"""Regional coordination analyses over the atlas: disparity, convergence, shares, concentration.

Every function takes labelled inputs (indicator codes, years, grouping names or files) and
returns labelled pandas objects or small result dataclasses; the numbers come from the kernels in
:mod:`hinterland.metrics`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hinterland import metrics
from hinterland.atlas import NATION, IndicatorTable, grouping, label
from hinterland.atlas.groupings import Grouping
from hinterland.errors import ValidationError
from hinterland.messages import msg

REST = "_rest"
"""Group code given to provinces that a grouping does not list (e.g. inland for 'coastal')."""


def _table(table: IndicatorTable | None, edition: str | None = None) -> IndicatorTable:
    """Return ``table`` (the embedded panel by default), seen in ``edition`` if one is given."""
    tbl = table or IndicatorTable.default()
    return tbl if edition is None else tbl.with_edition(edition)


def _grouping(by: str | Grouping) -> Grouping:
    return by if isinstance(by, Grouping) else grouping(by)


def group_labels(by: str | Grouping, lang: str = "zh") -> dict[str, str]:
    """Return display labels of a grouping's codes, including the rest group."""
    g = _grouping(by)
    out = {grp.code: grp.label(lang) for grp in g.groups}
    out[REST] = msg("group.rest").text(lang)
    return out


def assign(by: str | Grouping) -> pd.Series:
    """Return each province's group code; provinces in no group get :data:`REST`."""
    return _grouping(by).assign().fillna(REST)


def _complete(values: pd.Series, weights: pd.Series | None) -> tuple[pd.Series, list[int]]:
    ok = values.notna() & (values > 0)
    if weights is not None:
        ok &= weights.notna() & (weights > 0)
    dropped = [int(a) for a in values.index[~ok]]
    return ok, dropped


@dataclass(frozen=True, slots=True)
class Disparity:
    """Regional disparity of one indicator in one year, with Theil decompositions by a grouping."""

    indicator: str
    year: int
    by: str
    weighted: bool
    theil_t: metrics.TheilResult
    theil_l: metrics.TheilResult
    gini: float
    cv: float
    cv_weighted: float
    max_min: float
    n: int
    dropped: list[int] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Return the headline figures (JSON-friendly)."""
        return {
            "indicator": self.indicator,
            "year": self.year,
            "by": self.by,
            "weighted": self.weighted,
            "n": self.n,
            "theil_t": self.theil_t.total,
            "theil_between": self.theil_t.between,
            "theil_within": self.theil_t.within,
            "theil_between_share": self.theil_t.between_share,
            "theil_l": self.theil_l.total,
            "theil_l_between": self.theil_l.between,
            "theil_l_within": self.theil_l.within,
            "gini": self.gini,
            "cv": self.cv,
            "cv_weighted": self.cv_weighted,
            "max_min_ratio": self.max_min,
            "dropped": self.dropped,
        }

    def groups_frame(self, lang: str = "zh") -> pd.DataFrame:
        """Return per-group population and income shares and Theil T contributions."""
        t = self.theil_t
        labels = group_labels(self.by, lang)
        return pd.DataFrame(
            {
                "group": [labels.get(str(g), str(g)) for g in t.groups],
                "population_share": t.population_share,
                "income_share": t.income_share,
                "theil_t_within_group": t.group_index,
                "within_contribution": t.within_contribution,
                "between_contribution": t.between_contribution,
            },
            index=pd.Index([str(g) for g in t.groups], name="code"),
        )


def disparity(
    indicator: str = "gdp_per_capita",
    year: int = 2023,
    *,
    by: str | Grouping = "four_blocs",
    weighted: bool = True,
    table: IndicatorTable | None = None,
) -> Disparity:
    """Measure the disparity of ``indicator`` across provinces in ``year``.

    Theil T and L (with exact between/within decomposition by ``by``), Gini, Williamson's
    coefficient of variation and the max/min ratio. Population weights (the same year's
    year-end population) by default, as usual for regional inequality (Akita 2003); unweighted
    with ``weighted=False``. Provinces with a missing value are left out and listed in
    ``dropped``; none is filled in.
    """
    tbl = _table(table)
    y = tbl.series(indicator, year)
    w = tbl.series("population", year) if weighted else None
    ok, dropped = _complete(y, w)
    if ok.sum() < 2:
        raise ValidationError(f"{indicator} in {year}: fewer than two provinces with data")
    g = _grouping(by)
    groups = assign(g)[ok].to_numpy()
    yv = y[ok].to_numpy()
    wv = None if w is None else w[ok].to_numpy()
    return Disparity(
        indicator=indicator,
        year=int(year),
        by=g.name,
        weighted=weighted,
        theil_t=metrics.theil_decomposition(yv, groups, wv, measure="T"),
        theil_l=metrics.theil_decomposition(yv, groups, wv, measure="L"),
        gini=metrics.gini(yv, wv),
        cv=metrics.coefficient_of_variation(yv),
        cv_weighted=metrics.coefficient_of_variation(
            yv, tbl.series("population", year)[ok].to_numpy()
        ),
        max_min=metrics.max_min_ratio(yv),
        n=int(ok.sum()),
        dropped=dropped,
    )


def disparity_trend(
    indicator: str = "gdp_per_capita",
    *,
    by: str | Grouping = "four_blocs",
    years: list[int] | None = None,
    edition: str | None = None,
    table: IndicatorTable | None = None,
) -> pd.DataFrame:
    """Return the disparity measures for every year with data (one row per year).

    ``edition`` (``latest`` by default, ``first`` or an edition code) picks the revision; the
    ``edition`` column says which one each year is in and ``break`` is true in a year whose
    edition differs from the year before (a trend is not like-for-like across it).
    """
    tbl = _table(table, edition)
    yrs = years or tbl.years(indicator)
    if indicator == "gdp_per_capita" or years is None:
        yrs = [y for y in yrs if y in tbl.years("population")]
    rows = [disparity(indicator, y, by=by, table=tbl).to_dict() for y in yrs]
    out = pd.DataFrame(rows).set_index("year")
    ed = tbl.editions(indicator)
    out["edition"] = [ed.get(y, "") for y in out.index]
    out["break"] = [y in tbl.breaks(indicator) and i > 0 for i, y in enumerate(out.index)]
    return out


@dataclass(frozen=True, slots=True)
class Convergence:
    """Sigma convergence over the years of a period and beta convergence between its ends."""

    indicator: str
    start: int
    end: int
    years: list[int]
    sigma: metrics.SigmaConvergence
    beta: metrics.BetaConvergence
    dropped: list[int]
    nominal: bool
    editions: dict[int, str] = field(default_factory=dict)
    breaks: list[int] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Return the results (JSON-friendly)."""
        return {
            "indicator": self.indicator,
            "from": self.start,
            "to": self.end,
            "years": self.years,
            "sigma": {**self.sigma.to_dict(), "years": self.years},
            "beta": self.beta.to_dict(),
            "dropped": self.dropped,
            "prices": "current (nominal)" if self.nominal else "as stored",
            "editions": {str(y): e for y, e in self.editions.items()},
            "edition_breaks": self.breaks,
        }


def convergence(
    indicator: str = "gdp_per_capita",
    start: int = 2005,
    end: int = 2023,
    *,
    weighted: bool = False,
    edition: str | None = None,
    table: IndicatorTable | None = None,
) -> Convergence:
    """Sigma convergence (each year with data from ``start`` to ``end``) and beta convergence.

    Values are at current prices: the atlas holds nominal GDP, so the beta regression measures
    nominal growth (a common price level across provinces is assumed; say so when you publish).
    :func:`hinterland.growth.real_convergence` gives the same at constant prices. ``edition``
    picks the revision (latest by default); ``breaks`` lists the years where it changes.
    """
    if end <= start:
        raise ValidationError(f"'to' year {end} must be after 'from' year {start}")
    tbl = _table(table, edition)
    available = tbl.years(indicator)
    for y in (start, end):
        if y not in available:
            raise ValidationError(
                f"no {indicator} for {y}; years with data: {', '.join(map(str, available))}"
            )
    years = [y for y in available if start <= y <= end]
    panel = tbl.panel(indicator, years)
    ok = panel.notna().all(axis=1) & (panel > 0).all(axis=1)
    dropped = [int(a) for a in panel.index[~ok]]
    w = None
    if weighted:
        pop = tbl.panel("population", years)
        ok &= pop.notna().all(axis=1)
        w = pop[ok].to_numpy()
    data = panel[ok].to_numpy()
    return Convergence(
        indicator=indicator,
        start=start,
        end=end,
        years=years,
        sigma=metrics.sigma_convergence(data, w),
        beta=metrics.beta_convergence(
            data[:, 0], data[:, -1], float(end - start), w=None if w is None else w[:, 0]
        ),
        dropped=dropped,
        nominal=indicator in {"gdp", "gdp_per_capita"},
        editions=panel.attrs["editions"],
        breaks=panel.attrs["breaks"],
    )


def _members(spec: str) -> tuple[str, list[int]]:
    """Resolve ``grouping:code`` or a grouping whose only group is meant, to provinces."""
    if ":" in spec:
        name, code = spec.split(":", 1)
        g = grouping(name)
        grp = g.group(code)
        return f"{g.name}:{grp.code}", list(grp.adcodes)
    found = [(g.name, grp) for g in _all_groupings() for grp in g.groups if grp.code == spec]
    if found:
        if len({grp.adcodes for _, grp in found}) > 1:
            names = ", ".join(f"{name}:{spec}" for name, _ in found)
            raise ValidationError(f"group code {spec!r} is ambiguous; name one of: {names}")
        name, grp = found[0]
        return f"{name}:{grp.code}", list(grp.adcodes)
    g = grouping(spec)
    if len(g.groups) == 1:
        return g.name, list(g.groups[0].adcodes)
    raise ValidationError(
        f"{spec!r} is a grouping with several groups; name one as {g.name}:<code> "
        f"(codes: {', '.join(g.codes())})"
    )


def _all_groupings() -> list[Grouping]:
    from hinterland.atlas import groupings

    return list(groupings().values())


def share(
    indicator: str,
    year: int,
    group: str,
    *,
    of: str | None = None,
    table: IndicatorTable | None = None,
) -> dict:
    """Return a group's total of ``indicator`` and its share of the nation and of a larger area.

    ``group`` and ``of`` name a group as ``grouping:code`` (``four_blocs:west``) or by a bare code
    (``chengdu_chongqing``); a bare code found in several embedded groupings is accepted only if
    they all give it the same provinces (the first grouping in name order is reported).
    Without ``of``, the larger area is the bloc (``four_blocs``) holding the group's provinces,
    if they share one. Values are sums of whole provinces; a group defined by prefectures (only
    parts of some provinces) is flagged in ``partial_provinces``: its whole-province total
    overstates it.
    """
    tbl = _table(table)
    s = tbl.series(indicator, year)
    gname, members = _members(group)
    total = float(s[members].sum(min_count=len(members)))
    nation_sum = float(s.sum(min_count=len(s)))
    nation_published = tbl.national(indicator, year)
    if of is None:
        blocs = assign("four_blocs")[members].unique()
        of = f"four_blocs:{blocs[0]}" if len(blocs) == 1 else None
    out = {
        "indicator": indicator,
        "year": int(year),
        "unit": tbl.unit(indicator, year),
        "group": gname,
        "members": members,
        "value": total,
        "nation_sum_of_provinces": nation_sum,
        "nation_published": nation_published if np.isfinite(nation_published) else None,
        "share_of_nation": total / nation_sum,
        "share_of_nation_published": total / nation_published
        if np.isfinite(nation_published)
        else None,
    }
    if of is not None:
        oname, omembers = _members(of)
        ototal = float(s[omembers].sum(min_count=len(omembers)))
        out.update({"of": oname, "of_value": ototal, "share_of": total / ototal})
    g = grouping(gname.split(":")[0])
    grp = g.groups[0] if ":" not in gname else g.group(gname.split(":")[1])
    out["partial_provinces"] = list(grp.partial)
    return out


def group_shares(
    indicator: str,
    by: str | Grouping = "four_blocs",
    *,
    years: list[int] | None = None,
    lang: str | None = "zh",
    edition: str | None = None,
    table: IndicatorTable | None = None,
) -> pd.DataFrame:
    """Return each group's share (%) of the sum over provinces, year by year.

    Columns are the groups' labels in ``lang``, or their codes with ``lang=None``.
    ``attrs["editions"]`` and ``attrs["breaks"]`` say which revision each year is in.
    """
    tbl = _table(table, edition)
    panel = tbl.panel(indicator, years)
    groups = assign(by)
    complete = panel.columns[panel.notna().all(axis=0)]
    sums = panel[complete].groupby(groups).sum()
    out = 100 * sums / sums.sum(axis=0)
    if lang is not None:
        labels = group_labels(by, lang)
        out.index = [labels.get(c, c) for c in out.index]
    out = out.T
    out.attrs.update(editions=panel.attrs["editions"], breaks=panel.attrs["breaks"])
    return out


@dataclass(frozen=True, slots=True)
class Concentration:
    """How concentrated one product or sector is across provinces in one year."""

    indicator: str
    year: int
    shares: pd.Series
    hhi: float
    cr3: float
    cr5: float
    spatial_gini: float
    top: list[tuple[int, float]]
    n_reporting: int

    def to_dict(self) -> dict:
        """Return the headline figures (JSON-friendly)."""
        return {
            "indicator": self.indicator,
            "year": self.year,
            "hhi": self.hhi,
            "cr3": self.cr3,
            "cr5": self.cr5,
            "spatial_gini_vs_gdp": self.spatial_gini,
            "top": [{"adcode": a, "share": s} for a, s in self.top],
            "n_reporting": self.n_reporting,
        }


def concentration(
    indicator: str, year: int, *, table: IndicatorTable | None = None
) -> Concentration:
    """Return shares, HHI, CR3, CR5 and the spatial Gini (against GDP) of one product.

    Only provinces with a published figure count; a missing province is treated as not
    reported (``n_reporting`` says how many reported), never as zero output. The spatial Gini
    uses the same provinces' GDP of the same year (or the latest GDP year before it).
    """
    tbl = _table(table)
    x = tbl.series(indicator, year)
    ok = x.notna()
    if ok.sum() < 2:
        raise ValidationError(f"{indicator} in {year}: fewer than two provinces reported")
    xv = x[ok]
    gdp_years = [y for y in tbl.years("gdp") if y <= year] or tbl.years("gdp")
    gdp = tbl.series("gdp", max(gdp_years))[ok]
    sh = pd.Series(metrics.shares(xv.to_numpy()), index=xv.index, name="share")
    top = sh.sort_values(ascending=False).head(5)
    valid = gdp.notna()
    return Concentration(
        indicator=indicator,
        year=int(year),
        shares=sh,
        hhi=metrics.hhi(xv.to_numpy()),
        cr3=metrics.concentration_ratio(xv.to_numpy(), 3),
        cr5=metrics.concentration_ratio(xv.to_numpy(), min(5, int(ok.sum()))),
        spatial_gini=float(metrics.spatial_gini(xv[valid].to_numpy(), gdp[valid].to_numpy())),
        top=[(int(a), float(s)) for a, s in top.items()],
        n_reporting=int(ok.sum()),
    )


def nation_label(lang: str = "zh") -> str:
    """Return the label of the national total."""
    return label(NATION, lang)


SECTORS = ("va_primary", "va_secondary", "va_tertiary")
"""The three-industry split used by :func:`specialisation`."""


def specialisation(
    year: int,
    *,
    sectors: tuple[str, ...] = SECTORS,
    reference: str = "rest",
    table: IndicatorTable | None = None,
) -> pd.DataFrame:
    """Return location quotients of ``sectors`` and Krugman's specialisation index per province.

    Only provinces with every sector published in ``year`` are included (the others are absent
    from the result, not filled). ``reference`` is ``"rest"`` (the other provinces together) or
    ``"nation"`` for the Krugman index.
    """
    tbl = _table(table)
    frame = pd.DataFrame({s: tbl.series(s, year) for s in sectors})
    frame = frame.dropna()
    if len(frame) < 2:
        raise ValidationError(f"fewer than two provinces have all of {list(sectors)} in {year}")
    x = frame.to_numpy()
    lq = pd.DataFrame(
        metrics.location_quotient(x), index=frame.index, columns=[f"lq_{s}" for s in sectors]
    )
    lq["krugman"] = metrics.krugman_specialisation(x, reference=reference)
    return lq
