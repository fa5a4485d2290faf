r"""The corridor network: nodes, directed per-commodity edges, external supply, provincial demand.

One validated, immutable object, :class:`CorridorNetwork`, read from the data layout described in
``docs/corridors-data.md`` (``nodes.csv``, ``edges.csv``, ``supply.csv``, ``demand.csv``,
``params.yaml``) by :meth:`CorridorNetwork.from_dir`, or built from DataFrames with the same
columns by :meth:`CorridorNetwork.from_frames` (both feed one validation). Every problem found
raises :class:`~hinterland.errors.DataError` naming the file, the line (``line 2`` is the first
data row of a CSV) or row, and the value at fault.

Edge costs. An edge with an empty ``cost`` gets

.. math::

    c_e = \ell_e \, \delta_{m(e)} \, \phi_{k(e), m(e)},

with :math:`\ell_e` the geodesic length in km between the coordinates of its end nodes (pyproj
``Geod`` on the WGS84 ellipsoid; within 0.5% of the haversine great circle), :math:`\delta_m`
the detour factor of mode :math:`m` (route length over straight length, 1 when not given) and
:math:`\phi_{k,m}` the cost per unit per km of commodity :math:`k` by mode :math:`m`; such an
edge has ``cost_basis == "distance"``, the others ``"data"``. ``length_km`` is
:math:`\ell_e`, ``route_km`` is :math:`\ell_e \delta_m`.

``params.yaml``: the keys read (a value is a number or a mapping with a ``value`` key beside
``unit``, ``source``, ``estimate`` and ``note``; other keys are kept in ``params.raw``)::

    year: 2023
    distance:
      detour_factor: {value: {sea: 1.2, rail: 1.3}}    # or one number for every mode
    mode_cost_per_unit_km:        # per unit moved per km, by commodity then mode
      container:
        sea: {value: 0.55, estimate: yes, source: ...}
    unmet_demand_price:           # per unit of unmet demand, in the edges' cost unit
      container: {value: 500000, unit: yuan per TEU}   # or one number for every commodity
    cost_scale:                   # optional: cost units per (flow unit x cost unit), default 1
      crude_oil: 1.0e6            # e.g. costs in yuan per tonne, flows in Mt: 1e6 yuan per Mt

``cost_scale`` only changes the unit of reported costs (to put every commodity in one currency
unit so that costs can be added across commodities); flows do not depend on it.

Closures (:meth:`CorridorNetwork.with_closures`) multiply capacities by :math:`1 - \text{cut}`;
an edge without capacity (not binding) can only be closed fully (``cut=1``), since a share of an
unbounded capacity has no meaning.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
import yaml

from hinterland.errors import DataError, ValidationError, unknown

__all__ = [
    "COMMODITIES",
    "MODES",
    "NODE_KINDS",
    "CorridorNetwork",
    "CorridorParams",
]

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


# ----------------------------------------------------------------------------- params


@dataclass(frozen=True, slots=True)
class CorridorParams:
    """Model parameters read from ``params.yaml`` (layout in the module docstring).

    Attributes
    ----------
    cost_per_km : Mapping[(str, str), float]
        Cost per unit moved per km, by ``(commodity, mode)``.
    detour : Mapping[str, float]
        Route length over geodesic length, by mode (1 where absent).
    unmet_price : Mapping[str, float]
        Price of one unit of unmet demand, by commodity, in the cost unit of that commodity's
        edges. It should exceed the cost of the costliest route, or the model prefers to leave
        demand unmet.
    cost_scale : Mapping[str, float]
        Cost units per (flow unit x edge cost unit), by commodity (1 where absent).
    year : int or None
        The year the parameters describe.
    raw : Mapping
        The parsed YAML, with sources and notes.
    """

    cost_per_km: Mapping[tuple[str, str], float] = field(default_factory=dict)
    detour: Mapping[str, float] = field(default_factory=dict)
    unmet_price: Mapping[str, float] = field(default_factory=dict)
    cost_scale: Mapping[str, float] = field(default_factory=dict)
    year: int | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        factors = {}
        for (k, mode), v in self.cost_per_km.items():
            _key(k, COMMODITIES, f"mode_cost_per_unit_km.{k}", "commodity")
            _key(mode, MODES, f"mode_cost_per_unit_km.{k}.{mode}", "mode")
            factors[k, mode] = _value(v, f"mode_cost_per_unit_km.{k}.{mode}")
        object.__setattr__(self, "cost_per_km", MappingProxyType(factors))
        for attr, name, keys in (
            ("detour", "distance.detour_factor", MODES),
            ("unmet_price", "unmet_demand_price", COMMODITIES),
            ("cost_scale", "cost_scale", COMMODITIES),
        ):
            table = {}
            for key, v in getattr(self, attr).items():
                _key(key, keys, f"{name}.{key}", "mode" if keys is MODES else "commodity")
                table[key] = _value(v, f"{name}.{key}")
                if table[key] == 0 and attr != "detour":
                    raise DataError(f"params.yaml: {name}.{key} is 0; it must be > 0")
            object.__setattr__(self, attr, MappingProxyType(table))
        object.__setattr__(self, "raw", MappingProxyType(dict(self.raw)))

    @classmethod
    def from_mapping(cls, doc: Mapping[str, Any]) -> CorridorParams:
        """Parse the ``params.yaml`` layout given in the module docstring."""
        if not isinstance(doc, Mapping):
            raise DataError(f"params.yaml: expected a mapping, got {type(doc).__name__}")
        factors: dict[tuple[str, str], float] = {}
        costs = doc.get("mode_cost_per_unit_km") or {}
        if not isinstance(costs, Mapping):
            raise DataError(
                "params.yaml: mode_cost_per_unit_km must map commodity -> mode -> value"
            )
        for k, by_mode in costs.items():
            _key(k, COMMODITIES, f"mode_cost_per_unit_km.{k}", "commodity")
            if not isinstance(by_mode, Mapping) or "value" in by_mode:
                raise DataError(f"params.yaml: mode_cost_per_unit_km.{k} must map mode -> value")
            for mode, v in by_mode.items():
                _key(mode, MODES, f"mode_cost_per_unit_km.{k}.{mode}", "mode")
                factors[k, mode] = _value(v, f"mode_cost_per_unit_km.{k}.{mode}")
        detour = (doc.get("distance") or {}).get("detour_factor")
        detour = (
            detour.get("value") if isinstance(detour, Mapping) and "value" in detour else detour
        )
        year = doc.get("year")
        return cls(
            cost_per_km=factors,
            detour=_per_key(detour, MODES, "distance.detour_factor"),
            unmet_price=_per_key(doc.get("unmet_demand_price"), COMMODITIES, "unmet_demand_price"),
            cost_scale=_per_key(doc.get("cost_scale"), COMMODITIES, "cost_scale"),
            year=None if year is None else int(_value(year, "year")),
            raw=dict(doc),
        )


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


# ----------------------------------------------------------------------------- the network


@dataclass(frozen=True, slots=True)
class CorridorNetwork:
    """A validated corridor network (treat the frames as read-only).

    Attributes
    ----------
    nodes : DataFrame
        Index ``id``; columns ``kind``, ``adcode`` (Int64, empty for foreign nodes), ``lon``,
        ``lat`` and the file's other columns (names, ``source``, ``estimate``, ``note``).
    edges : DataFrame
        Index ``id``; columns ``from``, ``to``, ``mode``, ``commodity``, ``capacity`` (NaN = not
        binding), ``unit``, ``cost`` (per unit moved, filled from distance where the data left it
        empty), ``cost_basis`` (``data`` or ``distance``), ``length_km`` (geodesic),
        ``route_km`` (times the mode's detour factor), ``western`` (bool), ``closed`` (share of
        capacity removed by closures, 0 to 1) and the file's other columns.
    supply : DataFrame
        Index ``(node, commodity)``; column ``supply`` (NaN = not binding) and ``unit``.
    demand : DataFrame
        Index ``(adcode, commodity)`` with ``adcode`` an int; column ``demand`` and ``unit``.
    params : CorridorParams
        Cost factors and the price of unmet demand.
    source : str
        Where the data came from.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    supply: pd.DataFrame
    demand: pd.DataFrame
    params: CorridorParams
    source: str = ""

    def __post_init__(self) -> None:
        need = {
            "nodes": ("kind", "adcode", "lon", "lat"),
            "edges": ("from", "to", "mode", "commodity", "capacity", "cost", "western", "closed"),
            "supply": ("supply",),
            "demand": ("demand",),
        }
        for name, cols in need.items():
            frame = getattr(self, name)
            missing = [c for c in cols if c not in frame.columns]
            if missing:
                raise DataError(f"{name} frame lacks column(s) {missing}; build with from_frames")
            if not frame.index.is_unique:
                raise DataError(f"{name} frame has a duplicate index entry")
        ends = pd.concat([self.edges["from"], self.edges["to"]])
        bad = ~ends.isin(self.nodes.index)
        if bad.any():
            raise DataError(
                f"edge {ends.index[bad][0]!r} ends at unknown node {ends[bad].iloc[0]!r}"
            )

    # --- doors -----------------------------------------------------------------------------

    @classmethod
    def from_dir(cls, path: str | Path) -> CorridorNetwork:
        """Read and validate the five files of a corridor data directory.

        Parameters
        ----------
        path : str or Path
            Directory holding ``nodes.csv``, ``edges.csv``, ``supply.csv``, ``demand.csv`` and
            ``params.yaml``.

        Raises
        ------
        DataError
            A file is missing or unreadable, or a row breaks the layout (the message names the
            file, the line and the value).
        """
        path = Path(path)
        missing = [f for f in FILES if not (path / f).is_file()]
        if missing:
            raise DataError(f"{path}: missing corridor data file(s) {missing}")
        frames = {}
        for f in FILES[:4]:
            try:
                frames[f] = pd.read_csv(
                    path / f, dtype=str, keep_default_na=False, encoding="utf-8"
                )
            except (OSError, ValueError, pd.errors.ParserError) as exc:
                raise DataError(f"{path / f}: cannot read CSV ({exc})") from None
        try:
            doc = yaml.safe_load((path / "params.yaml").read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise DataError(f"{path / 'params.yaml'}: cannot read YAML ({exc})") from None
        tables = [_Table(f, frames[f], csv=True) for f in FILES[:4]]
        return _build(*tables, CorridorParams.from_mapping(doc), source=str(path))

    @classmethod
    def from_frames(
        cls,
        nodes: pd.DataFrame,
        edges: pd.DataFrame,
        supply: pd.DataFrame,
        demand: pd.DataFrame,
        params: CorridorParams | Mapping[str, Any],
        *,
        source: str = "",
    ) -> CorridorNetwork:
        """Build from DataFrames with the columns of the CSV files (numbers or text).

        Validation is that of :meth:`from_dir`; messages name rows by position (``row 0``).
        ``params`` is a :class:`CorridorParams` or a mapping in the ``params.yaml`` layout.
        """
        if not isinstance(params, CorridorParams):
            params = CorridorParams.from_mapping(params)
        frames = {"nodes": nodes, "edges": edges, "supply": supply, "demand": demand}
        tables = [_Table(name, f, csv=False) for name, f in frames.items()]
        return _build(*tables, params, source=source)

    @classmethod
    def default(cls) -> CorridorNetwork:
        """The corridor network shipped in ``hinterland/corridors/data``."""
        with resources.as_file(resources.files("hinterland.corridors") / "data") as path:
            return cls.from_dir(path)

    # --- derived networks ------------------------------------------------------------------

    def with_closures(
        self,
        *,
        edges: str | Iterable[str] = (),
        nodes: str | Iterable[str] = (),
        cut: float = 1.0,
    ) -> CorridorNetwork:
        """Return a network with the capacity of some edges multiplied by ``1 - cut``.

        Parameters
        ----------
        edges, nodes : str or iterable of str
            Edge ids, and node ids whose every edge (in and out) is cut. An edge named twice,
            or through a node, is cut once.
        cut : float, default 1
            Share of capacity removed, in ``[0, 1]``.

        Raises
        ------
        ValidationError
            For an unknown id, a cut outside ``[0, 1]``, or a partial cut of an edge that has no
            capacity (not binding).
        """
        ids = self.closure_edges(edges=edges, nodes=nodes)
        if not 0.0 <= float(cut) <= 1.0:
            raise ValidationError(f"cut = {cut!r} must be in [0, 1] (the share of capacity lost)")
        e = self.edges.copy()
        cap = e.loc[ids, "capacity"]
        if 0.0 < cut < 1.0 and cap.isna().any():
            raise ValidationError(
                f"edge {cap.index[cap.isna()][0]!r} has no capacity (not binding); a partial cut "
                f"(cut={cut:g}) of it is undefined: close it fully (cut=1) or give it a capacity"
            )
        e.loc[ids, "capacity"] = 0.0 if cut == 1.0 else cap * (1.0 - cut)
        e.loc[ids, "closed"] = 1.0 - (1.0 - e.loc[ids, "closed"]) * (1.0 - cut)
        return dataclasses.replace(self, edges=e)

    def closure_edges(
        self, *, edges: str | Iterable[str] = (), nodes: str | Iterable[str] = ()
    ) -> list[str]:
        """Ids of the edges closed by closing ``edges`` and ``nodes`` (in edge order)."""
        edges = [edges] if isinstance(edges, str) else list(edges)
        nodes = [nodes] if isinstance(nodes, str) else list(nodes)
        for kind, ids, index in (
            ("edge", edges, self.edges.index),
            ("node", nodes, self.nodes.index),
        ):
            bad = [i for i in ids if i not in index]
            if bad:
                raise unknown(kind, bad[0], list(index))
        hit = self.edges.index.isin(edges)
        hit |= self.edges["from"].isin(nodes).to_numpy() | self.edges["to"].isin(nodes).to_numpy()
        return list(self.edges.index[hit])

    def without_western(self) -> CorridorNetwork:
        """Return the network with every ``western == yes`` edge closed."""
        return self.with_closures(edges=self.edges.index[self.edges["western"]])

    # --- views ------------------------------------------------------------------------------

    @property
    def commodities(self) -> list[str]:
        """Commodities present on an edge, a supply or a demand, in :data:`COMMODITIES` order."""
        seen = set(self.edges["commodity"])
        seen |= set(self.supply.index.get_level_values("commodity"))
        seen |= set(self.demand.index.get_level_values("commodity"))
        return [k for k in COMMODITIES if k in seen]

    def units(self) -> dict[str, str]:
        """The unit of each commodity (one per commodity, checked when built)."""
        units: dict[str, str] = {}
        for frame in (self.edges, self.supply.reset_index(), self.demand.reset_index()):
            if "unit" in frame.columns:
                for k, u in zip(frame["commodity"], frame["unit"], strict=True):
                    if u:
                        units.setdefault(k, u)
        return units

    def node_table(self, *, kind: str | Iterable[str] | None = None) -> pd.DataFrame:
        """Nodes (a copy), optionally of some kinds."""
        kinds = [kind] if isinstance(kind, str) else kind
        return (
            self.nodes.copy()
            if kinds is None
            else self.nodes[self.nodes["kind"].isin(kinds)].copy()
        )

    def edge_table(
        self,
        *,
        commodity: str | None = None,
        mode: str | None = None,
        western: bool | None = None,
        node: str | None = None,
    ) -> pd.DataFrame:
        """Edges (a copy), optionally of one commodity, mode, western flag or touching a node."""
        e = self.edges
        keep = np.ones(len(e), dtype=bool)
        if commodity is not None:
            keep &= (e["commodity"] == commodity).to_numpy()
        if mode is not None:
            keep &= (e["mode"] == mode).to_numpy()
        if western is not None:
            keep &= (e["western"] == western).to_numpy()
        if node is not None:
            keep &= ((e["from"] == node) | (e["to"] == node)).to_numpy()
        return e[keep].copy()

    def summary(self) -> dict[str, Any]:
        """Counts and units (JSON-friendly)."""
        return {
            "nodes": len(self.nodes),
            "nodes_by_kind": self.nodes["kind"].value_counts().to_dict(),
            "edges": len(self.edges),
            "edges_by_commodity": self.edges["commodity"].value_counts().to_dict(),
            "western_edges": int(self.edges["western"].sum()),
            "closed_edges": int((self.edges["closed"] > 0).sum()),
            "units": self.units(),
            "year": self.params.year,
            "source": self.source,
        }


# ----------------------------------------------------------------------------- validation


def _build(
    nt: _Table, et: _Table, st: _Table, dt: _Table, params: CorridorParams, *, source: str
) -> CorridorNetwork:
    """Validate the four tables and the params and assemble the network."""
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
