"""How regional disparity has changed: Theil, Gini and CV by year; bloc shares of GDP."""

from __future__ import annotations

from hinterland import coordination as coord
from hinterland.assess import SectionResult
from hinterland.atlas.schema import EDITION_SHORT
from hinterland.report import figures as fg
from hinterland.report.builder import Builder
from hinterland.report.i18n import t

ID = "trends"
TITLE = "sec_trends"


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    blocks = b.blocks
    trend, by = res["trend"], res["by"]
    breaks = [int(y) for y in trend.index[trend["break"]]] if "break" in trend else []
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
                b.fig(fg.lines(theil, t("trend_theil", lang), lang, breaks=breaks)),
                b.fig(fg.lines(ineq, t("trend_ineq", lang), lang, breaks=breaks)),
            ],
        }
    )
    names = coord.group_labels(by, lang)
    shares = res["gdp_shares"].rename(columns=lambda c: names.get(c, c))
    shares = shares[fg.in_group_order(shares.columns, lang)]
    blocks.append(
        {
            "kind": "html",
            "body": b.fig(
                fg.lines(
                    shares,
                    t("trend_shares", lang),
                    lang,
                    ytitle=t("share_pct", lang),
                    stacked=True,
                    colours=fg.group_colours(by, lang),
                    breaks=res["gdp_shares"].attrs.get("breaks", []),
                )
            ),
        }
    )
    gdp_breaks = res["gdp_shares"].attrs.get("breaks", [])
    blocks.append(
        {"kind": "note", "body": t("vintage_note", lang, breaks=", ".join(map(str, gdp_breaks)))}
    )
    table = trend.drop(columns=["indicator", "by", "weighted", "dropped"])
    if "edition" in table:
        short = {k: v[lang] for k, v in EDITION_SHORT.items()}
        table = table.assign(
            edition=[
                " + ".join(short.get(e, e) for e in str(x).split("+")) for x in table["edition"]
            ],
            **{"break": ["●" if x else "" for x in table["break"]]},
        )
    blocks.append({"kind": "html", "body": b.table(table, f"disparity_trend_{by}")})
    b.csv(shares, f"gdp_shares_{by}")
