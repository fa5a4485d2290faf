"""Scenarios per second: one factorisation and one solve against pymrio's per-scenario loop.

Run: ``.venv/bin/python benchmarks/bench_mrio.py [--quick]`` (``--quick`` skips the 9,800-sector
table). Prints, for the shipped China estimate (2020, 31 x 42) and three synthetic tables
(31 x 17, 31 x 42 and 49 x 200 = 9,800 sectors), how
many final-demand scenarios per second hinterland and pymrio 0.7 turn into gross output, the
ratio, and how closely the two sets of outputs agree. No assertions.

The tables. Seeded, balanced and productive, built with ``MRIO.from_arrays`` (dense ``Z`` for
the two small tables, ``sparse=True`` for the 9,800 one). An S x S technology (a share of input
coefficients zero, own-sector purchases never zero, value added 25-60 % of output); each product
bought from supplier regions in proportion to the supplier's size over distance^1.5, with home
bias (strong for the non-traded 35 % of sectors); final demand by destination region; output
solved from the Leontief system and ``Z = A diag(x)``, so ``x = Z 1 + Y 1`` holds to rounding.
The two small tables buy every product from every region (about 65 % of ``A`` non-zero, like a
provincial MRIO). The 9,800 table has the size of EXIOBASE (49 regions x 200 products) with a
denser technology within regions (30 % of coefficients) and sparse trade: each traded product
from home plus its 4 strongest foreign suppliers, non-traded products from home only.

The scenarios. K columns; each multiplies the final demand of 10 random region-sectors (all
categories) by a factor drawn from U(0.5, 1.5), seeded.

What is timed (wall clock, one process, the same data for both libraries).

- hinterland: ``technical_coefficients(Z, x)`` and ``leontief_factor(A)`` (LAPACK LU for the
  dense tables, SuperLU for the sparse one; this is the "setup"), then one
  ``solver.solve(Y)`` with the (n, K) right-hand side. Scenarios/s = K / (setup + solve);
  "solve only" = K / solve.
- pymrio, the usual way: ``IOSystem(Z=Z, Y=Y)`` and ``calc_all()`` (x, A and L by
  ``np.linalg.inv``; the "setup"); then per scenario ``reset_to_coefficients()`` (keeps A and
  L: pymrio's documented way "to recalculate the IO tables for a new final demand"), ``io.Y =``
  the scenario, ``calc_all()`` (x = L y and Z = A diag(x)) and read ``io.x``. ``reset_full()``
  is not used: it keeps the baseline Z, so recomputing gives x = Z 1 + Y 1, not the Leontief
  response. The scenario DataFrames are built before timing.
- pymrio, lean: the same setup, then ``pymrio.calc_x_from_L(io.L, Y.sum(axis=1))`` per scenario
  (no Z rebuilt); the fastest way to use pymrio per scenario, shown for reference.

Small tables: every time is the best of 3 repeats, all K scenarios in each library. The 9,800
table: one run; pymrio runs its setup and only the first few scenarios, and its rate at K is
extrapolated (setup + K x the measured time per scenario) and labelled so. Agreement is over the
scenarios both computed: max |x_hinterland - x_pymrio| and max of that over |x_pymrio|.

For the 9,800 table the script also prints the memory of the sparse table (nnz and MB of the CSR
``Z``), the peak resident memory of the process after each library's run, the fill of SuperLU's
factors as ``leontief_factor`` makes them (scipy's default COLAMD ordering), and two reference
timings that are not what ``leontief_factor`` does on sparse input: SuperLU with the
``MMD_AT_PLUS_A`` ordering, and the same table factored dense (LAPACK LU).

Both libraries run with one BLAS thread (threadpoolctl, as in ``bench_ario.py``): timings stay
stable on a shared 2-core machine; SuperLU is serial anyway.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd
import pymrio
import scipy
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from hinterland.mrio.math import leontief_factor, technical_coefficients
from hinterland.mrio.table import MRIO

SEED = 2026
CHANGED, SPREAD = 10, 0.5  # region-sectors changed per scenario, +-50 %


def synthetic_table(
    R: int, S: int, *, density: float, partners: int | None, seed: int = SEED, sparse: bool
) -> MRIO:
    """A balanced, productive R x S table; ``partners=None`` buys from every region."""
    rng = np.random.default_rng(seed)
    n = R * S
    tech = rng.gamma(0.5, 1.0, (S, S)) * (rng.random((S, S)) < density)
    tech[np.arange(S), np.arange(S)] += 0.5  # own-sector purchases are never zero
    tech *= (1.0 - rng.uniform(0.25, 0.60, S)) / tech.sum(axis=0)
    size = rng.lognormal(0.0, 0.8, R)[:, None] * rng.lognormal(0.0, 0.6, (R, S))
    xy = rng.uniform(0, 30, (R, 2))
    dist = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) + 1.0
    traded = round(0.65 * S)  # the last 35 % of sectors: services
    bias = np.r_[np.ones(traded), np.full(S - traded, 0.15)]
    home = np.eye(R, dtype=bool)
    pull = (
        size.T[:, :, None] * dist[None] ** -1.5 * (1.0 + home[None] * (3.0 / bias)[:, None, None])
    )
    if partners is not None:  # home plus the strongest foreign suppliers; services home only
        foreign = np.where(home[None], 0.0, pull)
        kth = -np.sort(-foreign, axis=1)[:, partners - 1 : partners, :]
        keep = (foreign >= kth) | home[None]
        keep[traded:] = home
        pull = np.where(keep, pull, 0.0)
    share = pull / pull.sum(axis=1, keepdims=True)  # (product p, origin o, destination d)

    # A[(o, p), (d, s)] = share[p, o, d] * tech[p, s], built as COO over the non-zeros only
    prod, orig, dest = np.nonzero(share)
    w = share[prod, orig, dest]
    tp, ts = np.nonzero(tech)  # row-major: sorted by product p
    first = np.searchsorted(tp, np.arange(S + 1))
    count = np.diff(first)[prod]
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    t = np.repeat(first[:-1][prod], count) + offset
    rows = np.repeat(orig * S + prod, count)
    cols = np.repeat(dest * S, count) + ts[t]
    A = sp.csc_array((np.repeat(w, count) * tech[tp[t], ts[t]], (rows, cols)), shape=(n, n))

    fd = size * rng.uniform(0.5, 1.5, S)[None, :]  # final demand of region d for product p
    Y = np.zeros((n, R))
    Y[orig * S + prod, dest] = w * fd[dest, prod]
    M = sp.identity(n, format="csc") - A
    x = spla.splu(M, permc_spec="MMD_AT_PLUS_A").solve(Y.sum(axis=1))
    Z = sp.csr_array(A * x[None, :])
    v = x - np.asarray(Z.sum(axis=0)).ravel()
    return MRIO.from_arrays(
        Z if sparse else Z.toarray(),
        Y,
        x,
        v,
        regions=[f"R{r:02d}" for r in range(R)],
        sectors=[f"S{s:03d}" for s in range(S)],
        categories=["final demand"],
        unit="M EUR",
        year=2026,
        source=f"synthetic {R} x {S} (benchmarks/bench_mrio.py, seed {seed})",
        estimate=True,
        sparse=sparse,
    )


def scenario_factors(n: int, K: int, seed: int = SEED) -> np.ndarray:
    """(n, K) multipliers of final demand: ones, and U(0.5, 1.5) on 10 region-sectors each."""
    rng = np.random.default_rng(seed + 1)
    F = np.ones((n, K))
    for k in range(K):
        F[rng.choice(n, CHANGED, replace=False), k] = rng.uniform(1 - SPREAD, 1 + SPREAD, CHANGED)
    return F


def run_hinterland(Z, Ybase: np.ndarray, x: np.ndarray, F: np.ndarray):
    t0 = time.perf_counter()
    A = technical_coefficients(Z, x)
    solver = leontief_factor(A)
    t1 = time.perf_counter()
    X = solver.solve(Ybase.sum(axis=1)[:, None] * F)
    t2 = time.perf_counter()
    return X, t1 - t0, t2 - t1


def run_pymrio(Zdf: pd.DataFrame, Ydf: pd.DataFrame, scenarios: list[pd.DataFrame]):
    """Setup once (calc_all: x, A, L), then the lean loop and the usual loop."""
    io = pymrio.IOSystem(Z=Zdf, Y=Ydf)
    t0 = time.perf_counter()
    io.calc_all()
    t1 = time.perf_counter()
    lean = [pymrio.calc_x_from_L(io.L, Yk.sum(axis=1)).to_numpy().ravel() for Yk in scenarios]
    t2 = time.perf_counter()
    usual = []
    for Yk in scenarios:
        io.reset_to_coefficients()
        io.Y = Yk
        io.calc_all()
        usual.append(io.x.to_numpy().ravel())
    t3 = time.perf_counter()
    return np.column_stack(usual), np.column_stack(lean), t1 - t0, t3 - t2, t2 - t1


def rate(K: int, setup: float, per_scenario: float) -> float:
    return K / (setup + K * per_scenario)


def bench(name: str, mrio: MRIO, K: int, K_pymrio: int, repeats: int) -> dict:
    n = len(mrio.index)
    Z, Ybase, x, _ = mrio.to_arrays()
    F = scenario_factors(n, K)
    print(f"\n{name}: n = {n:,}, K = {K} scenarios ({CHANGED} region-sectors x U(0.5, 1.5) each)")

    runs = [run_hinterland(Z, Ybase, x, F) for _ in range(repeats)]
    X, h_setup, h_per = runs[0][0], min(r[1] for r in runs), min(r[2] for r in runs) / K
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    Zdf = pd.DataFrame(Z.toarray() if sp.issparse(Z) else Z, mrio.index, mrio.index)
    Ydf = mrio.Y.copy()
    scenarios = [Ydf * F[:, [k]] for k in range(K_pymrio)]
    runs = [run_pymrio(Zdf, Ydf, scenarios) for _ in range(repeats)]
    del Zdf, scenarios
    rss_pymrio_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    p_setup = min(r[2] for r in runs)
    results = {
        "pymrio calc_all loop": (runs[0][0], min(r[3] for r in runs) / K_pymrio),
        "pymrio calc_x_from_L": (runs[0][1], min(r[4] for r in runs) / K_pymrio),
    }

    extrapolated = K_pymrio < K
    mark = " *" if extrapolated else ""
    h_rate = rate(K, h_setup, h_per)
    print(f"  {'':<28}{'setup':>9}{'per scenario':>15}{'scenarios/s':>14}")
    label = "hinterland (LU, one solve)"
    print(f"  {label:<28}{h_setup:>8.3f}s{h_per * 1e3:>13.3f}ms{h_rate:>14,.1f}")
    for label, (_, p_per) in results.items():
        p_rate = rate(K, p_setup, p_per)
        print(f"  {label:<28}{p_setup:>8.3f}s{p_per * 1e3:>13.3f}ms{p_rate:>14,.1f}{mark}")
    if extrapolated:
        print(
            f"  * pymrio timed on its setup and the first {K_pymrio} scenarios; its rate at K = "
            f"{K} is extrapolated as K / (setup + K x time per scenario)"
        )
    print(f"  hinterland solve only: {1 / h_per:,.1f} scenarios/s")
    p_per = results["pymrio calc_all loop"][1]
    ratio = h_rate / rate(K, p_setup, p_per)
    lean_ratio = h_rate / rate(K, p_setup, results["pymrio calc_x_from_L"][1])
    print(
        f"  ratio hinterland / pymrio calc_all loop: {ratio:,.1f}x at K = {K}; "
        f"/ pymrio calc_x_from_L: {lean_ratio:,.1f}x"
    )
    # ratio(K) = (p_setup + K p_per) / (h_setup + K h_per), from the times above
    limit = p_per / h_per
    where = ""
    if limit > 20 and ratio < 20:
        where = f", 20x from K = {int(np.ceil((20 * h_setup - p_setup) / (p_per - 20 * h_per)))}"
    print(
        f"  (derived from these times, not measured: ratio vs the calc_all loop tends to "
        f"{limit:,.1f}x as K grows{where})"
    )
    agree = {}
    for label, (Xp, _) in results.items():
        diff = np.abs(X[:, :K_pymrio] - Xp)
        agree[label] = (float(diff.max()), float((diff / np.abs(Xp)).max()))
        print(
            f"  agreement with {label} over {K_pymrio} scenarios: max |dx| = "
            f"{agree[label][0]:.2e}, max |dx| / |x| = {agree[label][1]:.2e} "
            f"(x up to {np.abs(Xp).max():.3g})"
        )
    return {
        "name": name,
        "n": n,
        "K": K,
        "hinterland": h_rate,
        "solve": 1 / h_per,
        "pymrio": rate(K, p_setup, p_per),
        "ratio": ratio,
        "extrapolated": extrapolated,
        "agree": agree["pymrio calc_all loop"],
        "rss_mb": rss_mb,
        "rss_pymrio_mb": rss_pymrio_mb,
        "setup": h_setup,
    }


def large_extras(mrio: MRIO, K: int) -> None:
    """Memory of the sparse 9,800 table, and two reference solves that are not the default."""
    Z, Ybase, x, _ = mrio.to_arrays()
    n = Z.shape[0]
    mb = (Z.data.nbytes + Z.indices.nbytes + Z.indptr.nbytes) / 1e6
    print(
        f"\n  sparse table: Z (CSR) nnz = {Z.nnz:,} ({Z.nnz / n**2:.2%} of {n:,}^2), "
        f"{mb:.1f} MB (dense: {n * n * 8 / 1e6:,.0f} MB); Y, x, v dense "
        f"{(Ybase.nbytes + 2 * x.nbytes) / 1e6:.1f} MB"
    )
    F = scenario_factors(n, K)
    rhs = Ybase.sum(axis=1)[:, None] * F
    A = technical_coefficients(Z, x)
    M = sp.identity(n, format="csc") - A.tocsc()
    lu = spla.splu(M)  # SuperLU's default COLAMD ordering, for comparison of fill
    fill = lu.L.nnz + lu.U.nnz
    print(
        f"  reference, SuperLU default COLAMD ordering: nnz(L + U) = {fill:,} "
        f"(~{fill * 12 / 1e6:,.0f} MB)"
    )
    del lu
    lu = spla.splu(M, permc_spec="MMD_AT_PLUS_A")  # what leontief_factor uses
    fill = lu.L.nnz + lu.U.nnz
    print(
        f"  leontief_factor's ordering (MMD on A'+A): nnz(L + U) = {fill:,} "
        f"(~{fill * 12 / 1e6:,.0f} MB)"
    )
    del lu, M
    Ad = A.toarray()
    t0 = time.perf_counter()
    solver = leontief_factor(Ad)
    t1 = time.perf_counter()
    solver.solve(rhs)
    t2 = time.perf_counter()
    print(
        f"  reference, the same table dense (leontief_factor on A.toarray(), LAPACK LU, "
        f"{n * n * 8 / 1e6:,.0f} MB per matrix): factor {t1 - t0:.2f} s, solve K = {K} "
        f"{t2 - t1:.2f} s -> {K / (t2 - t0):,.1f} scenarios/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 9,800-sector table")
    args = parser.parse_args()
    print(f"pymrio {pymrio.__version__}, numpy {np.__version__}, scipy {scipy.__version__}")

    rows = []
    from hinterland.mrio import china

    t0 = time.perf_counter()
    china.load.cache_clear()
    shipped = china.load(2020)
    print(f"\n(China table 2020 loaded and validated in {time.perf_counter() - t0:.2f} s)")
    # pymrio's IOSystem(Z, Y) makes x = Z 1 + Y 1: foreign exports become a final-demand
    # category of the exporting province, so that both libraries solve the same system
    Zc, Yc, xc, vc = shipped.to_arrays()
    R, S, K0 = len(shipped.regions), len(shipped.sectors), len(shipped.categories)
    Y4 = np.zeros((R * S, R, K0 + 1))
    Y4[:, :, :K0] = np.asarray(Yc).reshape(R * S, R, K0)
    Y4[np.arange(R * S), np.repeat(np.arange(R), S), K0] = shipped.exports.to_numpy()
    shipped = MRIO.from_arrays(
        np.asarray(Zc), Y4.reshape(R * S, -1), xc, vc, imports=shipped.imports.to_numpy(),
        regions=shipped.regions, sectors=shipped.sectors,
        categories=[*shipped.categories, "exports"], unit=shipped.unit, year=shipped.year,
        source=shipped.source, estimate=True,
    )  # fmt: skip
    rows.append(bench("China estimate 2020, 31 x 42 (dense)", shipped, 200, 200, repeats=3))
    for R, S in ((31, 17), (31, 42)):
        mrio = synthetic_table(R, S, density=0.67, partners=None, sparse=False)
        rows.append(bench(f"{R} regions x {S} sectors (dense)", mrio, 200, 200, repeats=3))
        if S == 42:  # an ensemble-sized batch, measured rather than extrapolated
            rows.append(bench(f"{R} regions x {S} sectors (dense)", mrio, 1000, 1000, repeats=1))
    if not args.quick:
        t0 = time.perf_counter()
        mrio = synthetic_table(49, 200, density=0.30, partners=4, sparse=True)
        print(f"\n(9,800-sector table generated and validated in {time.perf_counter() - t0:.1f} s)")
        rows.append(bench("49 regions x 200 sectors (sparse)", mrio, 200, 3, repeats=1))
        print(
            f"  hinterland setup (A + SuperLU factorisation): {rows[-1]['setup']:.2f} s; "
            f"peak RSS of the process: {rows[-1]['rss_mb']:,.0f} MB after the hinterland run, "
            f"{rows[-1]['rss_pymrio_mb']:,.0f} MB after the pymrio run"
        )
        large_extras(mrio, 200)

    print("\nsummary (scenarios/s include the setup; ratio = hinterland / pymrio calc_all loop)")
    print(
        f"  {'table':<36}{'n':>7}{'K':>5}{'hinterland/s':>14}{'solve only/s':>14}"
        f"{'pymrio/s':>11}{'ratio':>9}{'max |dx|':>11}{'rel':>10}"
    )
    for r in rows:
        star = "*" if r["extrapolated"] else " "
        print(
            f"  {r['name']:<36}{r['n']:>7,}{r['K']:>5}{r['hinterland']:>14,.1f}"
            f"{r['solve']:>14,.1f}{r['pymrio']:>10,.1f}{star}{r['ratio']:>8,.1f}x"
            f"{r['agree'][0]:>11.2e}{r['agree'][1]:>10.2e}"
        )
    if any(r["extrapolated"] for r in rows):
        print("  * extrapolated from pymrio's setup and first scenarios (see above)")


if __name__ == "__main__":
    try:  # one BLAS thread for both libraries: stable timings on a shared 2-core machine
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        print("threadpoolctl not installed: BLAS uses its default threads")
        main()
    else:
        with threadpool_limits(limits=1):
            print("BLAS threads: 1 (threadpoolctl), for both libraries")
            main()
