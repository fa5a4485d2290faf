"""Groupings of provinces: membership as published, partitions, and malformed user files."""

from __future__ import annotations

import re

import pytest

from hinterland.atlas import adcodes, grouping, groupings
from hinterland.errors import DataError, ValidationError

EMBEDDED = sorted(groupings())


def test_embedded_grouping_names():
    assert EMBEDDED == [
        "city_clusters", "coastal", "computing_hubs", "four_blocs", "innovation_zones",
        "land_border", "new_areas", "pilot_ftz", "third_front", "yangtze_belt",
    ]  # fmt: skip


@pytest.mark.parametrize("name", EMBEDDED)
def test_every_embedded_grouping_is_well_formed(name):
    g = grouping(name)
    assert g.name == name
    assert g.source.strip()
    assert g.read_from.strip()
    valid = set(adcodes())
    assert len(set(g.codes())) == len(g.codes())
    for grp in g.groups:
        assert grp.adcodes, grp.code
        assert len(set(grp.adcodes)) == len(grp.adcodes), grp.code
        assert set(grp.adcodes) <= valid
        for prov, prefs in grp.prefectures.items():
            assert prov in grp.adcodes
            assert all(p // 10000 == prov // 10000 for p in prefs)


def test_four_blocs_is_the_nbs_2011_partition():
    # 国家统计局《东西中部和东北地区划分方法》(2011-06-13):
    # east 10, central 6, west 12, northeast 3.
    g = grouping("four_blocs")
    assert g.is_partition()
    assert g.codes() == ["east", "central", "west", "northeast"]
    assert [len(grp.adcodes) for grp in g.groups] == [10, 6, 12, 3]
    assert set(g.group("east").adcodes) == {
        110000, 120000, 130000, 310000, 320000, 330000, 350000, 370000, 440000, 460000,
    }  # fmt: skip
    assert set(g.group("central").adcodes) == {140000, 340000, 360000, 410000, 420000, 430000}
    assert set(g.group("west").adcodes) == {
        150000, 450000, 500000, 510000, 520000, 530000, 540000, 610000, 620000, 630000, 640000,
        650000,
    }  # fmt: skip
    assert set(g.group("northeast").adcodes) == {210000, 220000, 230000}
    labels = g.assign()
    assert labels.notna().all()
    assert labels[510000] == "west"
    assert labels.value_counts().to_dict() == {"west": 12, "east": 10, "central": 6, "northeast": 3}


def test_coastal_has_the_11_provinces_of_the_ocean_bulletin():
    # 国家海洋局《中国海洋经济统计公报》: 辽宁 河北 天津 山东 江苏 上海 浙江 福建 广东 广西 海南.
    g = grouping("coastal")
    assert set(g.groups[0].adcodes) == {
        120000, 130000, 210000, 310000, 320000, 330000, 350000, 370000, 440000, 450000, 460000,
    }  # fmt: skip
    assert not g.is_partition()
    assert 110000 not in g.groups[0].adcodes  # Beijing is not coastal


def test_yangtze_belt_has_11_provinces():
    # 国发〔2014〕39号: 上海 江苏 浙江 安徽 江西 湖北 湖南 重庆 四川 云南 贵州.
    g = grouping("yangtze_belt")
    assert set(g.groups[0].adcodes) == {
        310000, 320000, 330000, 340000, 360000, 420000, 430000, 500000, 510000, 520000, 530000,
    }  # fmt: skip


def test_third_front_is_a_partition_with_12_third_line_provinces():
    g = grouping("third_front")
    assert g.is_partition()
    assert g.codes() == ["first_line", "second_line", "third_line"]
    assert set(g.group("third_line").adcodes) == {
        140000, 410000, 420000, 430000, 500000, 510000, 520000, 530000, 610000, 620000, 630000,
        640000,
    }  # fmt: skip
    assert [len(grp.adcodes) for grp in g.groups] == [15, 4, 12]


def test_chengdu_chongqing_cluster():
    grp = grouping("city_clusters").group("chengdu_chongqing")
    assert {500000, 510000} <= set(grp.adcodes)
    # 15 Sichuan cities of the 2021 纲要 (成都 自贡 泸州 德阳 绵阳 遂宁 内江 乐山 南充 眉山 宜宾
    # 广安 达州 雅安 资阳); Chongqing is partly covered but cannot be split by prefecture.
    assert len(grp.prefectures[510000]) == 15
    assert 510100 in grp.prefectures[510000]
    assert grp.partial == (510000,)
    assert grp.label("en") == "Chengdu-Chongqing Economic Circle"


def test_overlapping_grouping_cannot_label_provinces():
    g = grouping("city_clusters")
    assert not g.is_partition()
    with pytest.raises(
        ValidationError, match=r"grouping 'city_clusters' puts province \d{6} in both"
    ):
        g.assign()


def test_unknown_grouping_lists_the_valid_names():
    with pytest.raises(ValidationError, match=r"^unknown grouping 'nope'; valid: (.*)$") as e:
        grouping("nope")
    assert str(e.value).split("valid: ")[1] == ", ".join(EMBEDDED)


def test_missing_grouping_file(tmp_path):
    path = tmp_path / "absent.yaml"
    with pytest.raises(
        ValidationError, match=rf"grouping file '{re.escape(str(path))}' does not exist"
    ):
        grouping(path)


def test_unknown_group_code_lists_the_codes():
    with pytest.raises(
        ValidationError,
        match=r"unknown group of four_blocs 'south'; valid: central, east, northeast, west",
    ):
        grouping("four_blocs").group("south")


# --- user files -----------------------------------------------------------------------------

GOOD = """\
name: mine
source: my own split
members:
  upstream:
    label_en: Upstream
    adcodes: [500000, 510000]
  rest:
    adcodes: [110000]
"""


def test_user_grouping_file_is_read(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    g = grouping(str(path))
    assert g.name == "mine"
    assert g.group("upstream").adcodes == (500000, 510000)
    assert g.group("upstream").label("en") == "Upstream"
    assert g.group("rest").label("en") == "rest"  # label defaults to the code
    assert not g.is_partition()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name: g\nsource: s\nmembers:\n  upstream:\n    adcodes: [510000, 999999]\n",
            r"group 'upstream': unknown province adcode\(s\) \[999999\]; expected codes of the 31 "
            r"mainland provinces such as 510000",
        ),
        (
            "name: g\nsource: s\nmembers:\n  upstream:\n    label_zh: 上游\n",
            r"group 'upstream' has no 'adcodes'",
        ),
        (
            "name: g\nsource: s\nmembers:\n  upstream: [510000]\n",
            r"group 'upstream' must be a mapping with 'adcodes'",
        ),
        (
            "name: g\nsource: s\nmembers:\n  upstream:\n    adcodes: [Sichuan]\n",
            r"group 'upstream': adcodes must be six-digit integers",
        ),
        ("- 510000\n- 500000\n", r"expected a mapping at the top level, got list"),
        (
            "name: g\nsource: s\nmembers:\n  upstream: {adcodes: [510000\n",
            r"not valid YAML at line 5",
        ),
        ("name: g\nmembers:\n  upstream:\n    adcodes: [510000]\n", r"the file has no 'source'"),
        ("name: g\nsource: s\nmembers: [510000]\n", r"'members' must be a mapping of group code"),
        (
            "name: g\nsource: s\nmembers:\n  upstream:\n    adcodes: [510000]\n"
            "    prefectures: {510000: [500100]}\n",
            r"group 'upstream': prefecture\(s\) \[500100\] not in province 510000",
        ),
    ],
    ids=[
        "unknown-adcode",
        "missing-adcodes",
        "group-not-mapping",
        "adcode-not-int",
        "not-a-mapping",
        "bad-yaml",
        "no-source",
        "members-not-mapping",
        "foreign-prefecture",
    ],
)
def test_malformed_user_grouping_names_file_and_group(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=rf"^{re.escape(str(path))}: {message}"):
        grouping(str(path))


@pytest.mark.parametrize(
    "prefectures",
    ["{Sichuan: [510100]}", "{510000: 510100}", "{510000: [Chengdu]}"],
    ids=["key", "not-a-list", "item"],
)
def test_malformed_prefectures_raise_data_error(tmp_path, prefectures):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "name: g\nsource: s\nmembers:\n  upstream:\n    adcodes: [510000]\n"
        f"    prefectures: {prefectures}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=rf"^{re.escape(str(path))}: group 'upstream': prefecture"):
        grouping(str(path))
