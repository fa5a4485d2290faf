"""Batched ARIO: every scenario of a batch equals the single-run model on the same event."""

from __future__ import annotations

import numpy as np
import pytest
from test_mrio_dynamic import economy

from hinterland.errors import ValidationError
from hinterland.mrio.dynamic import (
    ARIOParams,
    BatchEvents,
    CapitalShock,
    simulate,
    simulate_batch,
)

R, S = 3, 4
N = R * S
DAY = np.array([1, 3, 2, 5, 1])
DURATION = np.array([0, 2, 5, 1, 3])
RECOVERY = np.array([30, 60, 10, 90, 1])


def damages(params, k=5, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(0, 0.9, (k, N)) * params.capital * (rng.random((k, N)) < 0.4)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"order_split": "fixed"},
        {"inventory_days": [30, np.inf, 10, 5]},
        {"psi": 1.0, "inventory_tau": 1},  # base ARIO
    ],
)
def test_each_scenario_of_a_batch_is_the_single_run(options):
    p = ARIOParams.from_table(*economy(), R, S, **options)
    dmg = damages(p)
    res = simulate_batch(p, BatchEvents(dmg, DAY, DURATION, RECOVERY), 150)
    for j in range(len(DAY)):
        shock = CapitalShock(
            dmg[j], day=int(DAY[j]), duration=int(DURATION[j]), recovery_days=int(RECOVERY[j])
        )
        one = simulate(p, shock, 150)
        np.testing.assert_allclose(res.national_output[j], one.production.sum(axis=1), rtol=1e-9)
        np.testing.assert_allclose(res.output_loss[j], one.output_loss(), rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(
            res.final_demand_unmet[j], one.final_demand_unmet[1:].sum(axis=0), atol=1e-9
        )


def test_mixed_precision_stays_within_1e6_of_the_single_run_and_exact_at_rest():
    p = ARIOParams.from_table(*economy(), R, S)
    dmg = damages(p)
    dmg[1] = 0.0
    res = simulate_batch(p, BatchEvents(dmg, DAY, DURATION, RECOVERY), 150, precision="mixed")
    for j in (0, 2, 3):
        shock = CapitalShock(
            dmg[j], day=int(DAY[j]), duration=int(DURATION[j]), recovery_days=int(RECOVERY[j])
        )
        one = simulate(p, shock, 150)
        assert res.total_output_loss()[j] == pytest.approx(one.total_output_loss(), rel=1e-6)
        np.testing.assert_allclose(res.national_output[j], one.production.sum(axis=1), rtol=1e-7)
    np.testing.assert_array_equal(res.output_loss[1], 0.0)  # no damage: the exact steady state
    with pytest.raises(ValidationError, match="precision = 'half'; valid: double, mixed"):
        simulate_batch(p, BatchEvents(dmg, DAY, DURATION, RECOVERY), 5, precision="half")


def test_a_scenario_does_not_depend_on_its_batch_companions():
    p = ARIOParams.from_table(*economy(), R, S)
    dmg = damages(p)
    alone = simulate_batch(p, BatchEvents(dmg[2:3], DAY[2], DURATION[2], RECOVERY[2]), 90)
    together = simulate_batch(p, BatchEvents(dmg, DAY, DURATION, RECOVERY), 90)
    np.testing.assert_allclose(together.output_loss[2], alone.output_loss[0], rtol=1e-12)


def test_no_damage_is_the_exact_steady_state_and_recovery_day():
    p = ARIOParams.from_table(*economy(), R, S)
    dmg = damages(p, 2)
    dmg[0] = 0.0
    res = simulate_batch(p, BatchEvents(dmg, 1, 0, 20), 365)
    np.testing.assert_array_equal(res.output_loss[0], 0.0)
    np.testing.assert_array_equal(res.national_output[0], p.x0.sum())
    assert res.recovery_day()[0] == 0.0
    rec = res.recovery_day()[1]
    assert 1 < rec < 365
    # from the recovery day on national output stays within 0.1 % of the baseline
    assert np.all(np.abs(res.national_output[1, int(rec) :] / p.x0.sum() - 1) <= 1e-3)
    assert abs(res.national_output[1, int(rec) - 1] / p.x0.sum() - 1) > 1e-3


def test_a_demand_cut_lowers_output_without_damage():
    p = ARIOParams.from_table(*economy(), R, S)
    cut = np.zeros((1, N))
    cut[0, :4] = 0.5
    res = simulate_batch(p, BatchEvents(np.zeros((1, N)), 1, 0, 10, demand_cut=cut), 60)
    assert res.total_output_loss()[0] > 0
    # capacity is intact: only a small shortage as demand comes back (orders rebound)
    assert res.final_demand_unmet.sum() < 1e-3 * res.total_output_loss()[0]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"day": 0}, r"day\[0\] = 0 must be an integer >= 1"),
        ({"recovery_days": [5, 0]}, r"recovery_days\[1\] = 0"),
        ({"duration": [1, 2, 3]}, "one per scenario"),
    ],
)
def test_bad_events_name_the_field(kwargs, match):
    args = {"damage": np.zeros((2, N)), "day": 1, "duration": 0, "recovery_days": 5} | kwargs
    with pytest.raises(ValidationError, match=match):
        BatchEvents(**args)


def test_damage_above_capital_is_refused():
    p = ARIOParams.from_table(*economy(), R, S)
    dmg = np.zeros((1, N))
    dmg[0, 3] = 2 * p.capital[3]
    with pytest.raises(ValidationError, match=r"damage\[0, 3\].*exceeds the capital"):
        simulate_batch(p, BatchEvents(dmg, 1, 0, 5), 10)
