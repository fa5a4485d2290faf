"""The backup MILP against brute force, its invariants, the checker and the validation messages.

Brute force: every open/close pattern of the options whose fixed costs fit the budget, with
the best sizes for that pattern found by a linear program written here independently
(``scipy.optimize.linprog``); the MILP's optimum (solved to gap 0) must equal the best pattern.
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from hinterland.errors import InfeasibleError, ValidationError
from hinterland.layout import BackupInstance, BackupProblem, check, optimize
from hinterland.layout.backup import cvar, scenario_losses, solve_backup
from hinterland.metrics import theil_t

PROVINCES = (310000, 510000, 420000)  # Shanghai (first line), Sichuan and Hubei (third line)
INDUSTRIES = ("MACH", "CHEM")
SETTINGS = settings(max_examples=25, deadline=None)


def make(K, D, delta, pi, F, c, M, lam, hinterland=(510000, 420000), **kw) -> BackupInstance:
    K = np.asarray(K, dtype=float)
    n_s = len(pi)
    problem = BackupProblem(
        K=K, D=D, delta=delta, pi=pi, F=F, c=c, M=M, lam=lam,
        provinces=PROVINCES[: K.shape[0]],
        industries=INDUSTRIES[: K.shape[1]],
        scenarios=tuple(f"s{k}" for k in range(n_s)),
    )  # fmt: skip
    return BackupInstance(problem, hinterland=hinterland, hinterland_name="test", **kw)


def brute_force(p: BackupProblem, budget: float, objective="expected", alpha=0.9, weight=0.0):
    """Best objective over all open patterns; for each, the LP over sizes (and u, eta, z)."""
    n_s, n_p, n_i = p.shape
    opts = [(a, i) for a in range(n_p) for i in range(n_i) if p.M[a, i] > 0]
    best = np.inf
    for pattern in itertools.product((0, 1), repeat=len(opts)):
        openk = [k for k, o in zip(opts, pattern, strict=True) if o]
        fixed = sum(p.F[a, i] for a, i in openk)
        if fixed > budget + 1e-12:
            continue
        nb, nu = len(openk), n_s * n_i
        cvar_cols = 1 + n_s if objective == "cvar" else 0
        n = nb + nu + cvar_cols
        cost = np.zeros(n)
        cost[:nb] = [weight * p.c[a, i] for a, i in openk]
        A, rhs = [], []
        for s in range(n_s):  # -u_si - sum (1 - delta) b <= -(D - sum (1 - delta) K)
            for i in range(n_i):
                row = np.zeros(n)
                row[nb + s * n_i + i] = -1.0
                for k, (a, j) in enumerate(openk):
                    if j == i:
                        row[k] = -(1 - p.delta[s, a, i])
                A.append(row)
                rhs.append(-(p.D[i] - sum((1 - p.delta[s, a, i]) * p.K[a, i] for a in range(n_p))))
        row = np.zeros(n)
        row[:nb] = [p.c[a, i] for a, i in openk]
        A.append(row)
        rhs.append(budget - fixed)
        bounds = [(0, p.M[a, i]) for a, i in openk] + [(0, p.D[i]) for _ in range(n_s)
                                                         for i in range(n_i)]  # fmt: skip
        if objective == "expected":
            for s in range(n_s):
                for i in range(n_i):
                    cost[nb + s * n_i + i] = p.pi[s] * p.lam[i]
        else:  # eta - ... : L_s - eta - z_s <= 0
            eta = nb + nu
            cost[eta] = 1.0
            cost[eta + 1 :] = p.pi / (1 - alpha)
            for s in range(n_s):
                row = np.zeros(n)
                row[nb + s * n_i : nb + (s + 1) * n_i] = p.lam
                row[eta], row[eta + 1 + s] = -1.0, -1.0
                A.append(row)
                rhs.append(0.0)
            bounds += [(None, None)] + [(0, None)] * n_s
        res = linprog(cost, A_ub=np.array(A), b_ub=np.array(rhs), bounds=bounds, method="highs")
        assert res.status == 0
        best = min(best, res.fun + weight * fixed)
    return best


def risk(sol, objective="expected"):
    return sol.expected_loss_after if objective == "expected" else sol.cvar_after


# A two-region, two-industry instance where CVaR and expected loss disagree: the blockade
# (prob. 0.1) hits Shanghai, the earthquake (0.05) Sichuan; Hubei is never hit.
K3 = [[10, 8], [3, 2], [4, 3]]
DELTA3 = np.zeros((3, 3, 2))
DELTA3[0, 0, :] = 0.8
DELTA3[1, 1, :] = 0.5
SMALL = dict(K=K3, D=[16, 12], delta=DELTA3, pi=[0.1, 0.05, 0.85], F=np.ones((3, 2)),
             c=np.full((3, 2), 0.5), M=np.full((3, 2), 5.0), lam=[2.0, 3.0])  # fmt: skip


@pytest.mark.parametrize("objective", ["expected", "cvar"])
@pytest.mark.parametrize("budget", [0.0, 1.0, 2.5, 5.0, 7.3, 30.0])
def test_small_instance_matches_brute_force(objective, budget):
    inst = make(**SMALL)
    sol = optimize(inst, budget, objective=objective, gap=0.0)
    want = brute_force(inst.problem, budget, objective)
    assert risk(sol, objective) == pytest.approx(want, rel=1e-6, abs=1e-6)
    assert check(sol, inst).ok, check(sol, inst).violations


def test_small_instance_known_values():
    # No backup: blockade leaves MACH 16 - (2 + 3 + 4) = 7 short and CHEM 12 - (1.6 + 2 + 3)
    # = 5.4 short: loss 2*7 + 3*5.4 = 30.2; earthquake: 0.5 + 0 -> 2*0.5 = 1.0.
    inst = make(**SMALL)
    sol = optimize(inst, 5.0, gap=0.0)
    assert sol.expected_loss_before == pytest.approx(0.1 * 30.2 + 0.05 * 1.0)
    assert sol.cvar_before == pytest.approx(30.2)  # the worst 10 % is the blockade
    assert sol.expected_loss_after == pytest.approx(1.32)
    assert sol.cost == pytest.approx(5.0)
    assert sol.status == "Optimal" and sol.gap <= 1e-9
    assert [p.phase for p in sol.phases] == ["risk", "tiebreak"]


def test_cvar_objective_survives_highs_start_bug():
    # HiGHS 1.16 mis-evaluates the start solution of this CVaR model in presolve and reports
    # "Optimal" at objective 1 for the start worth 30.2; the result must still be 13.2.
    inst = make(**SMALL)
    sol = optimize(inst, 5.0, objective="cvar", gap=0.0)
    assert sol.cvar_after == pytest.approx(13.2)


def tiny_instances():
    @st.composite
    def build(draw):
        n_p, n_i, n_s = draw(st.integers(2, 3)), draw(st.integers(1, 2)), draw(st.integers(2, 3))
        ints = lambda lo, hi, shape: np.array(  # noqa: E731
            draw(st.lists(st.integers(lo, hi), min_size=int(np.prod(shape)),
                          max_size=int(np.prod(shape)))), dtype=float).reshape(shape)  # fmt: skip
        K = ints(0, 10, (n_p, n_i))
        D = ints(1, 20, (n_i,))
        delta = ints(0, 4, (n_s, n_p, n_i)) / 4.0
        w = ints(0, 5, (n_s,))
        w[draw(st.integers(0, n_s - 1))] += 1
        F = ints(0, 5, (n_p, n_i))
        c = ints(0, 4, (n_p, n_i)) / 2.0
        M = ints(0, 6, (n_p, n_i))
        lam = ints(1, 3, (n_i,))
        budget = float(draw(st.integers(0, 15)))
        return make(K, D, delta, w / w.sum(), F, c, M, lam), budget

    return build()


@SETTINGS
@given(tiny_instances())
def test_random_instances_match_brute_force(case):
    inst, budget = case
    sol = optimize(inst, budget, gap=0.0)
    want = brute_force(inst.problem, budget)
    assert sol.expected_loss_after == pytest.approx(want, rel=1e-6, abs=1e-6)
    report = check(sol, inst)
    assert report.ok, report.violations


@SETTINGS
@given(tiny_instances())
def test_random_instances_cvar_match_brute_force(case):
    inst, budget = case
    sol = optimize(inst, budget, objective="cvar", alpha=0.8, gap=0.0)
    want = brute_force(inst.problem, budget, "cvar", alpha=0.8)
    assert sol.cvar_after == pytest.approx(want, rel=1e-6, abs=1e-6)
    assert check(sol, inst).ok


@SETTINGS
@given(tiny_instances())
def test_doubling_the_budget_never_hurts(case):
    inst, budget = case
    one = optimize(inst, budget, gap=0.0)
    two = optimize(inst, 2 * budget, gap=0.0)
    assert two.expected_loss_after <= one.expected_loss_after + 1e-7
    assert one.expected_loss_after <= one.expected_loss_before + 1e-9
    assert one.cost <= budget + 1e-7 and two.cost <= 2 * budget + 1e-7


@SETTINGS
@given(tiny_instances(), st.sampled_from([0.5, 0.9, 0.99]))
def test_cvar_is_at_least_expected_loss(case, alpha):
    inst, budget = case
    for objective in ("expected", "cvar"):
        sol = optimize(inst, budget, objective=objective, alpha=alpha, gap=0.0)
        assert sol.cvar_after >= sol.expected_loss_after - 1e-9
        assert sol.cvar_before >= sol.expected_loss_before - 1e-9
        assert sol.cvar_after <= sol.losses["after"][sol.losses["probability"] > 0].max() + 1e-9


@SETTINGS
@given(tiny_instances())
def test_alpha_zero_cvar_equals_expected_loss(case):
    inst, budget = case
    by_cvar = optimize(inst, budget, objective="cvar", alpha=0.0, gap=0.0)
    by_mean = optimize(inst, budget, objective="expected", gap=0.0)
    assert by_cvar.cvar_after == pytest.approx(by_cvar.expected_loss_after, abs=1e-9)
    assert by_cvar.cvar_after == pytest.approx(by_mean.expected_loss_after, rel=1e-6, abs=1e-6)


def test_cvar_kernel_by_hand():
    L, pi = np.array([0.0, 10.0, 30.0]), np.array([0.85, 0.05, 0.10])
    assert cvar(L, pi, 0.0) == pytest.approx(pi @ L)
    assert cvar(L, pi, 0.9) == pytest.approx(30.0)  # the worst 10 % is the 30
    assert cvar(L, pi, 0.8) == pytest.approx((0.05 * 10 + 0.10 * 30) / 0.2)  # 0.05 of 0 + all
    assert cvar(L, pi, 0.95) == pytest.approx(30.0)
    with pytest.raises(ValidationError, match=r"alpha must be in \[0, 1\)"):
        cvar(L, pi, 1.0)


def test_zero_probability_scenarios_build_nothing():
    # all the loss is in scenario s0, which has probability 0; s1 loses nothing
    delta = np.zeros((2, 3, 2))
    delta[0] = 1.0
    inst = make(**{**SMALL, "delta": delta, "pi": [0.0, 1.0]})
    for objective in ("expected", "cvar"):
        sol = optimize(inst, 100.0, objective=objective, gap=0.0)
        assert not sol.placements["open"].any()
        assert sol.cost == 0.0 and sol.expected_loss_after == 0.0
        assert any("probability 0" in n.text("en") for n in sol.notes)
        assert any("概率为 0" in n.text("zh") for n in sol.notes)


def test_tiebreak_returns_cheapest_optimal_placement():
    # one scenario cuts Shanghai's MACH; either Sichuan (F=1) or Hubei (F=3) can cover it
    delta = np.zeros((2, 3, 1))
    delta[0, 0, 0] = 1.0
    inst = make(K=[[5], [0], [0]], D=[5], delta=delta, pi=[0.5, 0.5], F=[[0], [1], [3]],
                c=[[0], [1], [1]], M=[[0], [5], [5]], lam=[1.0])  # fmt: skip
    sol = optimize(inst, 100.0, gap=0.0)
    assert sol.expected_loss_after == 0.0
    assert sol.cost == pytest.approx(1 + 5)
    assert list(sol.opened().index) == [(510000, "MACH")]
    lazy = optimize(inst, 100.0, gap=0.0, tiebreak=False)
    assert lazy.expected_loss_after == 0.0 and len(lazy.phases) == 1


def test_cost_weight_trades_loss_against_cost():
    inst = make(**SMALL)
    for w in (0.1, 0.5, 2.0):
        sol = optimize(inst, 30.0, cost_weight=w, gap=0.0)
        want = brute_force(inst.problem, 30.0, weight=w)
        assert sol.expected_loss_after + w * sol.cost == pytest.approx(want, rel=1e-6)
    # at a high price of money nothing is worth building
    assert optimize(inst, 30.0, cost_weight=100.0, gap=0.0).cost == 0.0


def test_fixed_cost_above_budget_is_not_infeasible():
    F = np.array([[1.0, 50.0], [1.0, 60.0], [1.0, 70.0]])  # no CHEM option fits a budget of 10
    inst = make(**{**SMALL, "F": F})
    sol = optimize(inst, 10.0, gap=0.0)
    assert not sol.opened().index.get_level_values("industry").isin(["CHEM"]).any()
    assert any("'CHEM': every option's fixed cost exceeds the budget" in n.text("en")
               for n in sol.notes)  # fmt: skip
    assert "'CHEM': every option's fixed cost" in " ".join(sol.to_dict()["notes"])
    assert check(sol, inst).ok


def test_hinterland_share_constraint():
    # only Hubei counts as hinterland: 7 of 30 units now; with budget 10 (F = 1, c = 0.5) at
    # most its two options at 5 units each: (7 + 10) / (30 + 10) = 0.425
    inst = make(**SMALL, hinterland=(420000,))
    free = optimize(inst, 10.0, gap=0.0)
    assert free.hinterland_share_after < 0.42
    target = (free.hinterland_share_after + 0.425) / 2
    sol = optimize(inst, 10.0, gap=0.0, min_hinterland_share=target)
    assert sol.hinterland_share_after >= target - 1e-9
    assert sol.expected_loss_after >= free.expected_loss_after - 1e-9
    assert check(sol, inst).ok
    # beyond the LP bound: explained before solving
    with pytest.raises(InfeasibleError, match=r"min_hinterland_share=0\.5 cannot be met.*holds "
                       r"23\.3333% of capacity now and at most"):  # fmt: skip
        optimize(inst, 10.0, min_hinterland_share=0.5)
    # Sichuan and Hubei: the LP bound (unit price F/M + c = 0.7 buys 14.29 units: share
    # 26.29 / 44.29 = 0.5935) allows 0.5925; whole options do not (k open leave 10 - k for
    # sizes at 0.5, at most 5 each: k = 2, 3, 4 give 10, 14, 12 units, best 26 / 44 = 0.5909)
    with pytest.raises(InfeasibleError, match="whole options"):
        optimize(make(**SMALL), 10.0, min_hinterland_share=0.5925)
    sol = optimize(make(**SMALL), 10.0, min_hinterland_share=0.59, gap=0.0)
    assert sol.hinterland_share_after >= 0.59 - 1e-9 and len(sol.opened()) == 3


def test_shares_and_theil_by_hand():
    gdp = pd.Series({310000: 47000.0, 510000: 60000.0, 420000: 55000.0})
    pop = pd.Series({310000: 2480.0, 510000: 8370.0, 420000: 5840.0})
    ratio = pd.Series({"MACH": 0.3, "CHEM": 0.25})
    inst = make(**SMALL, gdp=gdp, population=pop, value_added_ratio=ratio)
    sol = optimize(inst, 5.0, gap=0.0)
    K = np.asarray(K3, dtype=float)
    assert sol.hinterland_share_before == pytest.approx(K[1:].sum() / K.sum())  # 12 / 30
    b = sol.sizes().reindex(index=list(PROVINCES), columns=list(INDUSTRIES), fill_value=0)
    after = K + b.to_numpy()
    assert sol.hinterland_share_after == pytest.approx(after[1:].sum() / after.sum())
    assert sol.theil_before == pytest.approx(theil_t(gdp / pop, w=pop))
    extra = b.to_numpy() @ ratio.to_numpy()
    assert sol.theil_after == pytest.approx(theil_t((gdp + extra) / pop, w=pop))
    frame = sol.to_frame()
    assert frame.loc["cost", "after"] == pytest.approx(sol.cost)
    d = sol.to_dict()
    assert d["status"] == "Optimal" and len(d["opened"]) == len(sol.opened())
    assert check(sol, inst).ok


def test_check_catches_tampering():
    inst = make(**SMALL)
    sol = optimize(inst, 5.0, gap=0.0)
    big = sol.placements.copy()
    big.loc[(510000, "MACH"), ["open", "size", "cost"]] = [True, 5.0, 3.5]
    bad = dataclasses.replace(sol, placements=big)
    report = check(bad, inst)
    assert not report.ok
    text = "; ".join(report.violations)
    assert "budget" in text and "expected_loss_after" in text
    closed = sol.placements.copy()
    closed["open"] = False
    report = check(dataclasses.replace(sol, placements=closed), inst)
    assert any("outside [0, 0]" in v for v in report.violations)
    with pytest.raises(ValidationError, match="fails its check"):
        report.raise_if_failed()
    wrong = dataclasses.replace(sol, cvar_after=sol.cvar_after + 1)
    assert any(v.startswith("cvar_after") for v in check(wrong, inst).violations)


def test_scenario_losses_kernel():
    inst = make(**SMALL)
    np.testing.assert_allclose(scenario_losses(inst.problem), [30.2, 1.0, 0.0])


def test_no_options_returns_without_solving():
    inst = make(**{**SMALL, "M": np.zeros((3, 2))})
    sol = optimize(inst, 10.0)
    assert sol.status == "no options" and sol.placements.empty and sol.cost == 0.0
    assert sol.expected_loss_after == sol.expected_loss_before


def test_time_limit_and_gap_are_reported():
    inst = make(**SMALL)
    sol = optimize(inst, 5.0, gap=0.05, time_limit=5.0)
    assert sol.status == "Optimal" and 0.0 <= sol.gap <= 0.05 and sol.seconds < 5.0
    assert all(p.seconds >= 0 and p.status == "Optimal" for p in sol.phases)


# ----------------------------------------------------------------------------- validation


def test_problem_validation_messages():
    base = {**SMALL}
    K = np.array(K3, dtype=float)
    K[1, 1] = -1
    with pytest.raises(ValidationError, match=r"capacity \(K\).*province 510000, industry 'CHEM'"):
        make(**{**base, "K": K})
    with pytest.raises(ValidationError, match=r"sum to 0\.95.*'s0'=0\.1, 's1'=0\.05, 's2'=0\.8"):
        make(**{**base, "pi": [0.1, 0.05, 0.8]})
    with pytest.raises(ValidationError, match=r"probability \(pi\).*scenario 's1'"):
        make(**{**base, "pi": [1.1, -0.1, 0.0]})
    delta = DELTA3.copy()
    delta[2, 2, 0] = 1.5
    with pytest.raises(
        ValidationError, match=r"loss share \(delta\) must be in \[0, 1\]; got 1\.5 at scenario "
        r"'s2', province 420000, industry 'MACH'"
    ):  # fmt: skip
        make(**{**base, "delta": delta})
    with pytest.raises(ValidationError, match=r"D must have shape \(2,\)"):
        make(**{**base, "D": [1.0]})


def test_option_validation_messages():
    inst = make(**SMALL)
    with pytest.raises(ValidationError, match="budget must be finite and >= 0"):
        optimize(inst, -1.0)
    with pytest.raises(ValidationError, match="unknown objective 'worst'; valid: cvar, expected"):
        optimize(inst, 1.0, objective="worst")
    with pytest.raises(ValidationError, match=r"alpha must be in \[0, 1\)"):
        optimize(inst, 1.0, objective="cvar", alpha=1.0)
    with pytest.raises(ValidationError, match="time_limit must be > 0"):
        optimize(inst, 1.0, time_limit=0)
    with pytest.raises(ValidationError, match="min_hinterland_share must be in"):
        optimize(inst, 1.0, min_hinterland_share=1.5)
    with pytest.raises(ValidationError, match="hinterland must be a boolean mask of 3"):
        solve_backup(inst.problem, 1.0, min_hinterland_share=0.5)


def frames():
    K = pd.DataFrame(K3, index=list(PROVINCES), columns=list(INDUSTRIES))
    D = pd.Series({"MACH": 16.0, "CHEM": 12.0})
    pi = pd.Series({"blockade": 0.1, "quake": 0.05, "none": 0.85})
    ls = pd.DataFrame(
        {"MACH": [0.8, 0.5], "CHEM": [0.8, 0.5]},
        index=pd.MultiIndex.from_tuples([("blockade", 310000), ("quake", 510000)]),
    )
    return K, D, ls, pi


OPTS = dict(size_limit=5.0, fixed_cost=1.0, unit_cost=0.5,
            loss_per_unit=pd.Series({"MACH": 2.0, "CHEM": 3.0}))  # fmt: skip


def test_from_frames_equals_arrays():
    K, D, ls, pi = frames()
    inst = BackupInstance.from_frames(K, D, ls, pi, **OPTS)
    np.testing.assert_array_equal(inst.problem.delta, DELTA3)
    assert inst.hinterland_name == "third_front:third_line"
    assert set(inst.hinterland) >= {510000, 420000} and 310000 not in inst.hinterland
    sol = optimize(inst, 5.0, gap=0.0)
    assert sol.expected_loss_after == pytest.approx(1.32)
    # the same loss shares as a (scenario, adcode, industry) Series
    inst2 = BackupInstance.from_frames(K, D, ls.stack(), pi, **OPTS)
    np.testing.assert_array_equal(inst2.problem.delta, DELTA3)
    assert list(sol.placements.index.names) == ["adcode", "industry"]


def test_from_frames_validation_messages():
    K, D, ls, pi = frames()
    with pytest.raises(ValidationError, match=r"unknown industry in loss_share 'STEEL'; valid: "
                       r"CHEM, MACH"):  # fmt: skip
        BackupInstance.from_frames(K, D, ls.assign(STEEL=0.1), pi, **OPTS)
    bad = ls.rename(index={"quake": "flood"})
    with pytest.raises(ValidationError, match=r"unknown scenario in loss_share.*'flood'; valid: "
                       r"blockade, none, quake"):  # fmt: skip
        BackupInstance.from_frames(K, D, bad, pi, **OPTS)
    with pytest.raises(ValidationError, match="unknown province adcode in capacity 999999"):
        BackupInstance.from_frames(K.rename(index={420000: 999999}), D, ls, pi, **OPTS)
    F = pd.DataFrame({"MACH": [1.0, 1.0]}, index=[310000, 510000])
    with pytest.raises(ValidationError, match=r"fixed_cost is missing where size_limit > 0: "
                       r"\[\(310000, 'CHEM'\)"):  # fmt: skip
        BackupInstance.from_frames(K, D, ls, pi, **{**OPTS, "fixed_cost": F})
    with pytest.raises(ValidationError, match=r"capacity is missing for \[\(510000, 'CHEM'\)\]"):
        BackupInstance.from_frames(K.where(K != 2), D, ls, pi, **OPTS)
    with pytest.raises(ValidationError, match=r"demand is missing for \['CHEM'\]"):
        BackupInstance.from_frames(K, D.drop("CHEM"), ls, pi, **OPTS)
    with pytest.raises(ValidationError, match="value_added_ratio is needed with gdp"):
        BackupInstance.from_frames(K, D, ls, pi, **OPTS, gdp=pd.Series(1.0, index=K.index),
                                   population=pd.Series(1.0, index=K.index))  # fmt: skip
    with pytest.raises(ValidationError, match="give gdp and population together"):
        BackupInstance.from_frames(K, D, ls, pi, **OPTS, gdp=pd.Series(1.0, index=K.index))


def test_placement_noise_does_not_scale_away_free_capacity():
    # Regression (found by Hypothesis): HiGHS opened a free option (fixed cost 2, unit cost 0,
    # size 2) at budget 2 and left a 1.8e-15 size on a paid option; the cost then exceeded the
    # budget by 1e-15 and every size was scaled to 0, throwing away the free capacity.
    from types import SimpleNamespace

    import numpy as np

    from hinterland.layout._milp import _placement

    problem = SimpleNamespace(
        K=np.zeros((1, 2)), M=np.array([[2.0, 5.0]]), F=np.array([[2.0, 0.0]]),
        c=np.array([[0.0, 1.0]]),
    )  # fmt: skip
    milp = SimpleNamespace(n_opt=2, opt_p=np.array([0, 0]), opt_i=np.array([0, 1]))
    x = np.array([1.0, 1.0, 2.0, 1.8e-15])  # y (open both), then b
    y, b = _placement(problem, milp, x, budget=2.0)
    np.testing.assert_array_equal(b, [[2.0, 0.0]])
    assert float((problem.F * y).sum() + (problem.c * b).sum()) <= 2.0


def test_tiebreak_never_trades_risk_for_cost_within_solver_tolerance():
    # Regression (found by Hypothesis without the CI profile): the cost-minimising tie-break
    # used HiGHS' 1e-6 feasibility tolerance on the risk cap and returned a loss of 1e-6 where
    # the optimum (and brute force) is 0.
    import numpy as np

    K = np.zeros((3, 2))
    delta = np.array([[[0, 0], [0, 0], [0, 0]], [[0.25, 0], [0, 0.25], [0.25, 0]]], dtype=float)
    inst = make(K, np.array([1.0, 1.0]), delta, np.array([0.75, 0.25]),
                np.array([[2.0, 5], [5, 0], [0, 5]]), np.array([[0.0, 2], [2, 1], [0, 2]]),
                np.array([[1.0, 4], [3, 6], [0, 6]]), np.array([2.0, 3]))  # fmt: skip
    sol = optimize(inst, 15.0, gap=0.0)
    assert sol.expected_loss_after == pytest.approx(brute_force(inst.problem, 15.0), abs=1e-9)
    assert check(sol, inst).ok


# --- resource limits (energy, water) ----------------------------------------------------------


def _two_provinces(limit: float | None):
    """Shanghai loses all its capacity of one industry with probability 1; Sichuan may back up
    to 100 units at cost 1 each, using 2 units of electricity per unit; Sichuan spares ``limit``.
    """
    K = pd.DataFrame({"CHEM": [10.0, 0.0]}, index=[310000, 510000])
    ls = pd.DataFrame({"CHEM": [1.0, 0.0]}, index=pd.MultiIndex.from_tuples(
        [("hit", 310000), ("hit", 510000)]))  # fmt: skip
    limits = None if limit is None else {"electricity": (pd.Series({"CHEM": 2.0}),
                                                           pd.Series({510000: limit}))}  # fmt: skip
    return BackupInstance.from_frames(
        K, pd.Series({"CHEM": 10.0}), ls, pd.Series({"hit": 1.0}),
        size_limit=pd.DataFrame({"CHEM": [0.0, 100.0]}, index=[310000, 510000]),
        fixed_cost=0.0, unit_cost=1.0, loss_per_unit=3.0, resource_limits=limits,
    )  # fmt: skip


def test_resource_limit_binds_by_hand():
    """Shortfall 10; without a limit Sichuan builds 10; sparing 12 units of power it builds 6."""
    free = optimize(_two_provinces(None), 1000.0, gap=0.0)
    assert free.placements.loc[(510000, "CHEM"), "size"] == pytest.approx(10.0)
    tight = optimize(_two_provinces(12.0), 1000.0, gap=0.0)
    assert tight.placements.loc[(510000, "CHEM"), "size"] == pytest.approx(6.0)
    assert tight.expected_loss_after == pytest.approx(3.0 * (10 - 6))
    assert check(tight, _two_provinces(12.0)).ok
    # a placement over the limit is caught by the independent checker
    bad = dataclasses.replace(tight, placements=tight.placements.assign(size=[8.0], cost=[8.0]))
    report = check(bad, _two_provinces(12.0))
    assert not report.ok and any("resource 'electricity' in 510000" in v for v in report.violations)


def test_resource_limits_validation():
    K = pd.DataFrame({"CHEM": [10.0]}, index=[310000])
    ls = pd.DataFrame({"CHEM": [1.0]}, index=pd.MultiIndex.from_tuples([("hit", 310000)]))
    common = dict(size_limit=1.0, fixed_cost=0.0, unit_cost=1.0, loss_per_unit=1.0)
    with pytest.raises(ValidationError, match="resource use of 'water' must be >= 0"):
        BackupInstance.from_frames(
            K, pd.Series({"CHEM": 10.0}), ls, pd.Series({"hit": 1.0}), **common,
            resource_limits={"water": (pd.Series({"CHEM": -1.0}), pd.Series({310000: 1.0}))},
        )  # fmt: skip
    with pytest.raises(ValidationError, match="must be a pair"):
        BackupInstance.from_frames(
            K, pd.Series({"CHEM": 10.0}), ls, pd.Series({"hit": 1.0}), **common,
            resource_limits={"water": 3.0},
        )  # fmt: skip
