"""Ensemble specs: shipped examples parse; each malformed field is one line naming the field."""

from __future__ import annotations

import pytest

from hinterland.errors import ValidationError
from hinterland.scenarios.evaluate import Evaluator
from hinterland.scenarios.spec import example_specs, load_spec, parse_spec


def test_shipped_examples_parse_and_are_listed():
    names = set(example_specs())
    assert {"default", "channels", "regional_disasters"} <= names
    for name in names:
        spec = load_spec(f"example:{name}")
        assert spec.uncertain(), name
        assert "not estimates" in spec.note


def test_uncertain_parameters_are_named_by_event_and_field(spec):
    assert list(spec.uncertain()) == [
        "timing.duration",
        "timing.recovery_days",
        "coast.severity",
        "sichuan.severity",
    ]
    assert spec.fixed("timing.day") == 1.0


def _set(doc, path, value):
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value", "match"),
    [
        # discrete probabilities that do not sum to 1
        (
            ("events", 1, "severity"),
            {"dist": "discrete", "values": [0.0, 0.3], "probabilities": [0.7, 0.2]},
            r"events\[1\]\.severity: probabilities must sum to 1; they sum to 0\.9",
        ),
        # a negative severity, fixed or in a distribution's support
        (("events", 0, "severity"), -0.2, r"events\[0\]\.severity: a share must lie in \[0, 1\]"),
        (
            ("events", 0, "severity"),
            {"dist": "uniform", "low": -0.1, "high": 0.5},
            r"events\[0\]\.severity: a share must lie in \[0, 1\]; the value/support is \[-0\.1",
        ),
        # distributions with bad parameters
        (
            ("events", 0, "severity"),
            {"dist": "uniform", "low": 0.5, "high": 0.2},
            r"events\[0\]\.severity: low = 0\.5 must be < high = 0\.2",
        ),
        (
            ("events", 0, "severity"),
            {"dist": "beta", "a": 0, "b": 2},
            r"events\[0\]\.severity\.a: Input should be greater than 0",
        ),
        (
            ("timing", "duration"),
            {"dist": "triangular", "low": 0, "mode": 50, "high": 10},
            r"timing\.duration: need low <= mode <= high",
        ),
        (
            ("events", 0, "severity"),
            {"dist": "lognormal", "median": 0.1, "sigma": 0.5},
            r"events\[0\]\.severity: a share must lie in \[0, 1\]; the value/support is \[0, inf\]",
        ),
        (
            ("events", 0, "severity"),
            {"dist": "gamma", "k": 2},
            r"events\[0\]\.severity",
        ),
        (("model", "kind"), "cge", r"model\.kind: Input should be 'capacity', 'iim' or 'ario'"),
    ],
)
def test_malformed_spec_is_one_line_naming_the_field(doc, path, value, match):
    with pytest.raises(ValidationError, match=match) as err:
        parse_spec(_set(doc, path, value), origin="bad.yaml")
    assert "\n" not in str(err.value)
    assert str(err.value).startswith("bad.yaml: ")


def test_correlation_must_name_uncertain_parameters_and_be_a_correlation(doc):
    doc["correlation"] = {
        "parameters": ["coast.severity", "timing.day"],
        "matrix": [[1, 0], [0, 1]],
    }
    with pytest.raises(ValidationError, match=r"correlation.parameters: \['timing.day'\]"):
        parse_spec(doc)
    doc["correlation"] = {
        "parameters": ["coast.severity", "timing.duration"],
        "matrix": [[1, 1.5], [1.5, 1]],
    }
    with pytest.raises(ValidationError, match="positive definite correlation matrix"):
        parse_spec(doc)


def test_unknown_province_is_named_at_parse_or_bind(doc, china17):
    doc["events"][0]["provinces"] = [990000]
    with pytest.raises(ValidationError, match=r"events\[0\]\.provinces: unknown province adcode"):
        Evaluator.build(parse_spec(doc), china17)


def test_unknown_sector_names_the_field_and_lists_the_table_sectors(doc, china17):
    doc["events"][0]["sectors"] = ["CHEM", "STEEL"]
    with pytest.raises(
        ValidationError, match=r"events\[0\]\.sectors: unknown sector 'STEEL'.*valid: AGR, MIN"
    ):
        Evaluator.build(parse_spec(doc), china17)


def test_an_unknown_example_lists_the_shipped_ones():
    with pytest.raises(ValidationError, match="unknown example ensemble 'nope'; valid: channels"):
        load_spec("example:nope")
