"""The strategic-channels section: baseline corridor flows, N-1 criticality, westward channels."""

from __future__ import annotations

import pandas as pd

from hinterland.assess.sections._common import Inputs, Part


def channels(ins: Inputs) -> Part:
    """Least-cost baseline flows, the worst single closures and the westward comparison.

    ``worst`` lists only closures that leave demand unmet (it is empty when none does), ranked
    by the share of demand left unmet, then by ``cost_increase`` (transport cost change plus
    the unmet demand at its import price, yuan); ``worst_provinces`` is the shortfall of the
    worst one by ``(adcode, commodity)``, largest first. ``baseline_unmet`` is what the intact
    network leaves unmet, by commodity (zero when it meets all demand).
    """
    from hinterland.corridors.flow import solve
    from hinterland.corridors.resilience import close, criticality, western_comparison

    net = ins.network
    base = solve(net)
    crit = criticality(net, k=1, elements="edges")
    unmet = crit[crit["unmet_share"] > 0]
    worst_provinces = pd.Series(dtype=float, name="shortfall")
    if len(unmet):
        kind, _, cid = unmet["element"].iloc[0].partition(":")
        one = close(net, **{f"{kind}s": [cid]}, baseline=base)
        worst_provinces = pd.Series(
            {(a, k): v for a, k, v in one.provinces_short}, dtype=float, name="shortfall"
        )
    chokes = net.node_table(kind="chokepoint").index
    west = western_comparison(net, {n: {"nodes": [n]} for n in chokes})
    # unmet demand below one part per million of national demand is rounding of
    # the provincial allocations (as in corridors.resilience.close), not a shortage
    national = net.demand["demand"].groupby(level="commodity").sum()
    baseline_unmet = base.unmet_by_commodity.where(
        base.unmet_by_commodity > 1e-6 * national.reindex(base.unmet_by_commodity.index), 0.0
    )
    west = _rounding_to_zero(west, national)
    data = {
        "network": net,
        "baseline": base,
        "baseline_unmet": baseline_unmet,
        "criticality": crit,
        "worst": unmet.head(ins.spec.criticality_top),
        "n_unmet_closures": len(unmet),
        "worst_provinces": worst_provinces,
        "western": west,
        "units": net.units(),
        "national_demand": national,
        "goods_value": dict(net.params.goods_value),
    }
    value_sources = tuple(
        f"unmet_demand_value.{k}: {v.get('source', '')}"
        for k, v in (net.params.raw.get("unmet_demand_value") or {}).items()
        if isinstance(v, dict)
    )
    inputs = {"k": 1, "elements": "edges", "top": ins.spec.criticality_top}
    return Part(data, inputs, (f"corridor network: {net.source}", *value_sources))


def _rounding_to_zero(frame, national):
    """``unmet_<commodity>`` below 1e-6 of national demand set to 0 (rounding, not a shortage).

    ``unmet_share`` is set to 0 where every commodity's unmet volume is; the costs are left as
    they are (:func:`hinterland.corridors.resilience.close` prices no rounding already).
    """
    out = frame.copy()
    cols = [c for c in out.columns if c.startswith("unmet_") and c[6:] in national.index]
    for col in cols:
        out[col] = out[col].where(out[col] > 1e-6 * national[col[6:]], 0.0)
    if cols and "unmet_share" in out:
        out["unmet_share"] = out["unmet_share"].where((out[cols] > 0).any(axis=1), 0.0)
    return out
