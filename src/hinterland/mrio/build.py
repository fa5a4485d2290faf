r"""Estimate a China multi-regional input-output table by a documented non-survey method.

Inputs
------
- A national table: technical coefficients ``A`` (S x S, competitive imports, as NBS publishes
  them) and national sector outputs ``x_nat`` (S), e.g. the 17-sector 2007 table of the China
  Statistical Yearbook (flow table: 总产出 row; coefficients: 直接消耗系数表).
- Provincial value added by the three industries for one year (atlas indicators
  ``va_primary``, ``va_secondary``, ``va_tertiary``, 亿元), and distances between capitals.

Method (every step is an assumption; the result is an *estimate*, labelled so everywhere)
-------------------------------------------------------------------------------------
1. Value-added ratios ``v_s = 1 - sum_i a_is`` from the national coefficients.
2. Provincial sector value added: each province's three-industry value added is split across the
   sectors of that industry in proportion to the national sector value added ``v_s x_nat,s``
   (so within an industry every province has the national mix; key-product data can refine this
   later). Sector output ``x_rs = VA_rs / v_s``.
3. Intra-provincial coefficients by Flegg's location quotient (``delta``, default 0.3):
   :func:`hinterland.mrio.regionalise.flq_regional_coefficients`.
4. The rest of every national coefficient is bought from other provinces, split across origins by
   a gravity model over geodesic distances between capitals (exponent ``beta``, default 1):
   :func:`hinterland.mrio.regionalise.gravity_shares`. No split between other provinces and
   abroad is made (no provincial import data): foreign imports stay inside the competitive
   coefficients, as in the national table.
5. Final demand is the row residual ``y_ri = x_ri - sum Z_ri,.``. Where it is negative the
   province uses more of the good than it makes and sells: the excess is imported, and every
   user is assumed to import the same share (:func:`separate_net_imports`), so those rows of Z
   shrink and the removed flows become an imports row. The (non-negative) final demand is spread
   over destination provinces by the same gravity model, with an internal distance
   ``2/3 sqrt(area / pi)`` for the own province.
6. Value added ``v_rs = v_s x_rs``; then both accounting identities hold exactly
   (``x = Z1 + Y1`` and ``x = 1'Z + m + v``) and the provincial value added sums to the atlas
   GDP of each province.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hinterland.errors import DataError, ValidationError
from hinterland.mrio.regionalise import flq_regional_coefficients, gravity_shares

INDUSTRIES = ("primary", "secondary", "tertiary")


@dataclass(frozen=True, slots=True)
class NationalTable:
    """A national technical-coefficient matrix with sector outputs and industry membership."""

    sectors: tuple[str, ...]
    A: np.ndarray
    x: np.ndarray
    industry: tuple[str, ...]
    source: str

    def __post_init__(self) -> None:
        n = len(self.sectors)
        if self.A.shape != (n, n) or self.x.shape != (n,) or len(self.industry) != n:
            raise DataError(
                f"national table shapes do not match {n} sectors: A {self.A.shape}, "
                f"x {self.x.shape}, industry {len(self.industry)}"
            )
        bad = [s for s, i in zip(self.sectors, self.industry, strict=True) if i not in INDUSTRIES]
        if bad:
            raise DataError(f"sector(s) {bad} have no industry among {INDUSTRIES}")
        if not np.isfinite(self.A).all() or (self.A < 0).any():
            i, j = np.argwhere(~np.isfinite(self.A) | (self.A < 0))[0]
            raise DataError(
                f"coefficient {self.sectors[i]} -> {self.sectors[j]} is missing or negative"
            )
        col = self.A.sum(axis=0)
        if (col >= 1).any():
            j = int(np.argmax(col))
            raise DataError(f"coefficients of {self.sectors[j]} sum to {col[j]:.4f} >= 1")
        if not np.isfinite(self.x).all() or (self.x <= 0).any():
            j = int(np.argmax(~np.isfinite(self.x) | (self.x <= 0)))
            raise DataError(f"national output of {self.sectors[j]} is missing or not positive")


@dataclass(frozen=True, slots=True)
class BuiltArrays:
    """The arrays of an estimated MRIO (region-major order: index r * S + s)."""

    Z: np.ndarray
    Y: np.ndarray
    x: np.ndarray
    v: np.ndarray
    imports: np.ndarray


def internal_distance_km(area_km2: np.ndarray) -> np.ndarray:
    """Return the usual internal distance of a region, ``2/3 sqrt(area / pi)`` (km)."""
    return 2.0 / 3.0 * np.sqrt(np.asarray(area_km2, dtype=float) / np.pi)


def regional_outputs(nat: NationalTable, va_by_industry: np.ndarray) -> np.ndarray:
    """Return sector outputs ``x[r, s]`` from provincial value added by industry ``(R, 3)``."""
    va = np.asarray(va_by_industry, dtype=float)
    if va.ndim != 2 or va.shape[1] != len(INDUSTRIES):
        raise ValidationError(f"value added by industry must be (regions, 3); got {va.shape}")
    if not np.isfinite(va).all() or (va < 0).any():
        r = int(np.argwhere(~np.isfinite(va) | (va < 0))[0][0])
        raise DataError(f"provincial value added missing or negative for region number {r}")
    v_ratio = 1.0 - nat.A.sum(axis=0)
    va_nat = v_ratio * nat.x
    ind = np.array([INDUSTRIES.index(i) for i in nat.industry])
    within = va_nat / np.bincount(ind, weights=va_nat, minlength=3)[ind]
    return va[:, ind] * within[None, :] / v_ratio[None, :]


def build_arrays(
    nat: NationalTable,
    va_by_industry: np.ndarray,
    dist_km: np.ndarray,
    area_km2: np.ndarray,
    *,
    delta: float = 0.3,
    beta: float = 1.0,
) -> BuiltArrays:
    """Return Z, Y (one final-demand column per province), x and v of the estimated table."""
    x = regional_outputs(nat, va_by_industry)  # (R, S)
    n_reg, n_sec = x.shape
    a_rr = flq_regional_coefficients(nat.A, x, delta=delta)  # (R, i, j)
    rest = nat.A[None, :, :] - a_rr  # bought outside the province
    t = gravity_shares(x, dist_km, beta=beta)  # (s origin, r dest, i)
    # Z[(s,i),(r,j)] = (t[s,r,i] * rest[r,i,j] + [s == r] a_rr[r,i,j]) * x[r,j]
    coef = t[:, :, :, None] * rest[None, :, :, :]  # (s, r, i, j)
    idx = np.arange(n_reg)
    coef[idx, idx] += a_rr
    z4 = coef * x[None, :, None, :]
    Z = z4.transpose(0, 2, 1, 3).reshape(n_reg * n_sec, n_reg * n_sec)
    xf = x.reshape(-1)
    y_total = xf - Z.sum(axis=1)
    d = np.asarray(dist_km, dtype=float).copy()
    d[idx, idx] = internal_distance_km(area_km2)
    weights = d**-beta  # (origin, destination)
    weights = weights / weights.sum(axis=1, keepdims=True)
    Z, y_total, imports = separate_net_imports(Z, y_total, xf)
    pos = y_total.reshape(n_reg, n_sec)
    Y = (pos[:, :, None] * weights[:, None, :]).reshape(n_reg * n_sec, n_reg)
    v = (1.0 - nat.A.sum(axis=0))[None, :] * x
    return BuiltArrays(Z=Z, Y=Y, x=xf, v=v.reshape(-1), imports=imports)


def separate_net_imports(
    Z: np.ndarray, y: np.ndarray, x: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Turn negative final demand (net imports of a good) into imported intermediate inputs.

    Where :math:`y_i < 0` the users of good :math:`i` use more of it than is made at home; the
    excess :math:`-y_i` is imported. Assuming every user imports the same share of its purchases
    of :math:`i` (the proportional import assumption), row :math:`i` of :math:`Z` is scaled by
    :math:`x_i / (x_i - y_i)`, :math:`y_i` becomes 0 and the removed flows become imports of the
    using columns. Both identities still hold: rows :math:`x = Z' 1 + y'`, columns
    :math:`x = 1' Z' + m + v`.

    Returns
    -------
    Z', y', m : the adjusted flows, the non-negative final demand, imports by using column.
    """
    Z = np.array(Z, dtype=float)
    y = np.asarray(y, dtype=float).copy()
    neg = y < 0
    if not neg.any():
        return Z, y, np.zeros(Z.shape[1])
    keep = np.ones_like(y)
    keep[neg] = x[neg] / (x[neg] - y[neg])
    removed = Z * (1.0 - keep)[:, None]
    Z = Z * keep[:, None]
    y[neg] = 0.0
    return Z, y, removed.sum(axis=0)


# -- national tables from files ----------------------------------------------------------------
SECTORS_17_INDUSTRY = {
    "AGR": "primary",
    "MIN": "secondary", "FOOD": "secondary", "TEXT": "secondary", "OMAN": "secondary",
    "ELEC": "secondary", "PETR": "secondary", "CHEM": "secondary", "NMIN": "secondary",
    "METL": "secondary", "MACH": "secondary", "CONS": "secondary",
    "TRAN": "tertiary", "TRAD": "tertiary", "REAL": "tertiary", "FINA": "tertiary",
    "OSER": "tertiary",
}  # fmt: skip
"""NBS three-industry membership of the 17 sectors (construction is secondary industry)."""

NBS_2007_DIRECT = "nbs_io_2007_direct.csv"
NBS_2007_OUTPUTS = "nbs_io_2007_outputs.csv"


def _outputs_layout():
    from hinterland.rows import Column, Layout

    return Layout(
        (
            Column("code", empty=False),
            Column("output", "number", empty=False),
            Column("industry", "choice", required=False, empty=False, choices=INDUSTRIES),
        ),
        key=("code",),
    )


OUTPUTS_LAYOUT = _outputs_layout()
"""Rows of a national sector-output file (:mod:`hinterland.rows`)."""


def national_from_csv(coefficients, outputs, *, source: str = "") -> NationalTable:
    """Read a national table: a wide coefficient CSV and a CSV of sector outputs.

    ``coefficients`` has a column ``row`` with sector codes (other rows, such as totals, are
    ignored) and one column per sector code; ``outputs`` has columns ``code`` and ``output``.
    Sector codes must be those of :data:`SECTORS_17_INDUSTRY` or carry an ``industry`` column in
    ``outputs`` (primary, secondary, tertiary). Missing cells raise :class:`DataError` naming
    them: a national table with gaps cannot be regionalised.
    """
    from hinterland.atlas._files import finite_number, read_text_csv
    from hinterland.rows import read_rows

    out = read_rows(outputs, OUTPUTS_LAYOUT, comment=None).frame
    coef = read_text_csv(coefficients)
    codes = list(out["code"])
    if not codes:
        raise DataError(f"{outputs}: no sector rows")
    x = out["output"].to_numpy(dtype=float)
    missing_cols = [c for c in codes if c not in coef.columns]
    if "row" not in coef.columns or missing_cols:
        raise DataError(
            f"{coefficients}: missing column(s) {['row', *missing_cols][1:] or ['row']}"
        )
    rows = coef.assign(row=coef["row"].str.strip()).set_index("row")
    if rows.index.duplicated().any():
        raise DataError(f"{coefficients}: row {rows.index[rows.index.duplicated()][0]!r} twice")
    absent = [c for c in codes if c not in rows.index]
    if absent:
        raise DataError(
            f"{coefficients}: coefficient rows missing for sector(s) {absent}; the national "
            "table must be complete to build a regional table"
        )
    cells = rows.loc[codes, codes]
    blank = [(i, j) for i in codes for j in codes if cells.loc[i, j].strip() == ""]
    if blank:
        raise DataError(f"{coefficients}: empty coefficient cell(s) {blank[:5]}")
    a = np.array(
        [
            [
                finite_number(cells.loc[i, j], f"{coefficients}: row {i!r}, column {j!r}")
                for j in codes
            ]
            for i in codes
        ]
    )
    if "industry" in out.columns:
        industry = tuple(out["industry"])
    else:
        unknown_codes = [c for c in codes if c not in SECTORS_17_INDUSTRY]
        if unknown_codes:
            raise DataError(f"{outputs}: no industry given for sector(s) {unknown_codes}")
        industry = tuple(SECTORS_17_INDUSTRY[c] for c in codes)
    return NationalTable(
        sectors=tuple(codes),
        A=a,
        x=np.array(x, dtype=float),
        industry=industry,
        source=source or f"{coefficients}; {outputs}",
    )


TOTAL_ROWS = ("GO", "TI")
"""Accepted labels of the total-input row of a flow table (NBS codes: 总投入 TI, 总产出 GO)."""


def national_from_flows(flows, *, source: str = "") -> NationalTable:
    """Read a national intermediate-flow table and derive coefficients and outputs.

    Layout: a wide CSV whose column ``row`` holds the supplying sector codes (one row per
    sector, the intermediate flows in any one unit; the sectors are the labels that are both a
    row and a column), a total-input row labelled ``GO`` or ``TI``
    (total input = total output of each column sector), and optionally a row ``INDUSTRY`` giving
    each column's industry (``primary``, ``secondary``, ``tertiary``; not needed for the NBS 17
    codes). Other rows (value added, totals such as ``TII``) are ignored; columns other than the
    sector codes (final use, ``TIU``, ...) are ignored. ``A = Z / GO`` by column, ``x = GO``.

    Raises
    ------
    DataError
        Naming the file and the row, column or cell at fault: a missing total row, no sector,
        a repeated row, an empty or non-numeric cell, a negative flow, a total not above 0.
    """
    from hinterland.atlas._files import read_text_csv

    raw = read_text_csv(flows)
    if "row" not in raw.columns:
        raise DataError(f"{flows}: missing column 'row'")
    raw["row"] = raw["row"].str.strip()
    rows = raw.set_index("row")
    total = next((t for t in TOTAL_ROWS if t in rows.index), None)
    if total is None:
        raise DataError(f"{flows}: no total-input row (one of {list(TOTAL_ROWS)})")
    special = {*TOTAL_ROWS, "INDUSTRY"}
    codes = [c for c in rows.index if c not in special and c in rows.columns]
    if not codes:
        raise DataError(f"{flows}: no sector appears both as a row and as a column")
    if rows.index.duplicated().any():
        raise DataError(f"{flows}: row {rows.index[rows.index.duplicated()][0]!r} appears twice")

    def number(r: str, c: str) -> float:
        text = str(rows.at[r, c]).replace(",", "").strip()
        try:
            value = float(text)
        except ValueError:
            raise DataError(f"{flows}: row {r!r}, column {c!r}: not a number ({text!r})") from None
        if not np.isfinite(value):
            raise DataError(f"{flows}: row {r!r}, column {c!r}: not a finite number")
        return value

    Z = np.array([[number(r, c) for c in codes] for r in codes])
    if (Z < 0).any():
        i, j = np.argwhere(Z < 0)[0]
        raise DataError(f"{flows}: negative flow {codes[i]} -> {codes[j]} ({Z[i, j]:g})")
    x = np.array([number(total, c) for c in codes])
    if (x <= 0).any():
        j = int(np.argmax(x <= 0))
        raise DataError(f"{flows}: total input of {codes[j]} must be > 0 (got {x[j]:g})")
    if "INDUSTRY" in rows.index:
        industry = tuple(str(rows.at["INDUSTRY", c]).strip() for c in codes)
    else:
        unknown_codes = [c for c in codes if c not in SECTORS_17_INDUSTRY]
        if unknown_codes:
            raise DataError(
                f"{flows}: no INDUSTRY row, and sector(s) {unknown_codes[:5]} are not NBS 17 codes"
            )
        industry = tuple(SECTORS_17_INDUSTRY[c] for c in codes)
    return NationalTable(
        sectors=tuple(codes), A=Z / x[None, :], x=x, industry=industry, source=source or str(flows)
    )


def embedded_national() -> NationalTable:
    """Return the embedded NBS 2007 17-sector national table, or explain what is missing.

    The coefficients are transcribed from China Statistical Yearbook 2012 table 2-28 and the
    sector outputs from the 2007 flow table; see ``docs/data/nbs_io.md`` for what could be read.
    """
    from importlib import resources

    data = resources.files("hinterland.mrio") / "data"
    coef, outs = data / NBS_2007_DIRECT, data / NBS_2007_OUTPUTS
    if not outs.is_file():
        raise DataError(
            "the embedded NBS 2007 national table is incomplete: no sector outputs "
            f"({NBS_2007_OUTPUTS}) and only part of the coefficient table could be read (see "
            "docs/data/nbs_io.md); give a complete national table with "
            "`hinterland mrio build --coefficients FILE --outputs FILE`, or import a survey "
            "table with `hinterland mrio import`"
        )
    return national_from_csv(coef, outs, source="国家统计局《中国统计年鉴2012》表2-28 (2007)")


def build_china(
    year: int = 2010,
    *,
    national: NationalTable | None = None,
    delta: float = 0.3,
    beta: float = 1.0,
):
    """Estimate a 31-province MRIO for ``year`` from a national table and the atlas.

    Returns a validated :class:`hinterland.mrio.table.MRIO` with ``estimate=True`` and the
    method, parameters and inputs in ``meta``. Units: 亿元 (the atlas' value-added unit).
    """
    from hinterland.atlas import IndicatorTable, adcodes, regions
    from hinterland.atlas.geometry import areas_km2, capital_distances, provinces
    from hinterland.mrio.table import MRIO

    nat = national or embedded_national()
    tbl = IndicatorTable.default()
    va = np.column_stack([tbl.series(f"va_{k}", year).to_numpy(dtype=float) for k in INDUSTRIES])
    missing = [a for a, row in zip(adcodes(), va, strict=True) if not np.isfinite(row).all()]
    if missing:
        raise DataError(
            f"three-industry value added for {year} is missing for province(s) {missing}; "
            f"years complete in the atlas: {_complete_years(tbl)}"
        )
    dist = capital_distances().to_numpy()
    area = areas_km2(provinces().geometry).to_numpy()
    b = build_arrays(nat, va, dist, area, delta=delta, beta=beta)
    reg = list(regions().index)
    return MRIO.from_arrays(
        b.Z, b.Y, b.x, b.v, imports=b.imports,
        regions=reg, sectors=list(nat.sectors), categories=["final_demand"],
        unit="亿元 (100 million yuan)", year=int(year),
        source=f"hinterland estimate from {nat.source} and the atlas ({year})",
        estimate=True,
        meta={
            "method": "FLQ regionalisation + gravity trade, non-survey estimate",
            "delta": delta, "beta": beta, "national_table": nat.source,
            "provincial_inputs": f"atlas va_primary/secondary/tertiary {year}; capital distances",
        },
    )  # fmt: skip


def _complete_years(tbl) -> list[int]:
    return tbl.complete_years(*(f"va_{k}" for k in INDUSTRIES))
