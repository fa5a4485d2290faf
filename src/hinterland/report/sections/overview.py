"""The overall layout and the Hu Huanyong line: GDP per head mapped, the Hu-line shares."""

from __future__ import annotations

from hinterland.assess import SectionResult
from hinterland.atlas import definitions, labels
from hinterland.report import figures as fg
from hinterland.report.builder import Builder
from hinterland.report.i18n import t

ID = "overview"
TITLE = "sec_overview"


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    blocks = b.blocks
    year, hu = res["year"], res["hu"]
    unit = definitions()[res["indicator"]]["unit" if lang == "zh" else "unit_en"]
    blocks.append(
        {
            "kind": "html",
            "body": b.fig(
                fg.choropleth(
                    res["gdp_per_capita"], t("map_gdppc", lang, year=year), lang, unit=unit
                )
            ),
        }
    )
    sep = "、" if lang == "zh" else ", "
    crossed = sep.join(labels(res["crossed"], lang))
    blocks.append(
        {
            "kind": "text",
            "body": t(
                "hu_text",
                lang,
                year=hu.year,
                area=hu.area_share_se,
                pop=hu.pop_share_se,
                crossed=crossed,
                est="",
            ),
        }
    )
    blocks.append({"kind": "note", "body": t("hu_ref", lang, lonlat=res["lonlat_area_share"])})
    frame = res["hu_shares"].rename(
        columns={"area_share": t("area_share", lang), "pop_share": t("pop_share", lang)}
    )
    frame.index.name = t("year", lang)
    shares = (t("area_share", lang), t("pop_share", lang))
    blocks.append({"kind": "html", "body": b.table(frame, "hu_line_shares", percent=shares)})
    per = res["hu_by_province"].copy()
    per.insert(0, "province", labels(per.index, lang))
    b.csv(per, "hu_line_by_province")
