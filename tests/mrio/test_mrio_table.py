"""The MRIO table: doors, views, and every validation message naming its place."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from hinterland.errors import DataError, ValidationError
from hinterland.mrio.table import DENSE_LIMIT, MRIO

# A hand-made 2-region x 2-sector table whose identities can be checked with pencil and paper.
REGIONS = [110000, 510000]
SECTORS = ["01", "02"]
CATEGORIES = ["hh", "inv"]
Z = np.array(
    [
        [10.0, 5.0, 2.0, 0.0],
        [4.0, 20.0, 0.0, 3.0],
        [1.0, 0.0, 8.0, 6.0],
        [0.0, 2.0, 5.0, 12.0],
    ]
)
Y = np.array(  # columns (110000, hh), (110000, inv), (510000, hh), (510000, inv)
    [
        [30.0, -2.0, 5.0, 0.0],
        [20.0, 1.0, 0.0, 4.0],
        [3.0, 0.0, 40.0, 2.0],
        [0.0, 0.0, 25.0, -1.0],
    ]
)
E = np.array([7.0, 0.0, 3.0, 1.0])
M = np.array([2.0, 3.0, 0.0, 5.0])
X = np.array([57.0, 52.0, 63.0, 44.0])  # Z row sums 17, 27, 15, 19 + Y 33, 25, 45, 24 + E
V = np.array([40.0, 22.0, 48.0, 18.0])  # X - Z column sums (15, 27, 15, 21) - M


def build(Z=Z, Y=Y, x=X, v=V, **kw) -> MRIO:
    opts = dict(
        regions=REGIONS,
        sectors=SECTORS,
        categories=CATEGORIES,
        exports=E,
        imports=M,
        unit="10k yuan",
        year=2017,
        source="hand-made test table",
    )
    opts.update(kw)
    return MRIO.from_arrays(Z, Y, x, v, **opts)


def from_A(A: np.ndarray, x: np.ndarray, *, sparse_: bool = False, **kw) -> MRIO:
    """A table with coefficients A and output x; final demand and value added balance it."""
    n = len(x)
    Zs = sparse.csr_array(A) * x[None, :] if sparse.issparse(A) else A * x[None, :]
    Zs = sparse.csr_array(Zs) if sparse.issparse(A) else Zs
    rows = np.asarray(Zs.sum(axis=1)).ravel()
    cols = np.asarray(Zs.sum(axis=0)).ravel()
    return MRIO.from_arrays(
        Zs,
        (x - rows)[:, None],
        x,
        x - cols,
        regions=["R"],
        sectors=[f"s{i}" for i in range(n)],
        categories=["final"],
        unit="1",
        year=2020,
        source="synthetic",
        sparse=sparse_,
        **kw,
    )


# --- doors and views ----------------------------------------------------------------------


def test_from_arrays_to_arrays_round_trip():
    t = build()
    Z2, Y2, x2, v2 = t.to_arrays()
    np.testing.assert_array_equal(Z2, Z)
    np.testing.assert_array_equal(Y2, Y)
    np.testing.assert_array_equal(x2, X)
    np.testing.assert_array_equal(v2, V)
    np.testing.assert_array_equal(t.exports.to_numpy(), E)
    np.testing.assert_array_equal(t.imports.to_numpy(), M)
    again = build(Z=Z2, Y=Y2, x=x2, v=v2)
    np.testing.assert_array_equal(again.Z.to_numpy(), t.Z.to_numpy())
    # copies: changing the arrays does not change the table
    Z2[0, 0] = 99.0
    assert t.Z.iloc[0, 0] == 10.0


def test_labels_and_views():
    t = build()
    assert t.regions == [110000, 510000]
    assert t.sectors == ["01", "02"]
    assert t.categories == ["hh", "inv"]
    assert list(t.index) == [(110000, "01"), (110000, "02"), (510000, "01"), (510000, "02")]
    assert t.Z.index.names == ["region", "sector"] and t.Z.columns.names == ["region", "sector"]
    assert t.Y.columns.names == ["region", "category"]
    assert t.Y.loc[(510000, "02"), (510000, "inv")] == -1.0
    assert t.Z.loc[(110000, "02"), (510000, "02")] == 3.0


def test_A_is_Z_over_x_by_column():
    A = build().A()
    assert A.loc[(110000, "01"), (110000, "02")] == pytest.approx(5.0 / 52.0, rel=1e-15)
    assert A.loc[(510000, "02"), (510000, "02")] == pytest.approx(12.0 / 44.0, rel=1e-15)
    np.testing.assert_allclose(A.to_numpy().sum(axis=0), [15 / 57, 27 / 52, 15 / 63, 21 / 44])


def test_miller_blair_two_sector_example():
    # Miller & Blair (2009), Input-Output Analysis, 2nd ed., section 2.3: Z, f, x, A
    t = MRIO.from_arrays(
        np.array([[150.0, 500.0], [200.0, 100.0]]), np.array([[350.0], [1700.0]]),
        [1000.0, 2000.0], [650.0, 1400.0], regions=["R"], sectors=["1", "2"],
        categories=["f"], unit="$", year=2009, source="Miller & Blair (2009), 2.3",
    )  # fmt: skip
    np.testing.assert_allclose(t.A().to_numpy(), [[0.15, 0.25], [0.20, 0.05]], rtol=1e-15)


def test_A_column_of_zero_output_is_zero():
    # sector 1 produces nothing and buys nothing; its A column is 0, not NaN
    A = np.array([[0.2, 0.0], [0.0, 0.0]])
    t = from_A(A, np.array([10.0, 0.0]))
    assert t.A().to_numpy().tolist() == [[0.2, 0.0], [0.0, 0.0]]


def test_exports_and_imports_default_to_zero():
    t = MRIO.from_arrays(
        Z,
        Y,
        Z.sum(1) + Y.sum(1),
        Z.sum(1) + Y.sum(1) - Z.sum(0),
        regions=REGIONS,
        sectors=SECTORS,
        categories=CATEGORIES,
        unit="10k yuan",
        year=2017,
        source="test",
    )
    assert t.exports.tolist() == [0.0] * 4 and t.imports.tolist() == [0.0] * 4
    assert t.exports.index.equals(t.index)


def test_negative_final_demand_and_value_added_are_allowed():
    # inventories fall in row 3 (Y = -1) and value added is negative in a loss-making column
    x = X.copy()
    v = V.copy()
    m = M.copy()
    m[3] = 25.0
    v[3] = X[3] - 21.0 - 25.0  # = -2
    t = build(v=v, imports=m, x=x)
    assert t.v.iloc[3] == -2.0


def test_from_frames_aligns_orders_and_matches_from_arrays():
    t = build()
    rows = t.index[[2, 0, 3, 1]]
    shuffled_Z = t.Z.loc[rows, t.index[[1, 3, 0, 2]]]
    x_frame = t.x.loc[t.index[::-1]].to_frame("indout")  # pymrio-style x
    v_row = t.v.to_frame().T  # one-row frame, like a row of pymrio's F
    u = MRIO.from_frames(
        shuffled_Z,
        t.Y.loc[rows],
        x_frame,
        v_row,
        exports=t.exports,
        imports=t.imports,
        unit="10k yuan",
        year=2017,
        source="test",
    )
    assert list(u.index) == list(rows)
    np.testing.assert_array_equal(u.Z.loc[t.index, t.index].to_numpy(), Z)
    np.testing.assert_array_equal(u.x.loc[t.index].to_numpy(), X)
    np.testing.assert_array_equal(u.v.loc[t.index].to_numpy(), V)


def test_from_frames_sets_level_names():
    t = build()
    Zf = t.Z.copy()
    Zf.index = Zf.index.set_names(["r", "s"])
    Zf.columns = Zf.columns.set_names(["a", "b"])
    u = MRIO.from_frames(
        Zf, t.Y, t.x, t.v, exports=t.exports, imports=t.imports, unit="u", year=2017, source="s"
    )
    assert u.Z.index.names == ["region", "sector"]


def test_with_returns_a_validated_copy():
    t = build()
    u = t.with_(estimate=True, meta={"method": "test"})
    assert u.estimate and not t.estimate
    assert u.summary()["method"] == "test"
    with pytest.raises(DataError, match=r"row identity .* \(510000, '01'\)"):
        t.with_(x=t.x.where(t.x.index != (510000, "01"), 64.0))
    with pytest.raises(ValidationError, match="no field"):
        t.with_(colour="red")


def test_summary_and_repr_show_the_estimate_flag():
    s = build(estimate=True).summary()
    assert s == {
        "n_regions": 2,
        "n_sectors": 2,
        "n_rows": 4,
        "total_output": 216.0,
        "unit": "10k yuan",
        "year": 2017,
        "source": "hand-made test table",
        "estimate": True,
        "method": None,
        "sparse": False,
    }
    assert "ESTIMATE" in repr(build(estimate=True))
    assert "ESTIMATE" not in repr(build())


def test_identities_within_tolerance_pass_and_beyond_fail():
    x = X.copy()
    x[0] *= 1 + 5e-7  # within the default rtol of 1e-6 ...
    v = V.copy()
    v[0] = x[0] - 15.0 - 2.0
    build(x=x, v=v)
    with pytest.raises(DataError, match="row identity"):
        build(x=x, v=v, rtol=1e-8)  # ... but not within 1e-8


# --- sparse storage -----------------------------------------------------------------------


def test_sparse_table_equals_dense_table():
    d = build()
    s = build(sparse=True)
    assert s.is_sparse and not d.is_sparse
    assert isinstance(s.Z, sparse.csr_array)
    np.testing.assert_array_equal(s.Z_sparse.toarray(), Z)
    np.testing.assert_array_equal(s.A_sparse().toarray(), d.A().to_numpy())
    np.testing.assert_array_equal(s.A().to_numpy(), d.A().to_numpy())
    Zs, *_ = s.to_arrays()
    assert sparse.issparse(Zs)
    # any scipy sparse input is stored as one kind: a float64 CSR array
    u = MRIO(**core_kwargs(d, Z=sparse.coo_array(Z.astype(np.int64))))
    assert isinstance(u.Z, sparse.csr_array) and u.Z.dtype == np.float64


def test_9800_sector_synthetic_table_builds_sparse_without_dense_matrix():
    # 49 regions x 200 sectors = 9,800 rows, ~10 non-zero inputs per column
    rng = np.random.default_rng(42)
    n, per = 9_800, 10
    rows = rng.integers(0, n, size=n * per)
    cols = np.repeat(np.arange(n), per)
    A = sparse.csr_array((rng.uniform(0.0, 0.06, size=n * per), (rows, cols)), shape=(n, n))
    x = rng.uniform(100.0, 1000.0, size=n)
    Zs = sparse.csr_array(A * x[None, :])
    start = time.perf_counter()
    t = MRIO.from_arrays(
        Zs,
        (x - Zs.sum(axis=1))[:, None].repeat(49, axis=1) / 49,
        x,
        x - Zs.sum(axis=0),
        regions=range(49),
        sectors=[f"s{i:03d}" for i in range(200)],
        categories=["f"],
        unit="1",
        year=2020,
        source="synthetic",
        sparse=True,
    )
    assert time.perf_counter() - start < 20
    assert t.is_sparse and t.Z.shape == (n, n) and t.Z.nnz <= n * per
    assert t.summary()["n_rows"] == 9_800
    with pytest.raises(ValidationError, match="A_sparse"):
        t.A()
    np.testing.assert_allclose(t.A_sparse().sum(axis=0), A.sum(axis=0), rtol=1e-12)


# --- productivity -------------------------------------------------------------------------


@pytest.mark.parametrize("n", [50, DENSE_LIMIT + 500])
def test_productive_table_with_a_column_sum_above_one(n):
    # one input coefficient of 1.5 (a column whose value added is negative) and a small
    # diagonal: both norms of A are >= 1, but A is triangular so rho(A) = 0.3
    A = sparse.lil_array((n, n))
    A.setdiag(0.3)
    A[1, 0] = 1.5
    t = from_A(sparse.csr_array(A), np.ones(n), sparse_=n > DENSE_LIMIT)
    assert t.A_sparse()[[1], [0]][0] == 1.5


@pytest.mark.parametrize("n", [6, DENSE_LIMIT + 500])
def test_not_productive_names_the_spectral_radius(n):
    # pairs of sectors that each need 1.2 of the other per unit: rho(A) = 1.2
    A = sparse.lil_array((n, n))
    for i in range(0, n, 2):
        A[i, i + 1] = A[i + 1, i] = 1.2
    with pytest.raises(DataError, match=r"not productive: spectral radius 1\.2 >= 1"):
        from_A(sparse.csr_array(A), np.ones(n), sparse_=n > DENSE_LIMIT)


def test_singular_I_minus_A_is_not_productive():
    A = np.array([[0.5, 0.5], [0.5, 0.5]])  # rho = 1: I - A is singular
    with pytest.raises(DataError, match=r"spectral radius 1 >= 1, so I - A is singular"):
        from_A(A, np.array([1.0, 1.0]))


# --- validation messages naming the place -------------------------------------------------


def core_kwargs(t: MRIO, **changes) -> dict:
    kw = dict(
        Z=t.Z,
        Y=t.Y,
        x=t.x,
        v=t.v,
        exports=t.exports,
        imports=t.imports,
        unit=t.unit,
        year=t.year,
        source=t.source,
    )
    kw.update(changes)
    return kw


def test_non_square_Z():
    t = build()
    with pytest.raises(DataError, match="Z is not square: 4 rows x 3 columns"):
        MRIO(**core_kwargs(t, Z=t.Z.iloc[:, :3]))
    with pytest.raises(DataError, match="Z is not square: 4 rows x 3 columns"):
        MRIO.from_frames(t.Z.iloc[:, :3], t.Y, t.x, t.v, unit="u", year=2017, source="s")
    with pytest.raises(DataError, match=r"Z has shape \(4, 3\); expected \(4, 4\)"):
        build(Z=Z[:, :3])


def test_labels_that_differ_are_named():
    t = build()
    Yb = t.Y.rename(index={"02": "2"}, level="sector")
    with pytest.raises(
        DataError,
        match=r"Y rows labels do not match Z rows: 2 not in Z rows: "
        r"\(110000, '2'\), \(510000, '2'\)",
    ):
        MRIO(**core_kwargs(t, Y=Yb))
    xb = t.x.rename(index={510000: 510100}, level="region")
    with pytest.raises(
        DataError,
        match=r"x labels do not match Z rows: .*\(510100, '01'\).*"
        r"missing: \(510000, '01'\)",
    ):
        MRIO(**core_kwargs(t, x=xb))
    Zc = t.Z.copy()
    Zc.columns = pd.MultiIndex.from_tuples(
        [(110000, "01"), (110000, "02"), (510000, "01"), (510000, "03")], names=["region", "sector"]
    )
    with pytest.raises(
        DataError,
        match=r"Z columns labels do not match Z rows: 1 not in Z rows: "
        r"\(510000, '03'\)",
    ):
        MRIO(**core_kwargs(t, Z=Zc))


def test_labels_in_another_order_are_named():
    t = build()
    with pytest.raises(
        DataError,
        match=r"v labels are in a different order .* position 0 is "
        r"\(510000, '02'\), expected \(110000, '01'\)",
    ):
        MRIO(**core_kwargs(t, v=t.v.iloc[::-1]))


def test_level_names_and_duplicates():
    t = build()
    Yb = t.Y.copy()
    Yb.columns = Yb.columns.set_names(["region", "kind"])
    with pytest.raises(DataError, match=r"Y columns level names must be \('region', 'category'\)"):
        MRIO(**core_kwargs(t, Y=Yb))
    with pytest.raises(DataError, match=r"duplicate label\(s\): \(110000, '01'\)"):
        MRIO.from_arrays(
            np.eye(2) * 0.1,
            np.ones((2, 2)),
            [2.1, 2.1],
            [1.0, 1.0],
            regions=[110000, 110000],
            sectors=["01"],
            categories=["f"],
            unit="u",
            year=2017,
            source="s",
        )


def test_Y_columns_must_be_regions_of_the_table():
    t = build()
    Yb = t.Y.rename(columns={510000: 999999}, level="region")
    with pytest.raises(DataError, match=r"Y columns name region\(s\) .*: 999999; .* exports"):
        MRIO(**core_kwargs(t, Y=Yb))


def test_negative_Z_is_named():
    Zb = Z.copy()
    Zb[2, 1] = -0.5
    with pytest.raises(
        DataError,
        match=r"Z has 1 negative entr\(ies\); most negative -0\.5 at "
        r"row \(510000, '01'\), column \(110000, '02'\)",
    ):
        build(Z=Zb)
    with pytest.raises(DataError, match=r"most negative -0\.5 at row \(510000, '01'\)"):
        build(Z=sparse.csr_array(Zb), sparse=True)


def test_negative_x_is_named():
    # a sector with negative output: row identity holds (Y absorbs it) but x < 0 is refused
    x = X.copy()
    Yb = Y.copy()
    x[3] = -1.0
    Yb[3, 2] = 25.0 - 45.0
    with pytest.raises(
        DataError,
        match=r"x has 1 negative .* -1 at \(region, sector\) = "
        r"\(510000, '02'\)",
    ):
        build(x=x, Y=Yb)


def test_row_identity_names_worst_region_sector_and_gap():
    Yb = Y.copy()
    Yb[1, 0] += 0.5  # row (110000, '02') now sums to 52.5
    Yb[2, 2] += 2.0  # row (510000, '01') now sums to 65: the worst in relative terms
    with pytest.raises(
        DataError,
        match=r"row identity x = Z·1 \+ Y·1 \+ exports broken beyond rtol=1e-06 in 2 of 4 rows; "
        r"worst at \(region, sector\) = \(510000, '01'\): x = 63, Z·1 \+ Y·1 \+ exports = 65, "
        r"gap = -2",
    ):
        build(Y=Yb)


def test_column_identity_names_worst_region_sector_and_gap():
    v = V.copy()
    v[1] -= 4.0
    with pytest.raises(
        DataError,
        match=r"column identity x = 1'Z \+ imports \+ v broken .* in 1 of 4 rows; worst at "
        r"\(region, sector\) = \(110000, '02'\): x = 52, 1'Z \+ imports \+ v = 48, gap = 4",
    ):
        build(v=v)


def test_non_numeric_and_non_finite_values_are_named():
    t = build()
    Yb = t.Y.astype(object)
    Yb.iloc[1, 2] = "n/a"
    with pytest.raises(
        DataError,
        match=r"Y column \(510000, 'hh'\) is not numeric .* row "
        r"\(110000, '02'\) holds 'n/a'",
    ):
        MRIO(**core_kwargs(t, Y=Yb))
    Zb = Z.copy()
    Zb[0, 3] = np.nan
    with pytest.raises(
        DataError,
        match=r"Z has a non-finite value nan at row \(110000, '01'\), "
        r"column \(510000, '02'\)",
    ):
        build(Z=Zb)
    vb = V.copy()
    vb[2] = np.inf
    with pytest.raises(DataError, match=r"v has a non-finite value inf at \(510000, '01'\)"):
        build(v=vb)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"unit": ""}, "unit must be a non-empty string"),
        ({"year": 17}, "year must be between 1900 and 2100; got 17"),
        ({"year": "2017"}, "year must be an integer"),
        ({"source": ""}, "source must be a non-empty string"),
        ({"estimate": "no"}, "estimate must be True or False"),
        ({"rtol": -1.0}, "rtol must be a finite number >= 0"),
    ],
)
def test_attribute_validation(change, message):
    with pytest.raises(DataError, match=message):
        build(**change)
