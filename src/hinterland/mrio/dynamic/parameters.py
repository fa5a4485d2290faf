"""The ARIO parameters: the baseline economy per day and the behaviour (:class:`ARIOParams`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hinterland._arrays import nonnegative
from hinterland.errors import ValidationError
from hinterland.mrio._checks import _length, _owned_floats, _readonly
from hinterland.mrio.dynamic._kernels import (
    _SPLITS,
    TABLE_RTOL,
    FloatArray,
    OrderSplit,
    _per_sector,
    _positive_scalar,
    _ratio,
    _row_totals,
    _supplier_sums,
)

__all__ = ["ARIOParams"]


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
