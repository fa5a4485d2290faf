"""The indicator panel: one long tidy table of public statistics, each row with its source.

Columns of the table: ``adcode, year, indicator, value, unit, source, edition, read_from, checked,
note`` (see ``docs/data/CONTRACT.md``). Derived indicators (per capita, shares, intensities) are
computed here from stored ones and never stored. Missing stays missing: a derived value is NaN
wherever one of its inputs is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from hinterland.atlas._files import DATA, embedded_yaml
from hinterland.atlas.regions import NATION, adcodes
from hinterland.errors import DataError, unknown

COLUMNS = (
    "adcode",
    "year",
    "indicator",
    "value",
    "unit",
    "source",
    "edition",
    "read_from",
    "checked",
    "note",
)
REQUIRED = ("adcode", "year", "indicator", "value", "unit", "source")


def definitions() -> dict[str, dict]:
    """Return every indicator definition, stored and derived, keyed by code."""
    spec = embedded_yaml("indicators.yaml")
    out = {k: {**v, "derived": False} for k, v in spec["stored"].items()}
    out.update({k: {**v, "derived": True} for k, v in spec["derived"].items()})
    return out


def _read_one(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataError(f"{path}: cannot be read as UTF-8 CSV ({exc})") from None
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {', '.join(missing)}; expected {COLUMNS}")
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = ""
    df = df[list(COLUMNS)].copy()
    df["file"] = path.name
    df["row"] = np.arange(2, len(df) + 2)  # line number in the file, header is line 1
    return df


def _validate(df: pd.DataFrame, known: dict[str, dict]) -> pd.DataFrame:
    def fail(mask: pd.Series, what: str) -> None:
        first = df.loc[mask].iloc[0]
        raise DataError(
            f"{first['file']} line {first['row']}: {what} "
            f"(adcode={first['adcode']!r}, year={first['year']!r}, "
            f"indicator={first['indicator']!r}, value={first['value']!r})"
        )

    valid_codes = {str(c) for c in [*adcodes(), NATION]}
    bad = ~df["adcode"].str.strip().isin(valid_codes)
    if bad.any():
        fail(bad, "unknown adcode (expected one of the 31 provinces or 100000)")
    years = pd.to_numeric(df["year"], errors="coerce")
    bad = years.isna() | (years % 1 != 0)
    if bad.any():
        fail(bad, "year is not an integer")
    stored = {k for k, v in known.items() if not v["derived"]}
    bad = ~df["indicator"].isin(stored)
    if bad.any():
        fail(bad, f"unknown indicator; valid: {', '.join(sorted(stored))}")
    values = pd.to_numeric(df["value"].str.replace(",", "", regex=False), errors="coerce")
    bad = values.isna() & (df["value"].str.strip() != "")
    if bad.any():
        fail(bad, "value is not a number")
    bad = values < 0
    if bad.any():
        fail(bad, "value is negative")
    bad = df["source"].str.strip() == ""
    if bad.any():
        fail(bad, "source is empty (every figure names its publication)")
    bad = df["read_from"].str.strip() == ""
    if bad.any():
        fail(bad, "read_from is empty (say where the figure was read)")
    out = df.assign(
        adcode=df["adcode"].astype(int), year=years.astype(int), value=values.astype(float)
    )
    dup = out.duplicated(["adcode", "year", "indicator"], keep="first")
    if dup.any():
        fail(dup, "duplicate row for the same adcode, year and indicator")
    for ind, units in out.groupby(["indicator", "year"])["unit"].unique().items():
        if len(units) > 1:
            raise DataError(f"indicator {ind[0]} in {ind[1]} has several units: {list(units)}")
    return out


@dataclass(frozen=True, slots=True)
class IndicatorTable:
    """A validated long table of indicators (the atlas panel).

    Use :meth:`default` for the embedded data or :meth:`from_csv` for a user's files.
    """

    data: pd.DataFrame

    @classmethod
    def from_csv(cls, *paths: str | Path, include_default: bool = False) -> IndicatorTable:
        """Read and validate indicator CSV files in the documented layout."""
        frames = [_read_one(Path(p)) for p in paths]
        if include_default:
            frames.insert(0, _read_one_default())
        if not frames:
            raise DataError("no indicator files given")
        raw = pd.concat(frames, ignore_index=True)
        return cls(_validate(raw, definitions()))

    @staticmethod
    def default() -> IndicatorTable:
        """Return the embedded panel (cached)."""
        return _default_table()

    # -- lookups --------------------------------------------------------------------------
    def indicators(self) -> list[str]:
        """Return every indicator code available (stored ones with data, and derived ones)."""
        stored = set(self.data["indicator"].unique())
        derived = [
            k for k, v in definitions().items() if v["derived"] and {v["num"], v["den"]} <= stored
        ]
        return sorted(stored) + sorted(derived)

    def years(self, indicator: str) -> list[int]:
        """Return the years with at least one provincial value of ``indicator``."""
        spec = self._spec(indicator)
        if spec["derived"]:
            num = set(self.years(spec["num"]))
            den = self.years(spec["den"]) if not spec.get("den_any_year") else list(num)
            return sorted(num & set(den))
        d = self.data
        rows = d[(d["indicator"] == indicator) & (d["adcode"] != NATION) & d["value"].notna()]
        return sorted(rows["year"].unique().tolist())

    def complete_years(self, *indicators: str) -> list[int]:
        """Return the years in which every one of ``indicators`` is there for all 31 provinces."""
        years = set(self.years(indicators[0]))
        for ind in indicators[1:]:
            years &= set(self.years(ind))
        return sorted(
            y for y in years if all(self.series(ind, y).notna().all() for ind in indicators)
        )

    def unit(self, indicator: str, year: int | None = None) -> str:
        """Return the unit of ``indicator`` (as stored, or as defined for derived ones)."""
        spec = self._spec(indicator)
        if spec["derived"] or spec.get("unit"):
            return str(spec["unit"])
        d = self.data[self.data["indicator"] == indicator]
        if year is not None:
            d = d[d["year"] == year]
        return str(d["unit"].iloc[0]) if len(d) else ""

    def _spec(self, indicator: str) -> dict:
        defs = definitions()
        if indicator not in defs or indicator not in self.indicators():
            raise unknown("indicator", indicator, self.indicators())
        return defs[indicator]

    def _check_year(self, indicator: str, year: int) -> None:
        years = self.years(indicator)
        if int(year) not in years:
            raise unknown(f"year for indicator {indicator}", year, years)

    def _stored(self, indicator: str, year: int | None, nation: bool) -> pd.Series:
        d = self.data
        rows = d[(d["indicator"] == indicator)]
        if year is not None:
            rows = rows[rows["year"] == year]
        rows = rows[(rows["adcode"] == NATION) if nation else (rows["adcode"] != NATION)]
        return rows.set_index(["adcode", "year"])["value"]

    def panel(self, indicator: str, years: list[int] | None = None) -> pd.DataFrame:
        """Return ``indicator`` as a province x year DataFrame (31 rows; NaN where missing)."""
        yrs = self.years(indicator) if years is None else [int(y) for y in years]
        frame = pd.DataFrame({y: self.series(indicator, y) for y in yrs})
        frame = frame.reindex(pd.Index(adcodes(), name="adcode")).rename_axis(columns="year")
        frame.attrs.update(indicator=indicator, unit=self.unit(indicator))
        return frame

    def series(self, indicator: str, year: int) -> pd.Series:
        """Return ``indicator`` in ``year`` for the 31 provinces (NaN where not published)."""
        spec = self._spec(indicator)
        self._check_year(indicator, year)
        if spec["derived"]:
            num = self._raw(spec["num"], year)
            den_year = year
            if spec.get("den_any_year"):
                den_year = max(self.years(spec["den"]))
            den = self._raw(spec["den"], den_year)
            out = num / den * float(spec["per"])
        else:
            out = self._raw(indicator, year)
        out.name = indicator
        out.attrs.update(indicator=indicator, year=int(year), unit=self.unit(indicator, year))
        return out

    def _raw(self, indicator: str, year: int) -> pd.Series:
        s = self._stored(indicator, year, nation=False).droplevel("year")
        return s.reindex(pd.Index(adcodes(), name="adcode")).astype(float)

    def national(self, indicator: str, year: int) -> float:
        """Return the national figure as published by NBS (NaN if not in the table)."""
        spec = self._spec(indicator)
        if spec["derived"]:
            den_year = max(self.years(spec["den"])) if spec.get("den_any_year") else year
            num = self.national(spec["num"], year)
            den = self.national(spec["den"], den_year)
            return num / den * float(spec["per"])
        s = self._stored(indicator, year, nation=True)
        return float(s.iloc[0]) if len(s) else float("nan")

    def provenance(self) -> pd.DataFrame:
        """Return, per file and indicator, the number of figures and how many were checked."""
        d = self.data[self.data["value"].notna()]
        g = d.groupby(["indicator"])
        return pd.DataFrame(
            {
                "figures": g.size(),
                "checked": g["checked"].apply(lambda s: int((s.str.lower() == "yes").sum())),
                "years": g["year"].apply(lambda s: ", ".join(map(str, sorted(s.unique())))),
                "sources": g["source"].apply(lambda s: " | ".join(sorted(s.unique())[:3])),
            }
        )


def _read_one_default() -> pd.DataFrame:
    files = sorted((DATA / "indicators").glob("*.csv"))
    if not files:
        raise DataError(f"no indicator files in {DATA / 'indicators'}")
    return pd.concat([_read_one(p) for p in files], ignore_index=True)


@cache
def _default_table() -> IndicatorTable:
    return IndicatorTable(_validate(_read_one_default(), definitions()))
