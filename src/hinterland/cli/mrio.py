"""``hinterland mrio ...`` and ``hinterland shock``: the active MRIO table and its analyses."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from hinterland.cli import _bounds as B
from hinterland.cli._app import app, group
from hinterland.cli._output import FORMAT_HELP, Fmt, emit_dict, frame_out
from hinterland.errors import HinterlandError

mrio_app = group("mrio", "Multi-regional input-output: the active table, its analyses.")

ESTIMATE_NOTE = "note: the default table is a model estimate, not survey data"


TABLE_HELP = (
    "a shipped China table by year (2017, 2018, 2020) or a table file/folder "
    "(default: the imported table, else the China estimate 2020)"
)


def table_option():
    """The ``--table`` option every MRIO-based command takes."""
    return typer.Option(None, "--table", help=TABLE_HELP)


def _table(spec: str | None = None):
    from hinterland.mrio.store import resolve

    return resolve(spec)


LANG_OPTION_HELP = "language of the province and sector names: zh or en"


def _with_names(frame, lang: str):
    """Put the province and sector names beside the codes of a (region, sector) frame."""
    from hinterland.atlas import adcodes, labels
    from hinterland.mrio.sectors import labels as sector_labels

    if lang not in ("zh", "en"):
        raise HinterlandError(f"--lang must be zh or en; got {lang!r}")
    regions = frame.index.get_level_values("region")
    out = frame.copy()
    known = set(adcodes())
    out.insert(0, "sector_name", sector_labels(frame.index.get_level_values("sector"), lang))
    out.insert(0, "province", [labels([r], lang)[0] if r in known else str(r) for r in regions])
    return out


def _estimate_note(m) -> None:
    if m.estimate:
        typer.echo(ESTIMATE_NOTE, err=True)


def _region_arg(region: str | None):
    if region is None:
        return None
    from hinterland.atlas import resolve

    return resolve(region)


@mrio_app.command("info")
def mrio_info(
    table: str = table_option(),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Describe the active table (or --table): size, year, unit, source, estimate or survey."""
    m = _table(table)
    _estimate_note(m)
    emit_dict(m.summary(), fmt, "MRIO")


FORCE_TABLE_OPTION = typer.Option(
    False,
    "--force",
    help="write into a non-empty folder that is not a table written by hinterland: the table's "
    "files go beside the files there, which are kept (risk: a folder mixing a table with "
    "unrelated files; a file of the same name is still refused)",
)


@mrio_app.command("build")
def mrio_build(
    year: int = typer.Option(
        None, "--year", help="table year: 2017, 2018, 2020 (default); atlas year with --flows"
    ),
    national: Path = typer.Option(
        None, "--national", help="NBS 42-sector flow table CSV (default: ../shared/data/nbs_io)"
    ),
    provincial: Path = typer.Option(
        None, "--provincial", help="folder of NBS provincial series (../shared/data/provincial)"
    ),
    coefficients: Path = typer.Option(
        None, "--coefficients", help="other national table: coefficient CSV (3-industry method)"
    ),
    outputs: Path = typer.Option(None, "--outputs", help="with --coefficients: output CSV"),
    flows: Path = typer.Option(
        None, "--flows", help="other national table: flow CSV (3-industry method, atlas year)"
    ),
    delta: float = typer.Option(0.3, "--delta", help="FLQ delta, in [0, 1)", callback=B.finite),
    beta: float = typer.Option(
        1.0, "--beta", help="gravity distance exponent [0..10]", callback=B.real((0.0, 10.0))
    ),
    quotient: str = typer.Option(
        "flq", "--lq", help="location quotient of own-province supply: flq, cilq or slq"
    ),
    out: Path = typer.Option(
        None, "--out", help="write the table here: FILE.npz (factored) or a CSV folder"
    ),
    activate: bool = typer.Option(False, "--activate", help="make it the active table"),
    force: bool = FORCE_TABLE_OPTION,
):
    """Estimate the 31-province x 42-sector China table from the NBS inputs (an estimate).

    Default: the NBS national 42-sector table of --year and the NBS provincial series
    (see docs/mrio.md). With --coefficients/--outputs or --flows, any other national table is
    regionalised by the three-industry method of hinterland.mrio.build instead.
    """
    from hinterland._io import check_out_dir, staged_dir
    from hinterland.mrio import china
    from hinterland.mrio.build import build_china, national_from_csv, national_from_flows
    from hinterland.mrio.load import write_csv_dir
    from hinterland.mrio.store import set_active

    if (coefficients is None) != (outputs is None):
        raise HinterlandError("give both --coefficients and --outputs, or neither")
    if flows is not None and coefficients is not None:
        raise HinterlandError("give --flows or --coefficients/--outputs, not both")
    if out is not None and out.suffix != ".npz":
        check_out_dir(out, force=force, what="table")  # before any work
    other = flows is not None or coefficients is not None
    if other and quotient != "flq":
        raise HinterlandError("--lq is for the China table; the --flows method uses FLQ")
    if other and (national is not None or provincial is not None):
        raise HinterlandError("--national/--provincial build the China table; not with --flows")
    factors = None
    if other:
        nat = (
            national_from_flows(flows)
            if flows is not None
            else national_from_csv(coefficients, outputs)
        )
        m = build_china(year or 2010, national=nat, delta=delta, beta=beta)
    else:
        from hinterland.cli._progress import spinner

        with spinner("building the 31-province x 42-sector table"):
            factors, meta = china.build_factors(
                year or china.DEFAULT_YEAR,
                national=national,
                provincial=provincial,
                delta=delta,
                beta=beta,
                quotient=quotient,
            )
            m = china.to_mrio(factors, meta)
    _estimate_note(m)
    if out is not None:
        if out.suffix == ".npz":
            if factors is None:
                raise HinterlandError("--out FILE.npz is for the China table; give a folder")
            typer.echo(f"wrote {china.save(factors, meta, out)}")
        else:
            with staged_dir(out, force=force, what="table") as tmp:
                write_csv_dir(m, tmp)
            typer.echo(f"wrote {out}")
    if activate:
        typer.echo(f"active table: {set_active(m)}")
    if out is None and not activate:
        emit_dict(m.summary(), Fmt.table, "MRIO (built, not saved: use --out or --activate)")


@mrio_app.command("tables")
def mrio_tables(fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP)):
    """List the tables a command can use with --table: the shipped China years, the import."""
    from hinterland.mrio import china
    from hinterland.mrio.store import active_path

    rows = []
    imported = active_path().exists()
    for y in china.shipped_years():
        m = china.load(y)
        rows.append(
            {"table": str(y), "year": y, "regions": len(m.regions), "sectors": len(m.sectors),
             "total_output": float(m.x.sum()), "unit": m.unit, "estimate": True,
             "default": (not imported) and y == china.DEFAULT_YEAR, "source": m.source}
        )  # fmt: skip
    if imported:
        m = _table()
        rows.append(
            {"table": str(active_path()), "year": m.year, "regions": len(m.regions),
             "sectors": len(m.sectors), "total_output": float(m.x.sum()), "unit": m.unit,
             "estimate": m.estimate, "default": True, "source": m.source}
        )  # fmt: skip
    import pandas as pd

    frame_out(pd.DataFrame(rows).set_index("table"), fmt, "MRIO tables / 投入产出表")


class MrioFormat(str, Enum):
    """Formats of MRIO files."""

    ceads = "ceads"
    pymrio = "pymrio"
    csv = "csv"


@mrio_app.command("import")
def mrio_import(
    path: Path = typer.Argument(..., help="file or folder to import"),
    fmt: MrioFormat = typer.Option(..., "--format", help="ceads, pymrio or csv"),
    sheet: str = typer.Option(None, "--sheet", help="CEADs sheet, e.g. Table_2017"),
    year: int = typer.Option(
        None, "--year", help="pymrio: the table's year when the folder does not say it"
    ),
):
    """Make a survey-based table (CEADs, a pymrio folder or the CSV layout) the active table."""
    from hinterland.mrio.load import mrio_from_file
    from hinterland.mrio.store import set_active

    options = {"sheet": sheet} if sheet and fmt is MrioFormat.ceads else {}
    if year is not None:
        if fmt is not MrioFormat.pymrio:
            raise HinterlandError("--year is for --format pymrio (the other formats state it)")
        if not 1900 <= year <= 2100:
            raise HinterlandError(f"--year must be between 1900 and 2100; got {year}")
        options["year"] = year
    m = mrio_from_file(path, format=fmt.value, **options)
    typer.echo(f"active table: {set_active(m)} ({m!r})")


@mrio_app.command("export")
def mrio_export(
    out: Path = typer.Option(
        ...,
        "--out",
        help="folder to write: new, empty, or a table written before (replaced); any other "
        "non-empty folder is refused",
    ),
    fmt: str = typer.Option("csv", "--format", help="csv or pymrio"),
    force: bool = FORCE_TABLE_OPTION,
    table: str = table_option(),
):
    """Write the active table (or --table) as a CSV folder or a pymrio folder."""
    from hinterland._io import check_out_dir, staged_dir
    from hinterland.mrio.load import mrio_to_file

    if fmt not in ("csv", "pymrio"):
        raise HinterlandError(f"unknown format {fmt!r}; valid: csv, pymrio")
    check_out_dir(out, force=force, what="table")
    m = _table(table)
    _estimate_note(m)
    with staged_dir(out, force=force, what="table") as tmp:
        mrio_to_file(m, tmp, format=fmt)
    typer.echo(f"wrote {out}")


@mrio_app.command("multipliers")
def mrio_multipliers(
    table: str = table_option(),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
    top: int = typer.Option(
        20, "--top", help=B.says("rows shown in the table format", B.TOP), callback=B.count(B.TOP)
    ),
    lang: str = typer.Option("zh", "--lang", help=LANG_OPTION_HELP),
):
    """Output and value-added multipliers of every region-sector (largest first)."""
    from hinterland.mrio.analysis import multipliers

    m = _table(table)
    res = multipliers(m).sort_values("output_multiplier", ascending=False)
    _estimate_note(m)
    frame_out(_with_names(res, lang), fmt, "Multipliers / 乘数", top)


@mrio_app.command("linkages")
def mrio_linkages(
    table: str = table_option(),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
    top: int = typer.Option(20, "--top", help=B.says("rows shown", B.TOP), callback=B.count(B.TOP)),
    lang: str = typer.Option("zh", "--lang", help=LANG_OPTION_HELP),
):
    """Rasmussen backward and forward linkages and key sectors."""
    from hinterland.mrio.analysis import linkages

    m = _table(table)
    res = linkages(m).sort_values("backward", ascending=False)
    _estimate_note(m)
    frame_out(_with_names(res, lang), fmt, "Linkages / 关联", top)


@mrio_app.command("extract")
def mrio_extract(
    region: str = typer.Option(
        None, "--region", help="region code of the table (adcode); all if omitted"
    ),
    sector: str = typer.Option(
        None, "--sector", help="sector code of the table (NBS 01..42); all if omitted"
    ),
    kind: str = typer.Option("full", "--kind", help="full, backward or forward"),
    table: str = table_option(),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Hypothetical extraction: output lost everywhere when a region/sector's links are cut."""
    from hinterland.mrio.analysis import extraction

    m = _table(table)
    loss = extraction(m, region=_region_arg(region), sector=sector, kind=kind)
    _estimate_note(m)
    by_region = loss.groupby(level="region").sum()
    emit_dict(
        {"national_output_loss": float(loss.sum()), "unit": m.unit,
         "table_is_estimate": m.estimate,
         "loss_by_region": {str(k): float(v) for k, v in by_region.items()}},
        fmt, "Hypothetical extraction / 假设抽取",
    )  # fmt: skip


@app.command()
def shock(
    region: str = typer.Option(..., "--region", help="adcode or name of the shocked province"),
    sector: str = typer.Option(None, "--sector", help="sector code; all sectors if omitted"),
    severity: float = typer.Option(
        0.5, "--severity", help="share of capacity lost, 0..1", callback=B.finite
    ),
    days: int = typer.Option(
        180, "--days", help=B.says("duration of the shock", B.DAYS), callback=B.count(B.DAYS)
    ),
    model: str = typer.Option(
        "ario",
        "--model",
        help="ario (default, dynamic), iim, or capacity (static upper bound: strict Leontief "
        "rationing spreads a cut to every buyer of a dense estimated table)",
    ),
    table: str = table_option(),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Economy-wide output loss of a disruption, by region, with the share outside the shock."""
    from hinterland.mrio.analysis import shock as run

    m = _table(table)
    res = run(
        m, region=_region_arg(region), sector=sector, severity=severity, days=days, model=model
    )
    _estimate_note(m)
    emit_dict(res.to_dict(), fmt, "Shock / 冲击")
