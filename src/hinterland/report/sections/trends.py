"""How regional disparity has changed: Theil, Gini and CV by year; bloc shares of GDP."""

from __future__ import annotations

from hinterland import coordination as coord
from hinterland.report import figures as fg
from hinterland.report.builder import Builder, Context
from hinterland.report.i18n import t

ID = "trends"
TITLE = "sec_trends"


def render(b: Builder, ctx: Context) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    tbl = ctx.table
    blocks = b.blocks
    years = [y for y in tbl.years("gdp_per_capita") if y <= 2023]
    trend = coord.disparity_trend("gdp_per_capita", by="four_blocs", years=years, table=tbl)
    theil = trend[["theil_t", "theil_between", "theil_within"]].rename(
        columns={
            "theil_t": t("total", lang),
            "theil_between": t("between", lang),
            "theil_within": t("within", lang),
        }
    )
    ineq = trend[["gini", "cv_weighted"]].rename(
        columns={"gini": t("gini", lang), "cv_weighted": t("cv_w", lang)}
    )
    blocks.append(
        {
            "kind": "grid",
            "body": [
                b.fig(fg.lines(theil, t("trend_theil", lang), lang)),
                b.fig(fg.lines(ineq, t("trend_ineq", lang), lang)),
            ],
        }
    )
    gdp_years = [y for y in tbl.years("gdp") if y <= 2023]
    shares = coord.group_shares("gdp", "four_blocs", years=gdp_years, lang=lang, table=tbl)
    blocks.append(
        {
            "kind": "html",
            "body": b.fig(
                fg.lines(
                    shares, t("trend_shares", lang), lang, ytitle=t("share_pct", lang), stacked=True
                )
            ),
        }
    )
    blocks.append({"kind": "note", "body": t("vintage_note", lang)})
    blocks.append(
        {
            "kind": "html",
            "body": b.table(
                trend.drop(columns=["indicator", "by", "weighted", "dropped"]),
                "disparity_trend_four_blocs",
            ),
        }
    )
    shares.to_csv(b.tables_dir / "gdp_shares_four_blocs.csv", encoding="utf-8-sig")
