"""Regional linkage on the active MRIO table: spillover shares mapped, the largest dependencies."""

from __future__ import annotations

import pandas as pd

from hinterland.atlas import adcodes, labels
from hinterland.report import figures as fg
from hinterland.report.builder import Builder, Context
from hinterland.report.i18n import t

ID = "linkage"
TITLE = "sec_linkage"


def table_note(ctx: Context, lang: str) -> str | None:
    """The sentence naming the table used (source, year, unit, estimate or survey), or None."""
    m = ctx.mrio
    if m is None:
        return None
    est = t("table_estimate" if m.estimate else "table_survey", lang)
    return t("table_used", lang, source=m.source, year=m.year, unit=m.unit, est=est)


def render(b: Builder, ctx: Context) -> None:
    """Fill the section opened for it (see the package docstring)."""
    from hinterland.mrio import analysis as an

    lang = b.lang
    blocks = b.blocks
    m = ctx.mrio
    if m is None:
        blocks.append({"kind": "note", "body": t("no_table", lang, reason=ctx.mrio_error)})
        return
    blocks.append({"kind": "note", "body": table_note(ctx, lang)})
    spill = an.spillovers(m)
    if set(spill.index) <= set(adcodes()):
        blocks.append(
            {
                "kind": "html",
                "body": b.fig(
                    fg.choropleth(
                        spill["spillover_share"] * 100,
                        t("map_spill", lang),
                        lang,
                        unit="%",
                        hu=False,
                    )
                ),
            }
        )
    dep = an.dependence(m).drop(columns="exports", errors="ignore")
    share = dep.div(dep.sum(axis=1), axis=0)
    pairs = share.stack()
    pairs = pairs[[r != s for r, s in pairs.index]].sort_values(ascending=False).head(15)
    name = (lambda a: labels([a], lang)[0]) if set(dep.index) <= set(adcodes()) else str
    top = pd.DataFrame(
        {
            t("producing", lang): [name(r) for r, _ in pairs.index],
            t("demanding", lang): [name(s) for _, s in pairs.index],
            t("dep_share", lang): pairs.to_numpy(),
        }
    )
    blocks.append({"kind": "text", "body": t("top_dep", lang)})
    blocks.append({"kind": "html", "body": b.table(top, "mrio_top_dependencies")})
    spill.to_csv(b.tables_dir / "mrio_spillovers.csv", encoding="utf-8-sig")
