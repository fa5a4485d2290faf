"""Run an ensemble: draw the design, evaluate it in chunks on Dask, stream chunks to the store.

:func:`run` draws every sample from the seed at once (:func:`hinterland.scenarios.sampling.
design`), writes the run and its samples to the store, binds the spec to the table
(:class:`~hinterland.scenarios.evaluate.Evaluator`, the result of one task that the
workers share, recomputed if the worker holding it dies) and evaluates
chunks of ``chunk_size`` consecutive samples as Dask tasks: on a
:class:`distributed.LocalCluster` of ``workers`` processes by default, or on the scheduler at
``scheduler`` (``tcp://host:port``) for a real cluster; ``workers=0`` evaluates in this process
(no Dask). Chunks are fixed by the sample ids, so the numbers do not depend on the number of
workers or on the order chunks finish in. At most two chunks per worker are in flight and each
is written as it finishes, so memory stays bounded as ``n`` grows.

:func:`resume` evaluates the chunks a killed run is missing, with the stored spec, seed and
design (redrawn from the seed and checked against the stored samples).
"""

from __future__ import annotations

import json
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from hinterland.errors import HinterlandError, ValidationError
from hinterland.scenarios.evaluate import ChunkResult, Evaluator
from hinterland.scenarios.sampling import Design, design
from hinterland.scenarios.spec import EnsembleSpec, load_spec, parse_spec
from hinterland.scenarios.store import RunStore

__all__ = ["RunInfo", "resume", "run"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RunInfo:
    """What a run or a resume did: the run id, samples in the store, wall seconds."""

    run_id: str
    n_samples: int
    seconds: float
    chunks_written: int

    def to_dict(self) -> dict:
        """JSON-friendly summary (``run_id, n_samples, seconds``)."""
        return {"run_id": self.run_id, "n_samples": self.n_samples, "seconds": self.seconds}


def _code_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hinterland")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"


def _evaluate_chunk(evaluator: Evaluator, samples: pd.DataFrame) -> ChunkResult:
    """The Dask task: one chunk, one BLAS thread (stable timings, no oversubscription)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        return evaluator.evaluate(samples)
    with threadpool_limits(limits=1):
        return evaluator.evaluate(samples)


def _hold(evaluator: Evaluator) -> Evaluator:
    """The Dask task whose result is the run's evaluator (kept on the workers, recomputable)."""
    return evaluator


def _chunks(d: Design, size: int, skip: set[int]) -> Iterator[tuple[int, pd.DataFrame]]:
    for c, first in enumerate(range(0, d.n, size)):
        if c not in skip:
            yield c, d.values.iloc[first : first + size]


def _check_workers(workers: int, scheduler: str | None) -> None:
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise ValidationError(f"workers = {workers!r} must be an integer >= 0")
    if scheduler is not None and not str(scheduler).startswith(("tcp://", "tls://", "inproc://")):
        raise ValidationError(
            f"scheduler = {scheduler!r} must be an address such as tcp://host:8786"
        )


def _execute(
    store: RunStore,
    run_id: str,
    evaluator: Evaluator,
    d: Design,
    size: int,
    *,
    done: set[int],
    workers: int,
    scheduler: str | None,
    processes: bool,
    progress: Progress | None,
) -> int:
    """Evaluate the chunks not in ``done`` and write each as it finishes; return the count."""
    todo = list(_chunks(d, size, done))
    finished = sum(min(size, d.n - c * size) for c in done)
    written = 0

    def record(c: int, res: ChunkResult) -> None:
        nonlocal finished, written
        if store.write_chunk(run_id, c, c * size, res.results, res.profiles, res.seconds):
            written += 1
        finished += min(size, d.n - c * size)
        if progress is not None:
            progress(finished, d.n)

    if progress is not None:
        progress(finished, d.n)
    if not todo:
        return 0
    if workers == 0 and scheduler is None:
        for c, chunk in todo:
            record(c, _evaluate_chunk(evaluator, chunk))
        return written
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    try:
        if scheduler is None:
            # no dashboard; the scheduler's bare HTTP server (health, metrics) on a free port,
            # not 8787: dashboard_address=None alone still binds 8787 (dask/distributed#8136)
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=processes,
                dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                silence_logs=50,
            )  # fmt: skip
            client = Client(cluster)
        else:
            try:
                client = Client(scheduler, timeout="10s")
            except OSError as exc:
                raise ValidationError(
                    f"cannot reach the Dask scheduler {scheduler}: {exc}"
                ) from None
        with client:
            # the evaluator as a task's result, not scattered data: when a worker dies the
            # scheduler recomputes it from the task (scattered data would be lost, and with it
            # every chunk in flight); chunks on the dead worker are retried
            with warnings.catch_warnings():  # sent once, in one task: that is the intent
                warnings.filterwarnings("ignore", message="Sending large graph")
                ev = client.submit(_hold, evaluator, pure=False)
            limit = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers or 1)
            queue = iter(todo)
            futures = {}
            for c, chunk in queue:
                futures[client.submit(_evaluate_chunk, ev, chunk, pure=False)] = c
                if len(futures) >= limit:
                    break
            ac = as_completed(list(futures))
            for fut in ac:
                record(futures.pop(fut), fut.result())
                nxt = next(queue, None)
                if nxt is not None:
                    new = client.submit(_evaluate_chunk, ev, nxt[1], pure=False)
                    futures[new] = nxt[0]
                    ac.add(new)
    finally:
        if cluster is not None:
            cluster.close()
    return written


def run(
    spec: EnsembleSpec | str | Path,
    *,
    n: int,
    seed: int,
    store: RunStore | str | Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    processes: bool = True,
    table=None,
    progress: Progress | None = None,
    run_id: str | None = None,
) -> RunInfo:
    """Run an ensemble of about ``n`` samples and store it.

    Parameters
    ----------
    spec : EnsembleSpec, path or ``"example:<name>"``
    n, seed : int
        Samples (see :func:`~hinterland.scenarios.sampling.design` for the Saltelli and Morris
        roundings) and seed.
    store : RunStore or path, optional
        Default :func:`~hinterland.scenarios.store.default_path`.
    workers : int, default 1
        Worker processes of the local cluster; 0 evaluates in this process.
    scheduler : str, optional
        Address of a running Dask scheduler (then ``workers`` is not used).
    processes : bool, default True
        Local workers as processes (False: threads of this process, for tests).
    table : MRIO, optional
        The table (default: the one the spec names).
    progress : callable, optional
        ``progress(done, total)`` after each chunk.
    run_id : str, optional
        Id of the new run (default: time stamp and a random suffix).

    Returns
    -------
    RunInfo

    Raises
    ------
    HinterlandError
        For a bad spec, a spec that does not fit the table, bad options; nothing is written.
    """
    t0 = time.perf_counter()
    spec = load_spec(spec)
    _check_workers(workers, scheduler)
    st = store if isinstance(store, RunStore) else RunStore(store)
    d = design(spec, n, seed)
    evaluator = Evaluator.build(spec, table)  # checks the spec against the table first
    rid = run_id or datetime.now().strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:6]
    row = {
        "run_id": rid,
        "name": spec.name,
        "spec": json.dumps(spec.model_dump(mode="json"), ensure_ascii=False),
        "spec_hash": spec.digest(),
        "seed": int(seed),
        "n_samples": d.n,
        "method": spec.sampling.method,
        "model": spec.model.kind,
        "chunk_size": spec.sampling.chunk_size,
        "table_source": evaluator.source,
        "unit": evaluator.unit,
        "estimate": evaluator.estimate,
        "code_version": _code_version(),
        "started": datetime.now(),
        "finished": None,
        "status": "running",
        "seconds": 0.0,
    }
    st.create_run(row, d.values)
    return _finish(st, rid, evaluator, d, spec.sampling.chunk_size, set(), t0,
                   workers=workers, scheduler=scheduler, processes=processes,
                   progress=progress)  # fmt: skip


def _finish(st, rid, evaluator, d, size, done, t0, **options) -> RunInfo:
    written, stopped = 0, "interrupted"  # stopped (Ctrl-C, a kill): resume it
    try:
        written = _execute(st, rid, evaluator, d, size, done=done, **options)
    except Exception:
        stopped = "failed"  # an evaluation raised: resuming retries once the cause is fixed
        raise
    finally:
        elapsed = time.perf_counter() - t0
        total = st.run(rid)["done"]
        st.set_status(rid, "finished" if total == d.n else stopped, add_seconds=elapsed)
    return RunInfo(run_id=rid, n_samples=total, seconds=elapsed, chunks_written=written)


def resume(
    run_id: str,
    *,
    store: RunStore | str | Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    processes: bool = True,
    table=None,
    progress: Progress | None = None,
) -> RunInfo:
    """Evaluate the chunks a run is missing (a run killed, or stopped, at any point).

    The design is redrawn from the stored spec, ``n`` and seed and must equal the stored
    samples; the table must be the one the run used (same ``table_source``).

    Raises
    ------
    ValidationError
        If there is no such run, or the table or design differ from the run's.
    """
    t0 = time.perf_counter()
    st = store if isinstance(store, RunStore) else RunStore(store)
    _check_workers(workers, scheduler)
    info = st.run(run_id)
    spec = parse_spec(info["spec"], origin=f"stored spec of run {run_id}")
    d = _redraw(spec, info)
    stored = st.samples(run_id)[list(d.names)]
    if stored.shape != d.values.shape or not np.array_equal(stored.to_numpy(), d.values.to_numpy()):
        raise ValidationError(
            f"run {run_id}: the design drawn again from its seed differs from the stored "
            "samples (another code version?); start a new run"
        )
    evaluator = Evaluator.build(spec, table)
    if evaluator.source != info["table_source"]:
        raise ValidationError(
            f"run {run_id} used the table {info['table_source']!r} but the table now is "
            f"{evaluator.source!r}; activate that table to resume"
        )
    st.set_status(run_id, "running")
    return _finish(st, run_id, evaluator, d, int(info["chunk_size"]), set(info["done_chunks"]),
                   t0, workers=workers, scheduler=scheduler, processes=processes,
                   progress=progress)  # fmt: skip


def _redraw(spec: EnsembleSpec, info: dict) -> Design:
    """The design of a stored run (the stored ``n_samples`` is already rounded)."""
    try:
        return design(spec, int(info["n_samples"]), int(info["seed"]))
    except HinterlandError as exc:  # pragma: no cover
        raise ValidationError(f"run {info['run_id']}: {exc}") from None
