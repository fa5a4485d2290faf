"""Readable names of a spec's uncertain parameters, in Chinese or English (never codes).

``coastal_manufacturing.severity`` of the shipped default spec reads "一线省份 化学产品、金属冶炼
等6个部门 产能损失幅度" / "First line (front) provinces, chemicals, metal smelting and 4 more
sectors: capacity loss": the provinces and groupings by their atlas names, the sectors by the NBS
short names (:func:`hinterland.mrio.sectors.labels`), corridor nodes by the corridor data's
names. What a label cannot name (a province code the atlas does not know) stays as written.
"""

from __future__ import annotations

from hinterland.scenarios.spec import ChannelEvent, EnsembleSpec

__all__ = ["parameter_label", "parameter_labels"]

#: The words of the labels, (zh, en), by parameter field.
WORDS = {
    "severity": ("产能损失幅度", "capacity loss"),
    "demand_cut": ("最终需求削减幅度", "final-demand cut"),
    "cut": ("通行能力削减幅度", "closure (share of capacity cut)"),
    "pass_through": ("短缺传导比例", "pass-through of the shortfall"),
    "day": ("中断开始日", "first day of the disruption"),
    "duration": ("完全中断天数", "days of full disruption"),
    "recovery_days": ("恢复天数", "days of recovery"),
    "all_provinces": ("全国", "all provinces"),
    "all_sectors": ("全部门", "all sectors"),
    "group": ("{}省份", "{} provinces"),
    "more_provinces": ("{}等{}省", "{} and {} more provinces"),
    "more_sectors": ("{}等{}个部门", "{} and {} more sectors"),
    "more_nodes": ("{}等{}处", "{} and {} more"),
}


def _w(key: str, lang: str) -> str:
    return WORDS[key][0 if lang == "zh" else 1]


def _join(names: list[str], lang: str, more: str, limit: int = 2) -> str:
    sep = "、" if lang == "zh" else ", "
    if len(names) <= limit + 1:
        return sep.join(names) if lang == "zh" else _and(names)
    return _w(more, lang).format(sep.join(names[:limit]), len(names) if lang == "zh" else
                                 len(names) - limit)  # fmt: skip


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _province(item: int | str, lang: str) -> str:
    from hinterland.atlas import grouping, resolve
    from hinterland.atlas.regions import label
    from hinterland.errors import HinterlandError

    text = str(item).strip()
    try:
        if text.isdigit():
            return label(int(text), lang)
        if ":" in text:
            name, code = text.split(":", 1)
            return _w("group", lang).format(grouping(name).group(code).label(lang))
        if text.lower() == "all":
            return _w("all_provinces", lang)
        return label(resolve(text), lang)
    except HinterlandError:
        return text


def _provinces(spec, lang: str) -> str:
    if spec == "all":
        return _w("all_provinces", lang)
    return _join([_province(p, lang) for p in spec], lang, "more_provinces")


def _sectors(spec, lang: str) -> str:
    from hinterland.mrio.sectors import labels

    if spec == "all":
        return _w("all_sectors", lang)
    names = labels([str(s) for s in spec], lang)
    if lang == "en":  # inside a phrase: "..., chemicals and 4 more sectors"
        names = [n if any(c.isupper() for c in n[1:]) else n[:1].lower() + n[1:] for n in names]
    return _join(names, lang, "more_sectors")


def _nodes(e: ChannelEvent, lang: str) -> str:
    from hinterland.corridors.network import CorridorNetwork

    net = CorridorNetwork.default()
    col = "name_zh" if lang == "zh" else "name_en"

    def node(x: str) -> str:
        return str(net.nodes.at[x, col]) if x in net.nodes.index else x

    names = [node(x) for x in e.nodes]
    for edge in e.edges:  # a link by its two ends: 中亚—霍尔果斯
        if edge in net.edges.index:
            ends = net.edges.loc[edge, ["from", "to"]]
            names.append(f"{node(ends['from'])}—{node(ends['to'])}")
        else:
            names.append(edge)
    return _join(names, lang, "more_nodes")


def parameter_label(spec: EnsembleSpec, name: str, lang: str = "zh") -> str:
    """Return the readable name of the parameter ``name`` (``timing.duration``, ``<event>.cut``).

    Parameters
    ----------
    spec : EnsembleSpec
    name : str
        A parameter of the spec, as :meth:`EnsembleSpec.uncertain` names it.
    lang : {"zh", "en"}

    Examples
    --------
    >>> from hinterland.scenarios.spec import load_spec
    >>> parameter_label(load_spec("example:default"), "hormuz.cut", "en")
    'Strait of Hormuz: closure (share of capacity cut)'
    """
    head, field = name.split(".", 1)
    if head == "timing":
        words = _w(field, lang)
        return words[:1].upper() + words[1:]
    e = next((x for x in spec.events if x.name == head), None)
    if e is None:
        return name
    if isinstance(e, ChannelEvent):
        where = _nodes(e, lang)
    else:
        where = f"{_provinces(e.provinces, lang)} {_sectors(e.sectors, lang)}"
        if lang == "en":
            where = f"{_provinces(e.provinces, lang)}, {_sectors(e.sectors, lang)}"
    key = "demand_cut" if e.kind == "demand" else field
    words = _w(key, lang)
    return f"{where} {words}" if lang == "zh" else f"{where}: {words}"


def parameter_labels(spec: EnsembleSpec, lang: str = "zh") -> dict[str, str]:
    """Return the readable name of every uncertain parameter of ``spec``, by parameter name."""
    return {name: parameter_label(spec, name, lang) for name in spec.uncertain()}
