"""What every page shares: the header with the language switch, the data note, error boxes.

Option lists (provinces, indicators, groupings, sectors) are built here from the atlas and the
table, never from what the browser sends: a callback checks a value against them before use, so
no string from the browser becomes a file path or an unchecked key.
"""

from __future__ import annotations

from dash import dcc, html

from hinterland.web.i18n import t

NAV = (
    ("/", "nav_overview"),
    ("/atlas", "nav_atlas"),
    ("/disparity", "nav_disparity"),
    ("/corridors", "nav_corridors"),
    ("/shock", "nav_shock"),
    ("/linkage", "nav_linkage"),
    ("/layout", "nav_layout"),
    ("/ensembles", "nav_ensembles"),
)
"""The pages in menu order: ``(path, i18n key of the menu entry)``."""


def header(path: str, lang: str) -> html.Div:
    """The page header: the app's name, the menu and the switch to the other language."""
    other = "en" if lang == "zh" else "zh"
    items = [
        dcc.Link(
            t(key, lang),
            href=f"{p}?lang={lang}",
            className="nav-item active" if p == path else "nav-item",
        )
        for p, key in NAV
    ]
    return html.Div(
        [
            html.Span(t("app_title", lang), className="brand"),
            html.Nav(items, className="nav"),
            dcc.Link(t("switch", lang), href=f"{path}?lang={other}", id="lang-switch"),
        ],
        className="header",
    )


def page(path: str, lang: str, title_key: str, *children) -> html.Div:
    """A page: header, title, the page's language for its callbacks, then ``children``."""
    return html.Div(
        [
            header(path, lang),
            dcc.Store(id="page-lang", data=lang),
            html.H1(t(title_key, lang)),
            *children,
        ],
        className="page",
    )


def note(lines, lang: str) -> html.Div:
    """The data note of a view: what the numbers are and where they come from."""
    lines = [named(str(s), lang) for s in lines if s]
    return html.Div(
        [html.B(t("data", lang)), html.Ul([html.Li(s) for s in lines])], className="data-note"
    )


def named(line: str, lang: str) -> str:
    """A provenance line ``"code: text"`` with the atlas indicator ``code`` by its name."""
    import re

    from hinterland.atlas import definitions

    m = re.match(r"^([a-z_]+): ", line)
    if m is None:
        return line
    code = m.group(1)
    defs = definitions()
    if code in defs:
        name = defs[code][f"label_{lang}"]
    elif code == "boundaries":
        name = t("boundaries", lang)
    else:
        return line
    return f"{name}{'：' if lang == 'zh' else ': '}{line[m.end() :]}"


def error_box(text: str) -> html.Div:
    """A message on the page (never a traceback) for bad input or a failed computation."""
    return html.Div(text, className="error", role="alert")


def bad_input(exc: Exception, lang: str) -> html.Div:
    """The error box of a :class:`~hinterland.errors.HinterlandError`."""
    return error_box(t("error", lang, msg=str(exc)))


def choose(value, allowed, what: str):
    """``value`` if it is one of ``allowed``, else a ValidationError naming ``what``."""
    from hinterland.errors import ValidationError

    if value is None or value == "" or value == []:
        raise ValidationError(f"{what}: nothing selected")
    if value not in allowed:
        raise ValidationError(f"{what}: {str(value)[:40]!r} is not one of the offered values")
    return value


def province_options(lang: str) -> list[dict]:
    """Dropdown options of the 31 provinces: names shown, adcodes as values."""
    from hinterland.atlas import adcodes, labels

    codes = adcodes()
    return [{"label": n, "value": int(c)} for c, n in zip(codes, labels(codes, lang), strict=True)]


def grouping_options(lang: str) -> list[dict]:
    """Dropdown options of the embedded groupings (names shown)."""
    from hinterland.atlas import groupings

    return [{"label": g.label(lang), "value": k} for k, g in groupings().items()]


def estimate_note(m, lang: str) -> str:
    """The sentence naming an MRIO table, saying it is an estimate when it is one."""
    return table_note(m.source, m.year, m.unit, m.estimate, lang)


def table_note(source: str, year, unit: str, estimate: bool, lang: str) -> str:
    """The sentence naming a table (its source, year, unit), flagged when it is an estimate.

    A unit written ``"亿元 (100 million yuan)"`` shows its part in ``lang``. The shipped China
    table is described in Chinese on a Chinese page (its source string is English).
    """
    shown_unit = unit_part(unit, lang)
    if lang == "zh":
        source = zh_source(source, source)
    if estimate:
        return t("estimate_table", lang, source=source, year=year, unit=shown_unit)
    return f"{source}, {year}, {shown_unit}"


UNITS_EN = {"亿元": "100 million yuan", "万元": "10,000 yuan", "万人": "10,000 persons"}
"""English names of the Chinese units the tables are kept in."""


def term(value, lang: str) -> str:
    """A value shown in a table (an edition code, a solver status) in ``lang``, else itself."""
    from hinterland.report.i18n import TERMS

    return TERMS.get(str(value), {}).get(lang, str(value))


def zh_source(text: str, source: str) -> str:
    """``text`` with the shipped China table's English ``source`` described in Chinese."""
    if source.startswith("hinterland China MRIO"):
        return str(text).replace(source, ZH_CHINA_TABLE)
    return str(text)


ZH_CHINA_TABLE = "hinterland 中国省际投入产出表（由国家统计局全国投入产出表与分省统计数据估算）"
"""How a Chinese page names the shipped China table (its source string is English)."""


def unit_part(unit: str, lang: str) -> str:
    """The part of a unit written ``"亿元 (100 million yuan)"`` in ``lang`` (all of it if one)."""
    zh_unit, _, en_unit = str(unit).partition(" (")
    if lang == "zh":
        return zh_unit
    return en_unit.rstrip(")") or UNITS_EN.get(zh_unit, zh_unit)


def download_button(id_: str, lang: str, key: str = "download") -> html.Div:
    """A download button (its text the i18n ``key``) and its target (``{id_}-btn``, ``-dl``)."""
    return html.Div(
        [
            html.Button(t(key, lang), id=f"{id_}-btn", className="download"),
            dcc.Download(id=f"{id_}-dl"),
        ]
    )


EMPTY = {
    "data": [],
    "layout": {
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
        "height": 20,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
    },
}
"""A figure that shows nothing (a view with nothing to plot), not a pair of empty axes."""


def figure(id_: str, fig=None) -> dcc.Graph:
    """A graph with the plotly mode bar trimmed (no links leaving the app)."""
    return dcc.Graph(
        id=id_,
        figure=fig if fig is not None else EMPTY,
        config={"displaylogo": False, "modeBarButtonsToRemove": ["sendDataToCloud"]},
    )


def percent_slider(id_: str, value: float) -> object:
    """A slider over 10%..100% in steps of 10% (values 0.1..1)."""
    from dash import dcc

    return dcc.Slider(
        id=id_,
        min=0.1,
        max=1.0,
        step=0.1,
        value=value,
        marks={v / 10: f"{v * 10}%" for v in range(1, 11)},
    )
