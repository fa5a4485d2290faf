"""Build the atlas's own tables from the NBS exports in ../shared/data/provincial (run by hand).

    python scripts/build_atlas_imports.py [--shared PATH]

What it does (documented in docs/data/imports.md; the comparison results go to
docs/data/overlaps.md):

1. Writes the atlas tables ``src/hinterland/atlas/data/indicators/nbs_*.csv`` and ``trade.csv``
   in the contract layout, one row per figure, each with its publication, edition, the public
   copy it was read from (``github:owner/repo/path@commit``) and ``checked``. Values are the
   source's text, unchanged, except the stated decimal shifts (integrated circuits 万块 ->
   亿块). Only figures the atlas did not hold are written; the shared files are never copied.
2. Compares every overlap between two copies (the atlas's hand-read figures and the NBS
   exports, or two exports with each other): figures that agree to the published precision
   (the coarser of the two) become ``two_copies``; figures that disagree are listed in
   docs/data/overlaps.md with both values.

Running it twice gives the same files.
"""

from __future__ import annotations

import argparse
import csv
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "hinterland" / "atlas" / "data" / "indicators"
DOCS = ROOT / "docs" / "data" / "overlaps.md"
COLS = ["adcode", "year", "indicator", "value", "unit", "source", "edition", "read_from"]
COLS += ["checked", "note"]
SCRIPT = "scripts/build_atlas_imports.py"
MARK = "confirmed:"

FSND = "国家统计局 国家数据(data.stats.gov.cn) 分省年度数据"
VA_CODES = {
    "gdp": "gdp",
    "va_primary": "va_primary",
    "va_secondary": "va_secondary",
    "va_tertiary": "va_tertiary",
    "va_agriculture_forestry_animal_husbandry_fishery": "va_agriculture",
    "va_industry": "va_industry",
    "va_construction": "va_construction",
    "va_wholesale_retail": "va_wholesale_retail",
    "va_transport_storage_post": "va_transport",
    "va_accommodation_catering": "va_accommodation",
    "va_finance": "va_finance",
    "va_real_estate": "va_real_estate",
    "va_other_services": "va_other_services",
}
PRODUCTS = {  # shared code -> (atlas code, atlas unit, decimal shift, note on the unit)
    "integrated_circuits": ("out_integrated_circuits", "亿块", -4, "published in 万块; /10000"),
    "automobiles": ("out_automobiles", "万辆", 0, ""),
    "crude_steel": ("out_crude_steel", "万吨", 0, ""),
    "electricity_generation": ("out_electricity", "亿千瓦时", 0, "published unit 亿千瓦小时"),
    "mobile_phones": ("out_mobile_phones", "万台", 0, ""),
    "microcomputers": ("out_microcomputers", "万台", 0, ""),
}


def read(path: Path) -> list[dict]:
    """Read a CSV file as a list of text rows."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(path: Path, rows: list[dict]) -> None:
    """Write rows in the contract layout (sorted by indicator, year, adcode, edition)."""
    rows = sorted(rows, key=lambda r: (r["indicator"], int(r["year"]), r["adcode"], r["edition"]))
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, COLS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def ref(r: dict) -> str:
    """Return the followable reference of a shared row (repo, path, commit)."""
    return f"github:{r['source_repo']}/{r['source_path']}@{r['source_commit']}"


def adcode(r: dict) -> str:
    """Return the six-digit code of a shared row."""
    return str(int(float(r["adcode"])))


def shift(value: str, places: int) -> str:
    """Move the decimal point of a printed number (exact, no float rounding)."""
    if not places:
        return value
    d = Decimal(value).scaleb(places)
    text = format(d.normalize(), "f")
    return text


def agree(a: str, b: str) -> bool:
    """Whether two printed figures agree to the coarser of their two precisions."""
    da, db = Decimal(a.replace(",", "")), Decimal(b.replace(",", ""))
    places = max(da.as_tuple().exponent, db.as_tuple().exponent)  # the coarser precision
    q = Decimal(1).scaleb(places)
    return da.quantize(q) == db.quantize(q) or abs(da - db) < q / 2


def row(
    r: dict,
    *,
    indicator: str,
    unit: str,
    value: str,
    source: str,
    edition: str,
    checked: str,
    note: str,
) -> dict:
    """Return one atlas row built from a shared row."""
    return {
        "adcode": adcode(r),
        "year": str(int(float(r["year"]))),
        "indicator": indicator,
        "value": value,
        "unit": unit,
        "source": source,
        "edition": edition,
        "read_from": ref(r),
        "checked": checked,
        "note": f"imported by {SCRIPT}; {note}".rstrip("; "),
    }


class Log:
    """Comparison results, written to docs/data/overlaps.md."""

    def __init__(self) -> None:
        self.sections: list[tuple[str, int, int, list[str]]] = []

    def add(self, title: str, pairs: list[tuple[str, str, str, str]]) -> set[str]:
        """Record one comparison (key, label, value A, value B); return the agreeing keys."""
        ok = {k for k, _, a, b in pairs if agree(a, b)}
        bad = [f"| {lab} | {a} | {b} |" for k, lab, a, b in pairs if k not in ok]
        self.sections.append((title, len(ok), len(pairs), bad))
        return ok

    def write(self) -> None:
        """Write the markdown file."""
        lines = [
            "# Overlaps between copies: what agrees, what does not",
            "",
            f"Written by `{SCRIPT}` (do not edit by hand). Two figures agree when they are equal",
            "to the coarser of their two printed precisions (e.g. 3161.66 and 3161.7). Agreeing",
            "figures are `checked=two_copies` in the atlas; every disagreement is listed with both",
            "values. Figures of different editions are never compared as copies.",
            "",
        ]
        for title, n_ok, n, bad in self.sections:
            lines += [f"## {title}", "", f"{n_ok}/{n} agree.", ""]
            if bad:
                lines += ["| figure | copy A | copy B |", "|---|---|---|", *bad, ""]
        DOCS.write_text("\n".join(lines), encoding="utf-8")


def confirm(rows: list[dict], ok: set[str], by: str, key) -> None:
    """Mark atlas rows whose key is in ``ok`` as two_copies, naming the second copy."""
    for r in rows:
        if key(r) in ok and r["checked"] == "single_copy":
            r["checked"] = "two_copies"
            if MARK not in r["note"]:
                r["note"] = f"{r['note']}; {MARK} {by}".lstrip("; ")
        if key(r) in ok and r["read_from"].startswith("unfollowable:"):
            old = r["read_from"].removeprefix("unfollowable: ")
            r["read_from"] = by.split(" ")[0]
            r["note"] = f"{r['note']}; first read from {old}"


def k_atlas(r: dict) -> str:
    """Key of a figure: indicator, adcode, year."""
    return f"{r['indicator']}|{r['adcode']}|{int(float(r['year']))}"


def main(shared: Path) -> None:
    """Build the tables and the overlap log."""
    log = Log()
    atlas = {p.name: read(p) for p in sorted(OUT.glob("*.csv")) if not p.name.startswith("nbs_")}

    # -- GDP: the 4th-census vintage 2005-2023 (xiaoqi737) and the May-2020 export ------------
    gdp = read(shared / "gdp_nbs_fsnd_exports.csv")
    xq = [r for r in gdp if r["source_repo"].startswith("xiaoqi737")]
    may = [r for r in gdp if r["source_repo"].startswith("2020-data-integration")]
    a_gdp = {k_atlas(r): r for r in atlas["gdp.csv"] if r["adcode"] != "100000"}

    def pairs(copies, editions, years):
        out = []
        for r in copies:
            k = f"gdp|{adcode(r)}|{r['year']}"
            a = a_gdp.get(k)
            if a and int(r["year"]) in years and a["edition"] in editions:
                out.append((k, f"GDP {adcode(r)} {r['year']}", a["value"], r["value"]))
        return out

    ok = log.add(
        "GDP 2018-2023, 4th-census vintage: atlas (gdp.csv) vs xiaoqi737 NBS export",
        pairs(xq, {"rev2019"}, range(2018, 2024)),
    )
    confirm(atlas["gdp.csv"], ok, f"{ref(xq[0])} (same vintage, equal)", k_atlas)
    ok = log.add(
        "GDP 2015-2018: atlas (gdp.csv) vs the May-2020 NBS export (2015-2017 before the 2019 "
        "revision, 2018 after it)",
        pairs(may, {"pre2019", "rev2019"}, range(2015, 2019)),
    )
    confirm(atlas["gdp.csv"], ok, f"{ref(may[0])} (NBS export of May 2020, equal)", k_atlas)
    rev2019 = [
        row(
            r,
            indicator="gdp",
            unit="亿元",
            value=r["value"],
            edition="rev2019",
            source=f"{FSND} 指标:地区生产总值(亿元)",
            checked="single_copy",
            note="NBS database before the 5th economic census revision (2005-2017 as revised "
            "after the 4th economic census, 2019); export header stripped in the copy",
        )
        for r in xq
        if int(r["year"]) <= 2017
    ]

    # -- value added, nine and three industries, 5th-census vintage 2019-2024 -----------------
    va = [
        r
        for r in read(shared / "va_by_industry_nbs_fsnd_2019_2024.csv")
        if r["indicator"] in VA_CODES
    ]
    a24 = [
        (k, lab, a_gdp[k]["value"], r["value"])
        for r in va
        if r["indicator"] == "gdp"
        and (k := f"gdp|{adcode(r)}|{r['year']}") in a_gdp
        and a_gdp[k]["edition"] == "rev2024"
        for lab in [f"GDP {adcode(r)} {r['year']}"]
    ]
    ok24 = log.add(
        "GDP 2024, 5th-census vintage: atlas (gdp.csv) vs the Liushenwuzhu-Alpaca 2024 export", a24
    )
    confirm(
        atlas["gdp.csv"],
        ok24,
        f"{ref(next(r for r in va if r['year'] == '2024'))} (equal)",
        k_atlas,
    )
    va_rows = []
    for r in va:
        code = VA_CODES[r["indicator"]]
        k = f"{code}|{adcode(r)}|{r['year']}"
        if code == "gdp" and k in a_gdp and a_gdp[k]["edition"] == "rev2024":
            continue  # held already (2024), compared above
        label = r["indicator_zh"].split(" (")[0]
        second = code == "gdp"
        va_rows.append(
            row(
                r,
                indicator=code,
                unit="亿元",
                value=r["value"],
                edition="rev2024",
                source=f"{FSND} 国民经济核算>地区生产总值 指标:{label}(亿元)",
                checked="two_copies" if second else "single_copy",
                note="direct NBS export (header 数据库：分省年度数据, footer 数据来源：国家统计局); "  # noqa: E501
                "after the 5th economic census revision"
                + (
                    "; second copy github:RenJiyi163/panel_data_analysis_for_thesis/"
                    "分省年度数据.csv@e6d65372ec36319dd3d838f5c5e12841f7c77f26 equal in 186/186 province-years, "  # noqa: E501
                    "compared in ../shared/data/provincial/README.md (not re-read here)"
                    if second
                    else ""
                ),
            )
        )

    # -- population 2000-2004 and the overlap 2005-2022 ---------------------------------------
    pop = read(shared / "population_nbs_fsnd_2000_2022.csv")
    a_pop = {k_atlas(r): r for r in atlas["population.csv"]}
    pp = [
        (k, f"population {adcode(r)} {r['year']}", a_pop[k]["value"], r["value"])
        for r in pop
        if (k := f"population|{adcode(r)}|{r['year']}") in a_pop
    ]
    ok = log.add(
        "Year-end resident population 2005-2022: atlas (population.csv) vs the "
        "VasantLong/campus_DA NBS export",
        pp,
    )
    confirm(atlas["population.csv"], ok, f"{ref(pop[0])} (NBS export, equal)", k_atlas)
    pop_rows = [
        row(
            r,
            indicator="population",
            unit="万人",
            value=r["value"],
            edition="current",
            source=f"{FSND} 指标:年末常住人口(万人)",
            checked="single_copy",
            note="direct NBS export (header 指标：年末常住人口(万人), footer "
            "数据来源：国家统计局); the database's current figure; provincial rows exclude active military",  # noqa: E501
        )
        for r in pop
        if int(r["year"]) <= 2004
    ]

    # -- R&D ----------------------------------------------------------------------------------
    rd = [r for r in read(shared / "rd_csyst_2010_2023.csv") if r["indicator"] == "rd_expenditure"]
    a_rd = {k_atlas(r): r for r in atlas["rd.csv"]}
    rp = [
        (k, f"R&D {adcode(r)} {r['year']}", a_rd[k]["value"], r["value"])
        for r in rd
        if (k := k_atlas({**r, "adcode": adcode(r)})) in a_rd
    ]
    ok = log.add(
        "R&D expenditure: atlas (rd.csv, communiques) vs the techme transcription of "
        "the China Statistical Yearbook on Science and Technology",
        rp,
    )
    confirm(atlas["rd.csv"], ok, f"{ref(rd[0])} (yearbook transcription, equal)", k_atlas)
    rd_rows = [
        row(
            r,
            indicator="rd_expenditure",
            unit="亿元",
            value=r["value"],
            edition="current",
            source="国家统计局 科学技术部《中国科技统计年鉴》各地区R&D经费内部支出",
            checked="single_copy",
            note="transcribed from the yearbook by the R package techme (yearbook edition "
            "not recorded)",
        )
        for r in rd
        if k_atlas({**r, "adcode": adcode(r)}) not in a_rd
    ]

    # -- trade --------------------------------------------------------------------------------
    tr19 = read(shared / "trade_exports_imports_nbs_fsnd_2000_2019.csv")
    tr24 = [
        r
        for r in read(shared / "trade_nbs_fsnd_2016_2024.csv")
        if r["indicator"] == "trade_total_by_operator_location"
    ]
    code_of = {
        "exports_by_operator_location": "exports",
        "imports_by_operator_location": "imports",
        "trade_total_by_operator_location": "trade_total",
    }
    t19 = {f"{adcode(r)}|{r['year']}": r for r in tr19 if r["indicator"].startswith("trade_")}
    tp = [
        (k, f"trade total {k.replace('|', ' ')}", t19[k]["value"], r["value"])
        for r in tr24
        if (k := f"{adcode(r)}|{r['year']}") in t19
    ]
    ok_t = log.add(
        "Goods trade total 2016-2019 (千美元): the 2000-2019 scrape vs the A060101 "
        "scrape (two NBS database copies)",
        tp,
    )
    src_t = f"{FSND} 对外经济贸易>按经营单位所在地分货物进出口总额"
    trade_rows = []
    for r in tr19:
        code = code_of[r["indicator"]]
        both = code == "trade_total" and f"{adcode(r)}|{r['year']}" in ok_t
        trade_rows.append(
            row(
                r,
                indicator=code,
                unit="千美元",
                value=r["value"],
                edition="current",
                source=f"{src_t} 指标:{r['indicator_zh']}(千美元)",
                checked="two_copies" if both else "single_copy",
                note="US dollars as published (no conversion to yuan); machine scrape of the NBS "
                "database (no header/footer), vintage about 2020-2021"
                + (f"; {MARK} {ref(tr24[0])} equal" if both else ""),
            )
        )
    for r in tr24:
        if int(r["year"]) >= 2020:
            trade_rows.append(
                row(
                    r,
                    indicator="trade_total",
                    unit="千美元",
                    value=r["value"],
                    edition="current",
                    source=f"{FSND} 指标:A060101 经营单位所在地进出口总额(千美元)",
                    checked="single_copy",
                    note="US dollars as published; machine scrape of the NBS database (unit not "
                    "stored in the copy; NBS unit 千美元); 2021-2023 rounded to 10000 千美元",
                )
            )

    # -- key products 2000-2019 ---------------------------------------------------------------
    prod = [
        r
        for r in read(shared / "industrial_products_nbs_fsnd_2000_2019.csv")
        if r["indicator"] in PRODUCTS
    ]
    a_prod = {k_atlas(r): r for r in atlas["products.csv"]}
    prod_rows, pr = [], []
    for r in prod:
        code, unit, places, unote = PRODUCTS[r["indicator"]]
        value = shift(r["value"], places)
        k = f"{code}|{adcode(r)}|{r['year']}"
        if k in a_prod:
            pr.append((k, f"{code} {adcode(r)} {r['year']}", a_prod[k]["value"], value))
            continue
        zero = (
            " ; the 2017 scrape prints 0 where other years are blank"
            if (r["year"] == "2017" and float(value) == 0)
            else ""
        )
        prod_rows.append(
            row(
                r,
                indicator=code,
                unit=unit,
                value=value,
                edition="current",
                source=f"{FSND} 工业>主要工业产品产量 指标:{r['indicator_zh']}",
                checked="single_copy",
                note=f"machine scrape of the NBS database, vintage about 2020-2021{zero}"
                + (f"; {unote}" if unote else ""),
            )
        )
    log.add(
        "Crude steel 2018: atlas (products.csv, NBS monthly Jan-Dec cumulative) vs the "
        "annual NBS database scrape",
        pr,
    )

    # -- GDP index (real growth) --------------------------------------------------------------
    ix_rows = []
    for name, edition in [
        ("gdp_index_nbs_fsnd_2000_2019.csv", "rev2019"),
        ("gdp_index_nbs_fsnd_2016_2024.csv", "rev2024"),
    ]:
        for r in read(shared / name):
            if r["indicator"] != "gdp_index_prev_year_100":
                continue
            ix_rows.append(
                row(
                    r,
                    indicator="gdp_index",
                    unit="上年=100",
                    value=r["value"],
                    edition=edition,
                    source=f"{FSND} 国民经济核算>地区生产总值指数 (上年=100)",
                    checked="single_copy",
                    note="before the 5th economic census revision (scrape of about 2020-2021)"
                    if edition == "rev2019"
                    else "direct NBS export; after the 5th economic census revision",
                )
            )

    write(OUT / "nbs_gdp_rev2019.csv", rev2019)
    write(OUT / "nbs_value_added_rev2024.csv", va_rows)
    write(OUT / "nbs_population_2000_2004.csv", pop_rows)
    write(OUT / "nbs_rd.csv", rd_rows)
    write(OUT / "trade.csv", trade_rows)
    write(OUT / "nbs_products_2000_2019.csv", prod_rows)
    write(OUT / "nbs_gdp_index.csv", ix_rows)
    for name in ("gdp.csv", "population.csv", "rd.csv"):
        with (OUT / name).open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, COLS, lineterminator="\n")
            w.writeheader()
            w.writerows(atlas[name])
    log.write()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None, help="the provincial data folder")
    given = parser.parse_args().shared
    found = [p / "shared" / "data" / "provincial" for p in ROOT.parents]
    main(given or next((p for p in found if p.is_dir()), found[0]))
