"""The strategic-channels section: baseline corridor flows, N-1 criticality, westward channels."""

from __future__ import annotations

from hinterland.assess.sections._common import Inputs, Part


def channels(ins: Inputs) -> Part:
    """Least-cost baseline flows, the worst single closures and the westward comparison."""
    from hinterland.corridors.flow import solve
    from hinterland.corridors.resilience import criticality, western_comparison

    net = ins.network
    base = solve(net)
    crit = criticality(net, k=1, elements="edges")
    west = western_comparison(net)
    data = {
        "network": net,
        "baseline": base,
        "criticality": crit,
        "worst": crit.head(ins.spec.criticality_top),
        "western": west,
    }
    prov = tuple(dict.fromkeys(str(s) for s in net.edges.get("source", []) if str(s)))
    return Part(data, {"k": 1, "elements": "edges"}, prov or ("corridors/data",))
