"""Runs: deterministic, Dask equal to in-process, killed and resumed without loss or repeat."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest
import yaml

from hinterland.errors import ValidationError
from hinterland.mrio.store import set_active
from hinterland.scenarios import analysis
from hinterland.scenarios.runner import resume, run
from hinterland.scenarios.spec import parse_spec
from hinterland.scenarios.store import RunStore

N, SEED = 20, 5  # 5 chunks of 4


def losses(store, run_id):
    df = store.results(run_id, "national_loss")
    return df.set_index("sample_id")["value"].sort_index()


@pytest.fixture
def store(tmp_path):
    return RunStore(tmp_path / "runs.duckdb")


def test_same_spec_and_seed_give_the_same_results(spec, china17, store):
    a = run(spec, n=N, seed=SEED, store=store, workers=0, table=china17)
    b = run(spec, n=N, seed=SEED, store=store, workers=0, table=china17)
    c = run(spec, n=N, seed=SEED + 1, store=store, workers=0, table=china17)
    assert a.n_samples == N and a.run_id != b.run_id
    ra, rb = store.results(a.run_id), store.results(b.run_id)
    np.testing.assert_array_equal(ra["value"], rb["value"])
    assert not np.array_equal(losses(store, a.run_id), losses(store, c.run_id))
    assert (losses(store, a.run_id) > 0).any()


def test_dask_cluster_gives_the_in_process_result(spec, china17, store):
    local = run(spec, n=N, seed=SEED, store=store, workers=0, table=china17)
    # the local cluster serves no dashboard and leaves port 8787 alone (held here, or by another
    # program): distributed warns "Port 8787 is already in use" when it tries to bind it
    held = socket.socket()
    try:
        held.bind(("127.0.0.1", 8787))
    except OSError:
        pass  # in use already: the same test
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            dask = run(spec, n=N, seed=SEED, store=store, workers=2, processes=False,
                       table=china17)  # fmt: skip
    finally:
        held.close()
    assert not [w for w in caught if "8787" in str(w.message)]
    np.testing.assert_array_equal(
        store.results(local.run_id)["value"], store.results(dask.run_id)["value"]
    )
    assert store.run(dask.run_id)["status"] == "finished"


def test_a_running_scheduler_gives_the_in_process_result(spec, china17, store):
    # --scheduler tcp://HOST:PORT: a cluster started elsewhere (here one thread worker)
    from dask.distributed import LocalCluster

    local = run(spec, n=N, seed=SEED, store=store, workers=0, table=china17)
    options = {"dashboard_address": None, "silence_logs": 50, "protocol": "tcp"}
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, **options) as cluster:
        assert cluster.scheduler_address.startswith("tcp://")
        remote = run(spec, n=N, seed=SEED, store=store, scheduler=cluster.scheduler_address,
                     table=china17)  # fmt: skip
    np.testing.assert_array_equal(
        store.results(local.run_id)["value"], store.results(remote.run_id)["value"]
    )
    assert store.run(remote.run_id)["status"] == "finished"


def test_a_chunk_is_written_once(spec, china17, store):
    info = run(spec, n=8, seed=1, store=store, workers=0, table=china17)
    res = store.results(info.run_id)
    assert not store.write_chunk(info.run_id, 0, 0, res[res.sample_id < 4], None, 0.0)
    assert len(store.results(info.run_id)) == len(res)


KILLER = textwrap.dedent(
    """
    import os, signal, sys, threading
    from hinterland.scenarios.runner import run

    spec, store, mode, arg = sys.argv[1:5]
    N, SEED = int(sys.argv[5]), int(sys.argv[6])

    def progress(done, total):
        if mode == "after" and done >= int(arg):
            os.kill(os.getpid(), signal.SIGKILL)  # right after a chunk was written
        if mode == "timer" and done == 4:  # in the middle of the next chunk
            threading.Timer(float(arg), lambda: os.kill(os.getpid(), signal.SIGKILL)).start()

    run(spec, n=N, seed=SEED, store=store, workers=0, run_id="killed", progress=progress)
    """
)


@pytest.mark.parametrize(("mode", "arg"), [("after", "8"), ("timer", "0.05")])
def test_a_killed_run_resumes_to_the_uninterrupted_summary(
    doc, china17, store, tmp_path, mode, arg
):
    set_active(china17)  # the subprocess reads the active table from HINTERLAND_HOME
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(path), str(store.path), mode, arg, str(N), str(SEED)],
        env=os.environ.copy(),
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    before = store.run("killed")
    assert before["status"] == "running" and before["done"] < N
    info = resume("killed", store=store, workers=0)
    assert info.n_samples == N and store.run("killed")["status"] == "finished"
    res = store.results("killed")
    counts = res[res.metric == "national_loss"].groupby("sample_id").size()
    assert counts.index.tolist() == list(range(N)) and (counts == 1).all()
    whole = run(path, n=N, seed=SEED, store=store, workers=0)
    np.testing.assert_array_equal(losses(store, "killed"), losses(store, whole.run_id))
    a, b = analysis.summary(store, "killed"), analysis.summary(store, whole.run_id)
    for key in ("n_samples", "national_loss_mean", "national_loss_p50", "national_loss_p95",
                "cvar_95", "loss_by_province", "exceedance"):  # fmt: skip
        assert a[key] == b[key], key


def test_an_unknown_run_lists_the_runs(spec, china17, store):
    info = run(spec, n=4, seed=1, store=store, workers=0, table=china17)
    with pytest.raises(ValidationError, match=f"no run 'nope' in .*runs: {info.run_id}"):
        store.run("nope")


def test_nothing_is_written_when_the_spec_does_not_fit_the_table(doc, china17, store):
    doc["events"][0]["sectors"] = ["STEEL"]
    with pytest.raises(ValidationError, match=r"events\[0\]\.sectors"):
        run(parse_spec(doc), n=4, seed=1, store=store, workers=0, table=china17)
    assert not store.path.exists()


def test_a_run_whose_evaluation_fails_is_marked_failed_and_resumes(
    spec, china17, store, monkeypatch
):
    from hinterland.errors import DataError
    from hinterland.scenarios.evaluate import Evaluator

    calls, real = [], Evaluator.evaluate

    def flaky(self, samples):
        calls.append(1)
        if len(calls) == 2:  # the second chunk
            raise DataError("corridor LP: infeasible at cut 0.7")
        return real(self, samples)

    monkeypatch.setattr(Evaluator, "evaluate", flaky)
    with pytest.raises(DataError, match="infeasible"):
        run(spec, n=N, seed=SEED, store=store, workers=0, table=china17, run_id="bad")
    info = store.run("bad")
    assert info["status"] == "failed" and info["done"] == 4
    with pytest.raises(ValidationError) as e:
        analysis.sensitivity(store, "bad")
    assert str(e.value) == (
        "run bad has 4 of 20 samples; its evaluation failed (the error was printed by the run); "
        "fix the cause, then 'hinterland ensemble resume bad' or start a new run before a "
        "sensitivity analysis"
    )
    monkeypatch.setattr(Evaluator, "evaluate", real)  # the cause fixed
    assert resume("bad", store=store, workers=0, table=china17).n_samples == N
    assert store.run("bad")["status"] == "finished"
    whole = run(spec, n=N, seed=SEED, store=store, workers=0, table=china17)
    np.testing.assert_array_equal(losses(store, "bad"), losses(store, whole.run_id))


def test_the_summary_gives_unmet_imports_by_commodity_and_province(store):
    info = run("example:channels", n=16, seed=3, store=store, workers=0)  # the China table
    rows = analysis.summary(store, info.run_id)["unmet_imports"]
    res = store.results(info.run_id, "unmet_imports")
    for row in rows:
        v = res[(res.sector == row["commodity"]) & (res.region == row["province"])]["value"]
        assert len(v) == 16 and v.max() > analysis.SHORT_TOL
        assert row["p95_share"] == pytest.approx(np.quantile(v, 0.95))
        assert row["probability"] == pytest.approx((v > analysis.SHORT_TOL).mean())
        assert 0 <= row["mean_share"] <= row["p95_share"] <= 1
    assert {r["commodity"] for r in rows} <= {"crude_oil", "natural_gas", "container"}
    assert rows  # Hormuz closes in some of the 16 draws of this seed


def test_a_killed_worker_is_replaced_and_the_run_loses_nothing(spec, china17, store):
    # a worker process killed after two chunks: its nanny starts another, the evaluator (a
    # task's result, not scattered data) is recomputed there and the chunks in flight rerun
    from dask.distributed import Client, LocalCluster

    options = {"dashboard_address": None, "silence_logs": 50}
    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=True, **options) as cluster,
        Client(cluster) as client,
    ):
        pid = next(iter(client.run(os.getpid).values()))
        killed = []

        def progress(done, total):
            if done >= 8 and not killed:
                os.kill(pid, signal.SIGKILL)
                killed.append(done)

        info = run(spec, n=N, seed=SEED, store=store, scheduler=cluster.scheduler_address,
                   table=china17, progress=progress)  # fmt: skip
        assert killed and next(iter(client.run(os.getpid).values())) != pid  # a new worker
    assert info.n_samples == N and store.run(info.run_id)["status"] == "finished"
    res = store.results(info.run_id, "national_loss")
    assert sorted(res["sample_id"]) == list(range(N))  # each sample once
    local = run(spec, n=N, seed=SEED, store=store, workers=0, table=china17)
    np.testing.assert_array_equal(losses(store, info.run_id), losses(store, local.run_id))


def test_an_unfinished_run_is_not_compared(spec, china17, store):
    whole = run(spec, n=8, seed=1, store=store, workers=0, table=china17)

    def stop(done, total):  # Ctrl-C after the first chunk
        if done >= 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(spec, n=8, seed=1, store=store, workers=0, table=china17, run_id="part",
            progress=stop)  # fmt: skip
    assert store.run("part")["status"] == "interrupted"
    with pytest.raises(ValidationError, match=r"run part has 4 of 8 samples; resume it .*"
                       r"before comparing it"):  # fmt: skip
        analysis.compare(store, whole.run_id, "part")
