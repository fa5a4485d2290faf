r"""Estimate a China multi-regional input-output table by a documented non-survey method.

Inputs
------
- A national table: technical coefficients ``A`` (S x S, competitive imports, as NBS publishes
  them) and national sector outputs ``x_nat`` (S), e.g. the 17-sector 2007 table of the China
  Statistical Yearbook (flow table: 总产出 row; coefficients: 直接消耗系数表).
- Provincial value added by the three industries for one year (atlas indicators
  ``va_primary``, ``va_secondary``, ``va_tertiary``, 亿元), and distances between capitals.

Method (every step is an assumption; the result is an *estimate*, labelled so everywhere)
-------------------------------------------------------------------------------------
1. Value-added ratios ``v_s = 1 - sum_i a_is`` from the national coefficients.
2. Provincial sector value added: each province's three-industry value added is split across the
   sectors of that industry in proportion to the national sector value added ``v_s x_nat,s``
   (so within an industry every province has the national mix; key-product data can refine this
   later). Sector output ``x_rs = VA_rs / v_s``.
3. Intra-provincial coefficients by Flegg's location quotient (``delta``, default 0.3):
   :func:`hinterland.mrio.regionalise.flq_regional_coefficients`.
4. The rest of every national coefficient is bought from other provinces, split across origins by
   a gravity model over geodesic distances between capitals (exponent ``beta``, default 1):
   :func:`hinterland.mrio.regionalise.gravity_shares`. No split between other provinces and
   abroad is made (no provincial import data): foreign imports stay inside the competitive
   coefficients, as in the national table.
5. Final demand is the row residual ``y_ri = x_ri - sum Z_ri,.``; it includes net exports, so
   it can be negative (a province that imports more of a good than it consumes finally). The
   positive part is spread over destination provinces by the same gravity model with an internal
   distance ``2/3 sqrt(area / pi)`` for the own province; the negative part stays at home.
6. Value added ``v_rs = v_s x_rs``; then both accounting identities hold exactly and the
   provincial value added sums to the atlas GDP of each province.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hinterland.errors import DataError, ValidationError
from hinterland.mrio.regionalise import flq_regional_coefficients, gravity_shares

INDUSTRIES = ("primary", "secondary", "tertiary")


@dataclass(frozen=True, slots=True)
class NationalTable:
    """A national technical-coefficient matrix with sector outputs and industry membership."""

    sectors: tuple[str, ...]
    A: np.ndarray
    x: np.ndarray
    industry: tuple[str, ...]
    source: str

    def __post_init__(self) -> None:
        n = len(self.sectors)
        if self.A.shape != (n, n) or self.x.shape != (n,) or len(self.industry) != n:
            raise DataError(
                f"national table shapes do not match {n} sectors: A {self.A.shape}, "
                f"x {self.x.shape}, industry {len(self.industry)}"
            )
        bad = [s for s, i in zip(self.sectors, self.industry, strict=True) if i not in INDUSTRIES]
        if bad:
            raise DataError(f"sector(s) {bad} have no industry among {INDUSTRIES}")
        if not np.isfinite(self.A).all() or (self.A < 0).any():
            i, j = np.argwhere(~np.isfinite(self.A) | (self.A < 0))[0]
            raise DataError(
                f"coefficient {self.sectors[i]} -> {self.sectors[j]} is missing or negative"
            )
        col = self.A.sum(axis=0)
        if (col >= 1).any():
            j = int(np.argmax(col))
            raise DataError(f"coefficients of {self.sectors[j]} sum to {col[j]:.4f} >= 1")
        if not np.isfinite(self.x).all() or (self.x <= 0).any():
            j = int(np.argmax(~np.isfinite(self.x) | (self.x <= 0)))
            raise DataError(f"national output of {self.sectors[j]} is missing or not positive")


@dataclass(frozen=True, slots=True)
class BuiltArrays:
    """The arrays of an estimated MRIO (region-major order: index r * S + s)."""

    Z: np.ndarray
    Y: np.ndarray
    x: np.ndarray
    v: np.ndarray


def internal_distance_km(area_km2: np.ndarray) -> np.ndarray:
    """Return the usual internal distance of a region, ``2/3 sqrt(area / pi)`` (km)."""
    return 2.0 / 3.0 * np.sqrt(np.asarray(area_km2, dtype=float) / np.pi)


def regional_outputs(nat: NationalTable, va_by_industry: np.ndarray) -> np.ndarray:
    """Return sector outputs ``x[r, s]`` from provincial value added by industry ``(R, 3)``."""
    va = np.asarray(va_by_industry, dtype=float)
    if va.ndim != 2 or va.shape[1] != len(INDUSTRIES):
        raise ValidationError(f"value added by industry must be (regions, 3); got {va.shape}")
    if not np.isfinite(va).all() or (va < 0).any():
        r = int(np.argwhere(~np.isfinite(va) | (va < 0))[0][0])
        raise DataError(f"provincial value added missing or negative for region number {r}")
    v_ratio = 1.0 - nat.A.sum(axis=0)
    va_nat = v_ratio * nat.x
    ind = np.array([INDUSTRIES.index(i) for i in nat.industry])
    within = va_nat / np.bincount(ind, weights=va_nat, minlength=3)[ind]
    return va[:, ind] * within[None, :] / v_ratio[None, :]


def build_arrays(
    nat: NationalTable,
    va_by_industry: np.ndarray,
    dist_km: np.ndarray,
    area_km2: np.ndarray,
    *,
    delta: float = 0.3,
    beta: float = 1.0,
) -> BuiltArrays:
    """Return Z, Y (one final-demand column per province), x and v of the estimated table."""
    x = regional_outputs(nat, va_by_industry)  # (R, S)
    n_reg, n_sec = x.shape
    a_rr = flq_regional_coefficients(nat.A, x, delta=delta)  # (R, i, j)
    rest = nat.A[None, :, :] - a_rr  # bought outside the province
    t = gravity_shares(x, dist_km, beta=beta)  # (s origin, r dest, i)
    # Z[(s,i),(r,j)] = (t[s,r,i] * rest[r,i,j] + [s == r] a_rr[r,i,j]) * x[r,j]
    coef = t[:, :, :, None] * rest[None, :, :, :]  # (s, r, i, j)
    idx = np.arange(n_reg)
    coef[idx, idx] += a_rr
    z4 = coef * x[None, :, None, :]
    Z = z4.transpose(0, 2, 1, 3).reshape(n_reg * n_sec, n_reg * n_sec)
    xf = x.reshape(-1)
    y_total = xf - Z.sum(axis=1)
    d = np.asarray(dist_km, dtype=float).copy()
    d[idx, idx] = internal_distance_km(area_km2)
    weights = d ** -beta  # (origin, destination)
    weights = weights / weights.sum(axis=1, keepdims=True)
    pos = np.clip(y_total, 0.0, None).reshape(n_reg, n_sec)
    neg = np.clip(y_total, None, 0.0).reshape(n_reg, n_sec)
    Y = pos[:, :, None] * weights[:, None, :]  # (origin, sector, destination)
    Y[idx, :, idx] += neg
    Y = Y.reshape(n_reg * n_sec, n_reg)
    v = (1.0 - nat.A.sum(axis=0))[None, :] * x
    return BuiltArrays(Z=Z, Y=Y, x=xf, v=v.reshape(-1))
