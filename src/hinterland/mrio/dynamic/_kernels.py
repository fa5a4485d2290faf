"""Array kernels and scalar checks shared by the ARIO modules (private; numpy in, numpy out)."""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hinterland.errors import ValidationError

FloatArray = NDArray[np.float64]
OrderSplit = Literal["capacity", "fixed"]
_SPLITS = ("capacity", "fixed")
#: Relative tolerance of the table identity ``x = Z 1 + Y 1`` checked by ARIOParams.from_table.
TABLE_RTOL = 1e-6
#: Scarcity (relative excess of demand over the previous day's output) below which demand counts
#: as met and overproduction decays.
SCARCITY_TOL = 1e-9


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
