"""``/shock``: a province (one sector by name, or all) loses capacity; the loss map and curve.

The run is :func:`hinterland.mrio.analysis.shock` on the active table, the call behind
``hinterland shock``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from dash import Input, Output, State, dcc, html, no_update

from hinterland.web import common
from hinterland.web.i18n import TEXT, lang_of, t

PATH = "/shock"
MODELS = ("ario", "iim", "capacity")  # the CLI's order and default: ario first
MAX_DAYS = 730
ALL = "__all__"

TEXT.update(
    {
        "sh_region": ("受冲击省份", "Province hit"),
        "sh_sector": ("部门", "Sector"),
        "sh_all": ("全部部门", "All sectors"),
        "sh_severity": ("产能损失比例", "Share of capacity lost"),
        "sh_model": ("模型", "Model"),
        "sh_days": ("持续天数", "Days"),
        "sh_total": (
            "全国产出损失{loss:,.1f}亿元，其中{outside:.1%}发生在受冲击省份以外。",
            "National output loss {loss:,.1f} (100 million yuan); {outside:.1%} of it outside "
            "the province hit.",
        ),
        "sh_map": ("各省产出损失（亿元）", "Output loss by province (100 million yuan)"),
        "sh_curve": ("全国日产出（占冲击前的%）", "National daily output (% of before the shock)"),
        "sh_no_curve": (
            "静态模型没有恢复曲线；选择IIM或ARIO查看逐日变化。",
            "The static model has no recovery curve; choose IIM or ARIO for the daily path.",
        ),
        "day": ("天", "Day"),
        "output_pct": ("产出（%）", "Output (%)"),
        "sh_daily_output": ("全国产出（{unit}/日）", "National output ({unit} a day)"),
        "sh_daily_baseline": (
            "冲击前全国产出（{unit}/日）",
            "Baseline national output ({unit} a day)",
        ),
        "sh_daily_loss": ("全国产出损失（{unit}/日）", "National output loss ({unit} a day)"),
        "sh_dl_daily": ("下载全国逐日产出（CSV）", "Download the national output by day (CSV)"),
    }
)


@lru_cache(maxsize=1)
def table():
    """The active MRIO table (the shipped China estimate unless the user imported one)."""
    from hinterland.mrio.store import active

    return active()


def sector_options(lang: str) -> list[dict]:
    """The table's sectors by name (codes as values), with all sectors first."""
    m = table()
    names = m.meta.get(f"sector_names_{lang}") or list(m.sectors)
    opts = [{"label": str(n), "value": str(c)} for c, n in zip(m.sectors, names, strict=False)]
    return [{"label": t("sh_all", lang), "value": ALL}, *opts]


@lru_cache(maxsize=32)
def run(region: int, sector: str | None, severity: float, days: int, model: str):
    """The shock (memoised by its inputs)."""
    from hinterland.mrio.analysis import shock

    return shock(table(), region=region, sector=sector, severity=severity, days=days, model=model)


def _checked(region, sector, severity, model, days, lang: str) -> tuple:
    """The controls' values checked against the table's regions and sectors and the bounds."""
    from hinterland.errors import ValidationError

    m = table()
    region = common.choose(region, [int(r) for r in m.regions], t("sh_region", lang))
    sector = common.choose(sector, [ALL, *map(str, m.sectors)], t("sh_sector", lang))
    model = common.choose(model, MODELS, t("sh_model", lang))
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValidationError(f"days must be a whole number in 1..{MAX_DAYS}; got {days!r}")
    if not isinstance(severity, int | float) or not 0.0 < severity <= 1.0:
        raise ValidationError(f"severity must be in (0, 1]; got {severity!r}")
    return int(region), sector, float(severity), days, model


def daily(res) -> pd.DataFrame | None:
    r"""National output of a dynamic run by day: ``day, output, baseline, loss`` (unit a day).

    ARIO: row ``t`` of the trajectory is the production of day ``t`` (row 0 the baseline
    :math:`x^0`), so day :math:`t = 1..T` has output :math:`\sum_i x_i(t)`. IIM: the trajectory
    is the inoperability :math:`q(t)`, holding during day :math:`t = 0..T-1`, so day
    :math:`t + 1` has output :math:`\sum_i x^0_i (1 - q_i(t)) / 365`. Either way ``loss`` is
    ``baseline - output`` and sums to the national output loss. None for the static model.
    """
    if res.trajectory is None:
        return None
    traj = res.trajectory.to_numpy(dtype=float)
    if res.model == "ario":
        base = float(traj[0].sum())
        output = traj[1:].sum(axis=1)
    else:
        x = table().x.reindex(res.trajectory.columns).to_numpy(dtype=float) / 365.0
        base = float(x.sum())
        output = base - (traj[:-1] * x).sum(axis=1)
    return pd.DataFrame(
        {
            "day": np.arange(1, len(output) + 1),
            "output": output,
            "baseline": base,
            "loss": base - output,
        }
    )


def _result(region: int, sector: str, severity: float, days: int, model: str):
    return run(region, None if sector == ALL else sector, severity, days, model)


@lru_cache(maxsize=64)
def view(region: int, sector: str, severity: float, days: int, model: str, lang: str) -> tuple:
    """The callback's outputs for checked controls (memoised: the map is costly)."""
    from hinterland.report.figures import choropleth, lines

    res = _result(region, sector, severity, days, model)
    total = t(
        "sh_total", lang, loss=res.national_output_loss, outside=res.loss_outside_shocked_share
    )
    unit = common.unit_part(table().unit, lang)
    fig = choropleth(res.loss_by_region, t("sh_map", lang), lang, unit=unit, hu=False)
    per_day = daily(res)
    if per_day is None:
        curve = html.P(t("sh_no_curve", lang))
    else:
        pct = pd.DataFrame(
            {t("output_pct", lang): 100 * per_day["output"] / per_day["baseline"]}
        ).set_index(per_day["day"].rename(t("day", lang)))
        curve = common.figure(
            "sh-curve-fig", lines(pct, t("sh_curve", lang), lang, xtitle=t("day", lang))
        )
    return total, fig.to_plotly_json(), curve, ""


def csv(region: int, sector: str, severity: float, days: int, model: str, lang: str) -> str:
    """The map's numbers: output loss by province, in the table's unit."""
    from hinterland.atlas import labels

    res = _result(region, sector, severity, days, model)
    loss = res.loss_by_region.astype(float)
    out = pd.DataFrame(
        {
            "adcode": loss.index.astype(int),
            t("province", lang): labels(loss.index, lang),
            t("sh_map", lang): loss.to_numpy(),
        }
    )
    return out.to_csv(index=False)


def daily_csv(region: int, sector: str, severity: float, days: int, model: str, lang: str):
    """The curve's numbers: national output, baseline and loss by day (None: static model)."""
    per_day = daily(_result(region, sector, severity, days, model))
    if per_day is None:
        return None
    unit = common.unit_part(table().unit, lang)
    names = {"day": t("day", lang)}
    names.update({k: t(f"sh_daily_{k}", lang, unit=unit) for k in ("output", "baseline", "loss")})
    return per_day.rename(columns=names).to_csv(index=False)


def layout(lang: str):
    """The shock page."""
    m = table()
    return common.page(
        PATH,
        lang,
        "nav_shock",
        html.Div(
            [
                html.Label(t("sh_region", lang)),
                dcc.Dropdown(
                    id="sh-region",
                    options=common.province_options(lang),
                    value=420000,
                    clearable=False,
                ),
                html.Label(t("sh_sector", lang)),
                dcc.Dropdown(id="sh-sector", options=sector_options(lang), value=ALL),
                html.Label(t("sh_severity", lang)),
                common.percent_slider("sh-severity", 0.5),
                html.Label(t("sh_model", lang)),
                dcc.RadioItems(
                    id="sh-model",
                    options=[{"label": t(f"m_{k}", lang), "value": k} for k in MODELS],
                    value="ario",
                    inline=True,
                ),
                html.Label(t("sh_days", lang)),
                dcc.Input(id="sh-days", type="number", min=1, max=MAX_DAYS, step=1, value=90),
            ],
            className="controls",
        ),
        html.Div(id="sh-msg"),
        html.P(id="sh-total", className="figure-big"),
        common.figure("sh-map"),
        html.Div(id="sh-curve"),
        common.download_button("sh", lang),
        common.download_button("sh-day", lang, "sh_dl_daily"),
        common.note([common.estimate_note(m, lang)], lang),
    )


def register(app) -> None:
    """The shock page's callbacks."""
    from hinterland.web.app import guard

    @app.callback(
        Output("sh-total", "children"),
        Output("sh-map", "figure"),
        Output("sh-curve", "children"),
        Output("sh-msg", "children"),
        Input("sh-region", "value"),
        Input("sh-sector", "value"),
        Input("sh-severity", "value"),
        Input("sh-model", "value"),
        Input("sh-days", "value"),
        State("page-lang", "data"),
    )
    @guard(4, 3)
    def show(region, sector, severity, model, days, lang):
        region, sector, severity, days, model = _checked(
            region, sector, severity, model, days, lang
        )
        return view(int(region), sector, float(severity), days, model, lang_of(lang))

    names = ("region", "sector", "severity", "model", "days")
    controls = [*(State(f"sh-{k}", "value") for k in names), State("page-lang", "data")]

    @app.callback(
        Output("sh-dl", "data"),
        Input("sh-btn", "n_clicks"),
        *controls,
        prevent_initial_call=True,
    )
    def download(_, region, sector, severity, model, days, lang):
        from hinterland.errors import HinterlandError

        try:
            args = _checked(region, sector, severity, model, days, lang_of(lang))
        except HinterlandError:
            return None
        return {"content": csv(*args, lang_of(lang)), "filename": "shock_loss_by_province.csv"}

    @app.callback(
        Output("sh-day-dl", "data"),
        Output("sh-msg", "children", allow_duplicate=True),
        Input("sh-day-btn", "n_clicks"),
        *controls,
        prevent_initial_call=True,
    )
    def download_daily(_, region, sector, severity, model, days, lang):
        from hinterland.errors import HinterlandError

        lang = lang_of(lang)
        try:
            args = _checked(region, sector, severity, model, days, lang)
        except HinterlandError:
            return None, no_update
        content = daily_csv(*args, lang)
        if content is None:  # the static model has no days: say so rather than send nothing
            return None, html.P(t("sh_no_curve", lang))
        return {"content": content, "filename": "shock_national_output_by_day.csv"}, no_update
