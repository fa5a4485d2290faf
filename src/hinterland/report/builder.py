"""The report builder: the sections' blocks, figures as HTML fragments, tables as HTML and CSV.

A section module (see :mod:`hinterland.report.sections`) receives a :class:`Builder`, whose
current section was opened for it, and its :class:`~hinterland.assess.SectionResult`.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from hinterland._numbers import column_format, formatted, shares
from hinterland._numbers import is_year as _is_year
from hinterland.report.i18n import TERMS, columns, t

if TYPE_CHECKING:
    import plotly.graph_objects as go


class Builder:
    """Collects sections and writes each table as CSV as it goes.

    Parameters
    ----------
    lang : str
        ``"zh"`` or ``"en"``.
    tables_dir : Path
        Folder the CSV copy of every table is written to.
    """

    def __init__(self, lang: str, tables_dir: Path):
        self.lang = lang
        self.tables_dir = tables_dir
        self.sections: list[dict] = []
        self.meta: dict[str, Any] = {}

    def section(self, sid: str, key: str, *, sub: bool = False) -> list[dict]:
        """Open a section (anchor ``sid``, title from the text key ``key``); return its blocks.

        ``sub``: numbered under the section before it (5.1) rather than on its own.
        """
        blocks: list[dict] = []
        self.sections.append({"id": sid, "title": t(key, self.lang), "blocks": blocks, "sub": sub})
        return blocks

    @property
    def blocks(self) -> list[dict]:
        """The blocks of the section opened last: append ``{"kind": ..., "body": ...}`` to it.

        Kinds: ``text`` (a paragraph), ``note`` (a highlighted paragraph), ``html`` (a figure or
        table fragment from :meth:`fig` / :meth:`table`), ``grid`` (a list of fragments side by
        side).
        """
        return self.sections[-1]["blocks"]

    def fig(self, fig: go.Figure) -> str:
        """A plotly figure as an HTML fragment (plotly.js is embedded once by the page)."""
        return fig.to_html(
            include_plotlyjs=False,
            full_html=False,
            config={
                "displaylogo": False,
                "responsive": True,
                "displayModeBar": "hover",
                "modeBarButtons": [["toImage"]],
                "toImageButtonOptions": {"format": "png", "scale": 2},
            },
        )

    def csv(self, frame: pd.DataFrame | pd.Series, name: str, *, index: bool = True) -> None:
        """Write ``tables/NAME.csv`` (UTF-8 with BOM, which Excel reads as UTF-8)."""
        frame.to_csv(self.tables_dir / f"{name}.csv", encoding="utf-8-sig", index=index)

    def table(
        self,
        frame: pd.DataFrame,
        name: str,
        *,
        floatfmt: str | None = None,
        csv: pd.DataFrame | None = None,
        percent: tuple[str, ...] = (),
        wrap: dict[str, str] | None = None,
    ) -> str:
        """Write ``tables/NAME.csv`` and return the frame as an HTML table with a link line.

        ``csv``: the frame to write instead of the one shown (the API's codes and units where
        the page shows names, 亿元 and percentages). ``percent``: columns of shares (0..1) shown
        as percentages; a column named ``*_share`` whose values all lie in [0, 1] is one too.
        Numbers take one format per column (:func:`column_format`: the same decimals down a
        column, thousands separated) unless ``floatfmt`` fixes one for all. Booleans read 是/否
        (yes/no); the terms in :data:`TERMS` (solver status, edition codes, objectives) are
        translated. ``wrap``: column -> HTML element the cells are put in (``cite`` for
        citations, ``code`` for codes and file names).
        """
        self.csv(frame if csv is None else csv, name)

        yes, no = ("是", "否") if self.lang == "zh" else ("yes", "no")
        pct = set(percent) | {c for c in frame.columns if _is_share(frame[c], c)}
        formats = {c: floatfmt or column_format(frame[c]) for c in frame.columns}

        def fmt(v, col=None):
            if isinstance(v, bool | np.bool_):
                return yes if v else no
            if isinstance(v, float | np.floating | int | np.integer) and col in pct:
                return "—" if np.isnan(v) else f"{100 * v:.1f}%"
            if isinstance(v, int | np.integer) and col is not None and not _is_year(col):
                return f"{v:,}"
            if isinstance(v, float | np.floating):
                if np.isnan(v):
                    return "—"
                if col is not None and _is_year(col) and float(v).is_integer():
                    return str(int(v))
                form = formats.get(col) or ("{:,.2f}" if abs(v) >= 100 else "{:,.4g}")
                return formatted(v, form)
            return TERMS.get(v, {}).get(self.lang, v) if isinstance(v, str) else v

        def cell(v, col):
            text = html.escape(str(fmt(v, col)))
            return f"<{wrap[col]}>{text}</{wrap[col]}>" if col in wrap else text

        wrap = dict(wrap or {})
        shown = frame.copy()
        for i, col in enumerate(frame.columns):
            shown.isetitem(i, frame.iloc[:, i].map(lambda v, c=col: cell(v, c)).astype(object))
        shown = columns(shown, self.lang)
        shown.columns = [html.escape(str(c)) for c in shown.columns]
        if not isinstance(shown.index, pd.MultiIndex):
            shown.index = pd.Index(
                [html.escape(str(fmt(i))) for i in shown.index], name=shown.index.name
            )
        link = t("csv_link", self.lang)
        return shown.to_html(classes="data", border=0, escape=False) + (
            f'<p class="csvlink" style="font-size:12px;color:#777">{link}'
            f"<code>tables/{name}.csv</code></p>"
        )


def _is_share(values: pd.Series, name) -> bool:
    """A column named ``*_share`` of numbers in [0, 1]: a share, shown as a percentage."""
    return str(name).endswith("_share") and shares(values)
