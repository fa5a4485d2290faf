"""Time hinterland's ARIO against BoARIO 0.7 on the shipped China table (2020 estimate).

Run: ``.venv/bin/python benchmarks/bench_ario_china.py`` (needs ``boario``, a dev extra). The same
comparison as ``bench_ario.py`` (whose BoARIO runner and settings it reuses: BoARIO's
``ARIOPsiModel`` defaults on both sides, capital = 4 x value added, linear recovery over 90
days), on the estimated 31 x 42 China table instead of a synthetic one. The shock: Shanghai's
electronics (310000, sector 20) loses 50 % of its productive capital on day 1.

The table as both models see it: Z, and final demand plus foreign exports as one column per
region (exports in the producing region's column); region-sectors with no output (e.g.
Beijing's oil and gas extraction) get a tiny output of 1e-9 of the smallest positive one in
both, because BoARIO divides by output. Prints the wall time of a 365-day run, every model timed
the same way (one warm-up run, then the best of ``REPEATS``; one BLAS thread each): ``simulate``
on the table's trade shares (the default, ``engine="auto"``) and on the step loop
(``engine="step"``), and BoARIO; the ratios, and the agreement of total output and of the
cumulative loss; then 16 scenarios batched (``simulate_batch``) on the table's trade
shares and on the dense flows (double and mixed precision), per scenario and against BoARIO's
run. No assertions.
"""

from __future__ import annotations

import logging
import tempfile
import time
import warnings

import numpy as np
from bench_ario import DAYS, RECOVERY_DAYS, REPEATS, _best, run_boario, to_pymrio
from threadpoolctl import threadpool_limits

from hinterland.mrio import china
from hinterland.mrio.dynamic import ARIOParams, BatchEvents, CapitalShock, simulate, simulate_batch

SHARE = 0.5


def main() -> None:
    """Run both models and print the comparison."""
    warnings.filterwarnings("ignore")
    logging.getLogger("boario").setLevel(logging.ERROR)
    m = china.load(2020)
    Z, Y, x, _ = (np.asarray(a, dtype=float) for a in m.to_arrays())
    R, S = len(m.regions), len(m.sectors)
    y = Y.reshape(R * S, R, -1).sum(axis=2)
    e = m.exports.to_numpy()
    y[np.arange(R * S), np.repeat(np.arange(R), S)] += e
    # negative inventory changes: BoARIO cannot ration them; fold into the own column's total
    y = np.maximum(y, 0.0)
    x = Z.sum(axis=1) + y.sum(axis=1)
    tiny = x[x > 0].min() * 1e-9
    x = np.where(x > 0, x, tiny)
    io = to_pymrio(Z, y, x)
    capital = 4.0 * np.maximum(x - Z.sum(axis=0), 0.0)
    hit = np.zeros(R * S, dtype=bool)
    hit[list(m.regions).index(310000) * S + list(m.sectors).index("20")] = True
    damage = np.where(hit, SHARE * capital, 0.0)
    print(f"China table 2020 (estimate): {R} x {S} = {R * S} industries")
    with threadpool_limits(1):
        params = ARIOParams.from_table(Z, y, x, R, S, capital=capital, input_threshold=1e-5 / 365)
        shock = CapitalShock(damage, day=1, duration=2, recovery_days=RECOVERY_DAYS)
        timed = {}
        for engine in ("auto", "step"):  # one warm-up run, then the best of REPEATS
            ours = simulate(params, shock, DAYS, engine=engine)
            timed[engine] = (_best(lambda e=engine: simulate(params, shock, DAYS, engine=e)), ours)
        with tempfile.TemporaryDirectory(prefix="bench_ario_china_") as out:
            run_boario(io, capital, damage, out)  # warm-up, as for hinterland
            runs = [run_boario(io, capital, damage, out) for _ in range(REPEATS)]
        theirs, _, b_run = min(runs, key=lambda r: r[2])
    tot_b = theirs.sum(axis=1)
    loss_b = float((tot_b[0] - tot_b[1:]).sum())
    print(f"365-day run (one warm-up, then the best of {REPEATS}; one BLAS thread each)")
    print(f"  BoARIO                                {b_run:8.3f} s")
    for engine, label in (
        ("auto", "trade shares (engine='auto')"),
        ("step", "step loop (engine='step')"),
    ):
        t_run, run = timed[engine]
        tot_o = run.production.sum(axis=1)
        loss_o = float((tot_o[0] - tot_o[1:]).sum())
        rel = np.abs(tot_o / tot_b - 1.0).max()
        print(
            f"  simulate, {label:29s}{t_run:8.3f} s  {b_run / t_run:6.1f}x BoARIO; loss "
            f"{loss_o:,.1f} vs {loss_b:,.1f} (100 million yuan, {loss_o / loss_b - 1:+.2e}); "
            "total output "
            f"within {rel:.1e} every day"
        )
    ours = timed["auto"][1]
    batched(params, damage, b_run, ours)


def batched(params, damage, b_run: float, ours) -> None:
    """16 scenarios (the shock at 1/16 .. 16/16 of twice its severity) batched, by strategy."""
    k = 16
    events = BatchEvents(np.outer(np.arange(1, k + 1) / k * 2.0, damage), 1, 2, RECOVERY_DAYS)
    loss = {}
    with threadpool_limits(1):
        for name, kw in (
            ("trade shares (auto)", {}),
            ("dense, double", {"flows": "dense"}),
            ("dense, mixed", {"flows": "dense", "precision": "mixed"}),
        ):
            c, t = time.process_time(), time.perf_counter()
            res = simulate_batch(params, events, DAYS, **kw)
            t, c = (time.perf_counter() - t) / k, (time.process_time() - c) / k
            loss[name] = res.total_output_loss()
            print(
                f"simulate_batch, {k} scenarios, {name:19s}: {t * 1e3:7.1f} ms per scenario "
                f"(CPU {c * 1e3:6.1f} ms), {b_run / t:6.1f}x BoARIO's single run"
            )
    one = ours.output_loss().sum()
    print(
        "scenario 8 (the shock itself) against simulate: relative difference of the loss "
        f"{abs(loss['trade shares (auto)'][7] / one - 1):.1e} (trade shares), "
        f"{abs(loss['dense, mixed'][7] / one - 1):.1e} (dense, mixed)"
    )


if __name__ == "__main__":
    main()
