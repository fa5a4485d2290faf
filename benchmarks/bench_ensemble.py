"""Time an ensemble of ARIO-365 scenarios per scenario against one BoARIO run, 1 and 2 workers.

Run: ``.venv/bin/python benchmarks/bench_ensemble.py [--n 1000] [--table active|synthetic]``
(needs ``boario``, a dev dependency). Prints, in one run, with the load average of the machine
before and after (it is shared: ratios measured in the same run are what to compare):

- BoARIO 0.7's time for one 365-day ``ARIOPsiModel`` run on the same table and the default
  shock of ``bench_ario.py`` (measured on ``--boario-runs`` runs, their mean; the per-scenario
  ratio below extrapolates that single-run time to the ensemble, which BoARIO would run one
  scenario after another);
- the wall time of ``hinterland ensemble run example:default`` (the shipped spec: a coastal
  manufacturing shock with uncertain severity, duration and recovery, and closures of the
  southern straits and Hormuz) for ``--n`` samples on a local Dask cluster of 1 and of 2
  worker processes, from the first task to the last chunk in the store, per scenario, and the
  ratio to BoARIO's single run;
- the peak memory traced by ``tracemalloc`` in-process (``workers=0``) for n/4, n/2 and n
  samples (250, 500, 1,000 by default), with the in-process wall time: results stream to the
  store chunk by chunk, so the peak should not grow with n.

The table: ``active`` (default), the active table (the estimated 31 x 42 China MRIO shipped
with the package), or ``synthetic``, the seeded 31 x 42 table of ``bench_ario.py`` labelled
with the 31 provinces and NBS 42-sector codes 01..42. Both models run with one BLAS thread per
process.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
import tracemalloc
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))

from bench_ario import PROVINCES, R, S, run_boario, synthetic_mrio, to_pymrio


def table(kind: str):
    from hinterland.mrio.table import MRIO

    if kind == "active":
        from hinterland.mrio.store import active

        return active()
    Z, Y, x = synthetic_mrio()
    return MRIO.from_arrays(
        Z, Y, x, x - Z.sum(axis=0), regions=list(PROVINCES),
        sectors=[f"{i:02d}" for i in range(1, S + 1)], categories=["final_demand"],
        unit="synthetic money", year=2020, source="bench_ario synthetic 31 x 42 table",
        estimate=True,
    )  # fmt: skip


def boario_single(m, runs: int) -> float:
    """Mean seconds of one BoARIO 365-day run (the bench_ario shock) on ``m``."""
    import pymrio
    from bench_ario import SHARE, SHOCKED_REGION, SHOCKED_SECTORS

    from hinterland.mrio.build import separate_net_imports

    Z, Y, x, _ = m.to_arrays()
    Z = Z.toarray() if hasattr(Z, "toarray") else np.asarray(Z)
    y = Y.sum(axis=1) + m.exports.to_numpy()
    Z, y, _ = separate_net_imports(Z, y, x)  # as the ensemble's evaluator does
    Y_own = np.zeros((R * S, R))
    Y_own[np.arange(R * S), np.arange(R * S) // S] = y  # totals are what both models use
    io = to_pymrio(Z, Y_own, Z.sum(axis=1) + y)
    io.A = pymrio.calc_A(io.Z, io.x)
    capital = 4.0 * np.maximum(io.x.to_numpy()[:, 0] - Z.sum(axis=0), 0.0)
    hit = np.zeros(R * S, dtype=bool)
    hit[[SHOCKED_REGION * S + s for s in SHOCKED_SECTORS]] = True
    damage = np.where(hit, SHARE * capital, 0.0)
    times = []
    with tempfile.TemporaryDirectory(prefix="bench_ens_") as out:
        for _ in range(runs):
            _, setup, loop = run_boario(io, capital, damage, out)
            times.append(setup + loop)
    return float(np.mean(times))


def ensemble(m, n: int, workers: int, store: str) -> float:
    from hinterland.scenarios.runner import run

    t0 = time.perf_counter()
    info = run("example:default", n=n, seed=7, store=store, workers=workers, table=m)
    assert info.n_samples == n
    return time.perf_counter() - t0


def peak_memory(m, n: int, store: str) -> float:
    from hinterland.scenarios.runner import run

    tracemalloc.start()
    run("example:default", n=n, seed=3, store=store, workers=0, table=m)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--table", choices=["synthetic", "active"], default="active")
    ap.add_argument("--boario-runs", type=int, default=2)
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    logging.getLogger("boario").setLevel(logging.ERROR)
    m = table(args.table)
    print(f"table: {m.source} ({len(m.regions)} x {len(m.sectors)}); n = {args.n}")
    print("load average (1, 5, 15 min) at the start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    b = boario_single(m, args.boario_runs)
    print(f"BoARIO, one 365-day run (mean of {args.boario_runs}):      {b:9.2f} s")
    with tempfile.TemporaryDirectory(prefix="bench_ens_") as tmp:
        for workers in (1, 2):
            t = ensemble(m, args.n, workers, os.path.join(tmp, f"w{workers}.duckdb"))
            per = t / args.n
            print(
                f"hinterland ensemble, {workers} worker(s): {t:9.1f} s total, "
                f"{per * 1e3:8.1f} ms per scenario, {b / per:7.1f}x BoARIO's single run"
            )
        for i, size in enumerate(sorted({max(16, args.n // 4), max(32, args.n // 2), args.n})):
            t = time.perf_counter()
            mem = peak_memory(m, size, os.path.join(tmp, f"m{i}.duckdb"))
            t = time.perf_counter() - t
            print(
                f"in-process (workers=0, traced), n = {size:5d}: peak traced memory "
                f"{mem:6.0f} MiB, {t:7.1f} s, {t / size * 1e3:6.1f} ms per scenario"
            )
    print("(BoARIO's time per scenario is its single-run time, extrapolated: not run n times)")
    print("load average (1, 5, 15 min) at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        main()
    else:
        with threadpool_limits(limits=1):
            main()
