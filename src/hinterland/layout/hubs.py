r"""Siting computing hubs ("East Data, West Computing", 东数西算) as a p-median problem.

The eight national computing hub nodes (国家算力枢纽节点, 2022) are read as candidate sites of a
facility-location problem: which :math:`p` of them serve the provinces' demand for computing at
the least demand-weighted distance (or latency), and which province each one serves.

Sets: demand points :math:`i = 1..n` (the provincial capitals), candidate sites
:math:`j = 1..m` (by default one city per hub node, or all 31 capitals). Data: weight
:math:`w_i \ge 0` (a demand proxy: GDP or population of province :math:`i`), cost
:math:`c_{ij}` (distance or latency from :math:`i` to :math:`j`, plus any per-unit operating
cost of :math:`j`), fixed site term :math:`f_j` (zero in the plain p-median), number of sites
:math:`p`. Variables: :math:`y_j = 1` if site :math:`j` is chosen, :math:`x_{ij}` the share of
:math:`i`'s demand served by :math:`j`.

.. math::

    \min_{x, y} \quad & \sum_{i=1}^{n} \sum_{j=1}^{m} w_i c_{ij} x_{ij}
                        + \sum_{j=1}^{m} f_j y_j \\
    \text{s.t.} \quad
    & \sum_{j=1}^{m} x_{ij} = 1 \qquad \forall i, \\
    & x_{ij} \le y_j \qquad \forall i, j, \\
    & \sum_{j=1}^{m} y_j = p, \\
    & 0 \le x_{ij} \le 1, \qquad y_j \in \{0, 1\}.

This is the "strong" formulation of ReVelle & Swain (1970) (one linking row per pair rather than
:math:`\sum_i x_{ij} \le n y_j`), whose LP relaxation is tight on most instances. Only :math:`y`
is declared integer: for fixed :math:`y` an optimal :math:`x` sends every demand point wholly to
its cheapest chosen site, so the assignment reported is that site (the first in candidate order
on ties), and the objective is recomputed from it. The model is built with :mod:`scipy.sparse`
and solved by HiGHS (``highspy``) to a relative gap of 0 by default.

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

that is :math:`c_{ij} = d_{ij} + \alpha_1 \pi_j` and :math:`f_j = -\alpha_2 \rho_j` above: a
linear trade-off in which electricity is paid per unit of demand served (the load :math:`L_j`,
in the weight's unit) and a greener site earns a fixed bonus when it is chosen. :math:`\alpha_1`
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
Hakimi, S. L. (1964). Optimum locations of switching centers and the absolute centers and medians
of a graph. *Operations Research*, 12(3), 450-459.

ReVelle, C. S., & Swain, R. W. (1970). Central facilities location. *Geographical Analysis*,
2(1), 30-42.

Daskin, M. S. (2013). *Network and Discrete Location: Models, Algorithms, and Applications*
(2nd ed.). Wiley, ch. 6.

国家发展改革委 等 (2022). 关于同意京津冀等地区启动建设全国一体化算力网络国家枢纽节点的复函.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

from hinterland._highs import quiet_highs
from hinterland.errors import SolverError, ValidationError, unknown

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
IntArray = NDArray[np.int64]

FIBRE_KM_PER_MS = 200.0
"""Distance light travels in optical fibre per millisecond (km), one way."""

MUNICIPALITIES = (110000, 120000, 310000, 500000)
"""The four municipalities: the atlas point of the "capital" is the city itself."""

CANDIDATES = ("hubs", "all")
COSTS = ("km", "latency")
WEIGHTS = ("gdp", "population")

# ------------------------------------------------------------------------------- numpy kernel


@dataclass(frozen=True, slots=True)
class PMedianSolution:
    r"""Solution of :func:`p_median` (positions, not labels).

    Attributes
    ----------
    sites : ndarray of int, shape (p,)
        Column indices of the chosen sites, ascending.
    assignment : ndarray of int, shape (n,)
        Column index of the site serving each demand point (its cheapest chosen site).
    objective : float
        :math:`\sum_i w_i c_{i, a(i)} + \sum_{j \in S} f_j` for that assignment.
    status : str
        HiGHS model status (``"Optimal"`` when solved to the requested gap).
    gap : float
        Relative MIP gap HiGHS reports, (objective - bound) / objective; 0 when proven optimal,
        up to ``mip_rel_gap`` otherwise.
    seconds : float
        Wall time of the HiGHS run.
    """

    sites: IntArray
    assignment: IntArray
    objective: float
    status: str
    gap: float
    seconds: float


def _check_problem(
    cost_matrix: ArrayLike,
    weights: ArrayLike,
    p: int,
    site_cost: ArrayLike | None,
) -> tuple[FloatArray, FloatArray, int, FloatArray]:
    """Validate a p-median instance before any solve; return arrays and ``p``."""
    try:
        c = np.asarray(cost_matrix, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"cost_matrix must be numeric ({exc})") from None
    if c.ndim != 2 or 0 in c.shape:
        raise ValidationError(
            "cost_matrix must be a non-empty 2-D array (demand points x candidate sites); "
            f"received shape {c.shape}"
        )
    bad = ~np.isfinite(c)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ValidationError(
            f"cost_matrix[{i}, {j}] is {c[i, j]}; {int(bad.sum())} entr"
            f"{'y is' if bad.sum() == 1 else 'ies are'} not finite (no NaN or inf allowed)"
        )
    n, m = c.shape
    try:
        w = np.asarray(weights, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"weights must be numeric ({exc})") from None
    if w.shape != (n,):
        raise ValidationError(
            f"weights must have shape ({n},), one per row of cost_matrix; received {w.shape}"
        )
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValidationError(f"weights[{i}] = {w[i]}; every weight must be finite and >= 0")
    if not w.sum() > 0:
        raise ValidationError("weights are all zero; at least one demand point must weigh > 0")
    if isinstance(p, bool) or not isinstance(p, int | np.integer):
        raise ValidationError(f"p must be an integer number of sites; received {p!r}")
    if not 1 <= p <= m:
        raise ValidationError(f"p = {p} is not between 1 and the number of candidate sites ({m})")
    if site_cost is None:
        f = np.zeros(m)
    else:
        f = np.asarray(site_cost, dtype=np.float64)
        if f.shape != (m,):
            raise ValidationError(
                f"site_cost must have shape ({m},), one per column of cost_matrix; "
                f"received {f.shape}"
            )
        bad = ~np.isfinite(f)
        if bad.any():
            j = int(np.argmax(bad))
            raise ValidationError(f"site_cost[{j}] is {f[j]}; every value must be finite")
    return c, w, int(p), f


def _milp(
    c: FloatArray, w: FloatArray, p: int, f: FloatArray
) -> tuple[FloatArray, sparse.csc_matrix, FloatArray, FloatArray]:
    """Return costs, constraint matrix and row bounds; columns: ``x`` (row-major) then ``y``."""
    n, m = c.shape
    ones_m = sparse.csr_matrix(np.ones((1, m)))
    eye_m = sparse.identity(m, format="csr")
    assign = sparse.hstack([sparse.kron(sparse.identity(n), ones_m), sparse.csr_matrix((n, m))])
    link = sparse.hstack([sparse.identity(n * m), -sparse.kron(np.ones((n, 1)), eye_m)])
    count = sparse.hstack([sparse.csr_matrix((1, n * m)), ones_m])
    a = sparse.vstack([assign, link, count]).tocsc()
    inf = math.inf
    lower = np.concatenate([np.ones(n), np.full(n * m, -inf), [p]])
    upper = np.concatenate([np.ones(n), np.zeros(n * m), [p]])
    cost = np.concatenate([(w[:, None] * c).ravel(), f])
    return cost, a, lower, upper


def p_median(
    cost_matrix: ArrayLike,
    weights: ArrayLike,
    p: int,
    *,
    site_cost: ArrayLike | None = None,
    time_limit: float | None = None,
    mip_rel_gap: float = 0.0,
) -> PMedianSolution:
    r"""Solve a p-median problem with HiGHS (the MILP of the module docstring).

    Parameters
    ----------
    cost_matrix : array_like, shape (n, m)
        :math:`c_{ij}`, cost of serving one unit of demand point :math:`i` from site :math:`j`
        (finite; usually a distance, >= 0).
    weights : array_like, shape (n,)
        :math:`w_i \ge 0`, not all zero.
    p : int
        Number of sites to choose, :math:`1 \le p \le m`.
    site_cost : array_like, shape (m,), optional
        :math:`f_j`, a fixed term paid (or, if negative, earned) when site :math:`j` is chosen.
    time_limit : float, optional
        Seconds HiGHS may run; the best solution found is returned with its gap.
    mip_rel_gap : float, default 0.0
        HiGHS' ``mip_rel_gap``; 0 proves optimality (cheap at the sizes of this module) up to
        HiGHS' absolute gap ``mip_abs_gap`` (1e-6): solutions whose objectives differ by less
        than that are ties to the solver.

    Returns
    -------
    PMedianSolution

    Raises
    ------
    ValidationError
        Before solving, if the instance is malformed (shape, non-finite cost, negative or all-zero
        weights, ``p`` outside ``1..m``); the message names the value.
    SolverError
        If HiGHS returns no feasible solution (the problem is feasible by construction).

    Examples
    --------
    Four towns on a line at 0, 1, 3 and 10 km, weights 1, 2, 1, 1, one site: the town at 1 km
    (total 1 + 0 + 2 + 9 = 12).

    >>> x = np.array([0.0, 1.0, 3.0, 10.0])
    >>> sol = p_median(np.abs(x[:, None] - x[None, :]), [1, 2, 1, 1], 1)
    >>> sol.sites.tolist(), sol.objective
    ([1], 12.0)
    """
    import highspy

    c, w, p, f = _check_problem(cost_matrix, weights, p, site_cost)
    if time_limit is not None and not time_limit > 0:
        raise ValidationError(f"time_limit must be > 0 seconds; received {time_limit!r}")
    if not mip_rel_gap >= 0:
        raise ValidationError(f"mip_rel_gap must be >= 0; received {mip_rel_gap!r}")
    n, m = c.shape
    cost, a, lower, upper = _milp(c, w, p, f)

    h = quiet_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = a.shape[1], a.shape[0]
    lp.col_cost_ = cost
    lp.col_lower_ = np.zeros(a.shape[1])
    lp.col_upper_ = np.ones(a.shape[1])
    lp.row_lower_ = np.where(np.isfinite(lower), lower, -highspy.kHighsInf)
    lp.row_upper_ = upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr.astype(np.int32)
    lp.a_matrix_.index_ = a.indices.astype(np.int32)
    lp.a_matrix_.value_ = a.data.astype(float)
    lp.integrality_ = [highspy.HighsVarType.kContinuous] * (n * m) + [
        highspy.HighsVarType.kInteger
    ] * m
    if h.passModel(lp) == highspy.HighsStatus.kError:
        raise SolverError(
            f"HiGHS rejected the p-median MILP ({a.shape[0]} rows, {a.shape[1]} cols)"
        )

    start = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - start
    status = h.getModelStatus()
    name = h.modelStatusToString(status)
    info = h.getInfo()
    if info.primal_solution_status != highspy.SolutionStatus.kSolutionStatusFeasible:
        raise SolverError(
            f"HiGHS found no feasible p-median solution: model status {name!r}; the problem is "
            "feasible by construction, so this is a limit or numerical failure"
        )
    y = np.asarray(h.getSolution().col_value, dtype=float)[n * m :]
    sites = np.flatnonzero(y > 0.5).astype(np.int64)
    if sites.size != p:
        raise SolverError(f"HiGHS returned {sites.size} open sites for p = {p} (status {name!r})")
    assignment = sites[np.argmin(c[:, sites], axis=1)]
    objective = float(w @ c[np.arange(n), assignment] + f[sites].sum())
    gap = max(float(info.mip_gap), 0.0) if math.isfinite(info.mip_gap) else math.inf
    assignment = assignment.astype(np.int64)
    sites.setflags(write=False)
    assignment.setflags(write=False)
    return PMedianSolution(sites, assignment, objective, name, gap, seconds)


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
