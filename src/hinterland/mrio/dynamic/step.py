"""The ARIO state and its pure daily step (steps 1-6 of :mod:`hinterland.mrio.dynamic`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hinterland.mrio.dynamic._kernels import (
    SCARCITY_TOL,
    FloatArray,
    _by_product,
    _ratio,
    _row_totals,
    _supplier_sums,
)
from hinterland.mrio.dynamic.parameters import ARIOParams

__all__ = ["ARIOState", "steady_state", "step"]


@dataclass(frozen=True, slots=True)
class ARIOState:
    r"""The model's state at the end of a day.

    Attributes
    ----------
    day : int
        Day number (0: baseline).
    production : ndarray, shape (n,)
        Output on ``day``, :math:`x(t)`.
    capacity : ndarray, shape (n,)
        Capacity on ``day``, :math:`\bar x = \alpha (1 - \Delta) x^0`.
    final_demand_unmet : ndarray, shape (n,)
        Final demand addressed to each industry and not served on ``day``.
    overproduction : ndarray, shape (n,)
        Overproduction factor :math:`\alpha` on ``day``.
    inventories : ndarray, shape (S, n)
        Inventory :math:`I_{pj}` of product ``p`` held by industry ``j`` (``inf`` where the
        input never constrains).
    orders : ndarray, shape (S, n)
        Orders :math:`G_{pj}` for the next day, by product.
    order_weights : ndarray, shape (n,)
        Supplier weights :math:`c_i` used to split ``orders`` among regions.
    orders_per_weight : ndarray, shape (S, n)
        :math:`H_{pj} = G_{pj} / \sum_{i \in p} c_i z_{ij}`, so that the order of :math:`j` to
        supplier :math:`i` is :math:`O_{ij} = c_i z_{ij} H_{p(i) j}`.
    intermediate_demand : ndarray, shape (n,)
        Orders addressed to each industry, :math:`\sum_j O_{ij}`.
    damage : ndarray, shape (n,)
        Capital destroyed, in force for the next day's capacity.
    rebuild : ndarray, shape (n, m)
        Rebuilding demand left, addressed to industry ``i`` for damaged industry ``damaged[k]``.
    damaged : ndarray of int, shape (m,)
        Industries being rebuilt.
    """

    day: int
    production: FloatArray
    capacity: FloatArray
    final_demand_unmet: FloatArray
    overproduction: FloatArray
    inventories: FloatArray
    orders: FloatArray
    order_weights: FloatArray
    orders_per_weight: FloatArray
    intermediate_demand: FloatArray
    damage: FloatArray
    rebuild: FloatArray
    damaged: NDArray[np.intp]

    def inventory_target(self, params: ARIOParams) -> FloatArray:
        r"""Return the inventory target :math:`n_p z^P_{pj} x_j / x^0_j` at today's output.

        ``inf`` for inputs that never constrain production, as their inventories.
        """
        target = params.target_days[:, None] * (params.zp * _ratio(self.production, params.x0))
        return np.where(np.isfinite(params.inventory_days)[:, None], target, np.inf)


def steady_state(params: ARIOParams) -> ARIOState:
    """Return the baseline state: output :math:`x^0`, inventories at target, no damage.

    It is an exact fixed point of :func:`step` (all quantities are built by the same kernels the
    step uses, as ratios to the baseline).
    """
    n, s, r = params.n, params.n_sectors, params.n_regions
    ones = np.ones(n)
    totals = _supplier_sums(np.ones((s, 2, r)), params.z)[:, 1, :]
    return ARIOState(
        day=0,
        production=params.x0.copy(),
        capacity=params.x0.copy(),
        final_demand_unmet=np.zeros(n),
        overproduction=np.full(n, params.alpha_base),
        inventories=np.where(
            np.isfinite(params.inventory_days)[:, None],
            params.target_days[:, None] * (params.zp * 1.0),
            np.inf,
        ),
        orders=params.zp.copy(),
        order_weights=ones,
        orders_per_weight=_ratio(params.zp, totals),
        intermediate_demand=_row_totals(np.ones((s, n)), params.z),
        damage=np.zeros(n),
        rebuild=np.zeros((n, 0)),
        damaged=np.zeros(0, dtype=np.intp),
    )


def step(state: ARIOState, params: ARIOParams) -> ARIOState:
    r"""Advance the economy by one day (pure: returns a new state, changes nothing).

    Follows steps 1-6 of the module docstring: demand, overproduction, capacity, input
    constraint, proportional rationing of output across all orders, new orders.

    Parameters
    ----------
    state : ARIOState
        The state at the end of the previous day.
    params : ARIOParams
        The model.

    Returns
    -------
    ARIOState
        The state at the end of ``state.day + 1``.
    """
    p = params
    s = p.n_sectors

    # 1. demand addressed to each industry
    rebuilding = state.rebuild.size > 0
    demand = state.intermediate_demand + p.y0
    if rebuilding:
        rebuild_demand = state.rebuild.sum(axis=1) / p.rebuild_tau
        demand = demand + rebuild_demand

    # 2. overproduction (Hallegatte 2008, eq. 9)
    alpha = state.overproduction
    scarcity = _ratio(demand - state.production, demand)
    scarce = scarcity > SCARCITY_TOL
    alpha = np.where(
        scarce,
        alpha + (p.alpha_max - alpha) * scarcity / p.alpha_tau,
        alpha + (p.alpha_base - alpha) / p.alpha_tau,
    )
    alpha = np.maximum(alpha, 1.0)

    # 3. capacity
    lost = _ratio(state.damage, p.capital)
    ratio = (1.0 - lost) * alpha
    capacity = p.x0 * ratio
    x_opt = np.minimum(demand, capacity)
    u_opt = _ratio(x_opt, p.x0)

    # 4. input constraint: inventories below psi times the target cut production
    target = p.zp * u_opt
    target *= p.target_days[:, None]  # 0 for inputs that never constrain
    need = p.psi * target
    short = state.inventories < need  # never where need = 0 (inventories are >= 0)
    short &= p.binding
    if short.any():
        short &= need > 0
        fill = np.divide(state.inventories, need, out=np.ones_like(need), where=short)
        x = x_opt * fill.min(axis=0)
    else:
        x = x_opt
    u = _ratio(x, p.x0)

    # 5. proportional rationing: industry i serves the share q_i of every order
    q = _ratio(x, demand)
    unmet = p.y0 * (1.0 - q)
    weights_new = ratio if p.order_split == "capacity" else state.order_weights
    v = np.stack((_by_product(q * state.order_weights, s), _by_product(weights_new, s)), axis=1)
    sums = _supplier_sums(v, p.z)  # (S, 2, n)
    used = p.zp * u
    net = state.orders_per_weight * sums[:, 0, :]  # received
    net -= used
    inventories = state.inventories + net
    rebuild, damage = state.rebuild, state.damage
    if rebuilding:
        rebuild = state.rebuild * (1.0 - q / p.rebuild_tau)[:, None]
        damage = state.damage.copy()
        damage[state.damaged] = rebuild.sum(axis=0) / p.rebuilding_factor

    # 6. orders for the next day (Guan et al. 2020): replace use, close the gap over tau_INV
    orders = np.subtract(target, inventories, out=need)  # 0 - inf = -inf where inventories are inf
    np.maximum(orders, 0.0, out=orders)
    orders /= p.inventory_tau[:, None]
    orders += used
    per_weight = _ratio(orders, sums[:, 1, :])
    intermediate = weights_new * _row_totals(per_weight, p.z)
    return ARIOState(
        day=state.day + 1,
        production=x,
        capacity=capacity,
        final_demand_unmet=unmet,
        overproduction=alpha,
        inventories=inventories,
        orders=orders,
        order_weights=weights_new,
        orders_per_weight=per_weight,
        intermediate_demand=intermediate,
        damage=damage,
        rebuild=rebuild,
        damaged=state.damaged,
    )
