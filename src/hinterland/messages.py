"""The message catalogue: every sentence the analysis layers hand to a front end, in zh and en.

An analysis result carries a :class:`Message` (a key of :data:`CATALOGUE` and its parameters),
not a sentence; a front end renders it in the reader's language with :meth:`Message.text` or
:func:`text`. Parameters are formatted with :meth:`str.format`; a parameter that is itself a
:class:`Message` or a list of names (:class:`Sectors`, :class:`Provinces`) is rendered in the
same language, so no language leaks into the other.

Adding a sentence: add its key with the Chinese and the English text to :data:`CATALOGUE`
(a test checks that both languages use the same parameters), and return ``msg(key, ...)``.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hinterland.errors import ValidationError

__all__ = [
    "CATALOGUE",
    "LANGS",
    "Indicator",
    "Join",
    "Message",
    "Provinces",
    "Sectors",
    "Spec",
    "msg",
    "text",
    "texts",
]

LANGS = ("zh", "en")
"""The languages of the catalogue; ``zh`` is the default everywhere."""

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- backup placement: what the instance is ------------------------------------------
    "layout.instance.table": (
        "投入产出表 {year}（{label}），关键部门：{sectors}",
        "MRIO table {year} ({label}), key sectors: {sectors}",
    ),
    "layout.instance.atlas": (
        "示意性默认实例，地图集 {year} 年（无可用投入产出表）",
        "illustrative default instance, atlas {year} (no MRIO table available)",
    ),
    "layout.label.estimated": ("估算", "estimated"),
    "layout.model.ghosh": ("Ghosh供给驱动", "supply-driven (Ghosh)"),
    "layout.model.capacity": ("产能约束", "capacity-constrained"),
    "layout.label.imported": ("导入", "imported"),
    "layout.label.estimate_long": ("估算表（非调查法）", "an estimate (non-survey)"),
    "layout.label.imported_long": ("导入的表", "as imported"),
    "layout.rule.in": ("{spec}以内", "in {spec}"),
    "layout.rule.outside": ("{spec}以外", "outside {spec}"),
    # --- backup placement: assumptions of the table instance -----------------------------
    "layout.table.source": (
        "投入产出表 {year}，{label}：{source}",
        "MRIO table {year}, {label}: {source}",
    ),
    "layout.table.sectors": (
        "关键部门：{sectors}；产能 = 总产出，需求 = 全国产出",
        "key sectors: {sectors}; capacity = gross output, demand = national output",
    ),
    "layout.table.loss": (
        "单位缺口损失 = 每单位产出缺口造成的全国增加值损失（基于表的{model}模型）",
        "loss per unit = national value added lost per unit of missing output ({model} model on "
        "the table)",
    ),
    "layout.table.candidates": (
        "候选省份：{rule}，至多为现有产出的 {share:.0%}；固定成本 {fixed:g}，单位成本 {unit:g} × "
        "要素成本指数",
        "candidates: provinces {rule}, up to {share:.0%} of current output; fixed cost {fixed:g}, "
        "cost per unit {unit:g} x factor-cost index",
    ),
    "layout.table.unpriced": (
        "无要素价格、不作候选的省份：{provinces}",
        "not candidates, a factor price is missing: {provinces}",
    ),
    "layout.table.energy": (
        "能源约束：各省备份用电不超过本省电力部门产出的 {share:.0%}（假设）",
        "energy limit: backup may use at most {share:.0%} of the province's electricity-sector "
        "output (assumption)",
    ),
    "layout.table.theil": (
        "泰尔指数：地图集 {year} 年GDP与人口；每单位备份的GDP = 该部门全国增加值率",
        "Theil index: atlas GDP and population {year}; GDP per unit of backup = national "
        "value-added ratio of the sector",
    ),
    # --- backup placement: the factor-cost index -----------------------------------------
    "layout.cost.factors": ("成本指数要素：{factors}", "cost index factors: {factors}"),
    "layout.cost.no_factor": ("无（指数 = 1）", "none (index = 1)"),
    "layout.factor.wage": ("工资", "wage"),
    "layout.factor.electricity": ("电价", "electricity"),
    "layout.factor.logistics": ("物流距离", "logistics"),
    "layout.factor.land": ("地价", "land"),
    "layout.cost.labour_share": (
        "劳动报酬占增加值比重 = {share:g}（假设）",
        "labour share of value added = {share:g} (assumption)",
    ),
    "layout.cost.land_share": (
        "地价权重（土地占新增产能成本的比重）= {share:g}（假设）",
        "land weight (land's share of the cost of new capacity) = {share:g} (assumption)",
    ),
    "layout.prices.file": ("要素价格：{name}", "factor prices: {name}"),
    "layout.prices.none": (
        "{factor}：地图集无数据，未计入成本指数",
        "{factor}: no data in the atlas; left out",
    ),
    "layout.prices.incomplete": (
        "{factor}：无31省齐全的年份，未计入",
        "{factor}: no year complete for 31 provinces",
    ),
    "layout.prices.wage": ("工资：地图集 {code} {year} 年", "wage: atlas {code} {year}"),
    "layout.prices.electricity": (
        "电价：地图集 {code}，{year} 年起执行（作为工业电价水平的代理，非零售电价）",
        "electricity: atlas {code}, in force from {year} (a proxy for the level of industrial "
        "prices, not a retail tariff)",
    ),
    # --- backup placement: the illustrative atlas instance -------------------------------
    "layout.atlas.industry": (
        "示意性实例：单一综合产业（以第二产业增加值为产能）",
        "illustrative instance: one aggregate industry (secondary value added as capacity)",
    ),
    "layout.atlas.loss": (
        "单位产能缺口损失 = 1（未用投入产出乘数）",
        "loss per unit of missing capacity = 1 (no MRIO multiplier)",
    ),
    "layout.atlas.candidates": (
        "候选省份：{rule}，至多为现有产能的{share:.0%}",
        "candidates: provinces {rule}, up to {share:.0%} of current capacity",
    ),
    "layout.atlas.cost": (
        "单位成本 = 1 + {labour:g}（假设的劳动报酬份额）×（相对工资 − 1）；固定成本{fixed:g}亿元",
        "unit cost = 1 + {labour:g} (assumed labour share) x (relative wage - 1); fixed cost "
        "{fixed:g} (100 million yuan)",
    ),
    "layout.atlas.scenarios": (
        "情景概率与损失比例：示意性假设（default_scenarios.yaml）",
        "scenario probabilities and loss shares: illustrative (default_scenarios.yaml)",
    ),
    "layout.atlas.hinterland": ("腹地：{spec}", "hinterland: {spec}"),
    "layout.atlas.wage": (
        "工资：地图集 {code} {wage_year} 年，用于 {year} 年产能",
        "wages: atlas {code} {wage_year}, applied to {year} capacity",
    ),
    "layout.atlas.no_wage": (
        "工资：地图集无齐全年份，以人均GDP代替劳动成本",
        "wages: none complete in the atlas; GDP per capita used as the labour-cost proxy",
    ),
    # --- backup placement: what the solver says -----------------------------------------
    "layout.note.no_option": (
        "产业 {industry!r} 无备份选项（各处规模上限均为 0）",
        "industry {industry!r} has no backup option (size limit 0 everywhere)",
    ),
    "layout.note.fixed_cost": (
        "产业 {industry!r}：所有选项的固定成本均超过预算（最低 {cheapest:g} > {budget:g}），"
        "无法开设",
        "industry {industry!r}: every option's fixed cost exceeds the budget (cheapest "
        "{cheapest:g} > {budget:g}); none can open",
    ),
    "layout.note.zero_loss": (
        "产业 {industry!r} 的单位缺口损失为 0：其缺口不计损失",
        "industry {industry!r} has loss per unit 0: its shortfall costs nothing",
    ),
    "layout.note.zero_probability": (
        "情景 {scenarios} 的概率为 0，不影响最优解",
        "scenario(s) {scenarios} have probability 0 and do not affect the optimum",
    ),
    "layout.note.restart": (
        "{phase} 阶段：HiGHS 报告的目标值 {reported:.10g} 与解的实际值 {worth:.10g} 不符"
        "（预求解误判初始解），已不带初始解重新求解",
        "{phase} phase: HiGHS reported objective {reported:.10g} for a solution worth "
        "{worth:.10g} (start mis-evaluated in presolve); solved again without a start",
    ),
    "layout.note.tiebreak_skipped": (
        "未做次级优化（{error}），保留风险阶段的布局",
        "tie-break skipped ({error}); the risk-phase placement is kept",
    ),
    "layout.note.tiebreak_risk": (
        "次级优化的布局使风险由 {before:.6g} 升至 {after:.6g}（求解器容差），保留风险阶段的布局",
        "tie-break placement raised the risk from {before:.6g} to {after:.6g} (solver "
        "tolerance); the risk-phase placement is kept",
    ),
    "layout.note.time_limit": (
        "风险阶段用尽了时间上限，未做次级优化",
        "time limit used up by the risk phase: the tie-break was skipped",
    ),
    "layout.note.status": (
        "HiGHS 以状态 {status!r} 停止，最优间隙 {gap:.3%}",
        "HiGHS stopped with status {status!r} at gap {gap:.3%}",
    ),
    # --- computing hubs: where the site data come from -----------------------------------
    "hubs.site.price": (
        "电价：地图集 {code}（{year} 年起执行；作为电价水平的代理，非终端电价）",
        "electricity_price: atlas {code} (in force from {year}; a proxy for the price level, not "
        "a tariff)",
    ),
    "hubs.site.green": (
        "可再生能源比重：地图集 {code} {year} 年 / 100（国家能源局监测报告）",
        "renewable_share: atlas {code} {year} / 100 (NEA monitoring report)",
    ),
    "hubs.site.city": (
        "枢纽取其代表城市所在省份的数值",
        "a hub takes the figures of its representative city's province",
    ),
    # --- MRIO tables ---------------------------------------------------------------------
    "mrio.china.describe": (
        "本工具估算的中国31省×42部门投入产出表（{year}年，依据国家统计局《中国投入产出表{year}》"
        "与分省年度数据）",
        "hinterland's estimated China table {year} (31 provinces x 42 sectors, from the NBS "
        "{year} national input-output table and NBS provincial series)",
    ),
    # --- atlas editions ------------------------------------------------------------------
    "atlas.edition.pre2019": (
        "初次发布（2019年第四次经济普查修订前）",
        "first published (before the 2019 revision)",
    ),
    "atlas.edition.rev2019": (
        "第四次经济普查修订后（2019）",
        "revised after the 2019 (4th economic) census",
    ),
    "atlas.edition.rev2024": (
        "第五次经济普查修订后（2024）",
        "revised after the 2024 (5th economic) census",
    ),
    "atlas.edition.current": ("来源现行数据", "source's current figure"),
    "atlas.edition_short.pre2019": ("初次发布", "first published"),
    "atlas.edition_short.rev2019": ("四经普修订", "2019 revision"),
    "atlas.edition_short.rev2024": ("五经普修订", "2024 revision"),
    "atlas.edition_short.current": ("现行", "current"),
    # --- groupings and labels ------------------------------------------------------------
    "group.rest": ("其他", "Rest"),
    "lisa.HH": ("高-高集聚", "High-High"),
    "lisa.LL": ("低-低集聚", "Low-Low"),
    "lisa.HL": ("高-低异常", "High-Low outlier"),
    "lisa.LH": ("低-高异常", "Low-High outlier"),
    "lisa.ns": ("不显著", "Not significant"),
    "lisa.island": ("无陆地邻接", "No land neighbour"),
    # --- ensembles: uncertain parameters by name ------------------------------------------
    "ensemble.param.severity": ("{where} 产能损失幅度", "{where}: capacity loss"),
    "ensemble.param.demand_cut": ("{where} 最终需求削减幅度", "{where}: final-demand cut"),
    "ensemble.param.cut": ("{where} 通行能力削减幅度", "{where}: closure (share of capacity cut)"),
    "ensemble.param.pass_through": (
        "{where} 短缺传导比例",
        "{where}: pass-through of the shortfall",
    ),
    "ensemble.param.day": ("中断开始日", "First day of the disruption"),
    "ensemble.param.duration": ("完全中断天数", "Days of full disruption"),
    "ensemble.param.recovery_days": ("恢复天数", "Days of recovery"),
    "ensemble.all_provinces": ("全国", "all provinces"),
    "ensemble.all_sectors": ("全部门", "all sectors"),
    "ensemble.group": ("{group}省份", "{group} provinces"),
    "ensemble.more_provinces": ("{names}及其他{more}省", "{names} and {more} more provinces"),
    "ensemble.more_sectors": ("{names}及其他{more}个部门", "{names} and {more} more sectors"),
    "ensemble.more_nodes": ("{names}及其他{more}处", "{names} and {more} more"),
}
"""Message key -> (Chinese, English). Keys are ``area.topic[.detail]``."""

_JOIN = {"zh": "；", "en": "; "}
"""Separator of a list of names (names hold commas, e.g. NBS sector titles)."""


def _check_lang(lang: str) -> int:
    if lang not in LANGS:
        raise ValidationError(f"language {lang!r} is not one of {', '.join(LANGS)}")
    return LANGS.index(lang)


@dataclass(frozen=True, slots=True)
class Sectors:
    """Sector codes shown as names (NBS 42 short names, NBS 17 labels; else the code)."""

    codes: tuple[str, ...]

    def text(self, lang: str = "zh") -> str:
        """The names in ``lang``, joined."""
        from hinterland.mrio.sectors import labels

        return _JOIN[lang].join(labels(self.codes, lang))


@dataclass(frozen=True, slots=True)
class Indicator:
    """An atlas indicator code shown by its name (the code itself if the atlas has no such)."""

    code: str

    def text(self, lang: str = "zh") -> str:
        """The indicator's label in ``lang``."""
        from hinterland.atlas import definitions

        d = definitions().get(self.code)
        return d[f"label_{lang}"] if d else self.code


@dataclass(frozen=True, slots=True)
class Provinces:
    """Province adcodes shown as names."""

    codes: tuple[int, ...]

    def text(self, lang: str = "zh") -> str:
        """The names in ``lang``, joined (``、`` in Chinese)."""
        from hinterland.atlas import labels

        return ("、" if lang == "zh" else ", ").join(labels(list(self.codes), lang))


@dataclass(frozen=True, slots=True)
class Join:
    """Several messages shown as one list (``、`` in Chinese, ``, `` in English)."""

    items: tuple[Message, ...]

    def text(self, lang: str = "zh") -> str:
        """Each item in ``lang``, joined."""
        return ("、" if lang == "zh" else ", ").join(i.text(lang) for i in self.items)


@dataclass(frozen=True, slots=True)
class Spec:
    """A province spec as given (``"third_front:first_line, 510000"``), groups by their labels."""

    spec: str

    def text(self, lang: str = "zh") -> str:
        """The spec in ``lang``: each ``grouping:group`` part by its labels."""
        parts = [_group_label(p.strip(), lang) for p in self.spec.split(",")]
        return ("、" if lang == "zh" else ", ").join(parts)


def _group_label(part: str, lang: str) -> str:
    from hinterland.atlas.groupings import groupings

    name, _, code = part.partition(":")
    g = groupings().get(name) if code else None
    if g is None or code not in g.codes():
        return part
    group = g.group(code).label(lang)
    return f"{g.label('zh')}：{group}" if lang == "zh" else f"{g.label('en')}: {group}"


@dataclass(frozen=True, slots=True)
class Message:
    """A catalogue key and its parameters: a sentence not yet in a language.

    Parameters
    ----------
    key : str
        A key of :data:`CATALOGUE`.
    params : mapping
        Values of the placeholders; a :class:`Message`, :class:`Sectors` or
        :class:`Provinces` value is rendered in the same language.
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.key not in CATALOGUE:
            raise ValidationError(f"message key {self.key!r} is not in the catalogue")

    def text(self, lang: str = "zh") -> str:
        """The sentence in ``lang`` (``zh`` or ``en``)."""
        template = CATALOGUE[self.key][_check_lang(lang)]
        values = {k: text(v, lang) if _renders(v) else v for k, v in self.params.items()}
        return template.format(**values)

    def to_dict(self) -> dict[str, Any]:
        """Key and parameters, for JSON (nested messages and name lists as text in zh and en)."""
        return {
            "key": self.key,
            "params": {
                k: {g: text(v, g) for g in LANGS} if _renders(v) else v
                for k, v in self.params.items()
            },
        }


Renderable = Message | Sectors | Provinces | Spec | Join | Indicator
"""What a message parameter may be to be rendered in the message's language."""


def _renders(value: object) -> bool:
    return isinstance(value, Renderable)


def msg(key: str, **params: Any) -> Message:
    """Return the :class:`Message` of ``key`` with ``params``."""
    return Message(key, params)


def text(item: Renderable | str, lang: str = "zh") -> str:
    """Render a message (or name list) in ``lang``; a plain string (a user's note) is kept."""
    _check_lang(lang)
    return item if isinstance(item, str) else item.text(lang)


def texts(items: Iterable[Message | str], lang: str = "zh") -> list[str]:
    """Render each of ``items`` in ``lang``."""
    return [text(i, lang) for i in items]


def placeholders(template: str) -> set[str]:
    """The names of the placeholders of a catalogue template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
