"""The assessment's sections: one computation each, in report order.

A section computation is a function ``f(ins: Inputs) -> Part``: it reads the spec and the shared
inputs of the run (``ins.spec``, ``ins.table``, ``ins.mrio``, ``ins.network``, ``ins.instance``,
each built once), calls the analysis layer, and returns labelled, language-free data (codes,
not names: adcodes, sector codes, group codes), the inputs it used and the sources of its
numbers. It formats nothing; the report (``report/sections/``) and the web app arrange it.

Adding a section
----------------
1. Write the function in a module of this package (or a new one), e.g.::

       def shift_share(ins: Inputs) -> Part:
           \"\"\"One line on what it computes.\"\"\"
           from hinterland.coordination import shift_share as run   # import inside

           table = run(ins.table, ins.spec.year)
           return Part({"table": table}, {"year": ins.spec.year}, sources(ins.table, "gdp"))

   A new default belongs in :class:`~hinterland.assess.spec.AssessmentSpec`, documented.
2. Add it to :data:`SECTIONS` under its key (the same key as its report section's ``ID``).
3. Test it through ``run(spec, sections=["key"])``.
"""

from __future__ import annotations

from collections.abc import Callable

from hinterland.assess.sections import atlas, channels, layout, mrio, regional, risk
from hinterland.assess.sections._common import Inputs, Part

SECTIONS: dict[str, Callable[[Inputs], Part]] = {
    "overview": atlas.overview,
    "groupings": atlas.groupings,
    "trends": atlas.trends,
    "decomposition": atlas.decomposition,
    "convergence": atlas.convergence,
    "real_convergence": regional.real_convergence,
    "lisa": regional.lisa,
    "products": atlas.products,
    "transfer": regional.transfer,
    "history": atlas.history,
    "linkage": mrio.linkage,
    "exposure": mrio.exposure,
    "channels": channels.channels,
    "layout": layout.layout,
    "risk": risk.risk,
    "sources": atlas.sources_section,
}
"""Section key -> computation, in report order."""

__all__ = ["SECTIONS", "Inputs", "Part"]
