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
    unmet_demand_value:           # optional: what a unit not delivered is worth, in the edges'
      crude_oil: {value: 3977.2, unit: yuan per tonne, source: ...}   # cost unit (a price)

``cost_scale`` only changes the unit of reported costs (to put every commodity in one currency
unit so that costs can be added across commodities); flows do not depend on it.

Closures (:meth:`CorridorNetwork.with_closures`) multiply capacities by :math:`1 - \text{cut}`;
an edge without capacity (not binding) can only be closed fully (``cut=1``), since a share of an
unbounded capacity has no meaning.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from hinterland.corridors._read import (
    COMMODITIES,
    FILES,
    MODES,
    NODE_KINDS,
    _build,
    _key,
    _per_key,
    _value,
    table,
)
from hinterland.errors import DataError, ValidationError, unknown

__all__ = [
    "COMMODITIES",
    "MODES",
    "NODE_KINDS",
    "CorridorNetwork",
    "CorridorParams",
]

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
    goods_value : Mapping[str, float]
        Value of one unit of the commodity not delivered (its import price), in the cost unit of
        its edges, by commodity (``unmet_demand_value``; absent: the value stays unknown). Unlike
        ``unmet_price`` (the model's penalty), it is a sourced price; closures report the value
        of the demand they leave unmet at it.
    year : int or None
        The year the parameters describe.
    raw : Mapping
        The parsed YAML, with sources and notes.
    """

    cost_per_km: Mapping[tuple[str, str], float] = field(default_factory=dict)
    detour: Mapping[str, float] = field(default_factory=dict)
    unmet_price: Mapping[str, float] = field(default_factory=dict)
    cost_scale: Mapping[str, float] = field(default_factory=dict)
    goods_value: Mapping[str, float] = field(default_factory=dict)
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
            ("goods_value", "unmet_demand_value", COMMODITIES),
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
        distance = doc.get("distance") or {}
        if not isinstance(distance, Mapping):
            raise DataError("params.yaml: distance must be a mapping with detour_factor")
        detour = distance.get("detour_factor")
        detour = (
            detour.get("value") if isinstance(detour, Mapping) and "value" in detour else detour
        )
        year = doc.get("year")
        return cls(
            cost_per_km=factors,
            detour=_per_key(detour, MODES, "distance.detour_factor"),
            unmet_price=_per_key(doc.get("unmet_demand_price"), COMMODITIES, "unmet_demand_price"),
            cost_scale=_per_key(doc.get("cost_scale"), COMMODITIES, "cost_scale"),
            goods_value=_per_key(doc.get("unmet_demand_value"), COMMODITIES, "unmet_demand_value"),
            year=None if year is None else int(_value(year, "year")),
            raw=dict(doc),
        )


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
        from hinterland.atlas._files import load_yaml, read_text_csv

        frames = {f: read_text_csv(path / f) for f in FILES[:4]}
        doc = load_yaml(path / "params.yaml") or {}
        if not isinstance(doc, dict):
            raise DataError(f"{path / 'params.yaml'}: expected a mapping at the top level")
        tables = [table(f, frames[f], csv=True) for f in FILES[:4]]
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
        tables = [table(name, f, csv=False) for name, f in frames.items()]
        return _build(*tables, params, source=source)

    @classmethod
    def default(cls) -> CorridorNetwork:
        """The corridor network shipped in ``hinterland/corridors/data`` (read once per process).

        The network is frozen and every derived network (:meth:`with_closures`, ...) is a new
        one, so one instance serves every caller.
        """
        return _default_network()

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


@cache
def _default_network() -> CorridorNetwork:
    with resources.as_file(resources.files("hinterland.corridors") / "data") as path:
        return CorridorNetwork.from_dir(path)
