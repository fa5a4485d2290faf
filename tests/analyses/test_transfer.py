"""Shift-share (产业转移): the identity, a hand-solved case, and the hinterland's product shares."""

from __future__ import annotations

import numpy as np
import pytest

from hinterland.atlas import IndicatorTable
from hinterland.transfer import COMPONENTS, group_product_shares, shift_share

SRC = ",亿元,src,rev2024,https://example.org/t,single_copy,"


def test_components_add_up_to_the_change(table):
    r = shift_share(start=2019, end=2024, by="third_front", table=table)
    p = r.by_province
    np.testing.assert_allclose(p[list(COMPONENTS)].sum(axis=1), p["change"], rtol=1e-12)
    g = r.groups
    np.testing.assert_allclose(g[list(COMPONENTS)].sum(axis=1), g["change"], rtol=1e-12)
    # the regional shifts (and the industry mix) of one industry net out over the groups
    shifts = g["regional_shift"].groupby(level="indicator").sum()
    assert shifts.abs().max() < 1e-6 * g["end"].max()
    # the nine industries: shares of each group add to 100
    shares = g["share_end"].groupby(level="indicator").sum()
    np.testing.assert_allclose(shares, 100.0)
    assert r.dropped == []
    assert set(r.editions.values()) == {"rev2024/rev2024"}


def test_a_hand_solved_shift_share(write_csv):
    # Two provinces, two industries (亿元). Sichuan A 10 -> 20, B 10 -> 10; Guizhou A 30 -> 30,
    # B 50 -> 100. Nation: A 40 -> 50 (g_A = .25), B 60 -> 110 (g_B = 5/6), all 100 -> 160
    # (G = .6). Sichuan A: growth 10*.6 = 6, mix 10*(.25-.6) = -3.5, shift 20 - 12.5 = 7.5.
    rows = [
        f"510000,2019,va_finance,10{SRC}", f"510000,2024,va_finance,20{SRC}",
        f"510000,2019,va_real_estate,10{SRC}", f"510000,2024,va_real_estate,10{SRC}",
        f"520000,2019,va_finance,30{SRC}", f"520000,2024,va_finance,30{SRC}",
        f"520000,2019,va_real_estate,50{SRC}", f"520000,2024,va_real_estate,100{SRC}",
    ]  # fmt: skip
    t = IndicatorTable.from_csv(write_csv("ss.csv", *rows))
    r = shift_share(["va_finance", "va_real_estate"], 2019, 2024, by="four_blocs", table=t)
    sc = r.by_province.loc[(510000, "va_finance")]
    assert sc["national_growth"] == pytest.approx(6.0)
    assert sc["industry_mix"] == pytest.approx(-3.5)
    assert sc["regional_shift"] == pytest.approx(7.5)
    assert r.dropped == [a for a in t.panel("va_finance").index if a not in (510000, 520000)]


def test_mixed_units_are_refused(table):
    from hinterland.errors import ValidationError

    with pytest.raises(ValidationError, match="one unit for all indicators"):
        shift_share(["out_automobiles", "out_crude_steel"], 2005, 2019, table=table)


def test_hinterland_share_of_key_products(table):
    s = group_product_shares(years=list(range(2000, 2020)), table=table)
    # the third line's share of phones rose from 0% (2000) to 40.1% (2019), NBS database scrape
    assert s.loc[2000, "out_mobile_phones"] == 0.0
    assert round(s.loc[2019, "out_mobile_phones"], 1) == 40.1
    rep = s.attrs["reporting"]
    assert rep.loc[2019, "out_electricity"] == 31
    assert ((s >= 0) & (s <= 100)).all().all()
