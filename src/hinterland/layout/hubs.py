r"""Siting computing hubs ("East Data, West Computing", 东数西算) as a p-median problem.

The eight national computing hub nodes (国家算力枢纽节点, 2022) are read as candidate sites of a
facility-location problem: which :math:`p` of them serve the provinces' demand for computing at
the least demand-weighted distance (or latency), and which province each one serves.

The p-median MILP and its HiGHS solve (:func:`p_median`, :class:`PMedianSolution`) are in
:mod:`hinterland.layout.pmedian`; the labelled p-median with its operating terms (electricity
price, renewable share: :func:`p_median_frame`, :class:`SitingResult`) in
:mod:`hinterland.layout.siting`; the per-site operating data (a user's file or the atlas:
:func:`read_site_data`, :func:`atlas_site_data`) in :mod:`hinterland.layout.site_data`. All are
re-exported here. This module holds the atlas instance: demand points are the provincial
capitals, candidate sites one city per hub node (or all 31 capitals), weights a demand proxy
(GDP or population of the province), and :func:`site_hubs` solves it.

Costs (:func:`siting_costs`): ``"km"`` is the geodesic distance on the WGS-84 ellipsoid
between provincial capitals (:func:`hinterland.atlas.geometry.great_circle_km`), a lower bound on
the length of any fibre route; ``"latency"`` is a round-trip propagation-delay proxy in ms,
:math:`2\,d_{ij} / (200\ \text{km/ms})`, light travelling about 200 km per ms in optical fibre
(refractive index about 1.5). It ignores routing detours, switching and queueing, and is
proportional to ``"km"``, so both choose the same sites; only the reported numbers differ.

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

from typing import Literal

import pandas as pd

from hinterland.errors import ValidationError, unknown
from hinterland.layout.pmedian import IntArray as IntArray  # kept importable from here
from hinterland.layout.pmedian import PMedianSolution, p_median
from hinterland.layout.site_data import ATLAS_SITE_DATA as ATLAS_SITE_DATA
from hinterland.layout.site_data import SITE_COLUMNS as SITE_COLUMNS
from hinterland.layout.site_data import SITE_LAYOUT as SITE_LAYOUT
from hinterland.layout.site_data import SITE_LAYOUT_ALL as SITE_LAYOUT_ALL
from hinterland.layout.site_data import atlas_site_data as atlas_site_data
from hinterland.layout.site_data import read_site_data as read_site_data
from hinterland.layout.siting import SitingResult, p_median_frame

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

FIBRE_KM_PER_MS = 200.0
"""Distance light travels in optical fibre per millisecond (km), one way."""

MUNICIPALITIES = (110000, 120000, 310000, 500000)
"""The four municipalities: the atlas point of the "capital" is the city itself."""

CANDIDATES = ("hubs", "all")
COSTS = ("km", "latency")
WEIGHTS = ("gdp", "population")


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
