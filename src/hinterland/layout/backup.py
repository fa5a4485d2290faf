r"""Key-industry backup placement: a two-stage stochastic MILP solved with HiGHS.

Where should backup capacity of key industries go, and how much, so that the expected (or
tail) loss from disruptions of the existing capacity is smallest within a budget?

Sets: industries :math:`i \in I`; candidate provinces :math:`p \in P`; scenarios
:math:`s \in S` with probabilities :math:`\pi_s` (:math:`\sum_s \pi_s = 1`); backup options
:math:`O = \{(p, i) : M_{pi} > 0\}`.

Data: baseline capacity :math:`K_{pi} \ge 0` and demand :math:`D_i \ge 0` (both per year, in
the industry's unit: money or physical); loss share :math:`\delta_{spi} \in [0, 1]` of
capacity in scenario :math:`s` (a blockade of the first-line coastal provinces takes, e.g.,
:math:`\delta = 0.8` of their capacity); fixed cost :math:`F_{pi} \ge 0` of opening an option,
variable cost :math:`c_{pi} \ge 0` per unit of capacity, size limit :math:`M_{pi}` (land,
energy, water); budget :math:`B`; loss :math:`\lambda_i \ge 0` per unit of missing capacity
(e.g. an MRIO output multiplier times the unit value); optional weight :math:`w \ge 0` of cost
in the objective; for the optional coordination constraint, the hinterland indicator
:math:`h_p \in \{0, 1\}` and a target share :math:`t`.

Variables: open :math:`y_{pi} \in \{0, 1\}` and size :math:`b_{pi} \ge 0` for
:math:`(p, i) \in O`; shortfall :math:`u_{si}` (the served quantity is
:math:`q_{si} = D_i - u_{si}`); for CVaR, :math:`\eta` (free) and :math:`z_s \ge 0`.

.. math::

    \min \quad & R(u, \eta, z) + w \sum_{(p,i) \in O} (F_{pi} y_{pi} + c_{pi} b_{pi}) \\
    \text{s.t.} \quad
    & b_{pi} \le M_{pi}\, y_{pi} && (p, i) \in O \\
    & \textstyle\sum_{(p,i) \in O} F_{pi} y_{pi} + c_{pi} b_{pi} \le B && \text{(budget)} \\
    & u_{si} + \textstyle\sum_{p} (1 - \delta_{spi})\, b_{pi}
      \ge D_i - \textstyle\sum_p (1 - \delta_{spi}) K_{pi} && s \in S,\ i \in I \\
    & 0 \le u_{si} \le D_i && s \in S,\ i \in I \\
    & z_s \ge \textstyle\sum_i \lambda_i u_{si} - \eta,\quad z_s \ge 0
      && s \in S \text{ (CVaR only)} \\
    & \textstyle\sum_{p} (h_p - t) \sum_i (K_{pi} + b_{pi}) \ge 0
      && \text{(only with a target share } t)

with the risk term

.. math::

    R = \sum_s \pi_s L_s \ \ \text{(expected loss)} \quad\text{or}\quad
    R = \eta + \frac{1}{1 - \alpha} \sum_s \pi_s z_s \ \ \text{(CVaR}_\alpha),
    \qquad L_s = \sum_i \lambda_i u_{si}.

The shortfall rows are the second stage :math:`q_{si} \le \sum_p (1 - \delta_{spi})(K_{pi} +
b_{pi})`, :math:`q_{si} \le D_i`, :math:`u_{si} = D_i - q_{si} \ge 0` with :math:`q`
substituted out. The CVaR rows are the Rockafellar-Uryasev linearisation: at the optimum
:math:`\eta` is the value at risk and the objective equals the mean loss of the worst
:math:`1 - \alpha` of probability. The last row is the hinterland's share of all capacity,
:math:`\sum_{p: h_p = 1} \sum_i (K + b) / \sum_p \sum_i (K + b) \ge t`, multiplied out; it is
meaningful only when every industry's capacity is in the same (money) unit.

Feasibility. Building nothing (:math:`y = 0, b = 0, u_{si} = \max(0, D_i - \sum_p (1 -
\delta_{spi}) K_{pi})`) satisfies every row when :math:`B \ge 0`, so the MILP is always
feasible without a target share; an option whose fixed cost exceeds the budget is simply never
opened (reported in ``notes``). With a target share, :func:`solve_backup` first bounds the share
reachable within the budget (LP relaxation of the knapsack) and raises
:class:`~hinterland.errors.InfeasibleError` with the numbers when the target is out of reach.

Ties. With :math:`w = 0` many placements can reach the smallest risk (e.g. when all loss is
in scenarios of probability 0, anything does). With ``tiebreak=True`` (default) a second MILP
returns the cheapest of them: minimise cost subject to the rows above and
:math:`R \le R^*` (:math:`R^*` the risk of the first solution, given as its start).

Reported figures never come from the solver's objective: the open options are rounded to
0/1, sizes clipped to :math:`[0, M y]` (and scaled down by HiGHS' feasibility tolerance,
~1e-7, should the cost otherwise exceed :math:`B`), and cost, shortfall
:math:`u_{si} = \max(0, D_i - \sum_p (1-\delta_{spi})(K_{pi} + b_{pi}))`, expected loss and
CVaR (from sorted losses, not the linearisation) are recomputed from :math:`(y, b)`.
:func:`check` verifies a solution by a separate, labelled code path. A HiGHS answer whose
reported objective is not ``c @ x``, or that violates a row, is not trusted: HiGHS 1.16 can
mis-evaluate a start solution after presolve and stop at it as "Optimal" (seen on the CVaR
model); the MILP is then solved again without a start, and ``notes`` says so.

Regional coordination. Besides the hinterland share (a ratio of linear functions of :math:`b`,
whose lower bound is the linear row above), the labelled layer
evaluates every solution *ex post* with the Theil T index of GDP per capita
(:func:`hinterland.metrics.theil_t`, population-weighted), where GDP of a province becomes
:math:`\mathrm{GDP}_p + \sum_i v_i b_{pi}` with value-added ratio :math:`v_i` (GDP per unit of
capacity). The index is nonlinear, so it is reported, not optimised.

The MILP is built column-wise with :mod:`scipy.sparse` and passed to HiGHS (``highspy``) as a
``HighsLp`` with integrality; ``mip_rel_gap`` (default 1 %), ``time_limit``; every result
states HiGHS' model status, its ``mip_gap`` (relative to the primal bound; reported as 0 when
the absolute gap is within HiGHS' ``mip_abs_gap`` of 1e-6, where the relative one is undefined
at objective 0) and the wall time.

References
----------
Birge, J. R., & Louveaux, F. (2011). *Introduction to Stochastic Programming* (2nd ed.).
Springer, ch. 1-3 (two-stage recourse models).

Rockafellar, R. T., & Uryasev, S. (2000). Optimization of conditional value-at-risk.
*Journal of Risk*, 2(3), 21-41.

Snyder, L. V., & Daskin, M. S. (2006). Stochastic p-robust location problems. *IIE
Transactions*, 38(11), 971-985.

Huangfu, Q., & Hall, J. A. J. (2018). Parallelizing the dual revised simplex method.
*Mathematical Programming Computation*, 10(1), 119-142.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import sparse

from hinterland._highs import quiet_highs
from hinterland.errors import InfeasibleError, SolverError, ValidationError, unknown

if TYPE_CHECKING:
    from hinterland.layout.scenarios import ScenarioSet

__all__ = [
    "OBJECTIVES",
    "BackupInstance",
    "BackupProblem",
    "BackupSolution",
    "CheckReport",
    "Placement",
    "SolveInfo",
    "check",
    "cvar",
    "optimize",
    "scenario_losses",
    "shortfall",
    "solve_backup",
]

FloatArray = NDArray[np.float64]
OBJECTIVES = ("expected", "cvar")
"""Risk measures that :func:`optimize` minimises; the default is ``"expected"``."""
PROBABILITY_TOL = 1e-9
r"""Tolerance on :math:`|\sum_s \pi_s - 1|`."""


# ----------------------------------------------------------------------------- the kernel data


def _where(labels: tuple[tuple, ...], names: tuple[str, ...], pos: tuple[int, ...]) -> str:
    return ", ".join(f"{n} {lab[k]!r}" for n, lab, k in zip(names, labels, pos, strict=True))


@dataclass(frozen=True, slots=True)
class BackupProblem:
    """The arrays of the backup MILP, validated, with labels used in messages only.

    Attributes
    ----------
    K : ndarray, shape (P, I)
        Baseline capacity per province and industry, per year.
    D : ndarray, shape (I,)
        Demand per industry, per year (same unit as ``K``).
    delta : ndarray, shape (S, P, I)
        Share of capacity lost in each scenario, in [0, 1].
    pi : ndarray, shape (S,)
        Scenario probabilities, >= 0 and summing to 1 within 1e-9.
    F, c, M : ndarray, shape (P, I)
        Fixed cost of opening, variable cost per unit, size limit of each backup option;
        ``M == 0`` means there is no option (then ``F`` and ``c`` are ignored).
    lam : ndarray, shape (I,)
        Loss per unit of missing capacity.
    provinces, industries, scenarios : tuple
        Labels (positions when empty).
    """

    K: FloatArray
    D: FloatArray
    delta: FloatArray
    pi: FloatArray
    F: FloatArray
    c: FloatArray
    M: FloatArray
    lam: FloatArray
    provinces: tuple[Hashable, ...] = ()
    industries: tuple[Hashable, ...] = ()
    scenarios: tuple[Hashable, ...] = ()

    def __post_init__(self) -> None:
        put = object.__setattr__
        for name in ("K", "D", "delta", "pi", "F", "c", "M", "lam"):
            arr = np.array(getattr(self, name), dtype=float)
            arr.setflags(write=False)
            put(self, name, arr)
        if self.K.ndim != 2 or self.delta.ndim != 3:
            raise ValidationError(
                f"K must be (provinces, industries) and delta (scenarios, provinces, industries); "
                f"got K {self.K.shape}, delta {self.delta.shape}"
            )
        n_p, n_i = self.K.shape
        n_s = self.delta.shape[0]
        if min(n_p, n_i, n_s) == 0:
            raise ValidationError(
                f"need at least one province, industry and scenario; got {n_p}, {n_i}, {n_s}"
            )
        for name, n in (("provinces", n_p), ("industries", n_i), ("scenarios", n_s)):
            labels = tuple(getattr(self, name)) or tuple(range(n))
            if len(labels) != n or len(set(labels)) != n:
                raise ValidationError(f"{name} must be {n} distinct labels; got {labels!r}")
            put(self, name, labels)
        shapes = {
            "D": (n_i,),
            "delta": (n_s, n_p, n_i),
            "pi": (n_s,),
            "F": (n_p, n_i),
            "c": (n_p, n_i),
            "M": (n_p, n_i),
            "lam": (n_i,),
        }
        for name, shape in shapes.items():
            if getattr(self, name).shape != shape:
                raise ValidationError(
                    f"{name} must have shape {shape} for {n_s} scenarios, {n_p} provinces and "
                    f"{n_i} industries; got {getattr(self, name).shape}"
                )
        for name in ("F", "c"):  # costs of absent options are ignored: stored as 0
            arr = np.where(self.M > 0, getattr(self, name), 0.0)
            arr.setflags(write=False)
            put(self, name, arr)
        self._validate_values()

    def _validate_values(self) -> None:
        axes = {
            "K": (("province", "industry"), (self.provinces, self.industries)),
            "D": (("industry",), (self.industries,)),
            "delta": (
                ("scenario", "province", "industry"),
                (self.scenarios, self.provinces, self.industries),
            ),
            "pi": (("scenario",), (self.scenarios,)),
            "M": (("province", "industry"), (self.provinces, self.industries)),
            "F": (("province", "industry"), (self.provinces, self.industries)),
            "c": (("province", "industry"), (self.provinces, self.industries)),
            "lam": (("industry",), (self.industries,)),
        }
        what = {
            "K": "capacity",
            "D": "demand",
            "delta": "loss share",
            "pi": "probability",
            "M": "size limit",
            "F": "fixed cost",
            "c": "unit cost",
            "lam": "loss per unit",
        }
        for name, (names, labels) in axes.items():
            a = getattr(self, name)
            bad = ~np.isfinite(a) | (a < 0)
            if name == "delta":
                bad |= a > 1
            if bad.any():
                pos = tuple(int(k) for k in np.argwhere(bad)[0])
                rule = "in [0, 1]" if name == "delta" else "finite and >= 0"
                raise ValidationError(
                    f"{what[name]} ({name}) must be {rule}; got {float(a[pos]):g} at "
                    f"{_where(labels, names, pos)} ({int(bad.sum())} bad value(s))"
                )
        total = float(self.pi.sum())
        if abs(total - 1.0) > PROBABILITY_TOL:
            listed = ", ".join(f"{s!r}={p:g}" for s, p in zip(self.scenarios, self.pi, strict=True))
            raise ValidationError(
                f"scenario probabilities must sum to 1 (within {PROBABILITY_TOL:g}); they sum "
                f"to {total:.12g}: {listed}"
            )

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(S, P, I)``: scenarios, provinces, industries."""
        return self.delta.shape

    @property
    def options(self) -> NDArray[np.bool_]:
        """Boolean (P, I): where a backup option exists (``M > 0``)."""
        return self.M > 0


# ----------------------------------------------------------------------------- evaluation kernels


def shortfall(problem: BackupProblem, b: FloatArray | None = None) -> FloatArray:
    r"""Shortfall :math:`u_{si} = \max(0, D_i - \sum_p (1 - \delta_{spi})(K_{pi} + b_{pi}))`.

    Parameters
    ----------
    problem : BackupProblem
    b : ndarray, shape (P, I), optional
        Backup sizes; none when omitted.

    Returns
    -------
    ndarray, shape (S, I)
    """
    cap = problem.K if b is None else problem.K + b
    available = np.einsum("spi,pi->si", 1.0 - problem.delta, cap)
    return np.maximum(problem.D - available, 0.0)


def scenario_losses(problem: BackupProblem, b: FloatArray | None = None) -> FloatArray:
    r"""Loss of each scenario :math:`L_s = \sum_i \lambda_i u_{si}`, shape (S,)."""
    return shortfall(problem, b) @ problem.lam


def cvar(losses: FloatArray, pi: FloatArray, alpha: float) -> float:
    r"""Conditional value at risk of a discrete loss distribution.

    .. math::

        \mathrm{CVaR}_\alpha(L) = \min_\eta\ \eta + \frac{1}{1-\alpha} \sum_s \pi_s
        \max(L_s - \eta, 0),

    attained at the value at risk :math:`\eta = \min\{l : P(L \le l) \ge \alpha\}`; the
    function is evaluated there and at its neighbouring breakpoints (rounding of the cumulative
    probabilities), and the smallest value is returned.

    Parameters
    ----------
    losses, pi : ndarray, shape (S,)
        Scenario losses and probabilities (summing to 1).
    alpha : float
        Level in [0, 1); ``alpha = 0`` gives the expected loss.

    Returns
    -------
    float
        :math:`\mathrm{E}[L] \le \mathrm{CVaR}_\alpha \le \max_s L_s` over scenarios with
        :math:`\pi_s > 0`.
    """
    if not 0.0 <= alpha < 1.0:
        raise ValidationError(f"alpha must be in [0, 1); got {alpha!r}")
    order = np.argsort(losses, kind="stable")
    ls = np.asarray(losses, dtype=float)[order]
    k = int(np.searchsorted(np.cumsum(np.asarray(pi, dtype=float)[order]), alpha))
    cands = ls[max(k - 1, 0) : min(k + 2, ls.size)]
    vals = cands + (pi @ np.maximum(losses[:, None] - cands[None, :], 0.0)) / (1.0 - alpha)
    return float(vals.min())


def _notes(problem: BackupProblem, budget: float) -> list[str]:
    notes = []
    opt = problem.options
    for k, ind in enumerate(problem.industries):
        if not opt[:, k].any():
            notes.append(f"industry {ind!r} has no backup option (size limit 0 everywhere)")
        elif np.min(problem.F[opt[:, k], k]) > budget:
            notes.append(
                f"industry {ind!r}: every option's fixed cost exceeds the budget "
                f"(cheapest {np.min(problem.F[opt[:, k], k]):g} > {budget:g}); none can open"
            )
        if problem.lam[k] == 0:
            notes.append(f"industry {ind!r} has loss per unit 0: its shortfall costs nothing")
    zero = [s for s, p in zip(problem.scenarios, problem.pi, strict=True) if p == 0]
    if zero:
        notes.append(f"scenario(s) {zero} have probability 0 and do not affect the optimum")
    return notes


# ----------------------------------------------------------------------------- the MILP


@dataclass(frozen=True, slots=True)
class MILP:
    """The backup MILP in HiGHS' form: ``row_lower <= A x <= row_upper``, bounds, integrality.

    Columns: ``y`` (n_opt), ``b`` (n_opt), ``u`` (S * I, scenario-major), then for CVaR
    ``eta`` and ``z`` (S). ``risk`` and ``cost`` are objective vectors over all columns.
    """

    A: sparse.csc_array
    row_lower: FloatArray
    row_upper: FloatArray
    lower: FloatArray
    upper: FloatArray
    integer: NDArray[np.bool_]
    risk: FloatArray
    cost: FloatArray
    opt_p: NDArray[np.intp]
    opt_i: NDArray[np.intp]
    cvar: bool

    @property
    def n_opt(self) -> int:
        """Number of backup options (``y`` and ``b`` columns each)."""
        return int(self.opt_p.size)


def build_milp(
    problem: BackupProblem,
    budget: float,
    *,
    objective: str = "expected",
    alpha: float = 0.9,
    hinterland: NDArray[np.bool_] | None = None,
    min_hinterland_share: float | None = None,
) -> MILP:
    """Build the MILP of the module docstring (rows: link, shortfall, budget, CVaR, share).

    Parameters are those of :func:`solve_backup`; ``hinterland`` is a boolean (P,) mask.
    """
    n_s, _, n_i = problem.shape
    opt_p, opt_i = np.nonzero(problem.options)
    n_o = opt_p.size
    is_cvar = objective == "cvar"
    n_u = n_s * n_i
    n_col = 2 * n_o + n_u + (1 + n_s if is_cvar else 0)
    col_y, col_b, col_u = np.arange(n_o), n_o + np.arange(n_o), 2 * n_o + np.arange(n_u)
    col_eta = 2 * n_o + n_u
    M, F, c = problem.M[opt_p, opt_i], problem.F[opt_p, opt_i], problem.c[opt_p, opt_i]
    keep = 1.0 - problem.delta  # (S, P, I)
    rows, cols, vals, lo, hi = [], [], [], [], []
    r = 0
    # b_k - M_k y_k <= 0
    rows += [np.arange(n_o), np.arange(n_o)]
    cols += [col_b, col_y]
    vals += [np.ones(n_o), -M]
    lo.append(np.full(n_o, -np.inf))
    hi.append(np.zeros(n_o))
    r += n_o
    # u_si + sum_k (1 - delta_s p_k i) b_k >= D_i - sum_p (1 - delta_spi) K_pi
    rows.append(r + np.arange(n_u))
    cols.append(col_u)
    vals.append(np.ones(n_u))
    s_idx = np.repeat(np.arange(n_s), n_o)
    k_idx = np.tile(np.arange(n_o), n_s)
    coef = keep[s_idx, opt_p[k_idx], opt_i[k_idx]]
    nz = coef != 0
    rows.append(r + s_idx[nz] * n_i + opt_i[k_idx][nz])
    cols.append(col_b[k_idx][nz])
    vals.append(coef[nz])
    lo.append((problem.D - np.einsum("spi,pi->si", keep, problem.K)).ravel())
    hi.append(np.full(n_u, np.inf))
    r += n_u
    # sum_k F_k y_k + c_k b_k <= B
    rows += [np.full(n_o, r), np.full(n_o, r)]
    cols += [col_y, col_b]
    vals += [F, c]
    lo.append(np.array([-np.inf]))
    hi.append(np.array([float(budget)]))
    r += 1
    if is_cvar:  # z_s + eta - sum_i lam_i u_si >= 0
        rows += [r + np.arange(n_s), r + np.arange(n_s), np.repeat(r + np.arange(n_s), n_i)]
        cols += [col_eta + 1 + np.arange(n_s), np.full(n_s, col_eta), col_u]
        vals += [np.ones(n_s), np.ones(n_s), -np.tile(problem.lam, n_s)]
        lo.append(np.zeros(n_s))
        hi.append(np.full(n_s, np.inf))
        r += n_s
    if min_hinterland_share is not None:
        h = np.asarray(hinterland, dtype=float)
        t = float(min_hinterland_share)
        rows.append(np.full(n_o, r))
        cols.append(col_b)
        vals.append(h[opt_p] - t)
        lo.append(np.array([t * problem.K.sum() - problem.K[h > 0].sum()]))
        hi.append(np.array([np.inf]))
        r += 1
    v = np.concatenate(vals)
    A = sparse.csc_array(
        sparse.coo_array((v, (np.concatenate(rows), np.concatenate(cols))), shape=(r, n_col))
    )
    A.eliminate_zeros()
    A.sort_indices()
    lower = np.zeros(n_col)
    upper = np.concatenate([np.ones(n_o), M, np.tile(problem.D, n_s)])
    integer = np.zeros(n_col, dtype=bool)
    integer[col_y] = True
    risk = np.zeros(n_col)
    if is_cvar:
        lower[col_eta] = -np.inf
        upper = np.concatenate([upper, np.full(1 + n_s, np.inf)])
        risk[col_eta] = 1.0
        risk[col_eta + 1 :] = problem.pi / (1.0 - alpha)
    else:
        risk[col_u] = np.outer(problem.pi, problem.lam).ravel()
    cost = np.zeros(n_col)
    cost[col_y], cost[col_b] = F, c
    return MILP(
        A=A,
        row_lower=np.concatenate(lo),
        row_upper=np.concatenate(hi),
        lower=lower,
        upper=upper,
        integer=integer,
        risk=risk,
        cost=cost,
        opt_p=opt_p,
        opt_i=opt_i,
        cvar=is_cvar,
    )


def _full_x(problem: BackupProblem, milp: MILP, y: FloatArray, b: FloatArray, alpha: float):
    """Column vector of a placement (y, b of shape (P, I)) with tight u, eta = VaR, z."""
    u = shortfall(problem, b)
    parts = [y[milp.opt_p, milp.opt_i], b[milp.opt_p, milp.opt_i], u.ravel()]
    if milp.cvar:
        L = u @ problem.lam
        order = np.argsort(L, kind="stable")
        k = min(int(np.searchsorted(np.cumsum(problem.pi[order]), alpha)), L.size - 1)
        eta = L[order][k]
        parts += [np.array([eta]), np.maximum(L - eta, 0.0)]
    return np.concatenate(parts)


@dataclass(frozen=True, slots=True)
class SolveInfo:
    """One HiGHS run: phase (``risk`` or ``tiebreak``), model status, objective, bound, gap."""

    phase: str
    status: str
    objective: float
    bound: float
    gap: float
    seconds: float
    nodes: int


@dataclass(frozen=True, slots=True)
class Placement:
    """Kernel result: open options ``y`` (bool) and sizes ``b``, shape (P, I), with the runs.

    ``status`` and ``gap`` are those of the risk phase (the optimality statement about the
    risk objective); ``seconds`` is the wall time of all phases.
    """

    y: NDArray[np.bool_]
    b: FloatArray
    status: str
    gap: float
    seconds: float
    phases: tuple[SolveInfo, ...] = ()
    notes: tuple[str, ...] = ()


def _highs(
    milp: MILP,
    objective: FloatArray,
    gap: float,
    time_limit: float,
    cap: tuple[FloatArray, float] | None = None,
) -> Any:
    """Return a Highs holding the MILP (plus the row ``cap[0] @ x <= cap[1]`` if given)."""
    import highspy

    h = quiet_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", float(gap))
    h.setOptionValue("time_limit", float(time_limit))
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = milp.A.shape[1], milp.A.shape[0]
    lp.col_cost_ = objective
    lp.col_lower_ = np.where(np.isfinite(milp.lower), milp.lower, -inf)
    lp.col_upper_ = np.where(np.isfinite(milp.upper), milp.upper, inf)
    lp.row_lower_ = np.where(np.isfinite(milp.row_lower), milp.row_lower, -inf)
    lp.row_upper_ = np.where(np.isfinite(milp.row_upper), milp.row_upper, inf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = milp.A.indptr.astype(np.int32)
    lp.a_matrix_.index_ = milp.A.indices.astype(np.int32)
    lp.a_matrix_.value_ = milp.A.data.astype(float)
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if k else highspy.HighsVarType.kContinuous
        for k in milp.integer
    ]
    error = highspy.HighsStatus.kError
    ok = h.passModel(lp) != error
    if ok and cap is not None:
        nz = np.nonzero(cap[0])[0].astype(np.int32)
        ok = h.addRow(-inf, cap[1], nz.size, nz, cap[0][nz]) != error
    if not ok:
        raise SolverError(
            f"HiGHS rejected the backup MILP ({milp.A.shape[0]} rows, {milp.A.shape[1]} columns)"
        )
    return h


_ABS_GAP = 1e-6
"""HiGHS' default ``mip_abs_gap``: an absolute gap this small is reported as gap 0."""


def _run(h: Any, phase: str, infeasible: str) -> tuple[SolveInfo, FloatArray]:
    import highspy

    start = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - start
    status = h.getModelStatus()
    name = h.modelStatusToString(status)
    info = h.getInfo()
    S = highspy.HighsModelStatus
    if status in (S.kInfeasible, S.kUnboundedOrInfeasible):
        raise InfeasibleError(infeasible)
    has_x = info.primal_solution_status == 2  # kSolutionStatusFeasible
    limits = (S.kTimeLimit, S.kIterationLimit, S.kSolutionLimit, S.kInterrupt, S.kObjectiveBound)
    if not (status == S.kOptimal or (status in limits and has_x)):
        raise SolverError(
            f"HiGHS did not solve the backup MILP ({phase} phase): model status {name!r}"
            + ("" if has_x else "; no feasible solution was found within the limits")
        )
    obj, bound = float(info.objective_function_value), float(info.mip_dual_bound)
    gap = float(info.mip_gap)
    if abs(obj - bound) <= _ABS_GAP:  # mip_gap is relative to |obj|: undefined at obj = 0
        gap = 0.0
    run = SolveInfo(phase, name, obj, bound, gap, seconds, int(info.mip_node_count))
    return run, np.asarray(h.getSolution().col_value, dtype=float)


def _consistent(milp: MILP, c: FloatArray, x: FloatArray, objective: float, cap=None) -> bool:
    """True if ``x`` satisfies the MILP (1e-6, relative) and ``c @ x`` is the objective."""
    tol = 1e-6
    ax = milp.A @ x
    slack = tol * (1.0 + np.abs(ax))
    room = tol * (1.0 + np.abs(x))
    ok = (
        np.all(ax >= milp.row_lower - slack)
        and np.all(ax <= milp.row_upper + slack)
        and np.all(x >= milp.lower - room)
        and np.all(x <= milp.upper + room)
    )
    if cap is not None:
        ok = ok and cap[0] @ x <= cap[1] + tol * max(1.0, abs(cap[1]))
    return bool(ok) and abs(c @ x - objective) <= tol * max(1.0, abs(objective))


def _solve(
    milp: MILP,
    c: FloatArray,
    *,
    gap: float,
    time_limit: float,
    start: FloatArray,
    phase: str,
    infeasible: str,
    notes: list[str],
    cap: tuple[FloatArray, float] | None = None,
) -> tuple[SolveInfo, FloatArray]:
    """Run HiGHS from ``start``; if its answer is inconsistent, run again without a start.

    HiGHS 1.16 can mis-evaluate a start solution in the presolved space (seen on the CVaR
    model: "MIP start solution is feasible in the reduced space: objective value is 1" for a
    start worth 30.2) and then stop at that start as "Optimal". A result whose reported
    objective differs from ``c @ x``, or which violates a row or bound, is not trusted.
    """
    import highspy

    clock = time.perf_counter()
    h = _highs(milp, c, gap, time_limit, cap)
    sol = highspy.HighsSolution()
    sol.col_value = list(map(float, start))
    h.setSolution(sol)
    run, x = _run(h, phase, infeasible)
    if _consistent(milp, c, x, run.objective, cap):
        return run, x
    notes.append(
        f"{phase} phase: HiGHS reported objective {run.objective:.10g} for a solution worth "
        f"{float(c @ x):.10g} (start mis-evaluated in presolve); solved again without a start"
    )
    left = max(time_limit - (time.perf_counter() - clock), 0.05)
    run, x = _run(_highs(milp, c, gap, left, cap), phase, infeasible)
    if not _consistent(milp, c, x, run.objective, cap):
        raise SolverError(
            f"HiGHS returned an inconsistent solution in the {phase} phase: objective "
            f"{run.objective:.10g} reported, {float(c @ x):.10g} recomputed, or a row violated"
        )
    return run, x


def _check_options(objective, alpha, gap, time_limit, cost_weight, budget) -> None:
    if objective not in OBJECTIVES:
        raise unknown("objective", objective, OBJECTIVES)
    if not 0.0 <= float(alpha) < 1.0:
        raise ValidationError(f"alpha must be in [0, 1); got {alpha!r}")
    if not (np.isfinite(gap) and gap >= 0):
        raise ValidationError(f"gap (HiGHS mip_rel_gap) must be >= 0; got {gap!r}")
    if not (time_limit > 0):
        raise ValidationError(f"time_limit must be > 0 seconds; got {time_limit!r}")
    if not (np.isfinite(cost_weight) and cost_weight >= 0):
        raise ValidationError(f"cost_weight must be finite and >= 0; got {cost_weight!r}")
    if not (np.isfinite(budget) and budget >= 0):
        raise ValidationError(f"budget must be finite and >= 0; got {budget!r}")


def _check_share(problem: BackupProblem, budget: float, h: NDArray[np.bool_], t: float) -> None:
    """Raise InfeasibleError if share ``t`` is out of reach even in the LP relaxation."""
    if not 0.0 <= t <= 1.0:
        raise ValidationError(f"min_hinterland_share must be in [0, 1]; got {t!r}")
    k_h, k_all = float(problem.K[h].sum()), float(problem.K.sum())
    if k_all > 0 and k_h / k_all >= t:
        return
    # fractional knapsack: hinterland capacity at unit price F/M + c, cheapest first
    opt = problem.options & h[:, None]
    M = problem.M[opt]
    price = problem.F[opt] / M + problem.c[opt]
    order = np.argsort(price, kind="stable")
    spend = np.cumsum(price[order] * M[order])
    full = spend <= budget
    built = M[order][full].sum()
    rest = np.nonzero(~full)[0]
    if rest.size:
        j = rest[0]
        left = budget - (spend[j - 1] if j > 0 else 0.0)
        built += left / price[order][j] if price[order][j] > 0 else M[order][j]
    best = (k_h + built) / (k_all + built) if k_all + built > 0 else 0.0
    if best < t:
        before = k_h / k_all if k_all > 0 else 0.0
        raise InfeasibleError(
            f"constraint min_hinterland_share={t:g} cannot be met: the hinterland holds "
            f"{before:.4%} of capacity now and at most {best:.4%} after spending the budget "
            f"{budget:g} on hinterland options only (LP bound, {int(opt.sum())} options); "
            "raise the budget, add hinterland options or lower the target"
        )


def solve_backup(
    problem: BackupProblem,
    budget: float,
    *,
    objective: str = "expected",
    alpha: float = 0.9,
    cost_weight: float = 0.0,
    gap: float = 0.01,
    time_limit: float = 60.0,
    tiebreak: bool = True,
    hinterland: NDArray[np.bool_] | None = None,
    min_hinterland_share: float | None = None,
    start: tuple[FloatArray, FloatArray] | None = None,
) -> Placement:
    """Solve the backup MILP of the module docstring with HiGHS.

    Parameters
    ----------
    problem : BackupProblem
    budget : float
        :math:`B`, in the unit of ``F`` and ``c``; >= 0.
    objective : {"expected", "cvar"}, default "expected"
        Risk term: expected loss, or CVaR at level ``alpha`` (Rockafellar-Uryasev).
    alpha : float, default 0.9
        CVaR level in [0, 1).
    cost_weight : float, default 0
        :math:`w`, loss units per unit of cost; 0 minimises risk alone within the budget.
    gap : float, default 0.01
        HiGHS ``mip_rel_gap``.
    time_limit : float, default 60
        Seconds for all phases together.
    tiebreak : bool, default True
        With ``cost_weight == 0``, return the cheapest placement of (at most) the risk found.
    hinterland : ndarray of bool, shape (P,), optional
        Hinterland provinces, for ``min_hinterland_share``.
    min_hinterland_share : float, optional
        Target :math:`t` for the hinterland's share of capacity after backup.
    start : (y, b), optional
        A placement (arrays (P, I)) given to HiGHS as a starting solution if it fits the
        budget; without it the empty placement is given (always feasible without a target).

    Returns
    -------
    Placement

    Raises
    ------
    ValidationError
        For a bad option (negative budget, unknown objective, alpha outside [0, 1) ...).
    InfeasibleError
        If the hinterland-share target cannot be reached within the budget.
    SolverError
        If HiGHS stops without a feasible solution.
    """
    _check_options(objective, alpha, gap, time_limit, cost_weight, budget)
    budget, alpha = float(budget), float(alpha)
    _, n_p, n_i = problem.shape
    share = min_hinterland_share is not None
    if share:
        if hinterland is None or np.asarray(hinterland).shape != (n_p,):
            raise ValidationError(f"hinterland must be a boolean mask of {n_p} provinces")
        hinterland = np.asarray(hinterland, dtype=bool)
        _check_share(problem, budget, hinterland, float(min_hinterland_share))
    notes = _notes(problem, budget)
    y0, b0 = np.zeros((n_p, n_i)), np.zeros((n_p, n_i))
    if not problem.options.any():
        return Placement(y0.astype(bool), b0, "no options", 0.0, 0.0, (), tuple(notes))
    milp = build_milp(
        problem,
        budget,
        objective=objective,
        alpha=alpha,
        hinterland=hinterland,
        min_hinterland_share=min_hinterland_share,
    )
    if start is not None:
        ys = (np.asarray(start[0], dtype=float) > 0.5) & problem.options
        bs = np.clip(np.asarray(start[1], dtype=float), 0.0, problem.M * ys)
        if (problem.F * ys).sum() + (problem.c * bs).sum() <= budget:
            y0, b0 = ys.astype(float), bs
    what = (
        f"the backup MILP is infeasible with min_hinterland_share={min_hinterland_share} and "
        f"budget {budget:g}: whole options (fixed costs) cannot reach the target"
    )
    clock = time.perf_counter()
    common: dict[str, Any] = {"gap": gap, "infeasible": what, "notes": notes}
    x0 = _full_x(problem, milp, y0, b0, alpha)
    c1 = milp.risk + cost_weight * milp.cost
    run, x = _solve(milp, c1, time_limit=time_limit, start=x0, phase="risk", **common)
    runs = [run]
    y, b = _placement(problem, milp, x, budget)
    if tiebreak and cost_weight == 0:
        left = time_limit - (time.perf_counter() - clock)
        if left > 0.05:
            x1 = _full_x(problem, milp, y.astype(float), b, alpha)
            level = float(milp.risk @ x1)
            cap = (milp.risk, level + 1e-9 * max(1.0, abs(level)))
            try:
                run2, x2 = _solve(
                    milp, milp.cost, time_limit=left, start=x1, phase="tiebreak", cap=cap, **common
                )
            except (SolverError, InfeasibleError) as exc:
                notes.append(f"tie-break skipped ({exc}); the risk-phase placement is kept")
            else:
                runs.append(run2)
                y, b = _placement(problem, milp, x2, budget)
        else:
            notes.append("time limit used up by the risk phase: the tie-break was skipped")
    if runs[0].status != "Optimal":
        notes.append(f"HiGHS stopped with status {runs[0].status!r} at gap {runs[0].gap:.3%}")
    return Placement(
        y=y,
        b=b,
        status=runs[0].status,
        gap=runs[0].gap,
        seconds=time.perf_counter() - clock,
        phases=tuple(runs),
        notes=tuple(notes),
    )


def _placement(problem: BackupProblem, milp: MILP, x: FloatArray, budget: float):
    """Round ``y`` to 0/1 and clip ``b`` to [0, M y]; keep the cost within the budget.

    HiGHS' feasibility tolerance can let the cost exceed the budget by ~1e-7 relative; the
    sizes are then scaled down by that factor so that the reported cost never exceeds it.
    """
    n_o = milp.n_opt
    y = np.zeros(problem.K.shape, dtype=bool)
    b = np.zeros(problem.K.shape)
    y[milp.opt_p, milp.opt_i] = x[:n_o] > 0.5
    b[milp.opt_p, milp.opt_i] = x[n_o : 2 * n_o]
    b = np.clip(b, 0.0, problem.M * y)
    fixed, variable = float((problem.F * y).sum()), float((problem.c * b).sum())
    if fixed + variable > budget and variable > 0:
        b *= max(budget - fixed, 0.0) / variable
    return y, b


# ----------------------------------------------------------------------------- labelled layer


def _frame(
    value: pd.DataFrame | float | None, name: str, index: pd.Index, columns: pd.Index
) -> pd.DataFrame:
    if value is None:
        return pd.DataFrame(np.nan, index=index, columns=columns)
    if np.isscalar(value):
        return pd.DataFrame(float(value), index=index, columns=columns)
    df = pd.DataFrame(value)
    extra_r = df.index.difference(index)
    extra_c = df.columns.difference(columns)
    if len(extra_r):
        raise ValidationError(
            f"{name} has province(s) {list(extra_r)} not in the capacity table; "
            f"valid: {list(index)}"
        )
    if len(extra_c):
        raise unknown(f"industry in {name}", extra_c[0], list(columns))
    return df.reindex(index=index, columns=columns).astype(float)


def _series(value: pd.Series | float | None, name: str, index: pd.Index, *, full: bool):
    if value is None:
        return None
    if np.isscalar(value):
        return pd.Series(float(value), index=index)
    s = pd.Series(value).astype(float)
    extra = s.index.difference(index)
    if len(extra):
        raise unknown(f"label in {name}", extra[0], list(index))
    s = s.reindex(index)
    if full and s.isna().any():
        raise ValidationError(f"{name} is missing for {list(s.index[s.isna()])}")
    return s


@dataclass(frozen=True, slots=True)
class BackupInstance:
    """A labelled backup problem: the arrays plus what the ex-post evaluation needs.

    Build one with :meth:`from_frames` (tables) or :meth:`from_scenarios` (a scenario file).

    Attributes
    ----------
    problem : BackupProblem
        The arrays; its labels are province adcodes, industry codes and scenario names.
    hinterland : tuple of int
        Adcodes counted as hinterland for the capacity share (default: Third Front third line).
    hinterland_name : str
        Where ``hinterland`` came from (a grouping spec, or "custom").
    gdp, population : Series or None
        By adcode, for the ex-post Theil T of GDP per capita (both or neither).
    value_added_ratio : Series or None
        By industry: GDP (unit of ``gdp``) per unit of backup capacity; needed with ``gdp``.
    unit : str
        Unit of capacity and demand (documentation only).
    """

    problem: BackupProblem
    hinterland: tuple[int, ...] = ()
    hinterland_name: str = ""
    gdp: pd.Series | None = None
    population: pd.Series | None = None
    value_added_ratio: pd.Series | None = None
    unit: str = ""

    def __post_init__(self) -> None:
        ratio = self.value_added_ratio
        if ratio is not None and np.isscalar(ratio):
            ratio = pd.Series(float(ratio), index=list(self.problem.industries))
            object.__setattr__(self, "value_added_ratio", ratio)
        object.__setattr__(self, "hinterland", tuple(int(a) for a in self.hinterland))
        if (self.gdp is None) != (self.population is None):
            raise ValidationError("give gdp and population together (both by adcode) or neither")
        if self.gdp is not None:
            if self.value_added_ratio is None:
                raise ValidationError(
                    "value_added_ratio is needed with gdp: GDP per unit of backup capacity, by "
                    "industry or one number (e.g. about 0.25 when capacity is gross output)"
                )
            for name in ("gdp", "population"):
                s = getattr(self, name)
                miss = [a for a in self.problem.provinces if not (s.get(a, np.nan) > 0)]
                if miss:
                    raise ValidationError(f"{name} must be > 0 for every province; not for {miss}")
            r = self.value_added_ratio.reindex(list(self.problem.industries))
            if r.isna().any() or (r < 0).any():
                raise ValidationError(
                    f"value_added_ratio must be >= 0 for every industry {self.problem.industries}"
                )

    @property
    def provinces(self) -> pd.Index:
        """Province adcodes (index name ``adcode``)."""
        return pd.Index(self.problem.provinces, name="adcode")

    @property
    def industries(self) -> pd.Index:
        """Industry codes (index name ``industry``)."""
        return pd.Index(self.problem.industries, name="industry")

    @property
    def scenarios(self) -> pd.Index:
        """Scenario names (index name ``scenario``)."""
        return pd.Index(self.problem.scenarios, name="scenario")

    @property
    def probability(self) -> pd.Series:
        """Scenario probabilities."""
        return pd.Series(self.problem.pi, index=self.scenarios, name="probability")

    def frame(self, name: str) -> pd.DataFrame:
        """Return ``K``, ``F``, ``c`` or ``M`` as a province x industry DataFrame."""
        return pd.DataFrame(
            getattr(self.problem, name), index=self.provinces, columns=self.industries
        )

    def hinterland_mask(self) -> NDArray[np.bool_]:
        """Boolean (P,): which provinces are hinterland."""
        return np.isin(np.asarray(self.problem.provinces), list(self.hinterland))

    @classmethod
    def from_frames(
        cls,
        capacity: pd.DataFrame,
        demand: pd.Series,
        loss_share: pd.DataFrame | pd.Series,
        probability: pd.Series,
        *,
        size_limit: pd.DataFrame | float,
        fixed_cost: pd.DataFrame | float,
        unit_cost: pd.DataFrame | float,
        loss_per_unit: pd.Series | float,
        gdp: pd.Series | None = None,
        population: pd.Series | None = None,
        value_added_ratio: pd.Series | float | None = None,
        hinterland: str | Iterable[int] = "third_front:third_line",
        unit: str = "",
    ) -> BackupInstance:
        r"""Build an instance from labelled tables.

        Parameters
        ----------
        capacity : DataFrame
            :math:`K`: index province adcodes, columns industry codes; defines both sets.
        demand : Series
            :math:`D` by industry.
        loss_share : DataFrame or Series
            :math:`\delta`: a DataFrame indexed by ``(scenario, adcode)`` with industry
            columns, or a Series indexed by ``(scenario, adcode, industry)``; missing
            entries are 0 (no loss).
        probability : Series
            :math:`\pi` by scenario name; defines the scenarios.
        size_limit, fixed_cost, unit_cost : DataFrame or float
            :math:`M, F, c` (province x industry); a missing or 0 size limit means no
            option; costs must be given wherever the size limit is > 0.
        loss_per_unit : Series or float
            :math:`\lambda` by industry.
        gdp, population : Series, optional
            By adcode (any consistent units), for the ex-post Theil index.
        value_added_ratio : Series or float, optional
            GDP per unit of backup capacity, by industry (required with ``gdp``).
        hinterland : str or iterable of int, default "third_front:third_line"
            A grouping spec (as in scenario files) or adcodes.
        unit : str
            Unit of capacity and demand, for display.

        Raises
        ------
        ValidationError
            Naming the table and the label at fault.
        """
        from hinterland.atlas import adcodes
        from hinterland.layout.scenarios import resolve_provinces

        K = pd.DataFrame(capacity).astype(float)
        if not K.index.is_unique or not K.columns.is_unique:
            raise ValidationError("capacity must have unique provinces (rows) and industries")
        try:
            provinces = pd.Index([int(a) for a in K.index], name="adcode")
        except (TypeError, ValueError):
            raise ValidationError(
                f"capacity rows must be six-digit adcodes; got {list(K.index)[:5]}"
            ) from None
        bad = [a for a in provinces if a not in set(adcodes())]
        if bad:
            raise unknown("province adcode in capacity", bad[0], adcodes())
        K.index = provinces
        industries = pd.Index([str(i) for i in K.columns], name="industry")
        K.columns = industries
        if K.isna().any().any():
            at = K.isna().stack()
            raise ValidationError(f"capacity is missing for {list(at.index[at])[:5]}")
        pi = pd.Series(probability).astype(float)
        if pi.isna().any():
            raise ValidationError(f"probability is missing for {list(pi.index[pi.isna()])}")
        scen = pd.Index([str(s) for s in pi.index], name="scenario")
        delta = _delta(loss_share, scen, provinces, industries)
        M = _frame(size_limit, "size_limit", provinces, industries).fillna(0.0)
        opts = M > 0
        F = _frame(fixed_cost, "fixed_cost", provinces, industries)
        c = _frame(unit_cost, "unit_cost", provinces, industries)
        for name, df in (("fixed_cost", F), ("unit_cost", c)):
            miss = df.isna() & opts
            if miss.any().any():
                at = miss.stack()
                raise ValidationError(
                    f"{name} is missing where size_limit > 0: {list(at.index[at])[:5]}"
                )
        lam = _series(loss_per_unit, "loss_per_unit", industries, full=True)
        D = _series(demand, "demand", industries, full=True)
        if isinstance(hinterland, str):
            h_name, h = hinterland, tuple(resolve_provinces(hinterland))
        else:
            h_name, h = "custom", tuple(int(a) for a in hinterland)
        ratio = _series(value_added_ratio, "value_added_ratio", industries, full=True)
        problem = BackupProblem(
            K=K.to_numpy(),
            D=D.to_numpy(),
            delta=delta,
            pi=pi.to_numpy(),
            F=F.fillna(0.0).to_numpy(),
            c=c.fillna(0.0).to_numpy(),
            M=M.to_numpy(),
            lam=lam.to_numpy(),
            provinces=tuple(int(a) for a in provinces),
            industries=tuple(industries),
            scenarios=tuple(scen),
        )
        return cls(
            problem=problem,
            hinterland=h,
            hinterland_name=h_name,
            gdp=None if gdp is None else pd.Series(gdp).astype(float),
            population=None if population is None else pd.Series(population).astype(float),
            value_added_ratio=ratio,
            unit=unit,
        )

    @classmethod
    def from_scenarios(
        cls,
        capacity: pd.DataFrame,
        demand: pd.Series,
        scenarios: ScenarioSet | str | Path | None = None,
        *,
        unknown_industries: str = "raise",
        **kwargs: Any,
    ) -> BackupInstance:
        """Build an instance whose scenarios come from a scenario file (or the default set).

        ``scenarios`` is a :class:`~hinterland.layout.scenarios.ScenarioSet`, a YAML path, or
        None for :func:`~hinterland.layout.scenarios.default_scenarios`; other keywords are
        those of :meth:`from_frames`. Industries named in the file must be columns of
        ``capacity`` (``ValidationError`` listing them otherwise) unless
        ``unknown_industries="ignore"``.
        """
        from hinterland.layout.scenarios import ScenarioSet, default_scenarios, load_scenarios

        if scenarios is None:
            sset = default_scenarios()
        elif isinstance(scenarios, ScenarioSet):
            sset = scenarios
        else:
            sset = load_scenarios(scenarios)
        K = pd.DataFrame(capacity)
        delta = sset.loss_shares(
            [int(a) for a in K.index],
            [str(i) for i in K.columns],
            unknown_industries=unknown_industries,
        )
        return cls.from_frames(K, demand, delta, sset.probability(), **kwargs)


def _delta(
    loss_share: pd.DataFrame | pd.Series,
    scen: pd.Index,
    provinces: pd.Index,
    industries: pd.Index,
) -> FloatArray:
    if isinstance(loss_share, pd.Series):
        if loss_share.index.nlevels != 3:
            raise ValidationError(
                "loss_share as a Series needs a (scenario, adcode, industry) index"
            )
        df = loss_share.unstack(level=-1)
    else:
        df = pd.DataFrame(loss_share)
    if df.index.nlevels != 2:
        raise ValidationError("loss_share needs a (scenario, adcode) row index")
    df = df.copy()
    df.index = pd.MultiIndex.from_arrays(
        [df.index.get_level_values(0).astype(str), df.index.get_level_values(1).astype(int)]
    )
    df.columns = [str(c) for c in df.columns]
    s_bad = df.index.get_level_values(0).difference(scen)
    if len(s_bad):
        raise unknown("scenario in loss_share (not in probability)", s_bad[0], list(scen))
    p_bad = df.index.get_level_values(1).difference(provinces)
    if len(p_bad):
        raise unknown("province in loss_share", p_bad[0], list(provinces))
    i_bad = pd.Index(df.columns).difference(industries)
    if len(i_bad):
        raise unknown("industry in loss_share", i_bad[0], list(industries))
    full = pd.MultiIndex.from_product([scen, provinces])
    df = df.groupby(level=[0, 1]).max()  # duplicates: keep the larger loss
    arr = df.reindex(index=full, columns=industries).astype(float).fillna(0.0).to_numpy()
    return arr.reshape(len(scen), len(provinces), len(industries))


@dataclass(frozen=True, slots=True)
class BackupSolution:
    r"""A backup placement with its cost, risk, coordination figures and solver statement.

    Attributes
    ----------
    placements : DataFrame
        One row per option, index ``(adcode, industry)``; columns ``open`` (bool), ``size``,
        ``cost`` (:math:`F y + c b`), ``size_limit``, ``fixed_cost``, ``unit_cost``,
        ``hinterland`` (bool).
    cost : float
        Total first-stage cost.
    budget : float
    objective : str
        ``"expected"`` or ``"cvar"``.
    alpha : float
        CVaR level used for ``cvar_*`` (and for the objective when ``"cvar"``).
    expected_loss_before, expected_loss_after : float
        :math:`\sum_s \pi_s L_s` without and with the backup.
    cvar_before, cvar_after : float
        :math:`\mathrm{CVaR}_\alpha` of :math:`L_s` without and with the backup.
    losses : DataFrame
        By scenario: ``probability``, ``before``, ``after``.
    shortfall : DataFrame
        :math:`u_{si}` with the backup, scenario x industry.
    hinterland_share_before, hinterland_share_after : float
        Hinterland share of total capacity (all industries summed).
    theil_before, theil_after : float
        Ex-post Theil T of GDP per capita over the instance's provinces (NaN without GDP).
    status : str
        HiGHS' model status of the risk phase (``"Optimal"`` means within ``gap``).
    gap : float
        HiGHS ``mip_gap`` of the risk phase.
    seconds : float
        Wall time of all HiGHS runs.
    phases : tuple of SolveInfo
    notes : tuple of str
    min_hinterland_share : float or None
    """

    placements: pd.DataFrame
    cost: float
    budget: float
    objective: str
    alpha: float
    expected_loss_before: float
    expected_loss_after: float
    cvar_before: float
    cvar_after: float
    losses: pd.DataFrame
    shortfall: pd.DataFrame
    hinterland_share_before: float
    hinterland_share_after: float
    theil_before: float
    theil_after: float
    status: str
    gap: float
    seconds: float
    phases: tuple[SolveInfo, ...] = ()
    notes: tuple[str, ...] = ()
    min_hinterland_share: float | None = None
    cost_weight: float = 0.0

    def opened(self) -> pd.DataFrame:
        """The placements that are open."""
        return self.placements[self.placements["open"]]

    def sizes(self) -> pd.DataFrame:
        """Backup size as a province x industry table (0 where nothing is built)."""
        return self.placements["size"].unstack("industry", fill_value=0.0)

    def to_dict(self) -> dict:
        """Headline figures (JSON-friendly)."""
        keys = (
            "cost budget objective alpha expected_loss_before expected_loss_after cvar_before "
            "cvar_after hinterland_share_before hinterland_share_after theil_before theil_after "
            "status gap seconds min_hinterland_share cost_weight"
        ).split()
        out: dict[str, Any] = {k: getattr(self, k) for k in keys}
        out["opened"] = [
            {"adcode": int(a), "industry": i, "size": float(r["size"]), "cost": float(r["cost"])}
            for (a, i), r in self.opened().iterrows()
        ]
        out["notes"] = list(self.notes)
        return out

    def to_frame(self) -> pd.DataFrame:
        """Before/after comparison of the headline figures, one row per measure."""
        rows = {
            "expected_loss": (self.expected_loss_before, self.expected_loss_after),
            f"cvar_{self.alpha:g}": (self.cvar_before, self.cvar_after),
            "hinterland_share": (self.hinterland_share_before, self.hinterland_share_after),
            "theil_t_gdp_per_capita": (self.theil_before, self.theil_after),
            "cost": (0.0, self.cost),
        }
        return pd.DataFrame.from_dict(rows, orient="index", columns=["before", "after"])


def _share(instance: BackupInstance, b: FloatArray | None) -> float:
    K = instance.problem.K if b is None else instance.problem.K + b
    total = K.sum()
    return float(K[instance.hinterland_mask()].sum() / total) if total > 0 else float("nan")


def _theil(instance: BackupInstance, b: FloatArray | None) -> float:
    from hinterland.metrics import theil_t

    if instance.gdp is None or instance.population is None or instance.value_added_ratio is None:
        return float("nan")
    provinces = list(instance.problem.provinces)
    gdp = instance.gdp.reindex(provinces).to_numpy(float)
    if b is not None:
        ratio = instance.value_added_ratio.reindex(list(instance.problem.industries))
        gdp = gdp + b @ ratio.to_numpy(float)
    pop = instance.population.reindex(provinces).to_numpy(float)
    return theil_t(gdp / pop, w=pop)


def optimize(
    instance: BackupInstance,
    budget: float,
    *,
    objective: str = "expected",
    alpha: float = 0.9,
    cost_weight: float = 0.0,
    gap: float = 0.01,
    time_limit: float = 60.0,
    tiebreak: bool = True,
    min_hinterland_share: float | None = None,
    start: BackupSolution | None = None,
) -> BackupSolution:
    r"""Place backup capacity to minimise expected loss (or CVaR) within a budget.

    Solves the MILP of :mod:`hinterland.layout.backup` with HiGHS and reports the placement
    with every figure recomputed from it, before and after.

    Parameters
    ----------
    instance : BackupInstance
    budget : float
        Money available for :math:`\sum F y + c b`.
    objective : {"expected", "cvar"}, default "expected"
        Minimise expected loss or :math:`\mathrm{CVaR}_\alpha` of the scenario loss.
    alpha : float, default 0.9
        CVaR level (also the level of the reported ``cvar_*``).
    cost_weight : float, default 0
        Weight of cost in the objective (loss per unit of money); 0: risk only.
    gap : float, default 0.01
        Relative MIP gap at which HiGHS stops (``mip_rel_gap``).
    time_limit : float, default 60
        Seconds.
    tiebreak : bool, default True
        Cheapest among the placements of (at most) the risk found, see the module docstring.
    min_hinterland_share : float, optional
        Require the hinterland's share of capacity after backup to be at least this.
    start : BackupSolution, optional
        A previous solution used as HiGHS' starting point if it fits the budget.

    Returns
    -------
    BackupSolution

    Raises
    ------
    ValidationError, InfeasibleError, SolverError
        See :func:`solve_backup`.
    """
    prob = instance.problem
    st = None
    if start is not None:
        y = start.placements["open"].astype(float).unstack("industry", fill_value=0.0)
        b = start.sizes()
        idx, cols = list(prob.provinces), list(prob.industries)
        st = (
            y.reindex(index=idx, columns=cols, fill_value=0.0).to_numpy(),
            b.reindex(index=idx, columns=cols, fill_value=0.0).to_numpy(),
        )
    res = solve_backup(
        prob,
        budget,
        objective=objective,
        alpha=alpha,
        cost_weight=cost_weight,
        gap=gap,
        time_limit=time_limit,
        tiebreak=tiebreak,
        hinterland=instance.hinterland_mask(),
        min_hinterland_share=min_hinterland_share,
        start=st,
    )
    return _solution(instance, res, budget, objective, alpha, min_hinterland_share, cost_weight)


def _solution(instance, res: Placement, budget, objective, alpha, share, weight) -> BackupSolution:
    prob = instance.problem
    p_idx, i_idx = np.nonzero(prob.options)
    index = pd.MultiIndex.from_arrays(
        [instance.provinces[p_idx], instance.industries[i_idx]], names=["adcode", "industry"]
    )
    y, b = res.y[p_idx, i_idx], res.b[p_idx, i_idx]
    F, c = prob.F[p_idx, i_idx], prob.c[p_idx, i_idx]
    placements = pd.DataFrame(
        {
            "open": y,
            "size": b,
            "cost": F * y + c * b,
            "size_limit": prob.M[p_idx, i_idx],
            "fixed_cost": F,
            "unit_cost": c,
            "hinterland": instance.hinterland_mask()[p_idx],
        },
        index=index,
    )
    L0, L1 = scenario_losses(prob), scenario_losses(prob, res.b)
    losses = pd.DataFrame(
        {"probability": prob.pi, "before": L0, "after": L1}, index=instance.scenarios
    )
    return BackupSolution(
        placements=placements,
        cost=float(placements["cost"].sum()),
        budget=float(budget),
        objective=objective,
        alpha=float(alpha),
        expected_loss_before=float(prob.pi @ L0),
        expected_loss_after=float(prob.pi @ L1),
        cvar_before=cvar(L0, prob.pi, alpha),
        cvar_after=cvar(L1, prob.pi, alpha),
        losses=losses,
        shortfall=pd.DataFrame(
            shortfall(prob, res.b), index=instance.scenarios, columns=instance.industries
        ),
        hinterland_share_before=_share(instance, None),
        hinterland_share_after=_share(instance, res.b),
        theil_before=_theil(instance, None),
        theil_after=_theil(instance, res.b),
        status=res.status,
        gap=res.gap,
        seconds=res.seconds,
        phases=res.phases,
        notes=res.notes,
        min_hinterland_share=share,
        cost_weight=float(weight),
    )


# ----------------------------------------------------------------------------- the checker


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Outcome of :func:`check`: ``ok`` and one line per violated constraint or figure."""

    ok: bool
    violations: tuple[str, ...] = ()
    recomputed: dict[str, float] = field(default_factory=dict)

    def raise_if_failed(self) -> None:
        """Raise :class:`ValidationError` listing the violations, if any."""
        if not self.ok:
            raise ValidationError("backup solution fails its check: " + "; ".join(self.violations))


def check(solution: BackupSolution, instance: BackupInstance, *, tol: float = 1e-6) -> CheckReport:
    r"""Verify every constraint and recompute every objective of a solution, without a solver.

    A separate, labelled code path (pandas tables, loops over scenarios, CVaR as the minimum of
    the Rockafellar-Uryasev function over all breakpoints): options exist where placed, ``open``
    is 0/1, :math:`0 \le b \le M y`, option costs and their total, the budget, the hinterland
    target, and the reported cost, losses, CVaR, shares and Theil indices.

    Parameters
    ----------
    solution : BackupSolution
    instance : BackupInstance
        The instance that was solved.
    tol : float, default 1e-6
        Relative tolerance (times max(1, |value|)).

    Returns
    -------
    CheckReport
    """
    v: list[str] = []

    def close(name: str, got: float, want: float) -> None:
        if not (np.isnan(got) and np.isnan(want)) and not abs(got - want) <= tol * max(
            1.0, abs(want)
        ):
            v.append(f"{name}: reported {got:.10g}, recomputed {want:.10g}")

    K, M = instance.frame("K"), instance.frame("M")
    F, c = instance.frame("F"), instance.frame("c")
    P = solution.placements
    opts = M.stack()
    opts = opts[opts > 0]
    if not P.index.equals(opts.index):
        missing = opts.index.difference(P.index)
        extra = P.index.difference(opts.index)
        v.append(f"placements do not match the options: missing {list(missing)[:5]}, "
                 f"not options {list(extra)[:5]}")  # fmt: skip
        return CheckReport(False, tuple(v))
    opened = P["open"].to_numpy()
    if P["open"].dtype != bool and not np.isin(opened, (0, 1)).all():
        v.append("open must be 0/1")
    y = opened.astype(float)
    size = P["size"].to_numpy(float)
    lim = M.stack().reindex(P.index).to_numpy(float)
    room = tol * np.maximum(1.0, lim)
    for k in np.nonzero((size < -room) | (size > lim * y + room))[0]:
        v.append(f"size {size[k]:g} of option {P.index[k]} outside [0, {lim[k] * y[k]:g}]")
    f_k = F.stack().reindex(P.index).to_numpy(float)
    c_k = c.stack().reindex(P.index).to_numpy(float)
    cost_k = f_k * y + c_k * size
    bad = ~np.isclose(P["cost"].to_numpy(float), cost_k, rtol=tol, atol=tol)
    for k in np.nonzero(bad)[0]:
        v.append(f"cost of option {P.index[k]}: reported {P['cost'].iloc[k]:g}, want {cost_k[k]:g}")
    total = float(cost_k.sum())
    close("cost", solution.cost, total)
    if total > solution.budget + tol * max(1.0, solution.budget):
        v.append(f"budget: cost {total:.10g} exceeds the budget {solution.budget:.10g}")
    built = P["size"].unstack("industry").reindex(index=K.index, columns=K.columns).fillna(0.0)
    after = K + built
    pi = instance.probability
    L0, L1 = {}, {}
    for k, s in enumerate(instance.scenarios):
        keep = pd.DataFrame(1.0 - instance.problem.delta[k], index=K.index, columns=K.columns)
        demand = pd.Series(instance.problem.D, index=K.columns)
        lam = pd.Series(instance.problem.lam, index=K.columns)
        u0 = (demand - (keep * K).sum()).clip(lower=0.0)
        u1 = (demand - (keep * after).sum()).clip(lower=0.0)
        L0[s], L1[s] = float((lam * u0).sum()), float((lam * u1).sum())
        for ind in K.columns:
            close(f"shortfall[{s!r}, {ind!r}]", float(solution.shortfall.loc[s, ind]), u1[ind])
    L0s, L1s = pd.Series(L0), pd.Series(L1)

    def cvar_bf(L: pd.Series) -> float:
        a = solution.alpha
        return min(eta + float((pi * (L - eta).clip(lower=0)).sum()) / (1 - a) for eta in L)

    rec = {
        "cost": total,
        "expected_loss_before": float((pi * L0s).sum()),
        "expected_loss_after": float((pi * L1s).sum()),
        "cvar_before": cvar_bf(L0s),
        "cvar_after": cvar_bf(L1s),
    }
    h = K.index.isin(list(instance.hinterland))
    for name, cap in (("hinterland_share_before", K), ("hinterland_share_after", after)):
        whole = cap.to_numpy().sum()
        rec[name] = float(cap[h].to_numpy().sum() / whole) if whole > 0 else float("nan")
    if instance.gdp is not None:
        from hinterland.metrics import theil_t

        ratio = instance.value_added_ratio.reindex(K.columns)
        pop = instance.population.reindex(K.index)
        for name, extra in (("theil_before", 0.0), ("theil_after", built @ ratio)):
            rec[name] = theil_t((instance.gdp.reindex(K.index) + extra) / pop, w=pop)
    for name, want in rec.items():
        if name != "cost":
            close(name, getattr(solution, name), want)
    t = solution.min_hinterland_share
    if t is not None and rec["hinterland_share_after"] < t - tol:
        v.append(f"min_hinterland_share: share {rec['hinterland_share_after']:.8f} < target {t}")
    return CheckReport(not v, tuple(v), rec)
