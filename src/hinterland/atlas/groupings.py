"""Groupings of provinces (blocs, Third Front lines, clusters, hubs ...) read from YAML files.

A grouping is data, not code: the package ships several under ``atlas/data/groupings`` and a user
can pass the path of their own file wherever a grouping is accepted (``by=``). The file layout is
documented in ``docs/data/CONTRACT.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from hinterland.atlas._files import DATA, read_yaml
from hinterland.atlas.regions import adcodes
from hinterland.errors import DataError, ValidationError, unknown


@dataclass(frozen=True, slots=True)
class Group:
    """One group of a grouping: its code, labels, member provinces and optional prefectures."""

    code: str
    label_zh: str
    label_en: str
    adcodes: tuple[int, ...]
    prefectures: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def label(self, lang: str = "zh") -> str:
        """Return the display label in ``lang`` (``zh`` or ``en``)."""
        return self.label_zh if lang == "zh" else self.label_en

    @property
    def partial(self) -> tuple[int, ...]:
        """Provinces of which only some prefectures belong to the group."""
        return tuple(self.prefectures)


@dataclass(frozen=True, slots=True)
class Grouping:
    """A named set of groups of provinces, with its source."""

    name: str
    label_zh: str
    label_en: str
    source: str
    groups: tuple[Group, ...]
    attributes: dict[str, dict] = field(default_factory=dict)
    note: str = ""
    read_from: str = ""

    def label(self, lang: str = "zh") -> str:
        """Return the display label of the grouping."""
        return self.label_zh if lang == "zh" else self.label_en

    def codes(self) -> list[str]:
        """Return the group codes in file order."""
        return [g.code for g in self.groups]

    def group(self, code: str) -> Group:
        """Return one group by code (``ValidationError`` listing the codes if unknown)."""
        for g in self.groups:
            if g.code == code:
                return g
        raise unknown(f"group of {self.name}", code, self.codes())

    def is_partition(self) -> bool:
        """True if every province is in exactly one group (a decomposition is then exact)."""
        seen = [a for g in self.groups for a in g.adcodes]
        return len(seen) == len(set(seen)) and set(seen) == set(adcodes())

    def assign(self, codes: list[int] | None = None) -> pd.Series:
        """Return the group code of each province (NaN where a province is in no group).

        Raises
        ------
        ValidationError
            If a province is in two groups: the grouping is then not a partition and cannot
            label provinces one to one.
        """
        codes = adcodes() if codes is None else list(codes)
        out: dict[int, str] = {}
        for g in self.groups:
            for a in g.adcodes:
                if a in out:
                    raise ValidationError(
                        f"grouping {self.name!r} puts province {a} in both {out[a]!r} and "
                        f"{g.code!r}; it is not a partition"
                    )
                out[a] = g.code
        return pd.Series(
            [out.get(a) for a in codes],
            index=pd.Index(codes, name="adcode"),
            name=self.name,
            dtype=object,
        )


def _parse(doc: dict, origin: str) -> Grouping:
    def need(mapping: dict, key: str, where: str):
        if key not in mapping or mapping[key] in (None, ""):
            raise DataError(f"{origin}: {where} has no {key!r}")
        return mapping[key]

    name = str(need(doc, "name", "the file"))
    members = need(doc, "members", "the file")
    if not isinstance(members, dict) or not members:
        raise DataError(f"{origin}: 'members' must be a mapping of group code -> group")
    valid = set(adcodes())
    groups = []
    for code, spec in members.items():
        where = f"group {code!r}"
        if not isinstance(spec, dict):
            raise DataError(f"{origin}: {where} must be a mapping with 'adcodes'")
        raw = need(spec, "adcodes", where)
        if not isinstance(raw, list | tuple):
            raise DataError(f"{origin}: {where}: adcodes must be a list; got {raw!r}")
        bad = [a for a in raw if isinstance(a, bool) or not isinstance(a, int | str)]
        bad += [a for a in raw if isinstance(a, str) and not a.strip().isdigit()]
        if bad:
            raise DataError(
                f"{origin}: {where}: adcodes must be six-digit integers; got {bad[0]!r}"
            )
        codes = tuple(int(a) for a in raw)
        bad = [a for a in codes if a not in valid]
        if bad:
            raise DataError(
                f"{origin}: {where}: unknown province adcode(s) {bad}; "
                "expected codes of the 31 mainland provinces such as 510000"
            )
        if not codes:
            raise DataError(f"{origin}: {where}: adcodes is empty")
        prefs: dict[int, tuple[int, ...]] = {}
        raw_prefs = spec.get("prefectures") or {}
        if not isinstance(raw_prefs, dict):
            raise DataError(f"{origin}: {where}: prefectures must map a province to a list")
        for prov, plist in raw_prefs.items():
            try:
                prov = int(prov)
                if not isinstance(plist, list | tuple):
                    raise TypeError
                plist = tuple(int(p) for p in plist)
            except (TypeError, ValueError):
                raise DataError(
                    f"{origin}: {where}: prefectures of {prov!r} must be a list of six-digit "
                    "prefecture adcodes"
                ) from None
            if prov not in codes:
                raise DataError(f"{origin}: {where}: prefectures given for {prov}, not a member")
            wrong = [p for p in plist if p // 10000 != prov // 10000]
            if wrong:
                raise DataError(f"{origin}: {where}: prefecture(s) {wrong} not in province {prov}")
            prefs[prov] = plist
        groups.append(
            Group(
                code=str(code),
                label_zh=str(spec.get("label_zh", code)),
                label_en=str(spec.get("label_en", code)),
                adcodes=codes,
                prefectures=prefs,
            )
        )
    attrs = {
        k: v
        for k, v in doc.items()
        if k not in {"name", "label_zh", "label_en", "source", "members", "note", "read_from"}
    }
    return Grouping(
        name=name,
        label_zh=str(doc.get("label_zh", name)),
        label_en=str(doc.get("label_en", name)),
        source=str(need(doc, "source", "the file")),
        groups=tuple(groups),
        attributes=attrs,
        note=str(doc.get("note", "") or ""),
        read_from=str(doc.get("read_from", "") or ""),
    )


@cache
def groupings() -> dict[str, Grouping]:
    """Return the embedded groupings keyed by name."""
    out = {}
    for path in sorted((DATA / "groupings").glob("*.yaml")):
        g = _parse(read_yaml(path), path.name)
        out[g.name] = g
    return out


def grouping(name_or_path: str | Path) -> Grouping:
    """Return an embedded grouping by name, or read a user's grouping file by path.

    Raises
    ------
    ValidationError
        If the name is neither an embedded grouping nor an existing file.
    DataError
        If the file is malformed; the message names the file and the group at fault.
    """
    embedded = groupings()
    key = str(name_or_path)
    if key in embedded:
        return embedded[key]
    path = Path(key)
    if path.suffix.lower() in {".yaml", ".yml"} or path.exists():
        if not path.exists():
            raise ValidationError(f"grouping file {key!r} does not exist")
        return _parse(read_yaml(path), str(path))
    raise unknown("grouping", key, embedded)
