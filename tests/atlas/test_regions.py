"""The region registry: 31 provinces, name resolution, capitals inside their boundaries."""

from __future__ import annotations

import re

import pytest
import shapely

from hinterland.atlas import NATION, adcodes, label, labels, regions, resolve
from hinterland.atlas.geometry import boundary
from hinterland.errors import ValidationError


def test_registry_holds_the_31_gb2260_provinces(province_codes):
    reg = regions()
    assert len(reg) == 31
    assert reg.index.is_unique
    assert list(reg.index) == list(province_codes)
    assert adcodes() == list(province_codes)


def test_adcodes_are_six_digit_provincial_codes():
    for code in adcodes():
        assert isinstance(code, int)
        assert 100000 <= code <= 999999
        assert code % 10000 == 0  # provincial level: the last four digits are zero
    assert NATION == 100000
    assert NATION not in adcodes()


def test_registry_columns_are_complete():
    reg = regions()
    cols = ["name_zh", "name_en", "short_zh", "capital_zh", "capital_en", "capital_lon",
            "capital_lat", "source"]  # fmt: skip
    assert list(reg.columns) == cols
    assert reg.notna().all().all()
    for col in ("name_zh", "name_en", "short_zh"):
        assert reg[col].is_unique, col
    # All capitals lie in the bounding box of China.
    assert reg["capital_lon"].between(73, 135).all()
    assert reg["capital_lat"].between(18, 54).all()


def test_regions_returns_a_copy():
    reg = regions()
    reg.loc[510000, "name_en"] = "changed"
    assert regions().loc[510000, "name_en"] == "Sichuan"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("四川省", 510000),
        ("四川", 510000),
        ("Sichuan", 510000),
        ("sichuan", 510000),
        ("  SICHUAN ", 510000),
        (510000, 510000),
        ("510000", 510000),
        ("重庆市", 500000),
        ("Chongqing", 500000),
        ("新疆维吾尔自治区", 650000),
        ("新疆", 650000),
        ("Inner Mongolia", 150000),
        ("内蒙古", 150000),
        ("Tibet", 540000),
        ("北京", 110000),
    ],
)
def test_resolve_by_chinese_english_and_adcode(name, code):
    assert resolve(name) == code


@pytest.mark.parametrize("bad", ["Atlantis", "川", 999999, "100000", "香港"])
def test_unknown_region_names_the_valid_adcodes(bad, province_codes):
    with pytest.raises(
        ValidationError, match=rf"^unknown region {re.escape(repr(bad))}; valid: "
    ) as e:
        resolve(bad)
    listed = str(e.value).split("valid: ")[1]
    assert listed == ", ".join(map(str, province_codes))


def test_labels():
    assert label(510000) == "四川"
    assert label(510000, "en") == "Sichuan"
    assert label(NATION) == "全国"
    assert label(NATION, "en") == "China"
    assert labels([500000, 510000], "en") == ["Chongqing", "Sichuan"]


@pytest.mark.parametrize("code", regions().index.tolist())
def test_capital_lies_inside_its_province(code):
    row = regions().loc[code]
    point = shapely.Point(row["capital_lon"], row["capital_lat"])
    assert boundary(code).contains(point), f"{row['capital_en']} outside {row['name_en']}"
