"""Data sources and checking: figures and checked figures per indicator."""

from __future__ import annotations

from hinterland.atlas import definitions
from hinterland.report.builder import Builder, Context
from hinterland.report.i18n import t

ID = "sources"
TITLE = "sec_sources"


def render(b: Builder, ctx: Context) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    tbl = ctx.table
    blocks = b.blocks
    prov = tbl.provenance()
    defs = definitions()
    prov.index = [f"{defs[i][f'label_{lang}']} ({i})" for i in prov.index]
    prov.index.name = t("indicator", lang)
    prov = prov.rename(
        columns={
            "figures": t("figures", lang),
            "checked": t("checked", lang),
            "years": t("years", lang),
            "sources": t("sources", lang),
        }
    )
    blocks.append({"kind": "text", "body": t("sources_text", lang)})
    blocks.append({"kind": "html", "body": b.table(prov, "data_provenance")})
    tbl.data.drop(columns=["file", "row"]).to_csv(
        b.tables_dir / "indicator_panel.csv", index=False, encoding="utf-8-sig"
    )
    d = tbl.data[tbl.data["value"].notna()]
    b.meta["n_figures"] = len(d)
    b.meta["n_checked"] = int((d["checked"].str.lower() == "yes").sum())
