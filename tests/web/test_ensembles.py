"""``/ensembles`` on a tiny run made by the CLI: the CLI's summary, names not codes, downloads."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

EXE = Path(sys.executable).with_name("hinterland")
WAIT = 60_000  # ms for a callback once the page is there (reading a tiny run takes a second)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _summary(store, run_id) -> dict:
    out = subprocess.run(
        [str(EXE), "ensemble", "summary", run_id, "--store", str(store), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(out.stdout)


def test_summary_equals_the_cli_and_parameters_have_names(page, ui, ensemble):
    store, run_id = ensemble
    s = _summary(store, run_id)
    ui.open("/ensembles?lang=en")
    expected = (
        f"{s['n_samples']} samples: national output loss mean {s['national_loss_mean']:,.1f}, "
        f"median {s['national_loss_p50']:,.1f}, 95th percentile {s['national_loss_p95']:,.1f}, "
        f"CVaR 95% (mean of the worst 5%) {s['cvar_95']:,.1f} (100 million yuan)."
    )
    page.wait_for_selector(f"#en-summary:has-text('{expected[:40]}')", timeout=WAIT)
    assert page.locator("#en-summary").inner_text() == expected
    sens = page.locator("#en-sens-data").inner_text()
    assert "Capacity shock: Hubei: share of capacity lost" in sens
    assert "Channel closure: Strait of Hormuz: share cut" in sens
    text = page.locator(".page").inner_text()
    assert "hubei_hit" not in text and "hormuz.cut" not in text
    note = page.locator("#en-spec-body .data-note").inner_text()
    assert "estimate" in note and "The spec's note (as written): Test assumptions only." in note
    with page.expect_download() as dl:
        page.click("#en-prov-btn")
    rows = list(csv.DictReader(io.StringIO(open(dl.value.path(), encoding="utf-8").read())))
    hubei = next(r for r in rows if r["adcode"] == "420000")
    assert hubei["Province"] == "Hubei"
    assert float(hubei["p95"]) == pytest.approx(s["loss_by_province"]["420000"]["p95"], rel=1e-9)
    assert not page.errors, page.errors


def test_chinese_page_names_parameters_in_chinese(page, ui, ensemble):
    ui.open("/ensembles?lang=zh")
    page.wait_for_selector(
        "#en-sens-data:has-text('产能冲击：湖北：产能损失比例')", timeout=ui.timeout
    )
    assert "通道中断：霍尔木兹海峡：削减比例" in page.locator("#en-sens-data").inner_text()
    assert "亿元" in page.locator("#en-summary").inner_text()


def test_empty_store_says_how_to_make_a_run(tmp_path):
    pytest.importorskip("dash", reason="the web extra (dash) is not installed")
    from hinterland.web import create_app
    from hinterland.web.pages import ensembles

    missing = tmp_path / "none.duckdb"
    app = create_app("zh", store=missing)
    with app.server.app_context():
        text = str(ensembles.layout("en"))
    assert f"{ensembles.MAKE_RUN} --store {missing}" in text
    assert "holds no ensemble run yet" in text
    assert not missing.exists()  # reading never creates the store


def test_a_run_id_not_in_the_store_is_refused(ensemble):
    pytest.importorskip("dash", reason="the web extra (dash) is not installed")
    from hinterland.errors import ValidationError
    from hinterland.web import create_app
    from hinterland.web.pages import ensembles

    app = create_app("zh", store=ensemble[0])
    with app.server.app_context(), pytest.raises(ValidationError, match=r"run: '\.\./x'"):
        ensembles.risk("../x")
