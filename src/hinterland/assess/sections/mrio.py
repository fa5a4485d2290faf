"""Sections over the MRIO table: regional linkage (spillovers, dependencies) and exposure."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hinterland.assess.sections._common import Inputs, Part


def _about(m) -> dict:
    from hinterland.mrio import china

    out = {"source": m.source, "year": m.year, "unit": m.unit, "estimate": m.estimate}
    if china.is_china_table(m):  # a name in each language for the notes beside results
        out |= {"source_zh": china.describe(m, "zh"), "source_en": china.describe(m, "en")}
    return out


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
    full = an.dependence(m)
    own = pd.Series(np.diag(full.drop(columns="exports").to_numpy()), index=full.index)
    # share of each province's output sustained by final demand in other provinces
    others = (full.drop(columns="exports").sum(axis=1) - own) / full.sum(axis=1)
    data = {
        "table": _about(m),
        "spillovers": spill,
        "top_dependencies": top,
        "dependence_on_others": others.rename("dependence_on_others"),
    }
    return Part(data, {"table": ins.spec.table or "active"}, (m.source,))


def exposure(ins: Inputs) -> Part:
    """Each key industry's exposure and backup ratio on the table."""
    from hinterland.mrio import analysis as an

    m = ins.mrio
    if m is None:
        return _missing(ins)
    from hinterland.layout.from_table import KEY_SECTORS_42
    from hinterland.mrio import china, robustness

    exp = an.exposure(m)
    data = {"table": _about(m), "exposure": exp, "over_time": None, "robustness": None}
    data["key_sectors"] = [k for k in KEY_SECTORS_42 if k in exp.index]
    if data["key_sectors"]:
        x = m.x.unstack("sector")[data["key_sectors"]]
        data["key_output_share"] = (x.sum(axis=1) / x.to_numpy().sum()).rename("share")
    if china.is_china_table(m):  # the shipped estimates of other years, and the parameter grid
        data["over_time"] = china.exposure_over_time(sectors=data["key_sectors"])
        if m.year == china.DEFAULT_YEAR:
            data["robustness"] = robustness.shipped_sensitivity()
    return Part(data, {"table": ins.spec.table or "active"}, (m.source,))
