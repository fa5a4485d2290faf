"""``/ensembles``: a stored ensemble run: exceedance curve, loss by province, sensitivity.

The run store is the one ``hinterland serve`` was started with (``--store FILE``, default
``$HINTERLAND_HOME/ensembles.duckdb``); the browser only picks a run id among those the store
lists, never a path. The numbers are the assessment's ``risk`` section on that run
(:func:`hinterland.assess.run`), the section the report shows, so they equal
``hinterland ensemble summary``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from dash import Input, Output, State, dash_table, dcc, html

from hinterland.web import common
from hinterland.web.i18n import TEXT, lang_of, t

PATH = "/ensembles"

TEXT.update(
    {
        "en_empty": (
            "运行库 {path} 中还没有情景集合运行。生成一次运行：{cmd}；然后刷新本页。",
            "The run store {path} holds no ensemble run yet. Make one: {cmd}; then reload "
            "this page.",
        ),
        "en_run": ("集合运行", "Ensemble run"),
        "en_run_option": (
            "{name}（{started}，{done}/{n}个样本，{status}）",
            "{name} ({started}, {done}/{n} samples, {status})",
        ),
        "status_finished": ("已完成", "finished"),
        "status_running": ("运行中", "running"),
        "status_interrupted": ("已中断，可续算", "interrupted, can be resumed"),
        "status_failed": ("计算出错", "failed"),
        "en_summary": (
            "{n}个样本：全国产出损失均值{mean:,.1f}{unit}，中位数{p50:,.1f}{unit}，95%分位数"
            "{p95:,.1f}{unit}，CVaR 95%（最坏5%样本的平均）{cvar:,.1f}{unit}。",
            "{n} samples: national output loss mean {mean:,.1f}, median {p50:,.1f}, 95th "
            "percentile {p95:,.1f}, CVaR 95% (mean of the worst 5%) {cvar:,.1f} ({unit}).",
        ),
        "en_partial": (
            "运行{run}尚未完成（{status}，已完成{done}/{n}个样本）：以下数字只来自已完成的样本，"
            "不是整个运行的结果。续算：{cmd}",
            "Run {run} is not finished ({status}, {done}/{n} samples done): the figures below "
            "are of the samples done only, not of the whole run. Resume it: {cmd}",
        ),
        "en_spec": ("集合规格", "The ensemble spec"),
        "en_spec_model": (
            "模型：{model}{days}；抽样：{method}，随机种子{seed}。",
            "Model: {model}{days}; design: {method}, seed {seed}.",
        ),
        "en_note": ("规格说明（原文）：{note}", "The spec's note (as written): {note}"),
        "en_days": ("，{days}天", ", {days} days"),
        "en_event_capacity": ("产能冲击：{where}", "Capacity shock: {where}"),
        "en_event_demand": ("最终需求冲击：{where}", "Final-demand shock: {where}"),
        "en_event_channel": ("通道中断：{where}", "Channel closure: {where}"),
        "en_all": ("全国各省", "every province"),
        "en_sens_table": ("敏感性指数（参数名称）", "Sensitivity indices (by parameter)"),
        "en_parameter": ("参数", "Parameter"),
        "en_dl_provinces": ("下载各省损失分位数（CSV）", "Download the loss by province (CSV)"),
        "en_dl_sens": ("下载敏感性指数（CSV）", "Download the sensitivity indices (CSV)"),
        "S1": ("一阶指数 S1", "First order S1"),
        "S1_conf": ("S1 置信区间半宽（95%）", "S1 95% confidence half-width"),
        "ST": ("总效应指数 ST", "Total order ST"),
        "ST_conf": ("ST 置信区间半宽（95%）", "ST 95% confidence half-width"),
        "mu_star": ("μ*（平均绝对基本效应）", "μ* (mean absolute elementary effect)"),
        "mu_star_conf": ("μ* 置信区间半宽（95%）", "μ* 95% confidence half-width"),
        "sigma": ("σ（基本效应标准差）", "σ (std. dev. of elementary effects)"),
        "en_loss_axis": ("全国产出损失（{unit}）", "National output loss ({unit})"),
        "en_store": ("运行库：{path}", "Run store: {path}"),
        "p_severity": ("产能损失比例", "share of capacity lost"),
        "p_cut": ("削减比例", "share cut"),
        "p_pass_through": ("传导比例", "pass-through"),
        "p_duration": ("完全中断天数", "days of full damage"),
        "p_recovery_days": ("恢复天数", "days of recovery"),
        "p_day": ("开始日", "first day"),
        "p_timing": ("时间安排", "Timing"),
        "design_lhs": ("拉丁超立方", "Latin hypercube"),
        "design_sobol": ("Sobol序列", "Sobol sequence"),
        "design_saltelli": ("Saltelli设计", "Saltelli design"),
        "design_morris": ("Morris设计", "Morris design"),
    }
)

MAKE_RUN = "hinterland ensemble run example:default --n 200 --seed 7"
"""The command the empty page suggests (``--store FILE`` when the app serves another store)."""


def store_path() -> Path:
    """The run store this app serves (set by ``hinterland serve --store``; never the browser's)."""
    from flask import current_app, has_app_context

    from hinterland.scenarios.store import default_path

    configured = current_app.config.get("HINTERLAND_STORE") if has_app_context() else None
    return Path(configured) if configured else default_path()


def runs(path: Path):
    """The store's runs, newest first (empty when there is no store file)."""
    import pandas as pd

    from hinterland.scenarios.store import RunStore

    if not path.exists():
        return pd.DataFrame(columns=["run_id", "name", "n_samples", "done", "status", "started"])
    return RunStore(path).runs()


STATUSES = ("finished", "running", "interrupted", "failed")
"""The statuses of a stored run (:mod:`hinterland.scenarios.runner`)."""


def status_label(status: str, lang: str) -> str:
    """A stored run's status in ``lang`` (an unknown one reads as interrupted)."""
    return t(f"status_{status if status in STATUSES else 'interrupted'}", lang)


def _option(r, lang: str) -> dict:
    label = t(
        "en_run_option",
        lang,
        name=r["name"],
        started=str(r["started"])[:16],
        done=int(r["done"]),
        n=int(r["n_samples"]),
        status=status_label(str(r["status"]), lang),
    )
    return {"label": f"{label} · {r['run_id']}", "value": str(r["run_id"])}


def layout(lang: str):
    """The ensembles page: a run picker over the store, or how to make a run."""
    path = store_path()
    table = runs(path)
    if table.empty:
        cmd = MAKE_RUN if path == _default() else f"{MAKE_RUN} --store {path}"
        msg = html.P(t("en_empty", lang, path=str(path), cmd=cmd), id="en-status")
        return common.page(PATH, lang, "nav_ensembles", msg)
    from hinterland.web.pages import ensembles_compare

    options = [_option(r, lang) for _, r in table.iterrows()]
    return common.page(
        PATH,
        lang,
        "nav_ensembles",
        html.Div(
            [
                html.Label(t("en_run", lang)),
                dcc.Dropdown(
                    id="en-run",
                    options=options,
                    value=str(table["run_id"].iloc[0]),
                    clearable=False,
                ),
            ],
            className="controls",
        ),
        html.Div(id="en-msg"),
        html.P(id="en-summary", className="figure-big"),
        common.figure("en-curve"),
        common.figure("en-map"),
        common.figure("en-sens"),
        html.Div(id="en-sens-table"),
        common.download_button("en-prov", lang, "en_dl_provinces"),
        common.download_button("en-sens", lang, "en_dl_sens"),
        html.Div(id="en-spec"),
        ensembles_compare.section(lang, options),
        html.P(t("en_store", lang, path=str(path)), className="store"),
    )


def _default() -> Path:
    from hinterland.scenarios.store import default_path

    return default_path()


@lru_cache(maxsize=16)
def _risk(path: str, run_id: str, done: int, status: str):
    """The assessment's risk section of a run (memoised until the run gains samples)."""
    from hinterland.assess import AssessmentSpec, run

    spec = AssessmentSpec.make(ensemble_run=run_id, ensemble_store=path)
    res = run(spec, sections=["risk"])["risk"]
    if not res.ok:
        from hinterland.errors import DataError

        raise DataError(f"ensemble run {run_id}: {res.error}")
    return res


def row(run_id):
    """The store's row of ``run_id`` (``runs`` columns), which must be one of its runs."""
    table = runs(store_path())
    run_id = common.choose(run_id, [str(r) for r in table["run_id"]], "run")
    return table[table["run_id"] == run_id].iloc[0]


def risk(run_id):
    """The risk section of ``run_id``, which must be one of the store's runs."""
    r = row(run_id)
    return _risk(str(store_path()), str(r["run_id"]), int(r["done"]), str(r["status"]))


def _where(event: dict, lang: str) -> str:
    from hinterland.atlas import grouping, label

    if event["kind"] == "channel":
        from hinterland.web.pages.corridors import network

        nodes = network().nodes
        col = "name_zh" if lang == "zh" else "name_en"
        names = [str(nodes.loc[n, col]) if n in nodes.index else n for n in event["nodes"]]
        return ("、" if lang == "zh" else ", ").join(names + list(event.get("edges", [])))
    provinces = event.get("provinces", "all")
    if provinces == "all":
        return t("en_all", lang)
    out = []
    for p in provinces:
        if isinstance(p, str) and ":" in p:
            g, _, member = p.partition(":")
            grp = grouping(g)
            sep = "：" if lang == "zh" else ": "
            out.append(grp.label(lang) + sep + grp.group(member).label(lang))
        else:
            out.append(label(int(p), lang))
    return ("、" if lang == "zh" else ", ").join(out)


def parameter_names(spec: dict, lang: str) -> dict[str, str]:
    """``event.field`` -> a name in ``lang``: what the event hits and which of its parameters."""
    sep = "：" if lang == "zh" else ": "
    names = {}
    for field in ("day", "duration", "recovery_days"):
        names[f"timing.{field}"] = t("p_timing", lang) + sep + t(f"p_{field}", lang)
    for ev in spec.get("events", []):
        what = t(f"en_event_{ev['kind']}", lang, where=_where(ev, lang))
        for field in ("severity", "cut", "pass_through"):
            names[f"{ev['name']}.{field}"] = what + sep + t(f"p_{field}", lang)
    return names


def _unit(s: dict, lang: str) -> str:
    return common.unit_part(str(s.get("unit", "")), lang)


def view(run_id, lang: str) -> tuple:
    """The callback's outputs for a run: summary, curve, map, bars, table, spec."""
    from hinterland.report.figures import bars, choropleth, lines
    from hinterland.report.sections.risk import _horizontal as sideways
    from hinterland.web.pages.ensembles_compare import unfinished

    res = risk(run_id)
    partial = unfinished(row(run_id), lang, "en_partial")
    msg = "" if partial is None else html.P(partial, className="warning", id="en-partial")
    s = res["summary"]
    unit = _unit(s, lang)
    if "national_loss_mean" not in s:
        empty = common.EMPTY
        return (t("risk_no_sens_incomplete", lang), empty, empty, empty, "", "", msg)
    summary = t(
        "en_summary",
        lang,
        n=s["n_samples"],
        mean=s["national_loss_mean"],
        p50=s["national_loss_p50"],
        p95=s["national_loss_p95"],
        cvar=s["cvar_95"],
        unit=unit,
    )
    curve = res["exceedance"].set_index("loss")["probability"].rename(t("risk_prob", lang))
    xtitle = t("en_loss_axis", lang, unit=unit)
    cfig = lines(curve.to_frame(), t("risk_curve", lang), lang, ytitle=t("risk_prob", lang),
                 xtitle=xtitle)  # fmt: skip
    cfig.update_xaxes(tickformat=",.0f")
    prov = res["provinces"]
    mfig = common.EMPTY
    if not prov.empty:
        mfig = choropleth(prov["p95"], t("risk_map", lang), lang, unit=unit, colorscale="OrRd")
    spec = _spec_of(res)
    names = parameter_names(spec, lang)
    sens = res["sensitivity"]
    sfig = common.EMPTY
    if sens.empty:
        why = res["sensitivity_missing"]
        stable = html.P(t(f"risk_no_sens_{why}", lang, n=res["min_samples"]))
    else:
        col = "ST" if "ST" in sens.columns else "S1" if "S1" in sens.columns else "mu_star"
        shown = sens.rename(index=lambda p: names.get(p, p))
        top = shown[[col]].sort_values(col, ascending=False)
        method = t(f"risk_method_{s['method']}", lang)
        top.columns = [t(col, lang)]
        sfig = bars(top, t("risk_sens", lang, method=method), lang, ytitle=t(col, lang))
        sfig = sideways(sfig, t(col, lang))  # the report's: the names are long, largest on top
        frame = shown.round(4).rename(columns=lambda c: t(c, lang))
        frame = frame.rename_axis(t("en_parameter", lang)).reset_index()
        stable = html.Div(
            [
                html.H3(t("en_sens_table", lang)),
                dash_table.DataTable(
                    id="en-sens-data",
                    data=frame.to_dict("records"),
                    columns=[{"name": c, "id": c} for c in frame.columns],
                    style_cell={"textAlign": "left"},
                ),
            ]
        )
    return summary, cfig, mfig, sfig, stable, spec_view(res, spec, lang), msg


def _spec_of(res) -> dict:
    from hinterland.scenarios.store import RunStore

    return RunStore(res.inputs["store"]).run(res["run"])["spec"]


def spec_view(res, spec: dict, lang: str) -> html.Div:
    """What the run assumed: model, design, seed, table (an estimate, if so), events, note."""
    import re

    s = res["summary"]
    model = spec.get("model", {})

    src = str(s.get("table", ""))
    year = re.search(r"\b(?:19|20)\d\d\b", src)
    table = common.table_note(
        src, year.group(0) if year else "?", str(s.get("unit", "")), s["table_is_estimate"], lang
    )
    head = t(
        "en_spec_model",
        lang,
        model=t(f"m_{s['model']}", lang),
        days="" if s["model"] == "capacity" else t("en_days", lang, days=model.get("days", "")),
        method=t(f"design_{s['method']}", lang),
        seed=res.inputs["seed"],
    )
    events = [
        html.Li(t(f"en_event_{e['kind']}", lang, where=_where(e, lang))) for e in spec["events"]
    ]
    lines = [head, table, t("risk_assumptions", lang)]
    if res["note"]:  # the spec's own words, in the language its author wrote them
        lines.append(t("en_note", lang, note=res["note"]))
    if s.get("table_is_estimate"):
        lines.insert(2, t("risk_estimate", lang))
    return html.Div(
        [html.H2(t("en_spec", lang)), html.Ul(events), common.note(lines, lang)], id="en-spec-body"
    )


def provinces_csv(run_id, lang: str) -> str:
    """Loss quantiles by province of a run (the map's numbers), in the table's unit."""
    from hinterland.atlas import labels

    res = risk(run_id)
    prov = res["provinces"].copy()
    prov.insert(0, t("province", lang), labels(prov.index, lang))
    prov[t("unit", lang)] = _unit(res["summary"], lang)
    return prov.to_csv()


def sensitivity_csv(run_id, lang: str) -> str:
    """The sensitivity indices of a run, parameters by name (and by their spec code)."""
    res = risk(run_id)
    sens = res["sensitivity"].copy()
    names = parameter_names(_spec_of(res), lang)
    sens.insert(0, t("en_parameter", lang), [names.get(p, p) for p in sens.index])
    return sens.to_csv()


def register(app) -> None:
    """The ensembles page's callbacks: pick a run; download its numbers; compare two runs."""
    from hinterland.web.app import guard
    from hinterland.web.pages import ensembles_compare

    ensembles_compare.register(app)

    @app.callback(
        Output("en-summary", "children"),
        Output("en-curve", "figure"),
        Output("en-map", "figure"),
        Output("en-sens", "figure"),
        Output("en-sens-table", "children"),
        Output("en-spec", "children"),
        Output("en-msg", "children"),
        Input("en-run", "value"),
        State("page-lang", "data"),
    )
    @guard(7, 6)
    def show(run_id, lang):
        return view(run_id, lang_of(lang))

    for key, fn, name in (
        ("en-prov", provinces_csv, "loss_by_province"),
        ("en-sens", sensitivity_csv, "sensitivity"),
    ):

        @app.callback(
            Output(f"{key}-dl", "data"),
            Input(f"{key}-btn", "n_clicks"),
            State("en-run", "value"),
            State("page-lang", "data"),
            prevent_initial_call=True,
        )
        def download(_, run_id, lang, fn=fn, name=name):
            from hinterland.errors import HinterlandError

            try:
                content = fn(run_id, lang_of(lang))
            except HinterlandError:
                return None
            return {"content": content, "filename": f"ensemble_{run_id}_{name}.csv"}
