"""``hinterland serve``: option bounds are one-line errors; a non-loopback host warns."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXE = Path(sys.executable).with_name("hinterland")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(EXE), "serve", *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--port", "70000"), "error: --port must be in 1..65535; got 70000"),
        (("--port", "0"), "error: --port must be in 1..65535; got 0"),
        (("--threads", "0"), "error: --threads must be in 1..64; got 0"),
        (("--store", "/"), "error: --store: / is not a file"),
    ],
)
def test_bad_options_are_one_line_errors(args, message):
    if not EXE.exists():
        pytest.skip("the hinterland console script is not installed beside this python")
    res = _run(*args)
    assert res.returncode == 2
    assert res.stderr.strip() == message
    assert "Traceback" not in res.stderr


def test_app_is_bounded_and_not_debug():
    pytest.importorskip("dash", reason="the web extra (dash) is not installed")
    from hinterland.web import create_app
    from hinterland.web.app import MAX_REQUEST_BYTES

    server = create_app("en").server
    assert server.config["MAX_CONTENT_LENGTH"] == MAX_REQUEST_BYTES
    assert not server.debug
    client = server.test_client()
    big = b"{" + b" " * (MAX_REQUEST_BYTES + 1) + b"}"
    res = client.post(
        "/_dash-update-component", data=big, headers={"Content-Type": "application/json"}
    )
    assert res.status_code == 413
    assert b"Traceback" not in res.data


def test_a_request_for_no_callback_is_one_log_line_not_a_traceback(caplog):
    pytest.importorskip("dash", reason="the web extra (dash) is not installed")
    from hinterland.web import create_app

    client = create_app("en").server.test_client()
    body = {
        "output": "nothing.children",
        "outputs": {"id": "nothing", "property": "children"},
        "inputs": [{"id": "nothing", "property": "value", "value": 1}],
        "changedPropIds": ["nothing.value"],
    }
    with caplog.at_level("ERROR", logger="hinterland.web"):
        res = client.post("/_dash-update-component", json=body)
    assert res.status_code == 500
    assert b"Traceback" not in res.data
    failed = [r for r in caplog.records if r.getMessage().startswith("request failed: ")]
    assert len(failed) == 1 and failed[0].exc_info is None
