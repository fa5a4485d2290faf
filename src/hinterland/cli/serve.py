"""``hinterland serve``: the web app on waitress (loopback by default, debug off)."""

from __future__ import annotations

import typer

from hinterland.cli._app import app
from hinterland.cli._output import Lang
from hinterland.errors import ValidationError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="address to bind (loopback by default)"),
    port: int = typer.Option(8050, "--port", help="TCP port, 1..65535"),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="default language of the pages: zh or en"),
    threads: int = typer.Option(8, "--threads", help="worker threads, 1..64"),
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
    web = create_app(lang.value)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"hinterland web app: http://{shown}:{port}/  (Ctrl-C to stop)")
    run(
        web.server,
        host=host,
        port=port,
        threads=threads,
        max_request_body_size=MAX_REQUEST_BYTES,
        ident="hinterland",
        _quiet=True,
    )
