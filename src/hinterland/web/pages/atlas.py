"""``/atlas``: pick an indicator and a year; the map (with the Hu line) and the table."""

from __future__ import annotations

from functools import lru_cache

from dash import Input, Output, State, dash_table, dcc, html

from hinterland.web import common
from hinterland.web.i18n import lang_of, t

PATH = "/atlas"
DEFAULT = "gdp_per_capita"


def _table():
    from hinterland.atlas import IndicatorTable

    return IndicatorTable.default()


def _defn(code: str, lang: str) -> tuple[str, str]:
    from hinterland.atlas import definitions

    d = definitions()[code]
    return (d["label_zh"], d["unit"]) if lang == "zh" else (d["label_en"], d["unit_en"])


def indicator_options(lang: str) -> list[dict]:
    """The atlas' indicators with data, by name."""
    return [{"label": _defn(c, lang)[0], "value": c} for c in _table().indicators()]


def frame(code: str, year: int, lang: str):
    """The indicator's provincial values of ``year`` with names, unit, source and edition.

    The values are :meth:`IndicatorTable.series` (derived indicators computed from their
    parts); the source columns are those of the stored figure (of the numerator for a derived
    one).
    """
    import pandas as pd

    from hinterland.atlas import definitions, labels

    tbl = _table()
    values = tbl.series(code, year)
    d = definitions()[code]
    src_code = d["num"] if d["derived"] else code
    rows = tbl.data[(tbl.data["indicator"] == src_code) & (tbl.data["year"] == year)]
    rows = rows.drop_duplicates("adcode").set_index("adcode")
    name, unit = _defn(code, lang)
    out = pd.DataFrame(
        {
            "adcode": values.index.astype(int),
            t("province", lang): labels(values.index, lang),
            t("value", lang): values.to_numpy(),
            t("unit", lang): unit,
            t("source", lang): rows["source"].reindex(values.index).fillna("").to_numpy(),
            t("edition", lang): [
                common.term(e, lang) for e in rows["edition"].reindex(values.index).fillna("")
            ],
            t("checked", lang): [
                t(f"checked_{c}", lang) if c else ""
                for c in rows["checked"].reindex(values.index).fillna("")
            ],
        }
    )
    return out, values, name, unit


@lru_cache(maxsize=256)
def view(code: str, year: int, lang: str) -> tuple:
    """The callback's outputs for a checked indicator and year (memoised: the map is costly)."""
    from hinterland.report.figures import choropleth

    df, values, name, unit = frame(code, year, lang)
    fig = choropleth(values, t("at_map", lang, year=year, name=name, unit=unit), lang, unit=unit)
    shown = df.drop(columns="adcode").round({t("value", lang): 2})
    cols = [{"name": c, "id": c} for c in shown.columns]
    srcs = sorted({s for s in df[t("source", lang)] if s})[:5]
    note = common.note([f"{name} ({unit}), {year}", *srcs], lang)
    msg = "" if values.notna().any() else t("no_data", lang, name=name, year=year)
    return fig.to_plotly_json(), shown.to_dict("records"), cols, note, msg


def layout(lang: str):
    """The atlas page."""
    tbl = _table()
    years = tbl.years(DEFAULT)
    return common.page(
        PATH,
        lang,
        "nav_atlas",
        html.Div(
            [
                html.Label(t("at_indicator", lang)),
                dcc.Dropdown(
                    id="at-indicator",
                    options=indicator_options(lang),
                    value=DEFAULT,
                    clearable=False,
                ),
                html.Label(t("at_year", lang)),
                dcc.Dropdown(
                    id="at-year",
                    options=[{"label": str(y), "value": y} for y in years],
                    value=max(years),
                    clearable=False,
                ),
            ],
            className="controls",
        ),
        html.Div(id="at-msg"),
        common.figure("at-map"),
        common.download_button("at", lang),
        dash_table.DataTable(
            id="at-table", page_size=31, sort_action="native", style_table={"overflowX": "auto"}
        ),
        html.Div(id="at-note"),
    )


def register(app) -> None:
    """The atlas page's callbacks."""
    from hinterland.web.app import guard

    @app.callback(
        Output("at-year", "options"),
        Output("at-year", "value"),
        Input("at-indicator", "value"),
        State("at-year", "value"),
    )
    def years_of(code, current):
        tbl = _table()
        if code not in tbl.indicators():
            return [], None
        years = tbl.years(code)
        value = current if current in years else max(years)
        return [{"label": str(y), "value": y} for y in years], value

    @app.callback(
        Output("at-map", "figure"),
        Output("at-table", "data"),
        Output("at-table", "columns"),
        Output("at-note", "children"),
        Output("at-msg", "children"),
        Input("at-indicator", "value"),
        Input("at-year", "value"),
        State("page-lang", "data"),
    )
    @guard(5, 4)
    def show(code, year, lang):
        tbl = _table()
        code = common.choose(code, tbl.indicators(), t("at_indicator", lang))
        year = common.choose(year, tbl.years(code), t("at_year", lang))
        return view(code, int(year), lang_of(lang))

    @app.callback(
        Output("at-dl", "data"),
        Input("at-btn", "n_clicks"),
        State("at-indicator", "value"),
        State("at-year", "value"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )
    def download(_, code, year, lang):
        tbl = _table()
        if code not in tbl.indicators() or year not in tbl.years(code):
            return None
        df = frame(code, int(year), lang)[0]
        return {"content": df.to_csv(index=False), "filename": f"{code}_{year}.csv"}
