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
    out = run_json("layout", "optimize", "--instance", "atlas", "--budget", "500")
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
    out = run_json("layout", "optimize", "--instance", "atlas", "--budget", "0")
    assert out["placements"] == []
    assert out["expected_loss_after"] == pytest.approx(out["expected_loss_before"])


def test_frontier_is_monotone():
    rows = run_json("layout", "frontier", "--instance", "atlas", "--budgets", "0,200,800")
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
        (
            ["layout", "optimize", "--budget", "-1"],
            "'--budget': must be a finite number in 0..1e+06",
        ),
        (["layout", "frontier", "--budgets", "a,b"], "'--budgets': must be numbers"),
        (["layout", "hubs", "--p", "9"], "p"),
        (["layout", "optimize", "--candidates", "Atlantis"], "unknown province or grouping"),
        (["layout", "optimize", "--min-hinterland-share", "0.99"], "cannot be met"),
        (["layout", "pareto", "--pair", "cost"], "--pair must be two objectives"),
        (["layout", "pareto", "--pair", "cost,gini"], "unknown objective pair"),
        (["layout", "hubs", "--alpha-price", "1"], "need --site-data"),
        (["layout", "hubs", "--site-data", "missing.csv", "--alpha-price", "1"], "no such file"),
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
        (["layout", "optimize", "--instance", "atlas", "--sectors", "MACH"], "need an MRIO table"),
        (["layout", "optimize", "--loss-model", "foo"], "unknown loss model 'foo'"),
        (
            ["layout", "optimize", "--instance", "atlas", "--land-share", "0.2"],
            "need an MRIO table",
        ),
    ):
        monkeypatch.setattr(sys, "argv", ["hinterland", *argv])
        with pytest.raises(SystemExit) as e:
            cli.main()
        err = capsys.readouterr().err
        assert e.value.code == 2 and words in err and len(err.strip().splitlines()) == 1


def test_candidates_and_hinterland_share_through_the_cli():
    out = run_json(
        "layout",
        "optimize",
        "--instance",
        "atlas",
        "--budget",
        "800",
        "--candidates",
        "510000,Guizhou",
    )
    assert {p["adcode"] for p in out["placements"]} <= {510000, 520000}
    assert out["placements"]  # something is worth building there
    assert any("510000, Guizhou" in a for a in out["assumptions"])
    instance, _ = default_instance(candidates=["510000", "Guizhou"])
    api = optimize(instance, 800.0, min_hinterland_share=None)
    assert out["expected_loss_after"] == pytest.approx(api.expected_loss_after, rel=1e-6)
    # a reachable coordination target is met; the API gives the same answer
    target = round(api.hinterland_share_before + 0.001, 6)
    out = run_json(
        "layout",
        "optimize",
        "--instance",
        "atlas",
        "--budget",
        "800",
        "--min-hinterland-share",
        str(target),
    )
    assert out["hinterland_share_after"] >= target - 1e-9
    api = optimize(default_instance()[0], 800.0, min_hinterland_share=target)
    assert out["expected_loss_after"] == pytest.approx(api.expected_loss_after, rel=1e-6)


def test_pareto_command_equals_the_api():
    from hinterland.layout import pareto

    rows = run_json("layout", "pareto", "--instance", "atlas", "--pair", "cost,expected_loss",
                    "--n", "4", "--budget", "600")  # fmt: skip
    api = pareto(default_instance()[0], ("cost", "expected_loss"), n=4, budget=600.0)
    assert [r["expected_loss"] for r in rows] == pytest.approx(list(api["expected_loss"]), rel=1e-6)
    assert [r["epsilon"] for r in rows] == pytest.approx(list(api["epsilon"]))
    rows = run_json(
        "layout",
        "pareto",
        "--instance",
        "atlas",
        "--pair",
        "hinterland_share,cvar",
        "--budget",
        "3000",
    )
    assert {r["pair"] for r in rows} == {"hinterland_share-cvar"}
    assert all(r["hinterland_share"] >= r["epsilon"] - 1e-9 for r in rows)


def test_hubs_site_data_equals_the_api(tmp_path):
    import pandas as pd

    price = pd.Series(
        {
            "jingjinji": 0.60,
            "yangtze_delta": 0.65,
            "greater_bay_area": 0.65,
            "chengdu_chongqing": 0.55,
            "inner_mongolia": 0.35,
            "guizhou": 0.45,
            "gansu": 0.35,
            "ningxia": 0.35,
        }
    )  # fmt: skip  (made-up test prices)
    path = tmp_path / "sites.csv"
    price.rename("electricity_price").rename_axis("site").to_csv(path)
    out = run_json("layout", "hubs", "--p", "2", "--site-data", str(path), "--alpha-price", "2000")
    api = site_hubs(2, electricity_price=price, alpha=(2000.0, 0.0))
    assert out["sites"] == [str(s) for s in api.sites]
    assert out["objective"] == pytest.approx(api.objective, rel=1e-9)
    assert out["sites"] != [str(s) for s in site_hubs(2).sites]  # the price term moves a hub


def test_site_data_file_errors_name_the_fault(tmp_path):
    from hinterland.errors import DataError
    from hinterland.layout.hubs import read_site_data

    bad = tmp_path / "bad.csv"
    bad.write_text("site,price\nguizhou,0.4\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.csv: unknown column\(s\) \['price'\]; expected"):
        read_site_data(bad)
    bad.write_text("site\nguizhou\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"needs one or more of the columns electricity_price, "):
        read_site_data(bad)
    bad.write_text("site,renewable_share\nguizhou,0.4\nguizhou,0.5\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.csv line 3: duplicate site 'guizhou' \(first at .*"
                       r"bad\.csv line 2\)"):  # fmt: skip
        read_site_data(bad)
    bad.write_text("site,renewable_share\nguizhou,0.4\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"line 2: site = 'guizhou' is not a six-digit GB/T 2260"):
        read_site_data(bad, "all")


def test_hubs_with_atlas_site_data_equal_the_api():
    from hinterland.layout.hubs import atlas_site_data

    out = run_json("layout", "hubs", "--p", "3", "--site-data", "atlas", "--alpha-price", "5000",
                   "--alpha-green", "1e8")  # fmt: skip
    price, green, notes = atlas_site_data()
    api = site_hubs(3, electricity_price=price, renewable_share=green, alpha=(5000.0, 1e8))
    assert out["sites"] == [str(s) for s in api.sites]
    assert out["objective"] == pytest.approx(api.objective, rel=1e-9)
    assert out["site_data"] == [n.text("en") for n in notes]  # the CLI speaks English


def test_example_scenarios_through_the_cli():
    from hinterland.layout.scenarios import resolve_scenarios

    rows = run_json("layout", "scenarios")
    assert {"example:default", "example:channels", "example:regional_disasters"} <= set(
        r["set"] for r in rows
    )
    out = run_json(
        "layout", "optimize", "--instance", "atlas", "--scenarios", "example:regional_disasters"
    )
    instance, _ = default_instance(resolve_scenarios("example:regional_disasters"))
    api = optimize(instance, 500.0)
    assert out["expected_loss_before"] == pytest.approx(api.expected_loss_before, rel=1e-9)
    assert out["expected_loss_after"] == pytest.approx(api.expected_loss_after, rel=1e-6)
