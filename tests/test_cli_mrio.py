"""The ``mrio`` and ``shock`` commands: output equal to the API, the active table, one-line errors.

A 31-province China table is estimated once from a seeded synthetic 17-sector national table,
written as a CSV folder and imported through the CLI into a module-wide ``HINTERLAND_HOME``;
each test points ``HINTERLAND_HOME`` at it (or at an empty folder) with ``monkeypatch``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from hinterland import cli
from hinterland.mrio.analysis import extraction, multipliers
from hinterland.mrio.analysis import shock as shock_api
from hinterland.mrio.build import SECTORS_17_INDUSTRY
from hinterland.mrio.load import read_csv_dir, write_csv_dir
from hinterland.mrio.store import active, active_path

runner = CliRunner()
SHOCK_KEYS = {"national_output_loss", "loss_by_region", "loss_outside_shocked_share"}


# --- fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def table(synthetic_china):
    return synthetic_china(2010)


@pytest.fixture(scope="module")
def table_dir(table, tmp_path_factory):
    return write_csv_dir(table, tmp_path_factory.mktemp("built") / "china")


@pytest.fixture(scope="module")
def module_home(table_dir, tmp_path_factory):
    """A HINTERLAND_HOME whose active table was imported once through the CLI."""
    home = tmp_path_factory.mktemp("home")
    result = runner.invoke(
        cli.app,
        ["mrio", "import", str(table_dir), "--format", "csv"],
        env={"HINTERLAND_HOME": str(home)},
    )
    assert result.exit_code == 0, (result.output, result.exception)
    return home


@pytest.fixture
def home(module_home, monkeypatch):
    monkeypatch.setenv("HINTERLAND_HOME", str(module_home))
    return module_home


def run(*args: str):
    result = runner.invoke(cli.app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def run_json(*args: str):
    return json.loads(run(*args, "--format", "json").stdout)


def _main(monkeypatch, capsys, argv):
    monkeypatch.setattr(sys, "argv", ["hinterland", *argv])
    with pytest.raises(SystemExit) as e:
        cli.main()
    out, err = capsys.readouterr()
    return e.value.code, out, err


# --- the active table -------------------------------------------------------------------------


def test_info_without_an_imported_table_describes_the_shipped_china_estimate(
    monkeypatch, capsys, tmp_path
):
    monkeypatch.setenv("HINTERLAND_HOME", str(tmp_path))
    code, out, err = _main(monkeypatch, capsys, ["mrio", "info", "--format", "json"])
    assert code == 0
    info = json.loads(out)
    assert (info["n_regions"], info["n_sectors"], info["year"]) == (31, 42, 2020)
    assert info["estimate"] is True
    assert err.strip() == "note: the default table is a model estimate, not survey data"


def test_import_makes_the_table_active(monkeypatch, tmp_path, table_dir, table):
    monkeypatch.setenv("HINTERLAND_HOME", str(tmp_path))
    assert not active_path().exists()
    result = run("mrio", "import", str(table_dir), "--format", "csv")
    assert result.stdout.startswith(f"active table: {tmp_path / 'mrio' / 'active'} (MRIO(31 ")
    assert active_path() == tmp_path / "mrio" / "active"
    assert active_path().is_dir()
    info = run_json("mrio", "info")
    assert info["n_regions"] == 31
    assert info["n_sectors"] == 17
    assert info["n_rows"] == 31 * 17
    assert info["estimate"] is True
    assert info["year"] == 2010
    assert info["total_output"] == pytest.approx(float(table.x.sum()), rel=1e-12)
    np.testing.assert_allclose(active().Z.to_numpy(), table.Z.to_numpy(), rtol=1e-12, atol=0)


def test_info_reports_the_active_table_and_notes_the_estimate(home):
    result = runner.invoke(cli.app, ["mrio", "info", "--format", "json"])
    assert result.exit_code == 0
    info = json.loads(result.stdout)
    assert (info["n_regions"], info["n_sectors"], info["estimate"]) == (31, 17, True)
    assert "model estimate" in result.stderr
    assert result.stderr.strip() == cli.ESTIMATE_NOTE


def test_no_estimate_note_for_a_survey_table(home, table, tmp_path):
    survey = write_csv_dir(table.with_(estimate=False, source="a survey"), tmp_path / "survey")
    result = runner.invoke(cli.app, ["mrio", "info", "--table", str(survey), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["estimate"] is False
    assert result.stderr == ""


def test_export_round_trips(home, table, tmp_path):
    out = tmp_path / "exported"
    result = run("mrio", "export", "--out", str(out))
    assert result.stdout.strip() == f"wrote {out}"
    assert "model estimate" in result.stderr
    back = read_csv_dir(out)
    np.testing.assert_allclose(back.Z.to_numpy(), table.Z.to_numpy(), rtol=1e-9, atol=0)
    np.testing.assert_allclose(back.x.to_numpy(), table.x.to_numpy(), rtol=1e-9, atol=0)
    np.testing.assert_allclose(back.Y.to_numpy(), table.Y.to_numpy(), rtol=1e-9, atol=0)
    assert back.regions == table.regions and back.sectors == table.sectors
    assert back.estimate is True


# --- analyses equal the API -------------------------------------------------------------------


@pytest.mark.parametrize(("model", "days"), [("capacity", 180), ("iim", 180), ("ario", 60)])
def test_shock_json_equals_the_api(home, table, model, days):
    result = run(
        "shock", "--region", "310000", "--sector", "MACH", "--severity", "0.5",
        "--days", str(days), "--model", model, "--format", "json",
    )  # fmt: skip
    assert "model estimate" in result.stderr
    out = json.loads(result.stdout)
    assert SHOCK_KEYS <= set(out)
    api = shock_api(table, region=310000, sector="MACH", severity=0.5, days=days, model=model)
    assert out["model"] == model and out["days"] == days
    assert out["national_output_loss"] == pytest.approx(api.national_output_loss, rel=1e-9)
    assert out["loss_outside_shocked_share"] == pytest.approx(
        api.loss_outside_shocked_share, rel=1e-9
    )
    assert set(out["loss_by_region"]) == {str(r) for r in table.regions}
    for region, loss in api.loss_by_region.items():
        assert out["loss_by_region"][str(region)] == pytest.approx(loss, rel=1e-9, abs=1e-12)
    assert sum(out["loss_by_region"].values()) == pytest.approx(
        out["national_output_loss"], rel=1e-9
    )
    assert 0.0 <= out["loss_outside_shocked_share"] <= 1.0
    assert out["national_output_loss"] > 0
    assert out["table_is_estimate"] is True


def test_shock_region_by_chinese_name(home):
    by_name = run_json("shock", "--region", "上海", "--sector", "MACH", "--days", "30")
    by_code = run_json("shock", "--region", "310000", "--sector", "MACH", "--days", "30")
    assert by_name == by_code
    assert by_name["national_output_loss"] > 0


def test_multipliers_csv_has_every_region_sector(home, table):
    out = run("mrio", "multipliers", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 31 * 17
    assert set(rows[0]) == {
        "region",
        "sector",
        "province",
        "sector_name",
        "output_multiplier",
        "value_added_multiplier",
    }
    api = multipliers(table)
    got = {(int(r["region"]), r["sector"]): float(r["output_multiplier"]) for r in rows}
    assert set(got) == set(api.index)
    for key, value in api["output_multiplier"].items():
        assert got[key] == pytest.approx(value, rel=1e-9)
    ordered = [float(r["output_multiplier"]) for r in rows]
    assert ordered == sorted(ordered, reverse=True)  # largest first
    assert min(ordered) >= 1.0


def test_extract_region_json_equals_the_api(home, table):
    out = run_json("mrio", "extract", "--region", "510000")
    api = extraction(table, region=510000)
    assert out["national_output_loss"] == pytest.approx(float(api.sum()), rel=1e-9)
    assert out["table_is_estimate"] is True
    assert out["unit"] == table.unit
    by_region = api.groupby(level="region").sum()
    assert set(out["loss_by_region"]) == {str(r) for r in table.regions}
    for region, loss in by_region.items():
        assert out["loss_by_region"][str(region)] == pytest.approx(loss, rel=1e-9, abs=1e-9)
    # extracting Sichuan removes its whole output of final goods too: it loses the most
    assert max(out["loss_by_region"], key=out["loss_by_region"].get) == "510000"


# --- bad input: exit 2, one error line --------------------------------------------------------

BAD_SHOCKS = [
    (
        ["shock", "--region", "310000", "--model", "cge"],
        r"error: unknown shock model 'cge'; valid: ario, capacity, iim$",
    ),
    (
        ["shock", "--region", "310000", "--severity", "2"],
        r"error: severity must be in \[0, 1\]; got 2\.0$",
    ),
    (
        ["shock", "--region", "310000", "--sector", "STEEL"],
        r"error: unknown sector of the table 'STEEL'; valid: AGR, CHEM, CONS",
    ),
]
BAD_SHOCK_IDS = ["unknown-model", "severity-2", "unknown-sector"]


@pytest.mark.parametrize(("argv", "message"), BAD_SHOCKS, ids=BAD_SHOCK_IDS)
def test_bad_shock_input_exits_2_with_one_error_line(home, monkeypatch, capsys, argv, message):
    code, out, err = _main(monkeypatch, capsys, argv)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1, err
    assert re.match(message, errors[0]), errors[0]
    assert lines[-1] == errors[0]
    assert set(lines[:-1]) <= {cli.ESTIMATE_NOTE}


@pytest.mark.parametrize(("argv", "message"), BAD_SHOCKS, ids=BAD_SHOCK_IDS)
def test_bad_shock_input_prints_only_the_error_line(home, monkeypatch, capsys, argv, message):
    code, _, err = _main(monkeypatch, capsys, argv)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert re.match(message, err.strip())


def test_malformed_import_folder_exits_2_and_activates_nothing(
    monkeypatch, capsys, tmp_path, table_dir
):
    monkeypatch.setenv("HINTERLAND_HOME", str(tmp_path / "home"))
    broken = shutil.copytree(table_dir, tmp_path / "broken")
    (broken / "x.csv").unlink()
    code, out, err = _main(monkeypatch, capsys, ["mrio", "import", str(broken), "--format", "csv"])
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.strip().splitlines() == [f"error: {broken}: missing x.csv"]
    assert not active_path().exists()


def test_success_through_main_exits_0(home, monkeypatch, capsys):
    argv = ["shock", "--region", "310000", "--sector", "MACH", "--days", "30", "--format", "json"]
    code, out, err = _main(monkeypatch, capsys, argv)
    assert code in (0, None)
    assert SHOCK_KEYS <= set(json.loads(out))
    assert err.strip() == cli.ESTIMATE_NOTE


# --- layout on the active table ---------------------------------------------------------------


def test_layout_uses_the_active_table(home, table):
    from hinterland.layout import optimize
    from hinterland.layout.from_table import KEY_SECTORS_17, prices_from_atlas, table_instance

    out = run_json("layout", "optimize", "--instance", "table", "--budget", "300")
    assert out["instance"].startswith(f"MRIO table {table.year}")
    assert set(out["loss_per_unit"]) == set(KEY_SECTORS_17)
    assert {p["industry"] for p in out["placements"]} <= set(KEY_SECTORS_17)
    # the same numbers as the API on the same (imported) table
    api = optimize(table_instance(active(), prices=prices_from_atlas()).instance, 300.0)
    assert out["expected_loss_after"] == pytest.approx(api.expected_loss_after, rel=1e-9)
    assert out["expected_loss_before"] == pytest.approx(api.expected_loss_before, rel=1e-9)
    auto = run_json("layout", "optimize", "--budget", "300")
    assert auto["instance"] == out["instance"]


def test_layout_table_instance_errors_are_one_line(monkeypatch, capsys, tmp_path, home):
    code, _, err = _main(monkeypatch, capsys, ["layout", "optimize", "--sectors", "NOPE"])
    assert code == 2 and err.startswith("error: unknown sector 'NOPE'") and "MACH" in err
    code, _, err = _main(monkeypatch, capsys, ["layout", "optimize", "--instance", "magic"])
    assert code == 2 and "instance kind" in err and "atlas" in err
    monkeypatch.setenv("HINTERLAND_HOME", str(tmp_path))  # nothing imported: the China table
    code, out, _ = _main(
        monkeypatch, capsys, ["layout", "optimize", "--instance", "table", "--format", "json"]
    )
    assert code == 0 and {p["industry"] for p in json.loads(out)["placements"]} <= set(
        ("11", "12", "14", "16", "17", "18", "19", "20")
    )


def test_build_from_a_flow_table(monkeypatch, capsys, tmp_path):
    rng = np.random.default_rng(3)
    codes = list(SECTORS_17_INDUSTRY)
    z = rng.uniform(0, 0.05, (17, 17)) * 1e4
    x = np.full(17, 1e4)
    lines = ["row," + ",".join(codes)]
    lines += [f"{c}," + ",".join(f"{v:.6f}" for v in z[i]) for i, c in enumerate(codes)]
    lines.append("GO," + ",".join(f"{v:.1f}" for v in x))
    flows = tmp_path / "flows.csv"
    flows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("HINTERLAND_HOME", str(tmp_path / "home"))
    run("mrio", "build", "--flows", str(flows), "--out", str(tmp_path / "t"))
    m = read_csv_dir(tmp_path / "t")
    assert m.estimate and list(m.sectors) == codes and len(m.regions) == 31
    code, _, err = _main(
        monkeypatch, capsys, ["mrio", "build", "--flows", str(flows), "--coefficients", "a",
                              "--outputs", "b"]
    )  # fmt: skip
    assert code == 2 and "not both" in err


def test_layout_energy_limit_through_the_cli(home):
    from hinterland.layout import optimize
    from hinterland.layout.from_table import prices_from_atlas, table_instance

    out = run_json("layout", "optimize", "--energy-spare", "0.001", "--budget", "500")
    ti = table_instance(active(), prices=prices_from_atlas(), energy_spare=0.001)
    api = optimize(ti.instance, 500.0)
    assert out["expected_loss_after"] == pytest.approx(api.expected_loss_after, rel=1e-9)
    assert any("energy limit" in a for a in out["assumptions"])


def test_layout_prices_file_replaces_the_atlas_factor(home, tmp_path):
    """--prices puts the analyst's land (and any other) prices over the atlas' and says so."""
    from hinterland.layout import optimize
    from hinterland.layout.from_table import FactorPrices, prices_from_atlas, table_instance

    codes = [int(a) for a in active().regions]
    land = pd.Series(np.linspace(200.0, 900.0, 31), index=codes)  # made-up test prices
    path = tmp_path / "prices.csv"
    land.rename("land").rename_axis("adcode").to_csv(path)
    out = run_json("layout", "optimize", "--prices", str(path), "--land-share", "0.2",
                   "--budget", "400")  # fmt: skip
    atlas = prices_from_atlas()
    both = FactorPrices(wage=atlas.wage, electricity=atlas.electricity, land=land, land_share=0.2)
    api = optimize(table_instance(active(), prices=both).instance, 400.0)
    assert out["expected_loss_after"] == pytest.approx(api.expected_loss_after, rel=1e-9)
    assert out["cost"] == pytest.approx(api.cost, rel=1e-9)
    assert any("prices.csv" in a for a in out["assumptions"])
    assert any("land weight" in a and "0.2" in a for a in out["assumptions"])
    assert any(a.startswith("wage: atlas") for a in out["assumptions"])  # the atlas wage is kept


def test_land_price_enters_the_index_with_its_share(table):
    from hinterland.layout.from_table import FactorPrices, cost_index

    codes = [int(a) for a in table.regions]
    land = pd.Series(1.0, index=codes)
    land[510000] = 3.0  # Sichuan's land three times the others'
    idx0, _ = cost_index(table, ["MACH"], transport_sector=None)
    idx, w = cost_index(table, ["MACH"], FactorPrices(land=land, land_share=0.25),
                        transport_sector=None)  # fmt: skip
    assert w.loc["land", "MACH"] == 0.25
    x = pd.Series(table.x, index=table.index).xs("MACH", level=1).reindex(idx.index)
    mean = float((land * x).sum() / x.sum())
    want = 1 + 0.25 * (land / mean - 1)
    assert idx["MACH"].to_numpy() == pytest.approx(want.to_numpy(), rel=1e-12)
    assert (idx0["MACH"] == 1.0).all()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("adcode,rent\n510000,1\n", r"unknown column\(s\) \['rent'\]; expected adcode, wage"),
        ("adcode\n510000\n", r"needs one or more of the columns wage, electricity, land"),
        ("adcode,land\n999999,1\n", r"line 2: adcode = '999999' is not a province"),
        ("adcode,land\n510000,1\n510000,2\n", r"line 3: duplicate adcode '510000' \(first at"),
        ("adcode,land\n510000,cheap\n", r"line 2: land = 'cheap' is not a number"),
        ("adcode,land\n510000,0\n", r"line 2: land = '0' must be a finite number > 0"),
    ],
)
def test_prices_file_errors_name_the_fault(tmp_path, text, message):
    from hinterland.errors import DataError
    from hinterland.layout.from_table import FactorPrices

    path = tmp_path / "p.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        FactorPrices.from_csv(path)


# --- the shipped China table (issue 15's commands, from a fresh clone) -------------------------


def test_china_table_commands_work_with_nothing_imported(monkeypatch, capsys, tmp_path):
    from hinterland.mrio import china
    from hinterland.mrio.analysis import shock

    monkeypatch.setenv("HINTERLAND_HOME", str(tmp_path))
    rows = run_json("mrio", "tables")
    assert [r["year"] for r in rows] == [2017, 2018, 2020]
    assert [r["default"] for r in rows] == [False, False, True]
    out = run_json(
        "shock", "--region", "310000", "--sector", "20", "--severity", "0.5", "--model", "ario"
    )
    api = shock(china.load(2020), region=310000, sector="20", severity=0.5, model="ario")
    assert out["national_output_loss"] == pytest.approx(api.national_output_loss, rel=1e-9)
    assert out["table_is_estimate"] is True and 0 < out["loss_outside_shocked_share"] < 1
    y2017 = run_json("mrio", "info", "--table", "2017")
    assert y2017["year"] == 2017 and y2017["n_sectors"] == 42
    rows = run_json("mrio", "multipliers", "--lang", "en")
    named = {(r["province"], r["sector_name"]) for r in rows}
    assert ("Shanghai", "Electronics & computers") in named and len(named) == 31 * 42
    rows = run_json("mrio", "linkages", "--top", "3")
    assert {"北京", "上海"} <= {r["province"] for r in rows}
    # national technology: every province's output multiplier of a sector is the national one
    # (or 1 where the province makes none of it: no inputs are bought)
    mult = pd.DataFrame(run_json("mrio", "multipliers"))
    producing = mult[(mult["output_multiplier"] - 1.0).abs() > 1e-12]
    assert producing.groupby("sector")["output_multiplier"].agg(np.ptp).max() < 1e-9


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["shock", "--region", "310000", "--sector", "99"], "unknown sector of the table '99'"),
        (["mrio", "info", "--table", "2019"], "no China table for 2019"),
        (["mrio", "info", "--table", "nowhere.csv"], "'nowhere.csv': no such file"),
        (["mrio", "build", "--year", "2016"], "no NBS 42-sector table for 2016"),
    ],
)
def test_china_table_bad_input_is_one_line(monkeypatch, capsys, tmp_path, argv, words):
    monkeypatch.setenv("HINTERLAND_HOME", str(tmp_path))
    code, out, err = _main(monkeypatch, capsys, argv)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith("error:") and words in err, err


def test_linkage_commands_on_the_china_table_equal_the_api(monkeypatch, tmp_path):
    from hinterland.mrio import china
    from hinterland.mrio.analysis import dependence, exposure, spillovers, value_added_in_trade

    monkeypatch.setenv("HINTERLAND_HOME", str(tmp_path))
    m = china.load(2020)
    exp = {r["sector"]: r for r in run_json("mrio", "exposure", "--lang", "en")}
    api = exposure(m)
    assert exp["20"]["sector_name"] == "Electronics & computers"
    assert exp["20"]["backup_ratio"] == pytest.approx(api.loc["20", "backup_ratio"], rel=1e-9)
    years = {r["sector"]: r for r in run_json("mrio", "exposure", "--years")}
    assert years["20"]["backup_ratio_2020"] == pytest.approx(api.loc["20", "backup_ratio"])
    assert {"backup_ratio_2017", "backup_ratio_2018"} <= set(years["20"])
    spill = {r["region"]: r for r in run_json("mrio", "spillovers")}
    assert spill[310000]["spillover"] == pytest.approx(spillovers(m).loc[310000, "spillover"])
    top = run_json("mrio", "dependence", "--top", "3", "--lang", "en")
    dep = dependence(m).drop(columns="exports")
    first = top[0]
    want = dep.loc[first["producing"], first["demanding"]] / dep.loc[first["producing"]].sum()
    assert first["share_of_output"] == pytest.approx(want, rel=1e-9)
    assert top[0]["share_of_output"] >= top[1]["share_of_output"] >= top[2]["share_of_output"]
    va = pd.DataFrame(run_json("mrio", "va-trade")).drop(columns=["producing_region", "province"])
    assert va.to_numpy().sum() == pytest.approx(float(value_added_in_trade(m).to_numpy().sum()))


def test_pymrio_import_takes_the_year_from_the_folder_or_the_option(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("HINTERLAND_HOME", str(tmp_path / "home"))
    folder = tmp_path / "pym"
    run("mrio", "export", "--table", "2018", "--format", "pymrio", "--out", str(folder))
    run("mrio", "import", str(folder), "--format", "pymrio")
    assert run_json("mrio", "info")["year"] == 2018  # from the folder's metadata
    run("mrio", "import", str(folder), "--format", "pymrio", "--year", "2019")
    assert run_json("mrio", "info")["year"] == 2019
    code, _, err = _main(monkeypatch, capsys, ["mrio", "import", str(folder), "--format", "csv",
                                               "--year", "2019"])  # fmt: skip
    assert code == 2 and "--year is for --format pymrio" in err
