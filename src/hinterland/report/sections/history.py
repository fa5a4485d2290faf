"""Historical reference: the 1947 factory survey and Third Front investment."""

from __future__ import annotations

import html

import pandas as pd

from hinterland.assess import SectionResult
from hinterland.report import figures as fg
from hinterland.report.builder import Builder
from hinterland.report.i18n import t

ID = "history"
TITLE = "sec_history"


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    blocks = b.blocks
    ref = res["reference"]
    survey = ref["factory_survey_1947"]
    inv = ref["third_front_investment_3rd_fyp"]
    blocks.append(
        {
            "kind": "text",
            "body": t(
                "history_text",
                lang,
                total=f"{survey['total_main_cities']:,}",
                sh=f"{survey['cities']['上海 Shanghai']:,}",
                shs=res["shanghai_share"],
                t3=inv["third_line"],
                sw=inv["southwest_within_third_line"],
                sws=res["southwest_share"],
            ),
        }
    )
    cities = pd.Series(survey["cities"])
    cities.index = [c.split(" ")[0] if lang == "zh" else c.split(" ", 1)[1] for c in cities.index]
    frame = cities.to_frame(t("factories", lang))
    blocks.append(
        {
            "kind": "grid",
            "body": [
                b.fig(fg.bars(frame, t("history_chart", lang), lang, ytitle=t("factories", lang))),
                b.table(frame, "history_factories_1947"),
            ],
        }
    )
    source = str(ref["source"])
    if " / " in source:  # "中文 / English": the page's language only
        zh, en = source.split(" / ", 1)
        source = zh if lang == "zh" else en
    blocks.append({"kind": "note_html", "body": f"<cite>{html.escape(source)}</cite>"})
