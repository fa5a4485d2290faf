"""The estimated China MRIO: 31 provinces x 42 NBS sectors, built, shipped and loaded.

``build(year, national=..., provincial=...)`` estimates the table from the NBS national 42-sector
table of ``year`` (:mod:`hinterland.mrio.nbs`) and the NBS provincial series
(:mod:`hinterland.mrio.provincial`) with the kernels of :mod:`hinterland.mrio.estimate`; the
method is in ``docs/mrio.md``. The result is an *estimate* (non-survey), flagged so in the
table (``estimate=True``) and its ``meta``.

The package ships the built tables for 2017, 2018 and 2020 in factored form
(``mrio/data/china_mrio_<year>.npz``, a few hundred kB each: outputs, trade shares, national
coefficients and final demand, from which Z and Y are expanded exactly on load) with their
metadata (``.json``). :func:`load` returns one as a validated :class:`~hinterland.mrio.MRIO`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from hinterland.errors import DataError
from hinterland.mrio.estimate import (
    BASIS,
    ChinaFactors,
    allocate_exports,
    assemble,
    sector_value_added,
    trade_shares,
)

__all__ = [
    "DEFAULT_YEAR",
    "build",
    "build_factors",
    "load",
    "save",
    "shipped_years",
]

DEFAULT_YEAR = 2020
YEARS = (2017, 2018, 2020)
"""Years with an NBS 42-sector table in the competitive layout."""
NATIONAL_FILE = "nbs_io_{year}_42_flows.csv"
NATIONAL_CITATION = (
    "国家统计局《中国投入产出表{year}》42部门 (competitive-import layout), as distributed in the "
    "R package ionet 0.2.2 (repository Carol-seven/ionet, data/china_{year}_{n}.rda, commit "
    "51145dcab476e75783af41a688488db1a4abeb56), aggregated to 42 sectors"
)
DETAIL = {2017: 149, 2018: 153, 2020: 153}
CATEGORIES = ("consumption", "capital_formation", "inventories")
FACTOR_FIELDS = ("x", "t", "A", "mu", "nu", "final", "inventories", "exports")
ESTIMATE_LABEL = "estimate (non-survey), not survey data"


def _concordance():
    import pandas as pd

    path = resources.files("hinterland.mrio") / "data" / "china_concordance.csv"
    with resources.as_file(path) as p:
        return pd.read_csv(p, dtype=str, keep_default_na=False)


def default_inputs() -> tuple[Path, Path]:
    """Return ``(national_dir, provincial_dir)`` of the published inputs.

    ``$HINTERLAND_SHARED_DATA`` if set, else the first ``shared/data`` folder beside the
    repository root or one of its parents (``../shared/data`` on the developers' machines and
    in CI; absent from an installed package, where ``--national`` and ``--provincial`` say where).
    """
    import os

    env = os.environ.get("HINTERLAND_SHARED_DATA")
    if env:
        base = Path(env)
    else:
        root = Path(__file__).resolve().parents[3]
        found = [p / "shared" / "data" for p in root.parents if (p / "shared" / "data").is_dir()]
        base = found[0] if found else root.parent / "shared" / "data"
    return base / "nbs_io", base / "provincial"


def _evidence(conc, prov, sectors) -> tuple[np.ndarray, np.ndarray]:
    n_reg = len(prov.adcodes)
    ev = np.full((n_reg, len(sectors)), np.nan)
    hint = np.zeros(len(sectors), dtype=np.int8)
    rows = conc.set_index("code")
    for k, code in enumerate(sectors):
        spec = rows.at[code, "evidence"]
        if not spec:
            continue
        if spec.startswith("emp:"):
            emp = prov.employment_mining
            ev[:, k] = emp / emp.sum()
            hint[k] = 2
            continue
        shares = []
        for p in spec.split(";"):
            q = prov.products[p]
            tot = np.nansum(q)
            if tot > 0:
                shares.append(q / tot)
        if shares:
            ev[:, k] = np.mean(shares, axis=0)  # NaN where any product is unreported
            hint[k] = 1
    return ev, hint


def build_factors(
    year: int = DEFAULT_YEAR,
    *,
    national: str | Path | None = None,
    provincial: str | Path | None = None,
    delta: float = 0.3,
    beta: float = 1.0,
    quotient: str = "flq",
) -> tuple[ChinaFactors, dict]:
    """Estimate the table of ``year``; return its factors and metadata (see :func:`build`)."""
    from hinterland.atlas import adcodes
    from hinterland.atlas.geometry import capital_distances
    from hinterland.mrio.nbs import read_nbs_flows
    from hinterland.mrio.provincial import GROUPS, read_provincial

    if quotient not in ("flq", "cilq", "slq"):
        raise DataError(f"unknown location quotient {quotient!r}; valid: flq, cilq, slq")
    if year not in YEARS:
        raise DataError(
            f"no NBS 42-sector table for {year}; the China table can be built for {list(YEARS)}"
        )
    nat_dir, prov_dir = default_inputs()
    nat_path = Path(national) if national is not None else nat_dir / NATIONAL_FILE.format(year=year)
    prov_path = Path(provincial) if provincial is not None else prov_dir
    if national is None and not nat_path.is_file():
        raise DataError(
            f"{nat_path}: the national NBS table is not here; give it with --national FILE"
        )
    nat = read_nbs_flows(
        nat_path, year=year,
        source=NATIONAL_CITATION.format(year=year, n=DETAIL[year]),
    )  # fmt: skip
    conc = _concordance()
    if list(conc["code"]) != list(nat.sectors):
        raise DataError(
            f"{nat_path}: sectors {list(nat.sectors)[:3]}... are not the NBS 42 codes 01..42"
        )
    products = sorted(
        {p for e in conc["evidence"] if e and not e.startswith("emp:") for p in e.split(";")}
    )
    prov = read_provincial(prov_path, year, products)
    group = np.array([GROUPS.index(g) for g in conc["group"]])

    total_va = nat.va.sum()
    gdp_sum = prov.gdp.sum()
    target = prov.gdp / gdp_sum * total_va
    ev, hint = _evidence(conc, prov, nat.sectors)
    va, basis = sector_value_added(
        nat.va, group, prov.va9, ev, hint, target, GROUPS.index("industry")
    )
    nu = nat.va_ratio
    x = va / nu[None, :]
    inv = x / nat.output[None, :] * nat.inventories[None, :]
    goods = np.array([g in ("agriculture", "industry") for g in conc["group"]])
    e = allocate_exports(x, x - inv, nat.exports, goods, prov.exports / prov.exports.sum())
    w = target / total_va  # final demand by destination: GDP shares (assumption)
    final = np.stack([nat.consumption, nat.gfcf], axis=-1)[None, :, :] * w[:, None, None]
    mu = nat.import_share
    A = nat.A
    final_dom = (1.0 - mu)[None, :] * final.sum(axis=-1)
    supply = x - e - inv
    dist = capital_distances().to_numpy()
    t = trade_shares(
        (1.0 - mu)[:, None] * A, x, final_dom, supply, dist, delta=delta, beta=beta,
        quotient=quotient,
    )  # fmt: skip
    factors = ChinaFactors(x=x, t=t, A=A, mu=mu, nu=nu, final=final, inventories=inv, exports=e)
    meta = {
        "method": (
            "non-survey estimate: provincial value added by sector from the nine-industry "
            "accounts and industrial-product evidence (RAS to national sector value added and "
            "provincial GDP shares), national technology, proportional import shares, goods "
            "exports by provincial export shares, Chenery-Moses trade shares from an FLQ + "
            "gravity seed balanced by RAS to provincial supply and demand"
        ),
        "estimate": ESTIMATE_LABEL,
        "year": int(year),
        "delta": float(delta),
        "quotient": quotient,
        "beta": float(beta),
        "national_table": nat.source,
        "provincial_inputs": prov.sources,
        "provincial_years": prov.notes,
        "gdp_gap": (
            f"provincial GDP sum {gdp_sum:,.1f} 亿元 vs national value added {total_va:,.1f} 亿元 "
            f"({(gdp_sum / total_va - 1) * 100:+.2f}%); closed by scaling every province by the "
            "same factor, so each province's share of value added equals its GDP share"
        ),
        "final_demand": "by destination province in proportion to GDP (assumption)",
        "imports": (
            "proportional import assumption: mu_i = IM_i / (TIU_i + TC_i + FU201_i), the same for "
            "every user; inventory changes are domestic goods of the producing province"
        ),
        "exports": (
            "goods (sectors 01-26) by RAS on provincial goods-export shares "
            f"({prov.notes['exports']}); services in proportion to output"
        ),
        "basis": {v: k for k, v in BASIS.items()},
        "basis_cells": basis.tolist(),
        "sector_names_zh": list(nat.names_zh),
        "sector_names_en": list(nat.names_en),
        "sectors": list(nat.sectors),
        "regions": [int(a) for a in adcodes()],
    }
    return factors, meta


def to_mrio(factors: ChinaFactors, meta: dict):
    """Return the validated :class:`~hinterland.mrio.MRIO` of a factored China table."""
    from hinterland.mrio.table import MRIO

    Z, Y, x, v, e, m = assemble(factors)
    year = int(meta["year"])
    return MRIO.from_arrays(
        Z, Y, x, v, exports=e, imports=m,
        regions=meta["regions"], sectors=meta["sectors"], categories=list(CATEGORIES),
        unit="亿元", year=year,
        source=f"hinterland China MRIO {year} (estimate) from the NBS {year} 42-sector table "
        "and NBS provincial series",
        estimate=True,
        meta=dict(meta),
    )  # fmt: skip


def build(year: int = DEFAULT_YEAR, **kwargs):
    """Estimate the China MRIO of ``year`` and return it as a validated MRIO.

    Parameters
    ----------
    year : 2017, 2018 or 2020.
    national : path of the NBS 42-sector flow table (default: the published CSV in
        ``../shared/data/nbs_io``).
    provincial : folder of the NBS provincial series (default ``../shared/data/provincial``).
    delta : FLQ size parameter (default 0.3).
    quotient : location quotient of the own-province share: "flq" (default), "cilq", "slq".
    beta : gravity distance exponent (default 1).
    """
    return to_mrio(*build_factors(year, **kwargs))


def save(factors: ChinaFactors, meta: dict, path: str | Path) -> Path:
    """Write the factored table to ``path`` (``.npz``) and its metadata beside it (``.json``)."""
    import io

    from hinterland._io import write_file

    path = Path(path)
    if path.suffix != ".npz":
        raise DataError(f"{path}: a China table is written as FILE.npz")
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{k: getattr(factors, k) for k in FACTOR_FIELDS})
    write_file(path.with_suffix(".json"), json.dumps(meta, ensure_ascii=False, indent=1))
    write_file(path, buffer.getvalue())  # each file atomically: complete or not at all
    return path


def read_factors(path: str | Path) -> tuple[ChinaFactors, dict]:
    """Read a factored table written by :func:`save`."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as data:
            factors = ChinaFactors(**{k: data[k] for k in FACTOR_FIELDS})
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, KeyError, ValueError) as exc:
        raise DataError(f"{path}: not a hinterland China table ({exc})") from None
    return factors, meta


def shipped_path(year: int) -> Path:
    """Return the path of the shipped table of ``year`` (it may not exist)."""
    return Path(str(resources.files("hinterland.mrio") / "data" / f"china_mrio_{year}.npz"))


def shipped_years() -> list[int]:
    """Return the years whose estimated table ships with the package."""
    return [y for y in YEARS if shipped_path(y).is_file()]


@lru_cache(maxsize=3)
def load(year: int = DEFAULT_YEAR):
    """Return the shipped estimated table of ``year`` (cached; the MRIO is immutable)."""
    if year not in shipped_years():
        raise DataError(
            f"no China table for {year}; shipped: {shipped_years()} "
            "(build another with `hinterland mrio build --year Y`)"
        )
    return to_mrio(*read_factors(shipped_path(year)))


def is_china_table(m) -> bool:
    """Whether ``m`` is an estimate built by this module (shipped or rebuilt)."""
    return bool(m.estimate) and "basis_cells" in m.meta and len(m.sectors) == 42


def exposure_over_time(frontline: str = "third_front:first_line", sectors=None):
    """Hinterland output share and backup ratio of the key sectors in every shipped year.

    Returns a DataFrame indexed by sector with columns ``(measure, year)``, measures
    ``hinterland_output_share`` and ``backup_ratio`` (as in
    :func:`hinterland.mrio.analysis.exposure`).
    """
    import pandas as pd

    from hinterland.layout.from_table import KEY_SECTORS_42
    from hinterland.mrio.analysis import exposure

    keys = list(sectors or KEY_SECTORS_42)
    parts = {}
    for y in shipped_years():
        e = exposure(load(y), frontline).loc[keys, ["hinterland_output_share", "backup_ratio"]]
        parts[y] = e
    out = pd.concat(parts, axis=1).swaplevel(axis=1).sort_index(axis=1)
    out.columns.names = ["measure", "year"]
    return out


def description(m):
    """The catalogue message naming the table (for notes beside results, in any language)."""
    from hinterland.messages import msg

    return msg("mrio.china.describe", year=m.year)


def describe(m, lang: str = "zh") -> str:
    """One line naming the table in the reader's language (for notes beside results)."""
    return description(m).text(lang)
