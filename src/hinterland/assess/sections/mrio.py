"""Sections over the MRIO table: regional linkage (spillovers, dependencies) and exposure."""

from __future__ import annotations

import pandas as pd

from hinterland.assess.sections._common import Inputs, Part


def _about(m) -> dict:
    return {"source": m.source, "year": m.year, "unit": m.unit, "estimate": m.estimate}


def _missing(ins: Inputs) -> Part:
    return Part({"table": None, "missing": ins.mrio_missing}, {"table": ins.spec.table}, ())


def linkage(ins: Inputs) -> Part:
    """Spillover shares by region and the largest inter-regional dependencies of final demand."""
    from hinterland.mrio import analysis as an

    m = ins.mrio
    if m is None:
        return _missing(ins)
    spill = an.spillovers(m)
    dep = an.dependence(m).drop(columns="exports", errors="ignore")
    share = dep.div(dep.sum(axis=1), axis=0)
    pairs = share.stack()
    pairs = pairs[[r != s for r, s in pairs.index]].sort_values(ascending=False)
    top = pd.DataFrame(
        {
            "producing": [r for r, _ in pairs.index],
            "demanding": [s for _, s in pairs.index],
            "dep_share": pairs.to_numpy(),
        }
    ).head(ins.spec.dependencies_top)
    data = {"table": _about(m), "spillovers": spill, "top_dependencies": top}
    return Part(data, {"table": ins.spec.table or "active"}, (m.source,))


def exposure(ins: Inputs) -> Part:
    """Each key industry's exposure and backup ratio on the table."""
    from hinterland.mrio import analysis as an

    m = ins.mrio
    if m is None:
        return _missing(ins)
    data = {"table": _about(m), "exposure": an.exposure(m)}
    return Part(data, {"table": ins.spec.table or "active"}, (m.source,))
