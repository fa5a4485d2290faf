"""Real GDP per capita from the NBS GDP indices, and real beside nominal convergence."""

from __future__ import annotations

import math

import pytest

from hinterland.errors import ValidationError
from hinterland.growth import real_convergence, real_gdp


def test_real_gdp_chains_the_indices_by_hand(table):
    real = real_gdp(2016, 2019, per_capita=False, table=table)
    idx = [table.series("gdp_index", y)[510000] for y in (2017, 2018, 2019)]
    base = table.series("gdp", 2016)[510000]
    assert real.loc[510000, 2016] == base
    assert real.loc[510000, 2019] == pytest.approx(base * math.prod(i / 100 for i in idx))
    assert real.attrs["unit"] == "亿元（2016年价格）"


def test_real_growth_is_below_nominal_growth(table):
    # prices rose in every province over 2005-2024: real growth of GDP per capita is lower
    r = real_convergence(2005, 2024, table=table)
    pc = table.panel("gdp_per_capita", [2005, 2024])
    nominal = 100 * ((pc[2024] / pc[2005]) ** (1 / 19) - 1)
    assert (r.growth < nominal).all()
    frame = r.to_frame()
    assert list(frame.index) == ["real", "nominal"]
    assert frame.loc["real", "beta"] < 0 and frame.loc["nominal", "beta"] < 0
    assert r.breaks == [2016]  # the index edition changes (5th census revision from 2016)


def test_a_missing_index_year_is_refused(table):
    with pytest.raises(ValidationError, match=r"real GDP 1995-2005 needs GDP in 1995"):
        real_gdp(1995, 2005, table=table)
