"""The one factor-cost index: a hand-solved case, its invariant, and both instances built on it."""

from __future__ import annotations

import numpy as np
import pytest

from hinterland.layout.cost import factor_index


def test_hand_solved_index_and_what_the_mean_leaves_out():
    # two producers of one sector, outputs 1 and 3, prices 2 and 1, weight 0.5:
    # mean price (2*1 + 1*3) / 4 = 1.25; index 1 + 0.5 (2/1.25 - 1) = 1.3, 1 + 0.5 (0.8 - 1) = 0.9
    out = factor_index({"wage": np.array([[2.0], [1.0]])}, {"wage": 0.5}, np.array([[1.0], [3.0]]))
    assert out[:, 0] == pytest.approx([1.3, 0.9], rel=1e-15)
    # a province without a price, or without output, is not in the mean; no price gives no index
    out = factor_index(
        {"wage": np.array([[2.0], [1.0], [np.nan], [50.0]])},
        {"wage": 0.5},
        np.array([[1.0], [3.0], [2.0], [0.0]]),
    )
    assert out[:2, 0] == pytest.approx([1.3, 0.9], rel=1e-15)
    assert np.isnan(out[2, 0])


def test_the_average_producer_has_index_one_for_every_sector():
    rng = np.random.default_rng(7)
    output = rng.uniform(0.0, 10.0, (31, 5))
    rel = {"wage": rng.uniform(0.5, 2.0, (31, 1)), "land": rng.uniform(0.5, 2.0, (31, 5))}
    weights = {"wage": rng.uniform(0, 0.5, 5), "land": np.full(5, 0.1)}
    idx = factor_index(rel, weights, output)
    assert (idx * output).sum(axis=0) / output.sum(axis=0) == pytest.approx(np.ones(5), rel=1e-12)
    assert factor_index({}, {}, output) == pytest.approx(np.ones((31, 5)))


def test_the_atlas_instance_unit_cost_is_the_labour_only_index():
    from hinterland.atlas import IndicatorTable
    from hinterland.layout.default import (
        LABOUR_SHARE,
        _latest_complete_year,
        _wage_year,
        default_instance,
    )

    inst, year = default_instance()
    tbl = IndicatorTable.default()
    cap = tbl.series("va_secondary", year)
    wage = tbl.series("wage_urban_nonprivate", _wage_year(tbl)).reindex(cap.index)
    want = 1.0 + LABOUR_SHARE * (wage / ((wage * cap).sum() / cap.sum()) - 1.0)  # default.py
    assert year == _latest_complete_year(tbl)
    options = inst.problem.M[:, 0] > 0  # the candidates: a cost only where backup may go
    want = want.reindex(list(inst.problem.provinces)).to_numpy()
    assert options.sum() > 10
    assert inst.problem.c[options, 0] == pytest.approx(want[options], rel=1e-12)
