"""The web pages' text in Chinese (default) and English."""

from __future__ import annotations

LANGS = ("zh", "en")

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("中国生产力布局分析", "China's productive-force layout"),
    "switch": ("English", "中文"),
    "nav_overview": ("总览", "Overview"),
    "nav_atlas": ("地图集", "Atlas"),
    "nav_disparity": ("区域差距", "Disparity"),
    "nav_corridors": ("战略通道", "Corridors"),
    "nav_shock": ("冲击模拟", "Shocks"),
    "nav_linkage": ("区域关联", "Linkage"),
    "nav_layout": ("备份布局", "Backup layout"),
    "nav_ensembles": ("情景集合", "Ensembles"),
    "m_capacity": ("产能约束模型（静态）", "Capacity-constrained (static)"),
    "m_iim": ("动态不可运行性模型（IIM）", "Dynamic inoperability (IIM)"),
    "m_ario": ("适应性区域投入产出模型（ARIO）", "Adaptive regional IO (ARIO)"),
    "not_found": ("页面不存在：{path}", "No such page: {path}"),
    "error": ("输入有误：{msg}", "Bad input: {msg}"),
    "failed": ("计算失败：{msg}", "The computation failed: {msg}"),
    "data": ("数据：", "Data: "),
    "boundaries": ("行政区划边界", "Boundaries"),
    "download": ("下载数据（CSV）", "Download the data (CSV)"),
    "estimate_table": (
        "投入产出表为估算表（非调查表）：{source}，{year}年，单位{unit}。",
        "The input-output table is an estimate (not a survey table): {source}, {year}, unit {unit}.",
    ),
    "no_table": ("没有可用的投入产出表：{why}", "No input-output table is available: {why}"),
    # overview
    "ov_title": ("主要结论", "Key findings"),
    "ov_hu": (
        "胡焕庸线东南侧占国土面积{area:.1%}、常住人口{pop:.1%}（{year}年）。",
        "Southeast of the Hu Huanyong line: {area:.1%} of the area and {pop:.1%} of the "
        "resident population ({year}).",
    ),
    "ov_theil": (
        "{year}年人均地区生产总值泰尔指数{total:.4f}，其中{group}组间差距占{share:.1%}。",
        "Theil T of GDP per capita in {year}: {total:.4f}; the gap between groups accounts for "
        "{share:.1%} (grouping: {group}).",
    ),
    "ov_gdppc": (
        "{year}年人均地区生产总值最高为{top}（{top_v:,.0f}元），最低为{low}（{low_v:,.0f}元）。",
        "Highest GDP per capita in {year}: {top} ({top_v:,.0f} yuan); lowest: {low} "
        "({low_v:,.0f} yuan).",
    ),
    "ov_spill": (
        "按投入产出表，{name}最终需求拉动的产出有{share:.1%}发生在其他省份（外溢比例最高）。",
        "On the input-output table, {share:.1%} of the output driven by {name}'s final demand "
        "arises in other provinces (the highest spillover share).",
    ),
    "ov_more": ("各页面可交互查看：", "Explore each analysis:"),
    # atlas
    "at_indicator": ("指标", "Indicator"),
    "at_year": ("年份", "Year"),
    "at_map": ("{year}年{name}（{unit}）", "{name} {year} ({unit})"),
    "province": ("省份", "Province"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "source": ("来源", "Source"),
    "edition": ("版本", "Edition"),
    "checked": ("已核对", "Checked"),
    "no_data": ("{name}在{year}年没有数据。", "No data for {name} in {year}."),
    # disparity
    "di_grouping": ("分组", "Grouping"),
    "di_theil": (
        "人均地区生产总值泰尔指数分解（按{group}，人口加权）",
        "Theil T of GDP per capita decomposed by {group} (population-weighted)",
    ),
    "di_gini": ("基尼系数与加权变异系数", "Gini and weighted coefficient of variation"),
    "di_sigma": (
        "σ收敛：对数人均地区生产总值标准差",
        "Sigma convergence: std. dev. of log GDP per capita",
    ),
    "di_beta": (
        "β收敛（{start}—{end}年）：系数{beta:.4f}，收敛速度{speed:.2%}/年，R²={r2:.2f}。",
        "Beta convergence ({start}-{end}): coefficient {beta:.4f}, speed {speed:.2%} a year, "
        "R² = {r2:.2f}.",
    ),
    "di_latest": (
        "{year}年：泰尔指数{total:.4f}，组间{between:.4f}（{share:.1%}），组内{within:.4f}，基尼系数{gini:.3f}。",
        "{year}: Theil T {total:.4f}, between {between:.4f} ({share:.1%}), within {within:.4f}, "
        "Gini {gini:.3f}.",
    ),
    "std_log": ("对数标准差", "Std. dev. of logs"),
    "break_note": (
        "口径变化年份：{years}（前后不完全可比）。",
        "Revision breaks: {years} (not like-for-like across them).",
    ),
}


def t(key: str, lang: str, **kw) -> str:
    """Return the text ``key`` in ``lang`` (``zh`` or ``en``), formatted with ``kw``.

    A key the pages do not define is the report's (:data:`hinterland.report.i18n.TEXT`), so
    that a word shared with the report is written once.
    """
    if key not in TEXT:
        from hinterland.report.i18n import t as report_t

        return report_t(key, lang, **kw)
    zh, en = TEXT[key]
    s = zh if lang == "zh" else en
    return s.format(**kw) if kw else s


def lang_of(value: str | None, default: str = "zh") -> str:
    """The language asked for in a URL (``zh`` or ``en``); anything else is ``default``."""
    return value if value in LANGS else default


TEXT.update(
    {
        "co_close": ("勾选要中断的通道节点", "Tick the channels to close"),
        "co_cut": ("通行能力削减比例", "Share of capacity cut"),
        "co_kind_chokepoint": ("海峡与咽喉要道", "Straits and chokepoints"),
        "co_kind_border": ("陆路口岸", "Land border crossings"),
        "co_kind_port": ("港口", "Ports"),
        "co_result": (
            "中断后（削减{cut:.0%}）：运输成本变化{cost:+,.4g}（模型成本单位）。",
            "After the closure ({cut:.0%} of capacity cut): routing cost changes by {cost:+,.4g} "
            "(model cost units).",
        ),
        "co_unmet": ("各品类新增未满足需求", "Added unmet demand by commodity"),
        "co_short": (
            "各省新增未满足需求占需求比重（%）",
            "Added unmet demand by province (% of its demand)",
        ),
        "co_none": ("该中断不造成任何省份短缺。", "No province is left short by this closure."),
        "commodity": ("品类", "Commodity"),
        "unmet_increase": ("新增未满足需求", "Added unmet demand"),
        "demand": ("全国需求", "National demand"),
        "share_pct": ("占需求（%）", "Share of demand (%)"),
        "container": ("集装箱", "Containers"),
        "crude_oil": ("原油", "Crude oil"),
        "natural_gas": ("天然气", "Natural gas"),
        "co_data": (
            "通道网络：hinterland 内置通道数据（节点、线路、通行能力与成本；标注为估算者为估算），最小成本流线性规划（HiGHS）。",
            "Corridor network: hinterland's embedded corridor data (nodes, lines, capacities and costs; "
            "those marked estimates are estimates), least-cost flow LP (HiGHS).",
        ),
    }
)

UNITS_ZH = {"TEU/yr": "标准箱/年", "Mt/yr": "百万吨/年", "bcm/yr": "十亿立方米/年"}
"""Chinese names of the corridor units."""


def unit(u: str, lang: str) -> str:
    """A corridor unit in ``lang``."""
    return UNITS_ZH.get(u, u) if lang == "zh" else u
