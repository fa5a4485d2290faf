"""The assessment layer: a validated spec, independent sections, the report renders its numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hinterland import assess
from hinterland.assess import AssessmentSpec, run, run_cached
from hinterland.coordination import disparity
from hinterland.errors import ValidationError
from hinterland.report import write_report


def test_spec_defaults_are_documented_values():
    spec = AssessmentSpec()
    assert spec.budget == 500.0
    assert spec.frontier_budgets == (0.0, 100.0, 200.0, 400.0, 800.0, 1600.0)
    assert spec.hub_weights == (2000.0, 1e8)
    assert spec.alpha == 0.9
    for name in ("budget", "frontier_budgets", "hub_weights", "alpha", "scenarios", "table"):
        assert f"{name} :" in AssessmentSpec.__doc__  # every default is documented


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"budget": -1}, r"assessment spec: budget: Input should be greater than or equal to 0"),
        ({"alpha": 1.5}, r"assessment spec: alpha: Input should be less than 1"),
        ({"frontier_budgets": ()}, r"frontier_budgets: Value error, must not be empty"),
        ({"objective": "max"}, r"objective: Input should be 'expected' or 'cvar'"),
        ({"budgt": 5}, r"assessment spec: budgt: Extra inputs are not permitted"),
    ],
)
def test_bad_spec_fields_are_named(fields, message):
    with pytest.raises(ValidationError, match=message):
        AssessmentSpec.make(**fields)


def test_spec_is_frozen_hashable_and_keyed():
    a, b = AssessmentSpec.make(budget=800), AssessmentSpec.make(budget=800.0)
    assert a == b and hash(a) == hash(b) and a.key() == b.key()
    assert a.key() != AssessmentSpec().key()
    with pytest.raises(Exception, match="frozen"):
        a.budget = 1  # type: ignore[misc]


def test_one_section_runs_alone_and_equals_the_api():
    a = run(sections=["decomposition"])
    assert list(a.sections) == ["decomposition"]
    res = a["decomposition"]
    assert res.ok and res.inputs["year"] == 2023
    d = disparity("gdp_per_capita", 2023, by="four_blocs")
    assert res["by"]["four_blocs"].theil_t.total == pytest.approx(d.theil_t.total, rel=1e-12)
    assert res.provenance and "gdp:" in res.provenance[0]
    with pytest.raises(ValidationError, match="section 'layout' was not run; run: decomposition"):
        a["layout"]


def test_unknown_section_is_refused():
    with pytest.raises(ValidationError, match="unknown section 'nope'; valid: overview, "):
        run(sections=["nope"])


def test_a_failing_section_records_its_error_and_the_others_run(monkeypatch, tmp_path):
    def boom(ins):
        raise RuntimeError("forced failure")

    monkeypatch.setitem(assess.sections.SECTIONS, "trends", boom)
    a = run(sections=["history", "trends", "decomposition"])
    assert list(a.sections) == ["trends", "decomposition", "history"]  # report order
    assert a["trends"].error == "RuntimeError: forced failure" and not a["trends"].data
    assert a["history"].ok and a["decomposition"].ok
    assert a.errors == {"trends": "RuntimeError: forced failure"}
    html = write_report(tmp_path / "r", lang="en", assessment=a).read_text(encoding="utf-8")
    assert "This section could not be computed: RuntimeError: forced failure." in html
    assert "54.97%" in html  # the history section rendered
    assert "Theil decomposition" in html


def test_a_failing_renderer_shows_its_error_and_the_others_render(monkeypatch, tmp_path):
    from hinterland.report.sections import history

    def broken(b, res):
        b.blocks.append({"kind": "text", "body": "half written"})
        raise RuntimeError("render broke")

    monkeypatch.setattr(history, "render", broken)
    a = run(sections=["history", "decomposition"])
    html = write_report(tmp_path / "r", lang="zh", assessment=a).read_text(encoding="utf-8")
    assert "本节未能生成：RuntimeError: render broke" in html
    assert "half written" not in html
    assert "泰尔指数分解" in html


def test_report_tables_are_the_assessment_numbers(tmp_path):
    a = run(sections=["layout", "channels", "products"])
    path = write_report(tmp_path / "r", lang="en", assessment=a)
    tables = path.parent / "tables"
    front = pd.read_csv(tables / "layout_frontier.csv", encoding="utf-8-sig", index_col=0)
    np.testing.assert_allclose(
        front["expected_loss"], a["layout"]["frontier"]["expected_loss"], rtol=1e-12
    )
    placed = pd.read_csv(tables / "layout_placements.csv", encoding="utf-8-sig")
    sol = a["layout"]["solution"]
    assert placed["size"].sum() == pytest.approx(float(sol.placements["size"].sum()), rel=1e-12)
    crit = pd.read_csv(tables / "corridor_criticality_n1.csv", encoding="utf-8-sig")
    assert list(crit["element"]) == list(a["channels"]["worst"]["element"])
    prod = pd.read_csv(tables / "product_concentration.csv", encoding="utf-8-sig", index_col=0)
    np.testing.assert_allclose(prod["HHI"].to_numpy(), a["products"]["table"]["hhi"].to_numpy())


def test_run_cached_returns_the_same_assessment_for_the_same_spec():
    one = run_cached(AssessmentSpec.make(budget=100), sections=["history"])
    two = run_cached(AssessmentSpec.make(budget=100.0), sections=["history"])
    assert one is two
    assert run_cached(sections=["history"]) is not one
