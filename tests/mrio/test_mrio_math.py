"""Tests of the input-output kernels in hinterland.mrio.math.

Reference values: Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., section 2.3 (the
two-sector example), and pymrio 0.7's bundled test MRIO (6 regions x 8 sectors), whose A, L,
S, M, D_cba and D_pba pymrio computes with explicit inverses. Every random fixture is seeded.
"""

from __future__ import annotations

import numpy as np
import pymrio
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from hinterland.errors import DataError, ValidationError
from hinterland.mrio.math import (
    LeontiefSolver,
    allocation_coefficients,
    demand_shock,
    employment_multipliers,
    ghosh_factor,
    ghosh_inverse,
    hypothetical_extraction,
    leontief_factor,
    leontief_inverse,
    output_multipliers,
    rasmussen_linkages,
    round_decomposition,
    satellite_coefficients,
    satellite_multipliers,
    spillover_decomposition,
    supply_shock,
    technical_coefficients,
    value_added_flows,
    value_added_multipliers,
)

RTOL = 1e-9

# Miller & Blair (2009), section 2.3, Table 2.3 and eq. (2.14)
MB_Z = np.array([[150.0, 500.0], [200.0, 100.0]])
MB_X = np.array([1000.0, 2000.0])
MB_A = np.array([[0.15, 0.25], [0.2, 0.05]])
MB_L = np.array([[1.2541, 0.3300], [0.2640, 1.1221]])


@pytest.fixture(scope="module")
def io():
    """pymrio's test MRIO with every account computed by pymrio itself."""
    return pymrio.load_test().calc_all()


@pytest.fixture(scope="module")
def arrays(io):
    """Flattened Z, Y, x and the region number of each row and of each Y column."""
    _, region_of = np.unique(io.Z.index.get_level_values("region"), return_inverse=True)
    _, y_region_of = np.unique(io.Y.columns.get_level_values("region"), return_inverse=True)
    return {
        "Z": io.Z.to_numpy(),
        "Y": io.Y.to_numpy(),
        "x": io.x.to_numpy().ravel(),
        "region_of": region_of.astype(np.int64),
        "y_region_of": y_region_of.astype(np.int64),
    }


@pytest.fixture(scope="module")
def A(arrays):
    return technical_coefficients(arrays["Z"], arrays["x"])


@pytest.fixture(scope="module")
def solver(A) -> LeontiefSolver:
    return leontief_factor(A)


def random_productive(n: int, rng: np.random.Generator, density: float = 1.0) -> np.ndarray:
    """A non-negative A with column sums drawn in [0.2, 0.9] (so productive)."""
    A = rng.uniform(0.0, 1.0, (n, n)) * (rng.uniform(size=(n, n)) < density)
    sums = A.sum(axis=0)
    sums[sums == 0] = 1.0
    return A / sums * rng.uniform(0.2, 0.9, n)


# ------------------------------------------------------------------ textbook values


def test_miller_blair_coefficients_and_inverse():
    A = technical_coefficients(MB_Z, MB_X)
    np.testing.assert_allclose(A, MB_A, rtol=1e-15)
    for method in ("lu", "inverse"):
        np.testing.assert_allclose(leontief_inverse(A, method=method), MB_L, atol=5e-5)
    np.testing.assert_allclose(leontief_inverse(sp.csr_array(A)), MB_L, atol=5e-5)
    # L = 1/|I - A| adj(I - A) with |I - A| = 0.85 * 0.95 - 0.25 * 0.2 = 0.7575 (exact)
    exact = np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575
    np.testing.assert_allclose(leontief_inverse(A), exact, rtol=1e-14)


def test_miller_blair_output_multipliers_and_linkages():
    A = technical_coefficients(MB_Z, MB_X)
    exact = np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575
    np.testing.assert_allclose(output_multipliers(A), exact.sum(axis=0), rtol=1e-14)
    links = rasmussen_linkages(A, forward="leontief")
    colsum, rowsum = exact.sum(axis=0), exact.sum(axis=1)
    np.testing.assert_allclose(links.backward, colsum / colsum.mean(), rtol=1e-14)
    np.testing.assert_allclose(links.forward, rowsum / rowsum.mean(), rtol=1e-14)
    # 1.15 / (2.3 / 2) = 1.0222..., sector 1 sells more: key sector is sector 1 only
    np.testing.assert_allclose(links.backward, [1.15 / 1.125, 1.1 / 1.125], rtol=1e-14)
    np.testing.assert_array_equal(links.key, [True, False])


def test_zero_output_column_becomes_zero_and_inconsistent_data_raise():
    Z = np.array([[1.0, 0.0, 2.0], [3.0, 0.0, 1.0], [0.0, 0.0, 4.0]])
    x = np.array([10.0, 0.0, 20.0])
    A = technical_coefficients(Z, x)
    np.testing.assert_array_equal(A[:, 1], 0.0)
    np.testing.assert_allclose(A[:, 0], Z[:, 0] / 10.0)
    with pytest.raises(DataError, match=r"x\[1\] = 0 but column 1 of Z holds inputs"):
        technical_coefficients(Z + np.eye(3), x)
    B = allocation_coefficients(Z.T, x)
    np.testing.assert_array_equal(B[1], 0.0)
    with pytest.raises(DataError, match=r"x\[1\] = 0 but row 1 of Z holds sales"):
        allocation_coefficients(Z, x)
    with pytest.raises(DataError, match=r"x\[2\] = -1 is negative"):
        technical_coefficients(Z, [1.0, 1.0, -1.0])
    with pytest.raises(DataError, match=r"x\[1\] = 0 but F\[..., 1\]"):
        satellite_coefficients([[1.0, 2.0, 3.0]], x)


# ------------------------------------------------------------------ agreement with pymrio


def test_coefficients_and_inverse_agree_with_pymrio(io, arrays, A, solver):
    np.testing.assert_allclose(A, io.A.to_numpy(), rtol=RTOL, atol=0)
    L_ref = io.L.to_numpy()
    np.testing.assert_allclose(leontief_inverse(A, method="inverse"), L_ref, rtol=RTOL)
    np.testing.assert_allclose(solver.solve(np.eye(solver.n)), L_ref, rtol=RTOL)
    np.testing.assert_allclose(output_multipliers(solver), L_ref.sum(axis=0), rtol=RTOL)
    # the table's identity x = L y
    np.testing.assert_allclose(solver.solve(arrays["Y"].sum(axis=1)), arrays["x"], rtol=RTOL)


def test_satellite_multipliers_agree_with_pymrio(io, arrays, solver):
    for ext in (io.emissions, io.factor_inputs):
        S = satellite_coefficients(ext.F.to_numpy(), arrays["x"])
        np.testing.assert_allclose(S, ext.S.to_numpy(), rtol=RTOL, atol=0)
        np.testing.assert_allclose(satellite_multipliers(solver, S), ext.M.to_numpy(), rtol=RTOL)
    v = io.factor_inputs.S.to_numpy()[0]
    np.testing.assert_allclose(
        value_added_multipliers(solver, v), io.factor_inputs.M.to_numpy()[0], rtol=RTOL
    )
    e = io.emissions.S.to_numpy()[0]
    np.testing.assert_allclose(
        employment_multipliers(solver, e, kind="type_I"),
        io.emissions.M.to_numpy()[0] / e,
        rtol=RTOL,
    )


def test_footprints_agree_with_pymrio(io, arrays, solver):
    """Column sums of the flows are pymrio's D_cba by region, row sums its D_pba by region."""
    for ext in (io.factor_inputs, io.emissions):
        for k in range(ext.S.shape[0]):
            flows = value_added_flows(
                solver,
                ext.S.to_numpy()[k],
                arrays["Y"],
                arrays["region_of"],
                y_region_of=arrays["y_region_of"],
            )
            d_cba = ext.D_cba.T.groupby(level="region").sum().T.to_numpy()[k]
            d_pba = ext.D_pba.T.groupby(level="region").sum().T.to_numpy()[k]
            np.testing.assert_allclose(flows.absorbed, d_cba, rtol=RTOL)
            np.testing.assert_allclose(flows.generated, d_pba, rtol=RTOL)
    # total value added generated equals value added in the table
    va = value_added_flows(
        solver,
        io.factor_inputs.S.to_numpy()[0],
        arrays["Y"],
        arrays["region_of"],
        y_region_of=arrays["y_region_of"],
    )
    np.testing.assert_allclose(va.flows.sum(), io.factor_inputs.F.to_numpy().sum(), rtol=RTOL)
    assert va.flows.shape == (6, 6)
    assert (va.flows >= 0).all()


def test_value_added_flows_with_one_column_per_region(arrays, solver):
    Yr = np.zeros((solver.n, 6))
    np.add.at(Yr.T, arrays["y_region_of"], arrays["Y"].T)
    v = np.linspace(0.1, 0.5, solver.n)
    a = value_added_flows(solver, v, Yr, arrays["region_of"])
    b = value_added_flows(
        solver, v, arrays["Y"], arrays["region_of"], y_region_of=arrays["y_region_of"]
    )
    np.testing.assert_allclose(a.flows, b.flows, rtol=1e-12)
    with pytest.raises(ValidationError, match="Y has 42 columns but region_of has 6 regions"):
        value_added_flows(solver, v, arrays["Y"], arrays["region_of"])


def test_ghosh_inverse_and_forward_linkages(io, arrays, A, solver):
    B = allocation_coefficients(arrays["Z"], arrays["x"])
    G = ghosh_inverse(B)
    x = arrays["x"]
    # G = diag(x)^-1 L diag(x), by broadcasting
    np.testing.assert_allclose(G, io.L.to_numpy() / x[:, None] * x[None, :], rtol=RTOL)
    links = rasmussen_linkages(solver, x=x)
    rowsum = G.sum(axis=1)
    np.testing.assert_allclose(links.forward, rowsum / rowsum.mean(), rtol=RTOL)
    colsum = io.L.to_numpy().sum(axis=0)
    np.testing.assert_allclose(links.backward, colsum / colsum.mean(), rtol=RTOL)
    np.testing.assert_array_equal(links.key, (links.backward > 1) & (links.forward > 1))
    np.testing.assert_allclose([links.backward.mean(), links.forward.mean()], 1.0)
    with pytest.raises(ValidationError, match="forward='ghosh' needs the gross output x"):
        rasmussen_linkages(solver)


# ------------------------------------------------------------------ solve vs inverse, sparse


def test_lu_solve_equals_inverse_times_y_for_many_rhs(A):
    rng = np.random.default_rng(20240501)
    Y = rng.uniform(0.0, 1e5, (A.shape[0], 200))
    lu, inv = leontief_factor(A), leontief_factor(A, method="inverse")
    L = inv.inverse()
    np.testing.assert_allclose(lu.solve(Y), L @ Y, rtol=1e-11)
    np.testing.assert_allclose(inv.solve(Y), L @ Y, rtol=1e-14)
    C = rng.uniform(0.0, 1.0, (30, A.shape[0]))
    np.testing.assert_allclose(lu.solve_transposed(C), C @ L, rtol=1e-11)
    np.testing.assert_allclose(lu.solve(Y[:, 0]), L @ Y[:, 0], rtol=1e-11)
    assert lu.solve(Y[:, 0]).shape == (A.shape[0],)


def test_sparse_and_dense_paths_agree(arrays, A):
    rng = np.random.default_rng(7)
    As = technical_coefficients(sp.csr_array(arrays["Z"]), arrays["x"])
    assert sp.issparse(As)
    np.testing.assert_allclose(As.toarray(), A, rtol=1e-15)
    dense, sparse = leontief_factor(A), leontief_factor(As)
    assert sparse.is_sparse and not dense.is_sparse
    Y = rng.uniform(size=(A.shape[0], 5))
    np.testing.assert_allclose(sparse.solve(Y), dense.solve(Y), rtol=1e-11)
    np.testing.assert_allclose(
        sparse.solve_transposed(Y.T), dense.solve_transposed(Y.T), rtol=1e-11
    )
    np.testing.assert_allclose(
        leontief_inverse(As, method="inverse"), leontief_inverse(A), rtol=1e-11
    )
    B = allocation_coefficients(sp.csc_matrix(arrays["Z"]), arrays["x"])
    np.testing.assert_allclose(
        ghosh_inverse(B),
        ghosh_inverse(allocation_coefficients(arrays["Z"], arrays["x"])),
        rtol=1e-11,
    )
    y = arrays["Y"].sum(axis=1)
    r = arrays["region_of"]
    a, b = spillover_decomposition(dense, y, r), spillover_decomposition(sparse, y, r)
    scale = np.abs(a.total).max()  # feedback is a difference of parts of this size
    for part in ("total", "intra", "feedback", "spillover"):
        np.testing.assert_allclose(getattr(a, part), getattr(b, part), rtol=0, atol=1e-12 * scale)
    sel = r == 2
    for kind in ("full", "backward", "forward"):
        ea = hypothetical_extraction(dense, y, sel, kind=kind)
        eb = hypothetical_extraction(sparse, y, sel, kind=kind)
        np.testing.assert_allclose(ea.loss, eb.loss, rtol=1e-9, atol=1e-6)


def test_solver_holds_a_readonly_copy():
    A = MB_A.copy()
    s = leontief_factor(A)
    A[0, 0] = 0.9
    np.testing.assert_allclose(s.A, MB_A)
    with pytest.raises(ValueError, match="read-only"):
        s.A[0, 0] = 0.5


# ------------------------------------------------------------------ errors


def test_singular_system_raises_data_error():
    A = np.array([[0.5, 0.5], [0.5, 0.5]])  # column sums 1: I - A is singular
    for method in ("lu", "inverse"):
        with pytest.raises(DataError, match=r"I - A is singular .* largest column sum of \|A\|"):
            leontief_factor(A, method=method)
    with pytest.raises(DataError, match="I - A is singular"):
        leontief_factor(sp.csr_array(A))
    with pytest.raises(DataError, match="I - B is singular"):
        ghosh_factor(A)
    # nearly singular to working precision also counts
    with pytest.raises(DataError, match="I - A is singular"):
        leontief_factor(np.array([[1.0, 0.0], [0.0, 1.0 - 1e-17]]))


def test_validation_messages(solver):
    with pytest.raises(ValidationError, match="unknown method 'qr'; valid: inverse, lu"):
        leontief_factor(MB_A, method="qr")
    with pytest.raises(ValidationError, match=r"A must be square \(n, n\)"):
        leontief_factor(np.ones((2, 3)))
    with pytest.raises(ValidationError, match=r"A\[0, 1\] is nan; every value must be finite"):
        leontief_factor(np.array([[0.1, np.nan], [0.0, 0.1]]))
    with pytest.raises(ValidationError, match=r"A\[1, 0\] is inf"):
        leontief_factor(sp.csr_array(np.array([[0.1, 0.0], [np.inf, 0.1]])))
    with pytest.raises(ValidationError, match=r"Y has 3 rows but A has 48 sectors"):
        solver.solve(np.ones(3))
    with pytest.raises(ValidationError, match=r"C has 3 columns but A has 48 sectors"):
        solver.solve_transposed(np.ones((2, 3)))
    with pytest.raises(ValidationError, match=r"x must be 1-dimensional.*\.ravel\(\)"):
        technical_coefficients(MB_Z, MB_X[:, None])
    with pytest.raises(ValidationError, match="x has 3 values but Z has 2 sectors"):
        technical_coefficients(MB_Z, np.ones(3))
    with pytest.raises(ValidationError, match="region_of must hold integer region numbers"):
        spillover_decomposition(MB_A, np.ones(2), np.array([0.0, 1.0]))
    with pytest.raises(ValidationError, match=r"region_of must have shape \(2,\)"):
        spillover_decomposition(MB_A, np.ones(2), np.array([0, 1, 1]))
    with pytest.raises(ValidationError, match=r"selected must be a boolean mask of shape \(2,\)"):
        hypothetical_extraction(MB_A, np.ones(2), np.array([0, 1]))
    with pytest.raises(ValidationError, match="unknown kind 'rows'"):
        hypothetical_extraction(MB_A, np.ones(2), np.array([True, False]), kind="rows")
    with pytest.raises(ValidationError, match="unknown forward 'row'"):
        rasmussen_linkages(MB_A, forward="row")
    with pytest.raises(DataError, match=r"type I multiplier of sector 1 is undefined.*v\[1\] = 0"):
        value_added_multipliers(MB_A, [0.5, 0.0], kind="type_I")


# ------------------------------------------------------------------ spillover and feedback


def test_two_region_one_sector_hand_case():
    """A = [[0.2, 0.1], [0.3, 0.4]], one sector per region, y = (1, 0).

    |I - A| = 0.8 * 0.6 - 0.1 * 0.3 = 0.45; x = (0.6, 0.3) / 0.45 = (4/3, 2/3).
    Intra 1 / 0.8 = 5/4, feedback 4/3 - 5/4 = 1/12, spillover 2/3.
    """
    A = np.array([[0.2, 0.1], [0.3, 0.4]])
    d = spillover_decomposition(A, [1.0, 0.0], np.array([0, 1]))
    np.testing.assert_allclose(d.total, [4 / 3, 2 / 3], rtol=1e-14)
    np.testing.assert_allclose(d.intra, [5 / 4, 0.0], rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(d.feedback, [1 / 12, 0.0], rtol=1e-12, atol=1e-16)
    np.testing.assert_allclose(d.spillover, [0.0, 2 / 3], rtol=1e-14, atol=1e-16)
    # M&B (2009) section 3.3: feedback = (1 - a11 - a12 a21 / (1 - a22))^-1 - (1 - a11)^-1
    assert d.feedback[0] == pytest.approx(1 / (0.8 - 0.1 * 0.3 / 0.6) - 1 / 0.8, rel=1e-12)


def test_two_region_blocks_match_miller_blair_formulas():
    rng = np.random.default_rng(3)
    A = random_productive(5, rng)
    region_of = np.array([0, 0, 0, 1, 1])
    r, s = slice(0, 3), slice(3, 5)
    y = np.r_[rng.uniform(1, 2, 3), 0.0, 0.0]
    d = spillover_decomposition(A, y, region_of)
    inv = np.linalg.inv
    M11 = inv(np.eye(3) - A[r, r])
    L11 = inv(np.eye(3) - A[r, r] - A[r, s] @ inv(np.eye(2) - A[s, s]) @ A[s, r])
    np.testing.assert_allclose(d.intra[r], M11 @ y[r], rtol=1e-12)
    np.testing.assert_allclose(d.feedback[r], (L11 - M11) @ y[r], rtol=1e-10)
    L = inv(np.eye(5) - A)
    np.testing.assert_allclose(d.spillover[s], L[s, r] @ y[r], rtol=1e-12)
    np.testing.assert_allclose(d.spillover[r], 0.0, atol=1e-15)

    dec = round_decomposition(A, region_of)
    np.testing.assert_allclose(dec.M3 @ dec.M2 @ dec.M1, L, rtol=1e-12)
    np.testing.assert_allclose(dec.M1[r, r], M11, rtol=1e-12)
    np.testing.assert_allclose(dec.M1[r, s], 0.0)
    # two regions: spillovers off the diagonal blocks, feedback on them only
    np.testing.assert_allclose((dec.M2 - np.eye(5))[r, r], 0.0, atol=1e-15)
    np.testing.assert_allclose(dec.M3[r, s], 0.0, atol=1e-15)
    np.testing.assert_allclose(dec.M3[s, r], 0.0, atol=1e-15)


def test_spillover_decomposition_sums_to_total_on_pymrio(arrays, solver):
    Yr = np.zeros((solver.n, 6))
    np.add.at(Yr.T, arrays["y_region_of"], arrays["Y"].T)
    d = spillover_decomposition(solver, Yr, arrays["region_of"])
    np.testing.assert_allclose(d.intra + d.feedback + d.spillover, d.total, rtol=1e-13)
    np.testing.assert_allclose(d.total, solver.solve(Yr), rtol=1e-11)
    assert d.total.shape == (48, 6)
    assert (d.intra >= 0).all() and (d.spillover >= 0).all() and (d.feedback >= -1e-9).all()
    dec = round_decomposition(solver.A, arrays["region_of"])
    np.testing.assert_allclose(dec.M3 @ dec.M2 @ dec.M1, solver.inverse(), rtol=1e-10)


# ------------------------------------------------------------------ hypothetical extraction


def brute_force(A, y, sel, kind, keep_internal):
    """Set the extracted entries of A to zero one by one and re-solve."""
    Abar = A.copy()
    n = A.shape[0]
    for i in range(n):
        for j in range(n):
            inside = sel[i] and sel[j]
            if kind == "backward":
                hit = sel[j]
            elif kind == "forward":
                hit = sel[i]
            else:
                hit = sel[i] or sel[j]
            if hit and not (keep_internal and inside):
                Abar[i, j] = 0.0
    return np.linalg.solve(np.eye(n) - A, y) - np.linalg.solve(np.eye(n) - Abar, y)


@pytest.mark.parametrize("kind", ["full", "backward", "forward"])
@pytest.mark.parametrize("keep_internal", [False, True])
def test_extraction_equals_brute_force(arrays, solver, kind, keep_internal):
    y = arrays["Y"].sum(axis=1)
    A = np.array(solver.A)
    r = arrays["region_of"]
    sectors = np.tile(np.arange(8), 6)
    selections = {
        "one sector": np.arange(48) == 11,
        "a region": r == 3,
        "a sector in all regions": sectors == 2,
        "two thirds of the economy (direct refactor path)": r < 4,
    }
    for name, sel in selections.items():
        res = hypothetical_extraction(solver, y, sel, kind=kind, keep_internal=keep_internal)
        np.testing.assert_allclose(
            res.loss,
            brute_force(A, y, sel, kind, keep_internal),
            rtol=1e-9,
            atol=1e-6,
            err_msg=name,
        )
        assert res.total_loss == pytest.approx(res.loss.sum())
        assert (res.loss >= -1e-6).all()
        np.testing.assert_allclose(res.baseline, arrays["x"], rtol=1e-10)


def test_extraction_nothing_selected_loses_nothing():
    res = hypothetical_extraction(MB_A, np.ones(2), np.zeros(2, dtype=bool))
    np.testing.assert_array_equal(res.loss, 0.0)
    assert res.total_loss == 0.0


def test_extraction_with_many_final_demand_columns(arrays, solver):
    sel = arrays["region_of"] == 0
    Y = arrays["Y"][:, :5]
    res = hypothetical_extraction(solver, Y, sel, kind="backward")
    for c in range(5):
        one = hypothetical_extraction(solver, Y[:, c], sel, kind="backward")
        np.testing.assert_allclose(res.loss[:, c], one.loss, rtol=1e-12)
    assert res.total_loss.shape == (5,)


# ------------------------------------------------------------------ shocks


def test_demand_and_supply_shocks(arrays, solver):
    rng = np.random.default_rng(11)
    dy = rng.uniform(size=(48, 3))
    np.testing.assert_allclose(demand_shock(solver, dy), solver.inverse() @ dy, rtol=1e-12)
    B = allocation_coefficients(arrays["Z"], arrays["x"])
    G = ghosh_inverse(B)
    dv = rng.uniform(size=48)
    Bs = ghosh_factor(B)
    np.testing.assert_allclose(supply_shock(Bs, dv), dv @ G, rtol=1e-11)
    np.testing.assert_allclose(supply_shock(B, dy), G.T @ dy, rtol=1e-11)
    # Ghosh identity: the table's value added through G reproduces x
    v = arrays["x"] - arrays["Z"].sum(axis=0)
    np.testing.assert_allclose(supply_shock(Bs, v), arrays["x"], rtol=1e-10)


# ------------------------------------------------------------------ invariants


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_regions=st.integers(1, 4),
    n_sectors=st.integers(1, 4),
    density=st.sampled_from([0.3, 1.0]),
)
def test_invariants_on_random_productive_systems(seed, n_regions, n_sectors, density):
    rng = np.random.default_rng(seed)
    n = n_regions * n_sectors
    A = random_productive(n, rng, density)
    y = rng.uniform(0.0, 10.0, n)
    region_of = np.repeat(np.arange(n_regions), n_sectors)
    s = leontief_factor(A)
    x = s.solve(y)
    np.testing.assert_allclose(x, A @ x + y, rtol=1e-10, atol=1e-12)  # x = A x + y
    assert (x >= y - 1e-12).all()
    d = spillover_decomposition(s, y, region_of)
    np.testing.assert_allclose(d.intra + d.feedback + d.spillover, x, rtol=1e-10, atol=1e-12)
    assert min(d.intra.min(), d.feedback.min(), d.spillover.min()) >= -1e-10
    sel = rng.uniform(size=n) < 0.4
    for kind in ("full", "backward", "forward"):
        res = hypothetical_extraction(s, y, sel, kind=kind)
        np.testing.assert_allclose(
            res.loss, brute_force(A, y, sel, kind, False), rtol=1e-8, atol=1e-10
        )
        assert (res.loss >= -1e-10).all()
