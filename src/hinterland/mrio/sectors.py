"""Sector classifications: the NBS 17-sector codes in terms of the NBS 42-sector codes.

The 17 sectors of the NBS 2007 table (codes of ``mrio/data/nbs_sectors_17.csv``) group the 42
products of the 2017/2018/2020 tables as below (NBS 《中国投入产出表》 classification notes:
the 17 sectors are unions of the 42). Scenario files and corridor mappings written with the
17-sector codes (``PETR``, ``CHEM`` ...) therefore also apply to a 42-sector table.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["NBS17_TO_42", "expand", "labels"]

NBS17_TO_42: dict[str, tuple[str, ...]] = {
    "AGR": ("01",),
    "MIN": ("02", "03", "04", "05"),
    "FOOD": ("06",),
    "TEXT": ("07", "08"),
    "OMAN": ("09", "10", "22", "23"),
    "PETR": ("11",),
    "CHEM": ("12",),
    "NMIN": ("13",),
    "METL": ("14", "15"),
    "MACH": ("16", "17", "18", "19", "20", "21"),
    "ELEC": ("24", "25", "26"),
    "CONS": ("27",),
    "TRAN": ("29",),
    "TRAD": ("28", "30"),
    "REAL": ("33",),
    "FINA": ("32",),
    "OSER": ("31", "34", "35", "36", "37", "38", "39", "40", "41", "42"),
}
"""Each NBS 17-sector code as the NBS 42-sector codes it covers."""


def expand(codes: Iterable[str], available: Iterable[str]) -> list[str]:
    """Return ``codes`` with every 17-sector code not in ``available`` replaced by its 42 codes.

    Codes already in ``available`` are kept; a 17-sector code whose 42-sector parts are in
    ``available`` becomes those parts (only the parts present); any other code is kept as it is
    (so that the caller's own check names it).
    """
    have = set(available)
    out: list[str] = []
    for code in codes:
        if code not in have and code in NBS17_TO_42:
            parts = [c for c in NBS17_TO_42[code] if c in have]
            out.extend(parts or [code])
        else:
            out.append(code)
    return list(dict.fromkeys(out))


def labels(codes: Iterable[str], lang: str = "zh") -> list[str]:
    """Return readable names of sector codes (NBS 42 short names, NBS 17 labels; else the code).

    The 42-sector short names abbreviate the NBS product titles of 《中国投入产出表》 (the full
    titles are in a China table's ``meta["sector_names_zh"]``).
    """
    names = _names(lang)
    return [names.get(str(c), str(c)) for c in codes]


def _names(lang: str) -> dict[str, str]:
    import csv
    from importlib import resources

    col = "short_en" if lang == "en" else "short_zh"
    out: dict[str, str] = {}
    data = resources.files("hinterland.mrio") / "data"
    with (data / "china_concordance.csv").open(encoding="utf-8") as f:
        out.update({r["code"]: r[col] for r in csv.DictReader(f)})
    with (data / "nbs_sectors_17.csv").open(encoding="utf-8") as f:
        key = "label_en" if lang == "en" else "label_zh"
        out.update({r["code"]: r[key] for r in csv.DictReader(f)})
    return out
