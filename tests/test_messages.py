"""The message catalogue: both languages, same placeholders, no language leaking into the other."""

from __future__ import annotations

import re

import pytest

from hinterland.errors import ValidationError
from hinterland.messages import (
    CATALOGUE,
    Indicator,
    Join,
    Message,
    Provinces,
    Sectors,
    Spec,
    msg,
    placeholders,
    text,
    texts,
)

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_both_languages_with_the_same_placeholders(key):
    zh, en = CATALOGUE[key]
    assert zh and en
    assert placeholders(zh) == placeholders(en), key
    assert HAN.search(zh), f"{key}: the Chinese text has no Chinese"
    assert not HAN.search(en), f"{key}: the English text has Chinese in it"


def test_nested_messages_and_names_render_in_the_same_language():
    m = msg(
        "layout.instance.table",
        year=2020,
        label=msg("layout.label.estimated"),
        sectors=Sectors(("MACH", "CHEM")),
    )
    # NBS 17-sector labels (nbs_sectors_17.csv, China Statistical Yearbook 2012 table 2-28)
    assert m.text("zh") == "投入产出表 2020（估算），关键部门：机械设备制造业；化学工业"
    assert m.text("en") == (
        "MRIO table 2020 (estimated), key sectors: Manufacture of Machinery and Equipment; "
        "Chemical Industry"
    )
    assert text(Provinces((510000, 540000)), "zh") == "四川、西藏"
    # atlas indicator names (indicators.yaml), not codes
    assert text(Indicator("wage_urban_nonprivate"), "zh") == "城镇非私营单位就业人员平均工资"
    assert text(Indicator("no_such_code"), "en") == "no_such_code"
    assert text(Provinces((510000, 540000)), "en") == "Sichuan, Tibet"
    factors = Join((msg("layout.factor.wage"), msg("layout.factor.land")))
    assert msg("layout.cost.factors", factors=factors).text("zh") == "成本指数要素：工资、地价"


def test_a_grouping_spec_reads_by_its_labels_and_other_parts_as_given():
    s = Spec("third_front:first_line, 510000, nowhere:x")
    zh, en = s.text("zh"), s.text("en")
    assert zh.endswith("：一线、510000、nowhere:x")
    assert en.endswith(": First line (front), 510000, nowhere:x")
    assert not HAN.search(en)


def test_format_specs_apply_and_plain_strings_pass_through():
    m = msg("layout.table.energy", share=0.25)
    assert "25%" in m.text("zh") and "25%" in m.text("en")
    assert texts([m, "a user's own note"], "en")[1] == "a user's own note"
    assert m.to_dict() == {"key": "layout.table.energy", "params": {"share": 0.25}}
    nested = msg("layout.prices.none", factor=msg("layout.factor.wage")).to_dict()
    assert nested["params"]["factor"] == {"zh": "工资", "en": "wage"}


def test_unknown_key_and_language_are_errors_naming_them():
    with pytest.raises(ValidationError, match=r"'layout\.nope'"):
        Message("layout.nope")
    with pytest.raises(ValidationError, match="'fr'"):
        msg("group.rest").text("fr")


def test_the_instance_is_described_once_in_messages_rendered_in_both_languages():
    from hinterland.layout.default import render_about, resolve_instance

    _, about = resolve_instance("atlas", lang=None)
    assert isinstance(about["instance"], Message)
    zh, en = render_about(about, "zh"), render_about(about, "en")
    assert zh["instance"].startswith("示意性默认实例") and en["instance"].startswith("illustrative")
    assert len(zh["assumptions"]) == len(en["assumptions"])
    assert not any(HAN.search(a) for a in en["assumptions"])
    # the default candidates rule names the group, not its code
    assert any("一线以外" in a for a in zh["assumptions"])
    assert not any("third_front:" in a for a in zh["assumptions"])


def test_the_assessment_builds_the_backup_instance_once(monkeypatch):
    import hinterland.layout.default as default
    from hinterland.assess import AssessmentSpec
    from hinterland.assess.sections._common import Inputs

    calls = []
    real = default.resolve_instance

    def counted(*args, **kw):
        calls.append(kw.get("lang"))
        return real(*args, **kw)

    monkeypatch.setattr(default, "resolve_instance", counted)
    ins = Inputs(AssessmentSpec())
    monkeypatch.setattr(Inputs, "mrio", property(lambda self: None))  # the atlas instance: fast
    inst, about = ins.instance
    again, notes = ins.instance_messages
    assert calls == [None]  # one build, in messages; both languages rendered from it
    assert inst is again
    assert about["zh"]["instance"] == notes["instance"].text("zh")
    assert about["en"]["assumptions"] == texts(notes["assumptions"], "en")
