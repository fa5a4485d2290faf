"""Time hinterland's Theil decomposition and Gini against PySAL ``inequality`` on the same data.

Run: ``.venv/bin/python benchmarks/bench_inequality.py``. Prints one line per case with both
times and the ratio (PySAL / hinterland; above 1 means hinterland is faster). No assertions.
"""

from __future__ import annotations

import timeit

import numpy as np
from inequality.gini import Gini
from inequality.theil import Theil, TheilD

from hinterland.metrics import gini, theil_decomposition, theil_t


def best(fn, number: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=5)) / number


def main() -> None:
    rng = np.random.default_rng(7)
    print(f"{'case':<38} {'hinterland':>12} {'PySAL':>12} {'ratio':>8}")
    for n, groups in ((31, 4), (2_850, 31), (100_000, 31)):
        y = rng.lognormal(10, 0.5, n)
        g = rng.integers(0, groups, n)
        number = 200 if n < 1000 else 5
        cases = {
            f"Theil T, n={n}": (lambda y=y: theil_t(y), lambda y=y: Theil(y).T),
            f"Theil decomposition, n={n}, G={groups}": (
                lambda y=y, g=g: theil_decomposition(y, g),
                lambda y=y, g=g: TheilD(y, g).bg,
            ),
        }
        if n <= 2_850:  # PySAL's Gini builds an n x n matrix
            cases[f"Gini, n={n}"] = (lambda y=y: gini(y), lambda y=y: Gini(y).g)
        for name, (ours, peer) in cases.items():
            t_ours, t_peer = best(ours, number), best(peer, number)
            print(
                f"{name:<38} {t_ours * 1e6:>10.1f}us {t_peer * 1e6:>10.1f}us "
                f"{t_peer / t_ours:>7.1f}x"
            )


if __name__ == "__main__":
    main()
