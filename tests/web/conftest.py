"""A live app on a loopback port and a headless Debian chromium driven by Playwright."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


EXE = Path(sys.executable).with_name("hinterland")

TINY_SPEC = """
name: web_test
note: Test assumptions only.
source: none (test)
model: {kind: capacity}
sampling: {method: lhs, chunk_size: 32}
outputs: [national_loss, loss_by_region]
events:
  - name: hubei_hit
    kind: capacity
    provinces: [420000]
    severity: {dist: uniform, low: 0.1, high: 0.5}
  - name: hormuz
    kind: channel
    nodes: [choke_hormuz]
    cut: {dist: discrete, values: [0.0, 1.0], probabilities: [0.5, 0.5]}
    industries: {crude_oil: ["11"]}
    pass_through: {dist: uniform, low: 0.1, high: 0.5}
"""
"""A tiny ensemble (static model, 64 samples: enough for given-data sensitivity; seconds)."""


SECOND_SPEC = TINY_SPEC.replace("name: web_test", "name: web_test_b").replace(
    "low: 0.1, high: 0.5}\n  - name: hormuz", "low: 0.4, high: 0.9}\n  - name: hormuz"
)
"""The tiny ensemble with a harder hit on Hubei (40-90% of capacity), to compare with."""


def _make_run(folder: Path, store: Path, name: str, text: str, n: int, seed: int) -> str:
    spec = folder / f"{name}.yaml"
    spec.write_text(text, encoding="utf-8")
    cmd = [str(EXE), "ensemble", "run", str(spec), "--n", str(n), "--seed", str(seed)]
    out = subprocess.run(
        [*cmd, "--workers", "0", "--store", str(store), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(out.stdout)["run_id"]


@pytest.fixture(scope="session")
def ensembles(tmp_path_factory):
    """A run store made by the CLI: ``(store, run, second run, a run not finished)``.

    The first run is the newest (the page's default). The second, older, hits Hubei harder
    with another seed and 32 samples. The third is the first's row copied as a run killed
    before its first chunk: status ``interrupted``, no sample done, started a day earlier.
    """
    if not EXE.exists():
        pytest.skip("the hinterland console script is not installed beside this python")
    import duckdb

    folder = tmp_path_factory.mktemp("ensemble")
    store = folder / "runs.duckdb"
    second = _make_run(folder, store, "second", SECOND_SPEC, 32, 11)
    first = _make_run(folder, store, "tiny", TINY_SPEC, 64, 5)
    cut = "cut-short"
    con = duckdb.connect(str(store))
    try:
        con.execute(
            "INSERT INTO runs SELECT * REPLACE (? AS run_id, 'interrupted' AS status, "
            "NULL AS finished, started - INTERVAL 1 DAY AS started) FROM runs WHERE run_id = ?",
            [cut, first],
        )
    finally:
        con.close()
    return store, first, second, cut


@pytest.fixture(scope="session")
def ensemble(ensembles):
    """The store and its newest run: ``(store path, run id)``."""
    return ensembles[0], ensembles[1]


@pytest.fixture(scope="session")
def base_url(ensemble):
    pytest.importorskip("dash", reason="the web extra (dash) is not installed")
    waitress = pytest.importorskip("waitress", reason="the web extra (waitress) is not installed")
    from hinterland.web import create_app

    app = create_app("zh", store=ensemble[0])
    server = waitress.create_server(app.server, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture(scope="session")
def browser():
    sync = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip("no chromium at /usr/bin/chromium (apt-get install -y chromium)")
    with sync.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and page errors in ``page.errors``."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    yield pg
    ctx.close()


LOAD_MS = 300_000  # first load computes a page's sections (cached afterwards); slow on busy CI


class UI:
    """Helpers over a Playwright page: open a path and wait for it, choose in a dropdown."""

    timeout = LOAD_MS

    def __init__(self, page, base_url):
        self.page, self.base = page, base_url

    def open(self, path: str) -> None:
        self.page.goto(f"{self.base}{path}")
        self.page.wait_for_selector(".page h1", timeout=LOAD_MS)
        self.page.wait_for_load_state("networkidle", timeout=LOAD_MS)

    def pick(self, dropdown: str, option: str) -> None:
        """Choose ``option`` (its shown text) in the Dash dropdown ``#dropdown``."""
        self.page.click(f"#{dropdown}")
        self.page.get_by_role("option", name=option, exact=True).click()
        self.page.keyboard.press("Escape")


@pytest.fixture
def ui(page, base_url):
    return UI(page, base_url)
