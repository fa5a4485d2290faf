"""The region registry: the 31 mainland provinces keyed by their GB/T 2260 adcode."""

from __future__ import annotations

from functools import cache

import pandas as pd

from hinterland.atlas._files import DATA
from hinterland.errors import unknown

NATION = 100000
"""Pseudo-adcode of the national total as published by NBS (GB/T 2260 code of the country)."""


@cache
def _registry() -> pd.DataFrame:
    df = pd.read_csv(DATA / "regions.csv", dtype={"adcode": int})
    return df.set_index("adcode")


def regions() -> pd.DataFrame:
    """Return the 31 mainland provinces, indexed by ``adcode``.

    Columns: ``name_zh, name_en, short_zh, capital_zh, capital_en, capital_lon, capital_lat,
    source``. A copy: callers may change it freely.
    """
    return _registry().copy()


def adcodes() -> list[int]:
    """Return the 31 provincial adcodes in ascending order."""
    return list(_registry().index)


@cache
def _aliases() -> dict[str, int]:
    reg = _registry()
    out: dict[str, int] = {}
    for code, row in reg.iterrows():
        for key in (str(code), row["name_zh"], row["short_zh"], row["name_en"]):
            out[str(key).casefold()] = int(code)
    return out


def resolve(region: int | str) -> int:
    """Return the adcode of a province given its adcode or its Chinese or English name.

    Raises
    ------
    ValidationError
        If ``region`` names no province; the message lists the valid adcodes.
    """
    key = str(region).strip().casefold()
    try:
        return _aliases()[key]
    except KeyError:
        raise unknown("region", region, adcodes()) from None


def label(adcode: int, lang: str = "zh") -> str:
    """Return the short display name of a province (``short_zh`` or ``name_en``)."""
    if adcode == NATION:
        return "全国" if lang == "zh" else "China"
    row = _registry().loc[adcode]
    return str(row["short_zh"] if lang == "zh" else row["name_en"])


def labels(codes, lang: str = "zh") -> list[str]:
    """Return display names for a sequence of adcodes."""
    return [label(int(c), lang) for c in codes]
