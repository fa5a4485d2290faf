"""Budget frontiers and epsilon-constraint Pareto fronts: monotone, consistent, validated."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hinterland.errors import ValidationError
from hinterland.layout import BackupInstance, BackupProblem, frontier, optimize, pareto

PROVINCES = (310000, 320000, 510000, 420000)  # Shanghai, Jiangsu; Sichuan, Hubei (third line)


def instance(seed: int = 0, n_s: int = 4, n_i: int = 2) -> BackupInstance:
    rng = np.random.default_rng(seed)
    n_p = len(PROVINCES)
    K = rng.integers(2, 10, (n_p, n_i)).astype(float)
    delta = np.zeros((n_s, n_p, n_i))
    for s in range(1, n_s):  # scenario 0: no disruption; others hit one or two provinces
        hit = rng.choice(n_p, size=rng.integers(1, 3), replace=False)
        delta[s, hit] = rng.choice([0.3, 0.6, 0.9], size=(hit.size, n_i))
    pi = np.r_[0.8, np.full(n_s - 1, 0.2 / (n_s - 1))]
    problem = BackupProblem(
        K=K, D=K.sum(axis=0), delta=delta, pi=pi,
        F=rng.integers(1, 4, (n_p, n_i)).astype(float), c=rng.choice([0.5, 1.0], (n_p, n_i)),
        M=np.full((n_p, n_i), 6.0), lam=rng.integers(1, 4, n_i).astype(float),
        provinces=PROVINCES, industries=("MACH", "CHEM", "ELEC")[:n_i],
        scenarios=tuple(f"s{k}" for k in range(n_s)),
    )  # fmt: skip
    return BackupInstance(problem, hinterland=(510000, 420000))


def test_frontier_is_monotone_and_matches_single_solves():
    inst = instance(0)
    budgets = [8.0, 0.0, 2.0, 4.0, 16.0, 4.0, 32.0]
    df = frontier(inst, budgets, gap=0.0)
    assert list(df["budget"]) == [0.0, 2.0, 4.0, 8.0, 16.0, 32.0]  # sorted, duplicates once
    assert (np.diff(df["expected_loss"]) <= 1e-9).all()
    assert (df["cost"] <= df["budget"] + 1e-9).all()
    assert df.loc[0, "expected_loss"] == pytest.approx(df.attrs["expected_loss_before"])
    assert df.loc[0, "n_open"] == 0
    for b in (4.0, 16.0):
        single = optimize(inst, b, gap=0.0)
        row = df[df["budget"] == b].iloc[0]
        assert row["expected_loss"] == pytest.approx(single.expected_loss_after, abs=1e-7)
    assert set(df.columns) >= {"cvar", "hinterland_share", "status", "gap", "seconds"}


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["expected", "cvar"]))
def test_frontier_monotone_even_at_one_percent_gap(seed, objective):
    # each budget starts from the previous placement, which stays feasible: never worse
    inst = instance(seed, n_s=5)
    df = frontier(inst, [0, 1, 2, 3, 5, 8, 13, 21], objective=objective, gap=0.01)
    column = "expected_loss" if objective == "expected" else "cvar"
    assert (np.diff(df[column]) <= 1e-7 * max(1.0, df[column].max())).all()


def test_pareto_fronts_cost_against_risk():
    inst = instance(3)
    df = pareto(inst, [("cost", "expected_loss"), ("cvar", "cost")], n=6, alpha=0.9, gap=0.0)
    assert set(df["pair"]) == {"cost-expected_loss", "cost-cvar"}
    for pair, risk in (("cost-expected_loss", "expected_loss"), ("cost-cvar", "cvar")):
        part = df[df["pair"] == pair]
        assert len(part) == 6
        assert part["epsilon"].iloc[0] == 0.0 and part["cost"].iloc[0] == 0.0
        assert (np.diff(part["epsilon"]) > 0).all()
        assert (part["cost"] <= part["epsilon"] + 1e-7).all()
        assert (np.diff(part[risk]) <= 1e-9).all()
        assert part["efficient"].all()
        # the last point is the least risk reachable at all, at its cheapest
        full = optimize(inst, 1e6, objective=risk.replace("_loss", ""), gap=0.0)
        assert part[risk].iloc[-1] == pytest.approx(getattr(full, f"{risk}_after"), abs=1e-7)
        assert part["cost"].iloc[-1] == pytest.approx(full.cost, rel=1e-6)


def test_pareto_single_point_when_nothing_is_worth_building():
    inst = instance(1)
    p = inst.problem
    calm = BackupProblem(p.K, p.D, np.zeros_like(p.delta), p.pi, p.F, p.c, p.M, p.lam,
                         p.provinces, p.industries, p.scenarios)  # fmt: skip
    df = pareto(BackupInstance(calm), n=5)
    assert len(df) == 1 and df["cost"].iloc[0] == 0.0 and df["expected_loss"].iloc[0] == 0.0


def test_frontier_and_pareto_validation():
    inst = instance(0)
    with pytest.raises(ValidationError, match="budgets is empty"):
        frontier(inst, [])
    with pytest.raises(ValidationError, match=r"budgets must be finite and >= 0; got \[-1.0\]"):
        frontier(inst, [1, -1])
    with pytest.raises(ValidationError, match=r"unknown objective pair \('cost', 'gini'\); "
                       r"valid: cost,cvar, cost,expected_loss"):  # fmt: skip
        pareto(inst, ("cost", "gini"))
    with pytest.raises(ValidationError, match="n must be an integer >= 2"):
        pareto(inst, n=1)
