"""Theil decomposition of GDP per head by the four blocs and by the Third Front lines."""

from __future__ import annotations

from hinterland.assess import SectionResult
from hinterland.atlas import grouping
from hinterland.report import figures as fg
from hinterland.report.builder import Builder
from hinterland.report.i18n import t

ID = "decomposition"
TITLE = "sec_decomp"

CHART_KEYS = {"four_blocs": "by_bloc", "third_front": "by_third_front"}
"""Text keys of the charts' titles of the default groupings (others use the grouping's label)."""


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    blocks = b.blocks
    year, parts = res["year"], res["by"]
    if set(parts) >= {"four_blocs", "third_front"}:
        d4, d3 = parts["four_blocs"], parts["third_front"]
        blocks.append(
            {
                "kind": "text",
                "body": t(
                    "decomp_text",
                    lang,
                    year=year,
                    t=d4.theil_t.total,
                    b4=d4.theil_t.between_share,
                    b3=d3.theil_t.between_share,
                ),
            }
        )
    charts, tables = [], []
    for name, d in parts.items():
        frame = d.groups_frame(lang).set_index("group")
        frame = frame.loc[fg.in_group_order(frame.index, lang)]
        chart = frame[["between_contribution", "within_contribution"]].rename(
            columns={
                "between_contribution": t("between", lang),
                "within_contribution": t("within", lang),
            }
        )
        title = t(CHART_KEYS[name], lang) if name in CHART_KEYS else grouping(name).label(lang)
        charts.append(
            b.fig(
                fg.bars(
                    chart,
                    f"{title} · {t('decomp_chart', lang, year=year)}",
                    lang,
                    ytitle=t("contribution", lang),
                    colours=fg.group_colours(name, lang),
                    by_category=True,
                )
            )
        )
        tables.append(b.table(frame, f"theil_{name}_{year}"))
    blocks.append({"kind": "grid", "body": charts})
    blocks.append({"kind": "grid", "body": tables})
