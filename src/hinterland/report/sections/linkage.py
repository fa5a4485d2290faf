"""Regional linkage on the MRIO table: spillover shares mapped, the largest dependencies."""

from __future__ import annotations

import html

import pandas as pd

from hinterland.assess import SectionResult
from hinterland.atlas import adcodes, labels
from hinterland.report import figures as fg
from hinterland.report.builder import Builder
from hinterland.report.i18n import t

ID = "linkage"
TITLE = "sec_linkage"


def table_note(res: SectionResult, lang: str) -> dict:
    """The note block naming the table used (source cited, year, unit, estimate or survey)."""
    m = res["table"]
    est = html.escape(t("table_estimate" if m["estimate"] else "table_survey", lang))
    source = m.get(f"source_{'en' if lang == 'en' else 'zh'}", m["source"])
    unit = str(m["unit"])
    if lang == "en" and unit == "亿元":
        unit = "100 million yuan"
    elif " (" in unit and unit.endswith(")"):  # "亿元 (100 million yuan)": one language only
        zh, en = unit[:-1].split(" (", 1)
        unit = zh if lang == "zh" else en
    source = f"<cite>{html.escape(str(source))}</cite>"
    body = t("table_used", lang, source=source, year=m["year"], unit=html.escape(unit), est=est)
    return {"kind": "note_html", "body": body}


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    blocks = b.blocks
    if res["table"] is None:
        blocks.append({"kind": "note", "body": t("no_table", lang, reason=res["missing"])})
        return
    blocks.append(table_note(res, lang))
    spill = res["spillovers"]
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
    pairs = res["top_dependencies"]
    known = set(adcodes())
    in_atlas = set(pairs["producing"]) | set(pairs["demanding"]) <= known

    def name(a):
        return labels([a], lang)[0] if in_atlas else str(a)

    top = pd.DataFrame(
        {
            t("producing", lang): [name(r) for r in pairs["producing"]],
            t("demanding", lang): [name(s) for s in pairs["demanding"]],
            t("dep_share", lang): pairs["dep_share"].to_numpy(),
        },
        index=pd.RangeIndex(1, len(pairs) + 1, name=t("rank", lang)),
    )
    others = res.data.get("dependence_on_others")
    if others is not None and set(others.index) <= known:
        key = "dep_others_map_est" if res["table"]["estimate"] else "dep_others_map"
        title = t(key, lang)
        fig = fg.choropleth(others * 100, title, lang, unit="%", hu=False)
        blocks.append({"kind": "html", "body": b.fig(fig)})
        b.csv(others, "mrio_dependence_on_others")
    blocks.append({"kind": "text", "body": t("top_dep", lang)})
    blocks.append(
        {
            "kind": "html",
            "body": b.table(top, "mrio_top_dependencies", percent=(t("dep_share", lang),)),
        }
    )
    b.csv(spill, "mrio_spillovers")
