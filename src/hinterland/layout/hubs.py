r"""Siting computing hubs ("East Data, West Computing", 东数西算) as a p-median problem.

The eight national computing hub nodes (国家算力枢纽节点, 2022) are read as candidate sites of a
facility-location problem: which :math:`p` of them serve the provinces' demand for computing at
the least demand-weighted distance (or latency), and which province each one serves.

The p-median MILP and its HiGHS solve (:func:`p_median`, :class:`PMedianSolution`) are in
:mod:`hinterland.layout.pmedian` and re-exported here; this module adds the labels
(:func:`p_median_frame`, :class:`SitingResult`), the operating terms and the atlas data:
demand points are the provincial capitals, candidate sites one city per hub node (or all 31
capitals), weights a demand proxy (GDP or population of the province).

Costs (:func:`siting_costs`): ``"km"`` is the geodesic distance on the WGS-84 ellipsoid
between provincial capitals (:func:`hinterland.atlas.geometry.great_circle_km`), a lower bound on
the length of any fibre route; ``"latency"`` is a round-trip propagation-delay proxy in ms,
:math:`2\,d_{ij} / (200\ \text{km/ms})`, light travelling about 200 km per ms in optical fibre
(refractive index about 1.5). It ignores routing detours, switching and queueing, and is
proportional to ``"km"``, so both choose the same sites; only the reported numbers differ.

Operating terms (:func:`p_median_frame`, :func:`site_hubs`): with a per-site electricity price
:math:`\pi_j` (yuan/kWh) and renewable share :math:`\rho_j \in [0, 1]`, both given by the user,
the objective becomes

.. math::

    \sum_{i,j} w_i d_{ij} x_{ij}
    + \alpha_1 \sum_j \pi_j L_j - \alpha_2 \sum_j \rho_j y_j, \qquad
    L_j = \sum_i w_i x_{ij},

that is :math:`c_{ij} = d_{ij} + \alpha_1 \pi_j` and :math:`f_j = -\alpha_2 \rho_j` in the
MILP of :mod:`~hinterland.layout.pmedian`: a linear trade-off in which electricity is paid per
unit of demand served (the load :math:`L_j`, in the weight's unit) and a greener site earns a
fixed bonus when it is chosen. :math:`\alpha_1`
is in cost units (km or ms) per yuan/kWh, :math:`\alpha_2` in objective units (weight x cost)
per unit of renewable share; both are the user's valuation, not estimates. The package ships no
electricity-price or renewable-share data: both parameters are ``None`` by default and the result
lists in ``terms`` which terms entered the objective, with their weights.

Representative city of a hub (:func:`hub_sites`): the city of one of the hub's data-centre
clusters when the atlas holds its coordinates, else the capital of the hub's first-listed
province. The atlas holds coordinates only for provincial capitals, so a cluster qualifies when it
lies in a capital (prefecture code ``xx0100``, GB/T 2260) or in a municipality. This gives
Hohhot (和林格尔集群, in 呼和浩特市), Guiyang (贵安集群, 贵阳/安顺), Shanghai
(示范区集群, 青浦区) and Chongqing (重庆集群) from clusters, and Beijing, Guangzhou, Lanzhou
and Yinchuan as capitals (the Zhangjiakou, Shaoguan, Qingyang and Zhongwei clusters have no
coordinates in the atlas).

References
----------
Daskin, M. S. (2013). *Network and Discrete Location: Models, Algorithms, and Applications*
(2nd ed.). Wiley, ch. 6.

国家发展改革委 等 (2022). 关于同意京津冀等地区启动建设全国一体化算力网络国家枢纽节点的复函.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from hinterland.errors import DataError, ValidationError, unknown
from hinterland.layout.pmedian import IntArray as IntArray  # kept importable from here
from hinterland.layout.pmedian import PMedianSolution, p_median

__all__ = [
    "FIBRE_KM_PER_MS",
    "MUNICIPALITIES",
    "PMedianSolution",
    "SitingResult",
    "demand_weights",
    "hub_sites",
    "p_median",
    "p_median_frame",
    "site_hubs",
    "siting_costs",
]

FloatArray = NDArray[np.float64]

FIBRE_KM_PER_MS = 200.0
"""Distance light travels in optical fibre per millisecond (km), one way."""

MUNICIPALITIES = (110000, 120000, 310000, 500000)
"""The four municipalities: the atlas point of the "capital" is the city itself."""

CANDIDATES = ("hubs", "all")
COSTS = ("km", "latency")
WEIGHTS = ("gdp", "population")


# ----------------------------------------------------------------------------- labelled layer


@dataclass(frozen=True, slots=True)
class SitingResult:
    r"""Chosen sites and the assignment of demand points to them, labelled.

    Attributes
    ----------
    sites : Index
        Labels of the chosen sites, in candidate order (name ``site``).
    assignment : Series
        Site serving each demand point (index ``adcode`` for provinces).
    distance : Series
        Distance (or latency) from each demand point to its site, in ``unit``.
    weights : Series
        Demand weight of each demand point.
    objective : float
        Value of the objective minimised, operating terms included.
    weighted_distance : float
        :math:`\sum_i w_i d_{i, a(i)}`, the distance part of the objective.
    mean_distance : float
        Demand-weighted mean distance, ``weighted_distance / sum(weights)``.
    max_distance : float
        Largest distance from a demand point of positive weight to its site.
    unit : str
        Unit of the distances (``"km"``, ``"ms"`` round trip, or the caller's).
    terms : dict
        Terms of the objective and their weights: ``distance`` (1.0) always,
        ``electricity_price`` (:math:`\alpha_1`) and ``renewable_share`` (:math:`\alpha_2`)
        when their data were given.
    status, gap, seconds
        HiGHS model status, relative MIP gap and wall time (s).
    """

    sites: pd.Index
    assignment: pd.Series
    distance: pd.Series
    weights: pd.Series
    objective: float
    weighted_distance: float
    mean_distance: float
    max_distance: float
    unit: str
    terms: dict[str, float] = field(default_factory=lambda: {"distance": 1.0})
    status: str = ""
    gap: float = 0.0
    seconds: float = 0.0

    def __post_init__(self) -> None:
        if not self.assignment.index.equals(self.distance.index) or not (
            self.assignment.index.equals(self.weights.index)
        ):
            raise ValidationError("assignment, distance and weights must share one index")
        stray = set(self.assignment) - set(self.sites)
        if stray:
            raise ValidationError(f"assignment uses sites {sorted(map(str, stray))} not chosen")

    @property
    def p(self) -> int:
        """Number of sites chosen."""
        return len(self.sites)

    def load(self) -> pd.Series:
        """Return the demand weight each chosen site serves (index ``site``)."""
        out = self.weights.groupby(self.assignment).sum().reindex(self.sites, fill_value=0.0)
        return out.rename("load").rename_axis("site")

    def to_frame(self) -> pd.DataFrame:
        """Return one row per demand point: ``site``, ``distance``, ``weight``, ``weighted``."""
        return pd.DataFrame(
            {
                "site": self.assignment,
                "distance": self.distance,
                "weight": self.weights,
                "weighted": self.weights * self.distance,
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary (sites, assignment, objective, statistics, solver)."""
        return {
            "p": self.p,
            "sites": [_plain(s) for s in self.sites],
            "assignment": {str(k): _plain(v) for k, v in self.assignment.items()},
            "objective": self.objective,
            "weighted_distance": self.weighted_distance,
            "mean_distance": self.mean_distance,
            "max_distance": self.max_distance,
            "unit": self.unit,
            "terms": dict(self.terms),
            "status": self.status,
            "gap": self.gap,
            "seconds": self.seconds,
        }


def _plain(v: object) -> object:
    return v.item() if isinstance(v, np.generic) else v


def _alphas(alpha: float | tuple[float, float]) -> tuple[float, float]:
    """Return ``(alpha_1, alpha_2)`` from a scalar (used for both) or a pair."""
    pair = (alpha, alpha) if np.isscalar(alpha) else tuple(alpha)  # type: ignore[arg-type]
    if len(pair) != 2:
        raise ValidationError(f"alpha must be a number or a pair (alpha_1, alpha_2); got {alpha!r}")
    try:
        a1, a2 = (float(a) for a in pair)
    except (TypeError, ValueError):
        raise ValidationError(f"alpha must be numeric; got {alpha!r}") from None
    if not (math.isfinite(a1) and math.isfinite(a2) and a1 >= 0 and a2 >= 0):
        raise ValidationError(f"alpha must be finite and >= 0; got {alpha!r}")
    return a1, a2


def _per_site(
    values: pd.Series | Mapping | None, name: str, sites: pd.Index, upper: float | None
) -> FloatArray | None:
    """Align a user's per-site Series on the candidate sites and check its values."""
    if values is None:
        return None
    s = pd.Series(values, dtype=object)
    missing = [k for k in sites if k not in s.index]
    extra = [k for k in s.index if k not in set(sites)]
    if missing or extra:
        raise ValidationError(
            f"{name} must have one value per candidate site {list(sites)}; "
            f"missing {missing}, unknown {extra}"
        )
    v = pd.to_numeric(s.reindex(sites), errors="coerce").to_numpy(dtype=float)
    hi = math.inf if upper is None else upper
    bad = ~np.isfinite(v) | (v < 0) | (v > hi)
    if bad.any():
        k = sites[int(np.argmax(bad))]
        rng = ">= 0" if upper is None else f"between 0 and {upper:g}"
        raise ValidationError(f"{name}[{k!r}] = {s[k]!r}; expected a number {rng}")
    return v


def p_median_frame(
    distance: pd.DataFrame,
    weights: pd.Series,
    p: int,
    *,
    electricity_price: pd.Series | None = None,
    renewable_share: pd.Series | None = None,
    alpha: float | tuple[float, float] = 0.0,
    unit: str = "",
    time_limit: float | None = None,
    mip_rel_gap: float = 0.0,
) -> SitingResult:
    r"""Solve a labelled p-median, with optional operating terms (see the module docstring).

    Parameters
    ----------
    distance : DataFrame
        :math:`d_{ij}`, demand points (rows) x candidate sites (columns).
    weights : Series
        :math:`w_i \ge 0`, indexed like ``distance.index`` (any order).
    p : int
        Number of sites, between 1 and the number of columns.
    electricity_price : Series, optional
        :math:`\pi_j` in yuan/kWh, indexed by the candidate sites (all of them).
    renewable_share : Series, optional
        :math:`\rho_j \in [0, 1]`, indexed by the candidate sites.
    alpha : float or (float, float), default 0.0
        :math:`(\alpha_1, \alpha_2)`; a number is used for both. Must be >= 0.
    unit : str
        Unit of ``distance``, carried to the result.
    time_limit, mip_rel_gap
        Passed to :func:`p_median`.

    Returns
    -------
    SitingResult

    Raises
    ------
    ValidationError
        If the labels do not match, the per-site data are out of range, ``alpha`` is not zero
        though no operating data were given, or the instance fails :func:`p_median`'s checks.
    """
    if not isinstance(distance, pd.DataFrame):
        raise ValidationError(f"distance must be a DataFrame; received {type(distance).__name__}")
    if not isinstance(weights, pd.Series):
        raise ValidationError(f"weights must be a Series; received {type(weights).__name__}")
    rows, sites = distance.index, pd.Index(distance.columns, name="site")
    if rows.has_duplicates or sites.has_duplicates:
        raise ValidationError("distance has duplicate row or column labels")
    missing = [k for k in rows if k not in weights.index]
    extra = [k for k in weights.index if k not in set(rows)]
    if missing or extra:
        raise ValidationError(
            f"weights must have one value per row of distance; missing {missing}, unknown {extra}"
        )
    w = pd.to_numeric(weights.reindex(rows), errors="coerce")
    if w.isna().any():
        raise ValidationError(
            f"weights are missing or not numeric for {list(rows[w.isna().to_numpy()])}"
        )
    if (w < 0).any():
        k = rows[int(np.argmax((w < 0).to_numpy()))]
        raise ValidationError(f"weights[{k!r}] = {w[k]}; every weight must be >= 0")
    try:
        d = distance.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ValidationError("distance must hold numbers only") from None
    bad = ~np.isfinite(d)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ValidationError(
            f"distance[{rows[i]!r}, {sites[j]!r}] is {d[i, j]}; every distance must be finite"
        )
    a1, a2 = _alphas(alpha)
    price = _per_site(electricity_price, "electricity_price", sites, None)
    green = _per_site(renewable_share, "renewable_share", sites, 1.0)
    if price is None and green is None and (a1 or a2):
        raise ValidationError(
            f"alpha = {alpha!r} has no effect without electricity_price or renewable_share; the "
            "package ships no electricity-price or renewable data, pass them as Series"
        )
    terms = {"distance": 1.0}
    for key, data, a in (("electricity_price", price, a1), ("renewable_share", green, a2)):
        if data is not None:
            terms[key] = a
            if a == 0:
                warnings.warn(
                    f"{key} was given but its alpha is 0, so it does not enter the objective",
                    UserWarning,
                    stacklevel=2,
                )
    c = d if price is None else d + a1 * price[None, :]
    f = None if green is None else -a2 * green
    sol = p_median(c, w.to_numpy(), p, site_cost=f, time_limit=time_limit, mip_rel_gap=mip_rel_gap)

    wv = w.to_numpy(dtype=float)
    dist = d[np.arange(len(rows)), sol.assignment]
    weighted = float(wv @ dist)
    return SitingResult(
        sites=sites[sol.sites],
        assignment=pd.Series(sites[sol.assignment], index=rows, name="site"),
        distance=pd.Series(dist, index=rows, name="distance"),
        weights=pd.Series(wv, index=rows, name="weight"),
        objective=sol.objective,
        weighted_distance=weighted,
        mean_distance=weighted / float(wv.sum()),
        max_distance=float(dist[wv > 0].max()),
        unit=unit,
        terms=terms,
        status=sol.status,
        gap=sol.gap,
        seconds=sol.seconds,
    )


# ------------------------------------------------------------------------------- atlas layer


def hub_sites() -> pd.DataFrame:
    """Return the representative city of each of the eight computing hub nodes.

    Index ``hub`` (codes of the ``computing_hubs`` grouping, in file order). Columns:
    ``label_zh, label_en, side`` (east/west), ``adcode`` (province whose capital is the point),
    ``city_zh, city_en, lon, lat`` and ``basis``: ``"cluster <code>"`` when a data-centre
    cluster lies in that city, ``"capital"`` when the capital of the hub's first-listed province
    stands in (the rule is in the module docstring).
    """
    from hinterland.atlas import grouping, regions

    g = grouping("computing_hubs")
    reg = regions()
    clusters = g.attributes.get("data_centre_clusters") or {}
    sides = g.attributes.get("hub_side") or {}
    rows = []
    for hub in g.groups:
        code, basis = hub.adcodes[0], "capital"
        for name, spec in clusters.items():
            if spec.get("hub") != hub.code:
                continue
            hit = [
                int(prov)
                for prov, prefs in (spec.get("prefectures") or {}).items()
                if (int(prov) in MUNICIPALITIES and int(prov) in reg.index)
                or int(prov) + 100 in [int(x) for x in prefs or []]
            ]
            if hit:
                code, basis = hit[0], f"cluster {name}"
                break
        r = reg.loc[code]
        rows.append(
            {
                "hub": hub.code,
                "label_zh": hub.label_zh,
                "label_en": hub.label_en,
                "side": sides.get(hub.code, ""),
                "adcode": int(code),
                "city_zh": r["capital_zh"],
                "city_en": r["capital_en"],
                "lon": float(r["capital_lon"]),
                "lat": float(r["capital_lat"]),
                "basis": basis,
            }
        )
    return pd.DataFrame(rows).set_index("hub")


def siting_costs(
    candidates: Literal["hubs", "all"] = "hubs", cost: Literal["km", "latency"] = "km"
) -> pd.DataFrame:
    """Return the cost from each provincial capital (rows, ``adcode``) to each candidate site.

    Parameters
    ----------
    candidates : {"hubs", "all"}, default "hubs"
        ``"hubs"``: the eight hub cities of :func:`hub_sites` (columns are hub codes);
        ``"all"``: the 31 capitals (columns are adcodes).
    cost : {"km", "latency"}, default "km"
        Geodesic km, or round-trip ms :math:`2 d / 200` (see the module docstring).
    """
    from hinterland.atlas import regions
    from hinterland.atlas.geometry import great_circle_km

    if candidates not in CANDIDATES:
        raise unknown("candidates", candidates, CANDIDATES)
    if cost not in COSTS:
        raise unknown("cost", cost, COSTS)
    reg = regions()
    if candidates == "hubs":
        sites = hub_sites()
        lon, lat = sites["lon"].to_numpy(), sites["lat"].to_numpy()
        cols = pd.Index(sites.index, name="site")
    else:
        lon, lat = reg["capital_lon"].to_numpy(), reg["capital_lat"].to_numpy()
        cols = pd.Index(reg.index, name="site")
    d = great_circle_km(
        reg["capital_lon"].to_numpy()[:, None], reg["capital_lat"].to_numpy()[:, None], lon, lat
    )
    if cost == "latency":
        d = 2.0 * d / FIBRE_KM_PER_MS
    return pd.DataFrame(d, index=pd.Index(reg.index, name="adcode"), columns=cols)


def demand_weights(weight: str | pd.Series = "gdp", year: int = 2023) -> pd.Series:
    """Return the demand proxy of each province (index ``adcode``, 31 rows).

    ``"gdp"`` (亿元) or ``"population"`` (万人, year-end) of ``year`` from the atlas panel, or a
    user Series indexed by adcode or province name (``year`` is then ignored). Raises
    :class:`ValidationError` naming the provinces whose value is missing.
    """
    from hinterland.atlas import IndicatorTable, adcodes, resolve

    if isinstance(weight, pd.Series):
        try:
            s = weight.copy()
            s.index = [resolve(k) for k in s.index]
        except ValidationError as exc:
            raise ValidationError(f"weight Series index: {exc}") from None
        if s.index.has_duplicates:
            raise ValidationError("weight Series names a province twice")
        s = pd.to_numeric(s, errors="coerce")
    elif weight in WEIGHTS:
        s = IndicatorTable.default().series(str(weight), int(year))
    else:
        raise unknown("weight", weight, WEIGHTS)
    s = s.reindex(pd.Index(adcodes(), name="adcode")).astype(float)
    if s.isna().any():
        raise ValidationError(
            f"weight has no value for province(s) {list(s.index[s.isna()])}; give every one of "
            "the 31 provinces a number (0 to leave one out)"
        )
    return s.rename("weight")


SITE_COLUMNS = ("site", "electricity_price", "renewable_share")


def _site_layout(site_kind: str):
    from hinterland.rows import Column, Layout

    return Layout(
        (
            Column("site", site_kind, empty=False),  # type: ignore[arg-type]
            Column("electricity_price", "number", required=False, low=0.0),
            Column("renewable_share", "number", required=False, low=0.0, high=1.0),
        ),
        key=("site",),
        extra=False,
        one_of=SITE_COLUMNS[1:],
    )


SITE_LAYOUT = _site_layout("text")
"""Rows of a site-data file for the hub candidates (:mod:`hinterland.rows`)."""
SITE_LAYOUT_ALL = _site_layout("adcode")
"""Rows of a site-data file for all provincial capitals: sites are adcodes."""


def read_site_data(
    path: str | Path, candidates: Literal["hubs", "all"] = "hubs"
) -> tuple[pd.Series | None, pd.Series | None]:
    """Read the user's per-site electricity price and renewable share from a CSV file.

    The file has a ``site`` column (hub codes such as ``guizhou`` for ``"hubs"``, adcodes for
    ``"all"``) and one or both of ``electricity_price`` (yuan/kWh) and ``renewable_share``
    (0..1). Every candidate site needs a row; values are checked by :func:`site_hubs`.

    Returns
    -------
    (electricity_price, renewable_share) : Series or None each, indexed by site

    Raises
    ------
    DataError
        For a missing or unreadable file, a missing ``site`` column, neither value column,
        an unknown column, a site given twice or not an adcode (``"all"``), a value that is not
        a number or out of bounds; the message names the line, the column and the value.
    """
    from hinterland.rows import read_rows

    layout = SITE_LAYOUT_ALL if candidates == "all" else SITE_LAYOUT
    rows = read_rows(path, layout)
    sites = rows.frame["site"]
    if candidates == "all":
        sites = sites.astype(int)
    out = []
    for col in SITE_COLUMNS[1:]:
        if col in rows.frame.columns:
            out.append(pd.Series(rows.frame[col].to_numpy(), index=sites.to_numpy(), name=col))
        else:
            out.append(None)
    return out[0], out[1]


ATLAS_SITE_DATA = {
    "electricity_price": "power_price_coal_benchmark",
    "renewable_share": "renewable_share_consumption",
}
"""Atlas indicators behind :func:`atlas_site_data`."""


def atlas_site_data(
    candidates: Literal["hubs", "all"] = "hubs",
) -> tuple[pd.Series, pd.Series, tuple]:
    """Per-site electricity price and renewable share from the atlas, with what they are.

    What they are: a tuple of catalogue messages (:mod:`hinterland.messages`).

    - electricity price: ``power_price_coal_benchmark`` (yuan/kWh), the NDRC coal-fired
      generation benchmark price, generation side: a proxy for the price level a data centre
      pays, not its tariff;
    - renewable share: ``renewable_share_consumption`` (latest year complete), the NEA's share of
      renewable electricity in the province's consumption, divided by 100 (a 0..1 share).

    A hub takes the values of the province of its representative city (:func:`hub_sites`), so
    the Beijing-Tianjin-Hebei hub is priced at Beijing's, not at Zhangjiakou's (Hebei) figures.

    Raises
    ------
    DataError
        If a candidate site has no value (the atlas has no benchmark price for Tibet, so
        ``"all"`` fails); the message names the sites.
    """
    from hinterland.atlas import IndicatorTable, adcodes

    tbl = IndicatorTable.default()
    price_code, green_code = ATLAS_SITE_DATA.values()
    price_years = tbl.years(price_code)
    green_years = tbl.complete_years(green_code)
    if not price_years or not green_years:
        raise DataError(f"the atlas has no {price_code} or no complete year of {green_code}")
    price_year, green_year = int(max(price_years)), int(max(green_years))
    price = tbl.series(price_code, price_year)
    green = tbl.series(green_code, green_year) / 100.0
    if candidates == "hubs":
        where = hub_sites()["adcode"]
    elif candidates == "all":
        where = pd.Series(list(adcodes()), index=list(adcodes()))
    else:
        raise unknown("candidates", candidates, ("hubs", "all"))
    p = pd.Series(price.reindex(where.to_numpy()).to_numpy(), index=where.index)
    g = pd.Series(green.reindex(where.to_numpy()).to_numpy(), index=where.index)
    gaps = [str(k) for k in where.index if not (np.isfinite(p[k]) and np.isfinite(g[k]))]
    if gaps:
        raise DataError(
            f"the atlas has no {price_code} or {green_code} for site(s) {', '.join(gaps)}; "
            "pass your own site data"
        )
    from hinterland.messages import Indicator, msg

    notes = (
        msg("hubs.site.price", code=Indicator(price_code), year=price_year),
        msg("hubs.site.green", code=Indicator(green_code), year=green_year),
        msg("hubs.site.city"),
    )
    return p.rename("electricity_price"), g.rename("renewable_share"), notes


def site_hubs(
    p: int,
    candidates: Literal["hubs", "all"] = "hubs",
    weight: str | pd.Series = "gdp",
    year: int = 2023,
    *,
    cost: Literal["km", "latency"] = "km",
    electricity_price: pd.Series | None = None,
    renewable_share: pd.Series | None = None,
    alpha: float | tuple[float, float] = 0.0,
    time_limit: float | None = None,
) -> SitingResult:
    r"""Choose ``p`` computing-hub sites serving the 31 provinces at least weighted distance.

    Parameters
    ----------
    p : int
        Number of sites, 1..8 for ``"hubs"`` and 1..31 for ``"all"``.
    candidates : {"hubs", "all"}, default "hubs"
        The eight hub cities (:func:`hub_sites`) or all 31 provincial capitals.
    weight : {"gdp", "population"} or Series, default "gdp"
        Demand proxy (:func:`demand_weights`).
    year : int, default 2023
        Year of the atlas indicator.
    cost : {"km", "latency"}, default "km"
        Geodesic km or round-trip ms (:func:`siting_costs`).
    electricity_price, renewable_share : Series, optional
        Per-candidate yuan/kWh and renewable share (0..1), indexed by hub code (``"hubs"``) or
        adcode (``"all"``). The package ships no such data; ``None`` leaves the term out.
    alpha : float or (float, float), default 0.0
        Weights :math:`(\alpha_1, \alpha_2)` of the operating terms.
    time_limit : float, optional
        Seconds HiGHS may run.

    Returns
    -------
    SitingResult
        Sites labelled by hub code or adcode; demand points by adcode.

    Examples
    --------
    Two hubs serving GDP at least distance: Shanghai and Guiyang.

    >>> site_hubs(2).sites.tolist()
    ['yangtze_delta', 'guizhou']
    """
    d = siting_costs(candidates, cost)
    w = demand_weights(weight, year)
    return p_median_frame(
        d,
        w,
        p,
        electricity_price=electricity_price,
        renewable_share=renewable_share,
        alpha=alpha,
        unit="km" if cost == "km" else "ms",
        time_limit=time_limit,
    )
