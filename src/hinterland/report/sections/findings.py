"""Key findings (主要结论): the handful of numbers that answer the policy questions, linked.

Unlike the other sections it reads the whole assessment, and it only picks figures the other
sections hold (no number is computed here); a finding whose section failed or did not run is
left out.
"""

from __future__ import annotations

import html

from hinterland.assess import Assessment
from hinterland.atlas import definitions, labels
from hinterland.report.builder import Builder
from hinterland.report.i18n import t

ID = "findings"
TITLE = "sec_findings"
WHOLE = True
"""This section renders from the whole :class:`~hinterland.assess.Assessment`."""


def _ok(a: Assessment, key: str):
    return a.sections[key] if key in a.sections and a.sections[key].ok else None


def _link(text: str, anchor: str, lang: str) -> str:
    more = t("finding_more", lang)
    return f'{html.escape(text)} <a href="#{anchor}">{html.escape(more)}</a>'


def _disparity(a: Assessment, lang: str) -> str | None:
    dec, con, tr = _ok(a, "decomposition"), _ok(a, "convergence"), _ok(a, "trends")
    if dec is None or con is None or tr is None:
        return None
    d4 = dec["by"].get("four_blocs")
    trend = tr["trend"]
    if d4 is None or trend.empty:
        return None
    beta = con["result"].beta
    sigma = con["sigma"]["std_log"]
    text = t(
        "finding_disparity",
        lang,
        y0=int(trend.index[0]),
        t0=float(trend["theil_t"].iloc[0]),
        y1=int(dec["year"]),
        t1=d4.theil_t.total,
        b4=d4.theil_t.between_share,
        s0=float(sigma.iloc[0]),
        s1=float(sigma.iloc[-1]),
        b=beta.beta,
        p=beta.p_beta,
        hl=beta.half_life,
    )
    return _link(text, "trends", lang)


def _products(a: Assessment, lang: str) -> str | None:
    res = _ok(a, "products")
    if res is None or res["table"].empty:
        return None
    defs = definitions()
    frame = res["table"].sort_values("hinterland_share", ascending=False)
    sep = "、" if lang == "zh" else ", "
    items = sep.join(
        f"{defs[code][f'label_{lang}']} {row['hinterland_share']:.1%}（{int(row['year'])}）"
        if lang == "zh"
        else f"{defs[code][f'label_{lang}']} {row['hinterland_share']:.1%} ({int(row['year'])})"
        for code, row in frame.iterrows()
    )
    return _link(t("finding_products", lang, items=items), "products", lang)


def _channels(a: Assessment, lang: str) -> str | None:
    from hinterland.report.sections.channels import YUAN_100M, element_name

    res = _ok(a, "channels")
    if res is None:
        return None
    if res["worst"].empty:
        return _link(t("crit_none", lang), "channels", lang)
    row = res["worst"].iloc[0]
    short = res["worst_provinces"]
    sep = "、" if lang == "zh" else ", "
    whom = sep.join(labels([int(x) for x in short.index.get_level_values(0)[:5]], lang))
    text = t(
        "finding_channels",
        lang,
        name=element_name(row["element"], res["network"], lang),
        shares=_unmet_shares(row, res["national_demand"], lang),
        cost=row["cost_increase"] / YUAN_100M,
        whom=whom,
    )
    return _link(text, "channels", lang)


def _unmet_shares(row, national, lang: str) -> str:
    """Each commodity's unmet share of national import demand, e.g. 原油进口需求的55.0%."""
    sep = "、" if lang == "zh" else ", "
    parts = []
    for k, total in national.items():
        unmet = float(row.get(f"unmet_{k}", 0.0))
        if unmet > 0 and total > 0:
            goods = t(k, lang)
            parts.append(
                f"{goods}进口需求的{unmet / total:.1%}"
                if lang == "zh"
                else f"{unmet / total:.1%} of national {goods.lower()} import demand"
            )
    return sep.join(parts) or t("none", lang)


def _layout(a: Assessment, lang: str) -> str | None:
    res = _ok(a, "layout")
    if res is None:
        return None
    sol = res["solution"]
    placed = sol.placements[sol.placements["open"] > 0]
    by_province = placed["size"].groupby(level="adcode").sum().sort_values(ascending=False)
    sep = "、" if lang == "zh" else ", "
    where = sep.join(labels([int(x) for x in by_province.index[:5]], lang)) or t("none", lang)
    text = t(
        "finding_layout",
        lang,
        budget=res["budget"],
        where=where,
        e0=sol.expected_loss_before,
        e1=sol.expected_loss_after,
        c0=sol.cvar_before,
        c1=sol.cvar_after,
        cut=1 - sol.expected_loss_after / sol.expected_loss_before
        if sol.expected_loss_before
        else 0.0,
    )
    return _link(text, "layout", lang)


def render(b: Builder, a: Assessment) -> None:
    """Fill the section opened for it with one linked finding per policy question."""
    lang = b.lang
    items = [f(a, lang) for f in (_disparity, _products, _channels, _layout)]
    items = [i for i in items if i]
    if not items:
        return
    b.blocks.append(
        {
            "kind": "html",
            "body": "<ul class='findings'>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>",
        }
    )
