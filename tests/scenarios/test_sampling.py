"""Designs: seeded, stratified, marginals as specified, the copula's rank correlation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from hinterland.errors import ValidationError
from hinterland.scenarios.sampling import design, inverse_cdf
from hinterland.scenarios.spec import Beta, Discrete, LogNormal, Triangular, parse_spec


def test_same_seed_same_design_other_seed_other_design(spec):
    a, b, c = design(spec, 50, 7), design(spec, 50, 7), design(spec, 50, 8)
    np.testing.assert_array_equal(a.values.to_numpy(), b.values.to_numpy())
    assert not np.array_equal(a.values.to_numpy(), c.values.to_numpy())
    assert list(a.values.columns) == list(spec.uncertain())
    assert a.values.index.name == "sample_id" and a.n == 50


def test_latin_hypercube_has_one_point_per_stratum(spec):
    d = design(spec, 40, 1)
    strata = np.floor(d.unit * 40).astype(int)
    for j in range(d.unit.shape[1]):
        assert sorted(strata[:, j]) == list(range(40))


def test_days_are_whole_days_and_shares_stay_in_their_support(spec):
    v = design(spec, 200, 2).values
    assert (v["timing.duration"] == v["timing.duration"].round()).all()
    assert v["timing.recovery_days"].between(5, 40).all()
    assert v["coast.severity"].between(0, 0.6).all()
    assert set(v["sichuan.severity"]) == {0.0, 0.3}


def test_inverse_cdfs_match_scipy():
    u = np.linspace(0.01, 0.99, 9)
    tri = Triangular(dist="triangular", low=1, mode=2, high=5)
    np.testing.assert_allclose(inverse_cdf(tri, u), stats.triang(0.25, loc=1, scale=4).ppf(u))
    beta = Beta(dist="beta", a=2, b=3, low=0, high=0.5)
    np.testing.assert_allclose(inverse_cdf(beta, u), 0.5 * stats.beta(2, 3).ppf(u))
    logn = LogNormal(dist="lognormal", median=10, sigma=0.4)
    np.testing.assert_allclose(inverse_cdf(logn, u), stats.lognorm(0.4, scale=10).ppf(u))
    disc = Discrete(dist="discrete", values=[1, 2, 3], probabilities=[0.2, 0.5, 0.3])
    assert inverse_cdf(disc, np.array([0.1, 0.2, 0.69, 0.71, 0.99])).tolist() == [1, 2, 2, 3, 3]


def test_discrete_frequencies_follow_the_probabilities(doc):
    doc["sampling"]["method"] = "sobol"
    d = design(parse_spec(doc), 1024, 5)
    assert (d.values["sichuan.severity"] == 0.3).mean() == pytest.approx(0.3, abs=0.01)


def test_gaussian_copula_gives_the_rank_correlation(doc):
    doc["correlation"] = {
        "parameters": ["coast.severity", "timing.recovery_days"],
        "matrix": [[1.0, 0.7], [0.7, 1.0]],
    }
    v = design(parse_spec(doc), 4000, 11).values
    rho = stats.spearmanr(v["coast.severity"], v["timing.recovery_days"]).statistic
    # Spearman's rho of a Gaussian copula: (6 / pi) asin(r / 2) (Kruskal 1958)
    assert rho == pytest.approx(6 / np.pi * np.arcsin(0.35), abs=0.03)
    other = stats.spearmanr(v["coast.severity"], v["timing.duration"]).statistic
    assert abs(other) < 0.05
    # the marginals are untouched by the copula
    assert stats.kstest(v["coast.severity"] / 0.6, stats.beta(2, 5).cdf).pvalue > 0.01


@pytest.mark.parametrize(("method", "multiple"), [("saltelli", 4 + 2), ("morris", 4 + 1)])
def test_salib_designs_round_n_up_to_their_block(doc, method, multiple):
    doc["sampling"]["method"] = method
    d = design(parse_spec(doc), 50, 3)
    assert d.n % multiple == 0 and d.n >= 50


@pytest.mark.parametrize(("n", "seed"), [(1, 0), (10, -1), (True, 0)])
def test_bad_n_or_seed(spec, n, seed):
    with pytest.raises(ValidationError, match="must be an integer"):
        design(spec, n, seed)
