"""Spatial concentration of key products and the hinterland's share of each."""

from __future__ import annotations

import pandas as pd

from hinterland.assess import SectionResult
from hinterland.atlas import definitions, labels
from hinterland.report.builder import Builder
from hinterland.report.i18n import t

ID = "products"
TITLE = "sec_products"


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    blocks = b.blocks
    defs = definitions()
    blocks.append({"kind": "note", "body": t("products_text", lang)})
    if not res["results"]:
        blocks.append({"kind": "text", "body": t("products_none", lang)})
        return
    rows = {}
    for code, row in res["table"].iterrows():
        c = res["results"][code]
        rows[defs[code][f"label_{lang}"]] = {
            t("year", lang): int(row["year"]),
            t("n_reporting", lang): int(row["n_reporting"]),
            "HHI": row["hhi"],
            "CR3": row["cr3"],
            t("top3", lang): " ".join(f"{labels([a], lang)[0]} {s:.0%}" for a, s in c.top[:3]),
            t("hinterland_share", lang): row["hinterland_share"],
        }
    frame = pd.DataFrame(rows).T
    frame.index.name = t("product", lang)
    shares = ("CR3", t("hinterland_share", lang))
    blocks.append({"kind": "html", "body": b.table(frame, "product_concentration", percent=shares)})
