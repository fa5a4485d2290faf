"""``/linkage``: (being built)."""

from __future__ import annotations

from hinterland.web import common

PATH = "/linkage"


def layout(lang: str):
    """The page."""
    return common.page(PATH, lang, "nav_linkage")


def register(app) -> None:
    """No callbacks yet."""
