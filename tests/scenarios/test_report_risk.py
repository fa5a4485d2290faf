"""The report's risk-under-uncertainty section, read from a stored ensemble run."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hinterland.assess import AssessmentSpec, run
from hinterland.report import write_report
from hinterland.scenarios import analysis
from hinterland.scenarios.runner import run as run_ensemble
from hinterland.scenarios.store import RunStore


@pytest.fixture
def stored(spec, china17):
    return run_ensemble(spec, n=64, seed=4, store=RunStore(), workers=0, table=china17).run_id


def _section(path):
    """The risk section's HTML (without plotly.js, whose code holds English words)."""
    html = path.read_text(encoding="utf-8")
    return html[html.index('<section id="risk">') :]


def test_the_section_shows_the_run_in_each_language(stored, tmp_path):
    res = run(AssessmentSpec.make(ensemble_run=stored), sections=["risk"])
    assert res.errors == {}
    zh, en = (
        _section(write_report(tmp_path / lang, lang=lang, assessment=res)) for lang in ("zh", "en")
    )
    # (figure titles sit in plotly's JSON, escaped: the checks use the section's text)
    assert "不确定性下的风险" in zh and "个样本" in zh and "示意性假设" in zh
    assert "Exceedance" not in zh and "samples" not in zh
    assert "Risk under uncertainty" in en and "illustrative assumptions" in en
    assert "个样本" not in en and "\\u8d85" not in en  # no Chinese text, escaped or not
    assert stored in zh and stored in en
    head = analysis.summary(RunStore(), stored)
    assert f"{head['cvar_95']:,.0f}" in en
    prov = pd.read_csv(tmp_path / "en" / "tables" / "ensemble_loss_by_province.csv", index_col=0)
    expected = pd.DataFrame(head["loss_by_province"]).T
    np.testing.assert_allclose(prov.loc[310000, "p95"], expected.loc["310000", "p95"])
    sens = pd.read_csv(tmp_path / "en" / "tables" / "ensemble_sensitivity.csv", index_col=0)
    # the sensitivity bars and table name the parameters in the page's language, never by code
    assert "Shanghai and Jiangsu, Chemical Industry and Manufacture of Machinery and Equipment: " \
        "capacity loss" in sens.index  # fmt: skip
    assert "First-order index" in sens.columns
    zh_sens = pd.read_csv(tmp_path / "zh" / "tables" / "ensemble_sensitivity.csv", index_col=0)
    assert "上海、江苏 化学工业、机械设备制造业 产能损失幅度" in zh_sens.index
    assert "四川 全部门 产能损失幅度" in zh and "Sichuan, all sectors: capacity loss" in en
    for page in (zh, en):
        assert "coast.severity" not in page and "timing.duration" not in page


def test_few_samples_give_no_sensitivity_and_say_why(spec, china17, tmp_path):
    rid = run_ensemble(spec, n=8, seed=4, store=RunStore(), workers=0, table=china17).run_id
    res = run(AssessmentSpec.make(ensemble_run=rid), sections=["risk"])
    assert res["risk"]["sensitivity"].empty and res["risk"]["sensitivity_missing"] == "few"
    en = _section(write_report(tmp_path, lang="en", assessment=res))
    assert "Fewer than 64 samples" in en


def test_without_a_run_the_section_is_left_out(tmp_path):
    res = run(AssessmentSpec(), sections=["risk"])
    assert res.errors == {}
    html = write_report(tmp_path, lang="en", assessment=res).read_text(encoding="utf-8")
    assert "Risk under uncertainty" not in html


def test_an_unknown_run_is_the_sections_error_only():
    res = run(AssessmentSpec.make(ensemble_run="nope"), sections=["risk"])
    assert "no run 'nope'" in res.errors["risk"] or "no run store" in res.errors["risk"]


def test_the_section_lists_unmet_imports_by_name_as_the_api_has_them(doc, china17, tmp_path):
    from hinterland.scenarios.spec import parse_spec

    doc["outputs"] = ["national_loss", "loss_by_region", "unmet_imports"]
    doc["events"] = [
        {"name": "hormuz", "kind": "channel", "nodes": ["choke_hormuz"],
         "cut": {"dist": "discrete", "values": [0.0, 1.0], "probabilities": [0.5, 0.5]},
         "industries": {"crude_oil": ["PETR"]}, "pass_through": 0.3},
    ]  # fmt: skip
    rid = run_ensemble(parse_spec(doc), n=16, seed=2, store=RunStore(), workers=0,
                       table=china17).run_id  # fmt: skip
    res = run(AssessmentSpec.make(ensemble_run=rid), sections=["risk"])
    api = pd.DataFrame(analysis.summary(RunStore(), rid)["unmet_imports"])
    assert len(api) > 0 and (api["commodity"] == "crude_oil").all()
    zh = _section(write_report(tmp_path / "zh", lang="zh", assessment=res))
    en = _section(write_report(tmp_path / "en", lang="en", assessment=res))
    table = pd.read_csv(tmp_path / "en" / "tables" / "ensemble_unmet_imports.csv")
    np.testing.assert_allclose(table["p95_share"], api["p95_share"])  # every row in the CSV
    top = api.sort_values(["p95_share", "mean_share"], ascending=False, kind="stable").iloc[0]
    from hinterland.atlas import labels

    name_zh, name_en = (
        labels([int(top["province"])], "zh")[0],
        labels([int(top["province"])], "en")[0],
    )
    assert "进口需求未满足的比例" in zh and "原油" in zh and name_zh in zh
    assert "import demand left unmet" in en and "Crude oil" in en and name_en in en
    assert f"{100 * top['p95_share']:.1f}%" in en and "crude_oil" not in en + zh
