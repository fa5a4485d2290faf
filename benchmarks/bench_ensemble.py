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
  southern straits and Hormuz) for n/4, n/2 and n samples (250, 500, 1,000 by default) on a
  local Dask cluster of 1 worker process and for n on 2, from the evaluator's build to the
  last chunk in the store, per scenario, and the ratio to BoARIO's single run; beside it the
  workers' CPU time per scenario against BoARIO's CPU time per run (the fairer ratio on a
  machine others load: neither counts the time a process waits for a core);
- the peak resident memory of the workers and the peak memory ``tracemalloc`` traces in the
  client, for each n: results stream to the store chunk by chunk, so neither should grow
  with n;
- BoARIO again after the ensembles (the load may have changed).

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


def boario_single(m, runs: int) -> tuple[float, float]:
    """Mean wall and CPU seconds of one BoARIO 365-day run (the bench_ario shock) on ``m``."""
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
    times, cpu = [], []
    with tempfile.TemporaryDirectory(prefix="bench_ens_") as out:
        for _ in range(runs):
            c = time.process_time()
            _, setup, loop = run_boario(io, capital, damage, out)
            cpu.append(time.process_time() - c)
            times.append(setup + loop)
    return float(np.mean(times)), float(np.mean(cpu))


def _worker_usage() -> tuple[float, float]:
    """CPU seconds and peak resident MiB of this (worker) process so far."""
    import resource

    return time.process_time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensemble(m, n: int, workers: int, store: str) -> dict:
    """Run ``n`` samples on a fresh local cluster: wall, worker CPU, peak worker RSS, client peak.

    The cluster is the runner's own (``LocalCluster``, one thread per worker process, one BLAS
    thread per task), started here so that the workers' CPU time and peak memory can be read.
    """
    from dask.distributed import Client, LocalCluster

    from hinterland.scenarios.runner import run

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                     dashboard_address=None, silence_logs=50,
                     scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        before = client.run(_worker_usage)
        tracemalloc.start()
        t0 = time.perf_counter()
        info = run("example:default", n=n, seed=7, store=store, table=m,
                   scheduler=cluster.scheduler_address)  # fmt: skip
        wall = time.perf_counter() - t0
        client_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        after = client.run(_worker_usage)
    assert info.n_samples == n
    cpu = sum(after[w][0] - before[w][0] for w in after)
    rss = max(after[w][1] for w in after)
    return {"wall": wall, "cpu": cpu, "rss": rss, "client": client_peak}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--table", choices=["synthetic", "active"], default="active")
    ap.add_argument("--boario-runs", type=int, default=2)
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    logging.getLogger("boario").setLevel(logging.ERROR)
    logging.getLogger("distributed").setLevel(logging.WARNING)  # BoARIO logs the root at INFO
    m = table(args.table)
    print(f"table: {m.source} ({len(m.regions)} x {len(m.sectors)}); n = {args.n}")
    print("load average (1, 5, 15 min) at the start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    b, b_cpu = boario_single(m, args.boario_runs)
    print(f"BoARIO, one 365-day run (mean of {args.boario_runs}, before): {b:9.2f} s "
          f"(CPU {b_cpu:.2f} s)")  # fmt: skip
    sizes = sorted({max(16, args.n // 4), max(32, args.n // 2), args.n})
    with tempfile.TemporaryDirectory(prefix="bench_ens_") as tmp:
        for workers, n in [(1, k) for k in sizes] + [(2, args.n)]:
            r = ensemble(m, n, workers, os.path.join(tmp, f"w{workers}n{n}.duckdb"))
            per, per_cpu = r["wall"] / n, r["cpu"] / n
            print(
                f"hinterland ensemble, {workers} worker(s), n = {n:5d}: {r['wall']:7.1f} s, "
                f"{per * 1e3:6.1f} ms per scenario = {b / per:6.1f}x BoARIO's single run "
                f"(wall); workers' CPU {per_cpu * 1e3:6.1f} ms per scenario = "
                f"{b_cpu / per_cpu:6.1f}x BoARIO's CPU per run; peak worker RSS "
                f"{r['rss']:5.0f} MiB, client traced peak {r['client']:4.0f} MiB"
            )
    b2, b2_cpu = boario_single(m, args.boario_runs)
    print(f"BoARIO, one 365-day run (mean of {args.boario_runs}, after):  {b2:9.2f} s "
          f"(CPU {b2_cpu:.2f} s); the ratios above use the run before")  # fmt: skip
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
