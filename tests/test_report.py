"""The assess report: complete, offline, in both languages, with the API's numbers."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from hinterland.atlas.huline import hu_line
from hinterland.coordination import disparity
from hinterland.report import write_report


def visible_text(html: str) -> str:
    """The text a reader sees: no scripts, styles or tags (plotly.js and chart data excluded)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def assessment():
    """One run of every section, rendered in both languages (the report computes nothing)."""
    from hinterland.assess import run

    return run()


@pytest.fixture(scope="module")
def reports(tmp_path_factory, assessment):
    out = tmp_path_factory.mktemp("reports")
    return {
        lang: write_report(out / lang, lang=lang, assessment=assessment) for lang in ("zh", "en")
    }


def test_report_is_self_contained_and_offline(reports):
    for path in reports.values():
        html = path.read_text(encoding="utf-8")
        assert "Plotly" in html  # plotly.js is embedded
        assert not re.search(r"<script[^>]+src=", html)  # no external scripts at all
        assert not re.search(r"<link[^>]+href=[\"']https?:", html)  # no external styles
        assert (path.parent / "tables" / "indicator_panel.csv").exists()


def test_report_sections_are_in_the_chosen_language(reports):
    zh = reports["zh"].read_text(encoding="utf-8")
    en = reports["en"].read_text(encoding="utf-8")
    for title in (
        "总体格局与胡焕庸线",
        "泰尔指数分解",
        "历史参照",
        "数据来源与核对情况",
        "区域关联",
    ):
        assert title in zh
    for title in (
        "Hu Huanyong line",
        "Theil decomposition",
        "Historical reference",
        "Data sources and checking",
        "Regional linkage",
    ):
        assert title in en
    assert 'lang="zh-CN"' in zh and 'lang="en"' in en


def test_report_tables_carry_the_api_numbers(reports):
    tables = reports["zh"].parent / "tables"
    hu = pd.read_csv(tables / "hu_line_shares.csv", encoding="utf-8-sig", index_col=0)
    assert hu.iloc[0, 0] == pytest.approx(hu_line(2020).area_share_se, rel=1e-12)
    theil = pd.read_csv(tables / "theil_four_blocs_2023.csv", encoding="utf-8-sig", index_col=0)
    d = disparity("gdp_per_capita", 2023, by="four_blocs")
    np.testing.assert_allclose(theil["between_contribution"].sum(), d.theil_t.between)
    # the paper's derived figure is in the text
    assert "54.97%" in reports["zh"].read_text(encoding="utf-8")


def test_report_runs_its_mrio_sections_on_the_shipped_china_estimate(reports):
    html = reports["en"].read_text(encoding="utf-8")
    assert "No multi-regional input-output table is available" not in html
    assert "This table is a model estimate" in html
    assert "MRIO table 2020 (estimated), key sectors" in html


def test_report_with_an_active_estimated_table(tmp_path, synthetic_china):
    from hinterland.mrio.store import set_active

    set_active(synthetic_china(2007))
    path = write_report(tmp_path / "r", lang="en")
    html = path.read_text(encoding="utf-8")
    assert "This table is a model estimate" in html
    # the backup layout is built from the table's key sectors, and names them (NBS 17 labels)
    assert (
        "MRIO table 2010 (estimated), key sectors: Manufacture of Machinery and Equipment; "
        "Chemical Industry; Manufacture and Processing of Metals and Metal Products; Coking, Gas "
        "and Processing of Petroleum; Production and Supply of Electric Power"
    ) in html
    placements = pd.read_csv(path.parent / "tables" / "layout_placements.csv", encoding="utf-8-sig")
    assert set(placements["industry"]) <= {"MACH", "CHEM", "METL", "PETR", "ELEC"}
    exposure = pd.read_csv(path.parent / "tables" / "mrio_exposure.csv", encoding="utf-8-sig")
    assert len(exposure) == 17
    assert (
        (exposure["frontline_output_share"] >= 0) & (exposure["frontline_output_share"] <= 1)
    ).all()


def test_unknown_language_is_refused(tmp_path):
    from hinterland.errors import ValidationError

    with pytest.raises(ValidationError, match="unknown language 'fr'"):
        write_report(tmp_path / "x", lang="fr")
    assert not (tmp_path / "x").exists()  # nothing partial written


def test_report_has_the_strategic_channels_section(reports):
    html = reports["en"].read_text(encoding="utf-8")
    assert "Strategic channels" in html
    tables = reports["en"].parent / "tables"
    west = pd.read_csv(tables / "corridor_western_comparison.csv", encoding="utf-8-sig")
    assert len(west) == 2 * 7  # baseline + six chokepoints, each with and without the west
    crit = pd.read_csv(tables / "corridor_criticality_n1.csv", encoding="utf-8-sig")
    assert crit["unmet_share"].is_monotonic_decreasing
    # the worst-closure table lists only closures that leave demand unmet, at a cost >= 0
    assert (crit["unmet_share"] > 0).all() and (crit["cost_increase"] >= 0).all()
    np.testing.assert_allclose(
        crit["cost_increase"], crit["transport_cost_change"] + crit["unmet_value"], rtol=1e-12
    )
    text = visible_text(html)
    assert "edge:" not in text and "node:" not in text  # names, not ids
    assert "Strait of Hormuz closed" in text


def test_report_has_the_backup_layout_section(reports):
    html = reports["en"].read_text(encoding="utf-8")
    assert "Key-industry backup layout" in html and "illustrative default instance" not in html
    zh = reports["zh"].read_text(encoding="utf-8")
    assert "示意性默认实例" not in zh  # the China table's instance, not the illustrative one
    assert "长三角枢纽" in zh  # hub sites by their names, not codes
    tables = reports["en"].parent / "tables"
    front = pd.read_csv(tables / "layout_frontier.csv", encoding="utf-8-sig")
    assert front["expected_loss"].is_monotonic_decreasing
    hubs = pd.read_csv(tables / "hub_siting.csv", encoding="utf-8-sig")
    assert hubs["mean_distance"].is_monotonic_decreasing  # more hubs, nearer demand
    # priced sites trade distance for cheaper power: never nearer than the distance-only ones
    assert (hubs["mean_distance_operating"] >= hubs["mean_distance"] - 1e-9).all()
    data = pd.read_csv(tables / "hub_site_data.csv", encoding="utf-8-sig", index_col=0)
    # atlas copies (docs/data/energy.md): Guizhou hub at Guiyang, coal benchmark 0.3515
    # yuan/kWh, NEA 2023 renewable share 36.9%
    assert data.loc["Guizhou hub", "power_price"] == 0.3515
    assert data.loc["Guizhou hub", "renewable_share_pct"] == 36.9
    coord = pd.read_csv(tables / "layout_coordination.csv", encoding="utf-8-sig")
    assert (coord["hinterland_share"] >= coord["epsilon"] - 1e-9).all()
    assert (coord["cost"] <= 500 + 1e-6).all()


ZH_ALLOWED = {
    # proper names and accepted abbreviations a Chinese report keeps in Latin letters
    "GDP", "MRIO", "CVaR", "HiGHS", "PySAL", "spopt", "TEU", "NBS", "CSV", "GIS", "HHI", "CR",
    "Ghosh", "hinterland", "ln", "ARIO", "FLQ", "LISA",
}  # fmt: skip


def _scanned(path) -> str:
    """Visible text less citations (<cite>), codes and file names (<code>, paths) and numbers."""
    import html as h

    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(script|style|code|cite)\b.*?</\1>", " ", page, flags=re.S)
    text = h.unescape(re.sub(r"<[^>]+>", " ", page))
    text = re.sub(r"\S*/\S*|\S+\.(md|yaml|csv)\b", " ", text)
    return re.sub(r"\d+(\.\d+)?e[-+]\d+", " ", text)


FIGURE_TEXT = re.compile(r'"(?:name|text|hovertemplate)":\s*("(?:[^"\\]|\\.)*"|\[[^\]]*\])')


def _figure_text(path) -> str:
    """The words the charts show (trace names, titles, labels, hover text), from their JSON."""
    import json

    page = path.read_text(encoding="utf-8")
    out = []
    for script in re.findall(r"<script[^>]*>(.*?)</script>", page, flags=re.S):
        if "Plotly.newPlot" not in script or len(script) > 2_000_000:  # not plotly.js itself
            continue
        for raw in FIGURE_TEXT.findall(script):
            try:
                value = json.loads(raw)
            except ValueError:
                continue
            out += [
                v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)
            ]
    text = " ".join(out)
    text = re.sub(r"%\{[^}]*\}|<[^>]+>", " ", text)  # hover placeholders, <br>, <b>
    return re.sub(r"\S*/\S*|\d+(\.\d+)?e[-+]\d+", " ", text)


def test_the_zh_report_has_no_english_words_and_the_en_report_no_chinese(reports):
    for text in (_scanned(reports["zh"]), _figure_text(reports["zh"])):
        words = set(re.findall(r"[A-Za-z]{2,}", text))  # one letter: a symbol
        assert words <= ZH_ALLOWED, sorted(words - ZH_ALLOWED)
    for text in (_scanned(reports["en"]), _figure_text(reports["en"])):
        chinese = re.findall(r"[\u3400-\u9fff]+", text)
        assert not chinese, chinese[:20]
    assert len(_figure_text(reports["zh"])) > 1000  # the charts' text was found
    for lang, yes in (("zh", ("是", "否")), ("en", ("yes", "no"))):
        text = visible_text(reports[lang].read_text(encoding="utf-8"))
        assert "True" not in text and "False" not in text
        assert any(y in text for y in yes)


def test_sections_are_numbered_without_gaps_and_findings_come_first(reports):
    zh = visible_text(reports["zh"].read_text(encoding="utf-8"))
    en = visible_text(reports["en"].read_text(encoding="utf-8"))
    from hinterland.report.render import zh_number

    numerals = re.findall(r"([一二三四五六七八九十]+)、", zh.split("目录")[1])[:13]
    assert numerals == [zh_number(i) for i in range(1, 14)]
    assert "一、主要结论" in zh and "1. Key findings" in en
    numbers = [int(n) for n in re.findall(r"(\d+)\. [A-Z]", en.split("Contents")[1])[:13]]
    assert numbers == list(range(1, len(numbers) + 1))
    # each finding links to its section
    page = reports["en"].read_text(encoding="utf-8")
    findings = page.split("class='findings'>")[1].split("</ul>")[0]
    assert {"#trends", "#products", "#channels", "#layout"} <= set(
        re.findall(r'href="(#\w+)"', findings)
    )


def test_charts_download_as_images_and_the_page_prints(reports):
    page = reports["zh"].read_text(encoding="utf-8")
    assert '"modeBarButtons": [["toImage"]]' in page
    assert "@media print" in page


def test_chart_axes_count_in_thousands_but_years_stay_years():
    from hinterland.report import figures as fg

    years = pd.DataFrame({"a": [1500.0, 60000.0]}, index=[2019, 2020])
    fig = fg.lines(years, "t", "zh")
    assert fig.layout.xaxis.separatethousands is not True  # 2020, never 2,020
    assert fig.layout.yaxis.separatethousands and fig.layout.yaxis.exponentformat == "none"
    budget = fg.lines(years.set_axis([500.0, 1500.0]), "t", "zh", xtitle="预算")
    assert budget.layout.xaxis.separatethousands  # 1,500, not 1.5k


def test_blocs_keep_one_colour_and_the_official_order_in_every_chart():
    from hinterland.report import figures as fg

    colours = fg.group_colours("four_blocs", "zh")
    assert list(colours) == ["东部", "中部", "西部", "东北"]  # the official order
    assert fg.in_group_order(["东北", "西部", "其他", "东部", "中部"], "zh") == [
        "东部", "中部", "西部", "东北", "其他"
    ]  # fmt: skip
    frame = pd.DataFrame({"西部": [1.0], "东部": [2.0]}, index=[2020])
    fig = fg.lines(frame, "t", "zh", colours=colours)
    assert {tr.name: tr.line.color for tr in fig.data} == {
        "西部": colours["西部"], "东部": colours["东部"]
    }  # fmt: skip
    bars = fg.bars(
        pd.DataFrame({"x": [1.0, 2.0]}, index=["东北", "东部"]), "t", "zh",
        colours=colours, by_category=True,
    )  # fmt: skip
    assert list(bars.data[0].marker.color) == [colours["东北"], colours["东部"]]
    # the bloc map draws them in the same colours
    assign = pd.Series({110000: "east", 140000: "central"})
    codes = fg.group_colours("four_blocs")
    assert codes["east"] == colours["东部"] and codes["central"] == colours["中部"]
    assert assign.map(codes).tolist() == [colours["东部"], colours["中部"]]


def test_the_channel_finding_names_the_commodity_and_its_share(reports):
    # the worst closure's unmet crude over national crude import demand (the API's frame, written
    # beside the report), as the finding prints it: never a sum of shares called "imports"
    from hinterland.corridors.network import CorridorNetwork

    crit = pd.read_csv(reports["zh"].parent / "tables" / "corridor_criticality_n1.csv")
    demand = CorridorNetwork.default().demand["demand"].groupby(level="commodity").sum()
    share = crit["unmet_crude_oil"].iloc[0] / demand["crude_oil"]
    zh = visible_text(reports["zh"].read_text(encoding="utf-8"))
    en = visible_text(reports["en"].read_text(encoding="utf-8"))
    assert f"原油进口需求的{share:.1%}无法满足" in zh
    assert f"{share:.1%} of national crude oil import demand unmet" in en
