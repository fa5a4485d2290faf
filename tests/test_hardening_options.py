"""Option bounds: every count, horizon and number option is checked before any work.

Each case is one line ``error:`` naming the option, exit code 2, no traceback; a value at the
edge of its range passes the check (it may still fail later for its own reason, never with a
usage error).
"""

from __future__ import annotations

import sys

import pytest

from hinterland import cli
from hinterland.cli import _bounds as B

CASES = [
    (["shock", "--region", "510000", "--days", "-1"], "--days"),
    (["shock", "--region", "510000", "--days", "0"], "--days"),
    (["shock", "--region", "510000", "--days", "100000000"], "--days"),
    (["shock", "--region", "510000", "--severity", "nan"], "--severity"),
    (["shock", "--region", "510000", "--severity", "inf"], "--severity"),
    (["shock", "--region", "510000", "--severity", "1.5"], "severity must be in"),
    (["mrio", "multipliers", "--top", "-5"], "--top"),
    (["mrio", "multipliers", "--top", "10000000"], "--top"),
    (["mrio", "linkages", "--top", "-1"], "--top"),
    (["mrio", "build", "--beta", "nan"], "--beta"),
    (["mrio", "build", "--delta", "inf"], "--delta"),
    (["corridors", "close", "--edge", "x", "--days", "-3"], "--days"),
    (["corridors", "close", "--edge", "x", "--cut", "nan"], "--cut"),
    (["corridors", "criticality", "--top", "-1"], "--top"),
    (["corridors", "criticality", "--k", "3"], "--k must be 1 or 2"),
    (["layout", "optimize", "--budget", "-1"], "--budget"),
    (["layout", "optimize", "--budget", "inf"], "--budget"),
    (["layout", "optimize", "--budget", "1e300"], "--budget"),
    (["layout", "optimize", "--alpha", "nan"], "--alpha"),
    (["layout", "optimize", "--gap", "-0.1"], "--gap"),
    (["layout", "optimize", "--cost-weight", "nan"], "--cost-weight"),
    (["layout", "optimize", "--energy-spare", "inf"], "--energy-spare"),
    (["layout", "optimize", "--min-hinterland-share", "nan"], "--min-hinterland-share"),
    (["layout", "optimize", "--labour-share", "2"], "--labour-share"),
    (["layout", "optimize", "--land-share", "-1"], "--land-share"),
    (["layout", "optimize", "--hinterland", ""], "--hinterland"),
    (["layout", "optimize", "--hinterland", "  "], "--hinterland"),
    (["layout", "optimize", "--scenarios", ""], "--scenarios"),
    (["layout", "frontier", "--budgets", ",".join(["1"] * 51)], "--budgets"),
    (["layout", "frontier", "--budgets", "1,nan"], "--budgets"),
    (["layout", "frontier", "--budgets", "1,-5"], "--budgets"),
    (["layout", "frontier", "--budgets", ","], "--budgets"),
    (["layout", "pareto", "--n", "0"], "--n"),
    (["layout", "pareto", "--n", "100000"], "--n"),
    (["layout", "pareto", "--budget", "-1"], "--budget"),
    (["layout", "hubs", "--p", "0"], "--p"),
    (["layout", "hubs", "--p", "-2"], "--p"),
    (["layout", "hubs", "--p", "1000"], "--p"),
    (["layout", "hubs", "--alpha-price", "nan"], "--alpha-price"),
    (["layout", "hubs", "--year", "99999"], "--year"),
    (["disparity", "--by", ""], "--by"),
    (["disparity", "--year", "-1"], "--year"),
    (["share", "--group", ""], "--group"),
    (["share", "--group", "coastal", "--of", " "], "--of"),
    (["convergence", "--from", "0"], "--from"),
    (["atlas", "indicators", "--year", "100000"], "--year"),
    (["assess", "--budget", "nan"], "--budget"),
    (["assess", "--alpha", "2"], "--alpha"),
    (["assess", "--scenarios", ""], "--scenarios"),
    (["assess", "--year", "1"], "--year"),
    (["shift-share", "--from", "1800"], "--from"),
    (["shift-share", "--by", ""], "--by"),
    (["autocorrelation", "--year", "99999"], "--year"),
    (["real-convergence", "--to", "3000"], "--to"),
    (["mrio", "dependence", "--top", "0"], "--top"),
    (["mrio", "build", "--lq", "xlq"], "unknown location quotient"),
]


@pytest.mark.parametrize(("argv", "option"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_out_of_bounds_is_one_line_exit_2(monkeypatch, capsys, tmp_path, argv, option):
    monkeypatch.chdir(tmp_path)  # nothing may be written; if it were, it would be here
    monkeypatch.setattr(sys, "argv", ["hinterland", *argv])
    with pytest.raises(SystemExit) as exc:
        cli.main()
    out, err = capsys.readouterr()
    assert exc.value.code == 2, (out, err)
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert option in lines[0], lines[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("check", "inside", "outside"),
    [
        (B.count(B.DAYS), [1, 3650], [0, 3651, -1]),
        (B.count(B.TOP), [1, 10_000], [0, -5, 10_001]),
        (B.count(B.GRID), [2, 50], [1, 51]),
        (B.count(B.HUBS), [1, 31], [0, 32]),
        (B.real(B.BUDGET), [0.0, 1.0e6], [-1e-9, 1.0e6 + 1, float("nan"), float("inf")]),
        (B.real(B.SHARE), [0.0, 1.0], [-0.1, 1.1, float("nan"), float("-inf")]),
    ],
)
def test_bounds_are_inclusive_and_refuse_nan(check, inside, outside):
    import typer

    for v in inside:
        assert check(v) == v
    assert check(None) is None
    for v in outside:
        with pytest.raises(typer.BadParameter):
            check(v)


def test_help_states_the_bounds(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["hinterland", "shock", "--help"])
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit):
        cli.main()
    out = capsys.readouterr().out
    assert "[1..3650]" in out
