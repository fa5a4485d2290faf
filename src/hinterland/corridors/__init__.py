"""Strategic energy and trade corridors: the network, its flows, its resilience to closures.

- :mod:`~hinterland.corridors.network`: :class:`CorridorNetwork`, read and validated from the
  data layout of ``docs/corridors-data.md``; closures.
- :mod:`~hinterland.corridors.flow`: multi-commodity minimum-cost flow as an LP (HiGHS).
- :mod:`~hinterland.corridors.resilience`: closures, N-1/N-2 criticality, redundancy (paths and
  min cuts, networkx), the with/without western channels comparison; closures and their cost
  are in :mod:`~hinterland.corridors.closure`, the rankings in
  :mod:`~hinterland.corridors.criticality`, both re-exported by ``resilience``.
- :mod:`~hinterland.corridors.coupling`: closure shortfalls as MRIO capacity shocks.
"""

from hinterland.corridors.flow import FlowResult, solve
from hinterland.corridors.network import COMMODITIES, MODES, CorridorNetwork, CorridorParams
from hinterland.corridors.resilience import (
    ClosureResult,
    close,
    criticality,
    redundancy,
    western_comparison,
)

__all__ = [
    "COMMODITIES",
    "MODES",
    "ClosureResult",
    "CorridorNetwork",
    "CorridorParams",
    "FlowResult",
    "close",
    "criticality",
    "redundancy",
    "solve",
    "western_comparison",
]
