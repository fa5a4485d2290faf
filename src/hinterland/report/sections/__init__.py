"""The report's sections, one module each, in the order they appear; they render, never compute.

Adding a section
----------------
1. Compute its numbers in the assessment layer: a function in ``hinterland/assess/sections/``
   registered in :data:`hinterland.assess.sections.SECTIONS` under a key (see that package's
   docstring). The report never calls the analysis layer itself.
2. Write ``report/sections/NAME.py`` with three names::

       \"\"\"One line on what the section shows.\"\"\"

       from __future__ import annotations

       from hinterland.assess import SectionResult
       from hinterland.report import figures as fg
       from hinterland.report.builder import Builder
       from hinterland.report.i18n import t

       ID = "name"            # the assessment section's key, also the HTML anchor
       TITLE = "sec_name"     # a text key in report/i18n.py: (zh, en)


       def render(b: Builder, res: SectionResult) -> None:
           \"\"\"Fill the section opened for it.\"\"\"
           lang = b.lang
           b.blocks.append({"kind": "text", "body": t("name_text", lang, x=res["x"])})
           b.blocks.append({"kind": "html", "body": b.table(res["table"], "name_table")})

   ``render`` arranges ``res.data``: text through ``t(key, lang)`` (every string in both
   languages in ``i18n.py``), figures through ``b.fig(fg.some_chart(...))``, tables through
   ``b.table(frame, "csv_name")`` (which also writes ``tables/csv_name.csv``), names for codes
   through ``hinterland.atlas.labels``. ``render`` is only called for a section that ran; a
   section whose computation (or rendering) failed shows its error and the others render.
3. Add the module to :data:`SECTIONS` below, where it should appear.
4. Add ``sec_name`` and your text keys to ``i18n.py`` and a test in ``tests/test_report.py``.

A section that adds no blocks (the exposure section without an MRIO table) is left out.
"""

from __future__ import annotations

from hinterland.report.sections import (
    channels,
    convergence,
    decomposition,
    exposure,
    findings,
    groupings,
    history,
    layout,
    linkage,
    lisa,
    overview,
    products,
    real_convergence,
    risk,
    sources,
    transfer,
    trends,
)

SECTIONS = (
    findings,
    overview,
    groupings,
    trends,
    decomposition,
    convergence,
    real_convergence,
    lisa,
    products,
    transfer,
    history,
    linkage,
    exposure,
    channels,
    layout,
    risk,
    sources,
)
"""The section modules in report order; each has ``ID``, ``TITLE`` and ``render(b, res)``."""
