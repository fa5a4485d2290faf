"""The corridors commands: keys and values equal the API's, JSON on stdout, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hinterland.cli import app
from hinterland.corridors.network import CorridorNetwork
from hinterland.corridors.resilience import close

runner = CliRunner()
EXE = Path(sys.executable).with_name("hinterland")


def run_json(*args: str) -> dict | list:
    res = runner.invoke(app, [*args, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_close_reports_the_issue_keys_with_the_api_values():
    out = run_json("corridors", "close", "--node", "choke_hormuz")
    for key in ("unmet_by_commodity", "cost_increase", "provinces_short", "economy_loss"):
        assert key in out
    api = close(CorridorNetwork.default(), nodes=["choke_hormuz"])
    assert out["cost_increase"] == pytest.approx(api.cost_increase, rel=1e-9)
    assert out["unmet_by_commodity"]["crude_oil"] == pytest.approx(
        float(api.unmet_by_commodity.loc["crude_oil", "closed"]), rel=1e-9
    )
    # Hormuz closed: the Middle East crude that must pass it (310.15 Mt in supply.csv) is unmet
    assert out["unmet_increase"]["crude_oil"] == pytest.approx(310.15, abs=1e-3)
    # the economy loss runs on the shipped China table (an estimate) and equals the API's
    from hinterland.corridors.coupling import economy_loss
    from hinterland.mrio.store import active

    loss = economy_loss(api, active(), days=365)
    assert out["economy_loss"]["available"] is True and out["economy_loss"]["table_is_estimate"]
    assert out["economy_loss"]["national"] == pytest.approx(loss.national, rel=1e-9)
    assert loss.national > 0  # refining (11) loses capacity where crude is short


def test_partial_cut_halves_a_capacity_and_is_reported():
    out = run_json(
        "corridors",
        "close",
        "--edge",
        "oil-oil_pipeline-ext_central_asia-border_alashankou",
        "--cut",
        "0.5",
    )
    assert out["cut"] == 0.5
    assert out["unmet_increase"]["crude_oil"] >= 0.0


def test_criticality_ranks_by_unmet_demand():
    rows = run_json("corridors", "criticality", "--k", "1")
    shares = [r["unmet_share"] for r in rows]
    assert shares == sorted(shares, reverse=True)
    assert rows[0]["element"].startswith("edge:")
    pairs = run_json("corridors", "criticality", "--k", "2", "--top", "5")
    assert len(pairs) == 5 and all("+" in r["element"] for r in pairs)


def test_flows_json_is_clean_on_stdout_from_the_installed_command():
    # HiGHS prints a banner on the C-level stdout at its first solve; it must not reach JSON
    if not EXE.exists():
        pytest.skip("console script not installed")
    res = subprocess.run(
        [str(EXE), "corridors", "flows", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["status"] == "Optimal"
    assert all(f["flow"] > 0 for f in out["flows"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["corridors", "close", "--edge", "nosuch"], "unknown edge 'nosuch'"),
        (["corridors", "close"], "name at least one --edge or --node"),
        (["corridors", "criticality", "--k", "3"], "--k must be 1 or 2"),
        (["corridors", "flows", "--commodity", "coal"], "unknown commodity 'coal'"),
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


def test_the_terminal_table_nests_nothing_in_a_cell_and_names_provinces_and_sectors():
    # a closure in the table format: 亿元, province names beside codes, each nested part its own
    # table (no JSON text in a cell); the numbers are the API's in 亿元
    out = CliRunner().invoke(app, ["corridors", "close", "--node", "choke_hormuz", "--days", "30"])
    assert out.exit_code == 0, out.output
    text = out.output
    assert '{"' not in text and "[[" not in text
    assert "江苏 320000" in text and "霍尔木兹海峡 choke_hormuz" in text
    api = close(CorridorNetwork.default(), nodes=["choke_hormuz"])
    assert f"{api.cost_increase / 1e8:,.2f}" in text  # cost_increase (亿元)
    layout = CliRunner().invoke(app, ["layout", "optimize", "--budget", "100"])
    assert layout.exit_code == 0, layout.output
    assert "石油炼焦核燃料 11" in layout.output  # the sector by name beside its code
