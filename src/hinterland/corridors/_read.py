"""Reading and validating the corridor data layout (``docs/corridors-data.md``).

The layout constants, the raw-table wrapper :class:`_Table`, the ``params.yaml`` value parsers
and the row-by-row validation that assembles a
:class:`~hinterland.corridors.network.CorridorNetwork` (:func:`_build`). Every problem raises
:class:`~hinterland.errors.DataError` naming the file, the line or row, and the value at fault.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from hinterland.errors import DataError

if TYPE_CHECKING:
    from hinterland.corridors.network import CorridorNetwork, CorridorParams


MODES = ("rail", "sea", "inland_waterway", "oil_pipeline", "gas_pipeline", "road")
"""Transport modes an edge may have."""
COMMODITIES = ("container", "crude_oil", "natural_gas")
"""Commodities an edge, a supply or a demand may carry (TEU/yr, Mt/yr, bcm/yr)."""
NODE_KINDS = ("hub", "border", "port", "external", "chokepoint")
"""Kinds of node; demand attaches to ``hub`` nodes, supply to ``external`` nodes."""

FILES = ("nodes.csv", "edges.csv", "supply.csv", "demand.csv", "params.yaml")
_COLUMNS = {
    "nodes": ("id", "kind", "adcode", "lon", "lat"),
    "edges": ("id", "from", "to", "mode", "commodity", "capacity", "unit", "cost", "western"),
    "supply": ("node", "commodity", "supply", "unit"),
    "demand": ("adcode", "commodity", "demand", "unit"),
}
_YES, _NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}
_ADCODE = re.compile(r"^\d{6}$")


# ----------------------------------------------------------------------------- cell parsing


class _Table:
    """A raw table (all cells as text) and how to name its rows in messages."""

    def __init__(self, name: str, frame: pd.DataFrame, *, csv: bool) -> None:
        self.name, self.csv = name, csv
        missing = [c for c in _COLUMNS[name.removesuffix(".csv")] if c not in frame.columns]
        if missing:
            raise DataError(
                f"{name}: missing column(s) {missing}; found {list(frame.columns)} "
                "(see docs/corridors-data.md)"
            )
        self.frame = frame.reset_index(drop=True).map(_text)

    def at(self, i: int) -> str:
        """Name row ``i`` (0-based): ``edges.csv line 7`` or ``edges row 5``."""
        return f"{self.name} line {i + 2}" if self.csv else f"{self.name} row {i}"

    def number(self, i: int, col: str, *, required: bool = False) -> float:
        """Parse a non-negative number; an empty cell is NaN unless ``required``."""
        text = self.frame.at[i, col]
        if text == "":
            if required:
                raise DataError(f"{self.at(i)}: {col} is empty; give a number >= 0")
            return math.nan
        try:
            value = float(text)
        except ValueError:
            raise DataError(f"{self.at(i)}: {col} = {text!r} is not a number") from None
        if not math.isfinite(value) or value < 0:
            raise DataError(f"{self.at(i)}: {col} = {text!r} must be a finite number >= 0")
        return value

    def choice(self, i: int, col: str, choices: tuple[str, ...]) -> str:
        """Return the cell, which must be one of ``choices``."""
        text = self.frame.at[i, col]
        if text not in choices:
            raise DataError(f"{self.at(i)}: {col} = {text!r} is not one of {', '.join(choices)}")
        return text

    def unique(self, cols: list[str]) -> None:
        """Raise on the first repeated key (one or more columns)."""
        dup = self.frame.duplicated(cols, keep="first")
        if dup.any():
            i = int(np.argmax(dup.to_numpy()))
            keys = list(zip(*(self.frame[c] for c in cols), strict=True))
            key, first = keys[i], keys.index(keys[i])
            shown = key[0] if len(key) == 1 else key
            raise DataError(
                f"{self.at(i)}: duplicate {'/'.join(cols)} {shown!r} (first at {self.at(first)})"
            )


def _text(value: Any) -> str:
    """A cell as stripped text; NaN and None are empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # adcodes and ids read as floats stay integers
    return str(value).strip()


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
    nt: _Table, et: _Table, st: _Table, dt: _Table, params: CorridorParams, *, source: str
) -> CorridorNetwork:
    """Validate the four tables and the params and assemble the network."""
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


def _nodes(t: _Table) -> pd.DataFrame:
    f = t.frame
    for i, node_id in enumerate(f["id"]):
        if node_id == "":
            raise DataError(f"{t.at(i)}: id is empty")
    t.unique(["id"])
    adcodes: list[Any] = []
    hubs: dict[int, int] = {}
    for i in range(len(f)):
        kind = t.choice(i, "kind", NODE_KINDS)
        code = f.at[i, "adcode"]
        if code and not _ADCODE.match(code):
            raise DataError(f"{t.at(i)}: adcode = {code!r} is not a six-digit GB/T 2260 code")
        if kind == "hub":
            if not code or f.at[i, "id"] != code:
                raise DataError(
                    f"{t.at(i)}: hub node {f.at[i, 'id']!r} must have its province's adcode as "
                    f"both id and adcode (got adcode {code!r})"
                )
            if int(code) in hubs:
                raise DataError(
                    f"{t.at(i)}: second hub for adcode {code} (first at {t.at(hubs[int(code)])})"
                )
            hubs[int(code)] = i
        adcodes.append(int(code) if code else pd.NA)
        for col, lim in (("lon", 180.0), ("lat", 90.0)):
            text = f.at[i, col]
            try:
                v = float(text) if text else math.nan
            except ValueError:
                raise DataError(f"{t.at(i)}: {col} = {text!r} is not a number") from None
            if abs(v) > lim:
                raise DataError(f"{t.at(i)}: {col} = {text!r} is outside [-{lim:g}, {lim:g}]")
    out = f.set_index("id")
    out["adcode"] = pd.array(adcodes, dtype="Int64")
    out["lon"] = pd.to_numeric(out["lon"].replace("", np.nan))
    out["lat"] = pd.to_numeric(out["lat"].replace("", np.nan))
    return out


def _edges(t: _Table, nodes: pd.DataFrame, nodes_file: str) -> pd.DataFrame:
    f = t.frame
    for i, edge_id in enumerate(f["id"]):
        if edge_id == "":
            raise DataError(f"{t.at(i)}: id is empty")
    t.unique(["id"])
    caps, costs, western = [], [], []
    for i in range(len(f)):
        for col in ("from", "to"):
            if f.at[i, col] not in nodes.index:
                raise DataError(
                    f"{t.at(i)} (edge {f.at[i, 'id']}): {col} = {f.at[i, col]!r} is not a node id "
                    f"in {nodes_file}"
                )
        if f.at[i, "from"] == f.at[i, "to"]:
            raise DataError(f"{t.at(i)} (edge {f.at[i, 'id']}): from and to are the same node")
        t.choice(i, "mode", MODES)
        t.choice(i, "commodity", COMMODITIES)
        caps.append(t.number(i, "capacity"))
        costs.append(t.number(i, "cost"))
        w = f.at[i, "western"].lower()
        if w not in _YES | _NO:
            raise DataError(f"{t.at(i)}: western = {f.at[i, 'western']!r} must be yes or no")
        western.append(w in _YES)
        if "transit_days" in f.columns and f.at[i, "transit_days"]:
            t.number(i, "transit_days")
    out = f.set_index("id")
    out["capacity"] = np.array(caps, dtype=float)
    out["cost"] = np.array(costs, dtype=float)
    out["western"] = np.array(western, dtype=bool)
    if "transit_days" in out.columns:
        out["transit_days"] = pd.to_numeric(out["transit_days"].replace("", np.nan))
    out["closed"] = 0.0
    return out


def _supply(t: _Table, nodes: pd.DataFrame, nodes_file: str) -> pd.DataFrame:
    f = t.frame
    values = []
    for i in range(len(f)):
        node = f.at[i, "node"]
        if node not in nodes.index:
            raise DataError(f"{t.at(i)}: node = {node!r} is not a node id in {nodes_file}")
        if nodes.at[node, "kind"] != "external":
            raise DataError(
                f"{t.at(i)}: node {node!r} is a {nodes.at[node, 'kind']} node; supply attaches to "
                "external nodes only"
            )
        t.choice(i, "commodity", COMMODITIES)
        values.append(t.number(i, "supply"))
    t.unique(["node", "commodity"])
    out = f.assign(supply=np.array(values, dtype=float))
    return out.set_index(["node", "commodity"])


def _demand(t: _Table, nodes: pd.DataFrame, nodes_file: str) -> pd.DataFrame:
    f = t.frame
    values, codes = [], []
    hubs = set(nodes.index[nodes["kind"] == "hub"])
    for i in range(len(f)):
        code = f.at[i, "adcode"]
        if not _ADCODE.match(code):
            raise DataError(f"{t.at(i)}: adcode = {code!r} is not a six-digit GB/T 2260 code")
        if code not in hubs:
            raise DataError(
                f"{t.at(i)}: adcode {code} has no hub node (a node with kind hub and id {code!r}) "
                f"in {nodes_file}"
            )
        t.choice(i, "commodity", COMMODITIES)
        values.append(t.number(i, "demand", required=True))
        codes.append(int(code))
    t.unique(["adcode", "commodity"])
    out = f.assign(adcode=np.array(codes, dtype=np.int64), demand=np.array(values, dtype=float))
    return out.set_index(["adcode", "commodity"])


def _units(*tables: _Table) -> None:
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
    edges: pd.DataFrame, t: _Table, nodes: pd.DataFrame, params: CorridorParams
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
