"""Loaders: CSV folder, pymrio (both directions, and pymrio's own save_all folders), CEADs."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pymrio
import pytest
from scipy import sparse

from hinterland.errors import DataError, ValidationError
from hinterland.mrio.load import (
    EXPORTS,
    IMPORTS,
    VALUE_ADDED,
    from_ceads,
    from_pymrio,
    mrio_from_file,
    mrio_to_file,
    read_csv_dir,
    to_pymrio,
    write_csv_dir,
)
from hinterland.mrio.table import MRIO

REGIONS = [110000, 510000]
SECTORS = ["01", "02"]


def small(**kw) -> MRIO:
    """2 provinces x 2 sectors with exports, imports and a fall in inventories."""
    Z = np.array(
        [[10.0, 5.0, 2.0, 0.0], [4.0, 20.0, 0.0, 3.0], [1.0, 0.0, 8.0, 6.0], [0.0, 2.0, 5.0, 12.0]]
    )
    Y = np.array(
        [
            [30.0, -2.0, 5.0, 0.0],
            [20.0, 1.0, 0.0, 4.0],
            [3.0, 0.0, 40.0, 2.0],
            [0.0, 0.0, 25.0, -1.0],
        ]
    )
    e = np.array([7.0, 0.0, 3.0, 1.0])
    m = np.array([2.0, 3.0, 0.0, 5.0])
    x = Z.sum(1) + Y.sum(1) + e
    opts = dict(
        regions=REGIONS,
        sectors=SECTORS,
        categories=["居民消费", "存货增加"],
        exports=e,
        imports=m,
        unit="10k yuan",
        year=2017,
        source="test table",
        estimate=True,
        meta={"method": "hand-made", "assumptions": ["none"]},
    )
    opts.update(kw)
    return MRIO.from_arrays(Z, Y, x, x - Z.sum(0) - m, **opts)


def assert_same(a: MRIO, b: MRIO, rtol: float = 0.0) -> None:
    """Same labels (with types), numbers and attributes."""
    assert list(a.index) == list(b.index)
    assert [type(r) for r in a.regions] == [type(r) for r in b.regions]
    assert [type(s) for s in a.sectors] == [type(s) for s in b.sectors]
    assert list(a.Y.columns) == list(b.Y.columns)
    for got, want in zip(a.to_arrays(), b.to_arrays(), strict=True):
        got = got.toarray() if sparse.issparse(got) else got
        want = want.toarray() if sparse.issparse(want) else want
        np.testing.assert_allclose(got, want, rtol=rtol, atol=0)
    np.testing.assert_allclose(a.exports, b.exports, rtol=rtol, atol=0)
    np.testing.assert_allclose(a.imports, b.imports, rtol=rtol, atol=0)
    assert (a.unit, a.year, a.source, a.estimate) == (b.unit, b.year, b.source, b.estimate)
    assert a.meta == b.meta


# --- CSV folder ---------------------------------------------------------------------------


def test_csv_round_trip_is_exact(tmp_path):
    t = small()
    write_csv_dir(t, tmp_path / "t")
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == [
        "Y.csv",
        "Z.csv",
        "exports.csv",
        "imports.csv",
        "meta.yaml",
        "v.csv",
        "x.csv",
    ]
    lines = (tmp_path / "t" / "Z.csv").read_text(encoding="utf-8").splitlines()
    assert lines[:4] == [
        "region,,110000,110000,510000,510000",
        "sector,,01,02,01,02",
        "region,sector,,,,",
        "110000,01,10.0,5.0,2.0,0.0",
    ]
    assert (tmp_path / "t" / "x.csv").read_text().splitlines()[:2] == [
        "region,sector,x",
        "110000,01,57.0",
    ]
    back = read_csv_dir(tmp_path / "t")
    assert_same(back, t)
    assert back.regions == [110000, 510000] and back.sectors == ["01", "02"]


def test_csv_round_trip_of_a_sparse_table_uses_the_long_layout(tmp_path):
    t = small(sparse=True)
    write_csv_dir(t, tmp_path / "s")
    long = pd.read_csv(tmp_path / "s" / "Z_long.csv", dtype=str)
    assert list(long.columns) == ["region", "sector", "to_region", "to_sector", "value"]
    assert len(long) == 12  # the non-zero flows
    assert long.iloc[0].tolist() == ["110000", "01", "110000", "01", "10.0"]
    back = read_csv_dir(tmp_path / "s")
    assert back.is_sparse
    assert_same(back, t)


def test_csv_without_labels_key_reads_adcodes_as_int_and_codes_as_text(tmp_path):
    folder = write_csv_dir(small(), tmp_path / "t")
    meta = (folder / "meta.yaml").read_text(encoding="utf-8")
    start = meta.index("labels:")
    end = meta.index("meta:")
    (folder / "meta.yaml").write_text(meta[:start] + meta[end:], encoding="utf-8")
    (folder / "exports.csv").unlink()
    (folder / "imports.csv").unlink()
    # without exports and imports the identities break: the folder is named in the message
    with pytest.raises(DataError, match=r"t: row identity .* \(110000, '01'\)"):
        read_csv_dir(folder)


def test_csv_non_numeric_cell_names_file_line_and_column(tmp_path):
    folder = write_csv_dir(small(), tmp_path / "t")
    lines = (folder / "Y.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[5].split(",")  # line 6: row (510000, 01)
    cells[3] = "n/a"
    lines[5] = ",".join(cells)
    (folder / "Y.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        DataError,
        match=r"Y\.csv line 6, column 4 \(row \(510000, '01'\), "
        r"column \(110000, '存货增加'\)\): expected a number, "
        r"found 'n/a'",
    ):
        read_csv_dir(folder)


def test_csv_missing_pieces_are_named(tmp_path):
    folder = write_csv_dir(small(), tmp_path / "t")
    (folder / "v.csv").unlink()
    with pytest.raises(DataError, match=r"missing v\.csv"):
        read_csv_dir(folder)
    folder = write_csv_dir(small(), tmp_path / "u")
    (folder / "meta.yaml").write_text("unit: 10k yuan\nyear: 2017\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"meta\.yaml: missing key.*source, estimate"):
        read_csv_dir(folder)
    folder = write_csv_dir(small(), tmp_path / "w")
    text = (folder / "x.csv").read_text().replace("110000,02,", "110000,03,")
    (folder / "x.csv").write_text(text)
    with pytest.raises(
        DataError,
        match=r"x labels do not match Z rows: 1 not in Z rows: "
        r"\(110000, '03'\)",
    ):
        read_csv_dir(folder)


# --- pymrio -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pymrio_test_system():
    io = pymrio.load_test()
    io.calc_all()
    return io


def test_pymrio_test_system_round_trip_and_A(pymrio_test_system):
    io = pymrio_test_system
    # the test system carries no year; value added is the balancing item (see from_pymrio)
    t = from_pymrio(io, year=2011)
    assert t.regions == [f"reg{i}" for i in range(1, 7)] and len(t.sectors) == 8
    assert t.unit == "Mill USD" and t.year == 2011 and not t.estimate
    assert len(t.categories) == 7
    np.testing.assert_allclose(t.A().to_numpy(), io.A.to_numpy(), rtol=1e-12, atol=0)
    np.testing.assert_allclose(t.v, io.x["indout"] - io.Z.sum(axis=0), rtol=1e-12)
    back = to_pymrio(t)
    for name in ("Z", "Y", "x"):
        got, want = getattr(back, name), getattr(io, name)
        assert got.index.equals(want.index) and got.columns.equals(want.columns), name
        np.testing.assert_allclose(got.to_numpy(), want.to_numpy(), rtol=1e-9, atol=0)
    back.calc_all()  # pymrio itself accepts what we wrote
    np.testing.assert_allclose(back.A.to_numpy(), io.A.to_numpy(), rtol=1e-12, atol=0)


def test_pymrio_value_added_row_that_does_not_close_the_columns(pymrio_test_system):
    # the bundled system's 'Value Added' row is not the full balancing item of the columns
    with pytest.raises(DataError, match=r"column identity .* worst at \(region, sector\) = "):
        from_pymrio(pymrio_test_system, year=2011, value_added=VALUE_ADDED)
    with pytest.raises(DataError, match=r"no row 'GVA' for value added; rows: \['Value Added'\]"):
        from_pymrio(pymrio_test_system, year=2011, value_added="GVA")
    with pytest.raises(DataError, match="does not say its year; pass year="):
        from_pymrio(pymrio_test_system)


def test_from_pymrio_computes_x_on_a_copy():
    io = pymrio.load_test()  # Z and Y only
    assert io.x is None
    t = from_pymrio(io, year=2011)
    assert io.x is None  # the caller's system is unchanged
    np.testing.assert_allclose(t.x, io.Z.sum(axis=1) + io.Y.sum(axis=1), rtol=1e-12)


def test_ours_to_pymrio_and_back_is_exact():
    t = small()
    io = to_pymrio(t)
    assert EXPORTS in io.get_Y_categories()
    assert list(io.factor_inputs.F.index) == [VALUE_ADDED, IMPORTS]
    # exports sit in the column block of the exporting region
    assert io.Y.loc[(510000, "01"), (510000, EXPORTS)] == 3.0
    assert io.Y.loc[(510000, "01"), (110000, EXPORTS)] == 0.0
    io.calc_all()
    np.testing.assert_allclose(io.x["indout"], t.x, rtol=1e-15)
    assert_same(from_pymrio(io), t)


def test_pymrio_category_mapping_both_ways(pymrio_test_system):
    to_exio = {
        "居民消费": "Final consumption expenditure by households",
        "存货增加": "Changes in inventories",
    }
    t = small()
    io = to_pymrio(t, categories=to_exio)
    assert io.get_Y_categories().tolist() == [*to_exio.values(), EXPORTS]
    back = from_pymrio(io, categories={v: k for k, v in to_exio.items()})
    assert_same(back, t)
    # several categories into one are summed: final demand per row is unchanged
    merge = {c: "final demand" for c in pymrio_test_system.get_Y_categories()}
    u = from_pymrio(pymrio_test_system, year=2011, categories=merge)
    assert u.categories == ["final demand"] and u.Y.shape == (48, 6)
    np.testing.assert_allclose(u.Y.sum(axis=1), pymrio_test_system.Y.sum(axis=1), rtol=1e-13)
    with pytest.raises(ValidationError, match=r"names categories not in Y: \['GFCF'\]"):
        to_pymrio(t, categories={"GFCF": "Gross fixed capital formation"})


def test_pymrio_save_all_folder_round_trip(tmp_path):
    t = small()
    to_pymrio(t).save_all(tmp_path / "io")
    back = mrio_from_file(tmp_path / "io", format="pymrio")
    # pymrio writes 12 significant digits; label types ('01' read back as 1) are restored
    assert_same(back, t, rtol=1e-11)
    assert mrio_from_file(tmp_path / "io").year == 2017  # format guessed from the folder


def test_pymrio_bundled_system_via_save_all(tmp_path, pymrio_test_system):
    pymrio_test_system.save_all(tmp_path / "test_mrio")
    t = mrio_from_file(tmp_path / "test_mrio", format="pymrio", year=2011)
    np.testing.assert_allclose(t.x, pymrio_test_system.x["indout"], rtol=1e-11)


def test_mrio_to_file_and_dispatcher(tmp_path):
    t = small()
    mrio_to_file(t, tmp_path / "c", format="csv")
    assert_same(mrio_from_file(tmp_path / "c"), t)
    with pytest.raises(ValidationError, match="unknown format 'json'"):
        mrio_from_file(tmp_path / "c", format="json")
    with pytest.raises(DataError, match="no such file or folder"):
        mrio_from_file(tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValidationError, match="cannot tell the format"):
        mrio_from_file(tmp_path / "empty")


# --- CEADs --------------------------------------------------------------------------------

# Three provinces (spelled as in the CEADs sheets: Chinese, "Inner Mongolia", the English
# sheet's "Shannxi") x 4 sectors x 5 final-use categories.
ROW_NAMES = ["北京", "Inner Mongolia", "Shannxi"]
HEAD_NAMES = ["Beijing", "内蒙古", "陕西"]  # the header may spell them otherwise
ADCODES = [110000, 150000, 610000]
CODES = ["01", "02", "03", "04"]
SECTOR_NAMES = ["农林牧渔产品和服务", "煤炭采选产品", "食品和烟草", "建筑"]
CATS = ["农村居民消费", "城镇居民消费", "政府消费", "固定资本形成总额", "存货增加"]


def ceads_numbers(seed: int = 3):
    """Flows on a grid of 1/4: exact in binary and in openpyxl's 16-digit text, sums too."""
    rng = np.random.default_rng(seed)
    n, P, F = 12, 3, 5
    Z = rng.integers(0, 200, (n, n)) / 4
    Y = rng.integers(0, 800, (n, P * F)) / 4
    Y[:, 4::F] -= 20.0  # inventories, some negative
    e = rng.integers(0, 320, n) / 4
    m = rng.integers(0, 160, n) / 4
    x = Z.sum(1) + Y.sum(1) + e
    v = x - Z.sum(0) - m
    return Z, Y, e, x, m, v


def write_ceads(
    path,
    *,
    sheet="Table_2017",
    title="2017年中国31省区市区域间投入产出表",
    drop_title=False,
    shift_block=False,
    every_column=False,
    final_use_label=None,
    bad_cell=None,
    total_input_error=0.0,
):
    """Write a workbook in the CEADs layout (see from_ceads) with optional defects."""
    Z, Y, e, x, m, v = ceads_numbers()
    n, S, F = 12, 4, 5
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    rows = [[title], [None] * 3, [None] * 3, [None] * 3]
    for p in range(3):
        block = [HEAD_NAMES[p]] + [None] * (S - 1)
        if shift_block and p == 1:
            block = [None, *block[:-1]]  # Beijing's block now spans 5 columns
        rows[1] += block
        rows[2] += SECTOR_NAMES
        rows[3] += CODES
    for p in range(3):
        rows[1] += [final_use_label or HEAD_NAMES[p]] + [None] * (F - 1)
        rows[2] += CATS
        rows[3] += [None] * F
    rows[2] += ["出口", "总产出"]
    for k in range(n):
        p, s = divmod(k, S)
        label = ROW_NAMES[p] if s == 0 else None
        rows.append([label, SECTOR_NAMES[s], CODES[s], *Z[k], *Y[k], e[k], x[k]])
    ti = x.copy()
    ti[5] += total_input_error
    for label, vals in (("进口", m), ("增加值", v), ("总投入", ti)):
        rows.append([label, None, None, *vals])
    if every_column:  # the province written over every column instead of once per block
        for j in range(4, len(rows[1])):
            rows[1][j] = rows[1][j] or rows[1][j - 1]
    if drop_title:
        rows = rows[1:]
    for r in rows:
        ws.append(r)
    if bad_cell:
        ref, value = bad_cell
        ws[ref] = value
    wb.save(path)
    return path


def test_ceads_reader_reads_every_number(tmp_path):
    path = write_ceads(tmp_path / "ceads.xlsx")
    t = from_ceads(path)
    Z, Y, e, x, m, v = ceads_numbers()
    assert t.regions == ADCODES  # Shannxi -> 610000, Inner Mongolia -> 150000
    assert t.sectors == CODES and t.categories == CATS
    assert (t.year, t.unit, t.estimate) == (2017, "10k yuan", False)
    assert t.source == "CEADs China MRIO 2017 (ceads.xlsx, sheet Table_2017)"
    np.testing.assert_array_equal(t.Z.to_numpy(), Z)
    np.testing.assert_array_equal(t.Y.to_numpy(), Y)
    np.testing.assert_array_equal(t.exports.to_numpy(), e)
    np.testing.assert_array_equal(t.x.to_numpy(), x)
    np.testing.assert_array_equal(t.imports.to_numpy(), m)
    np.testing.assert_array_equal(t.v.to_numpy(), v)
    assert t.Z.loc[(150000, "03"), (610000, "01")] == Z[6, 8]
    assert t.Y.loc[(610000, "04"), (150000, "存货增加")] == Y[11, 9]
    assert t.meta["sector_names"]["02"] == "煤炭采选产品"
    # the identities, recomputed here
    np.testing.assert_allclose(Z.sum(1) + Y.sum(1) + e, t.x, rtol=1e-12)
    np.testing.assert_allclose(Z.sum(0) + m + t.v.to_numpy(), t.x, rtol=1e-12)
    assert mrio_from_file(path).x.sum() == pytest.approx(x.sum(), rel=1e-15)


def test_ceads_year_from_title_and_sheet_choice(tmp_path):
    path = write_ceads(tmp_path / "c.xlsx", sheet="Table", title="2015年中国省级多区域投入产出表")
    assert from_ceads(path).year == 2015
    assert from_ceads(path, year=2015).year == 2015  # CEADS_SHEETS[2015] == "Table"
    with pytest.raises(DataError, match=r"no sheet 'Table_2018'; sheets: \['Table'\]"):
        from_ceads(path, sheet="Table_2018")
    path = write_ceads(tmp_path / "d.xlsx", sheet="Table", title="provincial MRIO")
    with pytest.raises(DataError, match="sheet 'Table', row 1: cannot tell the year"):
        from_ceads(path)


def test_ceads_missing_header_row(tmp_path):
    path = write_ceads(tmp_path / "c.xlsx", drop_title=True)
    with pytest.raises(
        DataError,
        match=r"c\.xlsx, sheet 'Table_2017', cell D2: expected the "
        r"first province name, found '农林牧渔产品和服务'; is a "
        r"header row missing\?",
    ):
        from_ceads(path)


def test_ceads_non_numeric_cell(tmp_path):
    # G9: Excel row 9 is Inner Mongolia sector 01; column G is Beijing sector 04
    path = write_ceads(tmp_path / "c.xlsx", bad_cell=("G9", "n/a"))
    with pytest.raises(
        DataError,
        match=r"sheet 'Table_2017', cell G9: expected a number, "
        r"found 'n/a' \(row 150000/01, column 110000/04\)",
    ):
        from_ceads(path)
    path = write_ceads(tmp_path / "d.xlsx", bad_cell=("P5", None))
    with pytest.raises(
        DataError,
        match=r"cell P5: expected a number, found None \(row "
        r"110000/01, column final use 110000/农村居民消费\)",
    ):
        from_ceads(path)


def test_ceads_blank_as_zero(tmp_path):
    Z = ceads_numbers()[0]
    path = write_ceads(tmp_path / "c.xlsx", bad_cell=("D5", None))
    with pytest.raises(DataError, match=r"cell D5: expected a number, found None"):
        from_ceads(path)
    # read as 0, the row and column identities of (110000, '01') no longer hold
    with pytest.raises(DataError, match=rf"row identity .* gap = {Z[0, 0]:g}"):
        from_ceads(path, blank_as_zero=True)


def test_ceads_wrong_block_width(tmp_path):
    path = write_ceads(tmp_path / "c.xlsx", shift_block=True)
    with pytest.raises(
        DataError,
        match=r"cell D2: the column block of 'Beijing' spans 5 columns; "
        r"expected 4 \(one per sector, as in rows 5-8\)",
    ):
        from_ceads(path)


def test_ceads_unknown_province_and_total_input(tmp_path):
    path = write_ceads(tmp_path / "c.xlsx", bad_cell=("A13", "Atlantis"))
    with pytest.raises(DataError, match=r"cell A13: 'Atlantis' is not a province name"):
        from_ceads(path)
    path = write_ceads(tmp_path / "d.xlsx", total_input_error=1.0)
    with pytest.raises(
        DataError,
        match=r"cell I19: total input .* differs from total output .* "
        r"in cell AF10 \(province 150000, sector 02\)",
    ):
        from_ceads(path)


def test_ceads_sector_codes_out_of_order(tmp_path):
    path = write_ceads(tmp_path / "c.xlsx", bad_cell=("C10", "03"))
    with pytest.raises(
        DataError,
        match=r"rows 9-12 \(province 150000\) have sector codes "
        r"\['01', '03', '03', '04'\]; expected \['01', '02', "
        r"'03', '04'\]",
    ):
        from_ceads(path)
    path = write_ceads(tmp_path / "d.xlsx", bad_cell=("K4", "09"))
    with pytest.raises(
        DataError,
        match=r"cell K4: expected sector code '04' in the block of "
        r"'内蒙古', found '09'",
    ):
        from_ceads(path)


@pytest.mark.parametrize("variant", [{"every_column": True}, {"final_use_label": "最终使用"}])
def test_ceads_header_variants_read_the_same_table(tmp_path, variant):
    plain = from_ceads(write_ceads(tmp_path / "a.xlsx"))
    other = from_ceads(write_ceads(tmp_path / "b.xlsx", **variant))
    np.testing.assert_array_equal(other.Z.to_numpy(), plain.Z.to_numpy())
    np.testing.assert_array_equal(other.Y.to_numpy(), plain.Y.to_numpy())
    assert other.regions == plain.regions and other.categories == plain.categories


def test_ceads_final_use_block_of_another_province(tmp_path):
    path = write_ceads(tmp_path / "c.xlsx", bad_cell=("U2", "Beijing"))
    with pytest.raises(
        DataError,
        match=r"cell U2: final-use block 2 is 'Beijing'; expected "
        r"province 150000",
    ):
        from_ceads(path)
