"""Backup placement, labelled layer: :func:`optimize` and its :class:`BackupSolution`.

:func:`optimize` passes a :class:`~hinterland.layout.instance.BackupInstance` to the array kernel
(:func:`~hinterland.layout.backup.solve_backup`) and recomputes every reported figure from the
placement: cost, losses and CVaR before and after, the hinterland share and the ex-post Theil T.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from hinterland.layout._milp import Placement, SolveInfo, solve_backup
from hinterland.layout._problem import FloatArray, cvar, scenario_losses, shortfall
from hinterland.layout.instance import BackupInstance
from hinterland.messages import Message, texts

__all__ = ["BackupSolution", "optimize"]


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
    notes : tuple of Message
        What the solver run says (catalogue messages, :mod:`hinterland.messages`);
        :meth:`to_dict` gives them in English.
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
    notes: tuple[Message, ...] = ()
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
        out["notes"] = texts(self.notes, "en")
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
        Cheapest among the placements of (at most) the risk found, see
        :mod:`hinterland.layout.backup`.
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
