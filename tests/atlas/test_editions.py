"""Editions: one revision per indicator and year, the latest by default, breaks marked; the
overlap confirmations against the NBS exports in ../shared/data/provincial; the YAML cache."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from hinterland.atlas._files import embedded_yaml

ROOT = Path(__file__).resolve().parents[2]
SHARED = next(
    (p / "shared" / "data" / "provincial" for p in ROOT.parents if (p / "shared").is_dir()),
    ROOT.parent / "shared" / "data" / "provincial",
)
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"the shared NBS exports are not beside the clone ({SHARED})"
)


def test_no_2017_2018_step_in_the_default_gdp_series(table):
    # Tianjin, 亿元. Default (latest): 2005-2018 on the 4th-census benchmark, NBS export
    # xiaoqi737/thesis-data-and-code 分省年度数据.xls @e475d87 (2016 11477.2, 2017 12450.6),
    # 2018 13362.9 (same export; gdp.csv). First-published: 17885.39, 18549.19 (NBS export
    # 1993-2017, Tobby-star/dynamic_datas @0af0641), then 13362.9: the -28% artefact.
    gdp = table.panel("gdp")
    assert gdp.loc[120000, [2016, 2017, 2018]].tolist() == [11477.2, 12450.6, 13362.9]
    assert gdp.attrs["editions"][2017] == gdp.attrs["editions"][2018] == "rev2019"
    first = table.with_edition("first").panel("gdp")
    assert first.loc[120000, [2016, 2017, 2018]].tolist() == [17885.39, 18549.19, 13362.9]
    assert round(first.loc[120000, 2018] / first.loc[120000, 2017] - 1, 3) == -0.280


def test_the_default_gdp_series_changes_edition_only_where_marked(table):
    assert table.breaks("gdp") == [2005, 2019]
    ed = table.editions("gdp")
    assert set(ed[ed.index <= 2004]) == {"pre2019"}  # no revised figure held: said so
    assert set(ed[(ed.index >= 2005) & (ed.index <= 2018)]) == {"rev2019"}
    assert set(ed[ed.index >= 2019]) == {"rev2024"}
    # within one edition no province falls by more than 6% in a year (Hubei 2020: -5.6%, the
    # pandemic); across the 2004/2005 break Jilin falls 11%, which is why it is marked
    growth = table.panel("gdp").pct_change(axis=1)
    within = growth.drop(columns=[2000, *table.breaks("gdp")])
    assert within.min().min() > -0.06
    assert table.with_edition("first").breaks("gdp") == [2018, 2024]


def test_latest_2023_gdp_is_the_5th_census_revision(table, first):
    # Sichuan 2023: 60132.9 in CSY2024 (first published), 61353.4 after the 5th economic census
    # revision (NBS export 分省年度数据2023.csv, Liushenwuzhu-Alpaca/province-economy @94b1291)
    assert first.series("gdp", 2023)[510000] == 60132.9
    assert table.series("gdp", 2023)[510000] == 61353.4
    assert table.editions("gdp")[2023] == "rev2024"


def test_a_national_row_of_another_edition_is_not_mixed_in(table, first):
    # national GDP is held only as first published (and 2018, 2024): in the latest view 2023 has
    # no national figure of the 5th-census edition, so it is missing, not the old figure
    assert first.national("gdp", 2023) == 1260582.1
    assert table.national("gdp", 2023) != table.national("gdp", 2023)  # NaN
    assert table.national("gdp", 2024) == 1349083.5


def test_shares_divide_figures_of_one_edition(table):
    # 2010 value added is first published; GDP 2010 in the latest view is revised: the share
    # uses GDP of the value added's edition (Beijing 2010: 4921.0 / 14113.58 亿元, CSY2011)
    share = table.series("secondary_share", 2010)
    va = table.series("va_secondary", 2010)[110000]
    gdp_first = table.with_edition("pre2019").series("gdp", 2010)[110000]
    assert share[110000] == pytest.approx(va / gdp_first * 100)
    assert table.series("gdp", 2010)[110000] != gdp_first


def test_the_checked_distribution_counts_every_figure(table):
    dist = table.checked_distribution()
    assert list(dist.index) == ["official", "two_copies", "single_copy"]
    assert dist.sum() == table.rows["value"].notna().sum()
    assert dist["two_copies"] >= 1193  # docs/data/overlaps.md


def test_the_yaml_cache_hands_out_copies():
    a = embedded_yaml("indicators.yaml")
    a["stored"]["gdp"]["unit"] = "元"
    assert embedded_yaml("indicators.yaml")["stored"]["gdp"]["unit"] == "亿元"


# --- overlaps with the shared NBS exports --------------------------------------------------


def _shared(name: str, **match) -> dict[tuple[int, int], str]:
    with (SHARED / name).open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if all(r[k].startswith(v) for k, v in match.items())]
    return {(int(float(r["adcode"])), int(r["year"])): r["value"] for r in rows}


def _agree(a: float, b: str) -> bool:
    q = Decimal(1).scaleb(Decimal(b).as_tuple().exponent)
    return abs(Decimal(repr(a)) - Decimal(b)) <= q / 2


@needs_shared
def test_gdp_2018_2023_confirmed_by_the_xiaoqi737_export(first):
    copy = _shared("gdp_nbs_fsnd_exports.csv", source_repo="xiaoqi737")
    rows = first.rows
    held = rows[(rows["indicator"] == "gdp") & rows["year"].between(2018, 2023)]
    held = held[(held["adcode"] != 100000) & (held["edition"] == "rev2019")]
    assert len(held) == 186
    for r in held.itertuples():
        assert _agree(r.value, copy[(r.adcode, r.year)]), (r.adcode, r.year)
        assert r.checked == "two_copies"


@needs_shared
def test_population_2005_2022_confirmed_by_the_nbs_export(table):
    copy = _shared("population_nbs_fsnd_2000_2022.csv")
    p = table.panel("population", list(range(2000, 2023)))
    assert all(p.loc[a, y] == float(v) for (a, y), v in copy.items())
    rows = table.rows
    mine = rows[(rows["indicator"] == "population") & rows["year"].between(2005, 2022)]
    assert set(mine[mine["adcode"] != 100000]["checked"]) == {"two_copies"}


@needs_shared
def test_imported_tables_hold_the_shared_figures_unchanged(table):
    ic = _shared("industrial_products_nbs_fsnd_2000_2019.csv", indicator="integrated_circuits")
    # 万块 in the source, 亿块 in the atlas: a decimal shift of 4 places, nothing else
    s = table.series("out_integrated_circuits", 2019)
    assert s[320000] == float(Decimal(ic[(320000, 2019)]).scaleb(-4))
    trade = _shared("trade_exports_imports_nbs_fsnd_2000_2019.csv", indicator="exports")
    assert table.series("exports", 2019)[110000] == float(trade[(110000, 2019)])
    assert table.unit("exports") == "千美元"
