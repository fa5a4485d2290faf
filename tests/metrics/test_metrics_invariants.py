"""Hypothesis invariants: exact decomposition, scale invariance, bounds."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hinterland.metrics import (
    coefficient_of_variation,
    gini,
    hhi,
    krugman_specialisation,
    max_min_ratio,
    spatial_gini,
    std_log,
    theil_decomposition,
    theil_l,
    theil_t,
)

# Applied per test (a profile loaded here would leak into every other test module).
SETTINGS = settings(max_examples=150, deadline=None)

positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)
weight = st.floats(min_value=1e-2, max_value=1e5, allow_nan=False, allow_infinity=False)


@st.composite
def regions(draw, min_size: int = 1, values=positive):
    """Values, optional weights and group labels of n regions."""
    n = draw(st.integers(min_value=min_size, max_value=40))
    y = np.array(draw(st.lists(values, min_size=n, max_size=n)))
    w = draw(st.none() | st.lists(weight, min_size=n, max_size=n).map(np.array))
    groups = np.array(draw(st.lists(st.integers(0, 4), min_size=n, max_size=n)))
    return y, w, groups


def _close(a: float, b: float) -> bool:
    # 1e-12 relative; the absolute floor only matters when the index itself is ~0
    # (near-equal values), where rounding in the means sets a floor of order 1e-16.
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


@SETTINGS
@given(regions())
def test_total_is_between_plus_within(data):
    y, w, groups = data
    for measure in ("T", "L"):
        r = theil_decomposition(y, groups, w, measure=measure)
        assert _close(r.total, r.between + r.within), (measure, r.total, r.between, r.within)
        assert r.between >= 0 and r.within >= 0
        assert _close(r.within, float(r.within_contribution.sum()))


@SETTINGS
@given(regions(), st.floats(min_value=1e-3, max_value=1e3))
def test_scale_invariance(data, c):
    y, w, groups = data

    def measures(v: np.ndarray) -> list[float]:
        t = theil_decomposition(v, groups, w)
        lo = theil_decomposition(v, groups, w, measure="L")
        return [
            theil_t(v, w),
            theil_l(v, w),
            gini(v, w),
            coefficient_of_variation(v, w),
            std_log(v, w),
            max_min_ratio(v),
            t.between,
            t.within,
            lo.between,
            lo.within,
        ]

    for a, b in zip(measures(y), measures(y * c), strict=True):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12), (a, b)


@SETTINGS
@given(regions(values=st.floats(min_value=0.0, max_value=1e6)).filter(lambda d: d[0].sum() > 0))
def test_gini_is_in_zero_one(data):
    y, w, _ = data
    g = gini(y, w)
    p = np.full(y.size, 1 / y.size) if w is None else w / w.sum()
    assert 0.0 <= g < 1.0
    assert g <= 1.0 - p.min() + 1e-12


@SETTINGS
@given(regions())
def test_theil_bounds(data):
    y, w, _ = data
    p = np.full(y.size, 1 / y.size) if w is None else w / w.sum()
    t = theil_t(y, w)
    assert 0.0 <= t <= math.log(1.0 / p.min()) + 1e-12
    assert theil_l(y, w) >= 0.0


# Employment/output cells: zero or of a realistic magnitude (no subnormal floats).
cell = st.just(0.0) | st.floats(min_value=1e-6, max_value=1e6)
matrices = st.integers(2, 6).flatmap(
    lambda r: st.integers(1, 5).flatmap(
        lambda c: st.lists(st.lists(cell, min_size=c, max_size=c), min_size=r, max_size=r)
    )
)


@SETTINGS
@given(matrices.map(np.array).filter(lambda m: (m.sum(axis=1) > 0).all()))
def test_specialisation_and_concentration_bounds(m):
    for reference in ("rest", "nation"):
        k = krugman_specialisation(m, reference=reference)
        assert ((k >= -1e-15) & (k <= 2 + 1e-12)).all()
    for j in np.flatnonzero(m.sum(axis=0) > 0):
        h = hhi(m[:, j])
        assert 1 / m.shape[0] - 1e-12 <= h <= 1 + 1e-12
        g = spatial_gini(m[:, j], m.sum(axis=1))
        assert 0.0 <= g < 1.0
