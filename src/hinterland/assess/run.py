"""Running an assessment: each section on its own, failures recorded, never propagated."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import lru_cache

from hinterland.assess.result import Assessment, SectionResult
from hinterland.assess.sections import SECTIONS, Inputs
from hinterland.assess.spec import AssessmentSpec
from hinterland.errors import ValidationError

Progress = Callable[[str, int, int], None]
"""A progress callback: ``(section key, index of the section starting, number of sections)``."""


def section_keys(sections: Iterable[str] | None = None) -> tuple[str, ...]:
    """The keys to run, in report order; all of them when ``sections`` is None.

    Raises
    ------
    ValidationError
        For an unknown key (listing the valid ones).
    """
    if sections is None:
        return tuple(SECTIONS)
    asked = list(sections)
    bad = [s for s in asked if s not in SECTIONS]
    if bad:
        raise ValidationError(f"unknown section {bad[0]!r}; valid: {', '.join(SECTIONS)}")
    return tuple(k for k in SECTIONS if k in asked)


def run_section(key: str, ins: Inputs) -> SectionResult:
    """Run one section; an exception becomes the result's ``error`` (``Type: message``)."""
    start = time.perf_counter()
    try:
        part = SECTIONS[key](ins)
    except Exception as exc:
        return SectionResult(
            key, error=f"{type(exc).__name__}: {exc}", seconds=time.perf_counter() - start
        )
    return SectionResult(
        key, part.data, part.inputs, part.provenance, seconds=time.perf_counter() - start
    )


def run(
    spec: AssessmentSpec | None = None,
    *,
    sections: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> Assessment:
    """Compute the assessment of ``spec`` (the defaults if None), section by section.

    Parameters
    ----------
    spec : AssessmentSpec, optional
        What to compute; ``AssessmentSpec()`` if omitted.
    sections : iterable of str, optional
        Keys of the sections to run (see :data:`hinterland.assess.sections.SECTIONS`); all if
        omitted. The web app asks for one section at a time.
    progress : callable, optional
        Called with ``(key, i, n)`` before each section.

    Returns
    -------
    Assessment
        One :class:`~hinterland.assess.result.SectionResult` per section; a section that raised
        holds its error and the others still run.
    """
    spec = spec if spec is not None else AssessmentSpec()
    keys = section_keys(sections)
    ins = Inputs(spec)
    results = {}
    for i, key in enumerate(keys):
        if progress is not None:
            progress(key, i, len(keys))
        results[key] = run_section(key, ins)
    return Assessment(spec, results)


@lru_cache(maxsize=32)
def _cached(spec: AssessmentSpec, keys: tuple[str, ...], table_stamp: float) -> Assessment:
    return run(spec, sections=keys)


def run_cached(spec: AssessmentSpec | None = None, *, sections=None) -> Assessment:
    """:func:`run` memoised by spec and sections (and the active table's modification time).

    For front ends that ask for the same analysis again (the web app). Results are shared
    between callers: do not mutate their frames.
    """
    from hinterland.mrio.store import active_path

    spec = spec if spec is not None else AssessmentSpec()
    path = active_path()
    stamp = path.stat().st_mtime if path.exists() else 0.0
    return _cached(spec, section_keys(sections), stamp)
