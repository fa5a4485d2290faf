"""The atlas row contract: one pydantic model for every indicator row, embedded or a user's.

Every loader of indicator figures (the embedded CSVs, a user's files) passes each row through
:class:`IndicatorRow`; the rules are those of ``docs/data/CONTRACT.md``:

- the unit is the indicator's defined unit (a figure in 元 for an indicator in 亿元 is an error,
  never a silent relabel);
- ``edition`` names the statistical vintage (:data:`EDITIONS`);
- ``checked`` says how the figure was confirmed (:data:`CHECKED`);
- ``read_from`` is a reference anyone can follow (a URL, ``github:owner/repo/path@commit``, a
  publication with its table) or says openly that it is not (``unfollowable: ...``);
- a missing value carries a note saying why;
- no two rows share the key ``(adcode, year, indicator, edition)``.
"""

from __future__ import annotations

import re
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationInfo, field_validator
from pydantic import ValidationError as PydanticError

from hinterland.errors import DataError
from hinterland.messages import CATALOGUE, LANGS

EDITIONS: dict[str, int] = {"pre2019": 0, "rev2019": 1, "rev2024": 2, "current": 0}
"""Edition codes and their rank (a higher rank is a later revision of the same figure).

``pre2019``: as first published, before a later census revision (GDP and value added up to 2017 as
published before the 2019 revision; 2015 preliminary communique figures). ``rev2019``: on the 4th
economic census benchmark (revised in 2019-2020, or published on it: 2018-2023 final figures
before 2025). ``rev2024``: on the 5th economic census benchmark (revised in 2024-2025 or
published since). ``current``: a series with no revision history recorded (population as the
NBS database holds it now, products, trade, R&D, prices): the source's current figure.
"""

EDITION_LABELS: dict[str, dict[str, str]] = {
    e: dict(zip(LANGS, CATALOGUE[f"atlas.edition.{e}"], strict=True)) for e in EDITIONS
}
"""Edition names in each language (from :mod:`hinterland.messages`)."""

EDITION_SHORT: dict[str, dict[str, str]] = {
    e: dict(zip(LANGS, CATALOGUE[f"atlas.edition_short.{e}"], strict=True)) for e in EDITIONS
}
"""Short edition names for table cells (from :mod:`hinterland.messages`)."""

CHECKED = ("official", "two_copies", "single_copy")
"""How a figure was confirmed: against the official publication itself, by two independent copies
agreeing to the published precision, or resting on a single copy."""

KEY = ["adcode", "year", "indicator", "edition"]

_FOLLOWABLE = re.compile(
    r"https?://|(github:)?[^/\s]+/[^/\s]+/.+@[0-9a-f]{7,40}|《[^》]+》.*表|^unfollowable:", re.I
)


class IndicatorRow(BaseModel):
    """One figure of the atlas panel, validated against the indicator definitions.

    The validation context must hold ``units`` (indicator code -> defined unit, ``None`` where
    the definition leaves the unit open) and ``adcodes`` (the valid region codes).
    """

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    adcode: int
    year: int
    indicator: str
    value: float | None
    unit: str
    source: str
    edition: Literal["pre2019", "rev2019", "rev2024", "current"]
    read_from: str
    checked: Literal["official", "two_copies", "single_copy"]
    note: str = ""

    @field_validator("adcode", mode="before")
    @classmethod
    def _adcode(cls, v: object, info: ValidationInfo) -> int:
        code = _as_int(v, "adcode")
        if code not in info.context["adcodes"]:
            raise ValueError("unknown adcode (expected one of the 31 provinces or 100000)")
        return code

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, v: object) -> int:
        year = _as_int(v, "year")
        if not 1900 <= year <= 2100:
            raise ValueError("year is outside 1900..2100")
        return year

    @field_validator("indicator")
    @classmethod
    def _indicator(cls, v: str, info: ValidationInfo) -> str:
        units = info.context["units"]
        if v not in units:
            raise ValueError(f"unknown indicator; valid: {', '.join(sorted(units))}")
        return v

    @field_validator("value", mode="before")
    @classmethod
    def _value(cls, v: object) -> float | None:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        try:
            out = float(str(v).replace(",", ""))
        except ValueError:
            raise ValueError("value is not a number") from None
        if out != out or out in (float("inf"), float("-inf")):
            raise ValueError("value is not a finite number (leave a missing figure empty)")
        if out < 0:
            raise ValueError("value is negative")
        return out

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str, info: ValidationInfo) -> str:
        want = info.context["units"].get(info.data.get("indicator"))
        if want is not None and v != want:
            raise ValueError(
                f"unit {v!r} is not the unit of {info.data.get('indicator')} ({want!r}); "
                "convert the figure (and say so in note) or use another indicator"
            )
        return v

    @field_validator("source")
    @classmethod
    def _source(cls, v: str) -> str:
        if not v:
            raise ValueError("source is empty (every figure names its publication)")
        return v

    @field_validator("edition", mode="before")
    @classmethod
    def _edition(cls, v: object) -> object:
        if isinstance(v, str) and v.strip() not in EDITIONS:
            raise ValueError(f"edition {v!r} is not one of {', '.join(EDITIONS)}")
        return v

    @field_validator("read_from")
    @classmethod
    def _read_from(cls, v: str) -> str:
        if not v:
            raise ValueError("read_from is empty (say where the figure was read)")
        if not _FOLLOWABLE.search(v):
            raise ValueError(
                "read_from is not a public reference (a URL, github:owner/repo/path@commit, "
                "《publication》 with its table, or 'unfollowable: ...' said openly)"
            )
        return v

    @field_validator("checked", mode="before")
    @classmethod
    def _checked(cls, v: object) -> object:
        if isinstance(v, str) and v.strip() not in CHECKED:
            raise ValueError(f"checked {v!r} is not one of {', '.join(CHECKED)}")
        return v

    @field_validator("note")
    @classmethod
    def _note(cls, v: str, info: ValidationInfo) -> str:
        if info.data.get("value", 0.0) is None and not v:
            raise ValueError("empty value without a note saying why it is missing")
        return v


def _as_int(v: object, what: str) -> int:
    try:
        f = float(str(v).strip())
    except ValueError:
        raise ValueError(f"{what} is not an integer") from None
    if f % 1:
        raise ValueError(f"{what} is not an integer")
    return int(f)


_ROWS = TypeAdapter(list[IndicatorRow])
FIELDS = list(IndicatorRow.model_fields)


def validate_rows(
    raw: pd.DataFrame, units: dict[str, str | None], adcodes: set[int]
) -> pd.DataFrame:
    """Validate raw text rows (with ``file`` and ``row`` columns) and return typed rows.

    Raises
    ------
    DataError
        At the first bad row, naming its file, line, field and the row's key and value.
    """
    records = raw[FIELDS].to_dict("records")
    try:
        rows = _ROWS.validate_python(records, context={"units": units, "adcodes": adcodes})
    except PydanticError as exc:
        err = exc.errors()[0]
        i, field = err["loc"][0], err["loc"][1] if len(err["loc"]) > 1 else ""
        bad = raw.iloc[int(i)]
        msg = str(err["msg"]).removeprefix("Value error, ")
        if field not in msg:
            msg = f"{field}: {msg}"
        raise DataError(
            f"{bad['file']} line {bad['row']}: {msg} "
            f"(adcode={bad['adcode']!r}, year={bad['year']!r}, "
            f"indicator={bad['indicator']!r}, value={bad['value']!r})"
        ) from None
    out = pd.DataFrame([r.model_dump() for r in rows], columns=FIELDS)
    out["value"] = out["value"].astype(float)
    out["file"] = raw["file"].to_numpy()
    out["row"] = raw["row"].to_numpy()
    dup = out.duplicated(KEY, keep="first")
    if dup.any():
        bad = out.loc[dup].iloc[0]
        raise DataError(
            f"{bad['file']} line {bad['row']}: duplicate row for the same adcode, year, "
            f"indicator and edition (adcode='{bad['adcode']}', year='{bad['year']}', "
            f"indicator='{bad['indicator']}', edition='{bad['edition']}')"
        )
    return out
