"""``/layout``: (being built)."""

from __future__ import annotations

from hinterland.web import common

PATH = "/layout"


def layout(lang: str):
    """The page."""
    return common.page(PATH, lang, "nav_layout")


def register(app) -> None:
    """No callbacks yet."""
