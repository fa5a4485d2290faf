"""Theil decomposition of GDP per head by the four blocs and by the Third Front lines."""

from __future__ import annotations

from hinterland import coordination as coord
from hinterland.report import figures as fg
from hinterland.report.builder import Builder, Context, latest_year
from hinterland.report.i18n import t

ID = "decomposition"
TITLE = "sec_decomp"


def render(b: Builder, ctx: Context) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    tbl = ctx.table
    blocks = b.blocks
    year = latest_year(tbl, "population", 2023)
    d4 = coord.disparity("gdp_per_capita", year, by="four_blocs", table=tbl)
    d3 = coord.disparity("gdp_per_capita", year, by="third_front", table=tbl)
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
    for d, key, name in ((d4, "by_bloc", "four_blocs"), (d3, "by_third_front", "third_front")):
        frame = d.groups_frame(lang).set_index("group")
        chart = frame[["between_contribution", "within_contribution"]].rename(
            columns={
                "between_contribution": t("between", lang),
                "within_contribution": t("within", lang),
            }
        )
        charts.append(
            b.fig(
                fg.bars(
                    chart,
                    f"{t(key, lang)} · {t('decomp_chart', lang, year=year)}",
                    lang,
                    ytitle=t("contribution", lang),
                )
            )
        )
        tables.append(b.table(frame, f"theil_{name}_{year}"))
    blocks.append({"kind": "grid", "body": charts})
    blocks.append({"kind": "grid", "body": tables})
