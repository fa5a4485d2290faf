"""Theil T and L: agreement with PySAL ``inequality``, analytic cases, weighted by expansion."""

from __future__ import annotations

import math

import numpy as np
import pytest
from inequality.theil import Theil, TheilD

from hinterland.metrics import TheilResult, theil_decomposition, theil_l, theil_t

LN2 = math.log(2.0)


def _pysal_t(y: np.ndarray) -> float:
    return float(np.squeeze(Theil(y).T))


def _pysal_d(y: np.ndarray, groups: np.ndarray) -> tuple[float, float, float]:
    d = TheilD(y, groups)
    return tuple(float(np.squeeze(a)) for a in (d.T, d.bg, d.wg))


def _mld(y: np.ndarray) -> float:
    """Mean log deviation written out: ln(mean) - mean(ln y)."""
    return math.log(y.mean()) - float(np.log(y).mean())


# --- agreement with PySAL (unweighted) -------------------------------------------------------


@pytest.mark.parametrize("n", [2, 7, 31, 200])
def test_theil_t_matches_pysal_on_random_data(rng, n):
    y = rng.lognormal(mean=10.0, sigma=0.7, size=n)
    assert theil_t(y) == pytest.approx(_pysal_t(y), abs=1e-9, rel=1e-9)


def test_theil_t_and_decomposition_match_pysal_on_31_provinces(provinces):
    y, _, bloc = provinces
    r = theil_decomposition(y, bloc)
    total, bg, wg = _pysal_d(y, bloc)
    assert theil_t(y) == pytest.approx(_pysal_t(y), abs=1e-9)
    assert r.total == pytest.approx(total, abs=1e-9)
    assert r.between == pytest.approx(bg, abs=1e-9)
    assert r.within == pytest.approx(wg, abs=1e-9)


@pytest.mark.parametrize("k", [2, 3, 6])
def test_decomposition_matches_pysal_theild_on_random_data(rng, k):
    y = rng.lognormal(mean=9.0, sigma=0.5, size=60)
    groups = rng.integers(0, k, size=60)
    r = theil_decomposition(y, groups)
    total, bg, wg = _pysal_d(y, groups)
    assert r.total == pytest.approx(total, abs=1e-9)
    assert r.between == pytest.approx(bg, abs=1e-9)
    assert r.within == pytest.approx(wg, abs=1e-9)


# --- analytic cases --------------------------------------------------------------------------


def test_hand_computed_two_units():
    # s = (1/4, 3/4), p = (1/2, 1/2)
    expected_t = 0.25 * math.log(0.5) + 0.75 * math.log(1.5)
    expected_l = math.log(2.0) - 0.5 * math.log(3.0)  # ln(mean) - mean(ln y)
    assert theil_t([1.0, 3.0]) == pytest.approx(expected_t, abs=1e-15)
    assert theil_l([1.0, 3.0]) == pytest.approx(expected_l, abs=1e-15)


def test_weighted_hand_computed_two_regions():
    # populations 3 and 1, per-capita values 1 and 3: each region holds half the income.
    # T = 0.5 ln(0.5/0.75) + 0.5 ln(0.5/0.25); L = 0.75 ln(0.75/0.5) + 0.25 ln(0.25/0.5)
    t = 0.5 * math.log(0.5 / 0.75) + 0.5 * math.log(2.0)
    lo = 0.75 * math.log(1.5) + 0.25 * math.log(0.5)
    assert theil_t([1.0, 3.0], w=[3, 1]) == pytest.approx(t, abs=1e-15)
    assert theil_l([1.0, 3.0], w=[3, 1]) == pytest.approx(lo, abs=1e-15)


@pytest.mark.parametrize("w", [None, [1.0, 5.0, 2.0, 9.0]])
def test_equal_incomes_give_zero(w):
    # Every term is >= 0 by construction, so rounding leaves at most ~eps^2, never a negative.
    y = np.full(4, 37_000.0)
    assert 0.0 <= theil_t(y, w) < 1e-15
    assert 0.0 <= theil_l(y, w) < 1e-15
    r = theil_decomposition(y, [0, 0, 1, 1], w)
    assert all(0.0 <= part < 1e-15 for part in (r.total, r.between, r.within))


def test_two_equal_groups_with_within_group_equality_is_all_between():
    y = np.array([2.0, 2.0, 5.0, 5.0])
    for measure in ("T", "L"):
        r = theil_decomposition(y, ["poor", "poor", "rich", "rich"], measure=measure)
        assert r.within == 0.0
        assert r.between == pytest.approx(r.total, abs=1e-15)
        np.testing.assert_array_equal(r.group_index, [0.0, 0.0])


def test_half_the_population_holding_all_income_tends_to_ln2():
    # Limit: half of the units hold all income, the other half (almost) none -> T_B = ln 2.
    eps = 1e-12
    y = np.array([eps, eps, eps, 1.0, 1.0, 1.0])
    r = theil_decomposition(y, [0, 0, 0, 1, 1, 1])
    assert r.between == pytest.approx(LN2, abs=1e-9)
    assert r.within == pytest.approx(0.0, abs=1e-12)
    assert r.total == pytest.approx(LN2, abs=1e-9)
    np.testing.assert_allclose(r.income_share, [0.0, 1.0], atol=1e-11)
    np.testing.assert_allclose(r.population_share, [0.5, 0.5])


def test_equal_group_means_give_zero_between():
    # group a = (1, 3), group b = (2, 2): both means are 2.
    r = theil_decomposition([1.0, 3.0, 2.0, 2.0], ["a", "a", "b", "b"])
    assert r.between == pytest.approx(0.0, abs=1e-15)
    np.testing.assert_allclose(r.income_share, [0.5, 0.5])
    np.testing.assert_allclose(r.group_index, [theil_t([1.0, 3.0]), 0.0], atol=1e-15)
    assert r.within == pytest.approx(0.5 * theil_t([1.0, 3.0]), abs=1e-15)
    assert r.total == pytest.approx(r.within, abs=1e-15)


def test_l_decomposition_by_hand():
    # groups a = (1, 3), b = (4,), unweighted: p = (2/3, 1/3), means (2, 4), overall mean 8/3.
    # L_B = sum p_g ln(mu / mu_g); within = p_a L_a, L_a = ln 2 - ln(3)/2.
    r = theil_decomposition([1.0, 3.0, 4.0], ["a", "a", "b"], measure="L")
    mu = 8.0 / 3.0
    l_b = (2 / 3) * math.log(mu / 2.0) + (1 / 3) * math.log(mu / 4.0)
    l_a = math.log(2.0) - 0.5 * math.log(3.0)
    assert r.between == pytest.approx(l_b, abs=1e-15)
    assert r.within == pytest.approx((2 / 3) * l_a, abs=1e-15)
    assert r.total == pytest.approx(_mld(np.array([1.0, 3.0, 4.0])), abs=1e-15)
    np.testing.assert_allclose(r.between_contribution.sum(), r.between, atol=1e-15)


def test_result_parts_add_up_and_are_read_only(provinces):
    y, pop, bloc = provinces
    r = theil_decomposition(y, bloc, pop)
    assert isinstance(r, TheilResult)
    assert r.groups.tolist() == ["C", "E", "N", "W"]
    assert r.population_share.sum() == pytest.approx(1.0, abs=1e-14)
    assert r.income_share.sum() == pytest.approx(1.0, abs=1e-14)
    assert r.between_contribution.sum() == pytest.approx(r.between, abs=1e-14)
    assert r.within_contribution.sum() == pytest.approx(r.within, abs=1e-14)
    assert 0 < r.between_share < 1
    with pytest.raises(ValueError, match="read-only"):
        r.group_index[0] = 1.0
    with pytest.raises(AttributeError):
        r.total = 0.0  # type: ignore[misc]
    d = r.to_dict()
    assert d["groups"] == ["C", "E", "N", "W"] and d["measure"] == "T"


# --- population weights: region-level weighted index == unweighted index of individuals -------


def test_weighted_theil_equals_expanded_individuals_on_31_provinces(provinces):
    y, pop, bloc = provinces
    people = np.repeat(y, pop)  # ~141,000 units, one per 10,000 persons
    people_bloc = np.repeat(bloc, pop)
    assert theil_t(y, pop) == pytest.approx(_pysal_t(people), abs=1e-9)
    assert theil_l(y, pop) == pytest.approx(_mld(people), abs=1e-9)
    r = theil_decomposition(y, bloc, pop)
    total, bg, wg = _pysal_d(people, people_bloc)
    assert (r.total, r.between, r.within) == pytest.approx((total, bg, wg), abs=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_weighted_decompositions_equal_expanded_individuals(seed):
    g = np.random.default_rng(seed)
    y = g.lognormal(mean=0.0, sigma=1.0, size=25)
    w = g.integers(1, 30, size=25)
    groups = g.integers(0, 4, size=25)
    people, people_groups = np.repeat(y, w), np.repeat(groups, w)
    t = theil_decomposition(y, groups, w, measure="T")
    total, bg, wg = _pysal_d(people, people_groups)
    assert (t.total, t.between, t.within) == pytest.approx((total, bg, wg), abs=1e-9)
    lo = theil_decomposition(y, groups, w, measure="L")
    assert lo.total == pytest.approx(_mld(people), abs=1e-9)
    # between-group L of individuals: each person given their group's mean
    _, inv = np.unique(people_groups, return_inverse=True)
    group_mean = np.bincount(inv, weights=people) / np.bincount(inv)
    assert lo.between == pytest.approx(_mld(group_mean[inv]), abs=1e-9)


def test_unit_weights_equal_unweighted(rng):
    y = rng.lognormal(size=12)
    assert theil_t(y, np.ones(12)) == pytest.approx(theil_t(y), abs=1e-15)
    assert theil_l(y, np.full(12, 7.0)) == pytest.approx(theil_l(y), abs=1e-15)
