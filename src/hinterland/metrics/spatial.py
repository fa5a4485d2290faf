"""Spatial autocorrelation kernels: global Moran's I and local Moran (LISA).

Pure numpy: ``y`` is a vector of ``n`` values, ``W`` an ``(n, n)`` spatial weights matrix with a
zero diagonal (row-standardise it with :func:`row_standardise` for the usual analysis; a row of
zeros is an island, a unit without neighbours).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from hinterland.errors import ValidationError
from hinterland.metrics._validate import floats


def row_standardise(W: ArrayLike) -> np.ndarray:
    """Return ``W`` with every row summing to 1 (rows of an island stay zero)."""
    W = np.asarray(W, dtype=float)
    s = W.sum(axis=1, keepdims=True)
    return np.divide(W, s, out=np.zeros_like(W), where=s > 0)


def _check(y: ArrayLike, W: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    y = floats(y, "y")
    W = floats(W, "W", ndim=2)
    n = len(y)
    if W.shape != (n, n):
        raise ValidationError(f"W must be ({n}, {n}) for {n} values, got {W.shape}")
    if np.any(np.diag(W) != 0):
        raise ValidationError("W must have a zero diagonal (a unit is not its own neighbour)")
    if n < 4:
        raise ValidationError(f"Moran's I needs at least 4 units, got {n}")
    if np.allclose(y, y[0]):
        raise ValidationError("y is constant: Moran's I is undefined")
    if W.sum() <= 0:
        raise ValidationError("W has no neighbours at all")
    return y, W


@dataclass(frozen=True, slots=True)
class MoranResult:
    """Global Moran's I with its moments under normality and randomisation, and a permutation test.

    ``p_norm``/``p_rand`` are two-sided; ``p_sim`` is the one-sided pseudo p-value of the
    permutation test in the direction of the observed statistic.
    """

    I: float  # noqa: E741 - the statistic's name
    EI: float
    VI_norm: float
    z_norm: float
    p_norm: float
    VI_rand: float
    z_rand: float
    p_rand: float
    p_sim: float
    permutations: int

    def to_dict(self) -> dict[str, float]:
        """Return the fields as a plain dict."""
        return {k: getattr(self, k) for k in self.__slots__}


def moran(
    y: ArrayLike,
    W: ArrayLike,
    *,
    permutations: int = 999,
    rng: np.random.Generator | int | None = None,
) -> MoranResult:
    r"""Global Moran's I (Moran 1950; moments from Cliff and Ord 1981).

    .. math::

        I = \frac{n}{S_0} \frac{z^\top W z}{z^\top z}, \quad z = y - \bar y, \quad
        S_0 = \sum_{ij} w_{ij}, \quad E[I] = -\frac{1}{n - 1}

    Variances under normality and under randomisation are Cliff and Ord's (1981, eqs. 1.35-1.36)
    with :math:`S_1 = \tfrac12 \sum_{ij} (w_{ij} + w_{ji})^2` and
    :math:`S_2 = \sum_i (w_{i\cdot} + w_{\cdot i})^2`.

    Parameters
    ----------
    y : array_like, shape (n,)
    W : array_like, shape (n, n)
        Spatial weights (row-standardised for the usual analysis), zero diagonal.
    permutations : int
        Random permutations of ``y`` for the pseudo p-value (0: none, ``p_sim`` NaN).
    rng : numpy.random.Generator, int or None
    """
    y, W = _check(y, W)
    n = len(y)
    z = y - y.mean()
    z2 = z @ z
    s0 = W.sum()
    stat = n / s0 * (z @ W @ z) / z2
    s1 = 0.5 * ((W + W.T) ** 2).sum()
    s2 = ((W.sum(axis=1) + W.sum(axis=0)) ** 2).sum()
    ei = -1.0 / (n - 1)
    vn = (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n - 1) * (n + 1) * s0 * s0) - ei * ei
    k = (z**4).sum() / n / (z2 / n) ** 2
    a = n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0)
    b = k * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0)
    vr = (a - b) / ((n - 1) * (n - 2) * (n - 3) * s0 * s0) - ei * ei
    zn, zr = (stat - ei) / np.sqrt(vn), (stat - ei) / np.sqrt(vr)
    p_sim = float("nan")
    if permutations:
        g = np.random.default_rng(rng)
        perm = g.permuted(np.tile(z, (permutations, 1)), axis=1)  # (P, n)
        sims = n / s0 * np.einsum("pi,ij,pj->p", perm, W, perm) / z2
        larger = int((sims >= stat).sum())
        larger = min(larger, permutations - larger)
        p_sim = (larger + 1.0) / (permutations + 1.0)
    return MoranResult(
        I=float(stat),
        EI=ei,
        VI_norm=float(vn),
        z_norm=float(zn),
        p_norm=float(2 * stats.norm.sf(abs(zn))),
        VI_rand=float(vr),
        z_rand=float(zr),
        p_rand=float(2 * stats.norm.sf(abs(zr))),
        p_sim=float(p_sim),
        permutations=int(permutations),
    )


QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
"""Moran scatterplot quadrants: value high/low (H/L) and neighbours' average high/low."""


@dataclass(frozen=True, slots=True)
class LocalMoranResult:
    """Local Moran statistics per unit (arrays of length n)."""

    Is: np.ndarray
    quadrant: np.ndarray  # 1 HH, 2 LH, 3 LL, 4 HL
    EI: np.ndarray
    VI: np.ndarray
    z_norm: np.ndarray
    p_sim: np.ndarray
    permutations: int


def local_moran(
    y: ArrayLike,
    W: ArrayLike,
    *,
    permutations: int = 999,
    rng: np.random.Generator | int | None = None,
) -> LocalMoranResult:
    r"""Local Moran's :math:`I_i` (Anselin 1995) with a conditional permutation test.

    .. math::

        I_i = (n - 1) \frac{z_i \sum_j w_{ij} z_j}{\sum_k z_k^2}, \quad
        z = (y - \bar y) / \sigma_y

    The expectation and variance are those under total randomisation (Sokal, Oden and Thomson
    1998, eqs. A3-A4); ``p_sim`` is the one-sided pseudo p-value of the conditional permutation
    test (unit ``i`` held fixed, the other values permuted), ``(min(M, P - M) + 1) / (P + 1)``
    with ``M`` the permutations at least as large as the observed :math:`I_i`.
    """
    y, W = _check(y, W)
    n = len(y)
    z = (y - y.mean()) / y.std()
    den = z @ z
    lag = W @ z
    Is = (n - 1) * z * lag / den
    quadrant = np.where(z > 0, np.where(lag > 0, 1, 4), np.where(lag > 0, 2, 3))
    m2 = den / n
    b2 = (z**4).sum() / n / m2**2
    wi, wi2 = W.sum(axis=1), (W * W).sum(axis=1)
    ei = -wi / (n - 1)
    vi = wi2 * (n - b2) / (n - 1) + (wi**2 - wi2) * (2 * b2 - n) / ((n - 1) * (n - 2)) - ei**2
    with np.errstate(divide="ignore", invalid="ignore"):
        zn = (Is - ei) / np.sqrt(vi)
    p_sim = np.full(n, np.nan)
    if permutations:
        g = np.random.default_rng(rng)
        p_sim = np.empty(n)
        idx = np.arange(n)
        for i in range(n):
            others = z[idx != i]
            draws = g.permuted(np.tile(others, (permutations, 1)), axis=1)
            lag_i = draws @ W[i, idx != i]
            sims = (n - 1) * z[i] * lag_i / den
            larger = int((sims >= Is[i]).sum())
            p_sim[i] = (min(larger, permutations - larger) + 1.0) / (permutations + 1.0)
    return LocalMoranResult(
        Is=Is, quadrant=quadrant, EI=ei, VI=vi, z_norm=zn, p_sim=p_sim, permutations=permutations
    )
