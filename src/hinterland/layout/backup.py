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

Modules. This one is the public entry point and only re-exports: the array kernel is in
:mod:`hinterland.layout._problem` (:class:`BackupProblem`, :func:`shortfall`,
:func:`scenario_losses`, :func:`cvar`), :mod:`hinterland.layout._milp_model` (the MILP's
columns and rows, :func:`build_milp`), :mod:`hinterland.layout._milp_highs` (one trusted HiGHS
run) and :mod:`hinterland.layout._milp` (the phases, :func:`solve_backup`), the labelled layer
in :mod:`hinterland.layout.instance` (:class:`BackupInstance`) and
:mod:`hinterland.layout.solution` (:func:`optimize`, :class:`BackupSolution`), the independent
checker in :mod:`hinterland.layout.check`
(:func:`check`, :class:`CheckReport`).

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

# Re-exported for callers (tests, benchmarks); ``X as X`` marks names kept out of __all__.
from hinterland.layout._milp import MILP as MILP
from hinterland.layout._milp import OBJECTIVES, Placement, SolveInfo, solve_backup
from hinterland.layout._milp import build_milp as build_milp
from hinterland.layout._problem import PROBABILITY_TOL as PROBABILITY_TOL
from hinterland.layout._problem import BackupProblem, cvar, scenario_losses, shortfall
from hinterland.layout._problem import FloatArray as FloatArray
from hinterland.layout.check import CheckReport, check
from hinterland.layout.instance import BackupInstance
from hinterland.layout.solution import BackupSolution, optimize

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
