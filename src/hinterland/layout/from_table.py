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
  (:func:`cost_index`): one plus, for each factor :math:`f`, the factor's weight in the sector's
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
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hinterland.errors import DataError, ValidationError, unknown
from hinterland.messages import Join, Message, Provinces, Sectors, msg, texts

__all__ = [
    "KEY_SECTORS_17",
    "KEY_SECTORS_42",
    "LOSS_MODELS",
    "FactorPrices",
    "TableInstance",
    "cost_index",
    "loss_per_unit",
    "table_instance",
]

LOSS_MODELS = ("ghosh", "capacity")
KEY_SECTORS_17 = ("MACH", "CHEM", "METL", "PETR", "ELEC")
"""Key industries among the NBS 17 sectors: machinery and equipment (incl. electronics and
transport equipment), chemicals, metal products, petroleum and coking, electricity."""
KEY_SECTORS_42 = ("11", "12", "14", "16", "17", "18", "19", "20")
"""Key industries among the NBS 42 sectors (CEADs tables; codes 01-20 are the same in the 2012,
2015 and 2017 editions): petroleum, coking and nuclear fuel; chemicals; metal smelting and
rolling; general equipment; special equipment; transport equipment; electrical machinery;
communication equipment, computers and electronics."""
_SECTOR_WORDS = {"electricity": ("ELEC", "电力"), "transport": ("TRAN", "仓储")}
FACTORS = ("wage", "electricity", "land")
"""Provincial prices a :class:`FactorPrices` may hold (columns of :meth:`FactorPrices.from_csv`)."""


@dataclass(frozen=True, slots=True)
class _View:
    """The arrays of a province-level table, read once (region-major: row ``r * S + s``)."""

    table: object
    regions: list[int]
    sectors: list[str]
    Z: np.ndarray
    Y: np.ndarray
    x: np.ndarray
    v: np.ndarray

    @classmethod
    def of(cls, m) -> _View:
        from hinterland.atlas import adcodes

        try:
            regions = [int(r) for r in m.regions]
        except (TypeError, ValueError):
            regions = []
        valid = set(adcodes())
        if not regions or any(r not in valid for r in regions):
            raise ValidationError(
                f"backup placement needs a table whose regions are province adcodes; this "
                f"table's regions are {list(m.regions)[:5]}..."
            )
        Z, Y, x, v = m.to_arrays()
        Z = Z.toarray() if hasattr(Z, "toarray") else np.asarray(Z, dtype=float)
        f = np.asarray
        return cls(
            m, regions, [str(s) for s in m.sectors], Z, f(Y, float), f(x, float), f(v, float)
        )

    def grid(self, values: np.ndarray) -> np.ndarray:
        """(R, S) view of a region-major vector."""
        return values.reshape(len(self.regions), len(self.sectors))

    def frame(self, values: np.ndarray, keys: list[str]) -> pd.DataFrame:
        """Province x key-sector DataFrame of a region-major vector."""
        df = pd.DataFrame(
            self.grid(values),
            index=pd.Index(self.regions, name="adcode"),
            columns=pd.Index(self.sectors, name="sector"),
        )
        return df[keys]

    @property
    def x_national(self) -> np.ndarray:
        return self.grid(self.x).sum(axis=0)

    @property
    def national_coefficients(self) -> np.ndarray:
        """National technical coefficients (S, S): all origins and destinations summed."""
        n_reg, n_sec = len(self.regions), len(self.sectors)
        return self.Z.reshape(n_reg, n_sec, n_reg, n_sec).sum(axis=(0, 2)) / self.x_national

    def column(self, key: str) -> int:
        return self.sectors.index(key)


def _pick(sectors: Iterable[str] | None, all_sectors: list[str]) -> list[str]:
    if sectors is None:
        if set(KEY_SECTORS_17) <= set(all_sectors):
            return list(KEY_SECTORS_17)
        if len(all_sectors) == 42 and set(KEY_SECTORS_42) <= set(all_sectors):
            return list(KEY_SECTORS_42)
        raise ValidationError(
            "name the key sectors of this table (its sectors are neither the NBS 17 nor the "
            f"NBS 42); valid: {', '.join(all_sectors)}"
        )
    picked = [str(s) for s in sectors]
    if not picked:
        raise ValidationError("give at least one key sector")
    for s in picked:
        if s not in all_sectors:
            raise unknown("sector", s, all_sectors)
    return picked


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
    t = _View.of(m)
    return _loss_per_unit(t, _pick(sectors, t.sectors), model, severity)


def _loss_per_unit(t: _View, keys: list[str], model: str, severity: float = 0.1) -> pd.Series:
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


def _price_layout():
    from hinterland.rows import Column, Layout

    return Layout(
        (
            Column("adcode", "province", empty=False),
            *(Column(f, "number", required=False, above=0.0) for f in FACTORS),
        ),
        key=("adcode",),
        extra=False,
        one_of=FACTORS,
    )


PRICE_LAYOUT = _price_layout()
"""Rows of a factor-price file (:mod:`hinterland.rows`)."""


@dataclass(frozen=True, slots=True)
class FactorPrices:
    """Provincial factor prices for the cost index (any unit; only ratios are used).

    Attributes
    ----------
    wage, electricity, land : Series or None
        By adcode. ``None`` leaves the factor out of the index (weight 0), and says so.
    labour_share : float
        Share of value added that is labour cost (an assumption, stated with the result).
    land_share : float
        Weight of the land price in the index: the share of the cost of new capacity that is
        land (an assumption; used only when ``land`` is given).
    notes : tuple of Message or str
        Where the prices came from (catalogue messages, or a user's own text), carried into the
        instance's assumptions.
    """

    wage: pd.Series | None = None
    electricity: pd.Series | None = None
    land: pd.Series | None = None
    labour_share: float = 0.5
    land_share: float = 0.1
    notes: tuple = field(default_factory=tuple)

    def __post_init__(self) -> None:
        for name in ("labour_share", "land_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValidationError(f"{name} must be in [0, 1]; got {value}")
        for name in FACTORS:
            s = getattr(self, name)
            if s is None:
                continue
            s = pd.Series(s, dtype=float)
            bad = s[~(s > 0)]
            if len(bad):
                raise ValidationError(
                    f"{name} price must be > 0 for every province given; not for "
                    f"{list(bad.index)[:5]}"
                )
            object.__setattr__(self, name, s)

    @classmethod
    def from_csv(cls, path, **options) -> FactorPrices:
        """Read provincial prices from a CSV file: ``adcode`` and any of wage, electricity, land.

        Values may be in any unit (only ratios are used); an empty cell is a missing price.
        ``options`` (``labour_share``, ``land_share``) are passed on.

        Raises
        ------
        DataError
            For a missing or unreadable file, no ``adcode`` column or no price column, an
            unknown column, a code that is not a province, a code given twice, or a value that
            is not a number above 0 (the message names the line, the column and the value).
        """
        from pathlib import Path

        from hinterland.rows import read_rows

        rows = read_rows(path, PRICE_LAYOUT)
        codes = rows.frame["adcode"].astype(int).to_numpy()
        found = {
            col: pd.Series(rows.frame[col].to_numpy(), index=codes).dropna()
            for col in FACTORS
            if col in rows.frame.columns
        }
        name = Path(path).name
        return cls(**found, notes=(msg("layout.prices.file", name=name),), **options)


def _logistics(t: _View, keys: list[str], coef: np.ndarray, dist: np.ndarray) -> pd.DataFrame:
    """Mean distance to the users of each key sector plus mean distance to its input makers."""
    n_reg, n_sec = len(t.regions), len(t.sectors)
    # absorption of product i by destination region s: intermediate + final use, all origins
    use = t.Z.reshape(n_reg, n_sec, n_reg, n_sec).sum(axis=(0, 3))  # (sector i, dest region s)
    if t.Y.shape[1] % n_reg == 0:
        use = use + t.Y.reshape(n_reg, n_sec, n_reg, -1).sum(axis=(0, 3))
    x_grid = t.grid(t.x)
    x_nat = x_grid.sum(axis=0)
    shares = x_grid / np.where(x_nat > 0, x_nat, 1.0)  # each region's share of sector output
    out = np.zeros((n_reg, len(keys)))
    for c, k in enumerate(keys):
        j = t.column(k)
        w_use = use[j] / use[j].sum() if use[j].sum() > 0 else np.full(n_reg, 1.0 / n_reg)
        mix = coef[:, j]
        # weight of each origin region in k's inputs (none when k buys no inputs)
        w_in = shares @ (mix / mix.sum()) if mix.sum() > 0 else np.zeros(n_reg)
        out[:, c] = dist @ w_use + dist @ w_in
    return pd.DataFrame(out, index=pd.Index(t.regions, name="adcode"), columns=keys)


def cost_index(
    m,
    sectors: Iterable[str] | None = None,
    prices: FactorPrices | None = None,
    *,
    electricity_sector: str | None = "auto",
    transport_sector: str | None = "auto",
    missing: str = "raise",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the factor-cost index (province x sector) and the factor weights (factor x sector).

    See the module docstring for the formula. A factor without prices (``prices.wage`` None) or
    without its sector in the table gets weight 0. ``"auto"`` finds the electricity and
    transport sectors by code (``ELEC``, ``TRAN``) or by name in ``meta["sector_names"]``
    (电力; 仓储, as in 交通运输、仓储和邮政); ``None`` leaves the factor out.
    ``missing="nan"`` gives NaN for a province whose price is missing (the factor's mean is
    taken over the provinces that have one) instead of raising.

    Raises
    ------
    ValidationError
        If prices are missing for a province that makes one of the sectors (``missing="raise"``).
    """
    if missing not in ("raise", "nan"):
        raise unknown("missing", missing, ("raise", "nan"))
    t = _View.of(m)
    keys = _pick(sectors, t.sectors)
    return _cost_index(t, keys, prices, electricity_sector, transport_sector, missing)


def _cost_index(
    t: _View,
    keys: list[str],
    prices: FactorPrices | None,
    electricity_sector: str | None = "auto",
    transport_sector: str | None = "auto",
    missing: str = "raise",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    from hinterland.atlas.geometry import capital_distances

    prices = prices or FactorPrices()
    if electricity_sector == "auto":
        electricity_sector = _find_sector(t, "electricity")
    if transport_sector == "auto":
        transport_sector = _find_sector(t, "transport")
    x_grid = t.frame(t.x, keys)
    coef = t.national_coefficients
    cols = [t.column(k) for k in keys]
    weights = {}
    rel = {}
    if prices.wage is not None:
        v_ratio = t.grid(t.v).sum(axis=0) / t.x_national
        weights["wage"] = prices.labour_share * v_ratio[cols]
        rel["wage"] = _by_province(prices.wage, "wage", x_grid, missing)
    if prices.electricity is not None and electricity_sector in t.sectors:
        weights["electricity"] = coef[t.column(electricity_sector), cols]
        rel["electricity"] = _by_province(prices.electricity, "electricity", x_grid, missing)
    if prices.land is not None:
        weights["land"] = np.full(len(cols), prices.land_share)
        rel["land"] = _by_province(prices.land, "land", x_grid, missing)
    if transport_sector in t.sectors:
        weights["logistics"] = coef[t.column(transport_sector), cols]
        dist = capital_distances().reindex(index=t.regions, columns=t.regions).to_numpy()
        rel["logistics"] = _logistics(t, keys, coef, dist)
    index = pd.DataFrame(1.0, index=x_grid.index, columns=keys)
    made = x_grid > 0
    for f, w in weights.items():
        p = rel[f]
        mean = (p * x_grid).where(made).sum() / x_grid.where(made & p.notna()).sum()
        index += (p / mean - 1.0) * w
    w_frame = pd.DataFrame(weights, index=keys).T.rename_axis("factor")
    return index, w_frame


def _find_sector(t: _View, kind: str) -> str | None:
    code, word = _SECTOR_WORDS[kind]
    if code in t.sectors:
        return code
    names = (t.table.meta or {}).get("sector_names") or {}
    hits = [str(c) for c, name in names.items() if word in str(name) and str(c) in t.sectors]
    return hits[0] if len(hits) == 1 else None


def _by_province(s: pd.Series, name: str, x_grid: pd.DataFrame, missing: str) -> pd.DataFrame:
    s = pd.Series(s, dtype=float)
    s.index = [int(a) for a in s.index]
    s = s.reindex(x_grid.index)
    needed = x_grid.sum(axis=1) > 0
    miss = [a for a in x_grid.index if needed[a] and not np.isfinite(s[a])]
    if miss and missing == "raise":
        raise ValidationError(f"{name} price is missing for province(s) {miss}")
    return pd.DataFrame({k: s for k in x_grid.columns}, index=x_grid.index)


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
    t = _View.of(m)
    keys = _pick(sectors, t.sectors)
    lam = _loss_per_unit(t, keys, loss_model)
    idx, weights = _cost_index(t, keys, prices, missing="nan")
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
        msg("layout.table.loss", model=loss_model),
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


def _energy_limit(t: _View, keys: list[str], share: float) -> tuple[pd.Series, pd.Series]:
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


def _factor_notes(prices: FactorPrices | None, weights: pd.DataFrame) -> list[Message | str]:
    prices = prices or FactorPrices()
    used = list(weights.index)
    factors = (
        Join(tuple(msg(f"layout.factor.{u}") for u in used))
        if used
        else msg("layout.cost.no_factor")
    )
    notes: list[Message | str] = [msg("layout.cost.factors", factors=factors)]
    if "wage" in used:
        notes.append(msg("layout.cost.labour_share", share=prices.labour_share))
    if "land" in used:
        notes.append(msg("layout.cost.land_share", share=prices.land_share))
    return notes + list(prices.notes)


def _gdp_population(year: int) -> tuple[pd.Series, pd.Series, int]:
    from hinterland.atlas import IndicatorTable

    tbl = IndicatorTable.default()
    years = tbl.complete_years("gdp", "population")
    if not years:
        raise DataError("the atlas has no year with GDP and population for every province")
    pick = year if year in years else max(years)
    return tbl.series("gdp", pick), tbl.series("population", pick), int(pick)


def prices_from_atlas(year: int | None = None) -> FactorPrices:
    """Return wages and an electricity price level from the atlas (where it has them).

    - wage: ``wage_urban_nonprivate``, the latest year complete for all 31 provinces (or
      ``year``);
    - electricity: ``power_price_coal_benchmark``, the NDRC coal-fired generation benchmark
      price (generation side, a proxy for the level of industrial prices; the atlas has no
      retail tariff), its latest year. It has no value for Tibet (copies conflict), so a
      table instance leaves Tibet out of the candidates and says so.

    A factor with no usable year is left out, and the notes say so.
    """
    from hinterland.atlas import IndicatorTable

    tbl = IndicatorTable.default()
    found: dict[str, pd.Series] = {}
    notes = []
    codes = (("wage", "wage_urban_nonprivate"), ("electricity", "power_price_coal_benchmark"))
    for key, code in codes:
        if code not in tbl.indicators():
            notes.append(msg("layout.prices.none", factor=msg(f"layout.factor.{key}")))
            continue
        if key == "wage":  # every province, of the year asked for if any
            years = [y for y in tbl.complete_years(code) if year in (None, y)]
        else:  # a price level: the latest year, provinces without a value stay out
            years = tbl.years(code)
        if not years:
            notes.append(msg("layout.prices.incomplete", factor=msg(f"layout.factor.{key}")))
            continue
        y = max(years)
        found[key] = tbl.series(code, y).dropna()
        notes.append(msg(f"layout.prices.{key}", code=code, year=y))
    return FactorPrices(**found, notes=tuple(notes))
