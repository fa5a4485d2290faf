"""``/ensembles``: (being built)."""

from __future__ import annotations

from hinterland.web import common

PATH = "/ensembles"


def layout(lang: str):
    """The page."""
    return common.page(PATH, lang, "nav_ensembles")


def register(app) -> None:
    """No callbacks yet."""
