"""The indicator panel: one long tidy table of public statistics, each row with its source.

Columns of the table: ``adcode, year, indicator, value, unit, source, edition, read_from, checked,
note`` (see ``docs/data/CONTRACT.md``). Derived indicators (per capita, shares, intensities) are
computed here from stored ones and never stored. Missing stays missing: a derived value is NaN
wherever one of its inputs is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from hinterland.atlas._files import DATA, embedded_yaml, read_text_csv
from hinterland.atlas.regions import NATION, adcodes
from hinterland.atlas.schema import CHECKED, EDITIONS, validate_rows
from hinterland.errors import DataError, ValidationError, unknown

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
REQUIRED = COLUMNS[:-1]  # note may be left out (then empty)


def definitions() -> dict[str, dict]:
    """Return every indicator definition, stored and derived, keyed by code."""
    spec = _definitions_yaml()
    out = {k: {**v, "derived": False} for k, v in spec["stored"].items()}
    out.update({k: {**v, "derived": True} for k, v in spec["derived"].items()})
    return out


@cache
def _definitions_yaml() -> dict:
    return embedded_yaml("indicators.yaml")


def _read_one(path: Path) -> pd.DataFrame:
    df = read_text_csv(path)
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
    units = {k: v.get("unit") for k, v in known.items() if not v["derived"]}
    return validate_rows(df, units, {int(c) for c in [*adcodes(), NATION]})


def _select(rows: pd.DataFrame, edition: str) -> pd.DataFrame:
    """Keep one edition per (indicator, year): the latest or the first held, or one code.

    The edition is chosen per indicator and year over the provincial rows, so a year is never
    a mix of revisions: a province without a figure in that edition stays missing, and the
    national row is kept only if it is in the same edition (or the series has no revisions).
    """
    if edition not in ("latest", "first", *EDITIONS):
        raise ValidationError(
            f"edition {edition!r} is not one of latest, first, {', '.join(EDITIONS)}"
        )
    if edition in EDITIONS:
        return rows[rows["edition"].isin([edition, "current"])].reset_index(drop=True)
    rank = rows["edition"].map(EDITIONS)
    prov = rows.assign(_rank=rank)[rows["adcode"] != NATION]
    pick = prov.groupby(["indicator", "year"])["_rank"].agg("min" if edition == "first" else "max")
    chosen = rows[["indicator", "year"]].merge(
        pick.rename("_pick").reset_index(), on=["indicator", "year"], how="left"
    )["_pick"]
    keep = chosen.isna().to_numpy() | (rank.to_numpy() == chosen.to_numpy())
    return rows[keep].reset_index(drop=True)


@dataclass(frozen=True, slots=True)
class IndicatorTable:
    """A validated long table of indicators (the atlas panel), seen in one edition.

    ``rows`` holds every validated row of every edition; ``data`` is the view the lookups use:
    one row per ``(adcode, year, indicator)``, the latest revision available (``edition=
    "latest"``, the default), the first published figure (``"first"``) or one edition code
    (with the ``current`` series that have no revisions). The ``edition`` column of ``data``
    says which edition each figure is in; :meth:`editions` and :meth:`breaks` show where a
    series changes edition.

    Use :meth:`default` for the embedded data or :meth:`from_csv` for a user's files.
    """

    rows: pd.DataFrame
    edition: str = "latest"
    data: pd.DataFrame = field(init=False, repr=False, compare=False)
    _memo: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", _select(self.rows, self.edition))
        # look-ups by indicator, built once: the table is frozen, so they never go stale
        object.__setattr__(self, "_memo", {})

    def _of(self, indicator: str) -> pd.DataFrame:
        """The rows of ``data`` of one indicator (indexed once, on first use)."""
        by = self._memo.get("by")
        if by is None:
            by = dict(tuple(self.data.groupby("indicator", sort=False)))
            self._memo["by"] = by
        return by.get(indicator, self.data.iloc[:0])

    @classmethod
    def from_csv(
        cls, *paths: str | Path, include_default: bool = False, edition: str = "latest"
    ) -> IndicatorTable:
        """Read and validate indicator CSV files in the documented layout."""
        frames = [_read_one(Path(p)) for p in paths]
        for p, f in zip(paths, frames, strict=True):
            if f.empty:
                raise DataError(f"{p}: no data rows below the header")
        if include_default:
            frames.insert(0, _read_one_default())
        if not frames:
            raise DataError("no indicator files given")
        raw = pd.concat(frames, ignore_index=True)
        return cls(_validate(raw, definitions()), edition)

    @staticmethod
    def default(edition: str = "latest") -> IndicatorTable:
        """Return the embedded panel in ``edition`` (cached)."""
        return _default_table(edition)

    def with_edition(self, edition: str) -> IndicatorTable:
        """Return the same rows seen in another edition (``latest``, ``first`` or a code)."""
        return self if edition == self.edition else IndicatorTable(self.rows, edition)

    def editions(self, indicator: str) -> pd.Series:
        """Return, per year, the edition(s) the provincial figures of ``indicator`` are in.

        A derived indicator reports its numerator's editions (e.g. GDP for GDP per capita).
        """
        spec = self._spec(indicator)
        code = spec["num"] if spec["derived"] else indicator
        d = self._of(code)
        d = d[d["adcode"] != NATION]
        out = d.groupby("year")["edition"].agg(lambda s: "+".join(sorted(s.unique())))
        out.name = "edition"
        return out

    def breaks(self, indicator: str) -> list[int]:
        """Return the years whose edition differs from the previous year's (a series break)."""
        ed = self.editions(indicator)
        return [int(y) for y, changed in (ed != ed.shift()).iloc[1:].items() if changed]

    def checked_distribution(self) -> pd.Series:
        """Return how many figures (all editions, non-missing) are in each ``checked`` class."""
        d = self.rows[self.rows["value"].notna()]
        return d["checked"].value_counts().reindex(list(CHECKED), fill_value=0).rename("figures")

    # -- lookups --------------------------------------------------------------------------
    def indicators(self) -> list[str]:
        """Return every indicator code available (stored ones with data, and derived ones)."""
        if "indicators" not in self._memo:
            stored = set(self.data["indicator"].unique())
            derived = [
                k
                for k, v in definitions().items()
                if v["derived"] and {v["num"], v["den"]} <= stored
            ]
            self._memo["indicators"] = sorted(stored) + sorted(derived)
        return list(self._memo["indicators"])

    def years(self, indicator: str) -> list[int]:
        """Return the years with at least one provincial value of ``indicator``."""
        key = ("years", indicator)
        if key not in self._memo:
            spec = self._spec(indicator)
            if spec["derived"]:
                num = set(self.years(spec["num"]))
                den = self.years(spec["den"]) if not spec.get("den_any_year") else list(num)
                self._memo[key] = sorted(num & set(den))
            else:
                d = self._of(indicator)
                rows = d[(d["adcode"] != NATION) & d["value"].notna()]
                self._memo[key] = sorted(rows["year"].unique().tolist())
        return list(self._memo[key])

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
        d = self._of(indicator)
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
        if int(year) not in set(years):
            raise unknown(f"year for indicator {indicator}", year, years)

    def _stored(self, indicator: str, year: int | None, nation: bool) -> pd.Series:
        rows = self._of(indicator)
        if year is not None:
            rows = rows[rows["year"] == year]
        rows = rows[(rows["adcode"] == NATION) if nation else (rows["adcode"] != NATION)]
        return rows.set_index(["adcode", "year"])["value"]

    def panel(self, indicator: str, years: list[int] | None = None) -> pd.DataFrame:
        """Return ``indicator`` as a province x year DataFrame (31 rows; NaN where missing)."""
        yrs = self.years(indicator) if years is None else [int(y) for y in years]
        frame = pd.DataFrame({y: self.series(indicator, y) for y in yrs})
        frame = frame.reindex(pd.Index(adcodes(), name="adcode")).rename_axis(columns="year")
        ed = self.editions(indicator)
        frame.attrs.update(
            indicator=indicator,
            unit=self.unit(indicator),
            editions={int(y): ed.get(y, "") for y in yrs},
            breaks=[y for y in self.breaks(indicator) if y in yrs[1:]],
        )
        return frame

    def series(self, indicator: str, year: int) -> pd.Series:
        """Return ``indicator`` in ``year`` for the 31 provinces (NaN where not published).

        A derived indicator divides figures of one edition: where the numerator and the
        denominator are in different revisions (e.g. value added first published, GDP revised),
        the denominator is taken in the numerator's edition, and is NaN if that is not held.
        """
        key = ("series", indicator, int(year))
        if key not in self._memo:
            self._memo[key] = self._series(indicator, year)
        out = self._memo[key].copy()
        out.attrs = dict(self._memo[key].attrs)
        return out

    def _series(self, indicator: str, year: int) -> pd.Series:
        spec = self._spec(indicator)
        self._check_year(indicator, year)
        if spec["derived"]:
            num = self._raw(spec["num"], year)
            den_year = year
            if spec.get("den_any_year"):
                den_year = max(self.years(spec["den"]))
            den = self._raw(spec["den"], den_year, like=self._editions_of(spec["num"], year))
            out = num / den * float(spec["per"])
        else:
            out = self._raw(indicator, year)
        out.name = indicator
        out.attrs.update(indicator=indicator, year=int(year), unit=self.unit(indicator, year))
        return out

    def _editions_of(self, indicator: str, year: int) -> pd.Series:
        d = self._of(indicator)
        rows = d[(d["year"] == year) & (d["adcode"] != NATION)]
        return rows.set_index("adcode")["edition"].reindex(pd.Index(adcodes(), name="adcode"))

    def _raw(self, indicator: str, year: int, like: pd.Series | None = None) -> pd.Series:
        s = self._stored(indicator, year, nation=False).droplevel("year")
        s = s.reindex(pd.Index(adcodes(), name="adcode")).astype(float)
        if like is None:
            return s
        ed = self._editions_of(indicator, year)
        clash = ed.notna() & like.notna() & (ed != like) & (ed != "current") & (like != "current")
        for code in clash.index[clash]:
            s[code] = self._in_edition(indicator, year, int(code), str(like[code]))
        return s

    def _in_edition(self, indicator: str, year: int, code: int, edition: str) -> float:
        r = self.rows
        hit = r[(r["indicator"] == indicator) & (r["year"] == year) & (r["adcode"] == code)]
        hit = hit[hit["edition"] == edition]
        return float(hit["value"].iloc[0]) if len(hit) else float("nan")

    def national(self, indicator: str, year: int) -> float:
        """Return the national figure as published by NBS (NaN if not in the table).

        The figure is in the edition of the provincial figures of that year; NaN where the
        table holds no national figure of that edition.
        """
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
                "checked": g["checked"].apply(
                    lambda s: int(s.isin(["official", "two_copies"]).sum())
                ),
                "editions": g["edition"].apply(lambda s: ", ".join(sorted(s.unique()))),
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
def _default_rows() -> pd.DataFrame:
    return _validate(_read_one_default(), definitions())


@cache
def _default_table(edition: str) -> IndicatorTable:
    return IndicatorTable(_default_rows(), edition)
