r"""Backup placement: the factor-cost index of backup capacity, one index for every instance.

The unit cost of backup capacity of sector :math:`k` in province :math:`r` is a capital cost
per unit times a factor-cost index (:func:`factor_index`, the kernel):

.. math::

    c_{rk} = \kappa \Bigl(1 + \sum_f w_{fk} \bigl(p_{rf} / \bar p_{fk} - 1\bigr)\Bigr),

where :math:`\bar p_{fk}` is the output-weighted mean price over the provinces that make
:math:`k` and have a price (so the average producer has index 1). :func:`cost_index` takes
the weights from an MRIO table (labour, electricity, logistics, land: see
:mod:`hinterland.layout.from_table`); the illustrative atlas instance
(:mod:`hinterland.layout.default`) uses the same kernel with labour alone. Provincial prices
come in a :class:`FactorPrices` (from a user's CSV file, or :func:`prices_from_atlas`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hinterland.errors import ValidationError, unknown
from hinterland.layout._view import TableView, pick_sectors
from hinterland.messages import Indicator, Join, Message, msg

__all__ = [
    "FACTORS",
    "PRICE_LAYOUT",
    "FactorPrices",
    "cost_index",
    "factor_index",
    "prices_from_atlas",
    "table_cost_index",
]

_SECTOR_WORDS = {"electricity": ("ELEC", "电力"), "transport": ("TRAN", "仓储")}
FACTORS = ("wage", "electricity", "land")
"""Provincial prices a :class:`FactorPrices` may hold (columns of :meth:`FactorPrices.from_csv`)."""


def factor_index(
    relative: Mapping[str, np.ndarray], weights: Mapping[str, np.ndarray], output: np.ndarray
) -> np.ndarray:
    r"""The factor-cost index :math:`1 + \sum_f w_{fk} (p_{rfk} / ar p_{fk} - 1)` (kernel).

    Parameters
    ----------
    relative : mapping factor -> ndarray, shape (R, K) or (R, 1)
        Prices (any unit; only ratios matter), NaN where missing.
    weights : mapping factor -> ndarray, shape (K,) or scalar
        Weight of each factor in each sector's cost.
    output : ndarray, shape (R, K)
        Output by region and sector: the weights of the mean price :math:`ar p_{fk}`, taken
        over the regions with output > 0 and a finite price.

    Returns
    -------
    ndarray, shape (R, K)
        NaN where a price of a weighted factor is missing.
    """
    output = np.asarray(output, dtype=float)
    index = np.ones_like(output)
    made = output > 0
    for f, w in weights.items():
        p = np.broadcast_to(np.asarray(relative[f], dtype=float), output.shape)
        use = made & np.isfinite(p)
        mean = np.where(use, p * output, 0.0).sum(axis=0) / np.where(use, output, 0.0).sum(axis=0)
        index = index + (p / mean - 1.0) * np.asarray(w, dtype=float)
    return index


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


def _logistics(t: TableView, keys: list[str], coef: np.ndarray, dist: np.ndarray) -> pd.DataFrame:
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
    t = TableView.of(m)
    keys = pick_sectors(sectors, t.sectors)
    return table_cost_index(t, keys, prices, electricity_sector, transport_sector, missing)


def table_cost_index(
    t: TableView,
    keys: list[str],
    prices: FactorPrices | None,
    electricity_sector: str | None = "auto",
    transport_sector: str | None = "auto",
    missing: str = "raise",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`cost_index` on a table already read (``t``) and key sectors already checked."""
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
    index = pd.DataFrame(
        factor_index({f: p.to_numpy() for f, p in rel.items()}, weights, x_grid.to_numpy()),
        index=x_grid.index,
        columns=keys,
    )
    w_frame = pd.DataFrame(weights, index=keys).T.rename_axis("factor")
    return index, w_frame


def _find_sector(t: TableView, kind: str) -> str | None:
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
        notes.append(msg(f"layout.prices.{key}", code=Indicator(code), year=y))
    return FactorPrices(**found, notes=tuple(notes))
