"""``hinterland assess``: run the assessment (:func:`hinterland.assess.run`), render the report."""

from __future__ import annotations

from pathlib import Path

import typer

from hinterland.cli import _bounds as B
from hinterland.cli._app import app
from hinterland.cli._output import Lang


@app.command()
def assess(
    out: Path = typer.Option(
        Path("out/assess"),
        "--out",
        help="folder for the report: new, empty, or a previous report (which is replaced); "
        "any other non-empty folder is refused",
    ),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="zh (default) or en"),
    year: int = typer.Option(
        2023, "--year", help=B.says("latest atlas year used", B.YEAR), callback=B.count(B.YEAR)
    ),
    budget: float = typer.Option(
        500.0,
        "--budget",
        help=B.says("backup budget, 100 million yuan (亿元)", B.BUDGET),
        callback=B.real(B.BUDGET),
    ),
    alpha: float = typer.Option(
        0.9, "--alpha", help="CVaR level, 0..1 (0.9: worst 10%)", callback=B.real(B.SHARE)
    ),
    scenarios: str = typer.Option(
        None,
        "--scenarios",
        help="scenario YAML or example:NAME (default: the embedded set)",
        callback=B.text,
    ),
    ensemble_run: str = typer.Option(
        None, "--ensemble-run", help="a stored ensemble run for the risk-under-uncertainty section"
    ),
    ensemble_store: Path = typer.Option(None, "--ensemble-store", help="its run store"),
    section: list[str] = typer.Option(
        None, "--section", help="run only this section (repeatable; default: all)"
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="write into a non-empty folder that is not a report: the report's files "
        "(index.html, tables/, .hinterland) go beside the files there, which are kept; "
        "risk: the report then mixes with unrelated files (a name clash is still refused)",
    ),
):
    """Write the self-contained HTML assessment report (and every table as CSV beside it)."""
    from hinterland._io import check_out_dir
    from hinterland.assess import AssessmentSpec, run, section_keys
    from hinterland.cli._progress import progress_bar
    from hinterland.report import write_report

    check_out_dir(out, force=force, what="report")  # before any work
    spec = AssessmentSpec.make(
        year=year, budget=budget, alpha=alpha, scenarios=scenarios, ensemble_run=ensemble_run,
        ensemble_store=None if ensemble_store is None else str(ensemble_store),
    )  # fmt: skip
    keys = section_keys(section or None)
    with progress_bar("assess", len(keys)) as step:
        assessment = run(spec, sections=keys, progress=lambda key, i, n: step(key))
    path = write_report(out, lang=lang.value, assessment=assessment, force=force)
    for key, error in assessment.errors.items():
        typer.echo(f"warning: section {key} failed: {error}", err=True)
    typer.echo(str(path))
