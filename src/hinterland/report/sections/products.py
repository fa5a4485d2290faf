"""Spatial concentration of key products and the hinterland's share of each."""

from __future__ import annotations

import pandas as pd

from hinterland import coordination as coord
from hinterland.atlas import definitions, grouping, labels
from hinterland.errors import ValidationError
from hinterland.report.builder import Builder, Context
from hinterland.report.i18n import t

ID = "products"
TITLE = "sec_products"


PRODUCTS = (
    "out_integrated_circuits",
    "out_automobiles",
    "out_nev",
    "out_crude_steel",
    "out_electricity",
    "out_mobile_phones",
    "out_microcomputers",
    "out_solar_cells",
)


def render(b: Builder, ctx: Context) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    tbl = ctx.table
    blocks = b.blocks
    defs = definitions()
    third = set(grouping("third_front").group("third_line").adcodes)
    rows = {}
    available = set(tbl.indicators())
    for code in PRODUCTS:
        if code not in available:
            continue
        results = []
        for year in tbl.years(code):
            try:
                results.append(coord.concentration(code, year, table=tbl))
            except ValidationError:
                continue
        if not results:
            continue
        # the year with the most provinces reporting; the latest such year on ties
        c = max(results, key=lambda r: (r.n_reporting, r.year))
        year = c.year
        shares = c.shares
        rows[defs[code][f"label_{lang}"]] = {
            t("year", lang): year,
            t("n_reporting", lang): c.n_reporting,
            "HHI": c.hhi,
            "CR3": c.cr3,
            t("top3", lang): " ".join(f"{labels([a], lang)[0]} {s:.0%}" for a, s in c.top[:3]),
            t("hinterland_share", lang): float(shares[shares.index.isin(third)].sum()),
        }
    blocks.append({"kind": "note", "body": t("products_text", lang)})
    if not rows:
        blocks.append({"kind": "text", "body": t("products_none", lang)})
        return
    frame = pd.DataFrame(rows).T
    frame.index.name = t("product", lang)
    blocks.append({"kind": "html", "body": b.table(frame, "product_concentration")})
