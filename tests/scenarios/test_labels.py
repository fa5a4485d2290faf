"""Uncertain parameters by name in each language: provinces, groupings, sectors, corridor nodes."""

from __future__ import annotations

import re

from hinterland.scenarios.labels import parameter_labels
from hinterland.scenarios.spec import load_spec


def test_the_default_example_reads_in_chinese_and_in_english():
    spec = load_spec("example:default")
    zh, en = parameter_labels(spec, "zh"), parameter_labels(spec, "en")
    assert set(zh) == set(en) == set(spec.uncertain())
    assert (
        zh["coastal_manufacturing.severity"]
        == "一线省份 化学产品、金属冶炼压延及其他4个部门 产能损失幅度"
    )
    assert en["coastal_manufacturing.severity"] == (
        "First line (front) provinces, chemicals, metal smelting & rolling and 4 more sectors: "
        "capacity loss"
    )
    assert zh["hormuz.cut"] == "霍尔木兹海峡 通行能力削减幅度"
    assert en["southern_straits.pass_through"] == (
        "Strait of Malacca and Lombok / Sunda straits: pass-through of the shortfall"
    )
    assert zh["timing.duration"] == "完全中断天数" and en["timing.duration"] == (
        "Days of full disruption"
    )
    # names, never codes; and no language leaks into the other
    for text in zh.values():
        assert not re.search(r"[A-Za-z_]{3,}|\d{6}", text), text
    for text in en.values():
        assert not re.search(r"[\u4e00-\u9fff]|\.severity|choke_", text), text


def test_provinces_edges_and_demand_cuts_are_named(doc):
    from hinterland.scenarios.spec import parse_spec

    doc["events"][0]["provinces"] = [310000, "Jiangsu", "浙江", 370000]
    doc["events"].append(
        {"name": "pipes", "kind": "channel",
         "edges": ["gas-gas_pipeline-ext_central_asia-border_horgos"],
         "cut": {"dist": "uniform", "low": 0.1, "high": 0.9},
         "industries": {"natural_gas": ["24"]}}
    )  # fmt: skip
    doc["events"].append(
        {"name": "orders", "kind": "demand", "provinces": ["all"], "sectors": "all",
         "cut": {"dist": "uniform", "low": 0.0, "high": 0.2}}
    )  # fmt: skip
    zh = parameter_labels(parse_spec(doc), "zh")
    en = parameter_labels(parse_spec(doc), "en")
    assert zh["coast.severity"].startswith("上海、江苏及其他2省 ")
    assert en["coast.severity"].startswith("Shanghai, Jiangsu and 2 more provinces, ")
    assert zh["pipes.cut"] == "中亚—霍尔果斯 通行能力削减幅度"
    assert zh["orders.cut"] == "全国 全部门 最终需求削减幅度"
    assert en["orders.cut"] == "all provinces, all sectors: final-demand cut"
