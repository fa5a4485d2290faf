"""Small in-memory corridor networks for the corridor tests (shared, not a test module)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hinterland.corridors import CorridorNetwork

UNITS = {"container": "TEU", "crude_oil": "Mt", "natural_gas": "bcm"}


def build(edges, supply, demand, *, price=1000.0, kinds=None, **params) -> CorridorNetwork:
    """A network from ``edges`` (id, from, to, capacity or None, cost[, commodity[, western]]),
    ``supply`` and ``demand`` dicts keyed (node, commodity); ``kinds`` overrides node kinds and
    ``params`` are extra corridor parameters. Node ``ext*`` is an external source, a six-digit id
    a province hub, anything else a transit node."""
    cols = ["id", "from", "to", "capacity", "cost", "commodity", "western"]
    e = pd.DataFrame([dict(zip(cols, r, strict=False)) for r in edges], columns=cols)
    e["commodity"] = [k if isinstance(k, str) else "crude_oil" for k in e["commodity"]]
    e["western"] = [w if isinstance(w, str) else "no" for w in e["western"]]
    e = e.assign(mode="rail", unit=e["commodity"].map(UNITS))
    ids = list(dict.fromkeys([*e["from"], *e["to"], *(n for n, _ in supply),
                              *(str(a) for a, _ in demand)]))  # fmt: skip
    kinds = kinds or {}
    kind = [kinds.get(i, "external" if i.startswith("ext") else "hub" if i.isdigit() else "port")
            for i in ids]  # fmt: skip
    nodes = pd.DataFrame(
        {"id": ids, "kind": kind, "adcode": [i if i.isdigit() else "" for i in ids],
         "lon": np.nan, "lat": np.nan}
    )  # fmt: skip
    s = pd.DataFrame(
        [
            {"node": n, "commodity": k, "supply": v, "unit": UNITS[k]}
            for (n, k), v in supply.items()
        ],
        columns=["node", "commodity", "supply", "unit"],
    )
    d = pd.DataFrame(
        [
            {"adcode": a, "commodity": k, "demand": v, "unit": UNITS[k]}
            for (a, k), v in demand.items()
        ],
        columns=["adcode", "commodity", "demand", "unit"],
    )
    return CorridorNetwork.from_frames(nodes, e, s, d, {"unmet_demand_price": price, **params})
