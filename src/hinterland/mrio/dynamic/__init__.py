r"""Adaptive regional input-output (ARIO) model: daily disruption and recovery of an MRIO economy.

A model of the ARIO family (Hallegatte 2008, 2014), written to follow the equations of BoARIO's
``ARIOPsiModel`` (Juhel 2023; Guan et al. 2020 for the orders): destroyed productive capital
cuts capacity, input inventories buffer the shock, orders restore the inventories, suppliers
ration their output proportionally across all orders, overproduction capacity builds up where
demand exceeds production, and capacity comes back either as rebuilding demand is met or along
an exogenous recovery path.

The package: :mod:`.parameters` (:class:`ARIOParams`), :mod:`.events`
(:class:`CapitalShock`), :mod:`.step` (state and the pure step), :mod:`.simulation` (recorder and
loop) and :mod:`.batch` (k scenarios stepped together, :func:`simulate_batch`).

The simulation is written as steps: a state (:class:`ARIOState`), a pure
``step(state, params) -> state``, a separate :class:`Recorder`, and :func:`simulate`, which
holds the loop, applies the shock (:class:`CapitalShock`, a validated value object) and
decides when to stop. Every step is vectorised numpy: no Python loop over sectors.

Notation. Industries (region-sectors) :math:`i, j = 1..n` in region-major order
(``i = region * n_sectors + sector``); products (sectors) :math:`p = 1..S`; :math:`p(i)` the
product of industry :math:`i`. Flows are per day: :math:`z_{ij}`, :math:`y_i`,
:math:`x^0_i = \sum_j z_{ij} + y_i` are the table's flows divided by ``days_per_year``, and
:math:`z^P_{pj} = \sum_{i \in p} z_{ij}` is what :math:`j` buys of product :math:`p` from all
regions. Day :math:`t` does, in order:

1. Demand addressed to each industry: orders placed the day before, final demand and
   rebuilding demand,
   :math:`D_i = \sum_j O_{ij} + y_i + \frac{1}{\tau_R}\sum_k B_{ik}`.
2. Overproduction (Hallegatte 2008), with scarcity :math:`\sigma_i = (D_i - x_i(t-1)) / D_i`:
   where demand exceeds production (:math:`\sigma_i >` ``SCARCITY_TOL`` = 1e-9)
   :math:`\alpha_i \leftarrow \alpha_i + (\alpha^{max} - \alpha_i)\,\sigma_i / \tau_\alpha`,
   elsewhere it decays, :math:`\alpha_i \leftarrow \alpha_i + (\alpha^{b} - \alpha_i) /
   \tau_\alpha`; then :math:`\alpha_i \leftarrow \max(1, \alpha_i)`.
3. Capacity, with :math:`\Delta_i = K^{lost}_i / K_i` the share of capital destroyed:
   :math:`\bar x_i = \alpha_i (1 - \Delta_i) x^0_i`, and
   :math:`x^{opt}_i = \min(D_i, \bar x_i)`.
4. Inputs: industry :math:`j` keeps an inventory :math:`I_{pj}` of each product, with target
   :math:`n_p` days of use. Production is cut when an inventory falls below the share
   :math:`\psi` of the target (``psi = 1`` gives the base ARIO model):
   :math:`x_j = x^{opt}_j \min\bigl(1, \min_p I_{pj} / (\psi\, n_p\, z^P_{pj} x^{opt}_j / x^0_j)
   \bigr)` over binding inputs (:math:`z^P_{pj}/x^0_j` above ``input_threshold``, finite
   :math:`n_p`).
5. Proportional rationing: industry :math:`i` serves the share :math:`q_i = x_i / D_i` of every
   order, intermediate, final and rebuilding. Final demand not met is :math:`(1 - q_i) y_i`;
   inventories become :math:`I_{pj} + \sum_{i \in p} q_i O_{ij} - z^P_{pj} x_j / x^0_j`;
   rebuilding demand becomes :math:`B_{ik} (1 - q_i / \tau_R)` and the capital still destroyed
   :math:`K^{lost}_k = \sum_i B_{ik} / \phi` (:math:`\phi` the rebuilding factor).
6. Orders for the next day (Guan et al. 2020): replace what was used and close the inventory
   gap with characteristic time :math:`\tau_{INV}`,
   :math:`G_{pj} = z^P_{pj} x_j / x^0_j + \max\bigl(0,\ n_p z^P_{pj} x^{opt}_j / x^0_j - I_{pj}
   \bigr) / \tau_{INV,p}`, split among the regions that supply product :math:`p` in proportion
   to the baseline purchases weighted by the supplier's current capacity,
   :math:`O_{ij} = G_{p(i)j}\, c_i z_{ij} / \sum_{i' \in p(i)} c_{i'} z_{i'j}` with
   :math:`c_i = \bar x_i / x^0_i` (``order_split="capacity"``, BoARIO's ``"alt"``), or
   :math:`c_i = 1` (``"fixed"``, BoARIO's ``"noalt"``).

The order matrix :math:`O` is never formed: the state keeps :math:`G` (``S x n``), the weights
:math:`c` and :math:`H_{pj} = G_{pj} / \sum_{i \in p} c_i z_{ij}`, so a step costs two passes
over the ``n x n`` flows (two batched matrix products) and a few ``S x n`` operations.
Everything is computed as ratios to the baseline, so the initial state is an exact fixed point:
without a shock the output stays bit-for-bit at :math:`x^0` and the inventories at their
targets.

Differences from BoARIO 0.7 (kept on purpose): overproduction decays wherever demand is met,
as Hallegatte (2008) describes, where BoARIO decays it only when scarcity is exactly 0 (and
lowers it by :math:`(\alpha^{max} - \alpha)\sigma/\tau_\alpha` when :math:`\sigma < 0`), which
can leave :math:`\alpha` above 1 long after a recovery; the inventory target of step 6 uses the
optimal production of the day rather than one recomputed after rebuilding deliveries;
rebuilding demand is not rounded and decays geometrically instead of being closed by rounding,
and is never dropped when a damaged industry buys none of a rebuilding product
(:meth:`CapitalShock.rebuilding_demand`); BoARIO skips an inventory update, or an order for the
gap, when the whole matrix is within ``numpy.allclose`` of its target, this model never does;
BoARIO compares input coefficients against a threshold on yearly inputs per daily output (so
its 1e-5 acts as 1e-5/365), this model compares coefficients with ``input_threshold`` as given.
Exogenous recovery follows :meth:`CapitalShock.damage_on` (BoARIO applies its recovery
function one day later). With the same table, parameters and event the two agree to 1e-9 as
long as none of these differences is triggered (a test checks this).

With ``order_split="capacity"`` a region that overproduced keeps a larger share of the orders
for its products until its :math:`\alpha` has decayed (characteristic time
:math:`\tau_\alpha`, 365 days by default), so the return to the baseline *distribution* of
output across regions is slow even after capacity is fully back; with ``"fixed"`` the output
returns to :math:`x^0` as fast as the inventories are restored.

References
----------
Hallegatte, S. (2008). An adaptive regional input-output model and its application to the
assessment of the economic cost of Katrina. *Risk Analysis*, 28(3), 779-799.

Hallegatte, S. (2014). Modeling the role of inventories and heterogeneity in the assessment of
the economic costs of natural disasters. *Risk Analysis*, 34(1), 152-167.

Guan, D., Wang, D., Hallegatte, S., et al. (2020). Global supply-chain effects of COVID-19
control measures. *Nature Human Behaviour*, 4, 577-587.

Juhel, S. (2023). BoARIO: A Python package implementing the ARIO indirect economic cost model.
*Journal of Open Source Software*, 8(90), 6547.
"""

from hinterland.mrio.dynamic.batch import BatchEvents, BatchResult, simulate_batch
from hinterland.mrio.dynamic.events import CapitalShock
from hinterland.mrio.dynamic.parameters import ARIOParams
from hinterland.mrio.dynamic.simulation import ARIOResult, Recorder, simulate
from hinterland.mrio.dynamic.step import ARIOState, steady_state, step

__all__ = [
    "ARIOParams",
    "ARIOResult",
    "ARIOState",
    "BatchEvents",
    "BatchResult",
    "CapitalShock",
    "Recorder",
    "simulate",
    "simulate_batch",
    "steady_state",
    "step",
]
