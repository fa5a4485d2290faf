"""``/shock``: (being built)."""

from __future__ import annotations

from hinterland.web import common

PATH = "/shock"


def layout(lang: str):
    """The page."""
    return common.page(PATH, lang, "nav_shock")


def register(app) -> None:
    """No callbacks yet."""
