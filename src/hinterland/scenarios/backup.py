r"""A stored run as the backup optimiser's scenarios (``layout optimize --scenarios run:ID``).

Each sample of the run becomes one scenario of probability :math:`1/N` whose shocks are the
sample's lost capacity :math:`\delta` by province and sector (capacity events and channel
closures, compounded as in :mod:`hinterland.scenarios.evaluate`), so backup placements are
chosen against the ensemble's distribution (expected loss or CVaR, as ``--objective`` says).
Only draws from the distribution qualify: runs sampled by ``lhs`` or ``sobol``; Saltelli and
Morris designs are for sensitivity analysis and are refused. Demand events and the timing of a
sample do not enter (the layout model works with capacity loss shares).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from hinterland.errors import ValidationError

__all__ = ["PREFIX", "scenario_set"]

PREFIX = "run:"


def scenario_set(spec: str, *, store=None, table=None):
    """Return the :class:`~hinterland.layout.scenarios.ScenarioSet` of a stored run.

    Parameters
    ----------
    spec : str
        ``"run:RUN_ID"`` (or the bare run id).
    store : RunStore or path, optional
        The run store (default: the default store).
    table : MRIO, optional
        The run's table (default: the table the run's spec names; it must be the run's).

    Raises
    ------
    ValidationError
        For an unknown run, an unfinished run, a sensitivity design, or another table.
    """
    from hinterland.layout.scenarios import Scenario, ScenarioSet, Shock
    from hinterland.scenarios.evaluate import Evaluator
    from hinterland.scenarios.spec import parse_spec
    from hinterland.scenarios.store import RunStore

    run_id = spec[len(PREFIX) :] if spec.startswith(PREFIX) else spec
    st = store if isinstance(store, RunStore) else RunStore(store if store is None else Path(store))
    info = st.complete(run_id, "before drawing backup scenarios from it")
    if info["method"] not in ("lhs", "sobol"):
        raise ValidationError(
            f"run {run_id} used a {info['method']} design, whose points are not draws from the "
            "distribution; use a run sampled by lhs or sobol"
        )
    ens = parse_spec(info["spec"], origin=f"stored spec of run {run_id}")
    ev = Evaluator.build(ens, table)
    if ev.source != info["table_source"]:
        raise ValidationError(
            f"run {run_id} used the table {info['table_source']!r}, not {ev.source!r}"
        )
    samples = st.samples(run_id)
    delta, _ = ev.severities(samples)
    r, s = len(ev.regions), len(ev.sectors)
    p = 1.0 / len(samples)
    scenarios = []
    for sid, row in zip(samples.index, delta.reshape(len(samples), r, s), strict=True):
        shocks = []
        for k in np.flatnonzero(row.max(axis=0) > 0):
            col = row[:, k]
            for value in np.unique(col[col > 0]):
                provinces = [int(ev.regions[i]) for i in np.flatnonzero(col == value)]
                shocks.append(
                    Shock(provinces=provinces, industries=[ev.sectors[k]], loss_share=float(value))
                )
        scenarios.append(Scenario(name=f"sample_{sid}", probability=p, shocks=shocks))
    # 1/N rounding: the last probability takes the remainder so that they sum to 1 exactly
    total = p * (len(scenarios) - 1)
    scenarios[-1] = scenarios[-1].model_copy(update={"probability": 1.0 - total})
    return ScenarioSet(
        name=f"run_{run_id}",
        note=f"{len(scenarios)} equally likely samples of ensemble run {run_id} "
        f"({info['name']}, {info['method']}, seed {info['seed']}): {ens.note}",
        source=f"hinterland ensemble run {run_id} in {st.path}",
        scenarios=scenarios,
    )
