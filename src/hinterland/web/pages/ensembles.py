"""``/ensembles``: runs from the DuckDB run store of :mod:`hinterland.scenarios`.

The ensemble runner and its store are not in this release yet: the page says so instead of
showing anything made up.
"""

from __future__ import annotations

from importlib.util import find_spec

from dash import html

from hinterland.web import common
from hinterland.web.i18n import TEXT, t

PATH = "/ensembles"

TEXT.update(
    {
        "en_none": (
            "尚无情景集合运行库：本版本还没有集合运行器（hinterland.scenarios）及其DuckDB运行库。"
            "集合运行器发布后，此页将显示超越概率曲线、各省分位数地图与敏感性指数。",
            "No run store is available yet: this release has no ensemble runner "
            "(hinterland.scenarios) and no DuckDB run store. Once it ships, this page shows "
            "the exceedance curve, the provincial quantile map and the sensitivity indices.",
        ),
        "en_pending": (
            "集合运行器已安装，但此页尚未接入其运行库。",
            "The ensemble runner is installed, but this page does not read its store yet.",
        ),
    }
)


def layout(lang: str):
    """The ensembles page."""
    key = "en_pending" if find_spec("hinterland.scenarios") is not None else "en_none"
    return common.page(PATH, lang, "nav_ensembles", html.P(t(key, lang), id="en-status"))


def register(app) -> None:
    """No callbacks until a run store exists."""
