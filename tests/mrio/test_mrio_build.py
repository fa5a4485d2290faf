"""Tests of the non-survey regionalisation (FLQ, gravity) and the estimated-table builder."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hinterland.errors import DataError, ValidationError
from hinterland.mrio.build import NationalTable, build_arrays, regional_outputs
from hinterland.mrio.regionalise import flq_regional_coefficients, gravity_shares, simple_lq


def national(rng: np.random.Generator, s: int = 5) -> NationalTable:
    a = rng.uniform(0.0, 0.15, (s, s))
    x = rng.uniform(50.0, 100.0, s)
    industry = (
        ("primary",) + ("secondary",) * ((s - 1) // 2) + ("tertiary",) * (s - 1 - (s - 1) // 2)
    )
    return NationalTable(tuple(f"s{i}" for i in range(s)), a, x, industry, "synthetic test table")


def test_simple_lq_hand_case():
    # region 0 makes only good 0; region 1 makes goods 0 and 1 equally; nation: 3 of good 0, 1 of 1
    x = np.array([[2.0, 0.0], [1.0, 1.0]])
    lq = simple_lq(x)
    np.testing.assert_allclose(lq, [[1.0 / 0.75, 0.0], [0.5 / 0.75, 0.5 / 0.25]])


def test_flq_never_exceeds_national_and_delta_zero_is_cilq():
    rng = np.random.default_rng(3)
    x = rng.uniform(1, 10, (4, 3))
    a = rng.uniform(0, 0.2, (3, 3))
    a_rr = flq_regional_coefficients(a, x, delta=0.3)
    assert (a_rr <= a[None] + 1e-15).all() and (a_rr >= 0).all()
    # delta = 0 removes the size adjustment: lambda = 1, FLQ = CILQ (SLQ on the diagonal)
    lq = simple_lq(x)
    cilq = lq[:, :, None] / lq[:, None, :]
    idx = np.arange(3)
    cilq[:, idx, idx] = lq
    np.testing.assert_allclose(
        flq_regional_coefficients(a, x, delta=0.0), a[None] * np.minimum(1.0, cilq)
    )
    # a larger delta shrinks lambda (regions are < the nation), so coefficients never grow
    assert (flq_regional_coefficients(a, x, delta=0.6) <= a_rr + 1e-15).all()


def test_gravity_two_destinations_hand_case():
    # three regions on a line: 0 --100 km-- 1 --100 km-- 2 ; equal supply of one good
    d = np.array([[0, 100, 200], [100, 0, 100], [200, 100, 0]], dtype=float)
    x = np.ones((3, 1))
    t = gravity_shares(x, d, beta=1.0)
    # destination 0 buys from 1 (1/100) and 2 (1/200): shares 2/3 and 1/3
    np.testing.assert_allclose(t[:, 0, 0], [0.0, 2 / 3, 1 / 3])
    np.testing.assert_allclose(t[:, 1, 0], [0.5, 0.0, 0.5])
    np.testing.assert_allclose(t.sum(axis=0), 1.0)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), delta=st.floats(0.0, 0.9), beta=st.floats(0.0, 3.0))
def test_built_table_keeps_both_identities_and_atlas_totals(seed, delta, beta):
    rng = np.random.default_rng(seed)
    nat = national(rng)
    va = rng.uniform(10, 100, (4, 3))
    d = rng.uniform(100, 2000, (4, 4))
    d = (d + d.T) / 2
    b = build_arrays(nat, va, d, rng.uniform(1e4, 1e5, 4), delta=delta, beta=beta)
    scale = b.x.max()
    np.testing.assert_allclose(b.Z.sum(axis=1) + b.Y.sum(axis=1), b.x, atol=1e-12 * scale)
    np.testing.assert_allclose(b.Z.sum(axis=0) + b.imports + b.v, b.x, atol=1e-12 * scale)
    assert (b.Y >= 0).all() and (b.imports >= 0).all()
    # provincial value added sums to the provincial total of the three industries (the GDP)
    np.testing.assert_allclose(b.v.reshape(4, -1).sum(axis=1), va.sum(axis=1), rtol=1e-12)
    assert (b.Z >= 0).all()
    # every column's domestic coefficients plus its imports add up to the national column sums
    col = (b.Z.sum(axis=0) + b.imports) / b.x
    np.testing.assert_allclose(col, np.tile(nat.A.sum(axis=0), 4), atol=1e-12)


def test_separate_net_imports_hand_case():
    from hinterland.mrio.build import separate_net_imports

    # good 0: made 10, used 6 + 8 = 14 by the two sectors, final demand -4 (4 imported)
    Z = np.array([[6.0, 8.0], [1.0, 2.0]])
    x = np.array([10.0, 20.0])
    y = x - Z.sum(axis=1)
    z2, y2, m = separate_net_imports(Z, y, x)
    np.testing.assert_allclose(z2[0], [6 * 10 / 14, 8 * 10 / 14])
    np.testing.assert_allclose(y2, [0.0, 17.0])
    np.testing.assert_allclose(m, [6 * 4 / 14, 8 * 4 / 14])
    np.testing.assert_allclose(z2.sum(axis=1) + y2, x)
    np.testing.assert_allclose(z2.sum(axis=0) + m, Z.sum(axis=0))


def test_regional_outputs_split_industries_by_national_mix():
    rng = np.random.default_rng(5)
    nat = national(rng)
    va = np.array([[10.0, 40.0, 50.0]])
    x = regional_outputs(nat, va)
    v = (1 - nat.A.sum(axis=0)) * x[0]
    ind = np.array(nat.industry)
    for k, name in enumerate(("primary", "secondary", "tertiary")):
        assert v[ind == name].sum() == pytest.approx(va[0, k], rel=1e-12)


def test_bad_national_tables_and_parameters():
    rng = np.random.default_rng(1)
    nat = national(rng)
    a = nat.A.copy()
    a[1, 2] = np.nan
    with pytest.raises(DataError, match="s1 -> s2 is missing or negative"):
        NationalTable(nat.sectors, a, nat.x, nat.industry, "x")
    a = nat.A.copy()
    a[:, 3] = 0.5
    with pytest.raises(DataError, match="coefficients of s3 sum to"):
        NationalTable(nat.sectors, a, nat.x, nat.industry, "x")
    with pytest.raises(DataError, match="no industry"):
        NationalTable(nat.sectors, nat.A, nat.x, ("primary",) * 4 + ("mining",), "x")
    with pytest.raises(ValidationError, match="FLQ delta must be in"):
        flq_regional_coefficients(nat.A, np.ones((2, 5)), delta=1.0)
    with pytest.raises(ValidationError, match="beta must be >= 0"):
        gravity_shares(np.ones((2, 1)), np.array([[0, 1.0], [1.0, 0]]), beta=-1)
    with pytest.raises(ValidationError, match=r"x\[0, 1\] = -1"):
        simple_lq(np.array([[1.0, -1.0]]))


def test_build_china_on_the_atlas_with_a_synthetic_national_table():
    # The embedded NBS table is incomplete (docs/data/nbs_io.md), so the 31-province build is
    # exercised with a seeded synthetic 17-sector national table; the provincial side is real.
    from hinterland.atlas import IndicatorTable
    from hinterland.mrio.build import SECTORS_17_INDUSTRY, build_china

    rng = np.random.default_rng(2007)
    codes = tuple(SECTORS_17_INDUSTRY)
    nat = NationalTable(
        codes,
        rng.uniform(0, 0.08, (17, 17)),
        rng.uniform(1e4, 1e5, 17),
        tuple(SECTORS_17_INDUSTRY.values()),
        "synthetic",
    )
    m = build_china(2010, national=nat)
    assert m.estimate and m.year == 2010 and len(m.regions) == 31 and len(m.sectors) == 17
    tbl = IndicatorTable.default()
    va3 = sum(tbl.series(f"va_{k}", 2010) for k in ("primary", "secondary", "tertiary"))
    v_by_region = m.v.groupby(level="region").sum()
    np.testing.assert_allclose(v_by_region.loc[va3.index].to_numpy(), va3.to_numpy(), rtol=1e-9)
    # the three industries add up to the published GDP within rounding (0.5 亿元 per province)
    # (GDP of the value added's edition: first published, before the 2019 revision)
    gdp = IndicatorTable.default("pre2019").series("gdp", 2010)
    assert (v_by_region.loc[va3.index] - gdp).abs().max() < 0.5


def test_build_china_refuses_an_incomplete_year_and_the_incomplete_embedded_table():
    from hinterland.mrio.build import build_china, embedded_national

    with pytest.raises(DataError, match="national table is incomplete"):
        embedded_national()
    rng = np.random.default_rng(1)
    nat = NationalTable(
        tuple(f"s{i}" for i in range(3)),
        rng.uniform(0, 0.1, (3, 3)),
        np.ones(3),
        ("primary", "secondary", "tertiary"),
        "synthetic",
    )
    with pytest.raises(DataError, match="missing for province"):
        build_china(2015, national=nat)  # value added of 2 provinces only


# --- national flow tables ---------------------------------------------------------------------

FLOWS = """row,A,B,TIU,EX
A,10,30,40,5
B,20,10,30,1
TII,30,40,,
VA001,70,60,,
GO,100,100,,
INDUSTRY,primary,secondary,,
"""


def test_national_from_flows_hand_case(tmp_path):
    """A = Z / GO by column: [[0.1, 0.3], [0.2, 0.1]]; x = GO; extra rows and columns ignored."""
    from hinterland.mrio.build import national_from_flows

    path = tmp_path / "flows.csv"
    path.write_text(FLOWS, encoding="utf-8")
    nat = national_from_flows(path)
    assert nat.sectors == ("A", "B")
    np.testing.assert_allclose(nat.A, [[0.1, 0.3], [0.2, 0.1]])
    np.testing.assert_allclose(nat.x, [100.0, 100.0])
    assert nat.industry == ("primary", "secondary")


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda t: t.replace("GO,100,100", "XX,100,100"), "no total-input row"),
        (lambda t: t.replace("A,10,30,40,5", "A,10,abc,40,5"), "row 'A', column 'B': not a number"),
        (lambda t: t.replace("B,20,10,30,1", "B,-20,10,30,1"), "negative flow B -> A"),
        (lambda t: t.replace("GO,100,100", "GO,100,0"), "total input of B must be > 0"),
        (lambda t: t.replace("INDUSTRY,primary,secondary,,\n", ""), "no INDUSTRY row"),
        (lambda t: t.replace("row,", "code,"), "missing column 'row'"),
    ],
)
def test_national_from_flows_names_the_fault(tmp_path, edit, match):
    from hinterland.mrio.build import national_from_flows

    path = tmp_path / "flows.csv"
    path.write_text(edit(FLOWS), encoding="utf-8")
    with pytest.raises(DataError, match=match):
        national_from_flows(path)


def test_flows_and_coefficients_build_the_same_table(tmp_path):
    """The same national table given as flows or as coefficients + outputs gives one MRIO."""
    from hinterland.mrio.build import (
        SECTORS_17_INDUSTRY,
        build_china,
        national_from_csv,
        national_from_flows,
    )

    rng = np.random.default_rng(17)
    codes = list(SECTORS_17_INDUSTRY)
    a = rng.uniform(0, 0.05, (17, 17))
    x = rng.uniform(1e4, 1e5, 17)
    z = a * x[None, :]
    lines = ["row," + ",".join(codes)]
    lines += [f"{c}," + ",".join(repr(float(v)) for v in z[i]) for i, c in enumerate(codes)]
    lines.append("TI," + ",".join(repr(float(v)) for v in x))
    (tmp_path / "f.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    coef = ["row," + ",".join(codes)]
    coef += [f"{c}," + ",".join(repr(float(v)) for v in a[i]) for i, c in enumerate(codes)]
    (tmp_path / "a.csv").write_text("\n".join(coef) + "\n", encoding="utf-8")
    outs = ["code,output"] + [f"{c},{float(v)!r}" for c, v in zip(codes, x, strict=True)]
    (tmp_path / "x.csv").write_text("\n".join(outs) + "\n", encoding="utf-8")
    m1 = build_china(2010, national=national_from_flows(tmp_path / "f.csv"))
    m2 = build_china(2010, national=national_from_csv(tmp_path / "a.csv", tmp_path / "x.csv"))
    np.testing.assert_allclose(m1.x.to_numpy(), m2.x.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(m1.A().to_numpy(), m2.A().to_numpy(), rtol=1e-10, atol=1e-15)
