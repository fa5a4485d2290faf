"""``/disparity``: pick a grouping; Theil decomposition over time, Gini, convergence."""

from __future__ import annotations

from functools import lru_cache

from dash import Input, Output, State, dcc, html

from hinterland.web import common
from hinterland.web.i18n import lang_of, t

PATH = "/disparity"


@lru_cache(maxsize=16)
def trend(by: str):
    """The disparity trend of the assessment's income indicator by ``by`` (years up to its year).

    The same call as the assessment's ``trends`` section (which uses the first grouping).
    """
    from hinterland import coordination as coord
    from hinterland.assess import AssessmentSpec
    from hinterland.atlas import IndicatorTable

    spec = AssessmentSpec()
    tbl = IndicatorTable.default()
    years = [y for y in tbl.years(spec.indicator) if y <= spec.year]
    return coord.disparity_trend(spec.indicator, by=by, years=years, table=tbl)


def layout(lang: str):
    """The disparity page."""
    from hinterland.assess import AssessmentSpec

    return common.page(
        PATH,
        lang,
        "nav_disparity",
        html.Div(
            [
                html.Label(t("di_grouping", lang)),
                dcc.Dropdown(
                    id="di-by",
                    options=common.grouping_options(lang),
                    value=AssessmentSpec().groupings[0],
                    clearable=False,
                ),
            ],
            className="controls",
        ),
        html.Div(id="di-msg"),
        html.P(id="di-latest"),
        common.figure("di-theil"),
        common.figure("di-gini"),
        common.download_button("di", lang),
        html.H2(t("di_sigma", lang)),
        convergence_view(lang),
    )


def convergence_view(lang: str):
    """Sigma and beta convergence, from the assessment's ``convergence`` section."""
    import pandas as pd

    from hinterland.assess import run_cached
    from hinterland.report.figures import lines

    sec = run_cached(sections=["convergence"])["convergence"]
    if not sec.ok:
        return common.error_box(t("failed", lang, msg=sec.error))
    c = sec["result"]
    sigma = pd.DataFrame({t("std_log", lang): sec["sigma"]["std_log"]})
    fig = lines(sigma, t("di_sigma", lang), lang)
    b = c.beta
    text = t(
        "di_beta",
        lang,
        start=sec["start"],
        end=sec["end"],
        beta=b.beta,
        speed=b.speed,
        r2=b.r2,
    )
    return html.Div(
        [
            common.figure("di-sigma", fig),
            html.P(text, id="di-beta"),
            common.note(sec.provenance, lang),
        ]
    )


def register(app) -> None:
    """The disparity page's callbacks."""
    from hinterland.web.app import guard

    @app.callback(
        Output("di-theil", "figure"),
        Output("di-gini", "figure"),
        Output("di-latest", "children"),
        Output("di-msg", "children"),
        Input("di-by", "value"),
        State("page-lang", "data"),
    )
    @guard(4, 3)
    def show(by, lang):
        from hinterland.atlas import groupings

        by = common.choose(by, list(groupings()), t("di_grouping", lang))
        return view(by, lang_of(lang))

    @app.callback(
        Output("di-dl", "data"),
        Input("di-btn", "n_clicks"),
        State("di-by", "value"),
        prevent_initial_call=True,
    )
    def download(_, by):
        from hinterland.atlas import groupings

        if by not in groupings():
            return None
        return {"content": trend(by).to_csv(), "filename": f"disparity_{by}.csv"}


@lru_cache(maxsize=64)
def view(by: str, lang: str) -> tuple:
    """The callback's outputs for a checked grouping (memoised by grouping and language)."""
    import pandas as pd

    from hinterland.atlas import grouping
    from hinterland.report.figures import lines

    tr = trend(by)
    g = grouping(by).label(lang)
    theil = pd.DataFrame(
        {
            t("total", lang): tr["theil_t"],
            t("between", lang): tr["theil_between"],
            t("within", lang): tr["theil_within"],
        }
    )
    ineq = pd.DataFrame({t("gini", lang): tr["gini"], t("cv_w", lang): tr["cv_weighted"]})
    last = tr.iloc[-1]
    latest = t(
        "di_latest",
        lang,
        year=int(tr.index[-1]),
        total=last["theil_t"],
        between=last["theil_between"],
        share=last["theil_between_share"],
        within=last["theil_within"],
        gini=last["gini"],
    )
    breaks = [int(y) for y in tr.index[tr["break"].astype(bool)]]
    if breaks:
        latest += " " + t("break_note", lang, years=", ".join(map(str, breaks)))
    return (
        lines(theil, t("di_theil", lang, group=g), lang).to_plotly_json(),
        lines(ineq, t("di_gini", lang), lang).to_plotly_json(),
        latest,
        "",
    )
