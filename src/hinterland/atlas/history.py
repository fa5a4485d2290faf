"""The historical reference set of the motivating policy paper, and the paper's derived figures."""

from __future__ import annotations

from hinterland.atlas._files import embedded_yaml


def reference() -> dict:
    """Return the historical reference set (1947 factory survey, Third Front investment, shares)."""
    return embedded_yaml("history.yaml")


def shanghai_factory_share() -> float:
    """Shanghai's share (%) of the main cities' factories in the 1947 survey (paper: 54.97)."""
    survey = reference()["factory_survey_1947"]
    return 100.0 * survey["cities"]["上海 Shanghai"] / survey["total_main_cities"]


def southwest_third_line_share() -> float:
    """The southwest's share (%) of third-line investment in the Third FYP (paper: 62.55)."""
    inv = reference()["third_front_investment_3rd_fyp"]
    return 100.0 * inv["southwest_within_third_line"] / inv["third_line"]


def third_to_first_line_ratio() -> float:
    """Third-line investment over first-line investment in the Third Five-Year Plan."""
    inv = reference()["third_front_investment_3rd_fyp"]
    return inv["third_line"] / inv["first_line"]
