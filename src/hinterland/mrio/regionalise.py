r"""Non-survey regionalisation kernels: Flegg location quotients and a gravity trade model.

Pure numpy, used by :mod:`hinterland.mrio.build` to estimate a multi-regional table from a
national technical-coefficient matrix and regional sector outputs. Shapes: ``R`` regions,
``S`` sectors; ``x`` is ``(R, S)``; national coefficients ``A`` are ``(S, S)``.

The method (Flegg & Webber 1997; Flegg & Tohmo 2013; Miller & Blair 2009, ch. 8):

.. math::

    SLQ_{ri} = \frac{x_{ri} / x_{r\cdot}}{x_{\cdot i} / x_{\cdot\cdot}}, \quad
    CILQ_{rij} = \frac{SLQ_{ri}}{SLQ_{rj}}, \quad
    \lambda_r = \left[\log_2\left(1 + \frac{x_{r\cdot}}{x_{\cdot\cdot}}\right)\right]^{\delta},

    FLQ_{rij} = \lambda_r \, CILQ_{rij} \ (i \ne j), \qquad FLQ_{rii} = \lambda_r SLQ_{ri},

    a^{rr}_{ij} = a_{ij} \min(1, FLQ_{rij}).

The rest of each national coefficient, :math:`a_{ij} - a^{rr}_{ij}`, is bought from other regions
(or abroad) and split across origins by a gravity model:

.. math::

    t^{sr}_i = \frac{x_{si}\, d_{sr}^{-\beta}}{\sum_{k \ne r} x_{ki}\, d_{kr}^{-\beta}},
    \qquad s \ne r.
"""

from __future__ import annotations

import numpy as np

from hinterland.errors import ValidationError


def _check_x(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if x.ndim != 2:
        raise ValidationError(f"regional outputs must be (regions, sectors); got shape {x.shape}")
    if not np.isfinite(x).all() or (x < 0).any():
        r, s = np.argwhere(~np.isfinite(x) | (x < 0))[0]
        raise ValidationError(f"regional output x[{r}, {s}] = {x[r, s]} is not finite and >= 0")
    return x


def simple_lq(x: np.ndarray) -> np.ndarray:
    """Return simple location quotients ``SLQ[r, i]`` (0 where a region has no output)."""
    x = _check_x(x)
    reg = x.sum(axis=1, keepdims=True)
    nat = x.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = (x / reg) / (nat / nat.sum())
    return np.nan_to_num(lq, nan=0.0, posinf=0.0)


def flq_regional_coefficients(a: np.ndarray, x: np.ndarray, *, delta: float = 0.3) -> np.ndarray:
    """Return intra-regional coefficients ``a_rr[r, i, j]`` by Flegg's location quotient.

    Parameters
    ----------
    a : ndarray, shape (S, S)
        National technical coefficients.
    x : ndarray, shape (R, S)
        Regional sector outputs.
    delta : float, default 0.3
        FLQ's size parameter in [0, 1); 0 gives the cross-industry LQ (no size adjustment).
        0.3 is the value most studies settle on (Flegg & Tohmo 2013).
    """
    if not 0.0 <= delta < 1.0:
        raise ValidationError(f"FLQ delta must be in [0, 1); got {delta}")
    a = np.asarray(a, dtype=float)
    x = _check_x(x)
    if a.shape != (x.shape[1], x.shape[1]):
        raise ValidationError(f"coefficients {a.shape} do not match {x.shape[1]} sectors")
    slq = simple_lq(x)
    lam = np.log2(1.0 + x.sum(axis=1) / x.sum()) ** delta  # (R,)
    with np.errstate(divide="ignore", invalid="ignore"):
        cilq = slq[:, :, None] / slq[:, None, :]  # (R, i, j)
    cilq = np.where(np.isfinite(cilq), cilq, 0.0)
    diag = np.arange(a.shape[0])
    cilq[:, diag, diag] = slq
    flq = lam[:, None, None] * cilq
    return a[None, :, :] * np.minimum(1.0, flq)


def gravity_shares(x: np.ndarray, dist_km: np.ndarray, *, beta: float = 1.0) -> np.ndarray:
    """Return origin shares ``t[s, r, i]`` of region r's purchases of good i from region s != r.

    Each column ``t[:, r, i]`` sums to 1 over origins ``s != r`` (0 where no other region makes
    good i); ``t[r, r, i] = 0``.
    """
    x = _check_x(x)
    d = np.asarray(dist_km, dtype=float)
    n = x.shape[0]
    if d.shape != (n, n):
        raise ValidationError(f"distances {d.shape} do not match {n} regions")
    if beta < 0:
        raise ValidationError(f"gravity distance exponent beta must be >= 0; got {beta}")
    off = ~np.eye(n, dtype=bool)
    if (d[off] <= 0).any():
        raise ValidationError("distances between different regions must be positive")
    with np.errstate(divide="ignore"):
        impedance = np.where(off, d, np.inf) ** -beta  # (s, r); 0 on the diagonal
    w = x[:, None, :] * impedance[:, :, None]  # (s, r, i)
    tot = w.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(tot > 0, w / tot, 0.0)
