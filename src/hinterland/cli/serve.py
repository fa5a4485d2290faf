"""``hinterland serve``: the web app on waitress (loopback by default, debug off)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import typer

from hinterland.cli._app import app
from hinterland.cli._output import Lang
from hinterland.errors import ValidationError

LOOPBACK = ("127.0.0.1", "localhost", "::1")
CONNECTION_LIMIT = 256
"""Open connections waitress accepts at once (its default of 100 is near 50 busy clients)."""


class _Sparse(logging.Filter):
    """Let through one record per logger per ``seconds``.

    Waitress warns "Task queue depth is N" for every request that waits for a thread: normal
    under load, and a line per request would flood the log (with stderr on a pipe that nobody
    drains fast enough, the server's main loop would block on the write).
    """

    def __init__(self, seconds: float = 60.0) -> None:
        super().__init__()
        self.seconds, self._last = seconds, -float("inf")

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        if now - self._last < self.seconds:
            return False
        self._last = now
        return True


def _logging() -> None:
    """One line per record on stderr; waitress's queue warning at most once a minute."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("waitress.queue").addFilter(_Sparse())


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="address to bind (loopback by default)"),
    port: int = typer.Option(8050, "--port", help="TCP port, 1..65535"),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="default language of the pages: zh or en"),
    threads: int = typer.Option(8, "--threads", help="worker threads, 1..64"),
    store: Path | None = typer.Option(
        None, "--store", help="ensemble run store for /ensembles (default: HINTERLAND_HOME)"
    ),
):
    """Serve the web app: every analysis in the browser, in Chinese and English."""
    if not 1 <= port <= 65535:
        raise ValidationError(f"--port must be in 1..65535; got {port}")
    if not 1 <= threads <= 64:
        raise ValidationError(f"--threads must be in 1..64; got {threads}")
    try:
        from waitress import serve as run
    except ImportError:
        raise ValidationError(
            "the web app needs its extra: pip install 'hinterland[web]'"
        ) from None
    from hinterland.web import create_app
    from hinterland.web.app import MAX_REQUEST_BYTES

    if host not in LOOPBACK:
        typer.echo(
            f"warning: serving on {host}, reachable from other machines; the app has no login",
            err=True,
        )
    from hinterland.web.warm import warm

    _logging()
    if store is not None and store.exists() and not store.is_file():
        raise ValidationError(f"--store: {store} is not a file")
    web = create_app(lang.value, store=store)
    warm()  # the overview's sections and the pages' caches, in the background
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"hinterland web app: http://{shown}:{port}/  (Ctrl-C to stop)")
    run(
        web.server,
        host=host,
        port=port,
        threads=threads,
        connection_limit=CONNECTION_LIMIT,
        max_request_body_size=MAX_REQUEST_BYTES,
        ident="hinterland",
        _quiet=True,
    )
