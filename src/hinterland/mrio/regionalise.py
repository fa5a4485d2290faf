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


def ras(
    seed: np.ndarray,
    row_targets: np.ndarray,
    col_targets: np.ndarray,
    *,
    tol: float = 1e-11,
    max_iter: int = 20_000,
) -> np.ndarray:
    r"""Balance non-negative matrices to given row and column sums (RAS, biproportional scaling).

    Finds :math:`T = \hat r\, T^0 \hat s` with :math:`T 1 = u` and :math:`1' T = w`
    (Bacharach 1970; Miller & Blair 2009, section 7.4). Zeros of the seed stay zero. Works on a
    stack of matrices at once: ``seed`` of shape ``(..., m, n)`` with targets ``(..., m)`` and
    ``(..., n)``.

    Raises
    ------
    ValidationError
        If a seed or target is negative or not finite, the row and column targets of a matrix do
        not add up to the same total, a positive target has an all-zero seed row or column, or
        the scaling does not converge to ``tol`` (relative) in ``max_iter`` sweeps.
    """
    t = np.array(seed, dtype=float)
    u = np.asarray(row_targets, dtype=float)
    w = np.asarray(col_targets, dtype=float)
    for name, arr in (("seed", t), ("row targets", u), ("column targets", w)):
        if not np.isfinite(arr).all() or (arr < 0).any():
            raise ValidationError(f"RAS {name} must be finite and >= 0")
    if u.shape != t.shape[:-1] or w.shape != t.shape[:-2] + t.shape[-1:]:
        raise ValidationError(f"RAS targets {u.shape}, {w.shape} do not fit seed {t.shape}")
    total = np.maximum(u.sum(axis=-1), w.sum(axis=-1))
    if (np.abs(u.sum(axis=-1) - w.sum(axis=-1)) > 1e-9 * np.maximum(total, 1e-300)).any():
        raise ValidationError("RAS row and column targets do not add up to the same total")
    for axis, target, what in ((-1, u, "row"), (-2, w, "column")):
        dead = (t.sum(axis=axis) == 0) & (target > 0)
        if dead.any():
            raise ValidationError(f"RAS: a {what} with a positive target has an all-zero seed")
    scale = np.maximum(total, 1e-300)[..., None]
    for _ in range(max_iter):
        rs = t.sum(axis=-1)
        t *= np.divide(u, rs, out=np.zeros_like(u), where=rs > 0)[..., None]
        cs = t.sum(axis=-2)
        t *= np.divide(w, cs, out=np.zeros_like(w), where=cs > 0)[..., None, :]
        gap = np.abs(t.sum(axis=-1) - u) / scale
        if gap.max(initial=0.0) <= tol:
            return t
    raise ValidationError(
        f"RAS did not converge to {tol:g} in {max_iter} sweeps (gap {gap.max():.3g})"
    )
