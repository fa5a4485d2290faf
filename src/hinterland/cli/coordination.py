"""Coordination analyses as top-level commands (``disparity``, ``convergence``, ``huline``, ...)."""

from __future__ import annotations

import typer

from hinterland.cli import _bounds as B
from hinterland.cli._app import app
from hinterland.cli._output import FORMAT_HELP, INDICATOR_HELP, Fmt, emit_dict, emit_frame
from hinterland.errors import HinterlandError


@app.command()
def disparity(
    indicator: str = typer.Option("gdp_per_capita", "--indicator", help=INDICATOR_HELP),
    year: int = typer.Option(2023, "--year", help=B.says("year", B.YEAR), callback=B.count(B.YEAR)),
    by: str = typer.Option(
        "four_blocs", "--by", help="grouping name or YAML file", callback=B.text
    ),
    unweighted: bool = typer.Option(False, "--unweighted", help="no population weights"),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Theil T/L with between/within decomposition, Gini, weighted CV, max/min ratio."""
    from hinterland.coordination import disparity as run

    emit_dict(
        run(indicator, year, by=by, weighted=not unweighted).to_dict(), fmt, "Disparity / 区域差距"
    )


@app.command()
def convergence(
    indicator: str = typer.Option("gdp_per_capita", "--indicator", help=INDICATOR_HELP),
    start: int = typer.Option(
        2005, "--from", help=B.says("first year", B.YEAR), callback=B.count(B.YEAR)
    ),
    end: int = typer.Option(
        2023, "--to", help=B.says("last year", B.YEAR), callback=B.count(B.YEAR)
    ),
    weighted: bool = typer.Option(False, "--weighted", help="population weights"),
    edition: str = typer.Option(
        "latest", "--edition", help="latest (default), first, or pre2019/rev2019/rev2024"
    ),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Sigma convergence over the period and beta convergence (OLS with standard errors)."""
    from hinterland.coordination import convergence as run

    result = run(indicator, start, end, weighted=weighted, edition=edition)
    emit_dict(result.to_dict(), fmt, "Convergence / 收敛")


@app.command()
def huline(
    year: int = typer.Option(2020, "--year", help=B.says("year", B.YEAR), callback=B.count(B.YEAR)),
    kind: str = typer.Option("geodesic", "--kind", help="geodesic, albers or lonlat"),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Area and population shares southeast of the Hu Huanyong line."""
    from hinterland.atlas.huline import hu_line

    emit_dict(hu_line(year, kind=kind).to_dict(), fmt, "Hu Huanyong line / 胡焕庸线")


@app.command()
def share(
    indicator: str = typer.Option("gdp", "--indicator", help=INDICATOR_HELP),
    year: int = typer.Option(2023, "--year", help=B.says("year", B.YEAR), callback=B.count(B.YEAR)),
    group: str = typer.Option(..., "--group", help="group code or grouping:code", callback=B.text),
    of: str = typer.Option(None, "--of", help="larger area as grouping:code", callback=B.text),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """A group's share of the nation and of its bloc (or of any group given with --of)."""
    from hinterland.coordination import share as run

    emit_dict(run(indicator, year, group, of=of), fmt, "Share / 占比")


@app.command()
def concentration(
    indicator: str = typer.Option(..., "--indicator", help="e.g. out_crude_steel"),
    year: int = typer.Option(2023, "--year", help=B.says("year", B.YEAR), callback=B.count(B.YEAR)),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Concentration of a product across provinces: HHI, CR3, CR5, spatial Gini, top five."""
    from hinterland.coordination import concentration as run

    emit_dict(run(indicator, year).to_dict(), fmt, "Concentration / 集中度")


@app.command()
def specialisation(
    year: int = typer.Option(2010, "--year", help=B.says("year", B.YEAR), callback=B.count(B.YEAR)),
    reference: str = typer.Option("rest", "--reference", help="rest or nation"),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Location quotients of the three industries and Krugman's specialisation index."""
    from hinterland.coordination import specialisation as run

    if reference not in ("rest", "nation"):
        raise HinterlandError(f"unknown reference {reference!r}; valid: rest, nation")
    emit_frame(run(year, reference=reference), fmt, "Specialisation / 专业化")
