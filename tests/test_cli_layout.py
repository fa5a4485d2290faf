"""The layout commands: the issue's keys, values equal to the API, one-line errors."""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from hinterland import cli
from hinterland.cli import app
from hinterland.layout import optimize
from hinterland.layout.default import default_instance
from hinterland.layout.hubs import site_hubs

runner = CliRunner()


def run_json(*args: str):
    res = runner.invoke(app, [*args, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_optimize_has_the_issue_keys_and_the_api_values():
    out = run_json("layout", "optimize", "--budget", "500")
    for key in (
        "placements",
        "cost",
        "expected_loss_before",
        "expected_loss_after",
        "cvar_after",
        "theil_before",
        "theil_after",
        "status",
        "gap",
    ):
        assert key in out
    instance, _ = default_instance()
    api = optimize(instance, 500.0)
    assert out["expected_loss_after"] == pytest.approx(api.expected_loss_after, rel=1e-6)
    assert out["cost"] <= 500.0 + 1e-6
    assert out["expected_loss_after"] <= out["expected_loss_before"]
    assert "illustrative" in out["instance"]
    # every placement is a hinterland candidate: outside the first Third Front line
    from hinterland.atlas import grouping

    first = set(grouping("third_front").group("first_line").adcodes)
    assert all(p["adcode"] not in first for p in out["placements"])


def test_zero_budget_builds_nothing_and_loses_the_baseline():
    out = run_json("layout", "optimize", "--budget", "0")
    assert out["placements"] == []
    assert out["expected_loss_after"] == pytest.approx(out["expected_loss_before"])


def test_frontier_is_monotone():
    rows = run_json("layout", "frontier", "--budgets", "0,200,800")
    losses = [r["expected_loss"] for r in rows]
    assert losses == sorted(losses, reverse=True)


def test_hubs_equal_the_api():
    out = run_json("layout", "hubs", "--p", "2")
    api = site_hubs(2)
    assert out["sites"] == [str(s) for s in api.sites]
    assert out["objective"] == pytest.approx(api.objective, rel=1e-9)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["layout", "optimize", "--budget", "-1"], "--budget must be >= 0"),
        (["layout", "frontier", "--budgets", "a,b"], "--budgets must be numbers"),
        (["layout", "hubs", "--p", "9"], "p"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(monkeypatch, capsys, args, message):
    from hinterland import cli

    monkeypatch.setattr(sys, "argv", ["hinterland", *args])
    with pytest.raises(SystemExit) as exc:
        cli.main()
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and message in err[0]


def test_table_options_without_a_table_are_refused(monkeypatch, capsys):
    """--sectors and a bad --loss-model are errors, not silently ignored by the atlas instance."""
    for argv, words in (
        (["layout", "optimize", "--sectors", "MACH"], "need an MRIO table"),
        (["layout", "optimize", "--loss-model", "foo"], "unknown loss model 'foo'"),
    ):
        monkeypatch.setattr(sys, "argv", ["hinterland", *argv])
        with pytest.raises(SystemExit) as e:
            cli.main()
        err = capsys.readouterr().err
        assert e.value.code == 2 and words in err and len(err.strip().splitlines()) == 1
