"""The pages in a real browser: they load without console errors, controls update their
figures with the API's numbers, and the language switch changes every word."""

from __future__ import annotations

import re

import pytest

from hinterland.web.common import NAV

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize("path", [p for p, _ in NAV])
def test_page_loads_without_console_errors(page, ui, path):
    ui.open(path)
    assert page.locator(".header .nav-item.active").count() == 1
    assert page.locator("#lang-switch").inner_text() == "English"
    assert not page.errors, page.errors
    assert page.locator(".error").count() == 0, page.locator(".error").all_inner_texts()


def test_language_switch_changes_the_page_and_keeps_the_path(page, ui):
    ui.open("/disparity")
    zh = page.locator(".page").inner_text()
    assert "区域差距" in zh
    page.click("#lang-switch")
    page.wait_for_selector("text=Theil T of GDP per capita", timeout=ui.timeout)
    assert page.url.endswith("/disparity?lang=en")
    en = page.locator(".page").inner_text()
    # no Chinese on the English page except the names of publications in the data note
    body = en.split("Data:")[0]
    assert not re.search(r"[\u4e00-\u9fff]", body.replace("中文", "")), body[:400]
    assert page.locator("#lang-switch").inner_text() == "中文"


def test_atlas_indicator_change_shows_the_table_value(page, ui):
    from hinterland.atlas import IndicatorTable

    ui.open("/atlas?lang=en")
    ui.pick("at-indicator", "Year-end resident population")
    tbl = IndicatorTable.default()
    year = max(tbl.years("population"))
    expected = round(float(tbl.series("population", year).loc[510000]), 2)
    row = page.locator("#at-table tr", has_text="Sichuan")
    row.wait_for(timeout=ui.timeout)
    page.wait_for_function(
        "e => document.querySelector('#at-table').innerText.includes(e)",
        arg=f"{expected:g}",
        timeout=ui.timeout,
    )
    assert f"{expected:g}" in row.inner_text()
    assert "10 thousand persons" in page.locator("#at-map").inner_text()


def test_disparity_grouping_change_shows_the_api_theil(page, ui):
    from hinterland.web.pages.disparity import trend

    ui.open("/disparity?lang=en")
    ui.pick("di-by", "Third Front lines (1964), simplified to provinces")
    tr = trend("third_front")
    expected = f"Theil T {tr['theil_t'].iloc[-1]:.4f}, between {tr['theil_between'].iloc[-1]:.4f}"
    page.wait_for_selector(f"text={expected}", timeout=ui.timeout)


def test_overview_answers_at_once_and_fills_in_when_a_section_is_ready(monkeypatch):
    from concurrent.futures import Future

    from hinterland.assess import run_cached
    from hinterland.web import warm
    from hinterland.web.pages import overview

    for key in ("overview", "decomposition"):
        warm.section(key).result()
    linkage = run_cached(sections=["linkage"])["linkage"]
    pending = Future()
    monkeypatch.setitem(warm._FUTURES, "section:linkage", pending)
    page = str(overview.layout("en"))
    assert "Computing: the regional linkage" in page
    assert "Southeast of the Hu Huanyong line" in page
    assert "Interval(id='ov-tick', disabled=False" in page  # the page polls until done
    block, done = overview.body("en")
    assert not done
    pending.set_result(linkage)
    block, done = overview.body("en")
    assert done
    text = str(block)
    assert "Computing" not in text
    assert "of the output driven by" in text


SHOWN_TEXT = """() => {
  const page = document.querySelector('.page').cloneNode(true);
  // citations are in their publication's language: the data notes and the atlas' source column
  page.querySelectorAll('.data-note, td[data-dash-column="Source"]').forEach(e => e.remove());
  return page.innerText;
}"""


def _compare(page, ui, store, second, lang):
    """On /ensembles, compare the page's run with ``second`` (the comparison shows too)."""
    from hinterland.scenarios.store import RunStore
    from hinterland.web.pages.ensembles import _option

    runs = RunStore(store).runs()
    ui.pick("en-other", _option(runs[runs["run_id"] == second].iloc[0], lang)["label"])
    page.wait_for_selector("#ec-data", timeout=ui.timeout)


@pytest.mark.parametrize("path", [p for p, _ in NAV])
def test_english_pages_show_no_chinese_but_citations(page, ui, path, ensembles):
    ui.open(f"{path}?lang=en")
    page.wait_for_timeout(500)  # let the first callbacks fill their outputs
    if path == "/ensembles":
        _compare(page, ui, ensembles[0], ensembles[2], "en")
    text = page.evaluate(SHOWN_TEXT).replace("中文", "")
    found = re.findall(r".{0,30}[\u4e00-\u9fff]+.{0,30}", text)
    assert not found, found[:5]


ABBREVIATIONS = ("RBD-FAST", "CVaR", "ARIO", "IIM", "CSV", "HiGHS", "Sobol", "Saltelli", "Morris",
                 "S1", "ST", "R²", "μ*", "English")  # fmt: skip
"""Latin text a Chinese page may show: the models' and measures' proper abbreviations, the file
format, and the switch to English (the mirror of 中文 on an English page)."""

RUN_LETTER = re.compile(r"(?<=运行)[AB]|[AB](?=的95%)|B−A|B减A")
"""The comparison's runs A and B, as the page names them."""


def _verbatim(store) -> list[str]:
    """What the user wrote and the page shows as written: run names, run ids, the store path."""
    from hinterland.scenarios.store import RunStore

    runs = RunStore(store).runs()
    words = [str(store), *map(str, runs["run_id"]), *map(str, runs["name"])]
    return sorted(words, key=len, reverse=True)  # a name inside another (web_test_b) first


@pytest.mark.parametrize("path", [p for p, _ in NAV])
def test_chinese_pages_show_no_english_but_citations_codes_and_abbreviations(
    page, ui, path, ensembles
):
    store, _, second, _ = ensembles
    ui.open(f"{path}?lang=zh")
    page.wait_for_timeout(500)  # let the first callbacks fill their outputs
    if path == "/ensembles":
        _compare(page, ui, store, second, "zh")
    text = page.evaluate(SHOWN_TEXT.replace('"Source"', '"来源"'))
    for word in [*_verbatim(store), *ABBREVIATIONS]:
        text = text.replace(word, " ")
    text = RUN_LETTER.sub(" ", text)
    found = re.findall(r".{0,20}[A-Za-z]+.{0,20}", text)
    assert not found, found[:5]
