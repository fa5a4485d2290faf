"""``/layout``: a budget and an objective; where backup capacity goes, and the frontier.

The solve runs in the background (:mod:`hinterland.web.jobs`) with progress and a cancel
button; results are memoised by budget and objective. The calls are those of the
assessment's layout section (:func:`hinterland.layout.optimize` and
:func:`~hinterland.layout.frontier` on the same instance, with the spec's defaults), so a
placement here equals the report's at the same budget.
"""

from __future__ import annotations

from functools import lru_cache

from dash import Input, Output, State, dcc, html, no_update

from hinterland.web import common
from hinterland.web.i18n import TEXT, lang_of, t
from hinterland.web.jobs import JOBS

PATH = "/layout"
MAX_BUDGET = 5000.0
OBJECTIVES = ("expected", "cvar")

TEXT.update(
    {
        "la_budget": ("备份预算（亿元）", "Backup budget (100 million yuan)"),
        "la_objective": ("目标", "Objective"),
        "o_expected": ("期望损失最小", "Least expected loss"),
        "o_cvar": ("尾部风险（CVaR）最小", "Least tail risk (CVaR)"),
        "la_run": ("计算", "Compute"),
        "la_cancel": ("取消", "Cancel"),
        "la_running": ("计算中（{secs:.0f}秒）：{step}", "Computing ({secs:.0f} s): {step}"),
        "la_cancelled": ("已取消。", "Cancelled."),
        "la_step_instance": ("构建备份情景实例", "building the backup instance"),
        "la_step_optimize": ("求解备份布局", "solving the placement"),
        "la_step_frontier": ("计算成本—安全前沿", "computing the cost-security frontier"),
        "la_result": (
            "预算{budget:,.0f}亿元：使用{cost:,.1f}亿元，期望损失由{before:,.1f}降至{after:,.1f}，"
            "腹地份额由{h0:.1%}变为{h1:.1%}。",
            "Budget {budget:,.0f} (100 million yuan): {cost:,.1f} spent; expected loss from "
            "{before:,.1f} to {after:,.1f}; hinterland share from {h0:.1%} to {h1:.1%}.",
        ),
        "la_map": ("各省备份产能（亿元）", "Backup capacity by province (100 million yuan)"),
        "la_frontier": ("成本—安全前沿", "Cost-security frontier"),
        "expected_loss": ("期望损失", "Expected loss"),
        "budget": ("预算（亿元）", "Budget (100 million yuan)"),
    }
)


@lru_cache(maxsize=1)
def instance():
    """The backup instance and its description (the assessment's, built once)."""
    from hinterland.assess import AssessmentSpec
    from hinterland.assess.sections._common import Inputs

    return Inputs(AssessmentSpec()).instance


def _solve(step, budget: float, objective: str):
    from hinterland.assess import AssessmentSpec
    from hinterland.layout import frontier, optimize

    spec = AssessmentSpec.make(budget=budget, objective=objective)
    step("la_step_instance")
    inst, about = instance()
    step("la_step_optimize")
    sol = optimize(inst, spec.budget, objective=spec.objective, alpha=spec.alpha)
    step("la_step_frontier")
    front = frontier(inst, list(spec.frontier_budgets), objective=spec.objective, alpha=spec.alpha)
    return sol, front, about


_RESULTS: dict = {}
"""Results by ``(budget, objective)``, at most :data:`MAX_RESULTS` (a pure function's memo)."""
MAX_RESULTS = 32


def job(step, budget: float, objective: str):
    """The background job: the memoised result if there is one, else solve step by step."""
    key = (budget, objective)
    if key not in _RESULTS:
        result = _solve(step, budget, objective)
        if len(_RESULTS) >= MAX_RESULTS:
            _RESULTS.pop(next(iter(_RESULTS)), None)
        _RESULTS[key] = result
    return _RESULTS[key]


def layout(lang: str):
    """The layout page."""
    return common.page(
        PATH,
        lang,
        "nav_layout",
        html.Div(
            [
                html.Label(t("la_budget", lang)),
                dcc.Input(id="la-budget", type="number", min=0, max=MAX_BUDGET, step=50, value=500),
                html.Label(t("la_objective", lang)),
                dcc.RadioItems(
                    id="la-objective",
                    options=[{"label": t(f"o_{o}", lang), "value": o} for o in OBJECTIVES],
                    value="expected",
                    inline=True,
                ),
            ],
            className="controls",
        ),
        html.Button(t("la_run", lang), id="la-run"),
        html.Button(t("la_cancel", lang), id="la-cancel"),
        dcc.Store(id="la-job"),
        dcc.Store(id="la-done"),
        dcc.Interval(id="la-tick", interval=1000, disabled=True),
        html.Div(id="la-msg"),
        html.P(id="la-progress"),
        html.P(id="la-result", className="figure-big"),
        common.figure("la-map"),
        common.figure("la-frontier"),
        common.download_button("la", lang),
        html.Div(id="la-note"),
    )


def _check(budget, objective):
    from hinterland.errors import ValidationError

    if not isinstance(budget, int | float) or not 0.0 <= budget <= MAX_BUDGET:
        raise ValidationError(f"budget must be a number in 0..{MAX_BUDGET:g}; got {budget!r}")
    return float(budget), common.choose(objective, OBJECTIVES, "objective")


def _render(result, lang: str):
    import pandas as pd

    from hinterland.atlas import adcodes
    from hinterland.report.figures import choropleth, lines

    sol, front, about = result
    sizes = sol.placements["size"].groupby(level="adcode").sum().reindex(adcodes(), fill_value=0)
    text = t(
        "la_result",
        lang,
        budget=sol.budget,
        cost=sol.cost,
        before=sol.expected_loss_before,
        after=sol.expected_loss_after,
        h0=sol.hinterland_share_before,
        h1=sol.hinterland_share_after,
    )
    fmap = choropleth(sizes, t("la_map", lang), lang, unit="", hu=False, colorscale="Reds")
    fr = pd.DataFrame(
        {t("expected_loss", lang): front["expected_loss"].to_numpy()},
        index=front["budget"].to_numpy(),
    )
    ffig = lines(fr, t("la_frontier", lang), lang, xtitle=t("budget", lang))
    from hinterland.report.sections.layout import readable

    lines = [about[lang]["instance"], *about[lang]["assumptions"]]
    if lang == "zh":
        from hinterland.web.pages.shock import table

        lines = [common.zh_source(s, table().source) for s in lines]
    note = common.note([readable(s, lang) for s in lines], lang)
    return text, fmap, ffig, note


def register(app) -> None:
    """The layout page's callbacks: start, poll, cancel."""
    from hinterland.web.app import guard

    @app.callback(
        Output("la-job", "data"),
        Output("la-tick", "disabled"),
        Output("la-msg", "children"),
        Input("la-run", "n_clicks"),
        State("la-budget", "value"),
        State("la-objective", "value"),
        State("page-lang", "data"),
    )
    @guard(3, 2)
    def start(_, budget, objective, lang):
        budget, objective = _check(budget, objective)
        return JOBS.start(job, budget, objective), False, ""

    @app.callback(
        Output("la-progress", "children"),
        Output("la-done", "data"),
        Output("la-tick", "disabled", allow_duplicate=True),
        Input("la-tick", "n_intervals"),
        State("la-job", "data"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )
    def poll(_, job_id, lang):
        import time

        j = JOBS.get(job_id)
        if j is None:
            return "", no_update, True
        if j.cancelled.is_set():
            return t("la_cancelled", lang), no_update, True
        if j.future is None or not j.future.done():
            step = t(j.progress[-1], lang) if j.progress else ""
            secs = time.monotonic() - j.started
            return t("la_running", lang, secs=secs, step=step), no_update, False
        return "", job_id, True

    @app.callback(
        Output("la-result", "children"),
        Output("la-map", "figure"),
        Output("la-frontier", "figure"),
        Output("la-note", "children"),
        Output("la-msg", "children", allow_duplicate=True),
        Input("la-done", "data"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )
    @guard(5, 4)
    def show(job_id, lang):
        from hinterland.web.jobs import Cancelled

        j = JOBS.get(job_id)
        if j is None or j.future is None:
            return "", common.EMPTY, common.EMPTY, "", ""
        try:
            result = j.future.result()
        except Cancelled:
            return t("la_cancelled", lang), common.EMPTY, common.EMPTY, "", ""
        return *_render(result, lang), ""

    @app.callback(
        Output("la-progress", "children", allow_duplicate=True),
        Input("la-cancel", "n_clicks"),
        State("la-job", "data"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )
    def cancel(_, job_id, lang):
        JOBS.cancel(job_id)
        return t("la_cancelled", lang)

    @app.callback(
        Output("la-dl", "data"),
        Input("la-btn", "n_clicks"),
        State("la-budget", "value"),
        State("la-objective", "value"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )
    def download(_, budget, objective, lang):
        from hinterland.errors import HinterlandError

        try:
            key = _check(budget, objective)
        except HinterlandError:
            return None
        if key not in _RESULTS:  # nothing computed for these inputs: nothing to download
            return None
        return {"content": csv(_RESULTS[key], lang_of(lang)), "filename": "backup_layout.csv"}


def csv(result, lang: str) -> str:
    """The numbers shown: backup capacity by province, then the frontier (budget, loss)."""
    import pandas as pd

    from hinterland.atlas import adcodes, labels

    sol, front, _ = result
    sizes = sol.placements["size"].groupby(level="adcode").sum().reindex(adcodes(), fill_value=0)
    rows = pd.DataFrame(
        {
            "table": "placements",
            "adcode": sizes.index.astype(int),
            t("province", lang): labels(sizes.index, lang),
            t("la_map", lang): sizes.to_numpy(),
        }
    )
    fr = pd.DataFrame(
        {
            "table": "frontier",
            t("budget", lang): front["budget"].to_numpy(),
            t("expected_loss", lang): front["expected_loss"].to_numpy(),
        }
    )
    return pd.concat([rows, fr], ignore_index=True).to_csv(index=False)
