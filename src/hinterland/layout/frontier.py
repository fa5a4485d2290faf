r"""Trade-off frontiers of backup placement: loss against budget, and Pareto fronts.

:func:`frontier` solves the backup MILP (:func:`hinterland.layout.backup.optimize`) for a list
of budgets. :func:`pareto` traces the cost-risk front by the epsilon-constraint method
(Haimes et al. 1971; Mavrotas 2009):

.. math::

    \min_{y, b}\ R(y, b) \quad \text{s.t.}\quad \sum F y + c b \le \varepsilon_k,
    \qquad \varepsilon_k = \tfrac{k}{n-1}\, C^*,\ k = 0, \dots, n-1,

where :math:`R` is the expected loss or :math:`\mathrm{CVaR}_\alpha` and :math:`C^*` the cost
of the cheapest placement of least risk within ``budget`` (every option at its size limit when
no budget is given), so the grid spans the whole front from "build nothing" to "nothing more is
worth building". Each point is the cheapest placement of its risk (the tie-break of
:func:`~hinterland.layout.backup.optimize`), so the points are non-dominated up to the MIP gap;
the ``efficient`` column marks those no other point dominates.

Budgets are solved in increasing order and each solve starts from the previous placement,
which stays feasible when the budget grows: HiGHS then never returns a worse risk than the
previous point's, so the loss column is monotone (non-increasing) whatever the gap.

Regional coordination enters as a second epsilon-constraint front at a fixed budget: the
hinterland's share of the key industries' capacity after backup, :math:`h(b)`, is required to
reach :math:`\varepsilon_k`, from the share of the least-risk placement up to the most the budget
can buy (LP bound), and the risk is minimised under it (pairs ``("hinterland_share",
"expected_loss")`` and ``("hinterland_share", "cvar")``). The share is the issue's linear measure
of coordination; the Theil index of GDP per capita after backup is reported at every point (it is
not an objective: it is not linear in :math:`b`). Points that whole options (fixed costs) cannot
reach end the front, and a grid point the previous placement already meets is skipped (that
placement is optimal there too), and so is a point that ends with the same placement as the one
before it. A tighter target never lowers the optimal risk, so a point beaten by the next
one (stopped at its MIP gap) is solved again from the next one's placement: the risk column is
monotone (non-decreasing in the target).

References
----------
Haimes, Y. Y., Lasdon, L. S., & Wismer, D. A. (1971). On a bicriterion formulation of the
problems of integrated system identification and system optimization. *IEEE Transactions on
Systems, Man, and Cybernetics*, SMC-1(3), 296-297.

Mavrotas, G. (2009). Effective implementation of the epsilon-constraint method in
multi-objective mathematical programming problems. *Applied Mathematics and Computation*,
213(2), 455-465.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from hinterland.errors import ValidationError, unknown
from hinterland.layout.backup import BackupInstance, BackupSolution, optimize

__all__ = ["PAIRS", "frontier", "pareto"]

PAIRS = {
    ("cost", "expected_loss"): "expected",
    ("cost", "cvar"): "cvar",
    ("hinterland_share", "expected_loss"): "expected",
    ("hinterland_share", "cvar"): "cvar",
}
"""Objective pairs accepted by :func:`pareto` and the risk objective each minimises."""

FIRST = ("cost", "hinterland_share")

COLUMNS = [
    "budget",
    "cost",
    "expected_loss",
    "cvar",
    "hinterland_share",
    "theil",
    "n_open",
    "status",
    "gap",
    "seconds",
]


def _row(sol: BackupSolution) -> dict:
    return {
        "budget": sol.budget,
        "cost": sol.cost,
        "expected_loss": sol.expected_loss_after,
        "cvar": sol.cvar_after,
        "hinterland_share": sol.hinterland_share_after,
        "theil": sol.theil_after,
        "n_open": int(sol.placements["open"].sum()),
        "status": sol.status,
        "gap": sol.gap,
        "seconds": sol.seconds,
    }


def _sweep(instance: BackupInstance, budgets: Sequence[float], **options) -> list[BackupSolution]:
    out: list[BackupSolution] = []
    for budget in budgets:
        out.append(optimize(instance, budget, start=out[-1] if out else None, **options))
    return out


def frontier(
    instance: BackupInstance,
    budgets: Iterable[float],
    *,
    objective: str = "expected",
    alpha: float = 0.9,
    cost_weight: float = 0.0,
    gap: float = 0.01,
    time_limit: float = 60.0,
    min_hinterland_share: float | None = None,
) -> pd.DataFrame:
    """Solve the backup problem for each budget (ascending, warm-started).

    Parameters
    ----------
    instance : BackupInstance
    budgets : iterable of float
        Budgets >= 0; duplicates are solved once.
    objective, alpha, cost_weight, gap, time_limit, min_hinterland_share
        As for :func:`~hinterland.layout.backup.optimize` (``time_limit`` per budget).

    Returns
    -------
    DataFrame
        One row per budget (ascending), columns ``budget, cost, expected_loss, cvar,
        hinterland_share, theil, n_open, status, gap, seconds``; ``attrs`` holds
        ``expected_loss_before`` and ``cvar_before`` (no backup), ``objective`` and ``alpha``.

    Raises
    ------
    ValidationError
        If ``budgets`` is empty or holds a negative or non-finite value.
    """
    values = [float(b) for b in budgets]
    if not values:
        raise ValidationError("budgets is empty; give at least one budget >= 0")
    bad = [b for b in values if not (np.isfinite(b) and b >= 0)]
    if bad:
        raise ValidationError(f"budgets must be finite and >= 0; got {bad}")
    sols = _sweep(
        instance,
        sorted(set(values)),
        objective=objective,
        alpha=alpha,
        cost_weight=cost_weight,
        gap=gap,
        time_limit=time_limit,
        min_hinterland_share=min_hinterland_share,
    )
    df = pd.DataFrame([_row(s) for s in sols], columns=COLUMNS)
    df.attrs.update(
        objective=objective,
        alpha=alpha,
        expected_loss_before=sols[0].expected_loss_before,
        cvar_before=sols[0].cvar_before,
    )
    return df


def _pairs(objective_pairs) -> list[tuple[str, str]]:
    if (
        isinstance(objective_pairs, Sequence)
        and len(objective_pairs) == 2
        and all(isinstance(x, str) for x in objective_pairs)
    ):
        objective_pairs = [objective_pairs]
    out = []
    for pair in objective_pairs:
        key = tuple(sorted(pair, key=lambda x: x not in FIRST))
        if key not in PAIRS:
            raise unknown("objective pair", tuple(pair), [f"{a},{b}" for a, b in PAIRS])
        out.append(key)
    return out


def _efficient(cost: np.ndarray, risk: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    eps_c = tol * max(1.0, float(np.abs(cost).max(initial=0.0)))
    eps_r = tol * max(1.0, float(np.abs(risk).max(initial=0.0)))
    better_eq = (cost[None, :] <= cost[:, None] + eps_c) & (risk[None, :] <= risk[:, None] + eps_r)
    strict = (cost[None, :] < cost[:, None] - eps_c) | (risk[None, :] < risk[:, None] - eps_r)
    return ~(better_eq & strict).any(axis=1)


def pareto(
    instance: BackupInstance,
    objective_pairs: tuple[str, str] | Sequence[tuple[str, str]] = ("cost", "expected_loss"),
    n: int = 8,
    *,
    budget: float | None = None,
    alpha: float = 0.9,
    gap: float = 0.01,
    time_limit: float = 60.0,
) -> pd.DataFrame:
    """Trace Pareto fronts by the epsilon-constraint method: cost-risk and coordination-risk.

    Parameters
    ----------
    instance : BackupInstance
    objective_pairs : pair or sequence of pairs, default ("cost", "expected_loss")
        ``("cost", "expected_loss")``, ``("cost", "cvar")``, ``("hinterland_share",
        "expected_loss")``, ``("hinterland_share", "cvar")`` (order within a pair is free).
    n : int, default 8
        Grid points per pair (>= 2); fewer rows when the front is a single point (nothing is
        worth building, or no target above the least-risk share is reachable).
    budget : float, optional
        Upper end of the cost grid's range, and the budget of every coordination point;
        default: every option at its size limit.
    alpha : float, default 0.9
        CVaR level.
    gap, time_limit
        As for :func:`~hinterland.layout.backup.optimize` (per solve).

    Returns
    -------
    DataFrame
        Columns ``pair, epsilon`` (the cost cap, or the share target; the first coordination
        point is the least-risk placement without a target, at its own share) and those of
        :func:`frontier`, plus ``efficient`` (bool: no other point of the pair is at least as
        good in both and better in one; cost lower, share higher, risk lower).

    Raises
    ------
    ValidationError
        For an unknown pair (listing the valid ones) or ``n < 2``.
    """
    pairs = _pairs(objective_pairs)
    if int(n) != n or n < 2:
        raise ValidationError(f"n must be an integer >= 2; got {n!r}")
    prob = instance.problem
    if budget is None:
        opt = prob.options
        budget = float((prob.F[opt] + prob.c[opt] * prob.M[opt]).sum())
    frames = []
    for pair in pairs:
        options = dict(objective=PAIRS[pair], alpha=alpha, gap=gap, time_limit=time_limit)
        trace = _cost_front if pair[0] == "cost" else _coordination_front
        grid, sols = trace(instance, budget, int(n), pair[1], options)
        df = pd.DataFrame([_row(s) for s in sols], columns=COLUMNS)
        df.insert(0, "epsilon", grid)
        df.insert(0, "pair", f"{pair[0]}-{pair[1]}")
        first = df[pair[0]].to_numpy(float)
        df["efficient"] = _efficient(
            first if pair[0] == "cost" else -first, df[pair[1]].to_numpy(float)
        )
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    out.attrs.update(alpha=alpha, budget=budget)
    return out


def _risk(sol: BackupSolution, kind: str) -> float:
    return sol.expected_loss_after if kind == "expected_loss" else sol.cvar_after


def _cost_front(instance, budget, n, risk, options):
    """Epsilon on cost: budgets from 0 to the cost of the least-risk placement."""
    top = optimize(instance, budget, **options)
    grid = np.unique(np.linspace(0.0, top.cost, n))
    sols = _sweep(instance, list(grid[:-1]), **options)
    if sols and _risk(sols[-1], risk) < _risk(top, risk):  # top's MIP gap: keep monotone
        top = optimize(instance, float(grid[-1]), start=sols[-1], **options)
    return grid, [*sols, top]


def _coordination_front(instance, budget, n, risk, options):
    """Epsilon on the hinterland's share, within one budget.

    From the share of the least-risk placement (no target) up to the LP bound of the share the
    budget can buy (:func:`~hinterland.layout._milp.share_bound`); a target that whole options
    cannot reach ends the front (the last grid points are dropped).
    """
    from hinterland.errors import InfeasibleError
    from hinterland.layout._milp import share_bound

    free = optimize(instance, budget, **options)
    _, best = share_bound(instance.problem, budget, instance.hinterland_mask())
    low = free.hinterland_share_after
    targets, sols = [low], [free]
    for target in np.linspace(low, max(low, best), n)[1:]:
        if sols[-1].hinterland_share_after >= target:
            continue  # the last placement meets this target too, so it is optimal here as well
        try:
            sol = optimize(instance, budget, min_hinterland_share=float(target), **options)
        except InfeasibleError:
            break
        targets.append(float(target))
        sols.append(sol)
    # a tighter target never lowers the optimum: a point beaten by the next one stopped at its
    # MIP gap, so it is solved again from the next point's placement (feasible for it)
    for k in range(len(sols) - 2, -1, -1):
        if _risk(sols[k], risk) > _risk(sols[k + 1], risk):
            target = targets[k] if k else None
            sols[k] = optimize(
                instance, budget, min_hinterland_share=target, start=sols[k + 1], **options
            )
    targets[0] = sols[0].hinterland_share_after
    # a re-solved point may now meet the next targets too (at no more risk): those are dropped,
    # as are repeated placements, so the targets rise strictly along the front
    keep = [0]
    for k in range(1, len(sols)):
        if targets[k] > targets[keep[-1]] and not _same(sols[keep[-1]], sols[k]):
            keep.append(k)
    return np.array(targets)[keep], [sols[k] for k in keep]


def _same(a: BackupSolution, b: BackupSolution) -> bool:
    """Whether two solutions place the same sizes (to 1e-9 relative)."""
    sa, sb = a.sizes().align(b.sizes(), fill_value=0.0)
    return bool(np.allclose(sa.to_numpy(), sb.to_numpy(), rtol=1e-9, atol=1e-9))
