"""Backup placement at national scale: HiGHS through highspy against the same model in PuLP/CBC.

Run: ``.venv/bin/python benchmarks/bench_layout.py [--seed N] [--repeats R] [--no-pulp]``.
Needs ``pulp`` for the comparison (``.venv/bin/pip install pulp``; it bundles CBC). Prints
times, statuses, gaps and objectives; no assertions.

The instance (synthetic but shaped like China, seeded): 31 provinces x 10 key industries (NBS
input-output sector codes) x 50 scenarios.

- Capacity ``K`` (100 million yuan of output per year): province GDP 2023 from the atlas times an
  industry weight times a lognormal factor (sigma 0.5); machinery, textiles and chemicals
  weighted 1.6x on the coast, mining 2.5x in the resource provinces (Shanxi, Inner Mongolia,
  Shaanxi, Xinjiang, Guizhou), electricity in proportion to GDP.
- Demand ``D_i``: 97 % of national capacity (3 % spare).
- Scenarios: the 6 embedded illustrative scenarios (``default_scenarios()``) plus 44 seeded
  regional disasters, each hitting 1-3 random provinces and 3-10 random industries with a loss
  share drawn from U(0.1, 0.7) and probability U(0.001, 0.004); "no disruption" takes the rest.
- Options: every province and industry; size limit 30 % of local capacity plus 2 % of national
  capacity of the industry (land/energy), fixed cost 5 % of the size limit plus 2 (100 m yuan),
  unit cost U(0.6, 1.2) per unit of annual output (cheaper in the hinterland); loss per unit of
  missing output ``lambda_i`` U(2, 3.5) (an output multiplier).
- Budget: 1.5 % of national capacity.

What is timed (wall clock, one process, same data, best of ``--repeats`` runs, default 3),
at ``mip_rel_gap`` 1 % (the default) and again at 0.01 % (close to proven optimality).

- hinterland: :func:`hinterland.layout.optimize`, i.e. building the scipy.sparse matrix, HiGHS
  (highspy) and the recomputation of every reported figure; once with both phases (risk, then
  the cheapest placement of that risk: the default) and once with ``tiebreak=False`` (risk
  only, the same model as the PuLP one). The CVaR objective is timed at 1 % too. A warm-up
  call comes first (imports, HiGHS' one-time banner). The model build alone is timed apart.
- PuLP + its bundled CBC, the same expected-loss model written the usual first way:
  ``LpVariable`` dicts and one ``lpSum`` per constraint in Python loops, then
  ``PULP_CBC_CMD(gapRel=...)`` (one phase, no tie-break; CBC runs as a subprocess on the file
  PuLP writes). Build and solve are printed apart; the ratio is PuLP build + solve over
  hinterland's risk-phase-only time (like for like) and over both phases.

Every hinterland solution is passed through :func:`hinterland.layout.check`; the PuLP
solution's expected loss is recomputed from its sizes with the same kernel.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from hinterland.atlas import IndicatorTable, adcodes
from hinterland.layout import BackupInstance, check, default_scenarios, optimize
from hinterland.layout.backup import build_milp, scenario_losses
from hinterland.layout.scenarios import resolve_provinces

INDUSTRIES = ["MIN", "FOOD", "TEXT", "PETR", "CHEM", "NMIN", "METL", "MACH", "ELEC", "OMAN"]
WEIGHT = [0.04, 0.09, 0.05, 0.05, 0.09, 0.06, 0.12, 0.30, 0.08, 0.04]  # share of output
RESOURCE = [140000, 150000, 610000, 650000, 520000]


def build(seed: int) -> tuple[BackupInstance, float]:
    rng = np.random.default_rng(seed)
    table = IndicatorTable.default()
    provinces = adcodes()
    gdp = table.series("gdp", 2023).reindex(provinces)
    pop = table.series("population", 2023).reindex(provinces)
    coast = np.isin(provinces, resolve_provinces("coastal"))
    factor = np.ones((31, 10))
    for j in (INDUSTRIES.index("MACH"), INDUSTRIES.index("TEXT"), INDUSTRIES.index("CHEM")):
        factor[coast, j] = 1.6
    factor[np.isin(provinces, RESOURCE), INDUSTRIES.index("MIN")] = 2.5
    noise = rng.lognormal(0.0, 0.5, (31, 10))
    noise[:, INDUSTRIES.index("ELEC")] = 1.0
    K = pd.DataFrame(
        gdp.to_numpy()[:, None] * np.array(WEIGHT) * factor * noise * 1.2,
        index=provinces,
        columns=INDUSTRIES,
    )
    D = K.sum() * 0.97
    base = default_scenarios()
    delta = base.loss_shares(provinces, INDUSTRIES)
    prob = base.probability().drop("no_disruption")
    extra = []
    for k in range(44):
        name = f"regional_{k:02d}"
        hit = rng.choice(provinces, size=rng.integers(1, 4), replace=False)
        inds = rng.choice(INDUSTRIES, size=rng.integers(3, 11), replace=False)
        block = pd.DataFrame(0.0, index=provinces, columns=INDUSTRIES)
        block.loc[hit, inds] = rng.uniform(0.1, 0.7)
        extra.append(block.set_axis(pd.MultiIndex.from_product([[name], provinces])))
        prob[name] = rng.uniform(0.001, 0.004)
    prob["no_disruption"] = 1.0 - prob.sum()
    delta = pd.concat([delta.drop("no_disruption", level=0), *extra,
                       delta.loc[["no_disruption"]]])  # fmt: skip
    M = K * 0.3 + K.sum() * 0.02
    hinterland = np.isin(provinces, resolve_provinces("third_front:third_line"))
    unit = pd.DataFrame(rng.uniform(0.6, 1.2, (31, 10)), index=provinces, columns=INDUSTRIES)
    unit[hinterland] *= 0.85
    inst = BackupInstance.from_frames(
        K, D, delta, prob,
        size_limit=M, fixed_cost=M * 0.05 + 2.0, unit_cost=unit,
        loss_per_unit=pd.Series(rng.uniform(2.0, 3.5, 10), index=INDUSTRIES),
        gdp=gdp, population=pop, value_added_ratio=0.25, unit="100 million yuan / year",
    )  # fmt: skip
    return inst, float(K.to_numpy().sum() * 0.015)


def pulp_model(inst: BackupInstance, budget: float):
    """The same MILP (expected loss) written naively in PuLP."""
    import pulp

    p = inst.problem
    n_s, n_p, n_i = p.shape
    m = pulp.LpProblem("backup", pulp.LpMinimize)
    opts = [(a, i) for a in range(n_p) for i in range(n_i) if p.M[a, i] > 0]
    y = {k: pulp.LpVariable(f"y_{k[0]}_{k[1]}", cat="Binary") for k in opts}
    b = {k: pulp.LpVariable(f"b_{k[0]}_{k[1]}", 0, p.M[k]) for k in opts}
    u = {(s, i): pulp.LpVariable(f"u_{s}_{i}", 0, p.D[i]) for s in range(n_s) for i in range(n_i)}
    m += pulp.lpSum(p.pi[s] * p.lam[i] * u[s, i] for s in range(n_s) for i in range(n_i))
    for k in opts:
        m += b[k] <= p.M[k] * y[k]
    m += pulp.lpSum(p.F[k] * y[k] + p.c[k] * b[k] for k in opts) <= budget
    for s in range(n_s):
        for i in range(n_i):
            base = sum((1 - p.delta[s, a, i]) * p.K[a, i] for a in range(n_p))
            m += (
                u[s, i]
                + pulp.lpSum((1 - p.delta[s, a, i]) * b[a, i] for a in range(n_p) if (a, i) in b)
                >= p.D[i] - base
            )
    return m, b


def best_of(repeats: int, fn):
    """Run ``fn`` ``repeats`` times; return (best wall time, last result)."""
    best, out = np.inf, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def report(sol, wall: float, inst: BackupInstance, label: str) -> None:
    phases = ", ".join(f"{p.phase}: {p.status}, gap {p.gap:.3%}, {p.seconds:.3f} s"
                       for p in sol.phases)  # fmt: skip
    print(f"\n{label}: {wall:.3f} s ({phases})")
    verdict = "ok" if check(sol, inst).ok else "FAILED"
    print(f"  status {sol.status}, gap {sol.gap:.3%}, check {verdict}")
    print(f"  opened {int(sol.placements['open'].sum())} options, cost {sol.cost:,.1f}; expected "
          f"loss {sol.expected_loss_before:,.2f} -> {sol.expected_loss_after:,.2f}; "
          f"CVaR{sol.alpha:g} "
          f"{sol.cvar_before:,.1f} -> {sol.cvar_after:,.1f}")  # fmt: skip
    print(f"  hinterland share {sol.hinterland_share_before:.4f} -> "
          f"{sol.hinterland_share_after:.4f}; Theil T {sol.theil_before:.5f} -> "
          f"{sol.theil_after:.5f}")  # fmt: skip
    for n in sol.notes:
        print(f"  note: {n}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--time-limit", type=float, default=300.0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-pulp", action="store_true")
    args = ap.parse_args()

    inst, budget = build(args.seed)
    n_s, n_p, n_i = inst.problem.shape
    print(f"instance: {n_p} provinces x {n_i} industries x {n_s} scenarios, seed {args.seed}")
    print(f"budget {budget:,.0f} (100 m yuan); capacity {inst.problem.K.sum():,.0f}")
    t_build, milp = best_of(args.repeats, lambda: build_milp(inst.problem, budget))
    print(f"MILP: {milp.A.shape[0]} rows, {milp.A.shape[1]} columns ({milp.n_opt} binaries), "
          f"{milp.A.nnz} nonzeros; scipy.sparse build {t_build * 1e3:.1f} ms")  # fmt: skip
    optimize(inst, budget, gap=0.5)  # warm-up: imports (scipy.stats via metrics), HiGHS banner
    try:
        import pulp
    except ImportError:
        pulp = None
        if not args.no_pulp:
            print("\npulp is not installed: .venv/bin/pip install pulp (bundles CBC)")
    R, T = args.repeats, args.time_limit
    for gap in (0.01, 1e-4):
        print(f"\n===== mip_rel_gap {gap:g} (best of {R} runs each) =====")
        t_full, sol = best_of(
            R, lambda g=gap: optimize(inst, budget, gap=g, time_limit=T, alpha=0.95)
        )
        report(sol, t_full, inst, "hinterland/HiGHS, expected loss, risk + tie-break phases")
        t_risk, lazy = best_of(
            R, lambda g=gap: optimize(inst, budget, gap=g, tiebreak=False, time_limit=T, alpha=0.95)
        )
        report(lazy, t_risk, inst, "hinterland/HiGHS, expected loss, risk phase only")
        if gap == 0.01:
            t_cvar, cv = best_of(R, lambda: optimize(inst, budget, objective="cvar", alpha=0.95,
                                                     gap=0.01, time_limit=T))  # fmt: skip
            report(cv, t_cvar, inst, "hinterland/HiGHS, CVaR 95 %, both phases")
        if pulp is None or args.no_pulp:
            continue
        t_pb, (m, b) = best_of(R, lambda: pulp_model(inst, budget))
        solver = pulp.PULP_CBC_CMD(msg=False, gapRel=gap, timeLimit=T)
        t_ps, _ = best_of(R, lambda m=m, solver=solver: m.solve(solver))
        sizes = np.zeros(inst.problem.K.shape)
        for k, var in b.items():
            sizes[k] = var.value() or 0.0
        loss = float(inst.problem.pi @ scenario_losses(inst.problem, sizes))
        print(f"\nPuLP {pulp.__version__} + bundled CBC, naive loops, one phase: build "
              f"{t_pb:.3f} s + solve {t_ps:.3f} s = {t_pb + t_ps:.3f} s, status "
              f"{pulp.LpStatus[m.status]}")  # fmt: skip
        print(
            f"  expected loss (recomputed) {loss:,.2f}; hinterland "
            f"{lazy.expected_loss_after:,.2f} ({loss / lazy.expected_loss_after - 1:+.3%})"
        )
        print(f"  ratio PuLP+CBC / hinterland risk phase only: {(t_pb + t_ps) / t_risk:.1f}x; "
              f"/ hinterland both phases: {(t_pb + t_ps) / t_full:.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
