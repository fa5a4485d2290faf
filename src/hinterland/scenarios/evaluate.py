r"""Evaluate chunks of samples of an ensemble on one MRIO table: capacity, IIM or batched ARIO.

An :class:`Evaluator` is built once per run (on the client) from a spec and a table: it checks
the spec against the table (every province and sector an event names), precomputes what every
sample shares (the LU factorisation, the ARIO parameters, the event masks, the baseline flow of
the corridor network) and is then sent once to each worker. :meth:`Evaluator.evaluate` is a
pure function of a chunk of samples: the same samples give the same numbers on any worker.

Per sample, with :math:`\delta_e` the severity of event :math:`e` on its provinces and sectors
(for a channel closure: ``pass_through`` times the share of a province's demand for the
commodity that the corridor flow model leaves unmet at that ``cut``):

- lost capacity :math:`\delta = 1 - \prod_e (1 - \delta_e)` per region-sector;
- ``capacity``: the static capacity-constrained output with proportional rationing
  (:func:`hinterland.mrio.shocks.constrained_output`); the yearly shortfall lasts
  ``duration + recovery_days / 2`` days (full for ``duration`` days, then a linear recovery);
- ``iim``: the dynamic inoperability model from :math:`q_0 = \delta`, recovering to 1 % of it
  in ``recovery_days`` (:math:`k = \ln 100 / T`, at most 1 per day), over ``model.days``;
- ``ario``: :func:`hinterland.mrio.dynamic.simulate_batch`, capital destroyed
  :math:`\delta K` on ``day``, full for ``duration`` days, then recovered over
  ``recovery_days``; demand events cut final demand on the same schedule. On a table with
  regional trade coefficients (the default China table) the flows reduce to the trade shares,
  in float64 (:mod:`hinterland.mrio.dynamic.trade`); on any other table ``model.precision``
  applies (``mixed`` by default: float32 deviations in the passes over the flows, about 1e-7
  relative).

Results are long form (``sample_id, metric, region, sector, value``) in the table's money unit:
``national_loss`` (output lost over the period), ``loss_by_region``, ``loss_by_sector``,
``unmet_demand`` (final demand not served, by region and sector), ``unmet_imports`` (the
share of each province's import demand for each corridor commodity that the sample's channel
closures leave unmet, :meth:`Evaluator.unmet_imports`: a share, not money, with the commodity
in the ``sector`` column), ``recovery_days`` (ARIO:
first day from which national output stays within 0.1 % of the baseline; NaN if not within
the simulated days); time profiles (national output per day) separately.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from hinterland.errors import ValidationError
from hinterland.scenarios.spec import ChannelEvent, EnsembleSpec

__all__ = ["ChunkResult", "Evaluator", "table_for"]


def table_for(spec: EnsembleSpec):
    """Return the table a spec names: ``active`` (the active table) or a table folder."""
    from hinterland.mrio import store

    name = spec.model.table
    if name == "active":
        return store.active()
    from hinterland.mrio.load import read_csv_dir

    return read_csv_dir(name)


@dataclass(frozen=True)
class ChunkResult:
    """What one chunk returns: long-form results, optional profiles, compute seconds."""

    results: pd.DataFrame
    profiles: pd.DataFrame | None
    seconds: float


def _mask(
    m_regions: list[str], m_sectors: list[str], provinces: Any, sectors: Any, where: str
) -> np.ndarray:
    from hinterland.scenarios._provinces import province_rows

    rows = province_rows(provinces, m_regions, f"{where}.provinces")
    if sectors == "all":
        cols = np.arange(len(m_sectors))
    else:
        bad = [s for s in sectors if str(s) not in m_sectors]
        if bad:
            raise ValidationError(
                f"{where}.sectors: unknown sector {bad[0]!r} in this table; valid: "
                f"{', '.join(m_sectors)}"
            )
        cols = np.array([m_sectors.index(str(s)) for s in sectors])
    mask = np.zeros((len(m_regions), len(m_sectors)), dtype=bool)
    mask[np.ix_(rows, cols)] = True
    return mask.ravel()


@dataclass
class Evaluator:
    """A spec bound to a table, ready to evaluate chunks of samples (built on the client).

    Build it with :meth:`build`; raises :class:`ValidationError` naming the spec field at fault
    (an unknown province, sector, corridor node or commodity).
    """

    spec: EnsembleSpec
    regions: list[str]
    sectors: list[str]
    unit: str
    source: str
    estimate: bool
    masks: dict[str, np.ndarray]
    model: dict[str, Any]
    network: Any = None
    baseline_flow: Any = None
    _shortfall_cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, spec: EnsembleSpec, table=None) -> Evaluator:
        """Bind ``spec`` to ``table`` (default: the table the spec names)."""
        from hinterland.mrio import math as iom
        from hinterland.mrio.analysis import rationing_arrays

        m = table if table is not None else table_for(spec)
        regions = [str(r) for r in m.regions]
        sectors = [str(s) for s in m.sectors]
        masks: dict[str, np.ndarray] = {}
        network = baseline = None
        for i, e in enumerate(spec.events):
            where = f"events[{i}]"
            if isinstance(e, ChannelEvent):
                network, baseline = _network(e, where, network, baseline)
                for commodity, named in e.industries.items():
                    masks[f"{e.name}:{commodity}"] = _mask(
                        regions, sectors, "all", named, f"{where}.industries.{commodity}"
                    ).reshape(len(regions), len(sectors))
            else:
                masks[e.name] = _mask(regions, sectors, e.provinces, e.sectors, where)
        Z, y, x0 = rationing_arrays(m)  # the economy mrio.analysis.shock rations
        model: dict[str, Any] = {"kind": spec.model.kind, "days": spec.model.days, "x0": x0}
        if spec.model.kind == "ario":
            from hinterland.mrio.dynamic import ARIOParams
            from hinterland.mrio.dynamic.trade import trade_shares

            model["params"] = ARIOParams.from_table(Z, y, x0, len(regions), len(sectors))
            model["trade"] = trade_shares(model["params"])  # once per run, not per chunk
        else:
            from scipy.linalg import lu_factor

            A = iom.technical_coefficients(Z, x0)
            model.update(A=A, y=y)
            if spec.model.kind == "capacity":
                model["lu"] = lu_factor(np.eye(len(x0)) - A)
            else:
                from hinterland.mrio import iim

                model["a_star"] = iim.interdependency_matrix(A, x0)
        return cls(
            spec=spec,
            regions=regions,
            sectors=sectors,
            unit=str(m.unit),
            source=str(m.source),
            estimate=bool(m.estimate),
            masks=masks,
            model=model,
            network=network,
            baseline_flow=baseline,
        )

    # ------------------------------------------------------------------ per-sample inputs

    def _value(self, samples: pd.DataFrame, name: str) -> np.ndarray:
        if name in samples.columns:
            return samples[name].to_numpy(dtype=float)
        return np.full(len(samples), self.spec.fixed(name))

    def _shortfall(self, e: ChannelEvent, cut: float) -> pd.DataFrame:
        """Share of each province's demand left unmet, by commodity, at ``cut`` (cached)."""
        key = (e.name, float(cut))
        if key not in self._shortfall_cache:
            from hinterland.corridors.resilience import close

            if cut <= 0:
                share = pd.DataFrame(0.0, index=self.regions, columns=list(e.industries))
            else:
                res = close(
                    self.network, edges=e.edges, nodes=e.nodes, cut=cut,
                    baseline=self.baseline_flow,
                )  # fmt: skip
                s = res.shortfall_share.clip(lower=0.0, upper=1.0)
                frame = s.unstack("commodity") if "commodity" in s.index.names else s
                frame.index = [str(i) for i in frame.index]
                share = frame.reindex(index=self.regions, columns=list(e.industries)).fillna(0.0)
            self._shortfall_cache[key] = share
        return self._shortfall_cache[key]

    def severities(self, samples: pd.DataFrame) -> tuple[np.ndarray, np.ndarray | None]:
        r"""Return the lost capacity :math:`\delta` and the final-demand cut, ``(k, n)`` each."""
        k, n = len(samples), len(self.regions) * len(self.sectors)
        keep = np.ones((k, n))
        demand = None
        for e in self.spec.events:
            if isinstance(e, ChannelEvent):
                cut = self._value(samples, f"{e.name}.cut")
                through = self._value(samples, f"{e.name}.pass_through")
                for j in range(k):
                    short = self._shortfall(e, cut[j])
                    for commodity in e.industries:
                        mask = self.masks[f"{e.name}:{commodity}"]
                        loss = through[j] * short[commodity].to_numpy()[:, None] * mask
                        keep[j] *= 1.0 - loss.ravel()
            elif e.kind == "capacity":
                sev = self._value(samples, f"{e.name}.severity")
                keep *= 1.0 - sev[:, None] * self.masks[e.name][None, :]
            else:
                cut = self._value(samples, f"{e.name}.cut")
                demand = np.ones((k, n)) if demand is None else demand
                demand *= 1.0 - cut[:, None] * self.masks[e.name][None, :]
        return 1.0 - keep, (None if demand is None else 1.0 - demand)

    # ------------------------------------------------------------------ models

    def unmet_imports(self, samples: pd.DataFrame) -> tuple[list[str], np.ndarray]:
        r"""Share of each province's import demand per commodity the closures leave unmet.

        Per sample, each channel event's closure at its drawn ``cut`` (the corridor flow model,
        as :meth:`severities` uses it, before ``pass_through``); commodities closed by several
        events combine as :math:`1 - \prod_e (1 - s_e)`, as capacities do. Returns the
        commodities and a ``(k, R, C)`` array; no channel event: no commodity.
        """
        channels = [e for e in self.spec.events if isinstance(e, ChannelEvent)]
        commodities = sorted({c for e in channels for c in e.industries})
        keep = np.ones((len(samples), len(self.regions), len(commodities)))
        for e in channels:
            cut = self._value(samples, f"{e.name}.cut")
            cols = [commodities.index(c) for c in e.industries]
            for j in range(len(samples)):
                keep[j][:, cols] *= 1.0 - self._shortfall(e, cut[j]).to_numpy()
        return commodities, 1.0 - keep

    def _run_model(self, samples: pd.DataFrame) -> dict[str, np.ndarray]:
        delta, cut = self.severities(samples)
        day = self._value(samples, "timing.day").astype(np.int64)
        duration = self._value(samples, "timing.duration").astype(np.int64)
        recovery = self._value(samples, "timing.recovery_days").astype(np.int64)
        md = self.model
        if md["kind"] == "ario":
            from hinterland.mrio.dynamic import BatchEvents, simulate_batch

            p = md["params"]
            events = BatchEvents(delta * p.capital[None, :], day, duration, recovery, cut)
            res = simulate_batch(p, events, md["days"], precision=self.spec.model.precision,
                                 flows="dense" if md["trade"] is None else "auto",
                                 trade=md["trade"])  # fmt: skip
            return {
                "loss": np.asarray(res.output_loss),
                "unmet": np.asarray(res.final_demand_unmet),
                "recovery": res.recovery_day(),
                "profile": np.asarray(res.national_output),
            }
        if md["kind"] == "capacity":
            from hinterland.mrio.shocks import constrained_output

            loss = np.empty_like(delta)
            unmet = np.empty_like(delta)
            for j in range(len(delta)):
                r = constrained_output(md["A"], md["y"], md["x0"], md["x0"] * (1 - delta[j]),
                                       lu=md["lu"])  # fmt: skip
                years = (duration[j] + recovery[j] / 2.0) / 365.0
                loss[j] = r.loss * years
                unmet[j] = (md["y"] - r.y_delivered) * years
            return {"loss": loss, "unmet": unmet}
        from hinterland.mrio import iim

        loss = np.empty_like(delta)
        profile = np.empty((len(delta), md["days"] + 1))
        for j in range(len(delta)):
            rate = np.full(len(md["x0"]), min(1.0, np.log(100.0) / recovery[j]))
            run = iim.run(iim.InoperabilityModel(md["a_star"], rate, md["x0"] / 365.0),
                          delta[j], md["days"])  # fmt: skip
            loss[j] = run.loss
            profile[j] = ((1.0 - np.asarray(run.q)) * md["x0"] / 365.0).sum(axis=1)
        return {"loss": loss, "profile": profile}

    def evaluate(self, samples: pd.DataFrame) -> ChunkResult:
        """Evaluate a chunk of samples (index ``sample_id``, one column per uncertain parameter).

        Returns
        -------
        ChunkResult
            Long-form results (``sample_id, metric, region, sector, value``) for the spec's
            outputs, national output profiles if asked for, and the compute seconds.
        """
        import time

        t0 = time.perf_counter()
        out = self._run_model(samples)
        ids = samples.index.to_numpy(dtype=np.int64)
        r, s = len(self.regions), len(self.sectors)
        loss = out["loss"].reshape(len(ids), r, s)
        parts = [_long(ids, "national_loss", None, None, loss.sum(axis=(1, 2))[:, None])]
        wanted = set(self.spec.outputs)
        if "loss_by_region" in wanted:
            parts.append(_long(ids, "loss_by_region", self.regions, None, loss.sum(axis=2)))
        if "loss_by_sector" in wanted:
            parts.append(_long(ids, "loss_by_sector", None, self.sectors, loss.sum(axis=1)))
        if "unmet_demand" in wanted and "unmet" in out:
            regs = np.repeat(self.regions, s).tolist()
            secs = self.sectors * r
            parts.append(_long(ids, "unmet_demand", regs, secs, out["unmet"]))
        if "unmet_imports" in wanted:
            commodities, share = self.unmet_imports(samples)
            if commodities:
                regs = np.repeat(self.regions, len(commodities)).tolist()
                parts.append(_long(ids, "unmet_imports", regs, commodities * r,
                                   share.reshape(len(ids), -1)))  # fmt: skip
        if "recovery_days" in wanted and "recovery" in out:
            parts.append(_long(ids, "recovery_days", None, None, out["recovery"][:, None]))
        profiles = None
        if "profile" in wanted and "profile" in out:
            prof = out["profile"]
            profiles = pd.DataFrame(
                {
                    "sample_id": np.repeat(ids, prof.shape[1]),
                    "day": np.tile(np.arange(prof.shape[1]), len(ids)),
                    "value": prof.ravel(),
                }
            )
        return ChunkResult(pd.concat(parts, ignore_index=True), profiles, time.perf_counter() - t0)


def _long(ids, metric: str, regions, sectors, values: np.ndarray) -> pd.DataFrame:
    """Long rows for a ``(k, m)`` block: one row per sample and column."""
    k, m = values.shape
    return pd.DataFrame(
        {
            "sample_id": np.repeat(ids, m),
            "metric": metric,
            "region": None if regions is None else np.tile(np.asarray(regions, dtype=object), k),
            "sector": None if sectors is None else np.tile(np.asarray(sectors, dtype=object), k),
            "value": values.ravel(),
        }
    )


def _network(e: ChannelEvent, where: str, network, baseline):
    """Return the corridor network and its open-network flow, checking the event's names."""
    from hinterland.corridors.flow import solve
    from hinterland.corridors.network import CorridorNetwork

    if network is None:
        network = CorridorNetwork.default()
        baseline = solve(network)
    bad = [c for c in e.industries if c not in network.commodities]
    if bad:
        raise ValidationError(
            f"{where}.industries: unknown commodity {bad[0]!r}; valid: "
            f"{', '.join(network.commodities)}"
        )
    nodes = {str(x) for x in network.nodes.index}
    bad = [x for x in e.nodes if x not in nodes]
    if bad:
        raise ValidationError(
            f"{where}.nodes: unknown corridor node {bad[0]!r}; e.g. choke_malacca, choke_hormuz"
        )
    return network, baseline
