"""Backup layout on the default instance, its frontier, the coordination front and hub siting."""

from __future__ import annotations

import html

import pandas as pd

from hinterland.atlas import adcodes, grouping
from hinterland.report import figures as fg
from hinterland.report.builder import Builder, Context
from hinterland.report.i18n import columns, label, t

ID = "layout"
TITLE = "sec_layout"


def render(b: Builder, ctx: Context) -> None:
    """Backup layout on the illustrative default instance, its frontier, and hub siting."""
    from hinterland.layout import frontier, optimize
    from hinterland.layout.default import resolve_instance

    lang = b.lang
    blocks = b.blocks
    blocks.append({"kind": "note", "body": t("layout_text", lang)})
    instance, about = resolve_instance("auto", lang=lang)
    items = [about["instance"], *about["assumptions"]]
    blocks.append(
        {
            "kind": "html",
            "body": "<ul>" + "".join(f"<li>{html.escape(a)}</li>" for a in items) + "</ul>",
        }
    )
    budget = 500.0
    sol = optimize(instance, budget)
    sizes = sol.placements["size"].groupby(level="adcode").sum().reindex(adcodes(), fill_value=0.0)
    blocks.append(
        {
            "kind": "html",
            "body": b.fig(
                fg.choropleth(
                    sizes,
                    t("layout_map", lang, budget=int(budget)),
                    lang,
                    unit="",
                    hu=False,
                    colorscale="Oranges",
                )
            ),
        }
    )
    front = frontier(instance, [0, 100, 200, 400, 800, 1600])
    curve = columns(front.set_index("budget")[["expected_loss", "cvar"]], lang)
    curve.index = curve.index.astype(float)
    summary = pd.Series(
        {k: v for k, v in sol.to_dict().items() if k not in ("opened", "notes") and v is not None}
    )
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
    blocks.append({"kind": "html", "body": b.table(opened, "layout_placements")})
    front.to_csv(b.tables_dir / "layout_frontier.csv", encoding="utf-8-sig")
    _coordination(b, blocks, instance, budget)
    _hubs(b, blocks)


COORDINATION_COLUMNS = ["epsilon", "hinterland_share", "expected_loss", "cvar", "theil", "cost"]


def _coordination(b: Builder, blocks: list, instance, budget: float) -> None:
    """Security against coordination at one budget: the epsilon-constraint front on the share."""
    from hinterland.layout import pareto

    lang = b.lang
    front = pareto(instance, ("hinterland_share", "expected_loss"), n=5, budget=budget)
    key = "coord_single" if len(front) == 1 else "coord_text"
    blocks.append({"kind": "note", "body": t(key, lang, budget=int(budget))})
    table = front[COORDINATION_COLUMNS].rename_axis("k")
    blocks.append({"kind": "html", "body": b.table(table, "layout_coordination")})


def _hubs(b: Builder, blocks: list) -> None:
    """Hub siting by distance alone, then with the atlas' power price and renewable share."""
    from hinterland.layout.hubs import atlas_site_data, hub_sites, site_hubs

    lang = b.lang
    blocks.append({"kind": "note", "body": t("hubs_text", lang)})
    hubs_group = grouping("computing_hubs")
    price, green, _ = atlas_site_data("hubs")
    sep = "、" if lang == "zh" else ", "

    def names(res) -> str:
        return sep.join(hubs_group.group(str(c)).label(lang) for c in res.sites)

    rows = {}
    for p in (1, 2, 3, 4):
        plain = site_hubs(p)
        priced = site_hubs(p, electricity_price=price, renewable_share=green, alpha=HUB_ALPHA)
        rows[p] = {
            "sites": names(plain),
            "mean_distance": plain.mean_distance,
            "sites_operating": names(priced),
            "mean_distance_operating": priced.mean_distance,
        }
    hubs = pd.DataFrame(rows).T
    hubs.index.name = "p"
    blocks.append({"kind": "html", "body": b.table(hubs, "hub_siting")})
    sites = hub_sites()
    data = pd.DataFrame(
        {
            "hub_city": sites["city_zh" if lang == "zh" else "city_en"],
            "power_price": price,
            "renewable_share_pct": (green * 100.0).round(1),  # undo the /100 of atlas_site_data
        }
    )
    data.index = [hubs_group.group(str(c)).label(lang) for c in data.index]
    data.index.name = "hub"
    blocks.append(
        {"kind": "note", "body": t("hubs_terms", lang, a1=HUB_ALPHA[0], a2=f"{HUB_ALPHA[1]:.0e}")}
    )
    blocks.append({"kind": "html", "body": b.table(data, "hub_site_data")})


HUB_ALPHA = (2000.0, 1e8)
"""Illustrative weights of the hub operating terms in the report: 0.1 yuan/kWh of power price
weighs like 200 km of distance per unit of demand served; a hub's renewable share earns 1e8
(GDP-weighted km) per unit of share. Valuations, not estimates; the report says so."""
