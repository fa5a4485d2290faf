"""Build the shipped China MRIO tables and their sensitivity table from the published inputs.

Run from the repository root with ``../shared/data`` beside it (or ``HINTERLAND_SHARED_DATA``)::

    .venv/bin/python scripts/build_china_tables.py            # tables and sensitivity
    .venv/bin/python scripts/build_china_tables.py --tables   # tables only

Writes ``src/hinterland/mrio/data/china_mrio_<year>.npz`` (+ ``.json``) for 2017, 2018, 2020,
and ``china_sensitivity_2020.csv`` (FLQ delta x gravity beta grid, see
``hinterland.mrio.robustness``). The build is deterministic: the same inputs give the same
arrays (``tests/mrio/test_mrio_china.py`` rebuilds 2020 and compares).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from hinterland.mrio import china, robustness

DATA = Path(__file__).resolve().parents[1] / "src" / "hinterland" / "mrio" / "data"


def main(argv: list[str]) -> None:
    """Build and write the tables (and, unless ``--tables``, the sensitivity grid)."""
    for year in china.YEARS:
        t0 = time.perf_counter()
        factors, meta = china.build_factors(year)
        path = china.save(factors, meta, DATA / f"china_mrio_{year}.npz")
        print(f"{path.name}: {time.perf_counter() - t0:.2f} s; {meta['gdp_gap']}")
    if "--tables" in argv:
        return
    t0 = time.perf_counter()
    table = robustness.sensitivity(2020)
    table.to_csv(DATA / robustness.SENSITIVITY_FILE, index=False, float_format="%.10g")
    print(f"{robustness.SENSITIVITY_FILE}: {len(table)} rows, {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
