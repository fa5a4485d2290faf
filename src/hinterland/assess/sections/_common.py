"""What the section computations share: the run's inputs (built once) and their return type."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from hinterland.assess.spec import AssessmentSpec
from hinterland.errors import DataError

if TYPE_CHECKING:
    from hinterland.atlas import IndicatorTable


class Part(NamedTuple):
    """What a section computation returns: labelled data, the inputs used, the sources."""

    data: dict[str, Any]
    inputs: dict[str, Any]
    provenance: tuple[str, ...]


class Inputs:
    """The inputs of one run, each built at most once and shared by the sections.

    An input that cannot be built raises in every section that asks for it (and only there).

    Parameters
    ----------
    spec : AssessmentSpec
        The run's spec.
    """

    def __init__(self, spec: AssessmentSpec):
        self.spec = spec

    @cached_property
    def table(self) -> IndicatorTable:
        """The atlas indicator table of ``spec.edition``."""
        from hinterland.atlas import IndicatorTable

        return IndicatorTable.default(self.spec.edition or "latest")

    @cached_property
    def _mrio(self):
        from hinterland.mrio.store import resolve

        try:
            return resolve(self.spec.table), ""
        except DataError as exc:
            if self.spec.table is not None:
                raise
            return None, str(exc)

    @property
    def mrio(self):
        """The MRIO table of ``spec.table``, or None when no table is available."""
        return self._mrio[0]

    @property
    def mrio_missing(self) -> str:
        """Why no MRIO table is available ("" when one is)."""
        return self._mrio[1]

    @cached_property
    def network(self):
        """The embedded corridor network, built once."""
        from hinterland.corridors.network import CorridorNetwork

        return CorridorNetwork.default()

    @cached_property
    def instance_messages(self):
        """The backup instance (built once) and its description as catalogue messages.

        Built from the MRIO table when one is available (the ``auto`` kind), else the
        illustrative atlas instance. The description (``instance``, ``assumptions``,
        ``loss_per_unit``) holds :class:`~hinterland.messages.Message` objects that
        :func:`~hinterland.layout.default.render_about` renders in either language.
        """
        from hinterland.layout.default import resolve_instance

        return resolve_instance("auto", self.spec.scenarios, lang=None, table=self.mrio)

    @cached_property
    def instance(self):
        """The backup instance and its description rendered in both languages.

        ``(instance, {"zh": about, "en": about})``: the instance of :attr:`instance_messages`
        (the same object, not built again), its description rendered per language.
        """
        from hinterland.layout.default import render_about
        from hinterland.messages import LANGS

        inst, notes = self.instance_messages
        return inst, {lang: render_about(notes, lang) for lang in LANGS}


def latest_year(tbl: IndicatorTable, indicator: str, upto: int | None = None) -> int:
    """The latest year of ``indicator`` not after ``upto`` (the latest of all if none is)."""
    years = tbl.years(indicator)
    if upto is not None:
        years = [y for y in years if y <= upto] or years
    return max(years)


def sources(tbl: IndicatorTable, *indicators: str) -> tuple[str, ...]:
    """The publications of the figures of ``indicators`` (derived ones: of their parts)."""
    from hinterland.atlas import definitions

    defs = definitions()
    prov = tbl.provenance()
    out: list[str] = []
    for code in indicators:
        d = defs.get(code, {})
        parts = [d["num"], d["den"]] if d.get("derived") else [code]
        for part in parts:
            if part in prov.index:
                out.append(f"{part}: {prov.loc[part, 'sources']}")
    return tuple(dict.fromkeys(out))
