"""Reading and validating the corridor data layout (``docs/corridors-data.md``).

The layout constants, the row layout of each table (:data:`LAYOUTS`, validated by
:mod:`hinterland.rows`), the ``params.yaml`` value parsers and the checks across tables that
assemble a :class:`~hinterland.corridors.network.CorridorNetwork` (:func:`_build`). Every
problem raises :class:`~hinterland.errors.DataError` naming the file, the line or row, and the
value at fault.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from hinterland.errors import DataError
from hinterland.rows import Column, Layout, Rows, check_rows

if TYPE_CHECKING:
    from hinterland.corridors.network import CorridorNetwork, CorridorParams


MODES = ("rail", "sea", "inland_waterway", "oil_pipeline", "gas_pipeline", "road")
"""Transport modes an edge may have."""
COMMODITIES = ("container", "crude_oil", "natural_gas")
"""Commodities an edge, a supply or a demand may carry (TEU/yr, Mt/yr, bcm/yr)."""
NODE_KINDS = ("hub", "border", "port", "external", "chokepoint")
"""Kinds of node; demand attaches to ``hub`` nodes, supply to ``external`` nodes."""

FILES = ("nodes.csv", "edges.csv", "supply.csv", "demand.csv", "params.yaml")
_HINT = "see docs/corridors-data.md"
LAYOUTS = {
    "nodes": Layout(
        (
            Column("id", empty=False),
            Column("kind", "choice", choices=NODE_KINDS),
            Column("adcode", "adcode"),
            Column("lon", "number", low=-180.0, high=180.0),
            Column("lat", "number", low=-90.0, high=90.0),
        ),
        key=("id",),
        hint=_HINT,
    ),
    "edges": Layout(
        (
            Column("id", empty=False),
            Column("from"),
            Column("to"),
            Column("mode", "choice", choices=MODES),
            Column("commodity", "choice", choices=COMMODITIES),
            Column("capacity", "number", low=0.0),
            Column("unit"),
            Column("cost", "number", low=0.0),
            Column("western", "yesno"),
            Column("transit_days", "number", required=False, low=0.0),
        ),
        key=("id",),
        hint=_HINT,
    ),
    "supply": Layout(
        (
            Column("node"),
            Column("commodity", "choice", choices=COMMODITIES),
            Column("supply", "number", low=0.0),
            Column("unit"),
        ),
        key=("node", "commodity"),
        hint=_HINT,
    ),
    "demand": Layout(
        (
            Column("adcode", "adcode", empty=False),
            Column("commodity", "choice", choices=COMMODITIES),
            Column("demand", "number", low=0.0, empty=False),
            Column("unit"),
        ),
        key=("adcode", "commodity"),
        hint=_HINT,
    ),
}
"""The row layout of each table (:mod:`hinterland.rows`)."""


def table(name: str, frame: pd.DataFrame, *, csv: bool) -> Rows:
    """Validate one of the four tables (``name``: ``edges.csv`` or ``edges``) row by row."""
    return check_rows(frame, LAYOUTS[name.removesuffix(".csv")], name=name, csv=csv)


def _value(obj: Any, where: str) -> float:
    """A params.yaml value: a number or a mapping with a ``value`` key."""
    raw = obj.get("value") if isinstance(obj, Mapping) else obj
    try:
        v = float(raw)
    except (TypeError, ValueError):
        raise DataError(f"params.yaml: {where} = {raw!r} is not a number") from None
    if not math.isfinite(v) or v < 0:
        raise DataError(f"params.yaml: {where} = {raw!r} must be a finite number >= 0")
    return v


# ----------------------------------------------------------------------------- params keys


def _key(key: Any, valid: tuple[str, ...], where: str, what: str) -> None:
    if key not in valid:
        raise DataError(f"params.yaml: {where}: unknown {what}; valid: {', '.join(valid)}")


def _per_key(obj: Any, keys: tuple[str, ...], where: str) -> dict[str, float]:
    """A number for every key, or a mapping key -> number (a ``value`` mapping is a number)."""
    if obj is None:
        return {}
    if isinstance(obj, Mapping) and "value" not in obj:
        what = "mode" if keys is MODES else "commodity"
        for k in obj:
            _key(k, keys, f"{where}.{k}", what)
        return {k: _value(v, f"{where}.{k}") for k, v in obj.items()}
    return dict.fromkeys(keys, _value(obj, where))


# ----------------------------------------------------------------------------- validation


def _build(
    nt: Rows, et: Rows, st: Rows, dt: Rows, params: CorridorParams, *, source: str
) -> CorridorNetwork:
    """Check the references between the four tables and the params, and assemble the network."""
    from hinterland.corridors.network import CorridorNetwork

    nodes = _nodes(nt)
    edges = _edges(et, nodes, nt.name)
    supply = _supply(st, nodes, nt.name)
    demand = _demand(dt, nodes, nt.name)
    _units(et, st, dt)
    edges = _costs(edges, et, nodes, params)
    missing = sorted({k for _, k in demand.index[demand["demand"] > 0]} - set(params.unmet_price))
    if missing:
        raise DataError(
            f"params.yaml: no unmet_demand_price for commodity {missing[0]!r}, which has demand "
            f"in {dt.name}; give unmet_demand_price.{missing[0]}"
        )
    return CorridorNetwork(nodes, edges, supply, demand, params, source)


def _nodes(t: Rows) -> pd.DataFrame:
    f = t.frame
    hubs: dict[int, int] = {}
    for i in np.flatnonzero((f["kind"] == "hub").to_numpy()):
        node_id, code = f.at[i, "id"], t.text.at[i, "adcode"]
        if not code or node_id != code:
            raise t.fail(
                i,
                f"hub node {node_id!r} must have its province's adcode as both id and adcode "
                f"(got adcode {code!r})",
            )
        if int(code) in hubs:
            raise t.fail(i, f"second hub for adcode {code} (first at {t.at(hubs[int(code)])})")
        hubs[int(code)] = int(i)
    return f.set_index("id")


def _edges(t: Rows, nodes: pd.DataFrame, nodes_file: str) -> pd.DataFrame:
    f = t.frame
    for i in range(len(f)):
        for col in ("from", "to"):
            if f.at[i, col] not in nodes.index:
                raise DataError(
                    f"{t.at(i)} (edge {f.at[i, 'id']}): {col} = {f.at[i, col]!r} is not a node id "
                    f"in {nodes_file}"
                )
        if f.at[i, "from"] == f.at[i, "to"]:
            raise DataError(f"{t.at(i)} (edge {f.at[i, 'id']}): from and to are the same node")
    out = f.set_index("id")
    out["closed"] = 0.0
    return out


def _supply(t: Rows, nodes: pd.DataFrame, nodes_file: str) -> pd.DataFrame:
    f = t.frame
    for i, node in enumerate(f["node"]):
        if node not in nodes.index:
            raise t.fail(i, f"node = {node!r} is not a node id in {nodes_file}")
        if nodes.at[node, "kind"] != "external":
            raise t.fail(
                i,
                f"node {node!r} is a {nodes.at[node, 'kind']} node; supply attaches to external "
                "nodes only",
            )
    return f.set_index(["node", "commodity"])


def _demand(t: Rows, nodes: pd.DataFrame, nodes_file: str) -> pd.DataFrame:
    f = t.frame
    hubs = set(nodes.index[nodes["kind"] == "hub"])
    for i, code in enumerate(t.text["adcode"]):
        if code not in hubs:
            raise t.fail(
                i,
                f"adcode {code} has no hub node (a node with kind hub and id {code!r}) in "
                f"{nodes_file}",
            )
    out = f.assign(adcode=f["adcode"].astype(np.int64))
    return out.set_index(["adcode", "commodity"])


def _units(*tables: Rows) -> None:
    """One unit per commodity across the edges, the supply and the demand."""
    first: dict[str, tuple[str, str]] = {}
    for t in tables:
        for i, (k, u) in enumerate(zip(t.frame["commodity"], t.frame["unit"], strict=True)):
            if not u:
                continue
            if k not in first:
                first[k] = (u, t.at(i))
            elif u != first[k][0]:
                raise DataError(
                    f"{t.at(i)}: unit {u!r} for {k} differs from {first[k][0]!r} used at "
                    f"{first[k][1]}; use one unit per commodity"
                )


def _costs(
    edges: pd.DataFrame, t: Rows, nodes: pd.DataFrame, params: CorridorParams
) -> pd.DataFrame:
    """Geodesic lengths, and distance-based costs where the data left the cost empty."""
    from pyproj import Geod

    lon, lat = nodes["lon"].to_numpy(dtype=float), nodes["lat"].to_numpy(dtype=float)
    pos = nodes.index.get_indexer
    a, b = pos(edges["from"]), pos(edges["to"])
    known = np.isfinite(lon[a]) & np.isfinite(lat[a]) & np.isfinite(lon[b]) & np.isfinite(lat[b])
    length = np.full(len(edges), np.nan)
    if known.any():
        _, _, metres = Geod(ellps="WGS84").inv(
            lon[a][known], lat[a][known], lon[b][known], lat[b][known]
        )
        length[known] = np.asarray(metres) / 1000.0
    route = length * edges["mode"].map(lambda m: params.detour.get(m, 1.0)).to_numpy(float)
    cost = edges["cost"].to_numpy(dtype=float).copy()
    for i in np.flatnonzero(np.isnan(cost)):
        eid, mode, k = edges.index[i], edges["mode"].iat[i], edges["commodity"].iat[i]
        if not known[i]:
            ends = [edges["from"].iat[i], edges["to"].iat[i]]
            node = ends[0] if not np.isfinite(lon[a[i]] + lat[a[i]]) else ends[1]
            raise DataError(
                f"{t.at(i)} (edge {eid}): cost is empty and node {node!r} has no lon/lat, so no "
                "distance-based cost can be computed; give a cost or the coordinates"
            )
        if (k, mode) not in params.cost_per_km:
            raise DataError(
                f"{t.at(i)} (edge {eid}): cost is empty and params.yaml has no "
                f"mode_cost_per_unit_km.{k}.{mode}; give one or the edge's cost"
            )
        cost[i] = route[i] * params.cost_per_km[k, mode]
    out = edges.copy()
    out["cost_basis"] = np.where(edges["cost"].isna(), "distance", "data")
    out["cost"] = cost
    out["length_km"] = length
    out["route_km"] = route
    return out
