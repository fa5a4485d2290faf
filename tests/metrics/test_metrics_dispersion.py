"""Coefficient of variation (Williamson), standard deviation of logs, max/min ratio."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hinterland.metrics import coefficient_of_variation, max_min_ratio, std_log


def test_cv_by_hand():
    assert coefficient_of_variation([1.0, 3.0]) == pytest.approx(0.5, abs=1e-15)
    # p = (1/4, 3/4): mean 5/2, variance (1/4)(9/4) + (3/4)(1/4) = 3/4
    assert coefficient_of_variation([1.0, 3.0], w=[1, 3]) == pytest.approx(
        math.sqrt(0.75) / 2.5, abs=1e-15
    )


def test_unweighted_cv_is_population_std_over_mean(rng):
    y = rng.lognormal(size=31)
    assert coefficient_of_variation(y) == pytest.approx(np.std(y) / np.mean(y), rel=1e-12)


def test_williamson_equals_cv_of_expanded_individuals(provinces):
    y, pop, _ = provinces
    people = np.repeat(y, pop)
    assert coefficient_of_variation(y, pop) == pytest.approx(
        np.std(people) / np.mean(people), rel=1e-10
    )
    assert std_log(y, pop) == pytest.approx(np.std(np.log(people)), rel=1e-10)


def test_std_log_by_hand():
    assert std_log([1.0, 4.0]) == pytest.approx(math.log(2.0), abs=1e-15)
    assert std_log(np.full(5, 3.0)) == pytest.approx(0.0, abs=1e-15)


def test_max_min_ratio():
    assert max_min_ratio([2.0, 5.0, 4.0]) == 2.5
    assert max_min_ratio([7.0]) == 1.0
