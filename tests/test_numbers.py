"""Number formats shared by the report and the CLI: one format per column, no negative zero."""

from __future__ import annotations

import pandas as pd

from hinterland._numbers import column_format, formatted, year_ranges
from hinterland.cli._output import Fmt, emit_dict, emit_frame


def test_a_value_that_rounds_to_zero_loses_its_minus():
    assert formatted(-0.01986, "{:,.1f}") == "0.0"
    assert formatted(-0.4, "{:,.0f}") == "0"
    assert formatted(-0.06, "{:,.1f}") == "-0.1"
    assert formatted(-1e-5, "{:.3g}") == "-1e-05"
    assert formatted(-3405.1, "{:,.0f}") == "-3,405"


def test_year_runs():
    assert year_ranges("2000, 2001, 2002, 2005", "en") == "2000-2002, 2005"
    assert year_ranges("2019,2020,2023", "zh") == "2019—2020、2023"


def test_terminal_tables_format_each_column_once(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    frame = pd.DataFrame(
        {"mean": [3405.1, 57.69, 2.07], "p05": [399.67, 0.9234, -0.01986], "year": [2020.0] * 3},
        index=pd.Index(["广东", "河北", "青海"], name="province"),
    )
    assert column_format(frame["mean"]) == "{:,.0f}" and column_format(frame["p05"]) == "{:,.1f}"
    emit_frame(frame, Fmt.table)
    rows = {line.split("│")[1].strip(): line.split("│")[2:5] for line in
            capsys.readouterr().out.splitlines() if line.startswith("│")}  # fmt: skip
    assert [c.strip() for c in rows["广东"]] == ["3,405", "399.7", "2020"]
    assert [c.strip() for c in rows["青海"]] == ["2", "0.0", "2020"]
    # a key/value table holds different measures: each value its own format
    emit_dict({"national_loss_mean": 15636.88, "share_not_recovered": 0.5312}, Fmt.table)
    out = capsys.readouterr().out
    assert "15,636.88" in out and "0.5312" in out


def test_a_result_reads_shares_as_percentages_and_a_nested_measure_in_one_format(capsys):
    emit_dict(
        {"national_output_loss": 7523.26, "loss_outside_shocked_share": 0.03216,
         "loss_by_region": {"110000": 0.9223, "420000": 7204.5}},
        Fmt.table,
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "3.2%" in out and "0.03216" not in out and "7,523.26" in out
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in
            out.splitlines() if line.startswith("│")}  # fmt: skip
    assert rows["北京 110000"] == "1" and rows["湖北 420000"] == "7,204"
