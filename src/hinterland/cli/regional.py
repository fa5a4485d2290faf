"""``hinterland autocorrelation``, ``real-convergence``, ``shift-share``: new atlas analyses."""

from __future__ import annotations

import typer

from hinterland.cli import _bounds as B
from hinterland.cli._app import app
from hinterland.cli._output import FORMAT_HELP, INDICATOR_HELP, Fmt, emit_dict, emit_frame

EDITION_HELP = "latest (default: the latest revision each year), first, or pre2019/rev2019/rev2024"


@app.command()
def autocorrelation(
    indicator: str = typer.Option("gdp_per_capita", "--indicator", help=INDICATOR_HELP),
    year: int = typer.Option(2023, "--year", help=B.says("year", B.YEAR), callback=B.count(B.YEAR)),
    permutations: int = typer.Option(
        999, "--permutations", min=0, max=99999, help="LISA permutations [0..99999]"
    ),
    seed: int = typer.Option(12345, "--seed", help="seed of the permutation test"),
    log: bool = typer.Option(False, "--log", help="analyse ln(value)"),
    edition: str = typer.Option("latest", "--edition", help=EDITION_HELP),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Global Moran's I and LISA clusters (queen contiguity of the province boundaries)."""
    from hinterland.spatial import autocorrelation as run

    r = run(indicator, year, log=log, permutations=permutations, rng=seed, edition=edition)
    if fmt is Fmt.json:
        emit_dict({**r.to_dict(), "lisa": r.lisa.reset_index().to_dict("records")}, fmt)
        return
    emit_dict(r.to_dict(), fmt, "Moran's I / 全局莫兰指数")
    emit_frame(r.lisa, fmt, "LISA / 局部空间自相关")


@app.command("real-convergence")
def real_convergence(
    start: int = typer.Option(
        2005, "--from", help=B.says("first year", B.YEAR), callback=B.count(B.YEAR)
    ),
    end: int = typer.Option(
        2024, "--to", help=B.says("last year", B.YEAR), callback=B.count(B.YEAR)
    ),
    edition: str = typer.Option("latest", "--edition", help=EDITION_HELP),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Beta and sigma convergence of GDP per head at constant prices, beside current prices."""
    from hinterland.growth import real_convergence as run

    r = run(start, end, edition=edition)
    if fmt is Fmt.json:
        emit_dict(r.to_dict(), fmt)
        return
    emit_frame(r.to_frame(), fmt, f"Real vs nominal convergence / 实际与名义收敛 {start}-{end}")


@app.command("shift-share")
def shift_share(
    indicators: str = typer.Option(
        "nine", "--indicators", help="'nine' (the nine industries) or codes separated by commas"
    ),
    start: int = typer.Option(
        2019, "--from", help=B.says("first year", B.YEAR), callback=B.count(B.YEAR)
    ),
    end: int = typer.Option(
        2024, "--to", help=B.says("last year", B.YEAR), callback=B.count(B.YEAR)
    ),
    by: str = typer.Option(
        "four_blocs", "--by", help="grouping name or YAML file", callback=B.text
    ),
    blank_as_zero: bool = typer.Option(
        False, "--blank-as-zero", help="count a province not listed as zero (product output)"
    ),
    edition: str = typer.Option("latest", "--edition", help=EDITION_HELP),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Shift-share (产业转移) of value added or product output by group of provinces."""
    from hinterland.transfer import NINE_INDUSTRIES
    from hinterland.transfer import shift_share as run

    codes = NINE_INDUSTRIES if indicators == "nine" else tuple(indicators.split(","))
    r = run(codes, start, end, by=by, blank_as_zero=blank_as_zero, edition=edition)
    emit_frame(r.groups.reset_index(), fmt, f"Shift-share / 偏离-份额 {start}-{end} ({r.unit})")
