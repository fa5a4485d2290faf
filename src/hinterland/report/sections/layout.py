"""Backup layout at the budget, its frontier, the coordination front and computing-hub siting."""

from __future__ import annotations

import html

import pandas as pd

from hinterland.assess import SectionResult
from hinterland.atlas import grouping
from hinterland.report import figures as fg
from hinterland.report.builder import Builder
from hinterland.report.i18n import columns, label, t

ID = "layout"
TITLE = "sec_layout"

COORDINATION_COLUMNS = ["epsilon", "hinterland_share", "expected_loss", "cvar", "theil", "cost"]


def readable(text: str, lang: str) -> str:
    """The layout's descriptions with names for codes: grouping specs, atlas indicators, Ghosh."""
    import re

    from hinterland.atlas import definitions
    from hinterland.errors import HinterlandError

    def group(m: re.Match) -> str:
        try:
            return grouping(m.group(1)).group(m.group(2)).label(lang)
        except (HinterlandError, KeyError):
            return m.group(0)

    text = re.sub(r"\b([a-z_]+):([a-z_]+)\b", group, text)
    for code, d in definitions().items():
        if code in text:
            text = re.sub(rf"\b{re.escape(code)}\b", d[f"label_{lang}"], text)
    return re.sub(r"\bghosh\b", "Ghosh", text)


def cited(text: str, lang: str) -> str:
    """``text`` escaped, an English title inside Chinese text (3+ Latin words) as a citation."""
    import re

    out = html.escape(text)
    if lang != "zh":
        return out
    return re.sub(
        r"[A-Za-z][\w.\-]*(?:[ ,()]+[\w.\-]+){2,}[)]?",
        lambda m: (
            f"<cite>{m.group(0)}</cite>"
            if len(re.findall(r"[A-Za-z]{2,}", m.group(0))) >= 3
            else m.group(0)
        ),
        out,
    )


def powers_of_ten(x: float) -> str:
    """1e8 as 1×10⁸ (the way a printed report writes it), 2.5e-3 as 2.5×10⁻³."""
    mantissa, exponent = f"{x:.3g}".split("e") if "e" in f"{x:.3g}" else (f"{x:.3g}", "")
    if not exponent:
        return mantissa
    sup = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
    return f"{mantissa}×10{str(int(exponent)).translate(sup)}"


def named(placements: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Placements indexed by (adcode, sector) shown with province and sector names."""
    from hinterland.atlas import labels
    from hinterland.mrio.sectors import labels as sector_labels

    out = placements.copy()
    regions, sectors = (out.index.get_level_values(i) for i in (0, 1))
    names = [labels([int(r)], lang)[0] if str(r).isdigit() else str(r) for r in regions]
    out.index = pd.MultiIndex.from_arrays(
        [names, sector_labels([str(c) for c in sectors], lang)],
        names=[label("province", lang), label("sector", lang)],
    )
    return out


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    blocks = b.blocks
    blocks.append({"kind": "note", "body": t("layout_text", lang)})
    about = res["about"][lang]
    items = [readable(a, lang) for a in (about["instance"], *about["assumptions"])]
    blocks.append(
        {
            "kind": "html",
            "body": "<ul>" + "".join(f"<li>{cited(a, lang)}</li>" for a in items) + "</ul>",
        }
    )
    budget, sol, front = res["budget"], res["solution"], res["frontier"]
    blocks.append(
        {
            "kind": "html",
            "body": b.fig(
                fg.choropleth(
                    res["sizes"],
                    t("layout_map", lang, budget=int(budget)),
                    lang,
                    unit="亿元/年" if lang == "zh" else "100 M yuan/yr",
                    hu=False,
                    colorscale="Oranges",
                )
            ),
        }
    )
    curve = columns(front.set_index("budget")[["expected_loss", "cvar"]], lang)
    curve.index = curve.index.astype(float)
    summary = pd.Series(
        {k: v for k, v in sol.to_dict().items() if k not in ("opened", "notes") and v is not None}
    )
    for key in ("hinterland_share_before", "hinterland_share_after", "gap"):
        if key in summary:  # shares read as percentages in a column of different measures
            summary[key] = f"{100 * float(summary[key]):.{2 if key == 'gap' else 1}f}%"
    summary = summary.rename(index=lambda k: label(k, lang))
    blocks.append(
        {
            "kind": "grid",
            "body": [
                b.fig(
                    fg.lines(
                        curve,
                        t("layout_frontier", lang),
                        lang,
                        ytitle=t("loss", lang),
                        xtitle=t("budget", lang),
                    )
                ),
                b.table(summary.to_frame("value"), "layout_summary"),
            ],
        }
    )
    opened = sol.placements[sol.placements["open"] > 0]
    blocks.append(
        {"kind": "html", "body": b.table(named(opened, lang), "layout_placements", csv=opened)}
    )
    b.csv(front, "layout_frontier", index=True)
    _coordination(b, res)
    _hubs(b, res)


def _coordination(b: Builder, res: SectionResult) -> None:
    """Security against coordination at one budget: the epsilon-constraint front on the share."""
    lang = b.lang
    front = res["coordination"]
    key = "coord_single" if len(front) == 1 else "coord_text"
    b.blocks.append({"kind": "note", "body": t(key, lang, budget=int(res["budget"]))})
    table = front[COORDINATION_COLUMNS].set_index("epsilon")
    b.blocks.append({"kind": "html", "body": b.table(table, "layout_coordination", csv=front)})


def _hubs(b: Builder, res: SectionResult) -> None:
    """Hub siting by distance alone, then with the atlas' power price and renewable share."""
    lang = b.lang
    b.blocks.append({"kind": "note", "body": t("hubs_text", lang)})
    hubs_group = grouping("computing_hubs")
    sep = "、" if lang == "zh" else ", "

    def names(sites) -> str:
        return sep.join(hubs_group.group(str(c)).label(lang) for c in sites)

    hubs = res["hubs"].copy()
    for col in ("sites", "sites_operating"):
        hubs[col] = hubs[col].map(names)
    b.blocks.append({"kind": "html", "body": b.table(hubs, "hub_siting")})
    site = res["hub_site_data"]
    data = pd.DataFrame(
        {
            "hub_city": site["city_zh" if lang == "zh" else "city_en"],
            "power_price": site["power_price"],
            "renewable_share_pct": site["renewable_share_pct"],
        }
    )
    data.index = [hubs_group.group(str(c)).label(lang) for c in data.index]
    data.index.name = "hub"
    a1, a2 = res.inputs["hub_weights"]
    b.blocks.append({"kind": "note", "body": t("hubs_terms", lang, a1=a1, a2=powers_of_ten(a2))})
    b.blocks.append({"kind": "html", "body": b.table(data, "hub_site_data")})
