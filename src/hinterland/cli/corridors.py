"""``hinterland corridors ...``: the energy and trade corridor network and its resilience."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from hinterland.cli import _bounds as B
from hinterland.cli._app import group
from hinterland.cli._output import FORMAT_HELP, Fmt, emit_dict, emit_frame, emit_json, frame_out
from hinterland.errors import HinterlandError

corridors_app = group(
    "corridors", "Strategic channels: the energy and trade corridor network and its resilience."
)


def _network(data: Path | None):
    from hinterland.corridors.network import CorridorNetwork

    return CorridorNetwork.from_dir(data) if data is not None else CorridorNetwork.default()


DATA_OPTION = typer.Option(None, "--data", help="a folder in the corridor data layout")


@corridors_app.command("nodes")
def corridors_nodes(
    kind: str = typer.Option(None, "--kind", help="hub, border, port, external, chokepoint"),
    data: Path = DATA_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """List the nodes of the corridor network."""
    net = _network(data)
    emit_frame(
        net.node_table(kind=kind)[["name_zh", "name_en", "kind", "adcode", "lon", "lat"]],
        fmt,
        "Corridor nodes / 通道节点",
    )


@corridors_app.command("edges")
def corridors_edges(
    commodity: str = typer.Option(None, "--commodity", help="container, crude_oil, natural_gas"),
    data: Path = DATA_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """List the edges (per commodity) with capacity, unit, cost and whether they are western."""
    net = _network(data)
    cols = ["from", "to", "mode", "commodity", "capacity", "unit", "cost", "western", "estimate"]
    emit_frame(net.edge_table(commodity=commodity)[cols], fmt, "Corridor edges / 通道")


@corridors_app.command("flows")
def corridors_flows(
    commodity: str = typer.Option(
        None,
        "--commodity",
        help="crude_oil (Mt/yr), natural_gas (bcm/yr) or container (TEU/yr); all if omitted",
    ),
    data: Path = DATA_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
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
        emit_json(
            {
                **res.to_dict(),
                "flows": json.loads(
                    flows.reset_index().to_json(orient="records", force_ascii=False)
                ),
            }
        )
        return
    emit_frame(flows.sort_values("flow", ascending=False), fmt, "Flows / 流量")


@corridors_app.command("close")
def corridors_close(
    edge: list[str] = typer.Option(None, "--edge", help="edge id to close (repeatable)"),
    node: list[str] = typer.Option(None, "--node", help="node id to close (repeatable)"),
    cut: float = typer.Option(
        1.0, "--cut", help="share of capacity removed, 0..1", callback=B.real(B.SHARE)
    ),
    days: int = typer.Option(
        365,
        "--days",
        help=B.says("duration, for the economy-wide loss", B.DAYS),
        callback=B.count(B.DAYS),
    ),
    data: Path = DATA_OPTION,
    table: str = typer.Option(
        None, "--table", help="MRIO table of the economy loss: a shipped year or a path"
    ),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Close edges or nodes (fully or partly): unmet demand, cost increase, provinces short."""
    from hinterland.corridors.resilience import close

    if not edge and not node:
        raise HinterlandError("name at least one --edge or --node to close")
    net = _network(data)
    res = close(net, edges=edge or (), nodes=node or (), cut=cut)
    out = res.to_dict()
    out["unmet_by_commodity"] = {k: float(v) for k, v in res.unmet_by_commodity["closed"].items()}
    out["economy_loss"] = _economy_loss(res, days, table)
    if fmt is Fmt.table:
        emit_dict(_readable_closure(out, net), fmt, "Closure / 通道中断")
    else:
        emit_dict(out, fmt, "Closure / 通道中断")


def _edge_name(net, edge: str) -> str:
    e = net.edges.loc[edge]
    return f"{net.nodes.loc[e['from'], 'name_zh']}→{net.nodes.loc[e['to'], 'name_zh']}"


def _readable_closure(out: dict, net) -> dict:
    """The closure for the terminal: 亿元, names, units, the loss by province largest first."""
    units = net.units()
    yi = 1e8  # yuan per 亿元
    shown = {
        "closed": ", ".join(
            [*(f"{_edge_name(net, e)} {e}" for e in out["edges"]),
             *(f"{net.nodes.loc[n, 'name_zh']} {n}" for n in out["nodes"])]
        ),
        "cut": out["cut"],
        "transport_cost_change (亿元)": out["transport_cost_change"] / yi,
        "unmet_value (亿元)": out["unmet_value"] / yi,
        "cost_increase (亿元)": out["cost_increase"] / yi,
        "unmet_demand": [
            {"commodity": k, "unmet_increase": out["unmet_increase"].get(k, 0.0),
             "unmet_total": v, "unit": units.get(k, "")}
            for k, v in out["unmet_by_commodity"].items()
        ],
        "provinces_short": [
            {"province": a, "commodity": k, "shortfall": v, "unit": units.get(k, "")}
            for a, k, v in out["provinces_short"]
        ],
    }  # fmt: skip
    loss = out["economy_loss"]
    if loss.get("available"):
        by = sorted(loss["by_region"].items(), key=lambda kv: -kv[1])
        shown["economy_loss"] = {
            "model": loss["model"],
            "days": loss["days"],
            f"national ({loss['unit']})": loss["national"],
            "table": loss["table"] + (" — estimate / 估算" if loss["table_is_estimate"] else ""),
            "assumption": loss["assumption"],
            "by_province (top 10)": [
                {"province": a, f"loss ({loss['unit']})": v} for a, v in by[:10]
            ],
        }
    else:
        shown["economy_loss"] = {"available": False, "reason": loss.get("reason", "")}
    return shown


def _economy_loss(closure, days: int, table: str | None = None) -> dict:
    """The MRIO loss of a closure on the table (default: the active one), or why there is none."""
    from hinterland.corridors.coupling import economy_loss
    from hinterland.errors import DataError
    from hinterland.mrio.store import resolve

    try:
        m = resolve(table)
    except DataError as exc:
        if table is not None:
            raise
        return {"available": False, "reason": str(exc)}
    loss = economy_loss(closure, m, days=days)
    return {
        "available": True, "model": "ario", "unit": loss.unit, "days": loss.days,
        "national": loss.national, "table": m.source, "table_is_estimate": m.estimate,
        "assumption": COUPLING_ASSUMPTION,
        "by_region": {str(k): float(v) for k, v in loss.by_region.items()},
    }  # fmt: skip


COUPLING_ASSUMPTION = (
    "each short province's refining (crude), power and gas (gas) or export manufacturing "
    "(containers) loses the share of its import demand left unmet, for all the days: no "
    "strategic stocks, domestic substitution or rerouting beyond the network's (an upper "
    "reading); ARIO's own inventories and rationing apply"
)
"""What the closure -> MRIO coupling assumes (pass-through 1), printed beside its loss."""


@corridors_app.command("criticality")
def corridors_criticality(
    k: int = typer.Option(1, "--k", help="1 (N-1) or 2 (N-2)"),
    elements: str = typer.Option("edges", "--elements", help="edges, nodes or all"),
    top: int = typer.Option(15, "--top", help=B.says("rows shown", B.TOP), callback=B.count(B.TOP)),
    data: Path = DATA_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Rank edges/nodes (k=1) or pairs (k=2) by unmet demand, then cost increase, when closed."""
    from hinterland.corridors.resilience import criticality

    if k not in (1, 2):
        raise HinterlandError(f"--k must be 1 or 2; got {k}")
    from hinterland.cli._progress import spinner

    with spinner(f"N-{k} criticality"):
        table = criticality(_network(data), k=k, elements=elements).head(top)
    emit_frame(table, fmt, f"N-{k} criticality / 关键性")


@corridors_app.command("redundancy")
def corridors_redundancy(
    data: Path = DATA_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Edge-disjoint routes and min-cut capacity against demand, per province and commodity."""
    from hinterland.corridors.resilience import redundancy

    table = redundancy(_network(data)).drop(columns=["cut_edges"], errors="ignore")
    frame_out(table, fmt, "Redundancy / 冗余")


@corridors_app.command("western")
def corridors_western(
    data: Path = DATA_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Each chokepoint closed, with and without the western channels."""
    from hinterland.corridors.resilience import western_comparison

    table = western_comparison(_network(data))
    table.index = [" | ".join(map(str, i)) for i in table.index]
    table.index.name = "scenario | variant"
    emit_frame(table, fmt, "Westward opening / 向西开放")
