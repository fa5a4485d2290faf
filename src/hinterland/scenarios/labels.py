"""Readable names of a spec's uncertain parameters, in Chinese or English (never codes).

``coastal_manufacturing.severity`` of the shipped default spec reads "一线省份 化学产品、金属冶炼
压延及其他4个部门 产能损失幅度" / "First line (front) provinces, chemicals, metal smelting &
rolling and 4 more sectors: capacity loss": the provinces and groupings by their atlas names,
the sectors by the NBS short names (:func:`hinterland.mrio.sectors.labels`), corridor nodes by
the corridor data's names; the words are the message catalogue's ``ensemble.*`` keys
(:mod:`hinterland.messages`). What a label cannot name (a province code the atlas does not
know) stays as written.
"""

from __future__ import annotations

from hinterland.messages import msg, text
from hinterland.scenarios.spec import ChannelEvent, EnsembleSpec

__all__ = ["parameter_label", "parameter_labels"]


def _w(key: str, lang: str, **params) -> str:
    """The catalogue's ``ensemble.<key>`` in ``lang`` (:mod:`hinterland.messages`)."""
    return text(msg(f"ensemble.{key}", **params), lang)


def _join(names: list[str], lang: str, more: str, limit: int = 2) -> str:
    if len(names) <= limit + 1:
        return "、".join(names) if lang == "zh" else _and(names)
    shown = ("、" if lang == "zh" else ", ").join(names[:limit])
    return _w(more, lang, names=shown, more=len(names) - limit)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _province(item: int | str, lang: str) -> str:
    from hinterland.atlas import grouping, resolve
    from hinterland.atlas.regions import label
    from hinterland.errors import HinterlandError

    spec = str(item).strip()
    try:
        if spec.isdigit():
            return label(int(spec), lang)
        if ":" in spec:
            name, code = spec.split(":", 1)
            return _w("group", lang, group=grouping(name).group(code).label(lang))
        if spec.lower() == "all":
            return _w("all_provinces", lang)
        return label(resolve(spec), lang)
    except HinterlandError:
        return spec


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
        return _w(f"param.{field}", lang)
    e = next((x for x in spec.events if x.name == head), None)
    if e is None:
        return name
    if isinstance(e, ChannelEvent):
        where = _nodes(e, lang)
    else:
        sep = " " if lang == "zh" else ", "  # provinces, then sectors
        where = _provinces(e.provinces, lang) + sep + _sectors(e.sectors, lang)
    key = "demand_cut" if e.kind == "demand" else field
    return _w(f"param.{key}", lang, where=where)


def parameter_labels(spec: EnsembleSpec, lang: str = "zh") -> dict[str, str]:
    """Return the readable name of every uncertain parameter of ``spec``, by parameter name."""
    return {name: parameter_label(spec, name, lang) for name in spec.uncertain()}
