"""Scenario ensembles: specs, sampling, Dask runner, DuckDB run store, risk and sensitivity.

- :mod:`.spec`: ensemble specs (YAML, pydantic), shipped examples (``example:<name>``);
  over :mod:`.distributions` (uncertain parameters, the copula) and :mod:`.events` (events,
  timing);
- :mod:`.sampling`: seeded designs (Latin hypercube, Sobol, Saltelli, Morris; Gaussian copula);
- :mod:`.evaluate`: a spec bound to an MRIO table, evaluating chunks of samples (capacity, IIM,
  batched ARIO);
- :mod:`.runner`: :func:`run` and :func:`resume` on a Dask cluster, chunks streamed to the store;
- :mod:`.store`: the DuckDB run store;
- :mod:`.analysis`: summary (quantiles, CVaR, exceedance), sensitivity (SALib), compare, export.

Submodules are imported on use (Dask and DuckDB are heavy), so ``import hinterland.scenarios``
stays cheap.
"""

from __future__ import annotations

__all__ = ["resume", "run"]


def run(*args, **kwargs):
    """Run an ensemble (see :func:`hinterland.scenarios.runner.run`)."""
    from hinterland.scenarios.runner import run as _run

    return _run(*args, **kwargs)


def resume(*args, **kwargs):
    """Resume a run (see :func:`hinterland.scenarios.runner.resume`)."""
    from hinterland.scenarios.runner import resume as _resume

    return _resume(*args, **kwargs)
