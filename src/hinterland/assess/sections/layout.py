"""The backup-layout section: placement at the budget, the frontier, coordination, hub siting."""

from __future__ import annotations

import pandas as pd

from hinterland.assess.sections._common import Inputs, Part


def layout(ins: Inputs) -> Part:
    """Backup placement at ``spec.budget``, the frontier, the coordination front and hubs."""
    from hinterland.atlas import adcodes
    from hinterland.layout import frontier, optimize, pareto

    spec = ins.spec
    instance, about = ins.instance
    sol = optimize(instance, spec.budget, objective=spec.objective, alpha=spec.alpha)
    sizes = sol.placements["size"].groupby(level="adcode").sum().reindex(adcodes(), fill_value=0.0)
    front = frontier(
        instance, list(spec.frontier_budgets), objective=spec.objective, alpha=spec.alpha
    )
    coordination = pareto(
        instance,
        ("hinterland_share", "expected_loss"),
        n=spec.coordination_points,
        budget=spec.budget,
        alpha=spec.alpha,
    )
    data = {
        "about": about,  # rendered (zh, en), for the report and the web page
        "about_messages": ins.instance_messages[1],
        "budget": spec.budget,
        "solution": sol,
        "sizes": sizes,
        "frontier": front,
        "coordination": coordination,
        **_hubs(ins),
    }
    inputs = {
        "budget": spec.budget,
        "frontier_budgets": spec.frontier_budgets,
        "objective": spec.objective,
        "alpha": spec.alpha,
        "scenarios": spec.scenarios or "default",
        "hub_weights": spec.hub_weights,
    }
    prov = (about["en"]["instance"], *about["en"]["assumptions"])  # provenance is in English
    return Part(data, inputs, prov)


def _hubs(ins: Inputs) -> dict:
    """Hub siting by distance alone, then with the atlas' power price and renewable share."""
    from hinterland.layout.hubs import atlas_site_data, hub_sites, site_hubs

    weights = ins.spec.hub_weights
    price, green, site_sources = atlas_site_data("hubs")
    rows = {}
    for p in ins.spec.hub_counts:
        plain = site_hubs(p)
        priced = site_hubs(p, electricity_price=price, renewable_share=green, alpha=weights)
        rows[p] = {
            "sites": [str(c) for c in plain.sites],
            "mean_distance": plain.mean_distance,
            "sites_operating": [str(c) for c in priced.sites],
            "mean_distance_operating": priced.mean_distance,
        }
    hubs = pd.DataFrame.from_dict(rows, orient="index")
    hubs.index.name = "p"
    sites = hub_sites()
    site_data = pd.DataFrame(
        {
            "city_zh": sites["city_zh"],
            "city_en": sites["city_en"],
            "power_price": price,
            "renewable_share_pct": (green * 100.0).round(1),  # undo the /100 of atlas_site_data
        }
    )
    site_data.index.name = "hub"
    # hub_sources: catalogue messages (hinterland.messages)
    return {"hubs": hubs, "hub_site_data": site_data, "hub_sources": tuple(site_sources)}
