"""The ``hinterland assess`` report: a self-contained offline HTML page and its tables as CSV.

The report only arranges results: every number comes from the analysis functions
(:mod:`hinterland.coordination`, :mod:`hinterland.atlas`), so a number in the report is the
number the API returns.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import tempfile
from pathlib import Path

import jinja2
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

import hinterland
from hinterland import coordination as coord
from hinterland.atlas import IndicatorTable, adcodes, definitions, grouping, labels
from hinterland.atlas import history as hist
from hinterland.atlas.huline import hu_line, province_sides
from hinterland.errors import ValidationError
from hinterland.report import figures as fg
from hinterland.report.i18n import columns, label, t

PRODUCTS = (
    "out_integrated_circuits",
    "out_automobiles",
    "out_nev",
    "out_crude_steel",
    "out_electricity",
    "out_mobile_phones",
    "out_microcomputers",
    "out_solar_cells",
)


class _Builder:
    """Collects sections and writes each table as CSV as it goes."""

    def __init__(self, lang: str, tables_dir: Path):
        self.lang = lang
        self.tables_dir = tables_dir
        self.sections: list[dict] = []
        self._first_plot = True

    def section(self, sid: str, key: str) -> list[dict]:
        blocks: list[dict] = []
        self.sections.append({"id": sid, "title": t(key, self.lang), "blocks": blocks})
        return blocks

    def fig(self, fig: go.Figure) -> str:
        return fig.to_html(
            include_plotlyjs=False,
            full_html=False,
            config={"displaylogo": False, "responsive": True, "displayModeBar": False},
        )

    def table(self, frame: pd.DataFrame, name: str, *, floatfmt: str = "{:,.4g}") -> str:
        frame.to_csv(self.tables_dir / f"{name}.csv", encoding="utf-8-sig")
        frame = columns(frame, self.lang)

        def fmt(v):
            if isinstance(v, float | np.floating):
                if np.isnan(v):
                    return "—"
                return f"{v:,.2f}" if abs(v) >= 100 else floatfmt.format(v)
            return v

        shown = frame.map(fmt) if hasattr(frame, "map") else frame.applymap(fmt)
        return shown.to_html(classes="data", border=0, escape=True) + (
            f'<p style="font-size:12px;color:#777">CSV: tables/{name}.csv</p>'
        )


def _latest(tbl: IndicatorTable, indicator: str, upto: int | None = None) -> int:
    years = tbl.years(indicator)
    if upto is not None:
        years = [y for y in years if y <= upto] or years
    return max(years)


def _overview(b: _Builder, tbl: IndicatorTable) -> None:
    lang = b.lang
    blocks = b.section("overview", "sec_overview")
    year = _latest(tbl, "population", 2023)
    gdppc = tbl.series("gdp_per_capita", year)
    blocks.append(
        {
            "kind": "html",
            "body": b.fig(
                fg.choropleth(
                    gdppc,
                    t("map_gdppc", lang, year=year),
                    lang,
                    unit=definitions()["gdp_per_capita"]["unit" if lang == "zh" else "unit_en"],
                )
            ),
        }
    )
    hu = hu_line(2020)
    hu_y = hu_line(year) if year != 2020 else hu
    sides = province_sides("lonlat")
    lonlat_share = float(
        sides["area_se_km2"].sum() / (sides["area_se_km2"] + sides["area_nw_km2"]).sum()
    )
    crossed = (
        "、".join(labels(hu.to_dict()["crossed_provinces"], lang))
        if lang == "zh"
        else ", ".join(labels(hu.to_dict()["crossed_provinces"], lang))
    )
    blocks.append(
        {
            "kind": "text",
            "body": t(
                "hu_text",
                lang,
                year=2020,
                area=hu.area_share_se,
                pop=hu.pop_share_se,
                crossed=crossed,
                est="",
            ),
        }
    )
    blocks.append({"kind": "note", "body": t("hu_ref", lang, lonlat=lonlat_share)})
    rows = {}
    for r in (hu, hu_y):
        rows[r.year] = {
            t("area_share", lang): r.area_share_se,
            t("pop_share", lang): r.pop_share_se,
            "estimate": r.estimate,
        }
    frame = pd.DataFrame(rows).T
    frame.index.name = t("year", lang)
    blocks.append({"kind": "html", "body": b.table(frame, "hu_line_shares")})
    per = hu.by_province[["area_se_km2", "area_nw_km2", "pop_se_share", "method"]].copy()
    per.insert(0, "province", labels(per.index, lang))
    per.to_csv(b.tables_dir / "hu_line_by_province.csv", encoding="utf-8-sig")


def _first_group(g) -> pd.Series:
    """Each province's group; where groups overlap, the first group listed wins (for maps)."""
    out: dict[int, str] = {}
    for grp in g.groups:
        for a in grp.adcodes:
            out.setdefault(a, grp.code)
    return pd.Series(out, dtype=object).reindex(adcodes())


def _groupings(b: _Builder) -> None:
    lang = b.lang
    blocks = b.section("groupings", "sec_groupings")
    maps = []
    for name in ("four_blocs", "third_front", "city_clusters", "computing_hubs"):
        g = grouping(name)
        names = coord.group_labels(g, lang)
        assign = _first_group(g)
        maps.append(
            b.fig(fg.categorical_map(assign, names, g.label(lang), lang, hu=name == "third_front"))
        )
        rows = {
            grp.code: {
                "label": grp.label(lang),
                "provinces": " ".join(labels(grp.adcodes, lang)),
                "partial": " ".join(labels(grp.partial, lang)),
            }
            for grp in g.groups
        }
        pd.DataFrame(rows).T.to_csv(b.tables_dir / f"grouping_{name}.csv", encoding="utf-8-sig")
    blocks.append({"kind": "grid", "body": maps})


def _trends(b: _Builder, tbl: IndicatorTable) -> None:
    lang = b.lang
    blocks = b.section("trends", "sec_trends")
    years = [y for y in tbl.years("gdp_per_capita") if y <= 2023]
    trend = coord.disparity_trend("gdp_per_capita", by="four_blocs", years=years, table=tbl)
    theil = trend[["theil_t", "theil_between", "theil_within"]].rename(
        columns={
            "theil_t": t("total", lang),
            "theil_between": t("between", lang),
            "theil_within": t("within", lang),
        }
    )
    ineq = trend[["gini", "cv_weighted"]].rename(
        columns={"gini": t("gini", lang), "cv_weighted": t("cv_w", lang)}
    )
    blocks.append(
        {
            "kind": "grid",
            "body": [
                b.fig(fg.lines(theil, t("trend_theil", lang), lang)),
                b.fig(fg.lines(ineq, t("trend_ineq", lang), lang)),
            ],
        }
    )
    gdp_years = [y for y in tbl.years("gdp") if y <= 2023]
    shares = coord.group_shares("gdp", "four_blocs", years=gdp_years, lang=lang, table=tbl)
    blocks.append(
        {
            "kind": "html",
            "body": b.fig(
                fg.lines(
                    shares, t("trend_shares", lang), lang, ytitle=t("share_pct", lang), stacked=True
                )
            ),
        }
    )
    blocks.append({"kind": "note", "body": t("vintage_note", lang)})
    blocks.append(
        {
            "kind": "html",
            "body": b.table(
                trend.drop(columns=["indicator", "by", "weighted", "dropped"]),
                "disparity_trend_four_blocs",
            ),
        }
    )
    shares.to_csv(b.tables_dir / "gdp_shares_four_blocs.csv", encoding="utf-8-sig")


def _decomposition(b: _Builder, tbl: IndicatorTable) -> None:
    lang = b.lang
    blocks = b.section("decomposition", "sec_decomp")
    year = _latest(tbl, "population", 2023)
    d4 = coord.disparity("gdp_per_capita", year, by="four_blocs", table=tbl)
    d3 = coord.disparity("gdp_per_capita", year, by="third_front", table=tbl)
    blocks.append(
        {
            "kind": "text",
            "body": t(
                "decomp_text",
                lang,
                year=year,
                t=d4.theil_t.total,
                b4=d4.theil_t.between_share,
                b3=d3.theil_t.between_share,
            ),
        }
    )
    charts, tables = [], []
    for d, key, name in ((d4, "by_bloc", "four_blocs"), (d3, "by_third_front", "third_front")):
        frame = d.groups_frame(lang).set_index("group")
        chart = frame[["between_contribution", "within_contribution"]].rename(
            columns={
                "between_contribution": t("between", lang),
                "within_contribution": t("within", lang),
            }
        )
        charts.append(
            b.fig(
                fg.bars(
                    chart,
                    f"{t(key, lang)} · {t('decomp_chart', lang, year=year)}",
                    lang,
                    ytitle=t("contribution", lang),
                )
            )
        )
        tables.append(b.table(frame, f"theil_{name}_{year}"))
    blocks.append({"kind": "grid", "body": charts})
    blocks.append({"kind": "grid", "body": tables})


def _convergence(b: _Builder, tbl: IndicatorTable) -> None:
    lang = b.lang
    blocks = b.section("convergence", "sec_convergence")
    years = [y for y in tbl.years("gdp_per_capita") if y <= 2023]
    start, end = min(years), max(years)
    c = coord.convergence("gdp_per_capita", start, end, table=tbl)
    sigma = pd.DataFrame({"σ(ln y)": c.sigma.std_log, "CV": c.sigma.cv}, index=c.years)
    panel = tbl.panel("gdp_per_capita", [start, end]).dropna()
    x = np.log(panel[start].to_numpy())
    g = np.log(panel[end].to_numpy() / panel[start].to_numpy()) / (end - start)
    beta = c.beta
    blocks.append(
        {
            "kind": "grid",
            "body": [
                b.fig(fg.lines(sigma, t("sigma_chart", lang), lang)),
                b.fig(
                    fg.scatter_fit(
                        x,
                        g,
                        labels(panel.index, lang),
                        beta.alpha,
                        beta.beta,
                        t("beta_chart", lang, start=start, end=end),
                        lang,
                        t("log_initial", lang),
                        t("growth", lang),
                    )
                ),
            ],
        }
    )
    blocks.append(
        {
            "kind": "text",
            "body": t(
                "beta_text",
                lang,
                start=start,
                end=end,
                b=beta.beta,
                se=beta.se_beta,
                p=beta.p_beta,
                r2=beta.r2,
                n=beta.n,
                lam=beta.speed,
                hl=beta.half_life,
            ),
        }
    )
    sigma.index.name = t("year", lang)
    sigma.to_csv(b.tables_dir / "sigma_convergence.csv", encoding="utf-8-sig")
    pd.Series(beta.to_dict()).to_csv(b.tables_dir / "beta_convergence.csv", encoding="utf-8-sig")


def _products(b: _Builder, tbl: IndicatorTable) -> None:
    lang = b.lang
    blocks = b.section("products", "sec_products")
    defs = definitions()
    third = set(grouping("third_front").group("third_line").adcodes)
    rows = {}
    available = set(tbl.indicators())
    for code in PRODUCTS:
        if code not in available:
            continue
        results = []
        for year in tbl.years(code):
            try:
                results.append(coord.concentration(code, year, table=tbl))
            except ValidationError:
                continue
        if not results:
            continue
        # the year with the most provinces reporting; the latest such year on ties
        c = max(results, key=lambda r: (r.n_reporting, r.year))
        year = c.year
        shares = c.shares
        rows[defs[code][f"label_{lang}"]] = {
            t("year", lang): year,
            t("n_reporting", lang): c.n_reporting,
            "HHI": c.hhi,
            "CR3": c.cr3,
            t("top3", lang): " ".join(f"{labels([a], lang)[0]} {s:.0%}" for a, s in c.top[:3]),
            t("hinterland_share", lang): float(shares[shares.index.isin(third)].sum()),
        }
    blocks.append({"kind": "note", "body": t("products_text", lang)})
    if not rows:
        blocks.append({"kind": "text", "body": t("products_none", lang)})
        return
    frame = pd.DataFrame(rows).T
    frame.index.name = t("product", lang)
    blocks.append({"kind": "html", "body": b.table(frame, "product_concentration")})


def _history(b: _Builder) -> None:
    lang = b.lang
    blocks = b.section("history", "sec_history")
    ref = hist.reference()
    survey = ref["factory_survey_1947"]
    inv = ref["third_front_investment_3rd_fyp"]
    blocks.append(
        {
            "kind": "text",
            "body": t(
                "history_text",
                lang,
                total=f"{survey['total_main_cities']:,}",
                sh=f"{survey['cities']['上海 Shanghai']:,}",
                shs=hist.shanghai_factory_share(),
                t3=inv["third_line"],
                sw=inv["southwest_within_third_line"],
                sws=hist.southwest_third_line_share(),
            ),
        }
    )
    cities = pd.Series(survey["cities"])
    cities.index = [c.split(" ")[0] if lang == "zh" else c.split(" ", 1)[1] for c in cities.index]
    frame = cities.to_frame(t("factories", lang))
    blocks.append(
        {
            "kind": "grid",
            "body": [
                b.fig(fg.bars(frame, t("history_chart", lang), lang, ytitle=t("factories", lang))),
                b.table(frame, "history_factories_1947"),
            ],
        }
    )
    blocks.append({"kind": "note", "body": ref["source"]})


def _mrio_sections(b: _Builder) -> None:
    """Regional linkage and key-industry exposure, on the active MRIO table if there is one."""
    from hinterland.errors import DataError
    from hinterland.mrio import analysis as an
    from hinterland.mrio.store import active

    lang = b.lang
    blocks = b.section("linkage", "sec_linkage")
    try:
        m = active()
    except DataError as exc:
        blocks.append({"kind": "note", "body": t("no_table", lang, reason=str(exc))})
        return
    est = t("table_estimate" if m.estimate else "table_survey", lang)
    used = t("table_used", lang, source=m.source, year=m.year, unit=m.unit, est=est)
    blocks.append({"kind": "note", "body": used})
    spill = an.spillovers(m)
    if set(spill.index) <= set(adcodes()):
        blocks.append(
            {
                "kind": "html",
                "body": b.fig(
                    fg.choropleth(
                        spill["spillover_share"] * 100,
                        t("map_spill", lang),
                        lang,
                        unit="%",
                        hu=False,
                    )
                ),
            }
        )
    dep = an.dependence(m).drop(columns="exports", errors="ignore")
    share = dep.div(dep.sum(axis=1), axis=0)
    pairs = share.stack()
    pairs = pairs[[r != s for r, s in pairs.index]].sort_values(ascending=False).head(15)
    name = (lambda a: labels([a], lang)[0]) if set(dep.index) <= set(adcodes()) else str
    top = pd.DataFrame(
        {
            t("producing", lang): [name(r) for r, _ in pairs.index],
            t("demanding", lang): [name(s) for _, s in pairs.index],
            t("dep_share", lang): pairs.to_numpy(),
        }
    )
    blocks.append({"kind": "text", "body": t("top_dep", lang)})
    blocks.append({"kind": "html", "body": b.table(top, "mrio_top_dependencies")})
    spill.to_csv(b.tables_dir / "mrio_spillovers.csv", encoding="utf-8-sig")
    blocks2 = b.section("exposure", "sec_exposure")
    blocks2.append({"kind": "note", "body": used})
    blocks2.append({"kind": "text", "body": t("exposure_text", lang)})
    blocks2.append({"kind": "html", "body": b.table(an.exposure(m), "mrio_exposure")})


def _channels(b: _Builder) -> None:
    """Strategic channels: baseline flows map, N-1 criticality, the westward comparison."""
    from hinterland.corridors.flow import solve
    from hinterland.corridors.network import CorridorNetwork
    from hinterland.corridors.resilience import criticality, western_comparison

    lang = b.lang
    blocks = b.section("channels", "sec_channels")
    net = CorridorNetwork.default()
    base = solve(net)
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
    crit = criticality(net, k=1, elements="edges").head(10)
    crit = crit[
        [
            "element",
            "unmet_container",
            "unmet_crude_oil",
            "unmet_natural_gas",
            "unmet_share",
            "cost_increase",
        ]
    ]
    blocks.append({"kind": "text", "body": t("crit_title", lang)})
    blocks.append({"kind": "html", "body": b.table(crit, "corridor_criticality_n1")})
    west = western_comparison(net)
    west.index = [" · ".join(map(str, i)) for i in west.index]
    blocks.append({"kind": "text", "body": t("western_title", lang)})
    blocks.append({"kind": "html", "body": b.table(west, "corridor_western_comparison")})
    base.to_frame().to_csv(b.tables_dir / "corridor_flows.csv", encoding="utf-8-sig")


def _layout(b: _Builder) -> None:
    """Backup layout on the illustrative default instance, its frontier, and hub siting."""
    from hinterland.layout import frontier, optimize
    from hinterland.layout.default import resolve_instance

    lang = b.lang
    blocks = b.section("layout", "sec_layout")
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


def _coordination(b: _Builder, blocks: list, instance, budget: float) -> None:
    """Security against coordination at one budget: the epsilon-constraint front on the share."""
    from hinterland.layout import pareto

    lang = b.lang
    front = pareto(instance, ("hinterland_share", "expected_loss"), n=5, budget=budget)
    key = "coord_single" if len(front) == 1 else "coord_text"
    blocks.append({"kind": "note", "body": t(key, lang, budget=int(budget))})
    table = front[COORDINATION_COLUMNS].rename_axis("k")
    blocks.append({"kind": "html", "body": b.table(table, "layout_coordination")})


def _hubs(b: _Builder, blocks: list) -> None:
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


def _sources(b: _Builder, tbl: IndicatorTable) -> tuple[int, int]:
    lang = b.lang
    blocks = b.section("sources", "sec_sources")
    prov = tbl.provenance()
    defs = definitions()
    prov.index = [f"{defs[i][f'label_{lang}']} ({i})" for i in prov.index]
    prov.index.name = t("indicator", lang)
    prov = prov.rename(
        columns={
            "figures": t("figures", lang),
            "checked": t("checked", lang),
            "years": t("years", lang),
            "sources": t("sources", lang),
        }
    )
    blocks.append({"kind": "text", "body": t("sources_text", lang)})
    blocks.append({"kind": "html", "body": b.table(prov, "data_provenance")})
    tbl.data.drop(columns=["file", "row"]).to_csv(
        b.tables_dir / "indicator_panel.csv", index=False, encoding="utf-8-sig"
    )
    d = tbl.data[tbl.data["value"].notna()]
    return len(d), int((d["checked"].str.lower() == "yes").sum())


def write_report(out: str | Path, *, lang: str = "zh", table: IndicatorTable | None = None) -> Path:
    """Write ``index.html`` and ``tables/*.csv`` into ``out`` and return the HTML path.

    The page is self-contained (plotly.js embedded, no network). The files are first written to
    a temporary folder and moved into place only when complete, so a failure leaves no partial
    report.
    """
    if lang not in ("zh", "en"):
        raise ValidationError(f"unknown language {lang!r}; valid: zh, en")
    tbl = table or IndicatorTable.default()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".assess-", dir=out.parent))
    try:
        (tmp / "tables").mkdir()
        b = _Builder(lang, tmp / "tables")
        _overview(b, tbl)
        _groupings(b)
        _trends(b, tbl)
        _decomposition(b, tbl)
        _convergence(b, tbl)
        _products(b, tbl)
        _history(b)
        _mrio_sections(b)
        _channels(b)
        _layout(b)
        n_fig, n_checked = _sources(b, tbl)
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("hinterland.report", "."), autoescape=True
        )
        html = env.get_template("template.html.j2").render(
            lang=lang,
            title=t("title", lang),
            subtitle=t("subtitle", lang),
            generated_label=t("generated", lang),
            generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            version=hinterland.__version__,
            data_note=t("data_note", lang),
            data_note_body=t("data_note_body", lang),
            n_figures=f"{n_fig:,}",
            n_checked=f"{n_checked:,}",
            checked_pct=f"{n_checked / max(n_fig, 1):.1%}",
            figures_label=t("figures", lang),
            checked_label=t("checked", lang),
            toc=t("toc", lang),
            sections=b.sections,
            tables_note=t("tables_note", lang),
            plotlyjs=get_plotlyjs(),
        )
        if re.search(r"<script[^>]+src=[\"']https?:", html):
            raise RuntimeError("report would load a script from the network")
        (tmp / "index.html").write_text(html, encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return out / "index.html"
