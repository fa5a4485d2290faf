"""ARIO events: productive capital destroyed on a day, then recovered (:class:`CapitalShock`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hinterland._arrays import nonnegative
from hinterland.errors import ValidationError
from hinterland.mrio._checks import _length, _owned_floats, _readonly, _selection
from hinterland.mrio.dynamic._kernels import FloatArray, _by_product, _ratio
from hinterland.mrio.dynamic.parameters import ARIOParams

__all__ = ["CapitalShock"]


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
