"""The historical reference set of the motivating paper and the shares it derives."""

from __future__ import annotations

import pytest

from hinterland.atlas.history import (
    reference,
    shanghai_factory_share,
    southwest_third_line_share,
    third_to_first_line_ratio,
)


def test_shanghai_share_of_factories_1947():
    # Paper: Shanghai held 54.97% of the factories of the main cities in the 1947 survey
    # (7,738 of 14,078).
    assert round(shanghai_factory_share(), 2) == 54.97
    survey = reference()["factory_survey_1947"]
    assert survey["derived_in_paper"]["shanghai_share_pct"] == 54.97
    assert shanghai_factory_share() == pytest.approx(100 * 7738 / 14078)


def test_southwest_share_of_third_line_investment():
    # Paper: the southwest took 62.55% of third-line investment in the Third Five-Year Plan
    # (208.3 of 333.0 亿元).
    assert round(southwest_third_line_share(), 2) == 62.55
    inv = reference()["third_front_investment_3rd_fyp"]
    assert inv["derived_in_paper"]["southwest_share_of_third_line_pct"] == 62.55
    assert southwest_third_line_share() == pytest.approx(100 * 208.3 / 333.0)


def test_third_to_first_line_ratio():
    assert round(third_to_first_line_ratio(), 2) == 1.92  # 333.0 / 173.0 亿元


def test_reference_set_is_consistent():
    ref = reference()
    assert ref["source"].strip()
    assert ref["read_from"].strip()
    survey = ref["factory_survey_1947"]
    assert sum(survey["cities"].values()) <= survey["total_main_cities"]
    assert max(survey["cities"], key=survey["cities"].get) == "上海 Shanghai"
    inv = ref["third_front_investment_3rd_fyp"]
    assert inv["southwest_within_third_line"] < inv["third_line"]
