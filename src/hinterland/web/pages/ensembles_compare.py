"""``/ensembles``, second part: the page's run against a second run of the same store.

The numbers are :func:`hinterland.scenarios.analysis.compare` (what ``hinterland ensemble
compare RUN_A RUN_B`` prints: mean, median, 95th percentile, CVaR 95 and the recovery days,
second run minus first) and :func:`~hinterland.scenarios.analysis.compare_provinces` (the
95th-percentile loss by province); the exceedance curves are each run's risk section, the one
the single-run view draws. Both runs are picked among the store's runs, never typed; a run
that is not finished (running, interrupted, failed) is named as such and not compared.
"""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, dash_table, dcc, html

from hinterland.web import common
from hinterland.web.i18n import TEXT, lang_of, t

TEXT.update(
    {
        "ec_title": ("与另一次运行对比", "Compare with another run"),
        "ec_other": ("对比运行", "Second run"),
        "ec_pick": ("选择同一运行库中的另一次运行", "Choose another run of the same store"),
        "ec_same": ("两次运行相同；请选择另一次运行。", "Both runs are the same; choose another."),
        "ec_unfinished": (
            "运行{run}尚未完成（{status}，已完成{done}/{n}个样本），不对未完成的运行作对比。"
            "续算后再对比：{cmd}",
            "Run {run} is not finished ({status}, {done}/{n} samples done); runs not finished "
            "are not compared. Resume it, then compare: {cmd}",
        ),
        "ec_runs": (
            "运行A：{a}；运行B：{b}。差值为B减A。",
            "Run A: {a}; run B: {b}. Differences are B minus A.",
        ),
        "ec_run_label": ("{name}（{started}开始）", "{name} (started {started})"),
        "ec_figure": ("指标", "Figure"),
        "ec_a": ("运行A", "Run A"),
        "ec_b": ("运行B", "Run B"),
        "ec_difference": ("差值（B−A）", "Difference (B − A)"),
        "ec_n_samples": ("样本数", "Samples"),
        "ec_national_loss_mean": ("全国产出损失均值", "National output loss, mean"),
        "ec_national_loss_p50": ("全国产出损失中位数", "National output loss, median"),
        "ec_national_loss_p95": ("全国产出损失95%分位数", "National output loss, 95th percentile"),
        "ec_cvar_95": ("CVaR 95%（最坏5%样本的平均）", "CVaR 95% (mean of the worst 5%)"),
        "ec_recovery_days_mean": ("恢复天数均值", "Days to recover, mean"),
        "ec_recovery_days_p95": ("恢复天数95%分位数", "Days to recover, 95th percentile"),
        "ec_samples": ("个", "samples"),
        "ec_days": ("天", "days"),
        "ec_curves": (
            "两次运行的全国产出损失超越曲线",
            "Exceedance curves of the national output loss",
        ),
        "ec_prov_title": (
            "各省产出损失95%分位数之差（B−A，{unit}）",
            "Difference of the 95th-percentile output loss by province (B − A, {unit})",
        ),
        "ec_p95_a": ("运行A的95%分位数", "Run A, 95th percentile"),
        "ec_p95_b": ("运行B的95%分位数", "Run B, 95th percentile"),
        "ec_dl": ("下载对比（CSV）", "Download the comparison (CSV)"),
        "ec_dl_prov": ("下载各省95%分位数对比（CSV）", "Download the comparison by province (CSV)"),
    }
)


def section(lang: str, options: list[dict]) -> html.Div:
    """The comparison's controls and outputs (``options``: the page's run menu)."""
    return html.Div(
        [
            html.H2(t("ec_title", lang)),
            html.Div(
                [
                    html.Label(t("ec_other", lang)),
                    dcc.Dropdown(
                        id="en-other", options=options, value=None, placeholder=t("ec_pick", lang)
                    ),
                ],
                className="controls",
            ),
            html.Div(id="ec-msg"),
            html.P(id="ec-runs"),
            html.Div(id="ec-table"),
            common.figure("ec-curve"),
            html.Div(id="ec-prov"),
            common.figure("ec-map"),
            common.download_button("ec", lang, "ec_dl"),
            common.download_button("ec-pr", lang, "ec_dl_prov"),
        ],
        id="ec-section",
    )


def run_label(row, lang: str) -> str:
    """A run by its name and start time (to the second)."""
    started = pd.Timestamp(row["started"]).strftime("%Y-%m-%d %H:%M:%S")
    return t("ec_run_label", lang, name=row["name"], started=started)


def unfinished(row, lang: str, key: str = "ec_unfinished") -> str | None:
    """The sentence ``key`` on a run that is not finished; None for a finished run."""
    from hinterland.web.pages.ensembles import status_label

    done, n = int(row["done"]), int(row["n_samples"])
    if row["status"] == "finished" and done == n:
        return None
    return t(
        key,
        lang,
        run=run_label(row, lang),
        status=status_label(str(row["status"]), lang),
        done=done,
        n=n,
        cmd=f"hinterland ensemble resume {row['run_id']}",
    )


def _checked(a, b, lang: str):
    """The two runs' rows, or the sentence saying why they are not compared."""
    from hinterland.web.pages.ensembles import row

    ra, rb = row(a), row(b)
    if ra["run_id"] == rb["run_id"]:
        return None, t("ec_same", lang)
    for r in (ra, rb):
        why = unfinished(r, lang)
        if why is not None:
            return None, why
    return (ra, rb), None


def _store():
    from hinterland.scenarios.store import RunStore
    from hinterland.web.pages.ensembles import store_path

    return RunStore(store_path())


def headline(a: str, b: str, lang: str) -> pd.DataFrame:
    """:func:`~hinterland.scenarios.analysis.compare` with its rows named and their units."""
    from hinterland.scenarios.analysis import compare
    from hinterland.web.pages.ensembles import risk

    unit = common.unit_part(str(risk(a)["summary"].get("unit", "")), lang)
    comp = compare(_store(), a, b)
    units = {"n_samples": t("ec_samples", lang), "recovery_days_mean": t("ec_days", lang),
             "recovery_days_p95": t("ec_days", lang)}  # fmt: skip
    out = pd.DataFrame(
        {
            t("ec_figure", lang): [t(f"ec_{k}", lang) for k in comp.index],
            t("unit", lang): [units.get(k, unit) for k in comp.index],
            t("ec_a", lang): comp[a].to_numpy(),
            t("ec_b", lang): comp[b].to_numpy(),
            t("ec_difference", lang): comp["difference"].to_numpy(),
        },
        index=comp.index,
    )
    return out


def provinces(a: str, b: str, lang: str) -> pd.DataFrame:
    """The 95th-percentile loss by province of both runs and B − A, provinces by name."""
    from hinterland.atlas import labels
    from hinterland.scenarios.analysis import compare_provinces

    comp = compare_provinces(_store(), a, b, "p95").sort_values("difference", ascending=False)
    out = pd.DataFrame(
        {
            t("province", lang): labels(comp.index, lang),
            t("ec_p95_a", lang): comp[a].to_numpy(),
            t("ec_p95_b", lang): comp[b].to_numpy(),
            t("ec_difference", lang): comp["difference"].to_numpy(),
        },
        index=comp.index,
    )
    return out


def shown(frame: pd.DataFrame, first: int) -> list[dict]:
    """Rows for a DataTable: the first ``first`` columns as they are, then numbers.

    To one decimal (sample counts whole), the last column (the difference) signed; NaN is a
    dash.
    """
    rows = []
    last = frame.columns[-1]
    for key, r in frame.iterrows():
        digits = 0 if key == "n_samples" else 1
        row = {c: v for c, v in list(r.items())[:first]}
        for c, v in list(r.items())[first:]:
            sign = "+" if c == last else ""
            row[c] = "—" if pd.isna(v) else f"{v:{sign},.{digits}f}"
        rows.append(row)
    return rows


def _table(id_: str, frame: pd.DataFrame, first: int, **style) -> dash_table.DataTable:
    return dash_table.DataTable(
        id=id_,
        data=shown(frame, first),
        columns=[{"name": c, "id": c} for c in frame.columns],
        style_table=style,
        style_cell={"textAlign": "right"},
        style_cell_conditional=[
            {"if": {"column_id": c}, "textAlign": "left"} for c in frame.columns[:first]
        ],
    )


def curves(ra, rb, lang: str):
    """Both runs' exceedance curves on one chart, each labelled by its name and start time."""
    from hinterland.report.figures import lines
    from hinterland.web.pages.ensembles import risk

    series = []
    for r in (ra, rb):
        ex = risk(str(r["run_id"]))["exceedance"]
        series.append(ex.groupby("loss")["probability"].max().rename(run_label(r, lang)))
    frame = pd.concat(series, axis=1).sort_index()
    unit = common.unit_part(str(risk(str(ra["run_id"]))["summary"].get("unit", "")), lang)
    fig = lines(frame, t("ec_curves", lang), lang, ytitle=t("risk_prob", lang),
                xtitle=t("en_loss_axis", lang, unit=unit))  # fmt: skip
    fig.update_traces(connectgaps=True)
    fig.update_xaxes(tickformat=",.0f")
    fig.update_layout(legend={"orientation": "h", "y": -0.25})
    return fig


def view(a, b, lang: str) -> tuple:
    """The callback's outputs: message, the runs named, table, curves, province table, map."""
    from hinterland.report.figures import choropleth

    empty = common.EMPTY
    if b is None or b == "":
        return "", "", "", empty, "", empty
    pair, why = _checked(a, b, lang)
    if pair is None:
        return html.P(why, className="error", id="ec-why"), "", "", empty, "", empty
    ra, rb = pair
    a, b = str(ra["run_id"]), str(rb["run_id"])
    names = html.Span(t("ec_runs", lang, a=run_label(ra, lang), b=run_label(rb, lang)),
                      className="verbatim")  # fmt: skip
    head = _table("ec-data", headline(a, b, lang), 2)
    prov = provinces(a, b, lang)
    mfig = empty
    ptable = ""
    if not prov.empty:
        from hinterland.web.pages.ensembles import risk

        unit = common.unit_part(str(risk(a)["summary"].get("unit", "")), lang)
        title = t("ec_prov_title", lang, unit=unit)
        scroll = {"maxHeight": "420px", "overflowY": "auto"}  # 31 rows: the map is below
        ptable = html.Div([html.H3(title), _table("ec-prov-data", prov, 1, **scroll)])
        diff = prov[t("ec_difference", lang)]
        mfig = choropleth(diff, title, lang, unit=unit, hu=False, colorscale="RdBu_r", midpoint=0.0)
    return "", names, head, curves(ra, rb, lang), ptable, mfig


def headline_csv(a, b, lang: str) -> str:
    """The comparison (figures, unit, run A, run B, difference) with both runs named."""
    pair, why = _checked(a, b, lang)
    if pair is None:
        from hinterland.errors import ValidationError

        raise ValidationError(why)
    ra, rb = pair
    frame = headline(str(ra["run_id"]), str(rb["run_id"]), lang)
    frame.insert(2, "run_a", ra["run_id"])
    frame.insert(4, "run_b", rb["run_id"])
    return frame.to_csv()


def provinces_csv(a, b, lang: str) -> str:
    """The 95th-percentile loss by province of both runs and the difference, by adcode."""
    pair, why = _checked(a, b, lang)
    if pair is None:
        from hinterland.errors import ValidationError

        raise ValidationError(why)
    ra, rb = pair
    return provinces(str(ra["run_id"]), str(rb["run_id"]), lang).to_csv()


def register(app) -> None:
    """The comparison's callbacks: pick a second run; download the comparison."""
    from hinterland.web.app import guard

    @app.callback(
        Output("ec-msg", "children"),
        Output("ec-runs", "children"),
        Output("ec-table", "children"),
        Output("ec-curve", "figure"),
        Output("ec-prov", "children"),
        Output("ec-map", "figure"),
        Input("en-run", "value"),
        Input("en-other", "value"),
        State("page-lang", "data"),
    )
    @guard(6, 0)
    def show(a, b, lang):
        return view(a, b, lang_of(lang))

    for key, fn, name in (("ec", headline_csv, "comparison"),
                          ("ec-pr", provinces_csv, "comparison_by_province")):  # fmt: skip

        @app.callback(
            Output(f"{key}-dl", "data"),
            Input(f"{key}-btn", "n_clicks"),
            State("en-run", "value"),
            State("en-other", "value"),
            State("page-lang", "data"),
            prevent_initial_call=True,
        )
        def download(_, a, b, lang, fn=fn, name=name):
            from hinterland.errors import HinterlandError

            try:
                content = fn(a, b, lang_of(lang))
            except HinterlandError:
                return None
            return {"content": content, "filename": f"ensemble_{a}_vs_{b}_{name}.csv"}
