"""Gini: agreement with PySAL ``inequality``, analytic cases, weighted by expansion."""

from __future__ import annotations

import numpy as np
import pytest
from inequality.gini import Gini

from hinterland.metrics import gini


def _pairwise(y: np.ndarray, w: np.ndarray) -> float:
    """The definition written out, O(n^2): sum_i sum_j p_i p_j |y_i - y_j| / (2 mu)."""
    p = w / w.sum()
    mu = p @ y
    return float((p[:, None] * p[None, :] * np.abs(y[:, None] - y[None, :])).sum() / (2 * mu))


@pytest.mark.parametrize("n", [2, 9, 31, 500])
def test_gini_matches_pysal_on_random_data(rng, n):
    y = rng.lognormal(mean=10.0, sigma=0.8, size=n)
    assert gini(y) == pytest.approx(Gini(y).g, abs=1e-9)


def test_gini_matches_pysal_on_31_provinces(provinces):
    y, _, _ = provinces
    assert gini(y) == pytest.approx(Gini(y).g, abs=1e-9)


def test_gini_with_ties_and_zeros_matches_pysal(rng):
    y = rng.integers(0, 5, size=40).astype(float)
    y[0] = 3.0  # at least one positive value
    assert gini(y) == pytest.approx(Gini(y).g, abs=1e-12)


@pytest.mark.parametrize("n", [2, 3, 10, 31])
def test_one_unit_holding_everything_is_n_minus_1_over_n(n):
    y = np.zeros(n)
    y[-1] = 1.0
    assert gini(y) == pytest.approx((n - 1) / n, abs=1e-15)


def test_one_region_holding_everything_weighted_is_one_minus_its_population_share():
    w = np.array([5.0, 2.0, 3.0])
    assert gini([0.0, 4.0, 0.0], w) == pytest.approx(1 - 0.2, abs=1e-15)


def test_weighted_two_regions_by_hand():
    # values 1 and 3, populations 1 and 3: p = (1/4, 3/4), mu = 1/4 + 9/4 = 5/2,
    # sum_ij p_i p_j |y_i - y_j| = 2 * (1/4)(3/4) * 2 = 3/4, G = (3/4) / (2 * 5/2) = 3/20.
    assert gini([1.0, 3.0], w=[1, 3]) == pytest.approx(0.15, abs=1e-15)
    assert gini([3.0, 1.0], w=[3, 1]) == pytest.approx(0.15, abs=1e-15)
    # unweighted: sum |.| / (2 n^2 mean) = 4 / (2 * 4 * 2) = 1/4
    assert gini([1.0, 3.0]) == pytest.approx(0.25, abs=1e-15)


def test_equal_values_give_zero():
    assert gini(np.full(6, 4.2)) == pytest.approx(0.0, abs=1e-15)
    assert gini(np.full(6, 4.2), w=np.arange(1, 7)) == pytest.approx(0.0, abs=1e-15)


def test_weighted_gini_equals_expanded_individuals_on_31_provinces(provinces):
    y, pop, _ = provinces
    assert gini(y, pop) == pytest.approx(Gini(np.repeat(y, pop)).g, abs=1e-9)


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_weighted_gini_equals_expanded_and_pairwise(seed):
    g = np.random.default_rng(seed)
    y = g.lognormal(size=30)
    w = g.integers(1, 40, size=30)
    assert gini(y, w) == pytest.approx(Gini(np.repeat(y, w)).g, abs=1e-9)
    assert gini(y, w) == pytest.approx(_pairwise(y, w.astype(float)), abs=1e-12)
    wf = g.uniform(0.1, 10.0, size=30)  # non-integer weights: the definition only
    assert gini(y, wf) == pytest.approx(_pairwise(y, wf), abs=1e-12)
