"""``/linkage``: pick a province; whose demand its output hangs on, and whose output hangs on it.

The MRIO dependence matrix of the assessment's linkage section, on the active table.
"""

from __future__ import annotations

from functools import lru_cache

from dash import Input, Output, State, dcc, html

from hinterland.web import common
from hinterland.web.i18n import TEXT, lang_of, t

PATH = "/linkage"

TEXT.update(
    {
        "li_region": ("省份", "Province"),
        "li_on": (
            "{name}的产出中由各省最终需求拉动的比重（%）",
            "Share of {name}'s output driven by each province's final demand (%)",
        ),
        "li_by": (
            "各省产出中由{name}最终需求拉动的比重（%）",
            "Share of each province's output driven by {name}'s final demand (%)",
        ),
        "li_text": (
            "{name}的产出有{outside:.1%}由其他省份的最终需求拉动，{exports:.1%}由出口拉动；最大的外部需求来源是{top}（{top_v:.1%}）。",
            "{outside:.1%} of {name}'s output is driven by other provinces' final demand and "
            "{exports:.1%} by exports; the largest outside source of demand is {top} "
            "({top_v:.1%}).",
        ),
    }
)


@lru_cache(maxsize=1)
def shares():
    """Row shares of the dependence matrix (producing x demanding, exports a column)."""
    from hinterland.mrio.analysis import dependence
    from hinterland.web.pages.shock import table

    dep = dependence(table())
    return dep.div(dep.sum(axis=1), axis=0)


def _region(region, lang: str) -> int:
    s = shares()
    return int(common.choose(region, [int(r) for r in s.index], t("li_region", lang)))


@lru_cache(maxsize=64)
def view(region: int, lang: str) -> tuple:
    """The callback's outputs for a checked province (memoised: the maps are costly)."""
    from hinterland.atlas import label
    from hinterland.report.figures import choropleth

    s = shares()
    name = label(region, lang)
    row = s.loc[region]
    exports = float(row.get("exports", 0.0))
    provs = row.drop("exports", errors="ignore").astype(float)
    others = provs.drop(region)
    text = t(
        "li_text",
        lang,
        name=name,
        outside=float(others.sum()),
        exports=exports,
        top=label(int(others.idxmax()), lang),
        top_v=float(others.max()),
    )
    on = choropleth(provs * 100, t("li_on", lang, name=name), lang, unit="%", hu=False)
    by = s[region].astype(float) * 100
    by_fig = choropleth(by, t("li_by", lang, name=name), lang, unit="%", hu=False)
    return text, on.to_plotly_json(), by_fig.to_plotly_json(), ""


def csv(region: int, lang: str) -> str:
    """The maps' numbers: both shares (%) by province for ``region``, and its export share."""
    import pandas as pd

    from hinterland.atlas import label, labels

    s = shares()
    name = label(region, lang)
    row = s.loc[region]
    provs = row.drop("exports", errors="ignore").astype(float)
    out = pd.DataFrame(
        {
            "adcode": provs.index.astype(int),
            t("province", lang): labels(provs.index, lang),
            t("li_on", lang, name=name): (provs * 100).to_numpy(),
            t("li_by", lang, name=name): (
                s[region].reindex(provs.index).astype(float) * 100
            ).to_numpy(),
        }
    )
    return out.to_csv(index=False)


def layout(lang: str):
    """The linkage page."""
    from hinterland.web.pages.shock import table

    return common.page(
        PATH,
        lang,
        "nav_linkage",
        html.Div(
            [
                html.Label(t("li_region", lang)),
                dcc.Dropdown(
                    id="li-region",
                    options=common.province_options(lang),
                    value=510000,
                    clearable=False,
                ),
            ],
            className="controls",
        ),
        html.Div(id="li-msg"),
        html.P(id="li-text"),
        common.figure("li-on"),
        common.figure("li-by"),
        common.download_button("li", lang),
        common.note([common.estimate_note(table(), lang)], lang),
    )


def register(app) -> None:
    """The linkage page's callbacks."""
    from hinterland.web.app import guard

    @app.callback(
        Output("li-text", "children"),
        Output("li-on", "figure"),
        Output("li-by", "figure"),
        Output("li-msg", "children"),
        Input("li-region", "value"),
        State("page-lang", "data"),
    )
    @guard(4, 3)
    def show(region, lang):
        return view(_region(region, lang), lang_of(lang))

    @app.callback(
        Output("li-dl", "data"),
        Input("li-btn", "n_clicks"),
        State("li-region", "value"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )
    def download(_, region, lang):
        from hinterland.errors import HinterlandError

        try:
            region = _region(region, lang_of(lang))
        except HinterlandError:
            return None
        return {"content": csv(region, lang_of(lang)), "filename": f"linkage_{region}.csv"}
