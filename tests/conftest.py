"""Shared fixtures for the atlas, coordination and CLI tests (tests/metrics has its own)."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from hinterland.atlas import IndicatorTable

# CI replays the same examples every run (a red CI must be reproducible); locally Hypothesis
# explores new examples each run.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

HEADER = "adcode,year,indicator,value,unit,source,edition,read_from,checked,note\n"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Keep every test away from the user's real imported MRIO table."""
    monkeypatch.setenv("HINTERLAND_HOME", str(tmp_path_factory.mktemp("hinterland_home")))


@pytest.fixture(scope="session")
def table() -> IndicatorTable:
    """The embedded indicator panel (cached by the package, shared by every test)."""
    return IndicatorTable.default()


@pytest.fixture(scope="session")
def first() -> IndicatorTable:
    """The embedded panel in its first-published edition (CSY2024 for 2023, pre-2019 to 2017)."""
    return IndicatorTable.default("first")


@pytest.fixture(scope="session")
def province_codes() -> tuple[int, ...]:
    """The 31 mainland provincial-level divisions by GB/T 2260 code (民政部 行政区划代码)."""
    return (
        110000, 120000, 130000, 140000, 150000, 210000, 220000, 230000, 310000, 320000, 330000,
        340000, 350000, 360000, 370000, 410000, 420000, 430000, 440000, 450000, 460000, 500000,
        510000, 520000, 530000, 540000, 610000, 620000, 630000, 640000, 650000,
    )  # fmt: skip


@pytest.fixture
def write_csv(tmp_path):
    """Write rows (without header) below the documented indicator header; return the path."""

    def write(name: str, *rows: str, header: str = HEADER):
        path = tmp_path / name
        path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def synthetic_china():
    """Return ``make(seed)``: a 31-province table estimated from a seeded synthetic NBS-17 table.

    The national table is random (coefficients U(0, 0.08), outputs U(1e4, 1e5)); the provincial
    structure is the atlas' (2010). Tables are cached by seed for the session.
    """
    import numpy as np

    from hinterland.mrio.build import SECTORS_17_INDUSTRY, NationalTable, build_china

    cache: dict[int, object] = {}

    def make(seed: int):
        if seed not in cache:
            rng = np.random.default_rng(seed)
            nat = NationalTable(
                tuple(SECTORS_17_INDUSTRY),
                rng.uniform(0, 0.08, (17, 17)),
                rng.uniform(1e4, 1e5, 17),
                tuple(SECTORS_17_INDUSTRY.values()),
                "synthetic",
            )
            cache[seed] = build_china(2010, national=nat)
        return cache[seed]

    return make
