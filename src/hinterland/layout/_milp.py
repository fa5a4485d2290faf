"""Backup placement, array kernel: the solve of the MILP with HiGHS, phase by phase.

:func:`solve_backup` checks the options and the hinterland-share target before solving
(:func:`share_bound`, the LP bound of the share a budget can reach), builds the MILP
(:func:`~hinterland.layout._milp_model.build_milp`), runs the risk phase (expected loss or CVaR)
and the cost tie-break (:func:`~hinterland.layout._milp_highs.solve_phase`, which does not trust
an inconsistent HiGHS answer), and returns a :class:`Placement` (positions, not labels).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hinterland.errors import InfeasibleError, SolverError, ValidationError, unknown
from hinterland.layout._milp_highs import SolveInfo, solve_phase
from hinterland.layout._milp_model import MILP as MILP  # kept importable from here
from hinterland.layout._milp_model import build_milp, full_x, read_placement
from hinterland.layout._problem import BackupProblem, FloatArray
from hinterland.messages import Message, msg

__all__ = ["MILP", "OBJECTIVES", "Placement", "SolveInfo", "build_milp", "solve_backup"]

_placement = read_placement  # kept importable from here

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
    x0 = full_x(problem, milp, y0, b0, alpha)
    c1 = milp.risk + cost_weight * milp.cost
    run, x = solve_phase(milp, c1, time_limit=time_limit, start=x0, phase="risk", **common)
    runs = [run]
    y, b = read_placement(problem, milp, x, budget)
    if tiebreak and cost_weight == 0:
        left = time_limit - (time.perf_counter() - clock)
        if left > 0.05:
            x1 = full_x(problem, milp, y.astype(float), b, alpha)
            level = float(milp.risk @ x1)
            cap = (milp.risk, level + 1e-9 * max(1.0, abs(level)))
            try:
                run2, x2 = solve_phase(
                    milp, milp.cost, time_limit=left, start=x1, phase="tiebreak", cap=cap, **common
                )
            except (SolverError, InfeasibleError) as exc:
                notes.append(msg("layout.note.tiebreak_skipped", error=str(exc)))
            else:
                runs.append(run2)
                y2, b2 = read_placement(problem, milp, x2, budget)
                risk2 = float(milp.risk @ full_x(problem, milp, y2.astype(float), b2, alpha))
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
