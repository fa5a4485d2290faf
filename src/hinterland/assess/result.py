"""The results of an assessment: one labelled, frozen result per section."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from hinterland.assess.spec import AssessmentSpec
from hinterland.errors import ValidationError


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True, slots=True)
class SectionResult:
    """What one section computed, with its inputs and sources, or the error that stopped it.

    Attributes
    ----------
    id : str
        The section's key (``overview``, ``channels``, ...).
    data : Mapping
        The labelled results (pandas objects keyed by adcode, sector or year; result
        dataclasses of the analysis layer; scalars). Empty when the section failed.
    inputs : Mapping
        The inputs the section used: the spec's fields it read and what it resolved them to
        (years taken, table described).
    provenance : tuple of str
        The publications, tables and files the numbers come from.
    error : str or None
        ``"ErrorType: message"`` when the section raised, else None.
    seconds : float
        Wall time of the section.
    """

    id: str
    data: Mapping[str, Any] = field(default_factory=dict)
    inputs: Mapping[str, Any] = field(default_factory=dict)
    provenance: tuple[str, ...] = ()
    error: str | None = None
    seconds: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "data", _frozen(self.data))
        object.__setattr__(self, "inputs", _frozen(self.inputs))
        object.__setattr__(self, "provenance", tuple(self.provenance))

    @property
    def ok(self) -> bool:
        """Whether the section ran to the end."""
        return self.error is None

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


@dataclass(frozen=True, slots=True)
class Assessment:
    """The sections of one run of :func:`hinterland.assess.run`, in report order.

    Attributes
    ----------
    spec : AssessmentSpec
        What was asked for.
    sections : Mapping[str, SectionResult]
        The results by section key, in the order they were run.
    """

    spec: AssessmentSpec
    sections: Mapping[str, SectionResult]

    def __post_init__(self):
        object.__setattr__(self, "sections", _frozen(self.sections))

    def __getitem__(self, key: str) -> SectionResult:
        try:
            return self.sections[key]
        except KeyError:
            raise ValidationError(
                f"section {key!r} was not run; run: {', '.join(self.sections)}"
            ) from None

    def __contains__(self, key: object) -> bool:
        return key in self.sections

    def __iter__(self) -> Iterator[SectionResult]:
        return iter(self.sections.values())

    @property
    def errors(self) -> dict[str, str]:
        """The sections that failed and their errors."""
        return {k: s.error for k, s in self.sections.items() if s.error is not None}
