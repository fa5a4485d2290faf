"""Capacity-constrained output under proportional rationing: hand-worked values and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hinterland.errors import ValidationError
from hinterland.mrio.shocks import CapacityShock, RationingResult, constrained_output

SETTINGS = settings(max_examples=120, deadline=None)

# Two sectors: sector 0 sells 10 to sector 1 (a_01 = 0.5) and 10 to final demand; sector 1 sells
# 20 to final demand. x0 = (20, 20).
A2 = np.array([[0.0, 0.5], [0.0, 0.0]])
Y2 = np.array([10.0, 20.0])
X2 = np.array([20.0, 20.0])


def _economy(n: int, seed: int, density: float = 0.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    m = rng.random((n, n)) * (rng.random((n, n)) < density)
    a = 0.8 * m / np.maximum(m.sum(axis=0), 1.0)
    y = rng.uniform(1.0, 100.0, n)
    return a, y, np.linalg.solve(np.eye(n) - a, y)


def _check_identities(r: RationingResult, a, y, cap, scale: float) -> None:
    tol = 1e-9 * scale
    assert (r.x >= 0).all() and (r.loss >= 0).all()
    assert (r.x <= cap).all()
    assert (r.y_delivered >= -tol).all() and (r.y_delivered <= y + tol).all()
    np.testing.assert_allclose(r.x - a @ r.x, r.y_delivered, rtol=0, atol=tol)


# ------------------------------------------------------------------ hand-worked values


def test_capped_supplier_halves_its_customer():
    # Sector 0 capped at 10 (demand 20): r_0 = 1/2, so sector 1 gets half its input and makes 10;
    # final demand delivered (5, 10), x = L f = (5 + 0.5 * 10, 10) = (10, 10).
    r = constrained_output(A2, Y2, X2, [10.0, 20.0])
    np.testing.assert_allclose(r.x, [10.0, 10.0], rtol=1e-15)
    np.testing.assert_allclose(r.y_delivered, [5.0, 10.0], rtol=1e-15)
    np.testing.assert_allclose(r.loss, [10.0, 10.0], rtol=1e-15)
    assert r.rounds == 1
    assert r.loss_share_outside([True, False]) == pytest.approx(0.5)


def test_capped_customer_cuts_its_supplier_by_demand_only():
    # Sector 1 capped at 10: it delivers half of its final demand and orders half the input, so
    # sector 0 makes 10 + 5 = 15 (a backward, demand-side loss of 5). Loss (5, 10): a third of it
    # outside the shocked sector.
    r = constrained_output(A2, Y2, X2, [20.0, 10.0])
    np.testing.assert_allclose(r.x, [15.0, 10.0], rtol=1e-15)
    np.testing.assert_allclose(r.y_delivered, [10.0, 10.0], rtol=1e-15)
    assert r.total_loss == pytest.approx(15.0)
    assert r.loss_share_outside([False, True]) == pytest.approx(1 / 3)
    assert r.loss_share_outside(np.array([1])) == pytest.approx(1 / 3)


def test_shortage_travels_down_a_chain_of_suppliers():
    # 0 -> 1 -> 2, final demand only at the end of the chain: capping the first link at 40 %
    # cuts the whole chain to 40 % (a one-level bottleneck would leave sector 2 untouched).
    a = np.array([[0.0, 0.5, 0.0], [0.0, 0.0, 0.5], [0.0, 0.0, 0.0]])
    y = np.array([0.0, 0.0, 100.0])
    x0 = np.linalg.solve(np.eye(3) - a, y)  # (25, 50, 100)
    r = constrained_output(a, y, x0, x0 * [0.4, 1.0, 1.0])
    np.testing.assert_allclose(r.x, 0.4 * x0, rtol=1e-14)
    np.testing.assert_allclose(r.y_delivered, [0.0, 0.0, 40.0], rtol=1e-14)


def test_fully_connected_table_scales_all_final_demand_by_the_worst_ratio():
    # Every sector is upstream of every other: rationing cuts all final demand by min(cap/x0).
    a, y, x0 = _economy(6, seed=3, density=1.0)
    assert (a > 0).all()
    cap = x0 * np.array([1.0, 0.7, 1.0, 0.9, 1.0, 1.0])
    r = constrained_output(a, y, x0, cap)
    np.testing.assert_allclose(r.y_delivered, 0.7 * y, rtol=1e-12)
    np.testing.assert_allclose(r.x, 0.7 * x0, rtol=1e-12)


def test_unlinked_block_is_untouched():
    a = np.zeros((4, 4))
    a[:2, :2] = [[0.1, 0.3], [0.2, 0.1]]
    a[2:, 2:] = [[0.2, 0.1], [0.3, 0.2]]
    y = np.array([10.0, 20.0, 30.0, 40.0])
    x0 = np.linalg.solve(np.eye(4) - a, y)
    r = constrained_output(a, y, x0, x0 * [0.5, 1.0, 1.0, 1.0])
    np.testing.assert_array_equal(r.loss[2:], 0.0)
    np.testing.assert_allclose(r.x[:2], 0.5 * x0[:2], rtol=1e-14)


def test_zero_shock_changes_nothing():
    a, y, x0 = _economy(20, seed=1)
    r = constrained_output(a, y, x0, CapacityShock(np.zeros(20, bool), 0.5).capacity(x0))
    np.testing.assert_allclose(r.x, x0, rtol=1e-12)
    np.testing.assert_allclose(r.y_delivered, y, rtol=1e-12)
    assert r.rounds == 0 and r.total_loss == pytest.approx(0.0, abs=1e-9)
    assert r.loss_share_outside(np.zeros(20, bool)) == 0.0


def test_reused_factorisation_gives_the_same_result():
    from scipy.linalg import lu_factor

    a, y, x0 = _economy(15, seed=4)
    cap = x0 * np.linspace(0.5, 1.0, 15)
    fresh = constrained_output(a, y, x0, cap)
    reused = constrained_output(a, y, x0, cap, lu=lu_factor(np.eye(15) - a))
    np.testing.assert_array_equal(reused.x, fresh.x)
    with pytest.raises(ValidationError, match=r"lu factors a \(2, 2\) matrix but A is 15 x 15"):
        constrained_output(a, y, x0, cap, lu=lu_factor(np.eye(2)))


def test_final_demand_matrix_is_summed():
    r = constrained_output(A2, np.column_stack([Y2 / 4, 3 * Y2 / 4]), X2, [10.0, 20.0])
    np.testing.assert_allclose(r.x, [10.0, 10.0], rtol=1e-15)


def test_results_are_read_only():
    r = constrained_output(A2, Y2, X2, [10.0, 20.0])
    with pytest.raises(ValueError, match="read-only"):
        r.x[0] = 1.0


# ------------------------------------------------------------------ the shock value object


def test_capacity_of_a_shock():
    shock = CapacityShock(np.array([True, False, True]), [0.25, 0.9, 1.0], overproduction=0.1)
    np.testing.assert_allclose(shock.capacity([100.0, 100.0, 50.0]), [75.0, 110.0, 0.0])
    np.testing.assert_array_equal(shock.severity, [0.25, 0.0, 1.0])  # read only where shocked


def test_shock_from_positions():
    shock = CapacityShock.from_positions(4, [3, 1], [0.5, 0.2])
    np.testing.assert_array_equal(shock.shocked, [False, True, False, True])
    np.testing.assert_allclose(shock.severity, [0.0, 0.2, 0.0, 0.5])
    np.testing.assert_allclose(
        CapacityShock.from_positions(3, [0], 0.3).capacity([10, 10, 10]), [7, 10, 10]
    )


# ------------------------------------------------------------------ invariants (Hypothesis)


@st.composite
def shocked_economies(draw):
    n = draw(st.integers(2, 9))
    m = draw(hnp.arrays(np.float64, (n, n), elements=st.floats(0.0, 1.0)))
    keep = draw(hnp.arrays(np.bool_, (n, n)))
    m = m * keep
    a = 0.85 * m / np.maximum(m.sum(axis=0), 1.0)
    # no subnormal demand: at 5e-324 the solve's rounding is 10 % of the value and the table
    # check (relative, 1e-8) rightly refuses it as unbalanced
    y = draw(hnp.arrays(np.float64, n, elements=st.floats(0.0, 1e4, allow_subnormal=False)))
    sev = draw(hnp.arrays(np.float64, n, elements=st.floats(0.0, 1.0)))
    more = draw(hnp.arrays(np.float64, n, elements=st.floats(0.0, 1.0)))
    x0 = np.linalg.solve(np.eye(n) - a, y)
    return a, y, x0, sev, np.maximum(sev, more)


@SETTINGS
@given(shocked_economies())
def test_identities_and_bounds(data):
    a, y, x0, sev, _ = data
    cap = x0 * (1.0 - sev)
    r = constrained_output(a, y, x0, cap)
    _check_identities(r, a, y, cap, scale=max(x0.max(), 1.0))
    np.testing.assert_allclose(r.loss, x0 - r.x, rtol=0, atol=1e-9 * max(x0.max(), 1.0))


@SETTINGS
@given(shocked_economies())
def test_larger_shock_never_loses_less(data):
    a, y, x0, sev, sev_more = data
    small = constrained_output(a, y, x0, x0 * (1.0 - sev))
    large = constrained_output(a, y, x0, x0 * (1.0 - sev_more))
    tol = 1e-9 * max(x0.max(), 1.0)
    assert (large.x <= small.x + tol).all()
    assert large.total_loss >= small.total_loss - tol * len(x0)
    assert (large.y_delivered <= small.y_delivered + tol).all()


# ------------------------------------------------------------------ validation messages


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (
            (np.ones((2, 3)), Y2, X2, X2),
            r"A must be a non-empty square matrix; received shape \(2, 3\)",
        ),
        ((-A2, Y2, X2, X2), r"A\[0, 1\] = -0.5 is negative; technical coefficients must be >= 0"),
        ((A2, [1.0, 2.0, 3.0], X2, X2), "y has 3 rows but A is 2 x 2"),
        ((A2, Y2, X2, [10.0, -1.0]), r"cap\[1\] = -1 is negative; capacity must be >= 0"),
        ((A2, Y2, [20.0, np.nan], X2), r"x0\[1\] is nan; every value must be finite"),
        ((A2, Y2, [21.0, 20.0], X2), "x0 is not the output of A and y: at position 0"),
        ((np.eye(2), [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]), "I - A is singular"),
    ],
)
def test_validation_messages(args, match):
    with pytest.raises(ValidationError, match=match):
        constrained_output(*args)


def test_shock_validation_messages():
    with pytest.raises(ValidationError, match=r"severity\[1\] = 1.5 is outside \[0, 1\]"):
        CapacityShock(np.array([False, True]), 1.5)
    with pytest.raises(
        ValidationError, match=r"overproduction = -0\.1 must be a finite share >= 0"
    ):
        CapacityShock(np.array([True]), 0.5, overproduction=-0.1)
    with pytest.raises(ValidationError, match="shocked must be a 1-dimensional boolean mask"):
        CapacityShock(np.array([0, 1]), 0.5)
    with pytest.raises(ValidationError, match=r"positions holds position 5, outside 0\.\.3"):
        CapacityShock.from_positions(4, [5], 0.5)
    with pytest.raises(ValidationError, match="severity has 1 values but positions has 2"):
        CapacityShock.from_positions(4, [0, 1], [0.5])
    r = constrained_output(A2, Y2, X2, [10.0, 20.0])
    with pytest.raises(ValidationError, match=r"mask must be a boolean array of shape \(2,\)"):
        r.loss_share_outside(np.array([True]))
