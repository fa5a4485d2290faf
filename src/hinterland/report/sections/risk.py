"""Risk under uncertainty: exceedance curve, loss by province (map), sensitivity of a run."""

from __future__ import annotations

import pandas as pd

from hinterland.assess import SectionResult
from hinterland.report import figures as fg
from hinterland.report.builder import Builder
from hinterland.report.i18n import t

ID = "risk"
TITLE = "sec_risk"
MODELS = ("ario", "iim", "capacity")
DESIGNS = ("lhs", "sobol", "saltelli", "morris")
#: Provinces shown per commodity in the unmet-imports table (all of them in its CSV).
TOP_IMPORTS = 10


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it; nothing when the assessment names no ensemble run."""
    if res["run"] is None:
        return
    lang = b.lang
    s = res["summary"]
    blocks = b.blocks
    unit = str(s.get("unit", ""))
    if unit.startswith("亿元"):  # the China tables' unit: one language at a time
        unit = "亿元" if lang == "zh" else "100 million yuan"
    blocks.append(
        {
            "kind": "text",
            "body": t(
                "risk_text",
                lang,
                run=res["run"],
                n=s["n_samples"],
                model=t(f"risk_model_{s['model']}", lang) if s["model"] in MODELS else s["model"],
                method=t(f"risk_design_{s['method']}", lang)
                if s["method"] in DESIGNS
                else s["method"],
                unit=unit,
                mean=s.get("national_loss_mean", float("nan")),
                p95=s.get("national_loss_p95", float("nan")),
                cvar=s.get("cvar_95", float("nan")),
            ),
        }
    )
    note = t("risk_estimate", lang) if s.get("table_is_estimate") else ""
    blocks.append({"kind": "note", "body": note + t("risk_assumptions", lang)})
    curve = res["exceedance"].set_index("loss")["probability"].rename(t("risk_prob", lang))
    fig = fg.lines(curve.to_frame(), t("risk_curve", lang), lang, ytitle=t("risk_prob", lang),
                   xtitle=t("risk_loss", lang))  # fmt: skip
    fig.update_xaxes(tickformat=",.0f")  # 10,000 亿元, not 10k
    blocks.append({"kind": "html", "body": b.fig(fig)})
    prov = res["provinces"]
    if not prov.empty:
        blocks.append(
            {
                "kind": "html",
                "body": b.fig(
                    fg.choropleth(
                        prov["p95"], t("risk_map", lang), lang, unit=unit, colorscale="OrRd"
                    )
                ),
            }
        )
        b.csv(prov, "ensemble_loss_by_province")
    imports = res["unmet_imports"]
    if not imports.empty:
        blocks.append({"kind": "html", "body": _imports(b, imports, lang)})
        blocks.append({"kind": "note", "body": t("risk_imports_note", lang)})
    sens = res["sensitivity"]
    if not sens.empty:
        col = "ST" if "ST" in sens.columns else "S1" if "S1" in sens.columns else "mu_star"
        col = t(f"risk_col_{col}", lang)
        sens = _named(sens, res["parameter_names"][lang], lang)
        bars = sens[[col]].sort_values(col, ascending=False)
        title = t("risk_sens", lang, method=t(f"risk_method_{s['method']}", lang))
        blocks.append({"kind": "html", "body": b.fig(_horizontal(fg.bars(bars, title, lang), col))})
        blocks.append({"kind": "html", "body": b.table(sens, "ensemble_sensitivity")})
        if (bars[col] < 0).any():  # first-order indices are >= 0: a negative one is noise
            blocks.append({"kind": "note", "body": t("risk_sens_negative", lang)})
    else:
        why = res["sensitivity_missing"]
        blocks.append(
            {"kind": "note", "body": t(f"risk_no_sens_{why}", lang, n=res["min_samples"])}
        )
    b.csv(pd.Series(s, name="value").astype(str).to_frame(), "ensemble_summary")


def _imports(b: Builder, imports: pd.DataFrame, lang: str) -> str:
    """The provinces most often short of imports, per commodity (top 10 by the p95 share)."""
    from hinterland.atlas import labels

    top = imports.sort_values(["p95_share", "mean_share"], ascending=False, kind="stable")
    top = top.groupby("commodity", sort=True).head(TOP_IMPORTS)
    shares = ("mean_share", "p50_share", "p95_share", "probability")
    shown = pd.DataFrame(
        {
            t("risk_col_commodity", lang): [t(c, lang) for c in top["commodity"]],
            t("risk_col_province", lang): labels([int(a) for a in top["province"]], lang),
            **{t(f"risk_col_{c}", lang): top[c].to_numpy() for c in shares},
        }
    )
    shown.index = pd.RangeIndex(1, len(shown) + 1)
    title = f"<h4>{t('risk_imports', lang, n=TOP_IMPORTS)}</h4>"
    percent = tuple(t(f"risk_col_{c}", lang) for c in shares)
    return title + b.table(shown, "ensemble_unmet_imports", csv=imports, percent=percent)


def _named(sens: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """The indices with the parameters by name and the columns in words, in ``lang``."""
    out = sens.rename(index=names, columns=lambda c: t(f"risk_col_{c}", lang))
    out.index.name = t("risk_param", lang)
    return out


def _horizontal(fig, xtitle: str):
    """The bars laid sideways, largest on top: the parameters' names are long."""
    for trace in fig.data:
        trace.update(x=trace.y, y=trace.x, orientation="h")
    fig.update_xaxes(title=xtitle)
    fig.update_yaxes(title="", autorange="reversed", automargin=True)
    fig.update_layout(height=160 + 36 * len(fig.data[0].y))
    return fig
