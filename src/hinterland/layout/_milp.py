"""Backup placement, array kernel: the MILP as sparse arrays, solved with HiGHS.

:func:`build_milp` writes the MILP of :mod:`hinterland.layout.backup` column-wise with
:mod:`scipy.sparse`; :func:`solve_backup` checks the options and the hinterland-share target
before solving, runs the risk phase and the cost tie-break, does not trust an inconsistent HiGHS
answer, and returns a :class:`Placement` (positions, not labels).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from hinterland._highs import quiet_highs, run_timed
from hinterland.errors import InfeasibleError, SolverError, ValidationError, unknown
from hinterland.layout._problem import BackupProblem, FloatArray, shortfall
from hinterland.messages import Message, msg

__all__ = ["MILP", "OBJECTIVES", "Placement", "SolveInfo", "build_milp", "solve_backup"]

OBJECTIVES = ("expected", "cvar")
"""Risk measures that :func:`~hinterland.layout.backup.optimize` minimises; the default is
``"expected"``."""


def _notes(problem: BackupProblem, budget: float) -> list[Message]:
    notes = []
    opt = problem.options
    for k, ind in enumerate(problem.industries):
        if not opt[:, k].any():
            notes.append(msg("layout.note.no_option", industry=ind))
        elif np.min(problem.F[opt[:, k], k]) > budget:
            cheapest = float(np.min(problem.F[opt[:, k], k]))
            notes.append(
                msg("layout.note.fixed_cost", industry=ind, cheapest=cheapest, budget=budget)
            )
        if problem.lam[k] == 0:
            notes.append(msg("layout.note.zero_loss", industry=ind))
    zero = [s for s, p in zip(problem.scenarios, problem.pi, strict=True) if p == 0]
    if zero:
        notes.append(msg("layout.note.zero_probability", scenarios=zero))
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
    """Build the MILP of :mod:`hinterland.layout.backup`.

    Rows: link, shortfall, budget, CVaR, resources, share. Parameters are those of
    :func:`solve_backup`; ``hinterland`` is a boolean (P,) mask.
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
    # sum_i W_qpi b_pi <= R_qp for every resource and province with a finite limit
    for q in range(problem.W.shape[0]):
        w = problem.W[q, opt_p, opt_i]
        for p_ in np.unique(opt_p[w > 0]):
            if not np.isfinite(problem.R[q, p_]):
                continue
            k = np.nonzero((opt_p == p_) & (w > 0))[0]
            rows.append(np.full(k.size, r))
            cols.append(col_b[k])
            vals.append(w[k])
            lo.append(np.array([-np.inf]))
            hi.append(np.array([float(problem.R[q, p_])]))
            r += 1
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
    notes: tuple[Message, ...] = ()


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
    h.setOptionValue("mip_rel_gap", float(gap))
    if gap == 0:
        # "solve to optimality" must not stop at HiGHS' default absolute gap of 1e-6
        h.setOptionValue("mip_abs_gap", 0.0)
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

    status, name, info, seconds = run_timed(h)
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
    notes: list[Message],
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
    worth = float(c @ x)
    notes.append(msg("layout.note.restart", phase=phase, reported=run.objective, worth=worth))
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


def share_bound(problem: BackupProblem, budget: float, h: NDArray[np.bool_]) -> tuple[float, float]:
    """The hinterland's share of capacity now, and its upper bound after spending ``budget``.

    The bound is the LP relaxation (a fractional knapsack): hinterland options bought at unit
    price ``F / M + c``, cheapest first, until the budget is spent. Resource limits and whole
    fixed costs can only lower what a placement reaches.
    """
    k_h, k_all = float(problem.K[h].sum()), float(problem.K.sum())
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
    now = k_h / k_all if k_all > 0 else 0.0
    best = (k_h + built) / (k_all + built) if k_all + built > 0 else 0.0
    return now, max(now, best)


def _check_share(problem: BackupProblem, budget: float, h: NDArray[np.bool_], t: float) -> None:
    """Raise InfeasibleError if share ``t`` is out of reach even in the LP relaxation."""
    if not 0.0 <= t <= 1.0:
        raise ValidationError(f"min_hinterland_share must be in [0, 1]; got {t!r}")
    before, best = share_bound(problem, budget, h)
    if best < t:
        n_opt = int((problem.options & h[:, None]).sum())
        raise InfeasibleError(
            f"constraint min_hinterland_share={t:g} cannot be met: the hinterland holds "
            f"{before:.4%} of capacity now and at most {best:.4%} after spending the budget "
            f"{budget:g} on hinterland options only (LP bound, {n_opt} options); "
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
    """Solve the backup MILP of :mod:`hinterland.layout.backup` with HiGHS.

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
        use = np.einsum("qpi,pi->qp", problem.W, bs)
        fits = (use <= problem.R).all()
        if fits and (problem.F * ys).sum() + (problem.c * bs).sum() <= budget:
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
                notes.append(msg("layout.note.tiebreak_skipped", error=str(exc)))
            else:
                runs.append(run2)
                y2, b2 = _placement(problem, milp, x2, budget)
                risk2 = float(milp.risk @ _full_x(problem, milp, y2.astype(float), b2, alpha))
                if risk2 <= cap[1]:
                    y, b = y2, b2
                else:  # HiGHS may use its feasibility tolerance (1e-6) on the risk cap
                    notes.append(msg("layout.note.tiebreak_risk", before=level, after=risk2))
        else:
            notes.append(msg("layout.note.time_limit"))
    if runs[0].status != "Optimal":
        notes.append(msg("layout.note.status", status=runs[0].status, gap=runs[0].gap))
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
    """Round ``y`` to 0/1 and clip ``b`` to [0, M y]; close empty options; keep within budget.

    HiGHS' feasibility tolerance can let the cost exceed the budget by ~1e-7 relative; the
    sizes are then scaled down by that factor so that the reported cost never exceeds it.
    """
    n_o = milp.n_opt
    y = np.zeros(problem.K.shape, dtype=bool)
    b = np.zeros(problem.K.shape)
    y[milp.opt_p, milp.opt_i] = x[:n_o] > 0.5
    b[milp.opt_p, milp.opt_i] = x[n_o : 2 * n_o]
    b = np.clip(b, 0.0, problem.M * y)
    # sizes at the level of the solver's tolerance are noise, not placements
    b[b <= 1e-9 * max(float(problem.M.max(initial=0.0)), 1.0)] = 0.0
    # an option opened with no capacity changes no scenario and only costs its fixed cost (a
    # risk-phase solution may carry such openings when its tie-break is not kept): close it
    y &= b > 0
    fixed, variable = float((problem.F * y).sum()), float((problem.c * b).sum())
    if fixed + variable > budget and variable > 0:
        # scale only what costs money: free capacity (unit cost 0) is never over budget
        paid = problem.c > 0
        b[paid] *= max(budget - fixed, 0.0) / variable
    return y, b
