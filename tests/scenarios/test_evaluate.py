"""Evaluation: each model agrees with the single-shock analysis on a degenerate ensemble."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hinterland.mrio.analysis import shock
from hinterland.scenarios.evaluate import Evaluator
from hinterland.scenarios.spec import parse_spec


def one_shock(doc, kind, days, recovery):
    doc["model"] = {"kind": kind, "days": days, "precision": "double"}
    doc["outputs"] = ["national_loss", "loss_by_region"]
    doc["timing"] = {
        "day": 1,
        "duration": 0,
        "recovery_days": {"dist": "discrete", "values": [recovery], "probabilities": [1.0]},
    }
    doc["events"] = [
        {"name": "sichuan", "kind": "capacity", "provinces": [510000], "severity": 0.3}
    ]
    return parse_spec(doc)


SAMPLES = pd.DataFrame(
    {"timing.recovery_days": [30.0, 30.0]}, index=pd.Index([4, 9], name="sample_id")
)


@pytest.mark.parametrize(
    ("kind", "days", "recovery", "analysis_days"),
    [
        ("ario", 30, 30, 30),  # capital back linearly over 30 days, 30 days simulated
        ("iim", 40, 40, 40),  # inoperability back to 1 % in 40 days
        ("capacity", 365, 60, 30),  # 60 days of linear recovery = 30 days of full loss
    ],
)
def test_a_degenerate_ensemble_is_the_single_shock_analysis(
    doc, china17, kind, days, recovery, analysis_days
):
    spec = one_shock(doc, kind, days, recovery)
    ev = Evaluator.build(spec, china17)
    samples = SAMPLES.assign(**{"timing.recovery_days": float(recovery)})
    res = ev.evaluate(samples).results
    ref = shock(china17, region=510000, severity=0.3, days=analysis_days, model=kind)
    national = res[res.metric == "national_loss"].set_index("sample_id")["value"]
    assert national.index.tolist() == [4, 9]
    np.testing.assert_allclose(national, ref.national_output_loss, rtol=1e-9)
    by_region = res[(res.metric == "loss_by_region") & (res.sample_id == 4)].set_index("region")
    expected = ref.loss_by_region.rename(index=str)
    np.testing.assert_allclose(
        by_region["value"].loc[expected.index], expected, rtol=1e-9, atol=1e-9
    )


def test_events_on_the_same_industries_compound(doc, china17):
    doc["events"] = [
        {
            "name": "a",
            "kind": "capacity",
            "provinces": [510000],
            "sectors": ["CHEM"],
            "severity": 0.5,
        },
        {
            "name": "b",
            "kind": "capacity",
            "provinces": ["Sichuan", 500000],
            "severity": {"dist": "uniform", "low": 0, "high": 1},
        },
    ]
    ev = Evaluator.build(parse_spec(doc), china17)
    samples = pd.DataFrame(
        {"timing.duration": [0.0], "timing.recovery_days": [10.0], "b.severity": [0.2]}
    )
    delta, cut = ev.severities(samples)
    lost = pd.Series(delta[0], index=china17.index.map(lambda t: (str(t[0]), t[1])))
    assert lost[("510000", "CHEM")] == pytest.approx(1 - 0.5 * 0.8)
    assert lost[("510000", "AGR")] == pytest.approx(0.2)
    assert lost[("500000", "CHEM")] == pytest.approx(0.2)
    assert lost[("110000", "CHEM")] == 0.0
    assert cut is None


def test_a_channel_closure_is_pass_through_times_the_shortfall(doc, china17):
    from hinterland.corridors.flow import solve
    from hinterland.corridors.network import CorridorNetwork
    from hinterland.corridors.resilience import close

    doc["events"] = [
        {
            "name": "hormuz",
            "kind": "channel",
            "nodes": ["choke_hormuz"],
            "cut": {"dist": "discrete", "values": [0.0, 1.0], "probabilities": [0.5, 0.5]},
            "industries": {"crude_oil": ["PETR", "CHEM"]},
            "pass_through": 0.5,
        }
    ]
    ev = Evaluator.build(parse_spec(doc), china17)
    samples = pd.DataFrame(
        {
            "timing.duration": [0.0, 0.0],
            "timing.recovery_days": [10.0, 10.0],
            "hormuz.cut": [0.0, 1.0],
        }
    )
    delta, _ = ev.severities(samples)
    net = CorridorNetwork.default()
    short = close(net, nodes=["choke_hormuz"], baseline=solve(net)).shortfall_share
    short = short.xs("crude_oil", level="commodity").clip(0, 1)
    lost = pd.Series(delta[1], index=china17.index.map(lambda t: (int(t[0]), t[1])))
    for a in (110000, 440000, 650000):
        assert lost[(a, "PETR")] == pytest.approx(0.5 * short[a], abs=1e-12)
        assert lost[(a, "AGR")] == 0.0
    assert short.max() > 0
    np.testing.assert_array_equal(delta[0], 0.0)


def test_unmet_imports_are_the_corridor_shortfalls_and_compound(doc, china17):
    from hinterland.corridors.flow import solve
    from hinterland.corridors.network import CorridorNetwork
    from hinterland.corridors.resilience import close

    doc["outputs"] = ["national_loss", "unmet_imports"]
    doc["events"] = [
        {"name": "hormuz", "kind": "channel", "nodes": ["choke_hormuz"], "cut": 1.0,
         "industries": {"crude_oil": ["PETR"]}, "pass_through": 0.3},
        {"name": "straits", "kind": "channel", "nodes": ["choke_malacca", "choke_lombok_sunda"],
         "cut": {"dist": "uniform", "low": 0.0, "high": 1.0},
         "industries": {"crude_oil": ["PETR"], "container": ["ELEC"]}, "pass_through": 0.3},
    ]  # fmt: skip
    ev = Evaluator.build(parse_spec(doc), china17)
    samples = pd.DataFrame(
        {"timing.duration": [0.0] * 2, "timing.recovery_days": [10.0] * 2,
         "straits.cut": [0.0, 1.0]},
        index=pd.Index([3, 7], name="sample_id"),
    )  # fmt: skip
    res = ev.evaluate(samples).results
    got = res[res.metric == "unmet_imports"].set_index(["sample_id", "region", "sector"])["value"]
    net = CorridorNetwork.default()
    base = solve(net)

    def short(nodes, commodity):
        s = close(net, nodes=nodes, baseline=base).shortfall_share.clip(0, 1)
        return s.xs(commodity, level="commodity").rename(index=str)

    hormuz = short(["choke_hormuz"], "crude_oil")
    straits = short(["choke_malacca", "choke_lombok_sunda"], "crude_oil")
    for a in ("110000", "440000", "650000"):  # straits open: Hormuz alone
        assert got[(3, a, "crude_oil")] == pytest.approx(hormuz.get(a, 0.0), abs=1e-12)
        both = 1 - (1 - hormuz.get(a, 0.0)) * (1 - straits.get(a, 0.0))
        assert got[(7, a, "crude_oil")] == pytest.approx(both, abs=1e-12)
    assert set(got.index.get_level_values("sector")) == {"container", "crude_oil"}
    assert got.loc[3].xs("container", level="sector").abs().max() == 0.0
    assert hormuz.max() > 0 and straits.max() > 0
