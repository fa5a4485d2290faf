"""The validated-row reader: each kind of fault names the file, the line, the column, the value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hinterland.errors import DataError, ValidationError
from hinterland.rows import Column, Layout, check_rows, read_rows

LAYOUT = Layout(
    (
        Column("id", empty=False),
        Column("adcode", "province"),
        Column("kind", "choice", choices=("hub", "port")),
        Column("share", "number", low=0.0, high=1.0),
        Column("price", "number", required=False, above=0.0),
        Column("western", "yesno"),
    ),
    key=("id",),
    extra=False,
)
GOOD = "id,adcode,kind,share,price,western\na,510000,hub,0.5,1.2,yes\nb,,port,,,no\n"


def write(tmp_path, text: str):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_reads_typed(tmp_path):
    rows = read_rows(write(tmp_path, "# a comment line\n" + GOOD), LAYOUT)
    f = rows.frame
    assert f["id"].tolist() == ["a", "b"]
    assert f["adcode"].dtype == "Int64" and f["adcode"].iloc[0] == 510000
    assert pd.isna(f["adcode"].iloc[1])
    assert f["share"].iloc[0] == 0.5 and np.isnan(f["share"].iloc[1])
    assert f["western"].tolist() == [True, False]
    assert rows.at(0) == f"{tmp_path / 't.csv'} line 2"


BAD = [
    ("missing column", GOOD.replace("kind,", "sort,", 1), r"missing column\(s\) \['kind'\]"),
    ("unknown column", GOOD.replace("price", "water", 1), r"unknown column\(s\) \['water'\]"),
    ("empty required cell", GOOD.replace("\nb,", "\n,", 1), r"line 3: id is empty"),
    ("not a number", GOOD.replace("0.5", "half", 1), r"line 2: share = 'half' is not a number"),
    ("nan", GOOD.replace("0.5", "nan", 1), r"line 2: share = 'nan' must be a finite number in"),
    ("inf", GOOD.replace("1.2", "inf", 1), r"line 2: price = 'inf' must be a finite number > 0"),
    ("above high", GOOD.replace("0.5", "1.5", 1), r"line 2: share = '1.5' is outside \[0, 1\]"),
    ("not above", GOOD.replace("1.2", "0", 1), r"line 2: price = '0' must be a finite number > 0"),
    ("choice", GOOD.replace("port", "pier", 1), r"line 3: kind = 'pier' is not one of hub, port"),
    ("yes/no", GOOD.replace("no\n", "maybe\n", 1), r"line 3: western = 'maybe' must be yes or no"),
    ("adcode form", GOOD.replace("510000", "5100", 1), r"line 2: adcode = '5100' is not a six-"),
    ("not a province", GOOD.replace("510000", "999999", 1), r"adcode = '999999' is not a provi"),
    ("duplicate key", GOOD + "a,,hub,,,no\n", r"line 4: duplicate id 'a' \(first at .* line 2\)"),
]


@pytest.mark.parametrize(("case", "text", "message"), BAD, ids=[c[0] for c in BAD])
def test_each_fault_names_file_line_column_and_value(tmp_path, case, text, message):
    with pytest.raises(DataError, match=message) as exc:
        read_rows(write(tmp_path, text), LAYOUT)
    assert str(tmp_path / "t.csv") in str(exc.value)


def test_a_frame_names_rows_by_position_and_a_key_of_two_columns():
    layout = Layout((Column("node"), Column("k"), Column("v", "number")), key=("node", "k"))
    frame = pd.DataFrame({"node": ["x", "y", "x"], "k": ["a", "a", "a"], "v": [1.0, 2.0, 3.0]})
    with pytest.raises(DataError, match=r"edges row 2: duplicate node/k \('x', 'a'\) \(first at "
                       r"edges row 0\)"):  # fmt: skip
        check_rows(frame, layout, name="edges")
    frame = pd.DataFrame({"node": ["x"], "k": ["a"], "v": ["lots"]})
    with pytest.raises(DataError, match=r"edges row 0: v = 'lots' is not a number"):
        check_rows(frame, layout, name="edges")


def test_one_of_the_optional_columns_is_needed():
    layout = Layout((Column("a"), Column("b", required=False), Column("c", required=False)),
                    one_of=("b", "c"))  # fmt: skip
    with pytest.raises(DataError, match=r"f: needs one or more of the columns b, c; found \['a'\]"):
        check_rows(pd.DataFrame({"a": ["1"]}), layout, name="f")
    rows = check_rows(pd.DataFrame({"a": ["1"], "c": ["2"]}), layout, name="f")
    assert rows.frame.shape == (1, 2)


def test_an_empty_number_can_be_refused_with_its_bound():
    layout = Layout((Column("demand", "number", low=0.0, empty=False),))
    with pytest.raises(DataError, match=r"d row 0: demand is empty; give a number >= 0"):
        check_rows(pd.DataFrame({"demand": [np.nan]}), layout, name="d")


def test_a_layout_that_makes_no_sense_is_refused():
    with pytest.raises(ValidationError, match="kind 'date'"):
        Column("x", "date")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="choices go with kind 'choice'"):
        Column("x", "choice")


def test_integers_are_whole_numbers():
    layout = Layout((Column("year", "integer", empty=False),))
    rows = check_rows(pd.DataFrame({"year": ["2020", "2,021"]}), layout, name="y", csv=True)
    assert rows.frame["year"].tolist() == [2020, 2021] and rows.frame["year"].dtype == "Int64"
    with pytest.raises(DataError, match=r"y line 3: year = '2020.5' is not a whole number"):
        check_rows(pd.DataFrame({"year": ["2020", "2020.5"]}), layout, name="y", csv=True)


def test_a_provincial_input_names_the_repeated_row(tmp_path):
    from hinterland.mrio.provincial import FILES, _read

    text = "adcode,year,indicator,value\n110000,2020,gdp,1.5\n110000,2020,gdp,1.6\n"
    (tmp_path / FILES["va"]).write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"line 3: duplicate adcode/year/indicator \('110000', "):
        _read(tmp_path, "va")
    (tmp_path / FILES["va"]).write_text(text.replace("1.6", "lots"), encoding="utf-8")
    with pytest.raises(DataError, match=r"line 3: value = 'lots' is not a number"):
        _read(tmp_path, "va")
