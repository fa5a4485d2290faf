r"""Backup placement from an MRIO table: key sectors, loss per unit and a factor-cost index.

:func:`table_instance` turns the active (or any) province-level MRIO table into a
:class:`~hinterland.layout.instance.BackupInstance` with one industry per chosen table sector:

- capacity :math:`K_{rk} = x_{rk}` (gross output of sector :math:`k` in province :math:`r`, per
  year) and demand :math:`D_k = \sum_r x_{rk}`;
- loss per unit of missing capacity :math:`\lambda_k` from the table (:func:`loss_per_unit`):

  - ``"ghosh"`` (default): national value added lost per unit of output of :math:`k` that is not
    supplied, in the supply-driven (Ghosh) model. With :math:`G = \hat x^{-1} L \hat x` the Ghosh
    inverse, the value added lost downstream of a unit of :math:`(r, k)` is
    :math:`\sum_j G_{rk,j} v_j / x_j = (L v)_{rk} / x_{rk}`; :math:`\lambda_k` is its
    output-weighted mean over provinces, :math:`\sum_r (L v)_{rk} / \sum_r x_{rk}`. It counts the
    sector's own value added and what its customers, their customers, ... cannot produce
    without it, at fixed allocation shares (Oosterhaven's caveat applies: the customers do not
    substitute).
  - ``"capacity"``: every province's sector :math:`k` loses ``severity`` of its capacity; the
    capacity-constrained model with proportional rationing
    (:func:`hinterland.mrio.shocks.constrained_output`) gives the value added lost per unit of
    missing output. Strict complementarity makes this an upper bound.

- the value added per unit of backup capacity :math:`v_k / x_k` (national), for the ex-post
  Theil index of GDP per capita;
- the variable cost of backup :math:`c_{rk}` = ``capital_per_unit`` times a factor-cost index
  (:func:`~hinterland.layout.cost.cost_index`, the one index of :mod:`hinterland.layout.cost`,
  which also holds :class:`~hinterland.layout.cost.FactorPrices`): one plus, for each factor
  :math:`f`, the factor's weight in the sector's
  cost structure times the province's relative price less one,

  .. math::

      c_{rk} = \kappa \Bigl(1 + \sum_f w_{fk} \bigl(p_{rf} / \bar p_{fk} - 1\bigr)\Bigr),

  where :math:`\bar p_{fk}` is the output-weighted mean price over the provinces that make
  :math:`k` (so the average producer has index 1). Weights come from the national columns of
  the table: labour, ``labour_share`` times the value-added ratio :math:`v_k / x_k`;
  electricity, the input coefficient of the electricity sector; logistics, the input
  coefficient of the transport sector. The logistics "price" of a province is its mean
  distance to the users of :math:`k` (weighted by their absorption of :math:`k`) plus its mean
  distance to the producers of :math:`k`'s inputs (weighted by the national input mix), both
  between provincial capitals: supply-chain proximity enters here. Land, when the caller gives
  provincial industrial land prices (none ship), has the weight ``land_share`` (the share of
  the cost of new capacity that is land: an assumption, the same for every sector).

Everything that is an assumption (``labour_share``, ``capital_per_unit``, the size limit as a
share of current output, the fixed cost, the candidates, the loss model) is returned as text
with the instance so that the CLI and the report can list it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hinterland.errors import DataError, ValidationError, unknown
from hinterland.layout._view import KEY_SECTORS_17, KEY_SECTORS_42, TableView, pick_sectors
from hinterland.layout.cost import (
    FACTORS,
    FactorPrices,
    _factor_notes,
    _find_sector,
    cost_index,
    prices_from_atlas,
    table_cost_index,
)
from hinterland.messages import Message, Provinces, Sectors, msg, texts

__all__ = [  # FactorPrices, cost_index, prices_from_atlas, FACTORS: kept importable from here
    "FACTORS",
    "KEY_SECTORS_17",
    "KEY_SECTORS_42",
    "LOSS_MODELS",
    "FactorPrices",
    "TableInstance",
    "cost_index",
    "loss_per_unit",
    "prices_from_atlas",
    "table_instance",
]

LOSS_MODELS = ("ghosh", "capacity")


def loss_per_unit(
    m, sectors: Iterable[str] | None = None, *, model: str = "ghosh", severity: float = 0.1
) -> pd.Series:
    """Return national value added lost per unit of missing output, by key sector.

    Parameters
    ----------
    m : MRIO
        A province-level table (regions are adcodes).
    sectors : iterable of str, optional
        Key sectors (default :data:`KEY_SECTORS_17` when the table has the NBS 17 sectors).
    model : {"ghosh", "capacity"}
        See the module docstring.
    severity : float, default 0.1
        Share of every province's capacity of the sector withheld (``"capacity"`` only).

    Raises
    ------
    ValidationError
        For an unknown model or sector, or a severity outside (0, 1].
    """
    t = TableView.of(m)
    return _loss_per_unit(t, pick_sectors(sectors, t.sectors), model, severity)


def _loss_per_unit(t: TableView, keys: list[str], model: str, severity: float = 0.1) -> pd.Series:
    from hinterland.mrio import leontief as iom
    from hinterland.mrio import shocks
    from hinterland.mrio.build import separate_net_imports

    if model not in LOSS_MODELS:
        raise unknown("loss model", model, LOSS_MODELS)
    if not 0.0 < severity <= 1.0:
        raise ValidationError(f"severity must be in (0, 1]; got {severity}")
    Z, x, v = t.Z, t.x, t.v
    out = {}
    if model == "ghosh":
        A = iom.technical_coefficients(Z, x)
        lv = t.grid(iom.leontief_factor(A).solve(v[:, None])[:, 0])
        x_grid = t.grid(x)
        for k in keys:
            j = t.column(k)
            out[k] = float(lv[:, j].sum() / x_grid[:, j].sum())
    else:
        y = t.Y.sum(axis=1) + np.asarray(t.table.exports, dtype=float)
        Zs, ys, _ = separate_net_imports(Z, y, x)
        A = iom.technical_coefficients(Zs, x)
        ratio = np.divide(v, x, out=np.zeros_like(v), where=x > 0)
        sector_of = np.tile(np.arange(len(t.sectors)), len(t.regions))
        for k in keys:
            mask = sector_of == t.column(k)
            cap = shocks.CapacityShock(mask, severity).capacity(x)
            res = shocks.constrained_output(A, ys, x, cap)
            out[k] = float((res.loss * ratio).sum() / (severity * x[mask].sum()))
    return pd.Series(out, name="loss_per_unit").rename_axis("sector")


@dataclass(frozen=True, slots=True)
class TableInstance:
    """A backup instance built from a table, with the inputs and assumptions behind it.

    ``cost_index`` is NaN for a province without a price of a factor in use (it is then not a
    candidate). ``notes`` are the assumptions as catalogue messages (:mod:`hinterland.messages`);
    :attr:`assumptions` and :attr:`assumptions_zh` render them.
    """

    instance: object
    loss_per_unit: pd.Series
    cost_index: pd.DataFrame
    weights: pd.DataFrame
    notes: tuple[Message | str, ...]

    @property
    def assumptions(self) -> tuple[str, ...]:
        """The assumptions in English."""
        return tuple(texts(self.notes, "en"))

    @property
    def assumptions_zh(self) -> tuple[str, ...]:
        """The assumptions in Chinese."""
        return tuple(texts(self.notes, "zh"))


def table_instance(
    m,
    scenarios=None,
    *,
    sectors: Iterable[str] | None = None,
    prices: FactorPrices | None = None,
    excluded: str | Iterable[int] = "third_front:first_line",
    candidates: str | Iterable[int | str] | None = None,
    size_share: float = 0.2,
    fixed_cost: float = 10.0,
    capital_per_unit: float = 1.0,
    loss_model: str = "ghosh",
    hinterland: str = "third_front:third_line",
    gdp: pd.Series | None = None,
    population: pd.Series | None = None,
    energy_spare: float | None = None,
) -> TableInstance:
    r"""Build a backup instance with one industry per key sector of a province-level table.

    Parameters
    ----------
    m : MRIO
        The table (regions are adcodes; units of its flows are the units of capacity and cost).
    scenarios : ScenarioSet, path or None
        Disruption scenarios (default set when None); industries they name that are not key
        sectors are ignored.
    sectors : iterable of str, optional
        Key sectors (default :data:`KEY_SECTORS_17`).
    prices : FactorPrices, optional
        Provincial wages and electricity prices for the cost index.
    excluded : str or iterable of int
        Provinces that may not host backup (a grouping spec or adcodes).
    candidates : str or iterable, optional
        Provinces that may host backup (grouping specs, names or adcodes); replaces
        ``excluded`` when given (:func:`~hinterland.layout.scenarios.candidate_mask`).
    size_share : float
        Each candidate may add up to this share of its current output of the sector.
    fixed_cost, capital_per_unit : float
        Fixed cost of opening an option; cost per unit of backup capacity before the index.
    loss_model : {"ghosh", "capacity"}
        How :math:`\lambda` is computed (:func:`loss_per_unit`).
    hinterland : str
        Grouping spec of the hinterland (for the capacity share).
    gdp, population : Series, optional
        By adcode, for the ex-post Theil index; default: the atlas for the table's year, or the
        latest year complete in the atlas.
    energy_spare : float, optional
        If given, an energy limit: in each province, backup may use at most this share of the
        province's own output of the electricity sector, at the national electricity input
        coefficient of each key sector (value terms, from the table).

    Raises
    ------
    ValidationError
        For a table whose regions are not provinces, unknown sectors, bad parameters.
    """
    from hinterland.layout.instance import BackupInstance
    from hinterland.layout.scenarios import candidate_mask, rule_message

    if not 0.0 <= size_share:
        raise ValidationError(f"size_share must be >= 0; got {size_share}")
    if fixed_cost < 0 or capital_per_unit < 0:
        raise ValidationError("fixed_cost and capital_per_unit must be >= 0")
    t = TableView.of(m)
    keys = pick_sectors(sectors, t.sectors)
    lam = _loss_per_unit(t, keys, loss_model)
    idx, weights = table_cost_index(t, keys, prices, missing="nan")
    unpriced = sorted(int(a) for a in idx.index[idx.isna().any(axis=1)])
    cap = t.frame(t.x, keys)
    ratio = t.frame(t.v, keys).sum() / cap.sum()
    candidate, rule = candidate_mask(t.regions, candidates, excluded)
    candidate.index = cap.index
    candidate[unpriced] = False
    size = cap.mul(candidate, axis=0) * size_share
    if gdp is None or population is None:
        gdp, population, year = _gdp_population(m.year)
    else:
        year = m.year
    limits = None
    if energy_spare is not None:
        limits = {"electricity": _energy_limit(t, keys, energy_spare)}
    instance = BackupInstance.from_scenarios(
        cap,
        cap.sum(),
        scenarios,
        unknown_industries="ignore",
        size_limit=size,
        fixed_cost=fixed_cost,
        unit_cost=idx.fillna(0.0) * capital_per_unit,  # unpriced: no option (size 0), unused
        loss_per_unit=lam,
        gdp=gdp,
        population=population,
        value_added_ratio=ratio,
        hinterland=hinterland,
        unit=m.unit,
        resource_limits=limits,
    )
    label = "layout.label.estimate_long" if m.estimate else "layout.label.imported_long"
    notes = [
        msg("layout.table.source", year=m.year, label=msg(label), source=_source(m)),
        msg("layout.table.sectors", sectors=Sectors(tuple(keys))),
        msg("layout.table.loss", model=msg(f"layout.model.{loss_model}")),
        msg(
            "layout.table.candidates",
            rule=rule_message(rule),
            share=size_share,
            fixed=fixed_cost,
            unit=capital_per_unit,
        ),
        *_factor_notes(prices, weights),
    ]
    if unpriced:
        notes.append(msg("layout.table.unpriced", provinces=Provinces(tuple(unpriced))))
    if energy_spare is not None:
        notes.append(msg("layout.table.energy", share=energy_spare))
    notes.append(msg("layout.table.theil", year=year))
    return TableInstance(instance, lam, idx, weights, tuple(notes))


def _source(m):
    """The table's source: the catalogue's description of a shipped China table, else its own."""
    from hinterland.mrio import china

    return china.description(m) if china.is_china_table(m) else m.source


def _energy_limit(t: TableView, keys: list[str], share: float) -> tuple[pd.Series, pd.Series]:
    if not 0.0 <= share:
        raise ValidationError(f"energy_spare must be >= 0; got {share}")
    elec = _find_sector(t, "electricity")
    if elec is None:
        raise ValidationError(
            "energy_spare needs an electricity sector in the table (code ELEC, or a name with "
            "电力 in meta['sector_names'])"
        )
    e = t.column(elec)
    use = pd.Series(t.national_coefficients[e, [t.column(k) for k in keys]], index=keys)
    limit = pd.Series(share * t.grid(t.x)[:, e], index=pd.Index(t.regions, name="adcode"))
    return use, limit


def _gdp_population(year: int) -> tuple[pd.Series, pd.Series, int]:
    from hinterland.atlas import IndicatorTable

    tbl = IndicatorTable.default()
    years = tbl.complete_years("gdp", "population")
    if not years:
        raise DataError("the atlas has no year with GDP and population for every province")
    pick = year if year in years else max(years)
    return tbl.series("gdp", pick), tbl.series("population", pick), int(pick)
