"""Backup placement, solver layer: one HiGHS run of the MILP, trusted only if consistent.

:func:`highs_model` hands a :class:`~hinterland.layout._milp_model.MILP` to HiGHS (``highspy``),
:func:`solve_phase` runs it from a start and checks the answer against the rows, bounds and
objective, running again without the start when HiGHS contradicts itself; each run is recorded
as a :class:`SolveInfo`. The phases that call it are in
:func:`hinterland.layout._milp.solve_backup`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from hinterland._highs import quiet_highs, run_timed
from hinterland.errors import InfeasibleError, SolverError
from hinterland.layout._milp_model import MILP
from hinterland.layout._problem import FloatArray
from hinterland.messages import Message, msg

__all__ = ["SolveInfo", "highs_model", "solve_phase"]


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


def highs_model(
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


def solve_phase(
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
    h = highs_model(milp, c, gap, time_limit, cap)
    sol = highspy.HighsSolution()
    sol.col_value = list(map(float, start))
    h.setSolution(sol)
    run, x = _run(h, phase, infeasible)
    if _consistent(milp, c, x, run.objective, cap):
        return run, x
    worth = float(c @ x)
    notes.append(msg("layout.note.restart", phase=phase, reported=run.objective, worth=worth))
    left = max(time_limit - (time.perf_counter() - clock), 0.05)
    run, x = _run(highs_model(milp, c, gap, left, cap), phase, infeasible)
    if not _consistent(milp, c, x, run.objective, cap):
        raise SolverError(
            f"HiGHS returned an inconsistent solution in the {phase} phase: objective "
            f"{run.objective:.10g} reported, {float(c @ x):.10g} recomputed, or a row violated"
        )
    return run, x
