"""``hinterland atlas ...``: the embedded atlas (regions, groupings, indicators)."""

from __future__ import annotations

from pathlib import Path

import typer

from hinterland.cli import _bounds as B
from hinterland.cli._app import group
from hinterland.cli._output import FORMAT_HELP, Fmt, Lang, emit_frame, emit_json

atlas_app = group("atlas", "The embedded atlas: regions, groupings, indicators.")


@atlas_app.command("regions")
def atlas_regions(fmt: Fmt = typer.Option(Fmt.table, "--format", help="table, csv or json")):
    """List the 31 mainland provinces with their adcodes and capitals."""
    from hinterland.atlas import regions

    emit_frame(regions().drop(columns=["source"]), fmt, "Regions / 省级行政区")


@atlas_app.command("groups")
def atlas_groups(
    name: str = typer.Argument(None, help="a grouping name or a YAML file; omit to list them"),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="language of the names: zh or en"),
):
    """List the groupings, or the groups and member provinces of one grouping."""
    import pandas as pd

    from hinterland.atlas import grouping, groupings, labels

    if name is None:
        rows = {
            g.name: {
                "label": g.label(lang.value),
                "groups": len(g.groups),
                "partition": g.is_partition(),
                "source": g.source[:80],
            }
            for g in groupings().values()
        }
        frame = pd.DataFrame(rows).T
        frame.index.name = "grouping"
        emit_frame(frame, fmt, "Groupings / 区域分组")
        return
    g = grouping(name)
    rows = {
        grp.code: {
            "label": grp.label(lang.value),
            "adcodes": " ".join(map(str, grp.adcodes)),
            "provinces": "、".join(labels(grp.adcodes, lang.value)),
            "partial": " ".join(map(str, grp.partial)),
        }
        for grp in g.groups
    }
    frame = pd.DataFrame(rows).T
    frame.index.name = "group"
    emit_frame(frame, fmt, f"{g.label(lang.value)} ({g.source[:60]})")


@atlas_app.command("indicators")
def atlas_indicators(
    indicator: str = typer.Option(None, "--indicator", help="show one indicator's values"),
    year: int = typer.Option(None, "--year", help=B.says("year", B.YEAR), callback=B.count(B.YEAR)),
    edition: str = typer.Option(
        "latest", "--edition", help="latest (default), first, or pre2019/rev2019/rev2024"
    ),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """List the indicators (years, figures, how many checked), or one indicator's values."""
    import pandas as pd

    from hinterland.atlas import IndicatorTable, definitions

    tbl = IndicatorTable.default(edition)
    if indicator is None:
        prov = tbl.provenance()
        defs = definitions()
        rows = []
        for code in tbl.indicators():
            d = defs[code]
            rows.append(
                {
                    "indicator": code,
                    "label_zh": d["label_zh"],
                    "label_en": d["label_en"],
                    "unit": tbl.unit(code),
                    "derived": d["derived"],
                    "years": [int(y) for y in tbl.years(code)],
                    "figures": int(prov["figures"].get(code, 0)),
                    "checked": int(prov["checked"].get(code, 0)),
                    "editions": prov["editions"].get(code, ""),
                }
            )
        frame = pd.DataFrame(rows).set_index("indicator")
        if fmt is Fmt.json:
            emit_json(rows)
            return
        joined = [", ".join(map(str, ys)) for ys in frame["years"]]
        if fmt is Fmt.table:  # what fits a terminal: runs of years; label_en, derived in json
            from hinterland._numbers import year_ranges

            frame = frame.drop(columns=["label_en", "derived"])
            joined = [year_ranges(y, "en") for y in joined]
        emit_frame(frame.assign(years=joined), fmt, "Indicators / 指标")
        return
    if year is None:
        frame = tbl.panel(indicator)
    else:
        frame = tbl.series(indicator, year).to_frame()
    emit_frame(frame, fmt, f"{indicator} ({tbl.unit(indicator)})")


@atlas_app.command("export")
def atlas_export(
    out: Path = typer.Option(None, "--out", help="CSV file to write (default: print to stdout)"),
    edition: str = typer.Option(
        "latest", "--edition", help="latest (default), first, or pre2019/rev2019/rev2024"
    ),
    all_editions: bool = typer.Option(
        False, "--all-editions", help="every row of every edition (the key includes edition)"
    ),
):
    """Print the indicator panel as CSV, with its sources, edition and checked columns."""
    import os
    import tempfile

    from hinterland.atlas import IndicatorTable

    tbl = IndicatorTable.default(edition)
    data = (tbl.rows if all_editions else tbl.data).drop(columns=["file", "row"])
    text = data.to_csv(index=False)
    if out is None:
        typer.echo(text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    # write next to the target and rename: never a partial file under the user's name
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    typer.echo(f"wrote {len(data)} rows to {out}")
