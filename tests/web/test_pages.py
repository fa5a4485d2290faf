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


@pytest.mark.parametrize("path", [p for p, _ in NAV])
def test_english_pages_show_no_chinese_but_citations(page, ui, path):
    ui.open(f"{path}?lang=en")
    page.wait_for_timeout(500)  # let the first callbacks fill their outputs
    text = page.evaluate(SHOWN_TEXT).replace("中文", "")
    found = re.findall(r".{0,30}[\u4e00-\u9fff]+.{0,30}", text)
    assert not found, found[:5]
