"""Sensitivity indices through SALib, on the Ishigami function against its analytic indices."""

from __future__ import annotations

import numpy as np
import pytest

from hinterland.scenarios.analysis import indices
from hinterland.scenarios.sampling import _unit

# Ishigami function with a = 7, b = 0.1 on [-pi, pi]^3. Analytic indices (Ishigami & Homma 1990;
# Saltelli et al. 2008, "Global Sensitivity Analysis: The Primer", sect. 4.4):
# S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
A, B = 7.0, 0.1
S1 = np.array([0.3139, 0.4424, 0.0])
ST = np.array([0.5576, 0.4424, 0.2437])
PROBLEM = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[0, 1]] * 3}


def ishigami(u):
    x = -np.pi + 2 * np.pi * u
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_sobol_indices_from_a_saltelli_design():
    u = _unit("saltelli", 3, 4096 * 5, seed=1)
    res = indices("saltelli", PROBLEM, u, ishigami(u), seed=1)
    np.testing.assert_allclose(res["S1"], S1, atol=0.03)
    np.testing.assert_allclose(res["ST"], ST, atol=0.03)
    assert res.attrs["method"].startswith("Sobol")


def test_rbd_fast_first_order_on_a_latin_hypercube():
    u = _unit("lhs", 3, 4000, seed=2)
    res = indices("lhs", PROBLEM, u, ishigami(u), seed=2)
    np.testing.assert_allclose(res["S1"], S1, atol=0.06)


def test_morris_elementary_effects_hand_solved_for_x2():
    u = _unit("morris", 3, 400 * 4, seed=3)
    res = indices("morris", PROBLEM, u, ishigami(u), seed=3)
    # 4 levels: x2 jumps by 2/3 of its range, between -pi and pi/3 or -pi/3 and pi, so every
    # elementary effect of x2 is +-a (sin^2(pi/3) - sin^2(pi)) / (2/3) = +-7.875
    assert res.loc["x2", "mu_star"] == pytest.approx(7.875, rel=1e-9)
    # x3 acts only through its interaction with x1: its effects spread more than they average
    assert res.loc["x3", "sigma"] > res.loc["x3", "mu_star"] > 0


@pytest.mark.parametrize("method", ["saltelli", "lhs"])
def test_an_input_without_effect_gets_no_index(method):
    u = _unit(method, 3, 1024 * 5, seed=4)
    y = u[:, 0] + 2 * u[:, 1]  # x3 does nothing; S1 = (0.2, 0.8, 0) for uniform inputs
    res = indices(method, PROBLEM, u, y, seed=4)
    np.testing.assert_allclose(res["S1"], [0.2, 0.8, 0.0], atol=0.04)
