"""The report builder: the sections' blocks, figures as HTML fragments, tables as HTML and CSV.

A section module (see :mod:`hinterland.report.sections`) receives a :class:`Builder`, whose
current section was opened for it, and its :class:`~hinterland.assess.SectionResult`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from hinterland.report.i18n import columns, t

if TYPE_CHECKING:
    import pandas as pd
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

    def section(self, sid: str, key: str) -> list[dict]:
        """Open a section (anchor ``sid``, title from the text key ``key``); return its blocks."""
        blocks: list[dict] = []
        self.sections.append({"id": sid, "title": t(key, self.lang), "blocks": blocks})
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
            config={"displaylogo": False, "responsive": True, "displayModeBar": False},
        )

    def csv(self, frame: pd.DataFrame | pd.Series, name: str, *, index: bool = True) -> None:
        """Write ``tables/NAME.csv`` (UTF-8 with BOM, which Excel reads as UTF-8)."""
        frame.to_csv(self.tables_dir / f"{name}.csv", encoding="utf-8-sig", index=index)

    def table(
        self,
        frame: pd.DataFrame,
        name: str,
        *,
        floatfmt: str = "{:,.4g}",
        csv: pd.DataFrame | None = None,
    ) -> str:
        """Write ``tables/NAME.csv`` and return the frame as an HTML table with a link line.

        ``csv``: the frame to write instead of the one shown (the API's codes and units where
        the page shows names, 亿元 and percentages).
        """
        self.csv(frame if csv is None else csv, name)
        frame = columns(frame, self.lang)

        def fmt(v):
            if isinstance(v, float | np.floating):
                if np.isnan(v):
                    return "—"
                return f"{v:,.2f}" if abs(v) >= 100 else floatfmt.format(v)
            return v

        shown = frame.map(fmt) if hasattr(frame, "map") else frame.applymap(fmt)
        return shown.to_html(classes="data", border=0, escape=True) + (
            f'<p style="font-size:12px;color:#777">CSV: tables/{name}.csv</p>'
        )
