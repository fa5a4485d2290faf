r"""The p-median problem as a MILP, solved with HiGHS: the numpy kernel of hub siting.

Which :math:`p` of :math:`m` candidate sites serve :math:`n` weighted demand points at the
least weighted cost, and which site serves each point. Positions in, positions out: the
labels, costs and operating terms are added by :mod:`hinterland.layout.hubs`.

Sets: demand points :math:`i = 1..n` (for :mod:`~hinterland.layout.hubs`, the provincial
capitals), candidate sites :math:`j = 1..m` (there, one city per hub node, or all 31 capitals).
Data: weight :math:`w_i \ge 0` (a demand proxy: GDP or population of province :math:`i`), cost
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

References
----------
Hakimi, S. L. (1964). Optimum locations of switching centers and the absolute centers and medians
of a graph. *Operations Research*, 12(3), 450-459.

ReVelle, C. S., & Swain, R. W. (1970). Central facilities location. *Geographical Analysis*,
2(1), 30-42.

Daskin, M. S. (2013). *Network and Discrete Location: Models, Algorithms, and Applications*
(2nd ed.). Wiley, ch. 6.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

from hinterland._highs import quiet_highs, run_timed
from hinterland.errors import SolverError, ValidationError

__all__ = ["PMedianSolution", "p_median"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


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

    _, name, info, seconds = run_timed(h)
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
