"""The ``hinterland`` command line: thin wrappers that format what the analysis functions return.

Bad input (a :class:`~hinterland.errors.HinterlandError`) prints one line on stderr and exits 2.
"""

from __future__ import annotations

import functools
import inspect
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any, get_type_hints

import numpy as np
import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from hinterland.errors import HinterlandError

app = typer.Typer(
    help="hinterland: China's productive-force layout (国家战略腹地与关键产业备份).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
atlas_app = typer.Typer(
    help="The embedded atlas: regions, groupings, indicators.", no_args_is_help=True
)
app.add_typer(atlas_app, name="atlas")
mrio_app = typer.Typer(
    help="Multi-regional input-output: the active table, its analyses.", no_args_is_help=True
)
app.add_typer(mrio_app, name="mrio")
corridors_app = typer.Typer(
    help="Strategic channels: the energy and trade corridor network and its resilience.",
    no_args_is_help=True,
)
app.add_typer(corridors_app, name="corridors")
layout_app = typer.Typer(
    help="Layout optimisation: key-industry backup placement and computing-hub siting.",
    no_args_is_help=True,
)
app.add_typer(layout_app, name="layout")


class Fmt(str, Enum):
    """Output formats."""

    table = "table"
    csv = "csv"
    json = "json"


class Lang(str, Enum):
    """Languages of user-facing text."""

    zh = "zh"
    en = "en"


def _default(o):
    if isinstance(o, np.generic):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, float) and not np.isfinite(o):
        return None
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def _clean(o):
    if isinstance(o, dict):
        return {str(k): _clean(v) for k, v in o.items()}
    if isinstance(o, list | tuple):
        return [_clean(v) for v in o]
    if isinstance(o, float) and not np.isfinite(o):
        return None
    return o


def _emit_json(obj) -> None:
    typer.echo(json.dumps(_clean(obj), ensure_ascii=False, indent=2, default=_default))


def _emit_frame(df: pd.DataFrame, fmt: Fmt, title: str = "") -> None:
    if fmt is Fmt.csv:
        typer.echo(df.to_csv(), nl=False)
        return
    if fmt is Fmt.json:
        _emit_json(json.loads(df.reset_index().to_json(orient="records", force_ascii=False)))
        return
    table = Table(title=title or None)
    index_name = df.index.name or ""
    table.add_column(str(index_name))
    for c in df.columns:
        table.add_column(str(c), overflow="fold")
    for idx, row in df.iterrows():
        table.add_row(str(idx), *[_cell(v) for v in row])
    Console().print(table)


def _cell(v) -> str:
    if isinstance(v, float):
        return "" if np.isnan(v) else f"{v:,.4g}" if abs(v) < 1 else f"{v:,.2f}"
    return str(v)


def _emit_dict(d: dict, fmt: Fmt, title: str = "") -> None:
    if fmt is Fmt.json:
        _emit_json(d)
        return
    flat = {
        k: (
            json.dumps(_clean(v), ensure_ascii=False, default=_default)
            if isinstance(v, dict | list)
            else v
        )
        for k, v in d.items()
    }
    frame = pd.DataFrame({"value": pd.Series(flat, dtype=object)})
    frame.index.name = "key"
    _emit_frame(frame, fmt, title)


# -- atlas ----------------------------------------------------------------------------------
@atlas_app.command("regions")
def atlas_regions(fmt: Fmt = typer.Option(Fmt.table, "--format", help="table, csv or json")):
    """List the 31 mainland provinces with their adcodes and capitals."""
    from hinterland.atlas import regions

    _emit_frame(regions().drop(columns=["source"]), fmt, "Regions / 省级行政区")


@atlas_app.command("groups")
def atlas_groups(
    name: str = typer.Argument(None, help="a grouping name or a YAML file; omit to list them"),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
    lang: Lang = typer.Option(Lang.zh, "--lang"),
):
    """List the groupings, or the groups and member provinces of one grouping."""
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
        _emit_frame(frame, fmt, "Groupings / 区域分组")
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
    _emit_frame(frame, fmt, f"{g.label(lang.value)} ({g.source[:60]})")


@atlas_app.command("indicators")
def atlas_indicators(
    indicator: str = typer.Option(None, "--indicator", help="show one indicator's values"),
    year: int = typer.Option(None, "--year"),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """List the indicators (years, figures, how many checked), or one indicator's values."""
    from hinterland.atlas import IndicatorTable, definitions

    tbl = IndicatorTable.default()
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
                    "years": ", ".join(map(str, tbl.years(code))),
                    "figures": int(prov["figures"].get(code, 0)),
                    "checked": int(prov["checked"].get(code, 0)),
                }
            )
        _emit_frame(pd.DataFrame(rows).set_index("indicator"), fmt, "Indicators / 指标")
        return
    if year is None:
        frame = tbl.panel(indicator)
    else:
        frame = tbl.series(indicator, year).to_frame()
    _emit_frame(frame, fmt, f"{indicator} ({tbl.unit(indicator)})")


@atlas_app.command("export")
def atlas_export(out: Path = typer.Option(..., "--out", help="CSV file to write")):
    """Write the whole indicator panel, with sources, to a CSV file."""
    from hinterland.atlas import IndicatorTable

    data = IndicatorTable.default().data.drop(columns=["file", "row"])
    out.parent.mkdir(parents=True, exist_ok=True)
    data.to_csv(out, index=False)
    typer.echo(f"wrote {len(data)} rows to {out}")


# -- coordination ---------------------------------------------------------------------------
@app.command()
def disparity(
    indicator: str = typer.Option("gdp_per_capita", "--indicator"),
    year: int = typer.Option(2023, "--year"),
    by: str = typer.Option("four_blocs", "--by", help="grouping name or YAML file"),
    unweighted: bool = typer.Option(False, "--unweighted", help="no population weights"),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Theil T/L with between/within decomposition, Gini, weighted CV, max/min ratio."""
    from hinterland.coordination import disparity as run

    _emit_dict(
        run(indicator, year, by=by, weighted=not unweighted).to_dict(), fmt, "Disparity / 区域差距"
    )


@app.command()
def convergence(
    indicator: str = typer.Option("gdp_per_capita", "--indicator"),
    start: int = typer.Option(2005, "--from"),
    end: int = typer.Option(2023, "--to"),
    weighted: bool = typer.Option(False, "--weighted", help="population weights"),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Sigma convergence over the period and beta convergence (OLS with standard errors)."""
    from hinterland.coordination import convergence as run

    _emit_dict(run(indicator, start, end, weighted=weighted).to_dict(), fmt, "Convergence / 收敛")


@app.command()
def huline(
    year: int = typer.Option(2020, "--year"),
    kind: str = typer.Option("geodesic", "--kind", help="geodesic, albers or lonlat"),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Area and population shares southeast of the Hu Huanyong line."""
    from hinterland.atlas.huline import hu_line

    _emit_dict(hu_line(year, kind=kind).to_dict(), fmt, "Hu Huanyong line / 胡焕庸线")


@app.command()
def share(
    indicator: str = typer.Option("gdp", "--indicator"),
    year: int = typer.Option(2023, "--year"),
    group: str = typer.Option(..., "--group", help="group code or grouping:code"),
    of: str = typer.Option(None, "--of", help="larger area as grouping:code"),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """A group's share of the nation and of its bloc (or of any group given with --of)."""
    from hinterland.coordination import share as run

    _emit_dict(run(indicator, year, group, of=of), fmt, "Share / 占比")


@app.command()
def concentration(
    indicator: str = typer.Option(..., "--indicator", help="e.g. out_crude_steel"),
    year: int = typer.Option(2023, "--year"),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Concentration of a product across provinces: HHI, CR3, CR5, spatial Gini, top five."""
    from hinterland.coordination import concentration as run

    _emit_dict(run(indicator, year).to_dict(), fmt, "Concentration / 集中度")


@app.command()
def specialisation(
    year: int = typer.Option(2010, "--year"),
    reference: str = typer.Option("rest", "--reference", help="rest or nation"),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Location quotients of the three industries and Krugman's specialisation index."""
    from hinterland.coordination import specialisation as run

    if reference not in ("rest", "nation"):
        raise HinterlandError(f"unknown reference {reference!r}; valid: rest, nation")
    _emit_frame(run(year, reference=reference), fmt, "Specialisation / 专业化")


# -- mrio -----------------------------------------------------------------------------------
ESTIMATE_NOTE = "note: the default table is a model estimate, not survey data"


def _table(path: Path | None = None, fmt: str | None = None):
    from hinterland.mrio.load import mrio_from_file
    from hinterland.mrio.store import active

    return mrio_from_file(path, format=fmt) if path is not None else active()


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
    table: Path = typer.Option(None, "--table", help="read this table instead of the active one"),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Describe the active table (or --table): size, year, unit, source, estimate or survey."""
    m = _table(table)
    _estimate_note(m)
    _emit_dict(m.summary(), fmt, "MRIO")


@mrio_app.command("build")
def mrio_build(
    year: int = typer.Option(2010, "--year", help="atlas year of the provincial inputs"),
    coefficients: Path = typer.Option(None, "--coefficients", help="national coefficient CSV"),
    outputs: Path = typer.Option(None, "--outputs", help="national sector output CSV"),
    flows: Path = typer.Option(
        None, "--flows", help="national flow-table CSV (instead of --coefficients/--outputs)"
    ),
    delta: float = typer.Option(0.3, "--delta", help="FLQ delta"),
    beta: float = typer.Option(1.0, "--beta", help="gravity distance exponent"),
    out: Path = typer.Option(None, "--out", help="write the table here (CSV folder)"),
    activate: bool = typer.Option(False, "--activate", help="make it the active table"),
):
    """Estimate the 31-province table (FLQ + gravity) from a national table and the atlas."""
    from hinterland.mrio.build import build_china, national_from_csv, national_from_flows
    from hinterland.mrio.load import write_csv_dir
    from hinterland.mrio.store import set_active

    if (coefficients is None) != (outputs is None):
        raise HinterlandError("give both --coefficients and --outputs, or neither")
    if flows is not None and coefficients is not None:
        raise HinterlandError("give --flows or --coefficients/--outputs, not both")
    if flows is not None:
        nat = national_from_flows(flows)
    else:
        nat = national_from_csv(coefficients, outputs) if coefficients is not None else None
    m = build_china(year, national=nat, delta=delta, beta=beta)
    _estimate_note(m)
    if out is not None:
        typer.echo(f"wrote {write_csv_dir(m, out)}")
    if activate:
        typer.echo(f"active table: {set_active(m)}")
    if out is None and not activate:
        _emit_dict(m.summary(), Fmt.table, "MRIO (built, not saved: use --out or --activate)")


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
):
    """Make a survey-based table (CEADs, a pymrio folder or the CSV layout) the active table."""
    from hinterland.mrio.load import mrio_from_file
    from hinterland.mrio.store import set_active

    options = {"sheet": sheet} if sheet and fmt is MrioFormat.ceads else {}
    m = mrio_from_file(path, format=fmt.value, **options)
    typer.echo(f"active table: {set_active(m)} ({m!r})")


@mrio_app.command("export")
def mrio_export(
    out: Path = typer.Option(..., "--out", help="folder to write"),
    fmt: str = typer.Option("csv", "--format", help="csv or pymrio"),
):
    """Write the active table as a CSV folder or a pymrio folder."""
    from hinterland.mrio.load import mrio_to_file

    if fmt not in ("csv", "pymrio"):
        raise HinterlandError(f"unknown format {fmt!r}; valid: csv, pymrio")
    m = _table()
    _estimate_note(m)
    typer.echo(f"wrote {mrio_to_file(m, out, format=fmt)}")


def _frame_out(frame: pd.DataFrame, fmt: Fmt, title: str, top: int | None = None) -> None:
    if top is not None and fmt is Fmt.table:
        frame = frame.head(top)
    if isinstance(frame.index, pd.MultiIndex):
        frame = frame.reset_index().set_index(frame.index.names[0])
    _emit_frame(frame, fmt, title)


@mrio_app.command("multipliers")
def mrio_multipliers(
    table: Path = typer.Option(None, "--table"),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
    top: int = typer.Option(20, "--top", help="rows shown in the table format"),
):
    """Output and value-added multipliers of every region-sector (largest first)."""
    from hinterland.mrio.analysis import multipliers

    m = _table(table)
    res = multipliers(m).sort_values("output_multiplier", ascending=False)
    _estimate_note(m)
    _frame_out(res, fmt, "Multipliers / 乘数", top)


@mrio_app.command("linkages")
def mrio_linkages(
    table: Path = typer.Option(None, "--table"),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
    top: int = typer.Option(20, "--top"),
):
    """Rasmussen backward and forward linkages and key sectors."""
    from hinterland.mrio.analysis import linkages

    m = _table(table)
    res = linkages(m).sort_values("backward", ascending=False)
    _estimate_note(m)
    _frame_out(res, fmt, "Linkages / 关联", top)


@mrio_app.command("extract")
def mrio_extract(
    region: str = typer.Option(None, "--region"),
    sector: str = typer.Option(None, "--sector"),
    kind: str = typer.Option("full", "--kind", help="full, backward or forward"),
    table: Path = typer.Option(None, "--table"),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Hypothetical extraction: output lost everywhere when a region/sector's links are cut."""
    from hinterland.mrio.analysis import extraction

    m = _table(table)
    loss = extraction(m, region=_region_arg(region), sector=sector, kind=kind)
    _estimate_note(m)
    by_region = loss.groupby(level="region").sum()
    _emit_dict(
        {"national_output_loss": float(loss.sum()), "unit": m.unit,
         "table_is_estimate": m.estimate,
         "loss_by_region": {str(k): float(v) for k, v in by_region.items()}},
        fmt, "Hypothetical extraction / 假设抽取",
    )  # fmt: skip


@app.command()
def shock(
    region: str = typer.Option(..., "--region", help="adcode or name of the shocked province"),
    sector: str = typer.Option(None, "--sector", help="sector code; all sectors if omitted"),
    severity: float = typer.Option(0.5, "--severity", help="share of capacity lost, 0..1"),
    days: int = typer.Option(180, "--days"),
    model: str = typer.Option("capacity", "--model", help="capacity, iim or ario"),
    table: Path = typer.Option(None, "--table"),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Economy-wide output loss of a disruption, by region, with the share outside the shock."""
    from hinterland.mrio.analysis import shock as run

    m = _table(table)
    res = run(
        m, region=_region_arg(region), sector=sector, severity=severity, days=days, model=model
    )
    _estimate_note(m)
    _emit_dict(res.to_dict(), fmt, "Shock / 冲击")


# -- corridors ------------------------------------------------------------------------------
def _network(data: Path | None):
    from hinterland.corridors.network import CorridorNetwork

    return CorridorNetwork.from_dir(data) if data is not None else CorridorNetwork.default()


DATA_OPTION = typer.Option(None, "--data", help="a folder in the corridor data layout")


@corridors_app.command("nodes")
def corridors_nodes(
    kind: str = typer.Option(None, "--kind", help="hub, border, port, external, chokepoint"),
    data: Path = DATA_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """List the nodes of the corridor network."""
    net = _network(data)
    _emit_frame(
        net.node_table(kind=kind)[["name_zh", "name_en", "kind", "adcode", "lon", "lat"]],
        fmt,
        "Corridor nodes / 通道节点",
    )


@corridors_app.command("edges")
def corridors_edges(
    commodity: str = typer.Option(None, "--commodity", help="container, crude_oil, natural_gas"),
    data: Path = DATA_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """List the edges (per commodity) with capacity, unit, cost and whether they are western."""
    net = _network(data)
    cols = ["from", "to", "mode", "commodity", "capacity", "unit", "cost", "western", "estimate"]
    _emit_frame(net.edge_table(commodity=commodity)[cols], fmt, "Corridor edges / 通道")


@corridors_app.command("flows")
def corridors_flows(
    commodity: str = typer.Option(None, "--commodity"),
    data: Path = DATA_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Least-cost flows that meet each province's import demand (HiGHS LP)."""
    from hinterland.corridors.flow import solve

    net = _network(data)
    res = solve(net)
    flows = net.edges[["from", "to", "commodity", "capacity"]].assign(flow=res.flows)
    flows = flows[flows["flow"] > 0]
    if commodity is not None:
        if commodity not in net.commodities:
            raise HinterlandError(f"unknown commodity {commodity!r}; valid: {net.commodities}")
        flows = flows[flows["commodity"] == commodity]
    if fmt is Fmt.json:
        _emit_json(
            {
                **res.to_dict(),
                "flows": json.loads(
                    flows.reset_index().to_json(orient="records", force_ascii=False)
                ),
            }
        )
        return
    _emit_frame(flows.sort_values("flow", ascending=False), fmt, "Flows / 流量")


@corridors_app.command("close")
def corridors_close(
    edge: list[str] = typer.Option(None, "--edge", help="edge id to close (repeatable)"),
    node: list[str] = typer.Option(None, "--node", help="node id to close (repeatable)"),
    cut: float = typer.Option(1.0, "--cut", help="share of capacity removed, 0..1"),
    days: int = typer.Option(365, "--days", help="duration, for the economy-wide loss"),
    data: Path = DATA_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Close edges or nodes (fully or partly): unmet demand, cost increase, provinces short."""
    from hinterland.corridors.resilience import close

    if not edge and not node:
        raise HinterlandError("name at least one --edge or --node to close")
    net = _network(data)
    res = close(net, edges=edge or (), nodes=node or (), cut=cut)
    out = res.to_dict()
    out["unmet_by_commodity"] = {k: float(v) for k, v in res.unmet_by_commodity["closed"].items()}
    out["economy_loss"] = _economy_loss(res, days)
    _emit_dict(out, fmt, "Closure / 通道中断")


def _economy_loss(closure, days: int) -> dict:
    """The MRIO loss of a closure on the active table, or why there is none."""
    from hinterland.corridors.coupling import economy_loss
    from hinterland.errors import DataError
    from hinterland.mrio.store import active

    try:
        m = active()
    except DataError as exc:
        return {"available": False, "reason": str(exc)}
    loss = economy_loss(closure, m, days=days)
    return {
        "available": True, "unit": loss.unit, "days": loss.days, "national": loss.national,
        "table": m.source, "table_is_estimate": m.estimate,
        "by_region": {str(k): float(v) for k, v in loss.by_region.items()},
    }  # fmt: skip


@corridors_app.command("criticality")
def corridors_criticality(
    k: int = typer.Option(1, "--k", help="1 (N-1) or 2 (N-2)"),
    elements: str = typer.Option("edges", "--elements", help="edges, nodes or all"),
    top: int = typer.Option(15, "--top"),
    data: Path = DATA_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Rank edges/nodes (k=1) or pairs (k=2) by unmet demand, then cost increase, when closed."""
    from hinterland.corridors.resilience import criticality

    if k not in (1, 2):
        raise HinterlandError(f"--k must be 1 or 2; got {k}")
    table = criticality(_network(data), k=k, elements=elements).head(top)
    _emit_frame(table, fmt, f"N-{k} criticality / 关键性")


@corridors_app.command("redundancy")
def corridors_redundancy(
    data: Path = DATA_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Edge-disjoint routes and min-cut capacity against demand, per province and commodity."""
    from hinterland.corridors.resilience import redundancy

    table = redundancy(_network(data)).drop(columns=["cut_edges"], errors="ignore")
    _frame_out(table, fmt, "Redundancy / 冗余")


@corridors_app.command("western")
def corridors_western(
    data: Path = DATA_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Each chokepoint closed, with and without the western channels."""
    from hinterland.corridors.resilience import western_comparison

    table = western_comparison(_network(data))
    table.index = [" | ".join(map(str, i)) for i in table.index]
    table.index.name = "scenario | variant"
    _emit_frame(table, fmt, "Westward opening / 向西开放")


# -- layout ----------------------------------------------------------------------------------
def _specs(text: str | None) -> list[str] | None:
    """Comma-separated province specs (adcodes, names, grouping specs), or None."""
    if text is None:
        return None
    items = [s.strip() for s in text.split(",") if s.strip()]
    if not items:
        raise HinterlandError(f"--candidates names no province: {text!r}")
    return items


def _instance(scenarios: Path | None, kind: str = "auto", sectors: str | None = None, **kw):
    """The layout instance of the options (see ``resolve_instance``)."""
    from hinterland.layout.default import resolve_instance

    keys = [s.strip() for s in sectors.split(",") if s.strip()] if sectors else None
    kw["candidates"] = _specs(kw.get("candidates"))
    return resolve_instance(kind, scenarios, sectors=keys, **kw)


INSTANCE_OPTION = typer.Option(
    "auto", "--instance", help="table (active MRIO table), atlas (illustrative) or auto"
)
SECTORS_OPTION = typer.Option(
    None, "--sectors", help="key sectors of the table, comma-separated (default: NBS 17 keys)"
)
LOSS_OPTION = typer.Option("ghosh", "--loss-model", help="ghosh or capacity (table instance)")
ENERGY_OPTION = typer.Option(
    None, "--energy-spare", help="energy limit: share of each province's electricity output"
)
CANDIDATES_OPTION = typer.Option(
    None,
    "--candidates",
    help="provinces that may host backup: adcodes, names or grouping specs, comma-separated "
    "(default: outside third_front:first_line)",
)
HINTERLAND_OPTION = typer.Option(
    None, "--hinterland", help="grouping spec of the hinterland (default third_front:third_line)"
)
SHARE_OPTION = typer.Option(
    None, "--min-hinterland-share", help="coordination: hinterland share of capacity, 0..1"
)
SCENARIOS_OPTION = typer.Option(
    None,
    "--scenarios",
    help="scenario YAML, or example:NAME (see 'layout scenarios'); default set if omitted",
)
PRICES_OPTION = typer.Option(
    None, "--prices", help="CSV: adcode and any of wage, electricity, land (replace the atlas')"
)
LABOUR_OPTION = typer.Option(None, "--labour-share", help="labour share of value added (0.5)")
LAND_OPTION = typer.Option(None, "--land-share", help="land's share of the cost of capacity (0.1)")


INSTANCE_PARAMS: dict[str, tuple[Any, Any]] = {
    "scenarios": (Path, SCENARIOS_OPTION),
    "instance_kind": (str, INSTANCE_OPTION),
    "sectors": (str, SECTORS_OPTION),
    "loss_model": (str, LOSS_OPTION),
    "energy_spare": (float, ENERGY_OPTION),
    "candidates": (str, CANDIDATES_OPTION),
    "hinterland": (str, HINTERLAND_OPTION),
    "prices": (Path, PRICES_OPTION),
    "labour_share": (float, LABOUR_OPTION),
    "land_share": (float, LAND_OPTION),
}
"""Options shared by the layout commands that build a backup instance (see ``_instance``)."""


def _with_instance(func):
    """Give a layout command the instance options; it receives the instance and its description.

    The wrapped function takes ``instance`` and ``about`` (from :func:`_instance`) instead of
    the options in :data:`INSTANCE_PARAMS`, which are added to the signature Typer reads, before
    ``fmt``.
    """
    hints = get_type_hints(func)
    own = [
        p.replace(annotation=hints.get(p.name, p.annotation))
        for p in inspect.signature(func).parameters.values()
        if p.name not in ("instance", "about")
    ]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=opt, annotation=kind)
        for name, (kind, opt) in INSTANCE_PARAMS.items()
    ]
    tail = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own if p.name == "fmt"]
    head = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own if p.name != "fmt"]

    @functools.wraps(func)
    def command(**kwargs):
        opts = {name: kwargs.pop(name) for name in INSTANCE_PARAMS}
        scenarios, kind, sectors = (opts.pop(k) for k in ("scenarios", "instance_kind", "sectors"))
        instance, about = _instance(scenarios, kind, sectors, **opts)
        return func(instance=instance, about=about, **kwargs)

    command.__signature__ = inspect.Signature([*head, *added, *tail])  # type: ignore[attr-defined]
    del command.__wrapped__  # Typer must read the signature above, not the function's own
    return command


@layout_app.command("optimize")
@_with_instance
def layout_optimize(
    budget: float = typer.Option(500.0, "--budget", help="budget, 100 million yuan"),
    objective: str = typer.Option("expected", "--objective", help="expected or cvar"),
    alpha: float = typer.Option(0.9, "--alpha", help="CVaR level"),
    gap: float = typer.Option(0.01, "--gap", help="relative MIP gap"),
    cost_weight: float = typer.Option(0.0, "--cost-weight", help="loss per unit of cost"),
    min_share: float = SHARE_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
    instance=None,
    about=None,
):
    """Where to place backup capacity within a budget: expected loss, CVaR, Theil, placements."""
    from hinterland.layout import optimize

    if budget < 0:
        raise HinterlandError(f"--budget must be >= 0; got {budget}")
    sol = optimize(
        instance,
        budget,
        objective=objective,
        alpha=alpha,
        gap=gap,
        cost_weight=cost_weight,
        min_hinterland_share=min_share,
    )
    out = sol.to_dict()
    out["placements"] = out.pop("opened")
    _emit_dict({**out, **about}, fmt, "Backup layout / 备份布局")


@layout_app.command("frontier")
@_with_instance
def layout_frontier(
    budgets: str = typer.Option("0,100,200,400,800,1600", "--budgets", help="comma-separated"),
    objective: str = typer.Option("expected", "--objective", help="expected or cvar"),
    alpha: float = typer.Option(0.9, "--alpha", help="CVaR level"),
    min_share: float = SHARE_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
    instance=None,
    about=None,
):
    """Expected loss (and CVaR) against budget: the cost-security trade-off."""
    from hinterland.layout import frontier

    try:
        values = [float(b) for b in budgets.split(",") if b.strip()]
    except ValueError:
        raise HinterlandError(
            f"--budgets must be numbers separated by commas; got {budgets!r}"
        ) from None
    table = frontier(
        instance, values, objective=objective, alpha=alpha, min_hinterland_share=min_share
    )
    _emit_frame(table, fmt, "Frontier / 前沿")


@layout_app.command("pareto")
@_with_instance
def layout_pareto(
    pair: list[str] = typer.Option(
        None,
        "--pair",
        help="objective pair (repeatable): cost,expected_loss (default), cost,cvar, "
        "hinterland_share,expected_loss or hinterland_share,cvar",
    ),
    n: int = typer.Option(8, "--n", help="grid points per pair"),
    budget: float = typer.Option(
        None, "--budget", help="budget (coordination pairs; cost pairs: top of the grid)"
    ),
    alpha: float = typer.Option(0.9, "--alpha", help="CVaR level"),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
    instance=None,
    about=None,
):
    """Pareto fronts by the epsilon-constraint method: cost or coordination against risk."""
    from hinterland.layout import pareto

    if budget is not None and budget < 0:
        raise HinterlandError(f"--budget must be >= 0; got {budget}")
    pairs = [tuple(p.strip() for p in text.split(",")) for text in (pair or ["cost,expected_loss"])]
    bad = [text for text, p in zip(pair or [], pairs, strict=False) if len(p) != 2]
    if bad:
        raise HinterlandError(f"--pair must be two objectives separated by a comma; got {bad[0]!r}")
    table = pareto(instance, pairs, n=n, budget=budget, alpha=alpha)
    _emit_frame(table, fmt, "Pareto / 帕累托前沿")


@layout_app.command("scenarios")
def layout_scenarios(fmt: Fmt = typer.Option(Fmt.table, "--format")):
    """The scenario sets shipped with the package (use them as --scenarios example:NAME)."""
    from hinterland.layout.scenarios import example_scenarios, load_scenarios

    rows = {}
    for name, path in example_scenarios().items():
        sset = load_scenarios(path)
        rows[f"example:{name}"] = {
            "scenarios": len(sset.scenarios),
            "channel_closures": sum(1 for sc in sset.scenarios if sc.channels),
            "names": ", ".join(sc.name for sc in sset.scenarios),
            "note": sset.note,
        }
    table = pd.DataFrame(rows).T
    table.index.name = "set"
    _emit_frame(table, fmt, "Scenario sets / 情景集")


@layout_app.command("hubs")
def layout_hubs(
    p: int = typer.Option(3, "--p", help="number of hubs to choose"),
    candidates: str = typer.Option("hubs", "--candidates", help="hubs (the eight) or all"),
    weight: str = typer.Option("gdp", "--weight", help="gdp or population"),
    year: int = typer.Option(2023, "--year"),
    cost: str = typer.Option("km", "--cost", help="km (geodesic) or latency (round-trip ms)"),
    site_data: Path = typer.Option(
        None,
        "--site-data",
        help="CSV: site, electricity_price (yuan/kWh) and/or renewable_share (0..1); or 'atlas' "
        "(coal benchmark price, NEA renewable share)",
    ),
    alpha_price: float = typer.Option(0.0, "--alpha-price", help="cost units per yuan/kWh"),
    alpha_green: float = typer.Option(
        0.0, "--alpha-green", help="objective units per unit of renewable share"
    ),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
):
    """Computing-hub siting (p-median over provincial demand, HiGHS)."""
    from hinterland.layout.hubs import atlas_site_data, read_site_data, site_hubs

    if candidates not in ("hubs", "all"):
        raise HinterlandError(f"--candidates must be hubs or all; got {candidates!r}")
    price = green = None
    about: tuple[str, ...] = ()
    if site_data is None:
        if alpha_price or alpha_green:
            raise HinterlandError("--alpha-price and --alpha-green need --site-data FILE")
    else:
        if str(site_data) == "atlas":
            price, green, about = atlas_site_data(candidates)  # type: ignore[arg-type]
        else:
            price, green = read_site_data(site_data, candidates)  # type: ignore[arg-type]
        for values, a, column, flag in (
            (price, alpha_price, "electricity_price", "--alpha-price"),
            (green, alpha_green, "renewable_share", "--alpha-green"),
        ):
            if a and values is None:
                raise HinterlandError(f"{flag} is set but {site_data} has no {column} column")
        if not (alpha_price or alpha_green):
            raise HinterlandError("--site-data needs --alpha-price and/or --alpha-green > 0")
        price = price if alpha_price else None
        green = green if alpha_green else None
    res = site_hubs(
        p,
        candidates=candidates,  # type: ignore[arg-type]
        weight=weight,
        year=year,
        cost=cost,  # type: ignore[arg-type]
        electricity_price=price,
        renewable_share=green,
        alpha=(alpha_price, alpha_green),
    )
    if fmt is Fmt.table:
        _emit_frame(res.to_frame(), fmt, "Computing hubs / 算力枢纽")
    else:
        out = res.to_dict()
        if site_data is not None:
            out["site_data"] = list(about) if str(site_data) == "atlas" else str(site_data)
        _emit_dict(out, fmt, "Computing hubs / 算力枢纽")


@app.command()
def assess(
    out: Path = typer.Option(Path("out/assess"), "--out", help="folder for the report"),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="zh (default) or en"),
):
    """Write the self-contained HTML assessment report (and every table as CSV beside it)."""
    from hinterland.report import write_report

    path = write_report(out, lang=lang.value)
    typer.echo(str(path))


def main() -> None:
    """Entry point: run the app, turning bad input into one line and exit code 2."""
    try:
        app()
    except HinterlandError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
