"""Tests of the inoperability input-output model in hinterland.mrio.iim.

References: Santos & Haimes (2004) for the static model and A* = diag(x)^-1 A diag(x);
Lian & Haimes (2006) and Haimes et al. (2005) for the dynamic model and recovery rates.
Every random fixture is seeded.
"""

from __future__ import annotations

import numpy as np
import pymrio
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from hinterland.errors import DataError, ValidationError
from hinterland.mrio.iim import (
    InoperabilityModel,
    InoperabilityState,
    demand_perturbation,
    interdependency_matrix,
    recovery_rates,
    run,
    static_inoperability,
    step,
)
from hinterland.mrio.math import allocation_coefficients, leontief_factor, technical_coefficients


@pytest.fixture(scope="module")
def table():
    """pymrio's test MRIO flattened: Z, x (annual), and x per day."""
    io = pymrio.load_test().calc_all()
    Z, x = io.Z.to_numpy(), io.x.to_numpy().ravel()
    return {"Z": Z, "x": x, "A": technical_coefficients(Z, x)}


@pytest.fixture(scope="module")
def model(table) -> InoperabilityModel:
    n = table["x"].size
    k = np.linspace(0.05, 0.3, n)
    return InoperabilityModel.from_coefficients(table["A"], table["x"] / 365.0, k)


@pytest.fixture(scope="module")
def c_star(table, model) -> np.ndarray:
    """A 10% demand reduction in every sector of the first region, 2% elsewhere."""
    c = np.full(model.n, 0.02)
    c[:8] = 0.10
    return c


def test_interdependency_matrix_is_allocation_coefficients(table):
    A_star = interdependency_matrix(table["A"], table["x"])
    x = table["x"]
    # A* = diag(x)^-1 A diag(x) (Santos & Haimes 2004, eq. 5), written out once here
    np.testing.assert_allclose(
        A_star, np.diag(1 / x) @ table["A"] @ np.diag(x), rtol=1e-12, atol=1e-300
    )
    np.testing.assert_allclose(
        A_star, allocation_coefficients(table["Z"], x), rtol=1e-12, atol=1e-300
    )
    sparse = interdependency_matrix(sp.csr_array(table["A"]), x)
    assert sp.issparse(sparse)
    np.testing.assert_allclose(sparse.toarray(), A_star, rtol=1e-15)


def test_static_hand_case():
    """A* = [[0, 0.5], [0.2, 0]], c* = (0.1, 0): |I - A*| = 0.9, q = (0.1, 0.02) / 0.9."""
    A_star = np.array([[0.0, 0.5], [0.2, 0.0]])
    q = static_inoperability(A_star, [0.1, 0.0])
    np.testing.assert_allclose(q, [0.1 / 0.9, 0.02 / 0.9], rtol=1e-14)
    np.testing.assert_allclose(static_inoperability(A_star, [0.1, 0.0], method="inverse"), q)
    np.testing.assert_allclose(static_inoperability(leontief_factor(A_star), [0.1, 0.0]), q)


def test_zero_perturbation_gives_zero_inoperability(model):
    np.testing.assert_array_equal(static_inoperability(model.A_star, np.zeros(model.n)), 0.0)
    r = run(model, np.zeros(model.n), 30)
    np.testing.assert_array_equal(r.q, 0.0)
    assert r.total_loss == 0.0


def test_dynamic_run_converges_to_static(model, c_star):
    q_static = static_inoperability(model.A_star, c_star)
    r = run(model, np.zeros(model.n), 1500, c_star)
    assert r.q.shape == (1501, model.n)
    np.testing.assert_allclose(r.q[-1], q_static, rtol=1e-9)
    # from zero under a constant perturbation the path rises monotonically to the equilibrium
    assert (np.diff(r.q, axis=0) >= -1e-15).all()
    assert (r.q <= q_static + 1e-12).all()
    # starting at the equilibrium, it stays there
    stay = run(model, q_static, 50, c_star)
    np.testing.assert_allclose(stay.q, np.broadcast_to(q_static, stay.q.shape), rtol=1e-12)


def test_recovery_decays_monotonically_to_zero(model, c_star):
    q0 = static_inoperability(model.A_star, c_star)
    r = run(model, q0, 1000)
    assert (np.diff(r.q, axis=0) <= 1e-15).all()
    assert r.q[-1].max() < 1e-6
    assert (r.q >= 0).all()
    # loss: x times inoperability on days 0..T-1, all non-negative
    assert r.daily_loss.shape == (1000, model.n)
    np.testing.assert_allclose(r.daily_loss, r.q[:-1] * model.x, rtol=1e-15)
    np.testing.assert_allclose(r.loss, model.x * r.q[:-1].sum(axis=0), rtol=1e-12)
    assert (r.loss >= 0).all() and r.total_loss > 0
    assert r.total_loss == pytest.approx(r.loss.sum())


def test_step_is_pure_and_run_repeats_it(model, c_star):
    state = InoperabilityState(0, np.full(model.n, 0.1))
    before = state.q.copy()
    s = state
    for _ in range(5):
        s = step(s, model, c_star)
    np.testing.assert_array_equal(state.q, before)
    assert s.day == 5
    np.testing.assert_allclose(s.q, run(model, before, 5, c_star).q[-1], rtol=1e-15)
    # the Lian & Haimes form q + K (A* q + c* - q), written out once
    q1 = step(state, model, c_star).q
    k = model.k
    np.testing.assert_allclose(q1, before + k * (model.A_star @ before + c_star - before))


def test_time_varying_perturbation_and_sparse_model(table, model, c_star):
    days = 40
    c = np.zeros((days, model.n))
    c[:10] = c_star  # a 10-day demand shock, then recovery
    dense = run(model, np.zeros(model.n), days, c)
    assert dense.q[10].max() > 0 and (np.diff(dense.q[11:], axis=0) <= 1e-15).all()
    sparse_model = InoperabilityModel(sp.csr_array(model.A_star), model.k, model.x)
    np.testing.assert_allclose(
        run(sparse_model, np.zeros(model.n), days, c).q, dense.q, rtol=1e-12, atol=1e-15
    )


def test_recovery_rates():
    # 99% recovery in 30 / 60 days: k = ln(100) / T
    k = recovery_rates(1.0, 0.01, [30.0, 60.0])
    np.testing.assert_allclose(k, np.log(100.0) / np.array([30.0, 60.0]), rtol=1e-15)
    kd = recovery_rates([0.5, 0.5], [0.005, 0.005], 30.0, a_star_diag=[0.0, 0.2])
    np.testing.assert_allclose(kd, np.log(100.0) / 30.0 / np.array([1.0, 0.8]), rtol=1e-15)
    # a sector on its own (A* = 0) recovers as (1 - k)^T in daily steps, close to the
    # continuous exp(-kT) = 0.01 that defines k: (1 - k)^T = exp(-kT - k^2 T / 2 - ...)
    k1 = recovery_rates(1.0, 0.01, [200.0])
    model = InoperabilityModel(np.zeros((1, 1)), k1, [1.0])
    q = run(model, [1.0], 200).q[-1, 0]
    assert q == pytest.approx((1 - k1[0]) ** 200, rel=1e-12)
    assert q == pytest.approx(0.01, rel=0.06)


def test_validation_messages(model):
    n = model.n
    with pytest.raises(ValidationError, match=r"q\[3\] = 1.5 is outside \[0, 1\]"):
        run(model, np.r_[0.0, 0.0, 0.0, 1.5, np.zeros(n - 4)], 5)
    with pytest.raises(ValidationError, match=r"c_star\[0\] = -0.1 is outside \[0, 1\]"):
        static_inoperability(model.A_star, np.r_[-0.1, np.zeros(n - 1)])
    with pytest.raises(ValidationError, match="c_star has 3 rows but the run has 5 days"):
        run(model, np.zeros(n), 5, np.zeros((3, n)))
    with pytest.raises(ValidationError, match=r"k\[1\] = 1.5 must be in \[0, 1\]"):
        InoperabilityModel(np.zeros((2, 2)), [0.1, 1.5], [1.0, 1.0])
    with pytest.raises(DataError, match=r"x\[0\] = 0; as-planned output must be > 0"):
        interdependency_matrix(np.zeros((2, 2)), [0.0, 1.0])
    with pytest.raises(DataError, match="A has negative entries"):
        interdependency_matrix(-np.eye(2), [1.0, 1.0])
    with pytest.raises(ValidationError, match=r"needs k = 2\.3 > 1 per day"):
        recovery_rates(1.0, 0.1, 1.0)
    with pytest.raises(ValidationError, match=r"qT\[0\] = 0.5 must be in \(0, q0\)"):
        recovery_rates(0.5, 0.5, 10.0)
    with pytest.raises(ValidationError, match="days = -1 must be a non-negative integer"):
        run(model, np.zeros(n), -1)
    with pytest.raises(ValidationError, match=r"c\* = dc / x\[1\] = 2 is outside \[0, 1\]"):
        demand_perturbation([1.0, 4.0], [10.0, 2.0])
    np.testing.assert_allclose(demand_perturbation([1.0, 1.0], [10.0, 2.0]), [0.1, 0.5])


def test_out_of_domain_is_a_data_error():
    # q = 0.5 / (1 - 0.9) = 5 > 1: the linear model cannot represent the perturbation
    with pytest.raises(DataError, match=r"q\[0\] = 5 \(the equilibrium\) is outside \[0, 1\]"):
        static_inoperability(np.array([[0.9]]), [0.5])
    model = InoperabilityModel(np.array([[0.9]]), [1.0], [1.0])
    # q: 0 -> 0.5 -> 0.95 -> 1.355
    with pytest.raises(DataError, match=r"q\[0\] = 1.355 on day 3"):
        run(model, [0.0], 5, [0.5])


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 6))
def test_invariants_on_random_systems(seed, n):
    rng = np.random.default_rng(seed)
    A = rng.uniform(size=(n, n))
    A = A / A.sum(axis=0) * rng.uniform(0.1, 0.8, n)
    x = rng.uniform(1.0, 100.0, n)
    k = rng.uniform(0.05, 1.0, n)
    m = InoperabilityModel.from_coefficients(A, x, k)
    c = rng.uniform(0.0, 0.2, n)
    q_raw = np.linalg.solve(np.eye(n) - m.A_star, c)
    c = c * min(1.0, 0.9 / q_raw.max())  # keep the equilibrium inside [0, 1]
    q = static_inoperability(m.A_star, c)
    assert (q >= 0).all() and (q <= 1).all()
    np.testing.assert_allclose(q, m.A_star @ q + c, atol=1e-12)  # q = A* q + c*
    r = run(m, np.zeros(n), 60, c)
    assert (np.diff(r.q, axis=0) >= -1e-15).all() and (r.q <= q + 1e-12).all()
    back = run(m, q, 60)
    assert (np.diff(back.q, axis=0) <= 1e-15).all() and (back.loss >= 0).all()
