r"""Backup placement, array kernel: the validated problem data and the loss evaluation.

:class:`BackupProblem` holds the arrays of the two-stage stochastic MILP documented in
:mod:`hinterland.layout.backup` (capacity :math:`K`, demand :math:`D`, loss shares
:math:`\delta`, probabilities :math:`\pi`, option costs and limits :math:`F, c, M`, loss per
unit :math:`\lambda`); :func:`shortfall`, :func:`scenario_losses` and :func:`cvar` evaluate a
placement without a solver. Pure numpy; labels appear in messages only.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hinterland.errors import ValidationError

__all__ = ["PROBABILITY_TOL", "BackupProblem", "cvar", "scenario_losses", "shortfall"]

FloatArray = NDArray[np.float64]
PROBABILITY_TOL = 1e-9
r"""Tolerance on :math:`|\sum_s \pi_s - 1|`."""


# ----------------------------------------------------------------------------- the kernel data


def _where(labels: tuple[tuple, ...], names: tuple[str, ...], pos: tuple[int, ...]) -> str:
    return ", ".join(f"{n} {lab[k]!r}" for n, lab, k in zip(names, labels, pos, strict=True))


@dataclass(frozen=True, slots=True)
class BackupProblem:
    r"""The arrays of the backup MILP, validated, with labels used in messages only.

    Attributes
    ----------
    K : ndarray, shape (P, I)
        Baseline capacity per province and industry, per year.
    D : ndarray, shape (I,)
        Demand per industry, per year (same unit as ``K``).
    delta : ndarray, shape (S, P, I)
        Share of capacity lost in each scenario, in [0, 1].
    pi : ndarray, shape (S,)
        Scenario probabilities, >= 0 and summing to 1 within 1e-9.
    F, c, M : ndarray, shape (P, I)
        Fixed cost of opening, variable cost per unit, size limit of each backup option;
        ``M == 0`` means there is no option (then ``F`` and ``c`` are ignored).
    lam : ndarray, shape (I,)
        Loss per unit of missing capacity.
    provinces, industries, scenarios : tuple
        Labels (positions when empty).
    W : ndarray, shape (Q, P, I), optional
        Use of each of ``Q`` provincial resources (electricity, water, ...) per unit of backup;
        none when omitted.
    R : ndarray, shape (Q, P), optional
        What each province can spare of each resource for backup (``inf``: no limit):
        :math:`\sum_i W_{qpi} b_{pi} \le R_{qp}`.
    resources : tuple
        Names of the ``Q`` resources (positions when empty).
    """

    K: FloatArray
    D: FloatArray
    delta: FloatArray
    pi: FloatArray
    F: FloatArray
    c: FloatArray
    M: FloatArray
    lam: FloatArray
    provinces: tuple[Hashable, ...] = ()
    industries: tuple[Hashable, ...] = ()
    scenarios: tuple[Hashable, ...] = ()
    W: FloatArray | None = None
    R: FloatArray | None = None
    resources: tuple[Hashable, ...] = ()

    def __post_init__(self) -> None:
        put = object.__setattr__
        for name in ("K", "D", "delta", "pi", "F", "c", "M", "lam"):
            arr = np.array(getattr(self, name), dtype=float)
            arr.setflags(write=False)
            put(self, name, arr)
        self._resources()
        if self.K.ndim != 2 or self.delta.ndim != 3:
            raise ValidationError(
                f"K must be (provinces, industries) and delta (scenarios, provinces, industries); "
                f"got K {self.K.shape}, delta {self.delta.shape}"
            )
        n_p, n_i = self.K.shape
        n_s = self.delta.shape[0]
        if min(n_p, n_i, n_s) == 0:
            raise ValidationError(
                f"need at least one province, industry and scenario; got {n_p}, {n_i}, {n_s}"
            )
        for name, n in (("provinces", n_p), ("industries", n_i), ("scenarios", n_s)):
            labels = tuple(getattr(self, name)) or tuple(range(n))
            if len(labels) != n or len(set(labels)) != n:
                raise ValidationError(f"{name} must be {n} distinct labels; got {labels!r}")
            put(self, name, labels)
        shapes = {
            "D": (n_i,),
            "delta": (n_s, n_p, n_i),
            "pi": (n_s,),
            "F": (n_p, n_i),
            "c": (n_p, n_i),
            "M": (n_p, n_i),
            "lam": (n_i,),
        }
        for name, shape in shapes.items():
            if getattr(self, name).shape != shape:
                raise ValidationError(
                    f"{name} must have shape {shape} for {n_s} scenarios, {n_p} provinces and "
                    f"{n_i} industries; got {getattr(self, name).shape}"
                )
        for name in ("F", "c"):  # costs of absent options are ignored: stored as 0
            arr = np.where(self.M > 0, getattr(self, name), 0.0)
            arr.setflags(write=False)
            put(self, name, arr)
        self._validate_values()

    def _validate_values(self) -> None:
        axes = {
            "K": (("province", "industry"), (self.provinces, self.industries)),
            "D": (("industry",), (self.industries,)),
            "delta": (
                ("scenario", "province", "industry"),
                (self.scenarios, self.provinces, self.industries),
            ),
            "pi": (("scenario",), (self.scenarios,)),
            "M": (("province", "industry"), (self.provinces, self.industries)),
            "F": (("province", "industry"), (self.provinces, self.industries)),
            "c": (("province", "industry"), (self.provinces, self.industries)),
            "lam": (("industry",), (self.industries,)),
        }
        what = {
            "K": "capacity",
            "D": "demand",
            "delta": "loss share",
            "pi": "probability",
            "M": "size limit",
            "F": "fixed cost",
            "c": "unit cost",
            "lam": "loss per unit",
        }
        for name, (names, labels) in axes.items():
            a = getattr(self, name)
            bad = ~np.isfinite(a) | (a < 0)
            if name == "delta":
                bad |= a > 1
            if bad.any():
                pos = tuple(int(k) for k in np.argwhere(bad)[0])
                rule = "in [0, 1]" if name == "delta" else "finite and >= 0"
                raise ValidationError(
                    f"{what[name]} ({name}) must be {rule}; got {float(a[pos]):g} at "
                    f"{_where(labels, names, pos)} ({int(bad.sum())} bad value(s))"
                )
        total = float(self.pi.sum())
        if abs(total - 1.0) > PROBABILITY_TOL:
            listed = ", ".join(f"{s!r}={p:g}" for s, p in zip(self.scenarios, self.pi, strict=True))
            raise ValidationError(
                f"scenario probabilities must sum to 1 (within {PROBABILITY_TOL:g}); they sum "
                f"to {total:.12g}: {listed}"
            )

    def _resources(self) -> None:
        put = object.__setattr__
        n_p, n_i = np.shape(self.K) if np.ndim(self.K) == 2 else (0, 0)
        if (self.W is None) != (self.R is None):
            raise ValidationError("give resource use W and resource limits R together")
        W = np.zeros((0, n_p, n_i)) if self.W is None else np.array(self.W, dtype=float)
        R = np.zeros((0, n_p)) if self.R is None else np.array(self.R, dtype=float)
        n_q = W.shape[0] if W.ndim == 3 else -1
        if W.shape != (n_q, n_p, n_i) or R.shape != (n_q, n_p):
            raise ValidationError(
                f"resource use W must be (resources, {n_p}, {n_i}) and limits R (resources, "
                f"{n_p}); got W {W.shape}, R {R.shape}"
            )
        names = tuple(self.resources) or tuple(range(n_q))
        if len(names) != n_q:
            raise ValidationError(f"resources must name {n_q} resources; got {names!r}")
        for arr, what, bad in (
            (W, "resource use", ~np.isfinite(W) | (W < 0)),
            (R, "resource limit", np.isnan(R) | (R < 0)),
        ):
            if bad.any():
                pos = tuple(int(k) for k in np.argwhere(bad)[0])
                raise ValidationError(
                    f"{what} of {names[pos[0]]!r} must be >= 0 (limits may be inf); got "
                    f"{float(arr[pos]):g} at position {pos[1:]}"
                )
        W.setflags(write=False)
        R.setflags(write=False)
        put(self, "W", W)
        put(self, "R", R)
        put(self, "resources", names)

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(S, P, I)``: scenarios, provinces, industries."""
        return self.delta.shape

    @property
    def options(self) -> NDArray[np.bool_]:
        """Boolean (P, I): where a backup option exists (``M > 0``)."""
        return self.M > 0


# ----------------------------------------------------------------------------- evaluation kernels


def shortfall(problem: BackupProblem, b: FloatArray | None = None) -> FloatArray:
    r"""Shortfall :math:`u_{si} = \max(0, D_i - \sum_p (1 - \delta_{spi})(K_{pi} + b_{pi}))`.

    Parameters
    ----------
    problem : BackupProblem
    b : ndarray, shape (P, I), optional
        Backup sizes; none when omitted.

    Returns
    -------
    ndarray, shape (S, I)
    """
    cap = problem.K if b is None else problem.K + b
    available = np.einsum("spi,pi->si", 1.0 - problem.delta, cap)
    return np.maximum(problem.D - available, 0.0)


def scenario_losses(problem: BackupProblem, b: FloatArray | None = None) -> FloatArray:
    r"""Loss of each scenario :math:`L_s = \sum_i \lambda_i u_{si}`, shape (S,)."""
    return shortfall(problem, b) @ problem.lam


def cvar(losses: FloatArray, pi: FloatArray, alpha: float) -> float:
    r"""Conditional value at risk of a discrete loss distribution.

    .. math::

        \mathrm{CVaR}_\alpha(L) = \min_\eta\ \eta + \frac{1}{1-\alpha} \sum_s \pi_s
        \max(L_s - \eta, 0),

    attained at the value at risk :math:`\eta = \min\{l : P(L \le l) \ge \alpha\}`; the
    function is evaluated there and at its neighbouring breakpoints (rounding of the cumulative
    probabilities), and the smallest value is returned.

    Parameters
    ----------
    losses, pi : ndarray, shape (S,)
        Scenario losses and probabilities (summing to 1).
    alpha : float
        Level in [0, 1); ``alpha = 0`` gives the expected loss.

    Returns
    -------
    float
        :math:`\mathrm{E}[L] \le \mathrm{CVaR}_\alpha \le \max_s L_s` over scenarios with
        :math:`\pi_s > 0`.
    """
    if not 0.0 <= alpha < 1.0:
        raise ValidationError(f"alpha must be in [0, 1); got {alpha!r}")
    order = np.argsort(losses, kind="stable")
    ls = np.asarray(losses, dtype=float)[order]
    k = int(np.searchsorted(np.cumsum(np.asarray(pi, dtype=float)[order]), alpha))
    cands = ls[max(k - 1, 0) : min(k + 2, ls.size)]
    vals = cands + (pi @ np.maximum(losses[:, None] - cands[None, :], 0.0)) / (1.0 - alpha)
    return float(vals.min())
