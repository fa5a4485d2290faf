"""Shares, HHI, CR-n, location quotients, Krugman index and spatial Gini on hand-solved cases."""

from __future__ import annotations

import numpy as np
import pytest

from hinterland.metrics import (
    concentration_ratio,
    hhi,
    krugman_specialisation,
    location_quotient,
    shares,
    spatial_gini,
)

# Regions (rows) by sectors (columns).
#   row totals 20, 20, 40; column totals 20, 20, 40; grand total 80
#   national sector shares (1/4, 1/4, 1/2)
#   region sector shares: r0 (1/2, 0, 1/2), r1 (0, 1, 0), r2 (1/4, 0, 3/4)
X = np.array(
    [
        [10.0, 0.0, 10.0],
        [0.0, 20.0, 0.0],
        [10.0, 0.0, 30.0],
    ]
)


def test_shares_and_hhi_and_cr():
    np.testing.assert_allclose(shares([10.0, 0.0, 30.0]), [0.25, 0.0, 0.75])
    assert hhi([10.0, 0.0, 30.0]) == pytest.approx(0.0625 + 0.5625, abs=1e-15)
    # normalised: (0.625 - 1/3) / (1 - 1/3)
    assert hhi([10.0, 0.0, 30.0], normalized=True) == pytest.approx(0.4375, abs=1e-15)
    assert hhi([1.0, 1.0, 1.0, 1.0]) == pytest.approx(0.25, abs=1e-15)
    assert hhi([1.0, 1.0, 1.0, 1.0], normalized=True) == pytest.approx(0.0, abs=1e-15)
    assert hhi([0.0, 7.0]) == 1.0
    assert concentration_ratio([10.0, 0.0, 30.0], 1) == pytest.approx(0.75)
    assert concentration_ratio([10.0, 0.0, 30.0], 2) == pytest.approx(1.0)
    assert concentration_ratio([5.0, 1.0, 3.0, 1.0], 2) == pytest.approx(0.8)
    assert concentration_ratio([5.0, 1.0, 3.0, 1.0], np.int64(4)) == pytest.approx(1.0)


def test_location_quotient_by_hand():
    # LQ = region share / national share
    expected = [[2.0, 0.0, 1.0], [0.0, 4.0, 0.0], [1.0, 0.0, 1.5]]
    np.testing.assert_allclose(location_quotient(X), expected, atol=1e-15)


def test_location_quotient_weighted_mean_is_one(rng):
    m = rng.uniform(0, 100, size=(31, 8))
    lq = location_quotient(m)
    weight = m.sum(axis=1) / m.sum()
    np.testing.assert_allclose(weight @ lq, np.ones(8), rtol=1e-12)


def test_krugman_against_the_nation_by_hand():
    # r0: |1/2-1/4| + |0-1/4| + |1/2-1/2| = 1/2; r1: 1/4 + 3/4 + 1/2 = 3/2; r2: 0 + 1/4 + 1/4
    np.testing.assert_allclose(
        krugman_specialisation(X, reference="nation"), [0.5, 1.5, 0.5], atol=1e-15
    )


def test_krugman_against_the_rest_by_hand():
    # rest of r0 = r1 + r2 = (10, 20, 30)/60: |1/2-1/6| + |0-1/3| + 0 = 2/3
    # rest of r1 = r0 + r2 = (20, 0, 40)/60: 1/3 + 1 + 2/3 = 2
    # rest of r2 = r0 + r1 = (10, 20, 10)/40: 0 + 1/2 + 1/2 = 1
    np.testing.assert_allclose(krugman_specialisation(X), [2 / 3, 2.0, 1.0], atol=1e-15)
    np.testing.assert_allclose(krugman_specialisation(X, reference="rest"), [2 / 3, 2.0, 1.0])


def test_krugman_is_zero_for_identical_structures():
    same = np.outer([1.0, 2.0, 5.0], [3.0, 1.0, 6.0])
    np.testing.assert_allclose(krugman_specialisation(same), 0.0, atol=1e-15)
    np.testing.assert_allclose(krugman_specialisation(same, reference="nation"), 0.0, atol=1e-15)


def test_spatial_gini_by_hand():
    base = X.sum(axis=1)  # q = (1/4, 1/4, 1/2)
    # sector 1 all in r1: G = 1 - q_1 = 3/4
    # sector 0: LQ (2, 0, 1); Lorenz over q sorted by LQ: 1 - [1/4(0+0) + 1/2(0+1/2) + 1/4(1/2+1)]
    # sector 2: LQ (1, 0, 3/2): pairs q q |dLQ| = 1/16 + 1/16 + 3/16 = 5/16
    np.testing.assert_allclose(spatial_gini(X, base), [0.375, 0.75, 0.3125], atol=1e-15)
    assert spatial_gini(X[:, 1], base) == pytest.approx(0.75, abs=1e-15)
    assert isinstance(spatial_gini(X[:, 1], base), float)


def _lorenz_gini(x: np.ndarray, base: np.ndarray) -> float:
    """Twice the area between the diagonal and the Lorenz curve, by trapezoids."""
    s, q = x / x.sum(), base / base.sum()
    order = np.argsort(s / q)
    cum_s = np.concatenate(([0.0], np.cumsum(s[order])))
    return float(1.0 - (q[order] * (cum_s[:-1] + cum_s[1:])).sum())


def test_spatial_gini_matches_lorenz_curve_area(rng):
    m = rng.uniform(0, 50, size=(31, 5)) * (rng.uniform(size=(31, 5)) < 0.7)
    m[0] += 1.0  # every industry present somewhere
    base = m.sum(axis=1) + rng.uniform(10, 100, size=31)
    got = spatial_gini(m, base)
    want = [_lorenz_gini(m[:, j], base) for j in range(5)]
    np.testing.assert_allclose(got, want, atol=1e-12)
    assert ((got >= 0) & (got < 1)).all()


def test_spatial_gini_is_zero_when_spread_like_the_base():
    base = np.array([3.0, 5.0, 2.0])
    assert spatial_gini(base * 0.1, base) == pytest.approx(0.0, abs=1e-15)
