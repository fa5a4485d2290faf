"""``/``: the key findings of the assessment, each linking to the page that explores it.

The findings come from three assessment sections, each computed on its own in the background
(:mod:`hinterland.web.warm`): the page shows those that are ready and a "computing" line for
the rest, and polls until every one is there; a request never waits for a section.
"""

from __future__ import annotations

from dash import Input, Output, State, dcc, html

from hinterland.web import common
from hinterland.web.i18n import TEXT, lang_of, t
from hinterland.web.warm import OVERVIEW, section

PATH = "/"
SECTIONS = OVERVIEW
POLL_MS = 1000

TEXT.update(
    {
        "ov_computing": (
            "正在计算：{names}（首次打开时在后台计算，稍后自动显示）。",
            "Computing: {names} (done once in the background; shown here when ready).",
        ),
        "ov_sec_overview": ("总体格局", "the overall layout"),
        "ov_sec_decomposition": ("差距分解", "the disparity decomposition"),
        "ov_sec_linkage": ("区域关联", "the regional linkage"),
    }
)


def _overview(ov, lang: str) -> tuple[list[str], list[str], object]:
    from hinterland.atlas import label
    from hinterland.report.figures import choropleth

    hu = ov["hu"]
    v = ov["gdp_per_capita"].dropna()
    lines = [
        t("ov_hu", lang, area=hu.area_share_se, pop=hu.pop_share_se, year=hu.year),
        t(
            "ov_gdppc",
            lang,
            year=ov["year"],
            top=label(int(v.idxmax()), lang),
            top_v=v.max(),
            low=label(int(v.idxmin()), lang),
            low_v=v.min(),
        ),
    ]
    title = t("at_map", lang, year=ov["year"], name=_gdppc_name(lang), unit=_unit(lang))
    fig = choropleth(ov["gdp_per_capita"], title, lang, unit=_unit(lang))
    return lines, list(ov.provenance), fig


def _decomposition(de, lang: str) -> tuple[list[str], list[str], object]:
    from hinterland.assess import AssessmentSpec
    from hinterland.atlas import grouping

    by = AssessmentSpec().groupings[0]
    d = de["by"][by]
    line = t(
        "ov_theil",
        lang,
        year=d.year,
        total=d.theil_t.total,
        group=grouping(by).label(lang),
        share=d.theil_t.between_share,
    )
    return [line], list(de.provenance), None


def _linkage(li, lang: str) -> tuple[list[str], list[str], object]:
    from hinterland.atlas import label

    if li["table"] is None:
        return [], [], None
    s = li["spillovers"]
    col = "spillover_share" if "spillover_share" in s.columns else s.columns[-1]
    top = s[col].astype(float).idxmax()
    line = t("ov_spill", lang, name=label(int(top), lang), share=float(s.loc[top, col]))
    about = li["table"]
    note = common.table_note(about["source"], about["year"], about["unit"], about["estimate"], lang)
    return [line], [note], None


RENDER = {"overview": _overview, "decomposition": _decomposition, "linkage": _linkage}


def findings(lang: str, *, wait: bool = False) -> tuple[list[str], list[str], object, list[str]]:
    """The findings of the sections that are ready: sentences, sources, map, keys not ready.

    With ``wait`` the call blocks until every section is computed (for tests and scripts).
    """
    out, prov, fig, pending = [], [], None, []
    for key in SECTIONS:
        fut = section(key)
        if not (wait or fut.done()):
            pending.append(key)
            continue
        res = fut.result()
        if not res.ok:
            out.append(t("failed", lang, msg=f"{key}: {res.error}"))
            continue
        lines, sources, f = RENDER[key](res, lang)
        out += lines
        prov += [s for s in sources if s not in prov]
        fig = fig if f is None else f
    return out, prov, fig, pending


def _gdppc_name(lang: str) -> str:
    from hinterland.atlas import definitions

    d = definitions()["gdp_per_capita"]
    return d["label_zh"] if lang == "zh" else d["label_en"]


def _unit(lang: str) -> str:
    from hinterland.atlas import definitions

    d = definitions()["gdp_per_capita"]
    return d["unit"] if lang == "zh" else d["unit_en"]


def body(lang: str) -> tuple[list, bool]:
    """The findings block and whether every section is in it."""
    lines, prov, fig, pending = findings(lang)
    items = [html.Li(s) for s in lines]
    if pending:
        names = "、".join if lang == "zh" else ", ".join
        text = t("ov_computing", lang, names=names(t(f"ov_sec_{k}", lang) for k in pending))
        items.append(html.Li(text, className="computing", id="ov-computing"))
    parts = [
        html.Ul(items, id="findings"),
        common.figure("ov-map", fig) if fig is not None else html.Div(),
    ]
    return [*parts, common.note(prov, lang)] if prov else parts, not pending


def layout(lang: str):
    """The overview page (what is ready now; the rest follows by polling)."""
    ready = _ready()  # before the body: a section finishing in between is re-rendered once
    block, done = body(lang)
    links = [
        dcc.Link(t(key, lang), href=f"{p}?lang={lang}", className="card")
        for p, key in common.NAV[1:]
    ]
    return common.page(
        PATH,
        lang,
        "ov_title",
        html.Div(block, id="ov-body"),
        dcc.Store(id="ov-ready", data=ready),
        dcc.Interval(id="ov-tick", interval=POLL_MS, disabled=done),
        common.download_button("ov", lang),
        html.P(t("ov_more", lang)),
        html.Div(links, className="cards"),
    )


def _ready() -> int:
    return sum(section(k).done() for k in SECTIONS)


def register(app) -> None:
    """Poll the sections still computing; stop once all are shown."""

    @app.callback(
        Output("ov-body", "children"),
        Output("ov-tick", "disabled"),
        Output("ov-ready", "data"),
        Input("ov-tick", "n_intervals"),
        State("ov-ready", "data"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )
    def poll(_, shown, lang):
        """Re-render when another section is ready (not on every tick)."""
        from dash import no_update

        ready = _ready()
        if ready == shown:
            return no_update, False, no_update
        block, done = body(lang_of(lang))
        return block, done, ready

    @app.callback(
        Output("ov-dl", "data"),
        Input("ov-btn", "n_clicks"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )
    def download(_, lang):
        """The map's numbers: GDP per capita by province (once its section is ready)."""
        from hinterland.atlas import labels

        fut = section("overview")
        if not fut.done() or not fut.result().ok:
            return None
        lang = lang_of(lang)
        ov = fut.result()
        v = ov["gdp_per_capita"]
        frame = v.rename(f"{_gdppc_name(lang)} {ov['year']} ({_unit(lang)})").to_frame()
        frame.insert(0, t("province", lang), labels(v.index, lang))
        return {"content": frame.to_csv(), "filename": f"gdp_per_capita_{ov['year']}.csv"}
