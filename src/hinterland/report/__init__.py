"""The ``hinterland assess`` report: a self-contained offline HTML page and its tables as CSV.

The report only arranges results: it renders an :class:`~hinterland.assess.Assessment`
(:func:`hinterland.assess.run`), so a number in the report is the number the API returns.

Layout of this package
----------------------
- ``builder.py``: :class:`~hinterland.report.builder.Builder` (sections, blocks, figures and
  tables as HTML, each table also as CSV).
- ``sections/``: one module per section (``ID``, ``TITLE``, ``render(b, res)``), in report order
  in :data:`hinterland.report.sections.SECTIONS`; its docstring says how to add a section.
- ``render.py``: the page template and :func:`write_report` (atomic: all or nothing).
- ``figures.py``: plotly figures (maps, lines, bars); ``i18n.py``: every user-facing string in
  Chinese and English; ``template.html.j2``: the page.
"""

from __future__ import annotations

from hinterland.report.render import write_report

__all__ = ["write_report"]
