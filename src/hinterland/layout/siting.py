r"""A labelled p-median with operating terms: :func:`p_median_frame` and :class:`SitingResult`.

Labels in, labels out, over the array kernel :func:`hinterland.layout.pmedian.p_median`: a
distance (or latency) frame of demand points x candidate sites, a weight per demand point, and
optionally a per-site electricity price :math:`\pi_j` (yuan/kWh) and renewable share
:math:`\rho_j \in [0, 1]`, both given by the user. The objective becomes

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

The computing-hub instance built on it (atlas sites, costs and weights) is
:mod:`hinterland.layout.hubs`, which re-exports both names.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from hinterland.errors import ValidationError
from hinterland.layout.pmedian import p_median

__all__ = ["SitingResult", "p_median_frame"]

FloatArray = NDArray[np.float64]


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
