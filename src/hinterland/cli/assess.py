"""``hinterland assess``: the self-contained HTML assessment report."""

from __future__ import annotations

from pathlib import Path

import typer

from hinterland.cli._app import app
from hinterland.cli._output import Lang


@app.command()
def assess(
    out: Path = typer.Option(Path("out/assess"), "--out", help="folder for the report"),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="zh (default) or en"),
):
    """Write the self-contained HTML assessment report (and every table as CSV beside it)."""
    from hinterland.report import write_report

    path = write_report(out, lang=lang.value)
    typer.echo(str(path))
