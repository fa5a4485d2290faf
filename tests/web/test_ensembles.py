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


def _hand_store(tmp_path):
    """Two hand-made runs of 4 samples: national losses, Hubei's and Hunan's, recovery days."""
    import pandas as pd

    from hinterland.scenarios.store import RunStore

    st = RunStore(tmp_path / "hand.duckdb")
    data = {
        "a": ([10.0, 20.0, 30.0, 40.0], [1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0],
              [9, 10, 11, 12]),
        "b": ([15.0, 25.0, 35.0, 45.0], [2.0, 3.0, 4.0, 5.0], [5.0, 6.0, 7.0, 8.0],
              [10, 12, float("nan"), 14]),
    }  # fmt: skip
    for rid, (nat, hubei, hunan, rec) in data.items():
        row = {"run_id": rid, "name": rid, "spec": "{}", "seed": 1, "n_samples": 4,
               "method": "lhs", "model": "ario", "unit": "亿元", "status": "finished"}  # fmt: skip
        st.create_run(row, pd.DataFrame({"x": [0.1, 0.2, 0.3, 0.4]}))
        res = [("national_loss", None, v) for v in nat] + [("recovery_days", None, v) for v in rec]
        res += [("loss_by_region", "420000", v) for v in hubei]
        res += [("loss_by_region", "430000", v) for v in hunan]
        ids = [i % 4 for i in range(len(res))]
        frame = pd.DataFrame(res, columns=["metric", "region", "value"]).assign(
            sample_id=ids, sector=None
        )
        st.write_chunk(rid, 0, 0, frame, None, 0.0)
    return st


def test_compare_gives_recovery_days_and_the_p95_by_province(tmp_path):
    from hinterland.scenarios.analysis import compare, compare_provinces

    st = _hand_store(tmp_path)
    comp = compare(st, "a", "b")
    # hand-solved: means 25 and 30; numpy's linear p95 of 10..40 is 38.5, of 15..45 is 43.5;
    # CVaR 95 is the top sample; recovery days of b: 10, 12, 14 (one sample not recovered)
    assert comp.loc["national_loss_mean"].tolist() == [25.0, 30.0, 5.0]
    assert comp.loc["national_loss_p95"].tolist() == pytest.approx([38.5, 43.5, 5.0])
    assert comp.loc["cvar_95"].tolist() == [40.0, 45.0, 5.0]
    assert comp.loc["recovery_days_mean"].tolist() == [10.5, 12.0, 1.5]
    assert comp.loc["recovery_days_p95"].tolist() == pytest.approx([11.85, 13.8, 1.95])
    prov = compare_provinces(st, "a", "b")
    assert prov.index.tolist() == [420000, 430000]
    assert prov.loc[420000].tolist() == pytest.approx([3.85, 4.85, 1.0])  # p95 of 1..4, 2..5
    assert prov.loc[430000, "difference"] == 0.0
    assert (compare(st, "a", "a")["difference"] == 0).all()  # a run against itself


def _labels(store, lang):
    from hinterland.scenarios.store import RunStore
    from hinterland.web.pages.ensembles import _option

    return {r["run_id"]: _option(r, lang)["label"] for _, r in RunStore(store).runs().iterrows()}


def _cells(page, table: str, row: str) -> list[str]:
    return page.locator(f"#{table} tr", has_text=row).first.locator("td").all_inner_texts()


def test_comparison_equals_the_api(page, ui, ensembles):
    from hinterland.scenarios.analysis import compare, compare_provinces
    from hinterland.scenarios.store import RunStore

    store, a, b, _ = ensembles
    comp = compare(RunStore(store), a, b)
    prov = compare_provinces(RunStore(store), a, b)
    ui.open("/ensembles?lang=en")
    page.wait_for_selector("#en-summary:has-text('samples')", timeout=WAIT)
    ui.pick("en-other", _labels(store, "en")[b])
    page.wait_for_selector("#ec-data", timeout=WAIT)
    for key, name in (("national_loss_mean", "National output loss, mean"),
                      ("national_loss_p50", "National output loss, median"),
                      ("national_loss_p95", "National output loss, 95th percentile"),
                      ("cvar_95", "CVaR 95%")):  # fmt: skip
        x, y, d = comp.loc[key, a], comp.loc[key, b], comp.loc[key, "difference"]
        want = [name, "100 million yuan", f"{x:,.1f}", f"{y:,.1f}", f"{d:+,.1f}"]
        assert _cells(page, "ec-data", name)[1:] == want[1:]
    assert _cells(page, "ec-data", "Samples")[2:] == ["64", "32", "-32"]
    hubei = _cells(page, "ec-prov-data", "Hubei")
    p = prov.loc[420000]
    assert hubei == ["Hubei", f"{p[a]:,.1f}", f"{p[b]:,.1f}", f"{p['difference']:+,.1f}"]
    names = page.evaluate("document.querySelector('#ec-curve .js-plotly-plot').data"
                          ".map(d => d.name)")  # fmt: skip
    assert [n.split(" (started ")[0] for n in names] == ["web_test", "web_test_b"]
    assert "Run A: web_test (started 20" in page.locator("#ec-runs").inner_text()
    with page.expect_download() as dl:
        page.click("#ec-btn")
    rows = list(csv.DictReader(io.StringIO(open(dl.value.path(), encoding="utf-8").read())))
    got = {r["figure"]: r for r in rows}
    assert got["cvar_95"]["run_a"] == a and got["cvar_95"]["run_b"] == b
    assert float(got["cvar_95"]["Difference (B − A)"]) == pytest.approx(
        comp.loc["cvar_95", "difference"], rel=1e-12
    )
    assert not page.errors, page.errors


def test_a_run_not_finished_is_named_not_compared(page, ui, ensembles):
    store, _, _, cut = ensembles
    ui.open("/ensembles?lang=zh")
    page.wait_for_selector("#en-summary:has-text('个样本')", timeout=WAIT)
    ui.pick("en-other", _labels(store, "zh")[cut])
    page.wait_for_selector("#ec-why", timeout=WAIT)
    why = page.locator("#ec-why").inner_text()
    assert "尚未完成（已中断，可续算，已完成0/64个样本）" in why
    assert f"hinterland ensemble resume {cut}" in why
    assert page.locator("#ec-data").count() == 0
    ui.pick("en-run", _labels(store, "zh")[cut])  # the page's own run: its figures flagged
    page.wait_for_selector("#en-partial", timeout=WAIT)
    partial = page.locator("#en-partial").inner_text()
    assert "尚未完成（已中断，可续算，已完成0/64个样本）" in partial
    assert not page.errors, page.errors
