r"""Batched ARIO: k scenarios of one economy stepped together as one array computation.

The state of :mod:`~hinterland.mrio.dynamic.step` gains a scenario axis, and the day's two
passes over the ``n x n`` flows become two matrix products with ``k`` (or ``2k``) right-hand
sides, so an ensemble costs far less per scenario than ``k`` single runs. The equations are
those of the single step (steps 1-6 of :mod:`hinterland.mrio.dynamic`), written in units of
the baseline so that the per-day work is a few passes over ``S x k x n`` arrays:

- inventories as the ratio to the baseline target, :math:`r_{pj} = I_{pj} / (n_p z^P_{pj})`
  (1 at the baseline); the target at today's optimal output is then :math:`u^{opt}_j =
  x^{opt}_j / x^0_j`, and an input is short when :math:`r_{pj} < \psi u^{opt}_j`;
- the baseline purchase shares :math:`\hat z_{prj} = z_{(r,p)j} / z^P_{pj}`, so that orders per
  weight :math:`H_{pj} = g_{pj} / \sum_r c_{rp} \hat z_{prj}` with :math:`g_{pj} = G_{pj} /
  z^P_{pj} = u_j + n_p \max(0, u^{opt}_j - r_{pj}) / \tau_{INV,p}`;
- deliveries in inventory units, :math:`H_{pj} \sum_r q_{rp} c_{rp} \hat z_{prj} / n_p`, use
  :math:`u_j / n_p`.

Inputs that never constrain (``inf`` days) keep :math:`r = 1` and order what they use, as in
the single step. Industries that buy none of a product (:math:`z^P_{pj} = 0`) carry a dummy
ratio that never binds and multiplies zero flows. Supplier weights are floored at 1e-12 (a
supplier that lost all its capital keeps a negligible share of the orders instead of a 0/0).

Events are exogenous: per scenario, capital destroyed on ``day`` and recovered linearly over
``recovery_days`` after ``duration`` days (:meth:`CapitalShock.damage_on`, one row per
scenario), and optionally a cut of final demand on the same schedule. Rebuilding demand is
not batched (use :func:`~hinterland.mrio.dynamic.simulate`). Only aggregates are recorded
(cumulative output loss and unmet final demand per industry, national output per day), so
memory does not grow with the number of days times industries.

With the same parameters and event, a scenario of the batch agrees with
:func:`~hinterland.mrio.dynamic.simulate` to rounding (about 1e-12 relative; a test checks
1e-9), whatever ``k`` and whichever other scenarios share the batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hinterland.errors import ValidationError
from hinterland.mrio._checks import _readonly
from hinterland.mrio.dynamic._daily import Daily, Totals
from hinterland.mrio.dynamic._kernels import FloatArray, _row_totals
from hinterland.mrio.dynamic.parameters import ARIOParams
from hinterland.mrio.dynamic.trade import run_trade, trade_shares

__all__ = ["BatchEvents", "BatchResult", "simulate_batch"]

Precision = Literal["double", "mixed"]
Flows = Literal["auto", "dense"]
#: Memory the state of a block of scenarios may take on the trade-coefficient path, and the
#: number of ``S x n`` arrays per scenario it holds (inventories, orders, a work array and two
#: constants): on the China table (42 x 1302), blocks of 4 scenarios.
CACHE_BYTES, STATE_ARRAYS = 10 * 2**20, 5


def _int_vector(value: ArrayLike, name: str, k: int, low: int) -> NDArray[np.int64]:
    a = np.asarray(value)
    a = np.full(k, a) if a.ndim == 0 else a
    if a.shape != (k,):
        raise ValidationError(f"{name} must be one integer or one per scenario ({k})")
    if not np.issubdtype(a.dtype, np.integer):
        if not np.all(np.isfinite(a)) or not np.all(a == np.round(a)):
            raise ValidationError(f"{name} must hold integers; received {a!r}")
    a = a.astype(np.int64)
    if (a < low).any():
        i = int(np.argmax(a < low))
        raise ValidationError(f"{name}[{i}] = {a[i]} must be an integer >= {low}")
    return a


@dataclass(frozen=True, slots=True)
class BatchEvents:
    """Exogenous events of ``k`` scenarios: capital destroyed, optional final-demand cut.

    Parameters
    ----------
    damage : ndarray, shape (k, n)
        Capital destroyed per scenario and industry (table money unit, at most the capital).
    day : int or ndarray of int, shape (k,)
        First day with reduced capacity (>= 1).
    duration : int or ndarray of int, shape (k,)
        Days of full damage after ``day`` before recovery starts (>= 0).
    recovery_days : int or ndarray of int, shape (k,)
        Days of the linear recovery (>= 1).
    demand_cut : ndarray, shape (k, n), optional
        Share of the final demand addressed to each industry that disappears, in [0, 1], on
        the same schedule as the damage.
    """

    damage: FloatArray
    day: NDArray[np.int64]
    duration: NDArray[np.int64]
    recovery_days: NDArray[np.int64]
    demand_cut: FloatArray | None = None

    def __post_init__(self) -> None:
        dmg = np.array(self.damage, dtype=np.float64)
        if dmg.ndim != 2:
            raise ValidationError(f"damage must be (k, n); received shape {dmg.shape}")
        if not np.all(np.isfinite(dmg)) or (dmg < 0).any():
            raise ValidationError("damage must be finite and >= 0")
        k = dmg.shape[0]
        object.__setattr__(self, "damage", dmg)
        object.__setattr__(self, "day", _int_vector(self.day, "day", k, 1))
        object.__setattr__(self, "duration", _int_vector(self.duration, "duration", k, 0))
        object.__setattr__(
            self, "recovery_days", _int_vector(self.recovery_days, "recovery_days", k, 1)
        )
        if self.demand_cut is not None:
            cut = np.array(self.demand_cut, dtype=np.float64)
            if cut.shape != dmg.shape:
                raise ValidationError(f"demand_cut must have the shape of damage {dmg.shape}")
            if not np.all(np.isfinite(cut)) or (cut < 0).any() or (cut > 1).any():
                raise ValidationError("demand_cut must be shares in [0, 1]")
            object.__setattr__(self, "demand_cut", cut)
        _readonly(self.damage, self.day, self.duration, self.recovery_days)

    @property
    def k(self) -> int:
        """Number of scenarios."""
        return self.damage.shape[0]

    def take(self, rows: NDArray[np.intp]) -> BatchEvents:
        """Return the events of the scenarios ``rows``."""
        cut = None if self.demand_cut is None else self.demand_cut[rows]
        return BatchEvents(
            self.damage[rows], self.day[rows], self.duration[rows], self.recovery_days[rows], cut
        )

    def schedule(self, day: int) -> FloatArray:
        """Return the share of each scenario's damage in force on ``day``, shape ``(k,)``.

        The linear schedule of :meth:`~hinterland.mrio.dynamic.CapitalShock.damage_on`.
        """
        left = 1.0 - (day - self.day - self.duration) / self.recovery_days
        return np.where(day >= self.day, np.clip(left, 0.0, 1.0), 0.0)


@dataclass(frozen=True, slots=True)
class BatchResult:
    r"""Aggregates of ``k`` simulated scenarios (money in the table's unit).

    Attributes
    ----------
    output_loss : ndarray, shape (k, n)
        Cumulative output loss per industry, :math:`\sum_{t=1}^{T} (x^0 - x(t))`.
    final_demand_unmet : ndarray, shape (k, n)
        Cumulative final demand addressed to each industry and not served.
    national_output : ndarray, shape (k, days + 1)
        Total output per day (row 0: baseline).
    baseline : ndarray, shape (n,)
        Baseline output per day.
    """

    output_loss: FloatArray
    final_demand_unmet: FloatArray
    national_output: FloatArray
    baseline: FloatArray

    def __post_init__(self) -> None:
        _readonly(self.output_loss, self.final_demand_unmet, self.national_output)

    @property
    def days(self) -> int:
        """Number of simulated days."""
        return self.national_output.shape[1] - 1

    def total_output_loss(self) -> FloatArray:
        """Return each scenario's cumulative output loss of the whole economy, shape ``(k,)``."""
        return self.output_loss.sum(axis=1)

    def recovery_day(self, tol: float = 1e-3) -> FloatArray:
        """Return the first day from which national output stays within ``tol`` of baseline.

        0 for a scenario that never leaves the band; NaN if output is still outside the band
        on the last day (not recovered within the simulation).
        """
        base = self.national_output[:, :1]
        out = np.abs(self.national_output - base) > tol * base
        last = np.where(out.any(axis=1), self.days + 1 - np.argmax(out[:, ::-1], axis=1), 0)
        return np.where(out[:, -1], np.nan, last.astype(np.float64))


def _run_dense(
    params: ARIOParams, day: Daily, days: int, k: int, mixed: bool, progress=None
) -> Totals:
    """Simulate ``k`` scenarios for ``days`` days over the full flows (any table)."""
    s, rr, n = params.n_sectors, params.n_regions, params.n
    finite = np.isfinite(params.inventory_days)
    ndays = np.where(finite, params.inventory_days, 1.0)
    zp = params.zp
    with np.errstate(divide="ignore", invalid="ignore"):
        zhat = np.where(zp[:, None, :] > 0, params.z / zp[:, None, :], 1.0 / rr)
    zhat = np.ascontiguousarray(zhat)
    inv_np = np.where(finite, 1.0 / ndays, 0.0)[:, None, None]  # (S, 1, 1)
    gap = np.where(finite, ndays / params.inventory_tau, 0.0)[:, None, None]
    off = np.where(params.binding & (zp > 0), 0.0, np.inf)[:, None, :]  # (S, 1, n)

    # state (3-D arrays in (S, k, n) layout: the matrix products need no transposes)
    x = np.broadcast_to(day.x0, (k, n)).copy()
    alpha = np.full((k, n), params.alpha_base)
    ratio_inv = np.ones((s, k, n))  # inventories / baseline target
    weights = np.ones((k, n))
    v = np.empty((s, 2 * k, rr))
    v[:, k:, :] = 1.0
    if mixed:  # baseline sums taken as exactly 1 and the table's row totals: exact steady state
        zhat32, z32 = zhat.astype(np.float32), params.z.astype(np.float32)
        inter0 = _row_totals(np.ones((s, n)), params.z)
        v32 = np.empty((s, 2 * k, rr), dtype=np.float32)
        h32 = np.empty((s, k, n), dtype=np.float32)
        sig = np.empty((s, 2 * k, n))
        h = np.ones((s, k, n))
        inter = np.broadcast_to(inter0, (k, n)).copy()
    else:
        h = np.divide(1.0, np.matmul(v[:, k:, :], zhat))  # orders per weight at baseline (g = 1)
        inter = np.broadcast_to(day.x0 - day.y0, (k, n)).copy()
    tmp = np.empty((s, k, n))
    totals = Totals.zeros(k, n, days, day.x0)
    for t in range(1, days + 1):
        y, demand, alpha, cap_ratio, x_opt, u_opt = day.supply(t, inter, x, alpha)
        np.add(ratio_inv, off, out=tmp)
        x, u, q = day.ration(tmp.min(axis=0), x_opt, u_opt, demand)
        totals.add(t, x, y, q)
        new_weights = day.new_weights(cap_ratio, weights)
        # 5. rationing: deliveries and use, in units of the inventory target
        if mixed:
            v32[:, :k, :] = (q * weights - 1.0).reshape(k, rr, s).transpose(2, 0, 1)
            v32[:, k:, :] = (new_weights - 1.0).reshape(k, rr, s).transpose(2, 0, 1)
            np.add(np.matmul(v32, zhat32), 1.0, out=sig, dtype=np.float64)
        else:
            v[:, :k, :] = (q * weights).reshape(k, rr, s).transpose(2, 0, 1)
            v[:, k:, :] = new_weights.reshape(k, rr, s).transpose(2, 0, 1)
            sig = np.matmul(v, zhat)  # (S, 2k, n)
        np.multiply(h, sig[:, :k, :], out=tmp)
        tmp -= u[None, :, :]
        tmp *= inv_np
        ratio_inv += tmp
        # 6. orders: g = u + n_p max(0, u_opt - r) / tau, per weight
        np.subtract(u_opt[None, :, :], ratio_inv, out=tmp)
        np.maximum(tmp, 0.0, out=tmp)
        tmp *= gap
        tmp += u[None, :, :]
        np.divide(tmp, sig[:, k:, :], out=h)
        # intermediate demand D_i = c_i sum_j z_ij H_{p(i) j}
        if mixed:
            np.subtract(h, 1.0, out=h32)
            rows = np.matmul(z32, h32.transpose(0, 2, 1))  # (S, R, k)
            inter = new_weights * (inter0 + rows.transpose(2, 1, 0).reshape(k, n))
        else:
            rows = np.matmul(params.z, h.transpose(0, 2, 1))  # (S, R, k)
            inter = new_weights * rows.transpose(2, 1, 0).reshape(k, n)
        weights = new_weights
        if progress is not None:
            progress(t)
    return totals


def simulate_batch(
    params: ARIOParams,
    events: BatchEvents,
    days: int,
    *,
    precision: Precision = "double",
    flows: Flows = "auto",
    trade: FloatArray | None = None,
    progress=None,
) -> BatchResult:
    r"""Run ``events.k`` scenarios of the model for ``days`` days from the baseline, together.

    Parameters
    ----------
    params : ARIOParams
        The model (shared by every scenario).
    events : BatchEvents
        One exogenous event per scenario.
    days : int
        Days to simulate (>= 1).
    precision : {"double", "mixed"}, default "double"
        ``"double"``: every product in float64 (a scenario equals
        :func:`~hinterland.mrio.dynamic.simulate` to rounding). ``"mixed"``: the two passes over
        the ``n x n`` flows act in float32 on the *deviations* from the baseline
        (:math:`\sum_r (w_{rp} - 1) \hat z_{prj}` and :math:`\sum_j z_{ij} (H_{pj} - 1)`,
        added to the float64 baseline sums), which halves the memory the day reads; the
        steady state stays exact and results move by about 1e-7 relative (a test bounds it).
        Only the general loop uses it: on a table with regional trade coefficients (below)
        every product is in float64 whatever ``precision`` says.
    flows : {"auto", "dense"}, default "auto"
        ``"auto"``: when every industry of a region buys each product in the same regional
        proportions (the Chenery-Moses structure of tables estimated from a national table,
        such as the default China table; :func:`~hinterland.mrio.dynamic.trade.trade_shares`),
        the passes over the flows run on the ``R x R`` trade shares per product
        (:mod:`hinterland.mrio.dynamic.trade`); otherwise, and with ``"dense"``, over the full
        ``n x n`` flows. Both give the same numbers to rounding.
    trade : ndarray, shape (S, R, R), optional
        ``trade_shares(params)`` when the caller has it already (an ensemble computes it once
        per run rather than once per chunk); with ``flows="auto"`` only.
    progress : callable, optional
        Called as ``progress(day)`` after each day (outside the arithmetic); on the
        trade-coefficient path once per block of scenarios (blocks of a few scenarios whose
        state fits in the processor's cache, ``CACHE_BYTES``, simulated one after another).

    Returns
    -------
    BatchResult

    Raises
    ------
    ValidationError
        If ``days`` < 1, or the events do not fit the model (shape, damage above capital).

    Examples
    --------
    >>> import numpy as np
    >>> Z = np.array([[10.0, 20.0], [30.0, 5.0]])
    >>> Y = np.array([70.0, 65.0])
    >>> params = ARIOParams.from_table(Z, Y, Z.sum(1) + Y, 1, 2)
    >>> ev = BatchEvents(np.outer([0.1, 0.3], params.capital * [1, 0]), 1, 0, 30)
    >>> res = simulate_batch(params, ev, 90)
    >>> bool(res.total_output_loss()[1] > res.total_output_loss()[0] > 0)
    True
    """
    if isinstance(days, bool) or not isinstance(days, int | np.integer) or days < 1:
        raise ValidationError(f"days = {days!r} must be an integer >= 1")
    days = int(days)
    k, n = events.k, params.n
    if events.damage.shape[1] != n:
        raise ValidationError(
            f"damage has {events.damage.shape[1]} industries but the model has {n}"
        )
    over = events.damage > params.capital[None, :] * (1.0 + 1e-12)
    if over.any():
        j, i = np.argwhere(over)[0]
        raise ValidationError(
            f"damage[{j}, {i}] = {events.damage[j, i]:g} exceeds the capital of industry {i} "
            f"= {params.capital[i]:g}"
        )
    if precision not in ("double", "mixed"):
        raise ValidationError(f"precision = {precision!r}; valid: double, mixed")
    if flows not in ("auto", "dense"):
        raise ValidationError(f"flows = {flows!r}; valid: auto, dense")
    day = Daily.of(params, events)
    t = None if flows == "dense" else trade if trade is not None else trade_shares(params)
    if t is not None and t.shape != (params.n_sectors, params.n_regions, params.n_regions):
        raise ValidationError(f"trade must be (S, R, R) trade shares; received shape {t.shape}")
    if t is not None:  # blocks of scenarios whose state stays in cache, one after another
        blocks = -(-k // max(1, CACHE_BYTES // (STATE_ARRAYS * params.n_sectors * n * 8)))
        totals = Totals.stack(
            [
                run_trade(params, t, day.take(rows), days, len(rows), progress)
                for rows in np.array_split(np.arange(k), blocks)
            ]
        )
    else:
        totals = _run_dense(params, day, days, k, precision == "mixed", progress)
    return BatchResult(
        output_loss=totals.loss,
        final_demand_unmet=totals.unmet,
        national_output=totals.national,
        baseline=params.x0,
    )
