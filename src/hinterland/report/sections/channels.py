"""Strategic channels: baseline corridor flows, N-1 criticality, the westward comparison."""

from __future__ import annotations

import pandas as pd

from hinterland.assess import SectionResult
from hinterland.report import figures as fg
from hinterland.report.builder import Builder
from hinterland.report.i18n import label, t

ID = "channels"
TITLE = "sec_channels"

YUAN_100M = 1e8
"""Yuan per 亿元 (100 million yuan)."""


def element_name(element: str, net, lang: str) -> str:
    """``node:ID`` / ``edge:ID`` as the node's name, or an edge as "from→to (mode, commodity)"."""
    col = "name_zh" if lang == "zh" else "name_en"
    kind, _, cid = element.partition(":")
    if kind == "node":
        return str(net.nodes.loc[cid, col])
    e = net.edges.loc[cid]
    ends = f"{net.nodes.loc[e['from'], col]}→{net.nodes.loc[e['to'], col]}"
    goods = t(e["commodity"], lang) if lang == "zh" else t(e["commodity"], lang).lower()
    how = f"{t('mode_' + e['mode'], lang)}{'·' if lang == 'zh' else ', '}{goods}"
    return f"{ends}（{how}）" if lang == "zh" else f"{ends} ({how})"


def money_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The unmet volumes, the unmet share (shown in %) and the three cost columns in 亿元."""
    out = frame[[c for c in frame.columns if c.startswith("unmet_") and c != "unmet_value"]]
    out = out.drop(columns="unmet_share").assign(unmet_share=frame["unmet_share"])
    for col in ("transport_cost_change", "unmet_value", "cost_increase"):
        out[f"{col}_100m"] = frame[col] / YUAN_100M
    return out


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    blocks = b.blocks
    net, base = res["network"], res["baseline"]
    names = {k: t(k, lang) for k in ("crude_oil", "natural_gas", "container")}
    blocks.append({"kind": "note", "body": t("channels_text", lang)})
    blocks.append(
        {
            "kind": "html",
            "body": b.fig(
                fg.network_map(
                    net.nodes, net.edges, base.flows, t("channels_map", lang), lang, names
                )
            ),
        }
    )
    short = res["baseline_unmet"][res["baseline_unmet"] > 0]
    if short.empty:
        blocks.append({"kind": "text", "body": t("baseline_met", lang)})
    else:
        units = {k: t(f"unit_{k}", lang) for k in res["units"]}
        sep = "；" if lang == "zh" else "; "
        what = sep.join(f"{names[k]} {v:,.4g} {units.get(k, '')}" for k, v in short.items())
        blocks.append({"kind": "note", "body": t("baseline_unmet", lang, what=what)})
    worst = res["worst"]
    value = res["goods_value"]
    cost_note = t(
        "crit_cost",
        lang,
        crude=value.get("crude_oil", float("nan")),
        gas=value.get("natural_gas", float("nan")),
        box=value.get("container", float("nan")),
    )
    if worst.empty:
        blocks.append({"kind": "text", "body": t("crit_none", lang)})
    else:
        title = t("crit_title", lang, n=len(worst), total=res["n_unmet_closures"])
        blocks.append({"kind": "text", "body": title})
        shown = money_columns(worst)
        shown.index = pd.Index(
            [element_name(e, net, lang) for e in worst["element"]], name=t("closed_label", lang)
        )
        blocks.append({"kind": "note", "body": cost_note})
        blocks.append(
            {
                "kind": "html",
                "body": b.table(
                    shown, "corridor_criticality_n1", csv=worst, percent=("unmet_share",)
                ),
            }
        )
    west = res["western"]
    col = "name_zh" if lang == "zh" else "name_en"
    closed = t("closed_suffix", lang)
    scen = [
        t("no_closure", lang) if s == "none" else f"{net.nodes.loc[s, col]}{closed}"
        for s, _ in west.index
    ]
    shown = money_columns(west)
    shown.index = pd.Index(
        [f"{s} · {t(v, lang)}" for s, (_, v) in zip(scen, west.index, strict=True)],
        name=label("scenario", lang),
    )
    blocks.append({"kind": "text", "body": t("western_title", lang)})
    blocks.append(
        {
            "kind": "html",
            "body": b.table(
                shown, "corridor_western_comparison", csv=west, percent=("unmet_share",)
            ),
        }
    )
    b.csv(base.to_frame(), "corridor_flows")
