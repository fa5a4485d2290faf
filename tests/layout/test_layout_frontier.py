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


def coast_and_hinterland() -> BackupInstance:
    """Hand case: coast A and hinterland H, 10 units each; H loses half in scenario s1 (p 0.5).

    Options: 5 units in either at unit cost 1, no fixed cost; budget 5. With b_A + b_H = 5 the
    shortfall in s1 is 20 - (10 + b_A) - 0.5 (10 + b_H) = 0.5 b_H, so the expected loss is
    0.25 b_H; the hinterland share (10 + b_H) / 25 >= t needs b_H >= 25 t - 10. Least risk:
    all in A, share 0.4, loss 0; the most the budget can buy: all in H, share 0.6, loss 1.25;
    in between the front is the line loss = 6.25 t - 2.5.
    """
    problem = BackupProblem(
        K=np.array([[10.0], [10.0]]), D=np.array([20.0]),
        delta=np.array([[[0.0], [0.0]], [[0.0], [0.5]]]), pi=np.array([0.5, 0.5]),
        F=np.zeros((2, 1)), c=np.ones((2, 1)), M=np.full((2, 1), 5.0), lam=np.array([1.0]),
        provinces=(310000, 510000), industries=("MACH",), scenarios=("calm", "s1"),
    )  # fmt: skip
    return BackupInstance(problem, hinterland=(510000,))


def test_coordination_front_matches_the_hand_solution():
    df = pareto(coast_and_hinterland(), ("expected_loss", "hinterland_share"), n=5, budget=5.0,
                gap=0.0)  # fmt: skip
    assert list(df["pair"].unique()) == ["hinterland_share-expected_loss"]
    assert df["epsilon"].to_numpy() == pytest.approx([0.4, 0.45, 0.5, 0.55, 0.6], abs=1e-9)
    assert df["hinterland_share"].to_numpy() == pytest.approx(df["epsilon"].to_numpy(), abs=1e-7)
    want = 6.25 * df["epsilon"].to_numpy() - 2.5
    assert df["expected_loss"].to_numpy() == pytest.approx(want, abs=1e-7)
    assert (df["cost"] <= 5.0 + 1e-9).all() and df["efficient"].all()
    # the instance has no GDP: the Theil column is NaN, not a made-up figure
    assert df["theil"].isna().all()


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["expected_loss", "cvar"]))
def test_coordination_front_is_monotone_and_meets_its_targets(seed, risk):
    inst = instance(seed, n_s=5)
    df = pareto(inst, ("hinterland_share", risk), n=6, budget=12.0, gap=0.01)
    assert (df["hinterland_share"] >= df["epsilon"] - 1e-7).all()
    assert (np.diff(df["epsilon"]) > 0).all()
    assert (np.diff(df[risk]) >= -1e-7 * max(1.0, df[risk].abs().max())).all()
    assert (df["cost"] <= 12.0 + 1e-7).all()
    # the first point is the least-risk placement without a target
    free = optimize(inst, 12.0, objective="expected" if risk == "expected_loss" else "cvar")
    assert df[risk].iloc[0] <= getattr(free, f"{risk}_after") * (1 + 0.011) + 1e-9
