"""Province specs of the layout model: which provinces a spec names, which may host backup.

A province spec is a six-digit adcode, a province name (zh or en), ``"all"``, or a grouping spec
resolved with :func:`hinterland.atlas.grouping` as in :mod:`hinterland.coordination`:
``"grouping:code"`` (e.g. ``"third_front:first_line"``, ``"four_blocs:northeast"``), a group
code found in exactly one way (``"first_line"``), or a grouping of one group (``"coastal"``);
a list of them is their union. :func:`resolve_provinces` reads one (for the shocks of a
scenario file, :mod:`hinterland.layout.scenarios`); :func:`candidate_mask` turns the candidate
or excluded provinces of an instance into a mask, and :func:`rule_message` its rule into a
catalogue message.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from hinterland.errors import ValidationError

__all__ = ["DEFAULT_EXCLUDED", "candidate_mask", "resolve_provinces", "rule_message"]


def _group_members(spec: str) -> list[int]:
    from hinterland.atlas import grouping, groupings

    if ":" in spec:
        name, code = spec.split(":", 1)
        return list(grouping(name).group(code).adcodes)
    found = {g.name: grp for g in groupings().values() for grp in g.groups if grp.code == spec}
    if found:
        if len({grp.adcodes for grp in found.values()}) > 1:
            names = ", ".join(f"{n}:{spec}" for n in found)
            raise ValidationError(f"group code {spec!r} is ambiguous; name one of: {names}")
        return list(next(iter(found.values())).adcodes)
    g = grouping(spec)
    if len(g.groups) == 1:
        return list(g.groups[0].adcodes)
    raise ValidationError(
        f"{spec!r} is a grouping with several groups; name one as {g.name}:<code> "
        f"(codes: {', '.join(g.codes())})"
    )


DEFAULT_EXCLUDED = "third_front:first_line"
"""Provinces that may not host backup by default: the first line of the Third Front (the coast)."""


def candidate_mask(
    regions: Iterable[int],
    candidates: int | str | Iterable[int | str] | None = None,
    excluded: int | str | Iterable[int | str] = DEFAULT_EXCLUDED,
) -> tuple[pd.Series, str]:
    """Which regions may host backup capacity, and a one-line description of the rule.

    Parameters
    ----------
    regions : iterable of int
        Adcodes, in the instance's order.
    candidates : spec, optional
        Provinces allowed (anything :func:`resolve_provinces` reads: adcodes, names, grouping
        specs, or a list of them). When given, ``excluded`` is not used.
    excluded : spec, default ``"third_front:first_line"``
        Provinces not allowed, when ``candidates`` is not given.

    Returns
    -------
    mask : Series of bool, by adcode
    rule : str
        ``"in <spec>"`` or ``"outside <spec>"``, for the instance's assumptions.
    """
    regions = [int(r) for r in regions]

    def text(spec) -> str:
        return spec if isinstance(spec, str | int) else ", ".join(map(str, spec))

    if candidates is not None:
        keep = set(resolve_provinces(candidates))
        return pd.Series([r in keep for r in regions], index=regions), f"in {text(candidates)}"
    out = set(resolve_provinces(excluded))
    return pd.Series([r not in out for r in regions], index=regions), f"outside {text(excluded)}"


def rule_message(rule: str):
    """:func:`candidate_mask`'s rule (``"in X"`` or ``"outside X"``) as a catalogue message."""
    from hinterland.messages import Spec, msg

    kind, spec = rule.split(" ", 1)
    return msg("layout.rule.in" if kind == "in" else "layout.rule.outside", spec=Spec(spec))


def resolve_provinces(spec: int | str | Iterable[int | str]) -> list[int]:
    """Return the adcodes named by an adcode, a province name, ``"all"`` or a grouping spec.

    Parameters
    ----------
    spec : int, str or iterable of them
        ``510000``, ``"510000"``, ``"Sichuan"``, ``"all"``, ``"coastal"``,
        ``"third_front:first_line"``; an iterable gives the union, in first-seen order.

    Raises
    ------
    ValidationError
        Listing the valid adcodes and grouping names when ``spec`` names nothing.
    """
    from hinterland.atlas import adcodes, groupings, resolve

    if not isinstance(spec, str | int) and isinstance(spec, Iterable):
        out: list[int] = []
        for item in spec:
            out += [a for a in resolve_provinces(item) if a not in out]
        return out
    if isinstance(spec, bool):
        raise ValidationError(f"province must be an adcode or grouping name; got {spec!r}")
    if isinstance(spec, int) or str(spec).strip().isdigit():
        code = int(spec)
        if code not in adcodes():
            shown = ", ".join(map(str, adcodes()))
            raise ValidationError(f"unknown province adcode {code}; valid: {shown}")
        return [code]
    text = str(spec).strip()
    if text.lower() == "all":
        return list(adcodes())
    try:
        return _group_members(text)
    except ValidationError as exc:
        if ":" in text or "ambiguous" in str(exc) or "several groups" in str(exc):
            raise
    try:
        return [resolve(text)]
    except ValidationError:
        names = sorted(groupings())
        raise ValidationError(
            f"unknown province or grouping {text!r}; valid: a six-digit adcode such as 510000, "
            f"a province name, 'all', or a grouping spec such as 'third_front:first_line' "
            f"(groupings: {', '.join(names)})"
        ) from None
