"""Time hinterland's ARIO model against BoARIO 0.7 on one 31 x 42 MRIO and one shock.

Run: ``.venv/bin/python benchmarks/bench_ario.py`` (needs ``boario`` and its ``progressbar2``
dependency, dev extras). Prints the wall time of a 365-day run in each model, timed the same way
(one warm-up run, then the best of ``REPEATS``): hinterland's ``simulate`` (full daily
trajectories and final state) on the table's trade shares (the default, ``engine="auto"``; the
synthetic table has regional trade coefficients) and on the step loop (``engine="step"``),
``simulate_batch`` with one scenario in double and in mixed precision (aggregates
only), and BoARIO; the ratio (BoARIO / hinterland; above 1 means hinterland is faster), the
total output loss of each against BoARIO's, how close the trajectories are, and the time of the
static capacity-constrained solve. No assertions.

The table. A synthetic but realistic 31-region x 42-sector MRIO, seeded: a 42 x 42 technology
with value-added shares of 25-60 % of output and about a third of the input coefficients zero;
each product bought from every region in proportion to the supplier's size over distance^1.5,
with home bias (strong for the non-traded sectors); final demand by destination region; output
solved from the Leontief system and ``Z = A diag(x)``, so the table balances exactly.

The shock. Region 320000 (Jiangsu) loses 30 % of the productive capital of six manufacturing
sectors on day 1; capacity comes back linearly over 90 days (no rebuilding demand).

How the models are made comparable. Same table, same capital (4 x value added, passed to both),
BoARIO's ``ARIOPsiModel`` defaults on both sides (90 days of inventories restored with a 60-day
characteristic time, psi = 0.8, overproduction up to 1.25 with a 365-day characteristic time,
orders split by supplier capacity = BoARIO ``order_type="alt"``), BoARIO's effective input
threshold (its 1e-5 compares yearly inputs with daily output, i.e. 1e-5/365 on coefficients).
The event is BoARIO's ``EventKapitalRecover`` (occurrence 1, duration 1, linear recovery over
90 steps, monetary factor 10^6 so its damages are rounded at 1e-7); BoARIO applies its recovery
function one step after the one it computes it in, so hinterland's shock has ``duration=2``.
What differs: BoARIO rounds the damages it recovers to 1e-7 (money units), which moves single
industries by about 1e-8 (relative) from day 3 on; hinterland decays overproduction whenever
demand is met (Hallegatte 2008) where BoARIO decays it only when scarcity is exactly zero,
which shows after about day 200; BoARIO skips inventory updates and gap orders when a whole
matrix is within ``numpy.allclose`` of its target. Rows compared: days 0..365 (BoARIO step
``t`` is hinterland day ``t``; both start at the baseline). Both run with one BLAS thread
(threadpoolctl), which keeps the timings stable on a shared 2-core machine.
"""

from __future__ import annotations

import logging
import tempfile
import time
import warnings

import numpy as np
import pandas as pd
import pymrio
from scipy.linalg import lu_factor

from hinterland.mrio.dynamic import ARIOParams, BatchEvents, CapitalShock, simulate, simulate_batch
from hinterland.mrio.shocks import CapacityShock, constrained_output

PROVINCES = (
    110000, 120000, 130000, 140000, 150000, 210000, 220000, 230000, 310000, 320000, 330000,
    340000, 350000, 360000, 370000, 410000, 420000, 430000, 440000, 450000, 460000, 500000,
    510000, 520000, 530000, 540000, 610000, 620000, 630000, 640000, 650000,
)  # fmt: skip
R, S, DAYS = 31, 42, 365
SHOCKED_REGION = PROVINCES.index(320000)
SHOCKED_SECTORS = (12, 13, 16, 18, 19, 20)  # chemicals, metals, machinery, vehicles, electrical
SHARE, RECOVERY_DAYS = 0.3, 90
REPEATS = 2


def _best(call) -> float:
    """Best wall time of REPEATS calls."""
    times = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        call()
        times.append(time.perf_counter() - t)
    return min(times)


def synthetic_mrio(seed: int = 2026) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return a balanced (Z, Y, x): Z (n, n), Y (n, R) by destination region, x (n,)."""
    rng = np.random.default_rng(seed)
    n = R * S
    tech = rng.gamma(0.5, 1.0, (S, S)) * (rng.random((S, S)) > 0.33)
    tech[np.arange(S), np.arange(S)] += 0.5  # own-sector purchases are never zero
    va_share = rng.uniform(0.25, 0.60, S)
    tech *= (1.0 - va_share) / tech.sum(axis=0)
    size = rng.lognormal(0.0, 0.8, R)[:, None] * rng.lognormal(0.0, 0.6, (R, S))
    xy = rng.uniform(0, 30, (R, 2))
    dist = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) + 1.0
    traded = np.r_[np.ones(27), np.full(S - 27, 0.15)]  # the last 15 sectors: services
    home = np.eye(R)[None, :, :] * (3.0 / traded)[:, None, None]
    pull = size.T[:, :, None] * dist[None, :, :] ** -1.5 * (1.0 + home)  # (S, R_o, R_d)
    share = pull / pull.sum(axis=1, keepdims=True)
    # A[(o, p), (d, s)] = share[p, o, d] * tech[p, s]
    A = np.einsum("pod,ps->opds", share, tech).reshape(n, n)
    fd = size * rng.uniform(0.5, 1.5, S)[None, :]  # final demand of region d for product p
    Y = np.einsum("pod,dp->opd", share, fd).reshape(n, R)
    x = np.linalg.solve(np.eye(n) - A, Y.sum(axis=1))
    return A * x[None, :], Y, x


def to_pymrio(Z: np.ndarray, Y: np.ndarray, x: np.ndarray) -> pymrio.IOSystem:
    regions = [str(c) for c in PROVINCES]
    sectors = [f"S{s:02d}" for s in range(S)]
    idx = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])
    cols = pd.MultiIndex.from_product([regions, ["final demand"]], names=["region", "category"])
    io = pymrio.IOSystem(
        Z=pd.DataFrame(Z, idx, idx),
        Y=pd.DataFrame(Y, idx, cols),
        x=pd.DataFrame(x, idx, ["indout"]),
    )
    io.A = pymrio.calc_A(io.Z, io.x)
    return io


def run_boario(io: pymrio.IOSystem, capital: np.ndarray, damage: np.ndarray, out: str):
    from boario.event import from_series
    from boario.extended_models import ARIOPsiModel
    from boario.simulation import Simulation

    t0 = time.perf_counter()
    model = ARIOPsiModel(io, order_type="alt", productive_capital_vector=capital)
    hit = damage > 0
    event = from_series(
        pd.Series(damage[hit], index=io.Z.index[hit]),
        event_type="recovery",
        occurrence=1,
        duration=1,
        recovery_tau=RECOVERY_DAYS,
        recovery_function="linear",
        event_monetary_factor=10**6,
    )
    sim = Simulation(model, n_temporal_units_to_sim=DAYS + 1, boario_output_dir=out)
    sim.add_event(event)
    t1 = time.perf_counter()
    sim.loop()
    t2 = time.perf_counter()
    return sim.production_realised.to_numpy()[: DAYS + 1], t1 - t0, t2 - t1


def main() -> None:
    warnings.filterwarnings("ignore")
    logging.getLogger("boario").setLevel(logging.ERROR)
    Z, Y, x = synthetic_mrio()
    n = R * S
    io = to_pymrio(Z, Y, x)
    capital = 4.0 * (x - Z.sum(axis=0))
    hit = np.zeros(n, dtype=bool)
    hit[[SHOCKED_REGION * S + s for s in SHOCKED_SECTORS]] = True
    damage = np.where(hit, SHARE * capital, 0.0)
    print(f"table: {R} regions x {S} sectors = {n} industries; A has {np.mean(Z > 0):.0%} non-zero")

    # every model timed the same way: one warm-up run, then the best of REPEATS full runs
    t0 = time.perf_counter()
    params = ARIOParams.from_table(Z, Y, x, R, S, capital=capital, input_threshold=1e-5 / 365)
    shock = CapitalShock(damage, day=1, duration=2, recovery_days=RECOVERY_DAYS)
    t1 = time.perf_counter()
    one = BatchEvents(damage[None, :], day=1, duration=2, recovery_days=RECOVERY_DAYS)
    ours, single = None, {}
    variants = {
        "simulate (trade shares, default)": lambda: simulate(params, shock, DAYS),
        "simulate, engine='step'": lambda: simulate(params, shock, DAYS, engine="step"),
        "simulate_batch k=1, double": lambda: simulate_batch(params, one, DAYS),
        "simulate_batch k=1, mixed": lambda: simulate_batch(params, one, DAYS, precision="mixed"),
    }
    for name, call in variants.items():
        result = call()  # warm-up
        single[name] = (_best(call), result)
        ours = result if ours is None else ours
    t_setup = t1 - t0

    with tempfile.TemporaryDirectory(prefix="bench_ario_") as out:
        run_boario(io, capital, damage, out)  # warm-up
        timed = [run_boario(io, capital, damage, out) for _ in range(REPEATS)]
    theirs, b_setup, b_run = min(timed, key=lambda r: r[2])

    print(f"\n365-day ARIO run, {n} industries                    hinterland      BoARIO   ratio")
    print(f"  setup (model + event)                  {t_setup:>10.3f} s {b_setup:>9.3f} s "
          f"{b_setup / t_setup:>6.1f}x")  # fmt: skip
    loss_b = float((theirs[0] - theirs[1:]).sum())
    for name, (secs, result) in single.items():
        loss = (
            result.total_output_loss()
            if hasattr(result, "production")
            else float(result.total_output_loss()[0])
        )
        print(f"  {name:<37}{secs:>10.3f} s {b_run:>9.3f} s {b_run / secs:>6.1f}x   "
              f"total loss {loss / loss_b - 1:+.1e} vs BoARIO")  # fmt: skip
    print(f"  (each: one warm-up run, then the best of {REPEATS}; wall time, same process)")

    mine = ours.production
    tot_o, tot_b = mine.sum(axis=1), theirs.sum(axis=1)
    rel = np.abs(tot_o / tot_b - 1.0)
    ind = np.abs(mine - theirs) / np.maximum(theirs, 1e-300)
    loss_o = float((mine[0] - mine[1:]).sum()) / tot_o[0]
    loss_b = float((theirs[0] - theirs[1:]).sum()) / tot_b[0]
    first = [int(np.argmax(rel > t)) if (rel > t).any() else "never" for t in (1e-12, 1e-9, 1e-6)]
    print("\nagreement of the output trajectories (days 0..365)")
    print(f"  max relative difference, total output       {rel.max():.2e} (day {rel.argmax()})")
    print(f"  max relative difference, any industry-day   {ind.max():.2e}")
    print(f"  first day differing by > 1e-12, 1e-9, 1e-6  {first[0]}, {first[1]}, {first[2]}")
    print(
        f"  cumulative output loss, days of baseline output: hinterland {loss_o:.5f}, "
        f"BoARIO {loss_b:.5f} (relative difference {abs(loss_o / loss_b - 1):.1e})"
    )
    days = [1, 2, 10, 30, 60, 90, 120, 180, 365]
    print(f"  total output / baseline on days {days}")
    print("    hinterland", " ".join(f"{v:.5f}" for v in tot_o[days] / tot_o[0]))
    print("    BoARIO    ", " ".join(f"{v:.5f}" for v in tot_b[days] / tot_b[0]))

    # static capacity-constrained solve (proportional rationing) on the same table
    A = Z / x[None, :]
    cap = CapacityShock(hit, SHARE).capacity(x)
    full, reuse = [], []
    lu = lu_factor(np.eye(n) - A)
    for _ in range(5):
        t = time.perf_counter()
        result = constrained_output(A, Y, x, cap)
        full.append(time.perf_counter() - t)
        t = time.perf_counter()
        constrained_output(A, Y, x, cap, lu=lu)
        reuse.append(time.perf_counter() - t)
    print(f"\nstatic capacity-constrained solve, {n} industries (best of 5)")
    print(f"  with the LU factorisation of I - A   {min(full) * 1e3:8.1f} ms")
    print(f"  reusing a factorisation (lu=)        {min(reuse) * 1e3:8.1f} ms")
    print(f"  rationing rounds                     {result.rounds:8d}")
    print(
        f"  output lost {result.total_loss / x.sum():.2%} of total, "
        f"{result.loss_share_outside(hit):.1%} of it outside the shocked industries"
    )
    print(
        "  (every industry of this table is upstream of every other, so strict Leontief with\n"
        "   proportional rationing cuts all final demand by the worst capacity ratio: an upper\n"
        "   bound, without inventories or substitution)"
    )


if __name__ == "__main__":
    try:  # one BLAS thread for both models: stable timings on a shared 2-core machine
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        print("threadpoolctl not installed: BLAS uses its default threads")
        main()
    else:
        with threadpool_limits(limits=1):
            print("BLAS threads: 1 (threadpoolctl)")
            main()
