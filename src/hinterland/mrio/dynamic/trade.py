r"""Batched ARIO on a table with regional trade coefficients (the Chenery-Moses structure).

Many multi-regional tables, among them every table estimated by a non-survey method from a
national table (location quotients for the own-region share, a gravity model for the rest, as
:mod:`hinterland.mrio.regionalise` does), buy each product in the same regional proportions
for every industry of a region:

.. math::

    z_{(r,p),(s,c)} = t^p_{rs} \, z^P_{p,(s,c)}, \qquad \sum_r t^p_{rs} = 1

(Chenery 1953, Moses 1955; Miller & Blair 2009, section 3.4). Then the two passes over the
``n x n`` flows of a day (:mod:`.batch`) collapse to products with the ``R x R`` trade shares
:math:`t^p`: with :math:`g_{pj}` the orders per baseline input and :math:`P_{ps}(w) =
\sum_r w_{(r,p)} t^p_{rs}`,

- inventories received per target: :math:`h_{pj} \sum_r q_r w_r \hat z_{prj} = g_{pj}\,
  P_{ps}(q w) / P_{ps}(w)` for :math:`j` in region :math:`s` (the sector of :math:`j` drops out);
- orders addressed to supplier :math:`(r, p)`: :math:`w'_{(r,p)} \sum_s t^p_{rs}\, G_{ps} /
  P_{ps}(w')` with :math:`G_{ps} = \sum_{c} z^P_{p,(s,c)} g_{p,(s,c)}`.

The per-day work is then a few passes over the ``S x S x k x R`` state (product, buying
sector, scenario, buying region: the layout that makes the region-level factors broadcast
over whole contiguous blocks) and small matrix products; every other step is the one of
:mod:`._daily`. Results equal the general loop to rounding (a test checks 1e-9 against
:func:`~hinterland.mrio.dynamic.simulate`). Intermediate demand is the table's row totals plus
the deviation from the baseline orders, so a batch at rest stays at the baseline.

References
----------
Chenery, H. B. (1953). Regional analysis. In *The Structure and Growth of the Italian Economy*.
Moses, L. N. (1955). The stability of interregional trading patterns and input-output analysis.
*American Economic Review*, 45(5), 803-826.
Miller, R. E., & Blair, P. D. (2009). *Input-Output Analysis*, 2nd ed., Cambridge UP.
"""

from __future__ import annotations

import numpy as np

from hinterland.mrio.dynamic._daily import Daily, Totals
from hinterland.mrio.dynamic._kernels import FloatArray, _row_totals
from hinterland.mrio.dynamic.parameters import ARIOParams
from hinterland.mrio.dynamic.step import ARIOState

__all__ = ["TradeLoop", "trade_shares"]

#: Largest difference between two industries' purchase shares of a region for the table to
#: count as having regional trade coefficients.
SHARE_TOL = 1e-12


def trade_shares(params: ARIOParams, *, tol: float = SHARE_TOL) -> FloatArray | None:
    r"""Return the trade shares :math:`t^p_{rs}`, shape ``(S, R, R)``, or None if there are none.

    ``t[p, r, s]`` is the share of region ``r`` in the purchases of product ``p`` by the
    industries of region ``s``: the same for every buying industry of ``s`` (to ``tol``, in
    shares) or the table does not have the structure. Industries that buy none of a product
    do not count; a region none of whose industries buys it gets equal shares (never used).
    """
    s, r, _ = params.z.shape
    zp = params.zp.reshape(s, 1, r, s)  # (p, 1, region s, sector c)
    real = zp > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(real, params.z.reshape(s, r, r, s) / zp, 0.0)  # (p, r, s, c)
    count = real.sum(axis=3)  # (p, 1, s)
    t = np.where(count > 0, share.sum(axis=3) / np.maximum(count, 1), 1.0 / r)
    spread = np.abs(share - t[..., None]).max(initial=0.0, where=np.broadcast_to(real, share.shape))
    return t if spread <= tol else None


def _layout(v: FloatArray, r: int, s: int) -> FloatArray:
    """``(k, n)`` region-major -> ``(S, k, R)``: ``out[c, m, s] = v[m, (s, c)]`` (a copy)."""
    return np.ascontiguousarray(v.reshape(-1, r, s).transpose(2, 0, 1))


class TradeLoop:
    """The state of ``k`` scenarios on the trade-share path, advanced one day at a time.

    :meth:`advance` is one day of the module's equations; :func:`run_trade` drives it for a
    batch, :func:`~hinterland.mrio.dynamic.simulate` for one scenario with its trajectories,
    which then reads the end of the run back as an :class:`ARIOState` (:meth:`state`).
    """

    def __init__(self, params: ARIOParams, t: FloatArray, day: Daily, k: int) -> None:
        s, r, n = params.n_sectors, params.n_regions, params.n
        self.params, self.t, self.daily, self.k = params, t, day, k
        finite = np.isfinite(params.inventory_days)
        ndays = np.where(finite, params.inventory_days, 1.0)
        self.inv_np = np.where(finite, 1.0 / ndays, 0.0)[:, None, None, None]  # (S, 1, 1, 1)
        self.gap = np.where(finite, ndays / params.inventory_tau, 0.0)[:, None, None, None]
        binding = params.binding & (params.zp > 0)
        by_sector = (s, r, s)  # (p, n) -> (p, c, s): the buying sector before its region
        # full (p, c, m, s) copies: contiguous operands keep every pass a plain sweep
        off = np.where(binding.reshape(by_sector).transpose(0, 2, 1), 0.0, np.inf)[:, :, None, :]
        self.off = np.ascontiguousarray(np.broadcast_to(off, (s, s, k, r)))
        zp_l = params.zp.reshape(by_sector).transpose(0, 2, 1)[:, :, None, :]
        self.zp_l = np.ascontiguousarray(np.broadcast_to(zp_l, (s, s, k, r)))
        # baseline purchases by region, summed as the day sums them, and the shares' column
        # sums (1 to rounding): dividing by them keeps a batch at rest exactly at the baseline
        self.g0 = self.zp_l.sum(axis=1)  # (p, k, s)
        self.colsum = t.sum(axis=1)[:, None, :]  # (p, 1, s)
        self.tt = np.ascontiguousarray(t.transpose(0, 2, 1))  # (p, s, r)
        self.inter0 = _row_totals(np.ones((s, n)), params.z)

        self.x = np.broadcast_to(day.x0, (k, n)).copy()
        self.alpha = np.full((k, n), params.alpha_base)
        self.weights = np.ones((k, n))
        self.ratio = np.ones((s, s, k, r))  # inventories / baseline target, (p, c, m, s)
        self.orders = np.ones((s, s, k, r))  # orders per baseline input g
        self.inter = np.broadcast_to(self.inter0, (k, n)).copy()
        self.p_new = np.ones((s, k, r))  # P(w') of the last day's order split
        self.tmp = np.empty_like(self.ratio)
        self.v = np.empty((s, 3 * k, r))

    def advance(self, d: int) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Simulate day ``d``; return ``x, y, q, cap_ratio``, each ``(k, n)``.

        The day's output, final demand, share of demand served and capacity over baseline
        output.
        """
        day, k, tmp, v = self.daily, self.k, self.tmp, self.v
        r, s = self.params.n_regions, self.params.n_sectors
        y, demand, self.alpha, cap_ratio, x_opt, u_opt = day.supply(
            d, self.inter, self.x, self.alpha
        )
        np.add(self.ratio, self.off, out=tmp)
        low = tmp.min(axis=0).transpose(1, 2, 0).reshape(k, -1)
        self.x, u, q = day.ration(low, x_opt, u_opt, demand)
        new_weights = day.new_weights(cap_ratio, self.weights)
        v[:, :k] = _layout(q * self.weights, r, s)
        v[:, k : 2 * k] = _layout(self.weights, r, s)
        v[:, 2 * k :] = _layout(new_weights, r, s)
        p = np.matmul(v, self.t)  # (S, 3k, R): P(qw), P(w), P(w')
        p /= self.colsum
        u_l = _layout(u, r, s)[None]
        # 5. inventories: received g P(qw)/P(w), used u (per baseline target, over n_p)
        np.multiply(self.orders, (p[:, :k] / p[:, k : 2 * k])[:, None], out=tmp)
        tmp -= u_l
        tmp *= self.inv_np
        self.ratio += tmp
        # 6. orders per baseline input: g = u + n_p max(0, u_opt - r) / tau
        np.subtract(_layout(u_opt, r, s)[None], self.ratio, out=self.orders)
        np.maximum(self.orders, 0.0, out=self.orders)
        self.orders *= self.gap
        self.orders += u_l
        # intermediate demand: w'_(r,p) sum_s t_rs G_ps / P_ps(w'), as a deviation from baseline
        np.multiply(self.orders, self.zp_l, out=tmp)
        self.p_new = p[:, 2 * k :]
        dev = tmp.sum(axis=1) / self.p_new - self.g0
        rows = np.matmul(dev, self.tt)  # (S, k, R)
        self.inter = new_weights * (self.inter0 + rows.transpose(1, 2, 0).reshape(k, -1))
        self.weights = new_weights
        return self.x, y, q, cap_ratio

    def _by_industry(self, a: FloatArray, m: int = 0) -> FloatArray:
        """``(p, c, k, s)`` -> ``(S, n)`` of scenario ``m``: ``out[p, (s, c)] = a[p, c, m, s]``."""
        return a[:, :, m, :].transpose(0, 2, 1).reshape(self.params.n_sectors, -1)

    def state(
        self, day: int, damage: FloatArray, capacity: FloatArray, unmet: FloatArray
    ) -> ARIOState:
        """Return scenario 0 at the end of ``day`` as the :class:`ARIOState` of the step loop.

        ``damage`` is the capital destroyed in force, ``capacity`` and ``unmet`` the day's
        capacity and unmet final demand (which the loop does not keep).
        """
        p = self.params
        finite = np.isfinite(p.inventory_days)[:, None]
        ndays = np.where(finite, p.inventory_days[:, None], 1.0)
        buys = p.zp > 0
        orders = self._by_industry(self.orders)
        p_new = np.repeat(self.p_new[:, 0, :], p.n_sectors, axis=1)  # (S, n): P(w') of the buyer
        return ARIOState(
            day=day,
            production=self.x[0].copy(),
            capacity=capacity,
            final_demand_unmet=unmet,
            overproduction=self.alpha[0].copy(),
            inventories=np.where(finite, self._by_industry(self.ratio) * ndays * p.zp, np.inf),
            orders=orders * p.zp,
            order_weights=self.weights[0].copy(),
            orders_per_weight=np.where(buys, orders / np.where(buys, p_new, 1.0), 0.0),
            intermediate_demand=self.inter[0].copy(),
            damage=damage,
            rebuild=np.zeros((p.n, 0)),
            damaged=np.zeros(0, dtype=np.intp),
        )


def run_trade(
    params: ARIOParams, t: FloatArray, day: Daily, days: int, k: int, progress=None
) -> Totals:
    """Simulate ``k`` scenarios for ``days`` days with trade shares ``t`` (see the module)."""
    loop = TradeLoop(params, t, day, k)
    totals = Totals.zeros(k, params.n, days, day.x0)
    for d in range(1, days + 1):
        x, y, q, _ = loop.advance(d)
        totals.add(d, x, y, q)
        if progress is not None:
            progress(d)
    return totals
