"""Shared fixtures for the metrics kernel tests."""

from __future__ import annotations

import numpy as np
import pytest


def _atlas_2022() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """2022 GDP per capita, population and NBS bloc of the 31 provinces, from the embedded atlas.

    Population (10,000 persons) is rounded to whole numbers so that tests can expand each
    province into integer units. Every comparison that uses these values is between two
    implementations, never against a published index value.
    """
    from hinterland.atlas import IndicatorTable, grouping

    tbl = IndicatorTable.default()
    gdp_pc = tbl.series("gdp_per_capita", 2022).to_numpy(dtype=float)
    pop = np.rint(tbl.series("population", 2022).to_numpy()).astype(np.int64)
    codes = {"east": "E", "central": "C", "west": "W", "northeast": "N"}
    bloc = np.array([codes[c] for c in grouping("four_blocs").assign()])
    return gdp_pc, pop, bloc


GDP_PC, POP, BLOC = _atlas_2022()


@pytest.fixture
def provinces() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """GDP per capita, population (integer, 10k) and bloc of the 31 provinces (2022)."""
    assert GDP_PC.size == POP.size == BLOC.size == 31
    return GDP_PC.copy(), POP.copy(), BLOC.copy()


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded generator, fresh for every test."""
    return np.random.default_rng(20240615)
