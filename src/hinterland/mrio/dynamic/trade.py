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

__all__ = ["trade_shares"]

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


def run_trade(
    params: ARIOParams, t: FloatArray, day: Daily, days: int, k: int, progress=None
) -> Totals:
    """Simulate ``k`` scenarios for ``days`` days with trade shares ``t`` (see the module)."""
    s, r, n = params.n_sectors, params.n_regions, params.n
    finite = np.isfinite(params.inventory_days)
    ndays = np.where(finite, params.inventory_days, 1.0)
    inv_np = np.where(finite, 1.0 / ndays, 0.0)[:, None, None, None]  # (S, 1, 1, 1)
    gap = np.where(finite, ndays / params.inventory_tau, 0.0)[:, None, None, None]
    binding = params.binding & (params.zp > 0)
    by_sector = (s, r, s)  # (p, n) -> (p, c, s): the buying sector before its region
    # full (p, c, m, s) copies: contiguous operands keep every pass a plain sweep
    off = np.where(binding.reshape(by_sector).transpose(0, 2, 1), 0.0, np.inf)[:, :, None, :]
    off = np.ascontiguousarray(np.broadcast_to(off, (s, s, k, r)))
    zp_l = params.zp.reshape(by_sector).transpose(0, 2, 1)[:, :, None, :]
    g0 = zp_l.sum(axis=1)  # (p, 1, s) baseline purchases by region
    zp_l = np.ascontiguousarray(np.broadcast_to(zp_l, (s, s, k, r)))
    tt = np.ascontiguousarray(t.transpose(0, 2, 1))  # (p, s, r)
    inter0 = _row_totals(np.ones((s, n)), params.z)

    x = np.broadcast_to(day.x0, (k, n)).copy()
    alpha = np.full((k, n), params.alpha_base)
    weights = np.ones((k, n))
    ratio = np.ones((s, s, k, r))  # inventories / baseline target, (p, c, m, s)
    orders = np.ones((s, s, k, r))  # orders per baseline input g
    inter = np.broadcast_to(inter0, (k, n)).copy()
    tmp = np.empty_like(ratio)
    v = np.empty((s, 3 * k, r))
    totals = Totals.zeros(k, n, days, day.x0)
    for d in range(1, days + 1):
        y, demand, alpha, cap_ratio, x_opt, u_opt = day.supply(d, inter, x, alpha)
        np.add(ratio, off, out=tmp)
        low = tmp.min(axis=0).transpose(1, 2, 0).reshape(k, n)
        x, u, q = day.ration(low, x_opt, u_opt, demand)
        totals.add(d, x, y, q)
        new_weights = day.new_weights(cap_ratio, weights)
        v[:, :k] = _layout(q * weights, r, s)
        v[:, k : 2 * k] = _layout(weights, r, s)
        v[:, 2 * k :] = _layout(new_weights, r, s)
        p = np.matmul(v, t)  # (S, 3k, R): P(qw), P(w), P(w')
        u_l = _layout(u, r, s)[None]
        # 5. inventories: received g P(qw)/P(w), used u (per baseline target, over n_p)
        np.multiply(orders, (p[:, :k] / p[:, k : 2 * k])[:, None], out=tmp)
        tmp -= u_l
        tmp *= inv_np
        ratio += tmp
        # 6. orders per baseline input: g = u + n_p max(0, u_opt - r) / tau
        np.subtract(_layout(u_opt, r, s)[None], ratio, out=orders)
        np.maximum(orders, 0.0, out=orders)
        orders *= gap
        orders += u_l
        # intermediate demand: w'_(r,p) sum_s t_rs G_ps / P_ps(w'), as a deviation from baseline
        np.multiply(orders, zp_l, out=tmp)
        dev = tmp.sum(axis=1) / p[:, 2 * k :] - g0
        rows = np.matmul(dev, tt)  # (S, k, R)
        inter = new_weights * (inter0 + rows.transpose(1, 2, 0).reshape(k, n))
        weights = new_weights
        if progress is not None:
            progress(d)
    return totals
