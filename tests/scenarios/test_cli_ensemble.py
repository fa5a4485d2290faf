"""The ``ensemble`` commands: run, summary, sensitivity, export and friends; one-line errors."""

from __future__ import annotations

import json
import re
import sys

import numpy as np
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from hinterland import cli
from hinterland._io import umask
from hinterland.mrio.store import set_active
from hinterland.scenarios import analysis
from hinterland.scenarios.store import RunStore

runner = CliRunner()


def run_json(*args: str):
    result = runner.invoke(cli.app, [*args, "--format", "json"])
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.stdout)


@pytest.fixture
def setup(doc, china17, tmp_path):
    set_active(china17)
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return spec, tmp_path / "runs.duckdb"


def test_run_summary_sensitivity_export_list_status_compare(setup, tmp_path):
    spec, store = setup
    s = ["--store", str(store)]
    out = run_json("ensemble", "run", str(spec), "--n", "64", "--seed", "7", "--workers", "0", *s)
    assert set(out) == {"run_id", "n_samples", "seconds"} and out["n_samples"] == 64
    rid = out["run_id"]
    summ = run_json("ensemble", "summary", rid, *s)
    api = analysis.summary(RunStore(store), rid)
    for key in ("n_samples", "national_loss_mean", "national_loss_p50", "national_loss_p95",
                "cvar_95", "seconds"):  # fmt: skip
        assert summ[key] == pytest.approx(api[key]), key
    assert summ["national_loss_p50"] <= summ["national_loss_p95"] <= summ["cvar_95"]
    assert len(summ["loss_by_province"]) == 31 and summ["exceedance"][0]["probability"] == 1.0
    sens = run_json("ensemble", "sensitivity", rid, *s)
    assert set(sens["indices"]) == {"timing.duration", "timing.recovery_days", "coast.severity",
                                    "sichuan.severity"}  # fmt: skip
    assert sens["method"].startswith("RBD-FAST")
    assert sens["names"]["sichuan.severity"] == "四川 全部门 产能损失幅度"
    table_en = runner.invoke(
        cli.app, ["ensemble", "sensitivity", rid, "--lang", "en", "--format", "csv", *s]
    ).output
    assert "Sichuan, all sectors: capacity loss" in table_en and "sichuan.severity" not in table_en
    for ext in ("parquet", "csv", "xlsx"):
        path = tmp_path / f"out.{ext}"
        assert run_json("ensemble", "export", rid, "--out", str(path), *s)["out"] == str(path)
        # the user's umask, not mkstemp's 0600
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask()
    table = pd.read_parquet(tmp_path / "out.parquet")
    national = table[table.metric == "national_loss"].sort_values("sample_id")
    np.testing.assert_allclose(
        national["value"], RunStore(store).results(rid, "national_loss")["value"]
    )
    assert "coast.severity" in table.columns and len(pd.read_csv(tmp_path / "out.csv")) == len(
        table
    )
    assert set(pd.ExcelFile(tmp_path / "out.xlsx").sheet_names) == {"run", "samples", "results"}
    listed = run_json("ensemble", "list", *s)
    assert listed[0]["run_id"] == rid and listed[0]["done"] == 64
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", listed[0]["finished"])
    # the terminal table: one line per run at 80 columns, the id whole (to be copied)
    lines = runner.invoke(cli.app, ["ensemble", "list", *s], env={"COLUMNS": "80"}).output
    row = next(line for line in lines.splitlines() if rid in line)
    assert "64/64" in row and "finished" in row and "亿元" not in lines
    status = run_json("ensemble", "status", rid, *s)
    assert status["status"] == "finished" and status["done"] == status["n_expected"] == 64
    other = run_json("ensemble", "run", str(spec), "--n", "64", "--seed", "7", "--workers", "0", *s)
    comp = run_json("ensemble", "compare", rid, other["run_id"], *s)
    assert all(row["difference"] == 0 for row in comp)  # same spec and seed


def _main(monkeypatch, capsys, argv):
    monkeypatch.setattr(sys, "argv", ["hinterland", *argv])
    with pytest.raises(SystemExit) as e:
        cli.main()
    return e.value.code, *capsys.readouterr()


@pytest.mark.parametrize(
    ("edit", "argv", "match"),
    [
        ({"events": {1: {"severity": {"dist": "discrete", "values": [0, 1],
                                      "probabilities": [0.5, 0.6]}}}},
         [], r"events\[1\]\.severity: probabilities must sum to 1; they sum to 1\.1"),
        ({"events": {0: {"provinces": ["Atlantis"]}}}, [],
         r"events\[0\]\.provinces: unknown province or grouping 'Atlantis'"),
        ({"events": {0: {"sectors": ["STEEL"]}}}, [],
         r"events\[0\]\.sectors: unknown sector 'STEEL'"),
        ({"events": {0: {"severity": -0.5}}}, [],
         r"events\[0\]\.severity: a share must lie in \[0, 1\]"),
        ({"timing": {"recovery_days": {"low": 50}}}, [],
         r"timing\.recovery_days: need low <= mode <= high and low < high; got low = 50"),
        ({}, ["--n", "1"], r"--n 1 must be between 2 and 1,000,000"),
        ({}, ["--workers", "-1"], r"--workers -1 must be between 0 and 256"),
        ({}, ["--scheduler", "localhost:8786"], r"--scheduler 'localhost:8786' must be an address"),
    ],
)  # fmt: skip
def test_bad_input_is_one_error_line_and_exit_2(monkeypatch, capsys, doc, setup, edit, argv, match):
    spec, store = setup
    for key, change in edit.items():
        target = doc[key]
        for k, v in change.items():
            if isinstance(v, dict) and isinstance(target[k], dict):
                target[k].update(v)
            else:
                target[k] = v
    spec.write_text(yaml.safe_dump(doc), encoding="utf-8")
    code, out, err = _main(monkeypatch, capsys, ["ensemble", "run", str(spec), "--workers", "0",
                                                 "--store", str(store), *argv])  # fmt: skip
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert re.search(match, err), err
    assert not store.exists()  # nothing written


def test_unknown_run_and_existing_export_file(monkeypatch, capsys, setup, tmp_path):
    spec, store = setup
    rid = run_json(
        "ensemble", "run", str(spec), "--n", "4", "--workers", "0", "--store", str(store)
    )["run_id"]
    code, _, err = _main(
        monkeypatch, capsys, ["ensemble", "summary", "nope", "--store", str(store)]
    )
    assert code == 2 and f"error: no run 'nope' in {store}; runs: {rid}" in err
    mine = tmp_path / "mine.csv"
    mine.write_text("keep me", encoding="utf-8")
    code, _, err = _main(
        monkeypatch, capsys, ["ensemble", "export", rid, "--out", str(mine), "--store", str(store)]
    )
    assert code == 2 and "exists" in err and mine.read_text(encoding="utf-8") == "keep me"
    code, _, err = _main(
        monkeypatch, capsys, ["ensemble", "list", "--store", str(tmp_path / "x.duckdb")]
    )
    assert code == 2 and "no run store here" in err


def test_examples_are_listed():
    names = [row["spec"] for row in run_json("ensemble", "examples")]
    assert {"example:default", "example:channels", "example:regional_disasters"} <= set(names)
