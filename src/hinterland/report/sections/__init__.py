"""The report's sections, one module each, in the order they appear.

Adding a section
----------------
1. Write ``report/sections/NAME.py`` with three names::

       \"\"\"One line on what the section shows.\"\"\"

       from __future__ import annotations

       from hinterland.report import figures as fg
       from hinterland.report.builder import Builder, Context
       from hinterland.report.i18n import t

       ID = "name"            # the HTML anchor, also the key of the section's result
       TITLE = "sec_name"     # a text key in report/i18n.py: (zh, en)


       def render(b: Builder, ctx: Context) -> None:
           lang = b.lang
           b.blocks.append({"kind": "text", "body": t("name_text", lang)})
           b.blocks.append({"kind": "html", "body": b.table(frame, "name_table")})

   ``render`` arranges results: text through ``t(key, lang)`` (every string in both languages
   in ``i18n.py``), figures through ``b.fig(fg.some_chart(...))``, tables through
   ``b.table(frame, "csv_name")`` (which also writes ``tables/csv_name.csv``). It computes no
   economics: numbers come from the analysis/assessment layer (issue #11 moves the remaining
   calls into ``hinterland.assess``; a new section takes its numbers from there).
2. Add the module to :data:`SECTIONS` below, where it should appear.
3. Add ``sec_name`` and your text keys to ``i18n.py`` and a test in ``tests/test_report.py``.

A section with no blocks (for instance the exposure section without an MRIO table) is left out.
"""

from __future__ import annotations

from hinterland.report.sections import (
    channels,
    convergence,
    decomposition,
    exposure,
    groupings,
    history,
    layout,
    linkage,
    overview,
    products,
    sources,
    trends,
)

SECTIONS = (
    overview,
    groupings,
    trends,
    decomposition,
    convergence,
    products,
    history,
    linkage,
    exposure,
    channels,
    layout,
    sources,
)
"""The section modules in report order; each has ``ID``, ``TITLE`` and ``render(b, ctx)``."""
