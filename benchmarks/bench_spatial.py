"""Time hinterland's Moran's I and local Moran (LISA) against PySAL esda on the 31 provinces.

Run: ``.venv/bin/python benchmarks/bench_spatial.py`` (needs ``esda`` and ``libpysal``, dev
dependencies). Same data (GDP per head 2023, latest edition), same weights (queen contiguity of
the province boundaries, row-standardised), 999 permutations on both sides; best of 5 runs of
each, after one warm-up run (esda's numba kernels compile on first use; esda.Moran takes no
seed). Prints the times and the ratio (esda / hinterland; above 1 means hinterland is faster).
No assertions.
"""

from __future__ import annotations

import time
import warnings

import esda
import libpysal

from hinterland.atlas import IndicatorTable
from hinterland.atlas.geometry import provinces
from hinterland.metrics.spatial import local_moran, moran, row_standardise

warnings.filterwarnings("ignore")


def best(f, repeat: int = 5) -> float:
    f()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    w = libpysal.weights.Queen.from_dataframe(provinces(), use_index=True)
    w.transform = "r"
    codes = list(w.id_order)
    y = IndicatorTable.default().series("gdp_per_capita", 2023).loc[codes].to_numpy()
    W = row_standardise(w.full()[0])
    for name, ours, peer in [
        (
            "global Moran's I",
            lambda: moran(y, W, permutations=999, rng=1),
            lambda: esda.Moran(y, w, permutations=999),
        ),
        (
            "local Moran (LISA)",
            lambda: local_moran(y, W, permutations=999, rng=1),
            lambda: esda.Moran_Local(y, w, permutations=999, seed=1),
        ),
    ]:
        t_ours, t_peer = best(ours), best(peer)
        print(
            f"{name:20s} hinterland {t_ours * 1e3:8.2f} ms   esda {t_peer * 1e3:8.2f} ms   "
            f"ratio esda/hinterland {t_peer / t_ours:6.2f}"
        )


if __name__ == "__main__":
    main()
