"""``/``: the key findings of the assessment, each linking to the page that explores it."""

from __future__ import annotations

from dash import dcc, html

from hinterland.web import common
from hinterland.web.i18n import t

PATH = "/"
SECTIONS = ("overview", "decomposition", "linkage")


def findings(lang: str) -> tuple[list[str], list[str], object]:
    """The findings' sentences, their sources and the GDP-per-head map, from the assessment."""
    from hinterland.assess import run_cached
    from hinterland.atlas import grouping, label
    from hinterland.report.figures import choropleth

    a = run_cached(sections=SECTIONS)
    out, prov, fig = [], [], None
    ov = a["overview"]
    if ov.ok:
        hu = ov["hu"]
        out.append(t("ov_hu", lang, area=hu.area_share_se, pop=hu.pop_share_se, year=hu.year))
        v = ov["gdp_per_capita"].dropna()
        out.append(
            t(
                "ov_gdppc",
                lang,
                year=ov["year"],
                top=label(int(v.idxmax()), lang),
                top_v=v.max(),
                low=label(int(v.idxmin()), lang),
                low_v=v.min(),
            )
        )
        title = t("at_map", lang, year=ov["year"], name=_gdppc_name(lang), unit=_unit(lang))
        fig = choropleth(ov["gdp_per_capita"], title, lang, unit=_unit(lang))
        prov += ov.provenance
    de = a["decomposition"]
    if de.ok:
        by = a.spec.groupings[0]
        d = de["by"][by]
        out.append(
            t(
                "ov_theil",
                lang,
                year=d.year,
                total=d.theil_t.total,
                group=grouping(by).label(lang),
                share=d.theil_t.between_share,
            )
        )
    li = a["linkage"]
    if li.ok and li["table"] is not None:
        s = li["spillovers"]
        col = "spillover_share" if "spillover_share" in s.columns else s.columns[-1]
        top = s[col].astype(float).idxmax()
        out.append(t("ov_spill", lang, name=label(int(top), lang), share=float(s.loc[top, col])))
        about = li["table"]
        prov.append(
            common.table_note(
                about["source"], about["year"], about["unit"], about["estimate"], lang
            )
        )
    errors = [f"{k}: {e}" for k, e in a.errors.items()]
    return out + [t("failed", lang, msg=e) for e in errors], prov, fig


def _gdppc_name(lang: str) -> str:
    from hinterland.atlas import definitions

    d = definitions()["gdp_per_capita"]
    return d["label_zh"] if lang == "zh" else d["label_en"]


def _unit(lang: str) -> str:
    from hinterland.atlas import definitions

    d = definitions()["gdp_per_capita"]
    return d["unit"] if lang == "zh" else d["unit_en"]


def layout(lang: str):
    """The overview page."""
    lines, prov, fig = findings(lang)
    links = [
        dcc.Link(t(key, lang), href=f"{p}?lang={lang}", className="card")
        for p, key in common.NAV[1:]
    ]
    return common.page(
        PATH,
        lang,
        "ov_title",
        html.Ul([html.Li(s) for s in lines], id="findings"),
        common.figure("ov-map", fig) if fig is not None else html.Div(),
        html.P(t("ov_more", lang)),
        html.Div(links, className="cards"),
        common.note(prov, lang),
    )


def register(app) -> None:
    """No callbacks: the overview is static for a given table."""
