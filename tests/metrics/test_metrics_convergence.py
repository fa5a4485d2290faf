"""Sigma and beta convergence: exact constructions, statsmodels and lstsq agreement."""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm

from hinterland.metrics import BetaConvergence, beta_convergence, sigma_convergence

# --- sigma ------------------------------------------------------------------------------------


def test_sigma_by_hand():
    # year 0: (1, 4) -> sd of logs ln(4)/2 = ln 2, CV 1.5/2.5; year 1: (2, 4) -> ln(2)/2, 1/3
    r = sigma_convergence([[1.0, 2.0], [4.0, 4.0]])
    np.testing.assert_allclose(r.std_log, [math.log(2), math.log(2) / 2], atol=1e-15)
    np.testing.assert_allclose(r.cv, [0.6, 1 / 3], atol=1e-15)
    assert r.std_log_change == pytest.approx(-math.log(2) / 2, abs=1e-15)
    assert r.cv_change == pytest.approx(1 / 3 - 0.6, abs=1e-15)
    assert r.converging
    assert r.to_dict()["converging"] is True


def test_sigma_matches_numpy_per_year(rng):
    y = rng.lognormal(mean=10, sigma=0.5, size=(31, 6))
    r = sigma_convergence(y)
    np.testing.assert_allclose(r.std_log, np.log(y).std(axis=0), rtol=1e-12)
    np.testing.assert_allclose(r.cv, y.std(axis=0) / y.mean(axis=0), rtol=1e-12)


def test_sigma_weighted_fixed_and_per_year_weights(provinces):
    y, pop, _ = provinces
    panel = np.column_stack([y, y * np.linspace(1.5, 1.0, 31)])
    fixed = sigma_convergence(panel, w=pop)
    people = np.repeat(panel, pop, axis=0)
    np.testing.assert_allclose(fixed.std_log, np.log(people).std(axis=0), rtol=1e-10)
    np.testing.assert_allclose(fixed.cv, people.std(axis=0) / people.mean(axis=0), rtol=1e-10)
    per_year = sigma_convergence(panel, w=np.column_stack([pop, pop]))
    np.testing.assert_allclose(per_year.std_log, fixed.std_log, rtol=1e-14)


# --- beta -------------------------------------------------------------------------------------


def _exact_panel(rng, a: float, b: float, horizon: float, n: int = 31):
    y0 = rng.lognormal(mean=9.0, sigma=0.6, size=n)
    y1 = y0 * np.exp(horizon * (a + b * np.log(y0)))
    return y0, y1


def test_beta_recovers_exact_coefficients_without_noise(rng):
    a, b, horizon = 0.45, -0.035, 20.0
    y0, y1 = _exact_panel(rng, a, b, horizon)
    r = beta_convergence(y0, y1, horizon)
    assert isinstance(r, BetaConvergence)
    assert r.alpha == pytest.approx(a, abs=1e-12)
    assert r.beta == pytest.approx(b, abs=1e-13)
    assert r.se_alpha < 1e-12 and r.se_beta < 1e-13
    assert r.r2 == pytest.approx(1.0, abs=1e-12)
    assert r.n == 31 and r.horizon == 20.0
    lam = -math.log(1 + b * horizon) / horizon  # Barro & Sala-i-Martin (1992)
    assert r.speed == pytest.approx(lam, rel=1e-10)
    assert r.half_life == pytest.approx(math.log(2) / lam, rel=1e-10)


def test_beta_exact_with_weights_and_robust_cov(rng):
    y0, y1 = _exact_panel(rng, 0.2, -0.01, 10.0)
    r = beta_convergence(y0, y1, 10, w=rng.uniform(1, 100, 31), cov="HC1")
    assert (r.alpha, r.beta) == pytest.approx((0.2, -0.01), abs=1e-13)
    assert r.se_beta < 1e-13


def _noisy(rng, n=31, horizon=15.0):
    y0 = rng.lognormal(mean=9.0, sigma=0.6, size=n)
    g = 0.3 - 0.025 * np.log(y0) + rng.normal(0, 0.01, size=n)
    return y0, y0 * np.exp(horizon * g), horizon


def test_beta_noisy_matches_lstsq_and_statsmodels_ols(rng):
    y0, y1, horizon = _noisy(rng)
    r = beta_convergence(y0, y1, horizon)
    X = sm.add_constant(np.log(y0))
    coef, *_ = np.linalg.lstsq(X, np.log(y1 / y0) / horizon, rcond=None)
    assert (r.alpha, r.beta) == pytest.approx(tuple(coef), rel=1e-10)
    fit = sm.OLS(np.log(y1 / y0) / horizon, X).fit()
    np.testing.assert_allclose([r.alpha, r.beta], fit.params, rtol=1e-10)
    np.testing.assert_allclose([r.se_alpha, r.se_beta], fit.bse, rtol=1e-9)
    np.testing.assert_allclose([r.t_alpha, r.t_beta], fit.tvalues, rtol=1e-9)
    np.testing.assert_allclose([r.p_alpha, r.p_beta], fit.pvalues, rtol=1e-7, atol=1e-300)
    assert r.r2 == pytest.approx(fit.rsquared, rel=1e-10)
    assert r.beta < 0 and r.half_life > 0


@pytest.mark.parametrize("cov", ["HC0", "HC1"])
def test_beta_robust_and_weighted_match_statsmodels_wls(rng, cov):
    y0, y1, horizon = _noisy(rng, n=40)
    w = rng.integers(100, 10_000, size=40).astype(float)
    g = np.log(y1 / y0) / horizon
    X = sm.add_constant(np.log(y0))
    for weights, model in ((None, sm.OLS(g, X)), (w, sm.WLS(g, X, weights=w))):
        fit = model.fit(cov_type=cov, use_t=True)
        r = beta_convergence(y0, y1, horizon, w=weights, cov=cov)
        np.testing.assert_allclose([r.alpha, r.beta], fit.params, rtol=1e-10)
        np.testing.assert_allclose([r.se_alpha, r.se_beta], fit.bse, rtol=1e-9)
        np.testing.assert_allclose([r.p_alpha, r.p_beta], fit.pvalues, rtol=1e-7, atol=1e-300)
        assert r.r2 == pytest.approx(fit.rsquared, rel=1e-10)
    nonrobust = sm.WLS(g, X, weights=w).fit()
    r = beta_convergence(y0, y1, horizon, w=w)
    np.testing.assert_allclose([r.se_alpha, r.se_beta], nonrobust.bse, rtol=1e-9)


def test_divergence_has_negative_speed_and_no_half_life(rng):
    y0, y1 = _exact_panel(rng, -0.1, 0.02, 10.0)
    r = beta_convergence(y0, y1, 10)
    assert r.beta == pytest.approx(0.02, abs=1e-13)
    assert r.speed < 0
    assert math.isnan(r.half_life)


def test_overshooting_slope_has_undefined_speed(rng):
    # 1 + b T <= 0: faster than full catch-up, no lambda solves b = -(1 - exp(-lambda T)) / T
    y0, y1 = _exact_panel(rng, 1.0, -0.15, 10.0)
    r = beta_convergence(y0, y1, 10)
    assert math.isnan(r.speed) and math.isnan(r.half_life)
    assert set(r.to_dict()) >= {"alpha", "beta", "speed", "half_life", "cov"}
