r"""Adaptive regional input-output (ARIO) model: daily disruption and recovery of an MRIO economy.

A model of the ARIO family (Hallegatte 2008, 2014), written to follow the equations of BoARIO's
``ARIOPsiModel`` (Juhel 2023; Guan et al. 2020 for the orders): destroyed productive capital
cuts capacity, input inventories buffer the shock, orders restore the inventories, suppliers
ration their output proportionally across all orders, overproduction capacity builds up where
demand exceeds production, and capacity comes back either as rebuilding demand is met or along
an exogenous recovery path.

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

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hinterland._arrays import nonnegative
from hinterland.errors import ValidationError
from hinterland.mrio._checks import _length, _owned_floats, _readonly, _selection

__all__ = [
    "ARIOParams",
    "ARIOResult",
    "ARIOState",
    "CapitalShock",
    "Recorder",
    "simulate",
    "steady_state",
    "step",
]

FloatArray = NDArray[np.float64]
OrderSplit = Literal["capacity", "fixed"]
_SPLITS = ("capacity", "fixed")
#: Relative tolerance of the table identity ``x = Z 1 + Y 1`` checked by ARIOParams.from_table.
TABLE_RTOL = 1e-6
#: Scarcity (relative excess of demand over the previous day's output) below which demand counts
#: as met and overproduction decays.
SCARCITY_TOL = 1e-9


# ----------------------------------------------------------------------------- helpers


def _positive_scalar(
    value: float, name: str, *, minimum: float = 0.0, strict: bool = True
) -> float:
    """Return ``value`` as a finite float above (or at) ``minimum``."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{name} must be a number; received {value!r}") from None
    ok = np.isfinite(v) and (v > minimum if strict else v >= minimum)
    if not ok:
        rel = ">" if strict else ">="
        raise ValidationError(f"{name} = {value!r} must be finite and {rel} {minimum:g}")
    return v


def _per_sector(value: float | ArrayLike, name: str, s: int, *, allow_inf: bool) -> FloatArray:
    """Return a scalar or one value per sector as an ``(s,)`` array of values >= 1 day."""
    a = np.array(value, dtype=np.float64)
    if a.ndim == 0:
        a = np.full(s, float(a))
    if a.shape != (s,):
        raise ValidationError(
            f"{name} must be a number or one value per sector ({s}); received shape {a.shape}"
        )
    bad = np.isnan(a) | (a < 1.0) | (np.isinf(a) & (not allow_inf or a < 0))
    if bad.any():
        i = int(np.argmax(bad))
        inf = " (or inf for an input that never constrains)" if allow_inf else ""
        raise ValidationError(f"{name}[{i}] = {a[i]:g} must be >= 1 day{inf}")
    return a


def _supplier_sums(v: FloatArray, z: FloatArray) -> FloatArray:
    r"""Return :math:`\sum_{r} v_{p m r} z_{p r j}` for each product ``p``, row ``m``, column ``j``.

    ``v`` is ``(S, m, R)``, ``z`` is ``(S, R, n)``; the result is ``(S, m, n)`` (one batched
    matrix product, a single pass over the flows).
    """
    return np.matmul(v, z)


def _row_totals(h: FloatArray, z: FloatArray) -> FloatArray:
    r"""Return :math:`\sum_j z_{ij} h_{p(i) j}` as an ``(n,)`` vector in region-major order."""
    s, r, _ = z.shape
    return np.matmul(z, h[:, :, None])[:, :, 0].T.reshape(r * s)


def _by_product(v: FloatArray, s: int) -> FloatArray:
    """Return an ``(n,)`` region-major vector as ``(S, R)`` (product, region)."""
    return v.reshape(-1, s).T


def _ratio(a: FloatArray, b: FloatArray) -> FloatArray:
    """Return ``a / b`` where ``b > 0`` and 0 elsewhere (``a``, ``b`` >= 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.true_divide(a, b)
    zero = b <= 0
    if zero.any():
        r[np.broadcast_to(zero, r.shape)] = 0.0
    return r


# ----------------------------------------------------------------------------- parameters


@dataclass(frozen=True, slots=True)
class ARIOParams:
    r"""Parameters of the ARIO model: the baseline economy (per day) and the behaviour.

    Build it with :meth:`from_table`; the fields are the derived arrays a step needs.

    Attributes
    ----------
    n_regions, n_sectors : int
        Regions :math:`R` and sectors (products) :math:`S`; :math:`n = R S` industries in
        region-major order.
    x0 : ndarray, shape (n,)
        Baseline output per day, :math:`x^0 = \sum_j z_{ij} + y_i`.
    y0 : ndarray, shape (n,)
        Final demand per day.
    z : ndarray, shape (S, R, n)
        Intermediate flows per day by product and supplying region, ``z[p, r, j]`` :math:`=
        z_{(r,p), j}`.
    zp : ndarray, shape (S, n)
        Product inputs per day at baseline, :math:`z^P_{pj} = \sum_r z_{(r,p) j}`.
    capital : ndarray, shape (n,)
        Productive capital :math:`K` in the table's money unit.
    inventory_days : ndarray, shape (S,)
        Target inventory :math:`n_p` in days of use, per input product (``inf``: never binds).
    inventory_tau : ndarray, shape (S,)
        Characteristic time :math:`\tau_{INV}` (days) of inventory restoration, per product.
    psi : float
        Share :math:`\psi \in (0, 1]` of the target below which production is cut.
    alpha_max, alpha_tau : float
        Maximum overproduction :math:`\alpha^{max}` and its characteristic time (days).
    rebuild_tau, rebuilding_factor : float
        Characteristic time :math:`\tau_R` (days) of rebuilding demand and :math:`\phi`,
        rebuilding demand per unit of capital destroyed.
    order_split : {"capacity", "fixed"}
        How orders of a product are split among supplying regions (see the module docstring).
    binding : ndarray of bool, shape (S, n)
        Inputs that can constrain production.
    alpha_base : float
        Base overproduction :math:`\alpha^b` (1).
    """

    n_regions: int
    n_sectors: int
    x0: FloatArray
    y0: FloatArray
    z: FloatArray
    zp: FloatArray
    capital: FloatArray
    inventory_days: FloatArray
    inventory_tau: FloatArray
    psi: float
    alpha_max: float
    alpha_tau: float
    rebuild_tau: float
    rebuilding_factor: float
    order_split: OrderSplit
    binding: NDArray[np.bool_]
    alpha_base: float = 1.0

    def __post_init__(self) -> None:
        n = self.n_regions * self.n_sectors
        shapes = {
            "x0": (n,),
            "y0": (n,),
            "z": (self.n_sectors, self.n_regions, n),
            "zp": (self.n_sectors, n),
            "capital": (n,),
            "inventory_days": (self.n_sectors,),
            "inventory_tau": (self.n_sectors,),
            "binding": (self.n_sectors, n),
        }
        for name, shape in shapes.items():
            got = np.shape(getattr(self, name))
            if got != shape:
                raise ValidationError(f"{name} must have shape {shape}; received {got}")
        if self.order_split not in _SPLITS:
            raise ValidationError(
                f"order_split = {self.order_split!r}; valid: {', '.join(_SPLITS)}"
            )
        if not 0 < self.psi <= 1:
            raise ValidationError(f"psi = {self.psi!r} must be in (0, 1]")
        short = self.psi * self.inventory_days < 1
        if short.any():
            i = int(np.argmax(short))
            raise ValidationError(
                f"inventory_days[{i}] = {self.inventory_days[i]:g} with psi = {self.psi:g} keeps "
                f"less than one day of input {i} before production is cut; psi * inventory_days "
                "must be >= 1 so that a day's use never exceeds the inventory"
            )
        if self.alpha_max < self.alpha_base:
            raise ValidationError(
                f"alpha_max = {self.alpha_max!r} must be >= alpha_base = {self.alpha_base!r}"
            )
        _readonly(
            self.x0, self.y0, self.z, self.zp, self.capital, self.inventory_days,
            self.inventory_tau, self.binding,
        )  # fmt: skip

    @property
    def n(self) -> int:
        """Number of industries (region-sectors)."""
        return self.n_regions * self.n_sectors

    @property
    def target_days(self) -> FloatArray:
        """Inventory target in days per product, 0 for inputs that never constrain (``inf``)."""
        return np.where(np.isfinite(self.inventory_days), self.inventory_days, 0.0)

    @classmethod
    def from_table(
        cls,
        Z: ArrayLike,
        Y: ArrayLike,
        x: ArrayLike,
        n_regions: int,
        n_sectors: int,
        *,
        capital: ArrayLike | None = None,
        capital_to_va: float | ArrayLike = 4.0,
        inventory_days: float | ArrayLike = 90.0,
        inventory_tau: float | ArrayLike = 60.0,
        psi: float = 0.8,
        alpha_max: float = 1.25,
        alpha_tau: float = 365.0,
        rebuild_tau: float = 60.0,
        rebuilding_factor: float = 1.0,
        order_split: OrderSplit = "capacity",
        input_threshold: float = 1e-5,
        days_per_year: float = 365.0,
    ) -> ARIOParams:
        r"""Build the parameters from a yearly MRIO table.

        Defaults are BoARIO's for ``ARIOPsiModel`` (Hallegatte 2014; Guan et al. 2020): 90
        days of inventories, restored with a 60-day characteristic time, production cut below
        80 % of the target, overproduction up to 125 % with a 365-day characteristic time,
        capital 4 times value added.

        Parameters
        ----------
        Z : array_like, shape (n, n)
            Intermediate flows per year, region-major (``i = region * n_sectors + sector``).
        Y : array_like, shape (n,) or (n, k)
            Final demand per year; the columns of a matrix are summed.
        x : array_like, shape (n,)
            Gross output per year; must equal ``Z.sum(1) + Y.sum(1)`` within 1e-6 relative.
        n_regions, n_sectors : int
            The table's regions and sectors, ``n_regions * n_sectors == n``.
        capital : array_like, shape (n,), optional
            Productive capital per industry, in the table's money unit. Default: value added
            (:math:`x_j - \sum_i z_{ij}`, negative set to 0) times ``capital_to_va``.
        capital_to_va : float or array_like of shape (n_sectors,), default 4
            Capital per unit of value added, one value or one per sector.
        inventory_days : float or array_like of shape (n_sectors,), default 90
            Target inventory of each input product, in days of use (>= 1; ``inf`` for an input
            that never constrains production).
        inventory_tau : float or array_like of shape (n_sectors,), default 60
            Characteristic time of inventory restoration (days, >= 1; 1 orders the whole gap
            at once, as the base ARIO model).
        psi : float, default 0.8
            Share of the inventory target below which production is cut (1: base ARIO).
        alpha_max : float, default 1.25
            Maximum overproduction factor.
        alpha_tau : float, default 365
            Characteristic time of overproduction (days, >= 1).
        rebuild_tau : float, default 60
            Characteristic time of rebuilding (days, >= 1).
        rebuilding_factor : float, default 1
            Rebuilding demand per unit of capital destroyed.
        order_split : {"capacity", "fixed"}, default "capacity"
            Split of the orders of a product among supplying regions: by baseline purchases
            weighted by current capacity (BoARIO ``"alt"``) or by baseline purchases only.
        input_threshold : float, default 1e-5
            Inputs with a coefficient :math:`z^P_{pj} / x^0_j` at or below it never constrain
            production.
        days_per_year : float, default 365
            Divides the yearly table into daily flows.

        Returns
        -------
        ARIOParams

        Raises
        ------
        ValidationError
            Naming the first value that is of the wrong shape, negative, not finite, or breaks
            the table identity.
        """
        r, s = int(n_regions), int(n_sectors)
        if r < 1 or s < 1:
            raise ValidationError(
                f"n_regions = {n_regions!r} and n_sectors = {n_sectors!r} must be >= 1"
            )
        n = r * s
        zy = _owned_floats(Z, "Z", 2)
        if zy.shape != (n, n):
            raise ValidationError(
                f"Z must be ({n}, {n}) for {r} regions x {s} sectors; received shape {zy.shape}"
            )
        nonnegative(zy, "Z", "intermediate flows must be >= 0")
        yy = _owned_floats(Y, "Y", (1, 2))
        _length(yy, "Y", n)
        nonnegative(yy, "Y", "final demand must be >= 0")
        yy = yy.sum(axis=1) if yy.ndim == 2 else yy
        xy = _owned_floats(x, "x", 1)
        _length(xy, "x", n)
        nonnegative(xy, "x", "output must be >= 0")
        balance = zy.sum(axis=1) + yy
        resid = np.abs(xy - balance)
        limit = TABLE_RTOL * np.maximum(np.maximum(xy, balance), 1e-6 * xy.max(initial=0.0))
        if (resid > limit).any():
            i = int(np.argmax(resid - limit))
            raise ValidationError(
                f"x is not Z.sum(1) + Y.sum(1): at industry {i} (region {i // s}, sector "
                f"{i % s}) x = {xy[i]:g} but Z.sum(1) + Y.sum(1) = {balance[i]:g}; pass a "
                "balanced table"
            )
        days = _positive_scalar(days_per_year, "days_per_year")

        z = np.ascontiguousarray((zy / days).reshape(r, s, n).transpose(1, 0, 2))
        y0 = yy / days
        # Baseline flows through the same kernels as a step, so the initial state is an exact
        # fixed point (see steady_state).
        zp = _supplier_sums(np.ones((s, 2, r)), z)[:, 1, :].copy()
        inter = _row_totals(np.ones((s, n)), z)
        x0 = inter + y0

        if capital is None:
            ratio = np.array(capital_to_va, dtype=np.float64)
            if ratio.ndim == 0:
                ratio = np.full(s, float(ratio))
            if ratio.shape != (s,) or not np.all(np.isfinite(ratio)) or (ratio < 0).any():
                raise ValidationError(
                    "capital_to_va must be a number >= 0 or one per sector "
                    f"({s}); received {capital_to_va!r}"
                )
            va = np.maximum(xy - zy.sum(axis=0), 0.0)
            k = va * np.tile(ratio, r)
        else:
            k = _owned_floats(capital, "capital", 1)
            _length(k, "capital", n)
            nonnegative(k, "capital", "productive capital must be >= 0")
        inv_days = _per_sector(inventory_days, "inventory_days", s, allow_inf=True)
        inv_tau = _per_sector(inventory_tau, "inventory_tau", s, allow_inf=False)
        thr = _positive_scalar(input_threshold, "input_threshold", strict=False)
        coef = _ratio(zp, x0[None, :])
        binding = (coef > thr) & np.isfinite(inv_days)[:, None]
        if order_split not in _SPLITS:
            raise ValidationError(f"order_split = {order_split!r}; valid: {', '.join(_SPLITS)}")
        return cls(
            n_regions=r,
            n_sectors=s,
            x0=x0,
            y0=y0,
            z=z,
            zp=zp,
            capital=k.copy(),
            inventory_days=inv_days,
            inventory_tau=inv_tau,
            psi=_positive_scalar(psi, "psi"),
            alpha_max=_positive_scalar(alpha_max, "alpha_max", minimum=1.0, strict=False),
            alpha_tau=_positive_scalar(alpha_tau, "alpha_tau", minimum=1.0, strict=False),
            rebuild_tau=_positive_scalar(rebuild_tau, "rebuild_tau", minimum=1.0, strict=False),
            rebuilding_factor=_positive_scalar(rebuilding_factor, "rebuilding_factor"),
            order_split=order_split,
            binding=binding,
        )


# ----------------------------------------------------------------------------- shock


@dataclass(frozen=True, slots=True)
class CapitalShock:
    r"""A validated event: productive capital destroyed on one day, then recovered.

    Parameters
    ----------
    damage : ndarray, shape (n,)
        Capital destroyed per industry, in the table's money unit (:math:`\le K`).
    day : int, default 1
        First day with reduced capacity (>= 1; day 0 is the baseline).
    duration : int, default 0
        Days after ``day`` before recovery starts.
    recovery : {"exogenous", "rebuild"}, default "exogenous"
        ``"exogenous"``: capital comes back linearly over ``recovery_days``,
        :meth:`damage_on`. ``"rebuild"``: from day ``day + duration`` the rebuilding sectors
        receive a demand of :math:`\phi` times the damage (spread as :math:`1/\tau_R` of what
        is left each day), and capital comes back as that demand is met.
    recovery_days : int, default 90
        Length of the exogenous recovery (days, >= 1).
    rebuilding_sectors : ndarray, shape (n_sectors,), optional
        Share of the rebuilding demand addressed to each sector (sums to 1); required for
        ``"rebuild"``. Each affected industry's demand for a sector is split among regions in
        proportion to its baseline purchases of that sector (by output when it buys none).

    Raises
    ------
    ValidationError
        Naming the value at fault.
    """

    damage: FloatArray
    day: int = 1
    duration: int = 0
    recovery: Literal["exogenous", "rebuild"] = "exogenous"
    recovery_days: int = 90
    rebuilding_sectors: FloatArray | None = None

    def __post_init__(self) -> None:
        dmg = _owned_floats(self.damage, "damage", 1)
        nonnegative(dmg, "damage", "capital destroyed must be >= 0")
        for name, low in (("day", 1), ("duration", 0), ("recovery_days", 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
                raise ValidationError(f"{name} = {value!r} must be an integer >= {low}")
        if self.recovery not in ("exogenous", "rebuild"):
            raise ValidationError(f"recovery = {self.recovery!r}; valid: exogenous, rebuild")
        shares = None
        if self.rebuilding_sectors is not None:
            shares = _owned_floats(self.rebuilding_sectors, "rebuilding_sectors", 1)
            nonnegative(shares, "rebuilding_sectors", "rebuilding shares must be >= 0")
            if not np.isclose(shares.sum(), 1.0, rtol=0, atol=1e-9):
                raise ValidationError(
                    f"rebuilding_sectors sums to {shares.sum():.12g}; the shares must sum to 1"
                )
            _readonly(shares)
        elif self.recovery == "rebuild":
            raise ValidationError(
                "recovery = 'rebuild' needs rebuilding_sectors: the share of rebuilding demand "
                "addressed to each sector"
            )
        _readonly(dmg)
        object.__setattr__(self, "damage", dmg)
        object.__setattr__(self, "rebuilding_sectors", shares)
        for name in ("day", "duration", "recovery_days"):
            object.__setattr__(self, name, int(getattr(self, name)))

    @classmethod
    def from_share(
        cls,
        capital: ArrayLike,
        share: float | ArrayLike,
        *,
        where: ArrayLike | None = None,
        **options: object,
    ) -> CapitalShock:
        """Build a shock destroying a share of the capital of chosen industries.

        Parameters
        ----------
        capital : array_like, shape (n,)
            Productive capital, e.g. ``params.capital``.
        share : float or array_like of shape (n,)
            Share of capital destroyed, in ``[0, 1]``.
        where : array_like of bool or int, optional
            The industries hit (mask or positions); all where omitted.
        **options
            ``day``, ``duration``, ``recovery``, ``recovery_days``, ``rebuilding_sectors``.
        """
        k = _owned_floats(capital, "capital", 1)
        sh = _owned_floats(share, "share", (0, 1))
        sh = np.full(k.shape[0], float(sh)) if sh.ndim == 0 else sh
        _length(sh, "share", k.shape[0])
        bad = (sh < 0) | (sh > 1)
        if bad.any():
            i = int(np.argmax(bad))
            raise ValidationError(f"share[{i}] = {sh[i]:g} is outside [0, 1]")
        hit = (
            np.ones(k.shape[0], dtype=bool)
            if where is None
            else _selection(where, k.shape[0], "where")
        )
        return cls(np.where(hit, sh * k, 0.0), **options)  # type: ignore[arg-type]

    def damage_on(self, day: int) -> FloatArray:
        r"""Return the capital still destroyed on ``day`` under exogenous recovery.

        .. math::

            K^{lost}(t) = K^{lost}_0 \min\Bigl(1, \max\Bigl(0,
            1 - \frac{t - t_0 - d}{T}\Bigr)\Bigr), \quad t \ge t_0,

        with :math:`t_0` = ``day``, :math:`d` = ``duration``, :math:`T` = ``recovery_days``:
        full damage until :math:`t_0 + d`, none from :math:`t_0 + d + T` on (and none before
        :math:`t_0`).
        """
        if day < self.day:
            return np.zeros_like(self.damage)
        left = 1.0 - (day - self.day - self.duration) / self.recovery_days
        return self.damage * min(1.0, max(0.0, left))

    def check(self, params: ARIOParams, days: int) -> None:
        """Raise a :class:`ValidationError` unless the shock fits ``params`` and ``days``."""
        if self.damage.shape != (params.n,):
            raise ValidationError(
                f"damage has shape {self.damage.shape} but the model has {params.n} industries"
            )
        over = self.damage > params.capital * (1.0 + 1e-12)
        if over.any():
            i = int(np.argmax(over))
            raise ValidationError(
                f"damage[{i}] = {self.damage[i]:g} exceeds the capital of industry {i} (region "
                f"{i // params.n_sectors}, sector {i % params.n_sectors}) = "
                f"{params.capital[i]:g}"
            )
        if self.rebuilding_sectors is not None and self.rebuilding_sectors.shape != (
            params.n_sectors,
        ):
            raise ValidationError(
                f"rebuilding_sectors has {self.rebuilding_sectors.shape[0]} shares but the model "
                f"has {params.n_sectors} sectors"
            )
        if self.day > days:
            raise ValidationError(f"day = {self.day} is after the last simulated day {days}")

    def rebuilding_demand(self, params: ARIOParams) -> tuple[FloatArray, NDArray[np.intp]]:
        r"""Return the rebuilding demand :math:`B` (``n x m``) and the ``m`` damaged industries.

        :math:`B_{(r,p) k} = \phi\, s_p\, K^{lost}_k\, w_{rpk}`, with :math:`s_p` the sector
        shares and :math:`w_{rpk}` the share of region :math:`r` in :math:`k`'s baseline
        purchases of product :math:`p` (as BoARIO). Where :math:`k` buys no :math:`p`, the
        shares of the purchases of :math:`p` by all industries of :math:`k`'s region are used,
        then :math:`k`'s own region if it makes :math:`p`, then every region by output: demand
        is never lost, and never sent where the damaged region has no trade link first.
        """
        if self.rebuilding_sectors is None:
            raise ValidationError("this shock has no rebuilding_sectors")
        s, r = params.n_sectors, params.n_regions
        damaged = np.flatnonzero(self.damage > 0)
        home = damaged // s  # region of each damaged industry
        buys = params.z[:, :, damaged]  # (S, R, m): purchases of the damaged industries
        by_region = params.z.reshape(s, r, r, s).sum(axis=3)[:, :, home]  # (S, R, m): of regions
        out = _by_product(params.x0, s)  # (S, R)
        local = np.zeros((s, r, damaged.size))
        local[:, home, np.arange(damaged.size)] = out[:, home]
        w = np.broadcast_to(out[:, :, None], buys.shape)
        for cand in (local, by_region, buys):  # the last one that has any weight wins
            w = np.where(cand.sum(axis=1, keepdims=True) > 0, cand, w)
        w = _ratio(w, w.sum(axis=1, keepdims=True))
        need = (self.rebuilding_sectors > 0)[:, None] & (w.sum(axis=1) == 0)
        if damaged.size and need.any():
            p = int(np.argmax(need.any(axis=1)))
            raise ValidationError(
                f"no region produces rebuilding sector {p} (zero baseline output everywhere)"
            )
        b = (
            params.rebuilding_factor
            * self.rebuilding_sectors[:, None, None]
            * w
            * self.damage[damaged][None, None, :]
        )  # (S, R, m)
        return np.ascontiguousarray(b.transpose(1, 0, 2).reshape(r * s, damaged.size)), damaged


# ----------------------------------------------------------------------------- state, step


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


# ----------------------------------------------------------------------------- recording


@dataclass(frozen=True, slots=True)
class ARIOResult:
    r"""Daily trajectories of a simulation (arrays are read-only; money per day).

    Attributes
    ----------
    production : ndarray, shape (days + 1, n)
        Output of each industry, row ``t`` for day ``t`` (row 0: baseline).
    capacity : ndarray, shape (days + 1, n)
        Capacity :math:`\alpha (1 - \Delta) x^0`.
    final_demand_unmet : ndarray, shape (days + 1, n)
        Final demand addressed to each industry and not served.
    baseline : ndarray, shape (n,)
        Baseline output :math:`x^0`.
    final_state : ARIOState
        The state at the end of the last day.
    """

    production: FloatArray
    capacity: FloatArray
    final_demand_unmet: FloatArray
    baseline: FloatArray
    final_state: ARIOState

    def __post_init__(self) -> None:
        _readonly(self.production, self.capacity, self.final_demand_unmet)

    @property
    def days(self) -> int:
        """Number of simulated days."""
        return self.production.shape[0] - 1

    def output_loss(self) -> FloatArray:
        r"""Return the cumulative output loss of each industry, :math:`\sum_t (x^0 - x(t))`."""
        return (self.baseline[None, :] - self.production[1:]).sum(axis=0)

    def total_output_loss(self) -> float:
        """Return the cumulative output loss of the whole economy (money)."""
        return float(self.output_loss().sum())


class Recorder:
    """Stores the daily output, capacity and unmet final demand of a simulation.

    Parameters
    ----------
    days : int
        Days to be simulated; rows ``0..days`` are allocated.
    n : int
        Industries.
    """

    def __init__(self, days: int, n: int) -> None:
        self.production = np.full((days + 1, n), np.nan)
        self.capacity = np.full((days + 1, n), np.nan)
        self.final_demand_unmet = np.full((days + 1, n), np.nan)

    def record(self, state: ARIOState) -> None:
        """Store the day of ``state`` in row ``state.day``."""
        t = state.day
        self.production[t] = state.production
        self.capacity[t] = state.capacity
        self.final_demand_unmet[t] = state.final_demand_unmet

    def result(self, params: ARIOParams, final_state: ARIOState) -> ARIOResult:
        """Return the recorded trajectories as an :class:`ARIOResult`."""
        return ARIOResult(
            production=self.production,
            capacity=self.capacity,
            final_demand_unmet=self.final_demand_unmet,
            baseline=params.x0,
            final_state=final_state,
        )


def simulate(params: ARIOParams, shock: CapitalShock | None, days: int) -> ARIOResult:
    """Run the model for ``days`` days from the baseline, with one shock (or none).

    Before each day's :func:`step` the loop applies the shock: on ``shock.day`` the capital is
    destroyed; under exogenous recovery it follows :meth:`CapitalShock.damage_on`; under
    rebuilding the demand :meth:`CapitalShock.rebuilding_demand` is addressed to the rebuilding
    sectors from ``shock.day + shock.duration``.

    Parameters
    ----------
    params : ARIOParams
        The model.
    shock : CapitalShock or None
        The event; None runs the baseline.
    days : int
        Days to simulate (>= 1).

    Returns
    -------
    ARIOResult
        Daily output, capacity and unmet final demand, rows ``0..days``.

    Raises
    ------
    ValidationError
        If ``days`` < 1 or the shock does not fit the model.

    Examples
    --------
    >>> import numpy as np
    >>> Z = np.array([[10.0, 20.0], [30.0, 5.0]])
    >>> Y = np.array([70.0, 65.0])
    >>> params = ARIOParams.from_table(Z, Y, Z.sum(1) + Y, 1, 2)
    >>> shock = CapitalShock.from_share(params.capital, 0.2, where=[0], recovery_days=30)
    >>> result = simulate(params, shock, days=120)
    >>> bool(result.production[1, 0] < params.x0[0])
    True
    """
    if isinstance(days, bool) or not isinstance(days, int | np.integer) or days < 1:
        raise ValidationError(f"days = {days!r} must be an integer >= 1")
    days = int(days)
    if shock is not None:
        shock.check(params, days)
    state = steady_state(params)
    recorder = Recorder(days, params.n)
    recorder.record(state)
    for t in range(1, days + 1):
        if shock is not None and t >= shock.day:
            if shock.recovery == "exogenous":
                state = dataclasses.replace(state, damage=shock.damage_on(t))
            else:
                if t == shock.day:
                    state = dataclasses.replace(state, damage=shock.damage.copy())
                if t == shock.day + shock.duration:
                    rebuild, damaged = shock.rebuilding_demand(params)
                    state = dataclasses.replace(state, rebuild=rebuild, damaged=damaged)
        state = step(state, params)
        recorder.record(state)
    return recorder.result(params, state)
