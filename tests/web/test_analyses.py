"""The analysis pages in a real browser show the numbers of the CLI and the API."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
EXE = Path(sys.executable).with_name("hinterland")


def _cell(page, table: str, row: str, col: int) -> str:
    return page.locator(f"#{table} tr", has_text=row).locator("td").nth(col).inner_text()


def test_corridors_closure_equals_the_cli(page, ui):
    if not EXE.exists():
        pytest.skip("the hinterland console script is not installed beside this python")
    ui.open("/corridors?lang=en")
    page.get_by_label("Strait of Malacca").uncheck()
    page.get_by_label("Strait of Hormuz").check()
    page.wait_for_selector("#co-unmet tr:has-text('Crude oil')", timeout=ui.timeout)
    page.wait_for_function(
        "() => document.querySelector('#co-summary').innerText.includes('routing cost')",
        timeout=ui.timeout,
    )
    cli = subprocess.run(
        [str(EXE), "corridors", "close", "--node", "choke_hormuz", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    unmet = json.loads(cli.stdout)["unmet_increase"]
    shown = float(_cell(page, "co-unmet", "Crude oil", 1))
    assert unmet["crude_oil"] > 0
    assert shown == pytest.approx(round(unmet["crude_oil"], 4), abs=1e-4)
    assert float(_cell(page, "co-unmet", "Natural gas", 1)) == pytest.approx(
        round(unmet["natural_gas"], 4), abs=1e-4
    )
    out = json.loads(cli.stdout)
    cost = f"closure cost {out['cost_increase'] / 1e8:,.1f} (100 million yuan)"
    assert cost in page.locator("#co-summary").inner_text()
    loss = out["economy_loss"]
    assert loss["available"] and loss["days"] == 365
    text = f"365 days of closure cost {loss['national']:,.1f} (100 million yuan)"
    page.wait_for_selector(f"#co-economy:has-text('{text}')", timeout=60_000)
    assert "ARIO model" in page.locator("#co-economy").inner_text()  # the CLI's model
    # the westward comparison: Hormuz closed with the western channels is this closure
    page.wait_for_selector("#co-west-table", timeout=ui.timeout)
    row = page.locator("#co-west-table tr", has_text="Strait of Hormuz").first
    shown = float(row.locator("td").last.inner_text())
    assert shown == pytest.approx(round(out["cost_increase"] / 1e8, 1), abs=0.05)
    assert not page.errors, page.errors


def test_shock_region_change_shows_the_api_loss(page, ui):
    from hinterland.mrio.analysis import shock
    from hinterland.mrio.store import active

    ui.open("/shock?lang=en")
    ui.pick("sh-region", "Sichuan")
    res = shock(active(), region=510000, severity=0.5, days=90, model="ario")  # the default
    text = f"National output loss {res.national_output_loss:,.1f}"
    page.wait_for_selector(f"#sh-total:has-text('{text}')", timeout=ui.timeout)
    assert "estimate" in page.locator(".data-note").inner_text()
    # the daily curve's numbers: the ARIO run of the same shock, made here from its parts
    import numpy as np

    from hinterland.mrio import dynamic
    from hinterland.mrio.analysis import rationing_arrays

    m = active()
    Z, y, x0 = rationing_arrays(m)
    params = dynamic.ARIOParams.from_table(Z, y[:, None], x0, len(m.regions), len(m.sectors))
    hit = np.asarray(m.index.get_level_values("region") == 510000)
    event = dynamic.CapitalShock.from_share(
        params.capital, 0.5, where=hit, recovery="exogenous", recovery_days=90
    )
    run = dynamic.simulate(params, event, 90)
    with page.expect_download() as dl:
        page.click("#sh-day-btn")
    assert dl.value.suggested_filename == "shock_national_output_by_day.csv"
    rows = list(csv.reader(open(dl.value.path(), encoding="utf-8")))
    assert rows[0] == ["Day", "National output (100 million yuan a day)",
                       "Baseline national output (100 million yuan a day)",
                       "National output loss (100 million yuan a day)"]  # fmt: skip
    got = np.array([[float(v) for v in r] for r in rows[1:]])
    assert got[:, 0].tolist() == list(range(1, 91))
    np.testing.assert_allclose(got[:, 1], run.production[1:].sum(axis=1), rtol=1e-9)
    np.testing.assert_allclose(got[:, 2], run.baseline.sum(), rtol=1e-12)
    np.testing.assert_allclose(got[:, 3].sum(), run.total_output_loss(), rtol=1e-9)
    assert got[:, 3].sum() == pytest.approx(res.national_output_loss, rel=1e-9)
    page.get_by_label("Capacity-constrained (static)").check()  # no days: said, not sent
    page.wait_for_selector("#sh-curve:has-text('no recovery curve')", timeout=ui.timeout)
    page.click("#sh-day-btn")
    page.wait_for_selector("#sh-msg:has-text('no recovery curve')", timeout=ui.timeout)
    assert not page.errors, page.errors


def test_linkage_text_is_the_dependence_share(page, ui):
    from hinterland.mrio.analysis import dependence
    from hinterland.mrio.store import active

    ui.open("/linkage?lang=zh")
    ui.pick("li-region", "广东")
    dep = dependence(active())
    share = dep.div(dep.sum(axis=1), axis=0).loc[440000]
    outside = share.drop(["exports", 440000]).sum()
    page.wait_for_selector(f"#li-text:has-text('广东的产出有{outside:.1%}')", timeout=ui.timeout)


def test_layout_background_job_and_bad_budget(page, ui):
    from hinterland.layout import optimize
    from hinterland.web.pages.layout import instance

    ui.open("/layout?lang=en")
    inst, _ = instance()
    sol = optimize(inst, 500.0, objective="expected", alpha=0.9)
    text = f"expected loss from {sol.expected_loss_before:,.1f} to {sol.expected_loss_after:,.1f}"
    page.wait_for_selector(f"#la-result:has-text('{text}')", timeout=ui.timeout)
    page.fill("#la-budget", "-5")
    page.click("#la-run")
    page.wait_for_selector(".error:has-text('budget must be a number')", timeout=ui.timeout)
    assert not page.errors, page.errors
