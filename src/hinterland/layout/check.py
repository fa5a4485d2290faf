"""Backup placement, the independent checker: :func:`check` and its :class:`CheckReport`.

A second, labelled code path (pandas tables, loops over scenarios, CVaR as the minimum of the
Rockafellar-Uryasev function over all breakpoints) that verifies a
:class:`~hinterland.layout.solution.BackupSolution` against its
:class:`~hinterland.layout.instance.BackupInstance` without a solver and without the array
kernel's evaluation functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hinterland.errors import ValidationError
from hinterland.layout.instance import BackupInstance
from hinterland.layout.solution import BackupSolution

__all__ = ["CheckReport", "check"]


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
    is 0/1, :math:`0 \le b \le M y`, option costs and their total, the budget, the resource
    limits, the hinterland target, and the reported cost, losses, CVaR, shares and Theil indices.

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
    prob = instance.problem
    for q, name in enumerate(prob.resources):
        use = (pd.DataFrame(prob.W[q], index=K.index, columns=K.columns) * built).sum(axis=1)
        limit = pd.Series(prob.R[q], index=K.index)
        for a in use.index[use > limit + tol * np.maximum(1.0, limit.where(limit < np.inf, 1.0))]:
            v.append(f"resource {name!r} in {a}: backup uses {use[a]:.10g} > limit {limit[a]:.10g}")
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
