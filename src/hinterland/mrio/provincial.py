"""Read the NBS provincial series that the China MRIO estimate is built from.

The inputs are the tidy CSV files described in ``../shared/data/provincial/README.md`` (NBS
分省年度数据 exports, each row with ``source_repo``, ``source_path``, ``source_commit`` and
``original_publication``). This module reads them for one table year and returns arrays in the
atlas' province order (31 mainland provinces by GB/T 2260 adcode), with the year and edition of
every input and its provenance. Nothing is filled in: a province-year that is missing where it is
needed is a :class:`~hinterland.errors.DataError` naming the file, the province and the year.

Which figures stand for a table year (every choice is recorded in :attr:`ProvincialInputs.notes`):

- GDP and the nine-industry value added: the year itself when the 5th-census-revised exports
  hold it (2019-2024); before 2019, GDP of the year from the export revised after the 4th census
  (xiaoqi737) and the nine-industry *structure* of 2019, the first year published by industry.
- Industrial products and goods exports: the year itself, or 2019 (the last year of those series)
  for a later table.
- Urban-unit mining employment: 2024, the only year published by industry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from hinterland.errors import DataError

__all__ = ["FILES", "GROUPS", "ProvincialInputs", "read_provincial"]

GROUPS = (
    "agriculture", "industry", "construction", "wholesale_retail", "transport",
    "accommodation", "finance", "real_estate", "other_services",
)  # fmt: skip
"""The nine industries of the NBS provincial accounts, in this order."""
GROUP_INDICATORS = {
    "agriculture": "va_agriculture_forestry_animal_husbandry_fishery",
    "industry": "va_industry",
    "construction": "va_construction",
    "wholesale_retail": "va_wholesale_retail",
    "transport": "va_transport_storage_post",
    "accommodation": "va_accommodation_catering",
    "finance": "va_finance",
    "real_estate": "va_real_estate",
    "other_services": "va_other_services",
}
FILES = {
    "va": "va_by_industry_nbs_fsnd_2019_2024.csv",
    "gdp_old": "gdp_nbs_fsnd_exports.csv",
    "products": "industrial_products_nbs_fsnd_2000_2019.csv",
    "trade": "trade_exports_imports_nbs_fsnd_2000_2019.csv",
    "employment": "employment_urban_units_nbs_fsnd_2016_2024.csv",
}
"""The input files, by role, as named in ``../shared/data/provincial/``."""
GDP_OLD_REPO = "xiaoqi737/thesis-data-and-code"
EMPLOYMENT_YEAR = 2024
UNREPORTED_WINDOW = 3
"""A blank product cell counts as zero output unless the province reported output in the
``UNREPORTED_WINDOW`` years before (then it is 'unreported': no evidence)."""


@dataclass(frozen=True, slots=True)
class ProvincialInputs:
    """Provincial figures for one table year, in atlas province order.

    Attributes
    ----------
    adcodes : the 31 provinces.
    year : the table year.
    gdp : (R,) GDP, 亿元, of the edition in ``notes['gdp']``.
    va9 : (R, 9) value added by the nine industries of :data:`GROUPS`, 亿元.
    products : {product: (R,)} output of the evidence year; NaN = unreported (no evidence).
    employment_mining : (R,) urban-unit mining employment, 万人.
    exports : (R,) goods exports by operator location, 千美元.
    notes : {input: which year and edition stands for the table year}.
    sources : [one line per input file: repository, path, commit, publication].
    """

    adcodes: tuple[int, ...]
    year: int
    gdp: np.ndarray
    va9: np.ndarray
    products: dict[str, np.ndarray]
    employment_mining: np.ndarray
    exports: np.ndarray
    notes: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)


def _layout(role: str):
    from hinterland.rows import Column, Layout

    return Layout(
        (
            Column("adcode", "adcode", empty=False),
            Column("year", "integer", empty=False),
            Column("indicator", empty=False),
            Column("value", "number"),
        ),
        key=() if role == "gdp_old" else ("adcode", "year", "indicator"),
    )


def _read(folder: Path, role: str):
    from hinterland.rows import read_rows

    path = folder / FILES[role]
    if not path.is_file():
        raise DataError(f"{path}: provincial input not found (expected {FILES[role]} in {folder})")
    df = read_rows(path, _layout(role), comment=None).frame
    return path, df.assign(adcode=df["adcode"].astype(int), year=df["year"].astype(int))


def _provenance(path: Path, df) -> list[str]:
    cols = ["source_repo", "source_path", "source_commit", "original_publication"]
    if not set(cols) <= set(df.columns):
        return [str(path)]
    rows = df[cols].drop_duplicates()
    return [
        f"{r.source_repo} {r.source_path} @ {r.source_commit}: {r.original_publication}"
        for r in rows.itertuples()
    ]


def _vector(df, path: Path, indicator: str, year: int, adcodes) -> np.ndarray:
    sub = df[(df["indicator"] == indicator) & (df["year"] == year)].set_index("adcode")["value"]
    missing = [a for a in adcodes if a not in sub.index or not np.isfinite(sub.get(a, np.nan))]
    if missing:
        raise DataError(f"{path}: {indicator} {year} is missing for province(s) {missing[:5]}")
    return sub.reindex(list(adcodes)).to_numpy(dtype=float)


def _product(df, name: str, year: int, adcodes) -> np.ndarray:
    sub = df[df["indicator"] == name]
    now = sub[sub["year"] == year].set_index("adcode")["value"]
    before = sub[(sub["year"] < year) & (sub["year"] >= year - UNREPORTED_WINDOW)]
    produced_before = set(before.loc[before["value"] > 0, "adcode"])
    out = np.empty(len(adcodes))
    for k, a in enumerate(adcodes):
        if a in now.index and np.isfinite(now[a]):
            out[k] = now[a]
        else:
            out[k] = np.nan if a in produced_before else 0.0
    return out


def read_provincial(folder: str | Path, year: int, products: list[str]) -> ProvincialInputs:
    """Read the provincial inputs for table ``year`` from ``folder`` (see the module docstring).

    Parameters
    ----------
    folder : the folder holding the files of :data:`FILES`.
    year : the table year (2017, 2018 or 2020 for the NBS 42-sector tables).
    products : the product indicators needed as evidence.
    """
    from hinterland.atlas import adcodes as atlas_adcodes

    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{folder}: provincial input folder not found")
    codes = tuple(int(a) for a in atlas_adcodes())
    notes: dict[str, str] = {}
    sources: list[str] = []

    va_path, va = _read(folder, "va")
    sources += _provenance(va_path, va)
    va_years = sorted(va["year"].unique())
    if year in va_years:
        gdp = _vector(va, va_path, "gdp", year, codes)
        va9 = np.column_stack(
            [_vector(va, va_path, GROUP_INDICATORS[g], year, codes) for g in GROUPS]
        )
        notes["gdp"] = f"{year}, NBS exports revised after the 5th economic census"
        notes["structure"] = f"nine-industry value added {year} (same exports)"
    else:
        base = min(va_years)
        old_path, old = _read(folder, "gdp_old")
        old = old[old.get("source_repo", GDP_OLD_REPO) == GDP_OLD_REPO]
        sources += _provenance(old_path, old)
        gdp = _vector(old, old_path, "gdp", year, codes)
        struct = np.column_stack(
            [_vector(va, va_path, GROUP_INDICATORS[g], base, codes) for g in GROUPS]
        )
        va9 = struct / struct.sum(axis=1, keepdims=True) * gdp[:, None]
        notes["gdp"] = f"{year}, NBS export revised after the 4th economic census (xiaoqi737)"
        notes["structure"] = (
            f"assumption: the nine-industry shares of {base} (5th-census edition, the first year "
            f"published by industry) applied to {year} GDP"
        )

    prod_path, prod = _read(folder, "products")
    sources += _provenance(prod_path, prod)
    p_year = min(year, int(prod["year"].max()))
    known = set(prod["indicator"])
    unknown = [p for p in products if p not in known]
    if unknown:
        raise DataError(f"{prod_path}: no product series {unknown}")
    evidence, older = {}, []
    for p in products:
        own = sorted(y for y in prod.loc[prod["indicator"] == p, "year"].unique() if y <= p_year)
        if not own or p_year - own[-1] > UNREPORTED_WINDOW:
            evidence[p] = np.full(len(codes), np.nan)  # no recent figure: no evidence
            older.append(f"{p} (none since {own[-1] if own else '-'}: not used)")
            continue
        evidence[p] = _product(prod, p, int(own[-1]), codes)
        if own[-1] != p_year:
            older.append(f"{p} {own[-1]} (its last year)")
    notes["products"] = f"industrial product output {p_year}" + (
        f" (the last year of the series) for the {year} table" if p_year != year else ""
    )
    if older:
        notes["products"] += "; older figures for " + ", ".join(older)

    emp_path, emp = _read(folder, "employment")
    sources += _provenance(emp_path, emp)
    mining = _vector(emp, emp_path, "emp_urban_units_mining", EMPLOYMENT_YEAR, codes)
    notes["employment"] = f"urban-unit mining employment {EMPLOYMENT_YEAR} (only year by industry)"

    tr_path, tr = _read(folder, "trade")
    sources += _provenance(tr_path, tr)
    t_year = min(year, int(tr["year"].max()))
    exports = _vector(tr, tr_path, "exports_by_operator_location", t_year, codes)
    notes["exports"] = f"goods exports by operator location {t_year} (千美元, shares only)"
    return ProvincialInputs(
        adcodes=codes, year=int(year), gdp=gdp, va9=va9, products=evidence,
        employment_mining=mining, exports=exports, notes=notes, sources=sorted(set(sources)),
    )  # fmt: skip
