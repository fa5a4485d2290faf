"""Every validation error: the type, and a message naming the problem and the position."""

from __future__ import annotations

import numpy as np
import pytest

from hinterland.errors import HinterlandError, ValidationError
from hinterland.metrics import (
    beta_convergence,
    coefficient_of_variation,
    concentration_ratio,
    gini,
    hhi,
    krugman_specialisation,
    location_quotient,
    max_min_ratio,
    shares,
    sigma_convergence,
    spatial_gini,
    std_log,
    theil_decomposition,
    theil_l,
    theil_t,
)

NAN, INF = float("nan"), float("inf")


def test_validation_error_is_a_hinterland_error():
    assert issubclass(ValidationError, HinterlandError)


@pytest.mark.parametrize("func", [theil_t, theil_l, std_log, max_min_ratio])
@pytest.mark.parametrize("bad", [0.0, -2.5])
def test_log_measures_reject_non_positive_values(func, bad):
    with pytest.raises(ValidationError, match=rf"y\[2\] = {bad:g} is not positive"):
        func([1.0, 2.0, bad, 4.0, bad])


def test_theil_message_says_why():
    with pytest.raises(ValidationError, match=r"Theil T takes ln\(y\)"):
        theil_t([1.0, 0.0])
    with pytest.raises(ValidationError, match=r"Theil L takes ln\(y\)"):
        theil_decomposition([1.0, 0.0], [1, 2], measure="L")


@pytest.mark.parametrize("func", [theil_t, theil_l, gini, coefficient_of_variation, std_log])
@pytest.mark.parametrize("bad", [NAN, INF, -INF])
def test_non_finite_values_are_named(func, bad):
    with pytest.raises(ValidationError, match=r"y\[1\] is (nan|inf|-inf); every value must be"):
        func([1.0, bad, 3.0])


@pytest.mark.parametrize("func", [theil_t, theil_l, gini, coefficient_of_variation, std_log])
def test_weights_must_match_in_length(func):
    with pytest.raises(ValidationError, match="w has 2 weights but y has 3"):
        func([1.0, 2.0, 3.0], [1.0, 2.0])


@pytest.mark.parametrize("func", [theil_t, theil_l, gini, coefficient_of_variation, std_log])
@pytest.mark.parametrize("bad", [0.0, -1.0])
def test_weights_must_be_positive(func, bad):
    with pytest.raises(ValidationError, match=rf"w\[1\] = {bad:g} is not positive"):
        func([1.0, 2.0, 3.0], [5.0, bad, 2.0])


def test_weights_must_be_finite():
    with pytest.raises(ValidationError, match=r"w\[2\] is nan"):
        theil_t([1.0, 2.0, 3.0], [1.0, 1.0, NAN])


@pytest.mark.parametrize("func", [gini, coefficient_of_variation])
def test_gini_and_cv_reject_negative_and_all_zero(func):
    with pytest.raises(ValidationError, match=r"y\[0\] = -1 is negative"):
        func([-1.0, 2.0])
    with pytest.raises(ValidationError, match=r"y is all zero \(3 values\)"):
        func([0.0, 0.0, 0.0])


def test_gini_accepts_zeros():
    assert gini([0.0, 1.0]) == 0.5


def test_shape_emptiness_and_type():
    with pytest.raises(ValidationError, match=r"y is empty"):
        theil_t([])
    with pytest.raises(ValidationError, match=r"y must be 1-dimensional; received shape \(2, 2\)"):
        gini([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(ValidationError, match="y must be numeric"):
        theil_t(["a", "b"])


def test_decomposition_groups():
    with pytest.raises(ValidationError, match="groups has 2 labels but y has 3"):
        theil_decomposition([1.0, 2.0, 3.0], ["a", "b"])
    with pytest.raises(ValidationError, match=r"groups\[1\] is missing \(nan\)"):
        theil_decomposition([1.0, 2.0, 3.0], [1.0, NAN, 2.0])
    with pytest.raises(ValidationError, match=r"groups\[2\] is missing \(None\)"):
        theil_decomposition([1.0, 2.0, 3.0], np.array(["a", "b", None], dtype=object))
    with pytest.raises(ValidationError, match="measure must be 'T' or 'L'; received 'GE2'"):
        theil_decomposition([1.0, 2.0], [0, 1], measure="GE2")  # type: ignore[arg-type]


def test_beta_convergence_errors():
    y = [1.0, 2.0, 3.0, 4.0]
    with pytest.raises(ValidationError, match=r"y0\[1\] = 0 is not positive"):
        beta_convergence([1.0, 0.0, 3.0], [1.0, 2.0, 3.0], 5)
    with pytest.raises(ValidationError, match=r"y1\[3\] = -4 is not positive"):
        beta_convergence(y, [1.0, 2.0, 3.0, -4.0], 5)
    with pytest.raises(ValidationError, match="y1 has 3 values but y0 has 4"):
        beta_convergence(y, [1.0, 2.0, 3.0], 5)
    with pytest.raises(ValidationError, match="at least 3 regions"):
        beta_convergence([1.0, 2.0], [1.0, 2.0], 5)
    with pytest.raises(ValidationError, match=r"all initial values equal y0\[0\] = 2"):
        beta_convergence([2.0, 2.0, 2.0], [1.0, 2.0, 3.0], 5)
    for bad in (0, -3, NAN, "ten"):
        with pytest.raises(ValidationError, match="horizon must be a"):
            beta_convergence(y, y, bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="cov must be one of nonrobust, HC0, HC1"):
        beta_convergence(y, y, 5, cov="HC3")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"w\[0\] = 0 is not positive"):
        beta_convergence(y, y, 5, w=[0.0, 1.0, 1.0, 1.0])
    with pytest.raises(ValidationError, match="w has 2 weights but y0 has 4"):
        beta_convergence(y, y, 5, w=[1.0, 1.0])


def test_sigma_convergence_errors():
    with pytest.raises(ValidationError, match="y must be 2-dimensional"):
        sigma_convergence([1.0, 2.0])
    with pytest.raises(ValidationError, match=r"y\[1, 0\] = 0 is not positive"):
        sigma_convergence([[1.0, 2.0], [0.0, 3.0]])
    with pytest.raises(ValidationError, match=r"w has shape \(3,\) but y has shape \(2, 2\)"):
        sigma_convergence([[1.0, 2.0], [2.0, 3.0]], w=[1.0, 2.0, 3.0])
    with pytest.raises(ValidationError, match=r"w\[0, 1\] = -1 is not positive"):
        sigma_convergence([[1.0, 2.0], [2.0, 3.0]], w=[[1.0, -1.0], [1.0, 1.0]])


def test_concentration_errors():
    with pytest.raises(ValidationError, match=r"x\[1\] = -3 is negative"):
        shares([1.0, -3.0])
    with pytest.raises(ValidationError, match="x is all zero"):
        hhi([0.0, 0.0])
    with pytest.raises(ValidationError, match="normalized HHI needs at least 2 units"):
        hhi([4.0], normalized=True)
    with pytest.raises(ValidationError, match=r"n = 4 is outside 1\.\.3"):
        concentration_ratio([1.0, 2.0, 3.0], 4)
    with pytest.raises(ValidationError, match=r"n = 0 is outside 1\.\.3"):
        concentration_ratio([1.0, 2.0, 3.0], 0)
    with pytest.raises(ValidationError, match=r"n must be an integer; received 2\.5"):
        concentration_ratio([1.0, 2.0, 3.0], 2.5)  # type: ignore[arg-type]


def test_matrix_errors():
    with pytest.raises(ValidationError, match=r"X\[1, 0\] = -1 is negative"):
        location_quotient([[1.0, 2.0], [-1.0, 2.0]])
    with pytest.raises(ValidationError, match=r"region \(row\) 1 of X has a total of 0"):
        location_quotient([[1.0, 2.0], [0.0, 0.0]])
    with pytest.raises(ValidationError, match=r"sector \(column\) 1 of X has a total of 0"):
        location_quotient([[1.0, 0.0], [3.0, 0.0]])
    with pytest.raises(ValidationError, match=r"X\[0, 1\] is nan"):
        krugman_specialisation([[1.0, NAN], [3.0, 1.0]])
    with pytest.raises(ValidationError, match=r"region \(row\) 0 of X holds the whole total"):
        krugman_specialisation([[1.0, 2.0]])  # a single region: no rest
    with pytest.raises(ValidationError, match="reference must be 'rest' or 'nation'"):
        krugman_specialisation([[1.0, 2.0], [1.0, 0.0]], reference="eu")  # type: ignore[arg-type]


def test_spatial_gini_errors():
    with pytest.raises(ValidationError, match=r"base\[1\] = 0 is not positive"):
        spatial_gini([1.0, 2.0], [3.0, 0.0])
    with pytest.raises(ValidationError, match="x has 2 regions but base has 3"):
        spatial_gini([1.0, 2.0], [1.0, 1.0, 1.0])
    with pytest.raises(ValidationError, match=r"industry \(column\) 1 of x has a total of 0"):
        spatial_gini([[1.0, 0.0], [2.0, 0.0]], [1.0, 1.0])
    with pytest.raises(ValidationError, match=r"x\[0\] = -1 is negative"):
        spatial_gini([-1.0, 2.0], [1.0, 1.0])
