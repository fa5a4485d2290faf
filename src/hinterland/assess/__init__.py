"""The assessment layer: one validated spec in, one frozen labelled result per section out.

Every front end asks for its analyses here: the ``hinterland assess`` command and its report,
the web app, the ensembles. So a number shown anywhere is the number :func:`run` returns::

    from hinterland.assess import AssessmentSpec, run

    a = run(AssessmentSpec.make(budget=800))       # every section
    a["layout"]["solution"].expected_loss
    one = run(sections=["channels"])               # one section only
    one["channels"].error                          # None, or why it failed

- ``spec.py``: :class:`AssessmentSpec` (every default, documented);
- ``result.py``: :class:`Assessment` and :class:`SectionResult`;
- ``sections/``: the section computations (its docstring says how to add one);
- ``run.py``: :func:`run`, :func:`run_cached`.
"""

from __future__ import annotations

from hinterland.assess.result import Assessment, SectionResult
from hinterland.assess.run import run, run_cached, section_keys
from hinterland.assess.spec import AssessmentSpec

__all__ = ["Assessment", "AssessmentSpec", "SectionResult", "run", "run_cached", "section_keys"]
