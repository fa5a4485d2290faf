"""Batched ARIO on regional trade coefficients: the same numbers as the general loop."""

from __future__ import annotations

import numpy as np
import pytest
from test_mrio_dynamic import economy
from test_mrio_dynamic_batch import DAY, DURATION, RECOVERY, R, S, damages

from hinterland.errors import ValidationError
from hinterland.mrio.dynamic import ARIOParams, BatchEvents, batch, simulate_batch
from hinterland.mrio.dynamic.trade import trade_shares


def test_trade_shares_are_the_ones_the_table_was_built_with():
    # economy() builds Z from per-product trade shares by destination region (Chenery-Moses)
    rng = np.random.default_rng(1)
    rng.uniform(0.0, 1.0, (S, S)), rng.random((S, S))  # the draws economy() makes first
    rng.uniform(0.3, 0.6, S)
    trade = rng.uniform(0.2, 1.0, (S, R, R)) + 2.0 * np.eye(R)[None]
    share = trade / trade.sum(axis=1, keepdims=True)
    t = trade_shares(ARIOParams.from_table(*economy(), R, S))
    np.testing.assert_allclose(t, share, rtol=1e-12)
    np.testing.assert_allclose(t.sum(axis=1), 1.0, rtol=1e-12)


def test_a_table_without_trade_coefficients_is_refused_by_the_detector():
    Z, y, x = economy()
    Z = Z * np.random.default_rng(3).uniform(0.9, 1.1, Z.shape)  # sector-specific origins
    x = Z.sum(axis=1) + y
    assert trade_shares(ARIOParams.from_table(Z, y, x, R, S)) is None


@pytest.mark.parametrize(
    "options",
    [{}, {"order_split": "fixed"}, {"inventory_days": [30, np.inf, 10, 5]}, {"psi": 1.0}],
)
def test_the_trade_path_equals_the_dense_loop(options, monkeypatch):
    p = ARIOParams.from_table(*economy(), R, S, **options)
    dmg = damages(p)
    cut = np.zeros_like(dmg)
    cut[1, :3] = 0.4
    ev = BatchEvents(dmg, DAY, DURATION, RECOVERY, demand_cut=cut)
    dense = simulate_batch(p, ev, 120, flows="dense")
    one_block = simulate_batch(p, ev, 120)
    # blocks of two scenarios, then one: each scenario is independent of its companions
    monkeypatch.setattr(batch, "CACHE_BYTES", 2 * batch.STATE_ARRAYS * S * R * S * 8)
    blocks = simulate_batch(p, ev, 120)
    for res in (one_block, blocks):
        np.testing.assert_allclose(res.output_loss, dense.output_loss, rtol=1e-10, atol=1e-9)
        np.testing.assert_allclose(res.national_output, dense.national_output, rtol=1e-12)
        np.testing.assert_allclose(res.final_demand_unmet, dense.final_demand_unmet, atol=1e-9)
    # independent to the last bits, not bitwise: BLAS may round a product with one right-hand
    # side (a block of one scenario) differently from one with several
    np.testing.assert_allclose(blocks.output_loss, one_block.output_loss, rtol=1e-13, atol=0)


def test_an_unknown_flows_strategy_is_refused():
    p = ARIOParams.from_table(*economy(), R, S)
    with pytest.raises(ValidationError, match="flows = 'sparse'; valid: auto, dense"):
        simulate_batch(p, BatchEvents(damages(p), DAY, DURATION, RECOVERY), 5, flows="sparse")


def test_on_a_table_without_trade_coefficients_the_batch_is_still_the_single_run():
    from hinterland.mrio.dynamic import CapitalShock, simulate

    Z, y, _ = economy()
    Z = Z * np.random.default_rng(3).uniform(0.9, 1.1, Z.shape)
    p = ARIOParams.from_table(Z, y, Z.sum(axis=1) + y, R, S)
    dmg = damages(p)
    res = simulate_batch(p, BatchEvents(dmg, DAY, DURATION, RECOVERY), 100)
    for j in range(len(DAY)):
        shock = CapitalShock(dmg[j], day=int(DAY[j]), duration=int(DURATION[j]),
                             recovery_days=int(RECOVERY[j]))  # fmt: skip
        one = simulate(p, shock, 100)
        np.testing.assert_allclose(res.output_loss[j], one.output_loss(), rtol=1e-9, atol=1e-9)


def test_given_trade_shares_are_used_and_checked():
    p = ARIOParams.from_table(*economy(), R, S)
    ev = BatchEvents(damages(p), DAY, DURATION, RECOVERY)
    given = simulate_batch(p, ev, 30, trade=trade_shares(p))
    np.testing.assert_array_equal(given.output_loss, simulate_batch(p, ev, 30).output_loss)
    with pytest.raises(ValidationError, match=r"trade must be \(S, R, R\) trade shares"):
        simulate_batch(p, ev, 5, trade=np.ones((S, R)))


# ------------------------------------------------------------------ the single run on trade shares

STATE_FIELDS = (
    "production", "capacity", "final_demand_unmet", "overproduction", "inventories", "orders",
    "order_weights", "orders_per_weight", "intermediate_demand", "damage",
)  # fmt: skip


@pytest.mark.parametrize(
    "options",
    [{}, {"order_split": "fixed"}, {"inventory_days": [30, np.inf, 10, 5]}, {"psi": 1.0}],
)
@pytest.mark.parametrize("scenario", [0, 2, 4])
def test_simulate_on_trade_shares_equals_the_step_loop(options, scenario):
    from hinterland.mrio.dynamic import CapitalShock, simulate

    p = ARIOParams.from_table(*economy(), R, S, **options)
    shock = CapitalShock(damages(p)[scenario], day=int(DAY[scenario]),
                         duration=int(DURATION[scenario]),
                         recovery_days=int(RECOVERY[scenario]))  # fmt: skip
    fast, ref = simulate(p, shock, 150), simulate(p, shock, 150, engine="step")
    for name in ("production", "capacity", "final_demand_unmet"):
        np.testing.assert_allclose(getattr(fast, name), getattr(ref, name), rtol=1e-9, atol=1e-12)
    assert fast.final_state.day == ref.final_state.day == 150
    for name in STATE_FIELDS:  # inf where an input never constrains, in the same cells
        a, b = getattr(fast.final_state, name), getattr(ref.final_state, name)
        np.testing.assert_array_equal(np.isinf(a), np.isinf(b), err_msg=name)
        np.testing.assert_allclose(a[np.isfinite(a)], b[np.isfinite(b)], rtol=1e-9, atol=1e-12,
                                   err_msg=name)  # fmt: skip
    assert fast.final_state.rebuild.shape == ref.final_state.rebuild.shape == (p.n, 0)


def test_simulate_of_a_rebuild_or_an_unstructured_table_is_the_step_loop():
    from hinterland.mrio.dynamic import CapitalShock, simulate

    Z, y, _ = economy()
    Z = Z * np.random.default_rng(3).uniform(0.9, 1.1, Z.shape)
    p = ARIOParams.from_table(Z, y, Z.sum(axis=1) + y, R, S)
    shock = CapitalShock(damages(p)[0], day=2, recovery_days=20)
    np.testing.assert_array_equal(simulate(p, shock, 60).production,
                                  simulate(p, shock, 60, engine="step").production)  # fmt: skip
    p = ARIOParams.from_table(*economy(), R, S)
    rebuild = CapitalShock(damages(p)[0], day=2, recovery="rebuild",
                           rebuilding_sectors=np.full(S, 1 / S))  # fmt: skip
    np.testing.assert_array_equal(simulate(p, rebuild, 60).production,
                                  simulate(p, rebuild, 60, engine="step").production)  # fmt: skip


def test_an_unknown_engine_is_refused():
    from hinterland.mrio.dynamic import simulate

    p = ARIOParams.from_table(*economy(), R, S)
    with pytest.raises(ValidationError, match="engine = 'fast'; valid: auto, step"):
        simulate(p, None, 5, engine="fast")
