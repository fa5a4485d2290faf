"""Scenario files: the default set, loss shares, grouping names, and every validation message."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest

from hinterland.atlas import adcodes
from hinterland.errors import DataError, ValidationError
from hinterland.layout import BackupInstance, check, default_scenarios, load_scenarios, optimize
from hinterland.layout.scenarios import parse_scenarios, resolve_provinces

FIRST_LINE_COAST = [120000, 210000, 310000, 320000, 330000, 350000, 370000, 440000, 460000]
INDUSTRIES = ["MACH", "PETR", "CHEM", "ELEC"]


def write(tmp_path, text: str):
    path = tmp_path / "scenarios.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_default_set_is_complete_and_marked_illustrative():
    sset = default_scenarios()
    pi = sset.probability()
    assert pi.sum() == pytest.approx(1.0, abs=1e-12)
    assert pi["no_disruption"] == pytest.approx(0.85)
    names = {"blockade_first_line_coast", "earthquake_southwest", "yangtze_flood_middle",
             "malacca_closure", "cold_wave_northeast", "hormuz_closure"}  # fmt: skip
    assert names <= set(pi.index)
    assert "not estimates" in sset.note.lower() or "not estimates" in sset.note
    assert "illustrative" in sset.note.lower()


def test_default_loss_shares():
    delta = default_scenarios().loss_shares(adcodes(), INDUSTRIES)
    assert delta.shape == (7 * 31, 4) and delta.index.names == ["scenario", "adcode"]
    blockade = delta.loc["blockade_first_line_coast"]
    np.testing.assert_allclose(blockade.loc[FIRST_LINE_COAST], 0.8)
    np.testing.assert_allclose(blockade.loc[[130000, 450000]], 0.3)  # 1 - (1 - 0.3), rounded
    assert blockade.drop([*FIRST_LINE_COAST, 130000, 450000]).eq(0).all().all()
    # Malacca: 15 % everywhere, compounded with 30 % on the coast: 1 - 0.85 * 0.7 = 0.405
    malacca = delta.loc["malacca_closure"]
    assert malacca.loc[310000, "PETR"] == pytest.approx(0.405)
    assert malacca.loc[510000, "CHEM"] == pytest.approx(0.15)
    assert (malacca["MACH"] == 0).all() and (malacca["ELEC"] == 0).all()
    cold = delta.loc["cold_wave_northeast"]
    assert cold.loc[230000, "ELEC"] == pytest.approx(1 - 0.9 * 0.8)
    assert cold.loc[230000, "MACH"] == pytest.approx(0.1)
    assert delta.loc["no_disruption"].eq(0).all().all()
    # provinces outside the instance are ignored
    part = default_scenarios().loss_shares([510000, 310000], ["MACH"], unknown_industries="ignore")
    assert part.loc[("earthquake_southwest", 510000), "MACH"] == pytest.approx(0.3)
    assert part.loc["malacca_closure"].eq(0).all().all()  # PETR and CHEM are not there


def test_grouping_names_resolve():
    assert resolve_provinces("third_front:first_line")[:3] == [110000, 120000, 150000]
    assert len(resolve_provinces("third_front:first_line")) == 15
    assert len(resolve_provinces("coastal")) == 11
    assert resolve_provinces("first_line") == resolve_provinces("third_front:first_line")
    assert resolve_provinces("four_blocs:northeast") == [210000, 220000, 230000]
    assert resolve_provinces(["coastal", 510000, "510000"])[-1] == 510000
    assert len(resolve_provinces("all")) == 31
    assert resolve_provinces("Sichuan") == [510000] and resolve_provinces("四川省") == [510000]
    with pytest.raises(ValidationError, match="several groups; name one as four_blocs:<code>"):
        resolve_provinces("four_blocs")
    with pytest.raises(ValidationError, match=r"unknown group of third_front 'fourth_line'; "
                       r"valid: first_line, second_line, third_line"):  # fmt: skip
        resolve_provinces("third_front:fourth_line")
    with pytest.raises(ValidationError, match=r"unknown province or grouping 'atlantis'.*"
                       r"groupings: .*coastal.*third_front"):  # fmt: skip
        resolve_provinces("atlantis")
    with pytest.raises(ValidationError, match=r"unknown province adcode 999999; valid: 110000"):
        resolve_provinces(999999)


GOOD = """
    scenarios:
      - name: blockade
        probability: 0.1
        shocks:
          - provinces: ["third_front:first_line"]
            industries: all
            loss_share: 0.8
      - name: calm
        probability: 0.9
"""


def test_load_a_file(tmp_path):
    sset = load_scenarios(write(tmp_path, GOOD), industries=INDUSTRIES)
    assert sset.names() == ["blockade", "calm"]
    assert sset.scenarios[0].shocks[0].industries == "all"
    assert sset.scenarios[1].shocks == []


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (GOOD.replace("loss_share: 0.8", "loss_share: 1.5"),
         r"scenario 'blockade': scenarios\[0\]\.shocks\[0\]\.loss_share: Input should be less "
         r"than or equal to 1 \(got 1\.5\)"),
        (GOOD.replace("probability: 0.9", "probability: 0.8"),
         r"probabilities of the scenarios must sum to 1 \(within 1e-09\); they sum to 0\.9 "
         r"\(blockade=0\.1, calm=0\.8\)"),
        (GOOD.replace("probability: 0.1", "probability: -0.1"),
         r"scenario 'blockade': scenarios\[0\]\.probability: Input should be greater than or "
         r"equal to 0"),
        (GOOD.replace("name: calm", "name: blockade"),
         r"scenario names must be unique; repeated: \['blockade'\]"),
        (GOOD.replace('["third_front:first_line"]', "[atlantis]"),
         r"scenario 'blockade': scenarios\[0\]\.shocks\[0\]\.provinces: unknown province or "
         r"grouping 'atlantis'"),
        (GOOD.replace('["third_front:first_line"]', "[999999]"),
         r"scenarios\[0\]\.shocks\[0\]\.provinces: unknown province adcode 999999; valid: "
         r"110000, 120000"),
        (GOOD.replace("industries: all", "industries: [MACH, STEEL]"),
         r"scenario 'blockade': scenarios\[0\]\.shocks\[0\]\.industries: unknown industry "
         r"code\(s\) \['STEEL'\]; valid: MACH, PETR, CHEM, ELEC"),
        (GOOD.replace("loss_share: 0.8", "loss_shares: 0.8"),
         r"scenarios\[0\]\.shocks\[0\]\.loss_share: Field required.*"
         r"scenarios\[0\]\.shocks\[0\]\.loss_shares: Extra inputs are not permitted"),
        (GOOD.replace("provinces: [\"third_front:first_line\"]", "provinces: []"),
         r"scenarios\[0\]\.shocks\[0\]\.provinces: List should have at least 1 item"),
        (GOOD.replace("  - name: calm", "  - nom: calm"),
         r"scenario #2: scenarios\[1\]\.name: Field required"),
        ("scenarios: []", r"scenarios: List should have at least 1 item"),
    ],
)  # fmt: skip
def test_validation_messages(tmp_path, text, match):
    path = write(tmp_path, text)
    with pytest.raises(ValidationError, match=match) as info:
        load_scenarios(path, industries=INDUSTRIES)
    assert str(info.value).startswith(str(path))


def test_unknown_industry_caught_when_resolving():
    sset = parse_scenarios(
        {"scenarios": [{"name": "x", "probability": 1.0,
                        "shocks": [{"provinces": [510000], "industries": ["PETR"],
                                    "loss_share": 0.5}]}]}
    )  # fmt: skip
    with pytest.raises(ValidationError, match=r"scenario 'x': shocks\[0\]\.industries: unknown "
                       r"industry code\(s\) \['PETR'\]; valid: MACH, CHEM"):  # fmt: skip
        sset.loss_shares([510000], ["MACH", "CHEM"])


def test_file_errors(tmp_path):
    with pytest.raises(DataError, match=r"scenario file .*missing\.yaml: no such file"):
        load_scenarios(tmp_path / "missing.yaml")
    with pytest.raises(DataError, match="not valid YAML at line"):
        load_scenarios(write(tmp_path, "scenarios: [\n  - name: a\n   probability: 1\n"))


def test_default_scenarios_drive_a_national_instance():
    # 31 provinces x 4 industries, capacity in proportion to a fixed pattern (synthetic)
    rng = np.random.default_rng(7)
    K = pd.DataFrame(rng.uniform(1, 10, (31, 4)), index=adcodes(), columns=INDUSTRIES)
    D = K.sum() * 0.95
    inst = BackupInstance.from_scenarios(
        K, D, None, size_limit=K * 0.3, fixed_cost=2.0, unit_cost=1.0,
        loss_per_unit=pd.Series([2.0, 3.0, 2.5, 4.0], index=INDUSTRIES),
    )  # fmt: skip
    assert list(inst.scenarios) == default_scenarios().names()
    sol = optimize(inst, 20.0, gap=0.0)
    assert sol.expected_loss_after < sol.expected_loss_before
    assert check(sol, inst).ok
    with pytest.raises(ValidationError, match=r"unknown industry code\(s\) \['PETR', 'CHEM'\]"):
        BackupInstance.from_scenarios(
            K[["MACH", "ELEC"]], D[["MACH", "ELEC"]], None, size_limit=1.0, fixed_cost=1.0,
            unit_cost=1.0, loss_per_unit=1.0,
        )  # fmt: skip
    two = BackupInstance.from_scenarios(
        K[["MACH", "ELEC"]], D[["MACH", "ELEC"]], None, size_limit=1.0, fixed_cost=1.0,
        unit_cost=1.0, loss_per_unit=1.0, unknown_industries="ignore",
    )  # fmt: skip
    assert two.problem.delta[list(two.scenarios).index("malacca_closure")].max() == 0.0


# --- channel closures from the corridor model -------------------------------------------------


def test_channel_closure_equals_corridor_shortfall_times_pass_through():
    """Loss share = pass_through x the province's unmet share of crude after closing Hormuz."""
    from hinterland.corridors.network import CorridorNetwork
    from hinterland.corridors.resilience import close

    delta = default_scenarios().loss_shares(adcodes(), INDUSTRIES).loc["hormuz_closure"]
    short = close(CorridorNetwork.default(), nodes=["choke_hormuz"]).shortfall_share
    crude = short.xs("crude_oil", level="commodity").reindex(adcodes(), fill_value=0.0)
    expected = 0.5 * crude.clip(0, 1)
    np.testing.assert_allclose(delta["PETR"].to_numpy(), expected.to_numpy(), atol=1e-12)
    np.testing.assert_allclose(delta["CHEM"].to_numpy(), expected.to_numpy(), atol=1e-12)
    assert (delta[["MACH", "ELEC"]] == 0).all().all()
    assert expected.max() > 0  # the closure leaves some province short of crude


def test_channel_closure_compounds_with_shocks(tmp_path):
    path = write(
        tmp_path,
        """
        scenarios:
          - name: both
            probability: 1
            shocks:
              - provinces: [all]
                industries: [PETR]
                loss_share: 0.2
            channels:
              - nodes: [choke_hormuz]
                industries: {crude_oil: all}
                pass_through: 1.0
        """,
    )
    from hinterland.corridors.network import CorridorNetwork
    from hinterland.corridors.resilience import close

    delta = load_scenarios(path).loss_shares(adcodes(), INDUSTRIES).loc["both"]
    short = close(CorridorNetwork.default(), nodes=["choke_hormuz"]).shortfall_share
    crude = short.xs("crude_oil", level="commodity").reindex(adcodes(), fill_value=0.0)
    np.testing.assert_allclose(delta["PETR"], 1 - 0.8 * (1 - crude.clip(0, 1)), atol=1e-12)
    np.testing.assert_allclose(delta["MACH"], crude.clip(0, 1), atol=1e-12)


def test_channel_closure_that_reroutes_costs_no_capacity(tmp_path):
    """Malacca closed alone: the flow model reroutes all crude (no province short)."""
    path = write(
        tmp_path,
        """
        scenarios:
          - name: m
            probability: 1
            channels:
              - nodes: [choke_malacca]
                industries: {crude_oil: [PETR]}
        """,
    )
    delta = load_scenarios(path).loss_shares(adcodes(), INDUSTRIES)
    assert (delta == 0).all().all()


@pytest.mark.parametrize(
    ("channel", "match"),
    [
        ("{nodes: [nowhere], industries: {crude_oil: [PETR]}}", "channels\\[0\\].*nowhere"),
        ("{nodes: [choke_hormuz], industries: {coal: [PETR]}}", "unknown commodity 'coal'"),
        ("{nodes: [choke_hormuz], industries: {crude_oil: [XX]}}", "crude_oil.*XX"),
        ("{industries: {crude_oil: [PETR]}}", "edges or nodes"),
        ("{nodes: [choke_hormuz], industries: {crude_oil: [PETR]}, cut: 0}", "cut"),
    ],
)
def test_bad_channel_closure_names_the_field(tmp_path, channel, match):
    path = write(
        tmp_path,
        f"""
        scenarios:
          - name: bad
            probability: 1
            channels:
              - {channel}
        """,
    )
    with pytest.raises(ValidationError, match=match):
        load_scenarios(path).loss_shares(adcodes(), INDUSTRIES)


def test_example_sets_ship_and_load():
    from hinterland.layout.scenarios import example_scenarios, resolve_scenarios

    shipped = example_scenarios()
    assert {"default", "channels", "regional_disasters", "coastal_blockade"} <= set(shipped)
    for name in shipped:
        sset = resolve_scenarios(f"example:{name}")
        assert sum(s.probability for s in sset.scenarios) == pytest.approx(1.0, abs=1e-12)
        assert "llustrative" in sset.note  # every shipped set says it is made up
        assert len({s.name for s in sset.scenarios}) == len(sset.scenarios)
    assert resolve_scenarios("example:default") == resolve_scenarios(None)
    with pytest.raises(ValidationError, match="unknown example scenario set 'nope'; valid: "):
        resolve_scenarios("example:nope")


def test_example_channel_set_compounds_nothing_where_the_network_reroutes():
    from hinterland.layout.scenarios import resolve_scenarios

    sset = resolve_scenarios("example:channels")
    delta = sset.loss_shares(list(adcodes()), ["PETR", "CHEM"], unknown_industries="ignore")
    by = delta.groupby(level="scenario").max()
    # Malacca alone is rerouted through Lombok/Sunda: no crude is lost, so PETR/CHEM lose nothing;
    # Hormuz and both southern straits leave some provinces wholly short: 0.5 x 1 (pass-through)
    assert by.loc["malacca_closed"].max() == 0.0
    assert by.loc["hormuz_closed", "PETR"] == pytest.approx(0.5)
    assert by.loc["southern_straits_closed", "CHEM"] == pytest.approx(0.5)
