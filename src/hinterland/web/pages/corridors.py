"""``/corridors``: (being built)."""

from __future__ import annotations

from hinterland.web import common

PATH = "/corridors"


def layout(lang: str):
    """The page."""
    return common.page(PATH, lang, "nav_corridors")


def register(app) -> None:
    """No callbacks yet."""
