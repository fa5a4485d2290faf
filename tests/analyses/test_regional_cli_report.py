"""The new atlas commands (export to stdout, autocorrelation, real convergence, shift-share),
their assessment sections and report sections in both languages."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from hinterland import cli
from hinterland.atlas import IndicatorTable
from hinterland.growth import real_convergence
from hinterland.spatial import autocorrelation

runner = CliRunner()


def _run(*args: str):
    result = runner.invoke(cli.app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def test_atlas_export_prints_csv_with_edition_and_checked(table):
    out = _run("atlas", "export").stdout
    frame = pd.read_csv(io.StringIO(out), dtype={"value": float})
    assert {"edition", "checked", "read_from", "source"} <= set(frame.columns)
    assert len(frame) == len(table.data)
    tianjin = frame[(frame["adcode"] == 120000) & (frame["indicator"] == "gdp")]
    assert tianjin.set_index("year").loc[2017, "edition"] == "rev2019"


def test_atlas_export_first_edition_and_all_editions(tmp_path):
    out = tmp_path / "first.csv"
    assert _run("atlas", "export", "--edition", "first", "--out", str(out)).stdout.startswith(
        "wrote "
    )
    first = IndicatorTable.from_csv(out)
    assert first.series("gdp", 2017)[120000] == 18549.19  # first published
    every = pd.read_csv(io.StringIO(_run("atlas", "export", "--all-editions").stdout))
    assert len(every) == len(IndicatorTable.default().rows)


def test_bad_edition_is_one_line():
    result = runner.invoke(cli.app, ["atlas", "export", "--edition", "newest"])
    assert result.exit_code != 0
    assert "edition 'newest' is not one of latest, first" in str(result.exception)


def test_autocorrelation_json_equals_the_api():
    out = json.loads(_run("autocorrelation", "--year", "2023", "--format", "json").stdout)
    api = autocorrelation("gdp_per_capita", 2023)
    assert out["I"] == pytest.approx(api.moran.I)
    assert out["clusters"] == api.to_dict()["clusters"]
    assert len(out["lisa"]) == 31


def test_real_convergence_cli_equals_the_api():
    out = json.loads(
        _run("real-convergence", "--from", "2005", "--to", "2024", "--format", "json").stdout
    )
    api = real_convergence(2005, 2024)
    assert out["real"]["beta"]["beta"] == pytest.approx(api.real_beta.beta)
    assert out["nominal"]["beta"]["beta"] == pytest.approx(api.nominal.beta.beta)


def test_shift_share_cli_components_add_up():
    out = json.loads(_run("shift-share", "--by", "third_front", "--format", "json").stdout)
    for row in out:
        parts = row["national_growth"] + row["industry_mix"] + row["regional_shift"]
        assert parts == pytest.approx(row["change"], rel=1e-9, abs=1e-6)


def test_convergence_takes_an_edition():
    latest = json.loads(_run("convergence", "--format", "json").stdout)
    first = json.loads(_run("convergence", "--edition", "first", "--format", "json").stdout)
    assert latest["edition_breaks"] != first["edition_breaks"]
    assert 2018 in first["edition_breaks"] and 2018 not in latest["edition_breaks"]


@pytest.fixture(scope="module")
def regional_reports(tmp_path_factory):
    from hinterland.assess import run
    from hinterland.report import write_report

    a = run(sections=["trends", "real_convergence", "lisa", "transfer", "sources"])
    for key in ("real_convergence", "lisa", "transfer", "sources"):
        assert a[key].error is None, a[key].error
    out = tmp_path_factory.mktemp("regional")
    return {lang: write_report(out / lang, lang=lang, assessment=a) for lang in ("zh", "en")}


def test_report_shows_real_convergence_lisa_and_transfer(regional_reports):
    zh = regional_reports["zh"].read_text(encoding="utf-8")
    en = regional_reports["en"].read_text(encoding="utf-8")
    for text in (
        "不变价收敛",
        "空间自相关",
        "集聚类型",
        "产业转移",
        "两份独立副本一致",
        "版本变化",
    ):
        assert text in zh
    for text in ("Convergence at constant prices", "Spatial autocorrelation", "Industry transfer",
                 "two independent copies agree", "edition change"):  # fmt: skip
        assert text in en
    for leak in (
        "不显著",
        "高-高集聚",
        "四经普修订",
        "北京",
        "东部",
        "三线",
        "万台",
    ):  # publication titles stay as printed
        assert leak not in en
    tables = regional_reports["zh"].parent / "tables"
    lisa = pd.read_csv(tables / "lisa_gdp_per_capita.csv", encoding="utf-8-sig")
    assert len(lisa) == 31
