"""The overall layout and the Hu Huanyong line: GDP per head mapped, the Hu-line shares."""

from __future__ import annotations

import pandas as pd

from hinterland.atlas import definitions, labels
from hinterland.atlas.huline import hu_line, province_sides
from hinterland.report import figures as fg
from hinterland.report.builder import Builder, Context, latest_year
from hinterland.report.i18n import t

ID = "overview"
TITLE = "sec_overview"


def render(b: Builder, ctx: Context) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    tbl = ctx.table
    blocks = b.blocks
    year = latest_year(tbl, "population", 2023)
    gdppc = tbl.series("gdp_per_capita", year)
    blocks.append(
        {
            "kind": "html",
            "body": b.fig(
                fg.choropleth(
                    gdppc,
                    t("map_gdppc", lang, year=year),
                    lang,
                    unit=definitions()["gdp_per_capita"]["unit" if lang == "zh" else "unit_en"],
                )
            ),
        }
    )
    hu = hu_line(2020)
    hu_y = hu_line(year) if year != 2020 else hu
    sides = province_sides("lonlat")
    lonlat_share = float(
        sides["area_se_km2"].sum() / (sides["area_se_km2"] + sides["area_nw_km2"]).sum()
    )
    crossed = (
        "、".join(labels(hu.to_dict()["crossed_provinces"], lang))
        if lang == "zh"
        else ", ".join(labels(hu.to_dict()["crossed_provinces"], lang))
    )
    blocks.append(
        {
            "kind": "text",
            "body": t(
                "hu_text",
                lang,
                year=2020,
                area=hu.area_share_se,
                pop=hu.pop_share_se,
                crossed=crossed,
                est="",
            ),
        }
    )
    blocks.append({"kind": "note", "body": t("hu_ref", lang, lonlat=lonlat_share)})
    rows = {}
    for r in (hu, hu_y):
        rows[r.year] = {
            t("area_share", lang): r.area_share_se,
            t("pop_share", lang): r.pop_share_se,
            "estimate": r.estimate,
        }
    frame = pd.DataFrame(rows).T
    frame.index.name = t("year", lang)
    blocks.append({"kind": "html", "body": b.table(frame, "hu_line_shares")})
    per = hu.by_province[["area_se_km2", "area_nw_km2", "pop_se_share", "method"]].copy()
    per.insert(0, "province", labels(per.index, lang))
    per.to_csv(b.tables_dir / "hu_line_by_province.csv", encoding="utf-8-sig")
