"""Layout optimisation: key-industry backup placement, its trade-off frontiers, scenarios.

The backup model (the MILP and its results), whatever the instance:

- :mod:`~hinterland.layout.backup`: the two-stage stochastic MILP (HiGHS), :class:`BackupInstance`,
  :func:`optimize`, the independent :func:`check`; a facade over the array kernel
  (``_problem``, ``_milp_model``, ``_milp_highs``, ``_milp``), the labelled layer
  (``instance``, ``solution``) and ``check``.
- :mod:`~hinterland.layout.frontier`: budget frontiers and epsilon-constraint Pareto fronts.

Its instance sources, each ending in a :class:`BackupInstance`:

- :mod:`~hinterland.layout.scenarios`: disruption scenarios read from YAML (pydantic).
- :mod:`~hinterland.layout.from_table`: one industry per key sector of an MRIO table (the
  shipped China table or an imported one); :mod:`~hinterland.layout.default`: the illustrative
  one-industry atlas instance, and ``resolve_instance``, which picks between them.
- :mod:`~hinterland.layout.cost`: the one factor-cost index behind both (``factor_index``),
  with provincial factor prices.

Other modules of this package (e.g. ``hubs``, the computing-hub instance, over the labelled
p-median ``siting``, its per-site data ``site_data`` and the kernel ``pmedian``) are imported
by name, not from here.
"""

from hinterland.layout.backup import (
    BackupInstance,
    BackupProblem,
    BackupSolution,
    CheckReport,
    check,
    optimize,
)
from hinterland.layout.frontier import frontier, pareto
from hinterland.layout.scenarios import ScenarioSet, default_scenarios, load_scenarios

__all__ = [
    "BackupInstance",
    "BackupProblem",
    "BackupSolution",
    "CheckReport",
    "ScenarioSet",
    "check",
    "default_scenarios",
    "frontier",
    "load_scenarios",
    "optimize",
    "pareto",
]
