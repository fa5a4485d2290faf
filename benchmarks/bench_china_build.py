"""Time the China MRIO build and load (no peer builds this table; times only, no ratio).

Run: ``.venv/bin/python benchmarks/bench_china_build.py`` with ``../shared/data`` beside the
repository. Prints, best of 3 (wall clock): reading the inputs and estimating the 2020 table
(``china.build_factors``), expanding and validating it as an MRIO (``china.to_mrio``), and
loading the shipped table (``china.read_factors`` + ``to_mrio``).
"""

from __future__ import annotations

import time

from hinterland.mrio import china


def best(fn, repeats: int = 3) -> float:
    """Best wall-clock time of ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    """Print the three timings."""
    factors, meta = china.build_factors(2020)  # warm-up (imports, atlas geometry)
    t_build = best(lambda: china.build_factors(2020))
    t_mrio = best(lambda: china.to_mrio(factors, meta))
    t_load = best(lambda: china.to_mrio(*china.read_factors(china.shipped_path(2020))))
    print(f"estimate 2020 from the published inputs: {t_build:.2f} s")
    print(f"expand + validate as MRIO (1,302 rows):  {t_mrio:.2f} s")
    print(f"load the shipped table:                  {t_load:.2f} s")


if __name__ == "__main__":
    main()
