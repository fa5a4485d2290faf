"""The command line: JSON/CSV output equal to the API, and one-line errors with exit code 2."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hinterland import cli
from hinterland.atlas import IndicatorTable, grouping
from hinterland.atlas.huline import hu_line
from hinterland.coordination import convergence, disparity, share

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(cli.app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def run_json(*args: str):
    return json.loads(run(*args, "--format", "json").stdout)


# --- analyses -------------------------------------------------------------------------------


def test_disparity_json_equals_the_api():
    out = run_json(
        "disparity", "--indicator", "gdp_per_capita", "--year", "2023", "--by", "four_blocs"
    )
    api = disparity("gdp_per_capita", 2023, by="four_blocs").to_dict()
    for key in ("theil_t", "theil_between", "theil_within", "theil_l", "gini", "cv_weighted"):
        assert out[key] == api[key], key
    assert out["theil_t"] == pytest.approx(out["theil_between"] + out["theil_within"], abs=1e-12)
    assert out["n"] == 31
    assert out["by"] == "four_blocs"
    assert out["weighted"] is True


def test_disparity_unweighted_flag():
    out = run_json("disparity", "--year", "2023", "--unweighted")
    assert out["weighted"] is False
    assert out["theil_t"] == disparity("gdp_per_capita", 2023, weighted=False).theil_t.total


def test_convergence_json_equals_the_api():
    out = run_json("convergence", "--indicator", "gdp_per_capita", "--from", "2005", "--to", "2023")
    api = convergence("gdp_per_capita", 2005, 2023)
    assert out["from"] == 2005
    assert out["to"] == 2023
    assert out["years"] == api.years
    assert out["beta"]["beta"] == api.beta.beta
    assert out["beta"]["alpha"] == api.beta.alpha
    assert out["sigma"]["std_log"] == api.sigma.std_log.tolist()
    assert out["prices"] == "current (nominal)"


def test_huline_json_equals_the_api():
    out = run_json("huline", "--year", "2020")
    api = hu_line(2020)
    assert out["area_share_se"] == api.area_share_se
    assert out["pop_share_se"] == api.pop_share_se
    assert out["area_share_se"] == pytest.approx(0.438, abs=0.01)
    assert {510000, 530000, 610000, 150000, 230000} <= set(out["crossed_provinces"])
    assert out["estimate"] is False


def test_share_json_equals_the_api():
    out = run_json("share", "--indicator", "gdp", "--year", "2023", "--group", "chengdu_chongqing")
    api = share("gdp", 2023, "chengdu_chongqing")
    assert out == json.loads(json.dumps(api))
    # Sichuan 61353.4 + Chongqing 30614.3 亿元: 2023 after the 5th economic census revision (NBS
    # export 分省年度数据2023.csv, Liushenwuzhu-Alpaca/province-economy @94b1291), the default
    assert out["value"] == pytest.approx(91967.7)
    assert out["of"] == "four_blocs:west"


def test_table_format_prints_the_figures():
    out = run("disparity", "--year", "2023").stdout
    assert "theil_t" in out
    assert "gini" in out


# --- atlas ----------------------------------------------------------------------------------


def test_atlas_regions_csv_has_31_rows():
    rows = list(csv.DictReader(io.StringIO(run("atlas", "regions", "--format", "csv").stdout)))
    assert len(rows) == 31
    assert rows[0]["adcode"] == "110000"
    assert rows[22]["name_en"] == "Sichuan"
    assert "source" not in rows[0]


def test_atlas_indicators_lists_stored_and_derived(table):
    rows = run_json("atlas", "indicators")
    by_code = {r["indicator"]: r for r in rows}
    assert list(by_code) == table.indicators()
    assert by_code["gdp"]["unit"] == "亿元"
    assert by_code["gdp"]["derived"] is False
    assert by_code["gdp_per_capita"]["derived"] is True
    assert 2023 in by_code["gdp"]["years"] and by_code["gdp"]["years"] == sorted(
        by_code["gdp"]["years"]
    )
    # the terminal table: years as runs (gdp has every year 2000-2024), counts right-aligned
    shown = runner.invoke(cli.app, ["atlas", "indicators"], env={"COLUMNS": "160"}).output
    gdp = next(line for line in shown.splitlines() if line.startswith("│ gdp "))
    assert "2000-2024" in gdp and "2001" not in gdp
    assert "gdp" in run("atlas", "indicators").stdout


def test_atlas_indicators_one_year(table):
    rows = run_json("atlas", "indicators", "--indicator", "gdp", "--year", "2023")
    values = {r["adcode"]: r["gdp"] for r in rows}
    assert len(values) == 31
    assert values[510000] == table.series("gdp", 2023)[510000] == 61353.4  # 5th-census revised


def test_atlas_groups_four_blocs():
    rows = run_json("atlas", "groups", "four_blocs")
    assert [r["group"] for r in rows] == ["east", "central", "west", "northeast"]
    g = grouping("four_blocs")
    for r in rows:
        assert tuple(int(a) for a in r["adcodes"].split()) == g.group(r["group"]).adcodes
    assert [len(r["adcodes"].split()) for r in rows] == [10, 6, 12, 3]


def test_atlas_groups_lists_the_groupings():
    rows = run_json("atlas", "groups")
    names = {r["grouping"]: r for r in rows}
    assert names["four_blocs"]["partition"] is True
    assert names["coastal"]["partition"] is False
    assert len(names) == 10


def test_atlas_export(tmp_path):
    out = tmp_path / "panel.csv"
    result = run("atlas", "export", "--out", str(out))
    assert result.stdout.startswith(f"wrote {len(IndicatorTable.default().data)} rows")
    reread = IndicatorTable.from_csv(out)
    # the 31 provinces in 2023 after the 5th economic census revision (NBS exports)
    assert reread.series("gdp", 2023).sum() == pytest.approx(1283801.5)


# --- errors ---------------------------------------------------------------------------------

YEARS_GDP_PC = r"2000, 2001, 2002"
GROUPINGS = (
    "city_clusters, coastal, computing_hubs, four_blocs, innovation_zones, land_border, "
    "new_areas, pilot_ftz, third_front, yangtze_belt"
)


def _bad_grouping_file(tmp_path: Path) -> str:
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\nsource: s\nmembers:\n  a:\n    adcodes: [510000, 999999]\n")
    return str(path)


ERROR_CASES = [
    (
        ["disparity", "--indicator", "nope"],
        r"error: unknown indicator 'nope'; valid: exports, gdp, gdp_index, gdp_per_capita, "
        r".*population, ",
    ),
    (["disparity", "--by", "nope"], rf"error: unknown grouping 'nope'; valid: {GROUPINGS}"),
    (
        ["disparity", "--year", "1990"],
        rf"error: unknown year for indicator gdp_per_capita 1990; valid: {YEARS_GDP_PC}",
    ),
    (["share", "--group", "nope"], rf"error: unknown grouping 'nope'; valid: {GROUPINGS}"),
    (
        ["share", "--group", "four_blocs"],
        r"error: 'four_blocs' is a grouping with several groups; name one as four_blocs:<code> "
        r"\(codes: east, central, west, northeast\)",
    ),
    (
        ["share", "--group", "four_blocs:south"],
        r"error: unknown group of four_blocs 'south'; valid: central, east, northeast, west",
    ),
    (["atlas", "groups", "nope"], rf"error: unknown grouping 'nope'; valid: {GROUPINGS}"),
    (
        ["atlas", "indicators", "--indicator", "gdp", "--year", "1990"],
        r"error: unknown year for indicator gdp 1990; valid: 2000, 2001, ",
    ),
    (
        ["huline", "--year", "1990"],
        r"error: unknown year for indicator population 1990; valid: 2000, ",
    ),
    (
        ["huline", "--kind", "straight"],
        r"error: unknown Hu line kind 'straight'; valid: albers, geodesic, lonlat",
    ),
    (
        ["convergence", "--from", "1990"],
        rf"error: no gdp_per_capita for 1990; years with data: {YEARS_GDP_PC}",
    ),
    (
        ["concentration", "--indicator", "nope"],
        r"error: unknown indicator 'nope'; valid: exports, gdp, ",
    ),
    (
        ["disparity", "--by", "{bad_file}"],
        r"error: .*mine\.yaml: group 'a': unknown province adcode\(s\) \[999999\]; expected codes "
        r"of the 31 mainland provinces such as 510000",
    ),
]


def _main(monkeypatch, capsys, argv):
    monkeypatch.setattr(sys, "argv", ["hinterland", *argv])
    with pytest.raises(SystemExit) as e:
        cli.main()
    out, err = capsys.readouterr()
    return e.value.code, out, err


@pytest.mark.parametrize(
    ("argv", "message"), ERROR_CASES, ids=lambda v: " ".join(v) if isinstance(v, list) else None
)
def test_bad_input_exits_2_with_one_line(monkeypatch, capsys, tmp_path, argv, message):
    argv = [a.replace("{bad_file}", _bad_grouping_file(tmp_path)) for a in argv]
    code, out, err = _main(monkeypatch, capsys, argv)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert re.match(message, lines[0]), lines[0]


def test_malformed_prefectures_in_grouping_file_exit_2(monkeypatch, capsys, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: mine\nsource: s\nmembers:\n  a:\n    adcodes: [510000]\n"
        "    prefectures: {Sichuan: [510100]}\n"
    )
    code, _, err = _main(monkeypatch, capsys, ["disparity", "--by", str(path)])
    assert code == 2
    assert err.startswith("error: ")


def test_success_exits_0_through_main(monkeypatch, capsys):
    code, out, err = _main(monkeypatch, capsys, ["atlas", "regions", "--format", "csv"])
    assert code == 0
    assert err == ""
    assert len(out.strip().splitlines()) == 32


def test_installed_entry_point_exits_2_without_traceback():
    exe = Path(sys.executable).with_name("hinterland")
    proc = subprocess.run(
        [str(exe), "disparity", "--indicator", "nope"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("error: unknown indicator 'nope'; valid: exports, gdp, gdp_index")


def test_every_option_of_every_command_says_what_it_is():
    import typer

    from hinterland.cli import app

    def walk(c, path):
        if hasattr(c, "commands"):
            for n, sub in c.commands.items():
                yield from walk(sub, [*path, n])
        else:
            yield path, c

    silent = [
        f"{' '.join(path)} {p.opts[0]}"
        for path, c in walk(typer.main.get_command(app), [])
        for p in c.params
        if type(p).__name__.endswith("Option") and p.name != "help" and not (p.help or "").strip()
    ]
    assert not silent, silent
