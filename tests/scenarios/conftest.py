"""Fixtures for the ensemble tests: a small spec on the synthetic 31 x 17 China table."""

from __future__ import annotations

import copy

import pytest

from hinterland.scenarios.spec import parse_spec

BASE = {
    "name": "test_ensemble",
    "model": {"kind": "ario", "days": 60},
    "sampling": {"method": "lhs", "chunk_size": 4},
    "outputs": ["national_loss", "loss_by_region", "loss_by_sector", "recovery_days"],
    "timing": {
        "day": 1,
        "duration": {"dist": "uniform", "low": 0, "high": 10},
        "recovery_days": {"dist": "triangular", "low": 5, "mode": 20, "high": 40},
    },
    "events": [
        {
            "name": "coast",
            "kind": "capacity",
            "provinces": [310000, 320000],
            "sectors": ["CHEM", "MACH"],
            "severity": {"dist": "beta", "a": 2, "b": 5, "low": 0.0, "high": 0.6},
        },
        {
            "name": "sichuan",
            "kind": "capacity",
            "provinces": ["Sichuan"],
            "sectors": "all",
            "severity": {"dist": "discrete", "values": [0.0, 0.3], "probabilities": [0.7, 0.3]},
        },
    ],
}


@pytest.fixture
def doc():
    """A fresh copy of the base spec document (edit it freely)."""
    return copy.deepcopy(BASE)


@pytest.fixture
def spec(doc):
    return parse_spec(doc)


@pytest.fixture(scope="session")
def china17(synthetic_china):
    """The synthetic 31-province x 17-sector estimated table (seed 3)."""
    return synthetic_china(3)
