"""``hinterland ensemble ...``: scenario ensembles on Dask, kept in a DuckDB run store."""

from __future__ import annotations

from pathlib import Path

import typer

from hinterland.cli._app import group
from hinterland.cli._output import Fmt, Lang, emit_dict, emit_frame, emit_json

ensemble_app = group(
    "ensemble", "Scenario ensembles: run on Dask, store in DuckDB, summarise, sensitivity."
)

STORE = typer.Option(None, "--store", help="DuckDB run store (default: HINTERLAND_HOME)")
FORMAT = typer.Option(Fmt.table, "--format", help="table, csv or json")


def _store(path: Path | None):
    from hinterland.scenarios.store import RunStore

    return RunStore(path)


def _progress(fmt: Fmt):
    """A rich progress bar on stderr (none for JSON output), and its stop function.

    The bar starts with the first update, after the spec and the table have been checked, so
    an error is still the only line on stderr.
    """
    if fmt is Fmt.json:
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    bar = Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=Console(stderr=True), transient=True,
    )  # fmt: skip
    task = bar.add_task("samples / 样本", total=None)
    started = []

    def update(done: int, total: int) -> None:
        if not started:
            bar.start()
            started.append(True)
        bar.update(task, completed=done, total=total)

    def stop() -> None:
        if started:
            bar.stop()

    return update, stop


def _workers(workers: int, scheduler: str | None) -> None:
    from hinterland.errors import ValidationError

    if workers < 0 or workers > 256:
        raise ValidationError(f"--workers {workers} must be between 0 and 256")
    if scheduler is not None and not scheduler.startswith(("tcp://", "tls://")):
        raise ValidationError(f"--scheduler {scheduler!r} must be an address like tcp://host:8786")


@ensemble_app.command("run")
def ensemble_run(
    spec: str = typer.Argument(..., help="spec YAML, or example:NAME (see 'ensemble examples')"),
    n: int = typer.Option(200, "--n", help="samples (2..1,000,000)"),
    seed: int = typer.Option(0, "--seed", help="seed (>= 0)"),
    workers: int = typer.Option(1, "--workers", help="local Dask workers; 0: in this process"),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler tcp://HOST:PORT"),
    store: Path = STORE,
    fmt: Fmt = FORMAT,
):
    """Draw and evaluate an ensemble; print the run id, samples and seconds."""
    from hinterland.errors import ValidationError
    from hinterland.scenarios.runner import run

    if not 2 <= n <= 1_000_000:
        raise ValidationError(f"--n {n} must be between 2 and 1,000,000")
    if seed < 0:
        raise ValidationError(f"--seed {seed} must be >= 0")
    _workers(workers, scheduler)
    update, stop = _progress(fmt)
    try:
        info = run(spec, n=n, seed=seed, store=_store(store), workers=workers,
                   scheduler=scheduler, progress=update)  # fmt: skip
    finally:
        stop()
    emit_dict(info.to_dict(), fmt, "Ensemble run / 集合运行")


@ensemble_app.command("resume")
def ensemble_resume(
    run_id: str = typer.Argument(..., help="run id (see 'ensemble list')"),
    workers: int = typer.Option(1, "--workers", help="local Dask workers; 0: in this process"),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler tcp://HOST:PORT"),
    store: Path = STORE,
    fmt: Fmt = FORMAT,
):
    """Evaluate the samples a killed or stopped run is missing."""
    from hinterland.scenarios.runner import resume

    _workers(workers, scheduler)
    update, stop = _progress(fmt)
    try:
        info = resume(run_id, store=_store(store), workers=workers, scheduler=scheduler,
                      progress=update)  # fmt: skip
    finally:
        stop()
    emit_dict(info.to_dict(), fmt, "Ensemble resumed / 集合续算")


@ensemble_app.command("examples")
def ensemble_examples(fmt: Fmt = FORMAT):
    """The example specs shipped with the package (use them as example:NAME)."""
    import pandas as pd

    from hinterland.scenarios.spec import example_specs, load_spec

    rows = {}
    for name, path in example_specs().items():
        s = load_spec(path)
        rows[f"example:{name}"] = {
            "model": s.model.kind,
            "days": s.model.days,
            "events": ", ".join(f"{e.name} ({e.kind})" for e in s.events),
            "uncertain": len(s.uncertain()),
            "note": s.note,
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "spec"
    emit_frame(frame, fmt, "Example ensembles / 示例集合")


@ensemble_app.command("list")
def ensemble_list(store: Path = STORE, fmt: Fmt = FORMAT):
    """The runs in the store, newest first (the table: one line each; csv/json: every field)."""
    import pandas as pd

    frame = _store(store).runs()
    blank = "—" if fmt is Fmt.table else None
    for c in ("started", "finished"):
        frame[c] = [_when(v, blank) for v in frame[c]]
    if fmt is Fmt.table:  # what fits a terminal; the table and the spec: 'ensemble status'
        frame = pd.DataFrame(
            {
                "run_id": frame["run_id"],
                "name": frame["name"],
                "design": frame["model"] + " · " + frame["method"],
                "samples": [f"{d:,}/{n:,}" for d, n in zip(frame["done"], frame["n_samples"],
                                                           strict=True)],
                "status": frame["status"],
                "started": [v[:16] for v in frame["started"]],
            }
        )  # fmt: skip
    emit_frame(frame.set_index("run_id"), fmt, "Ensemble runs / 集合运行")


def _when(value, blank: str | None = "—") -> str | None:
    """A time stamp as ``YYYY-MM-DD HH:MM:SS``; ``blank`` for none (a run not finished)."""
    import pandas as pd

    return blank if value is None or pd.isna(value) else str(pd.Timestamp(value).floor("s"))


@ensemble_app.command("status")
def ensemble_status(run_id: str = typer.Argument(...), store: Path = STORE, fmt: Fmt = FORMAT):
    """One run: status, samples done of expected, spec hash, seed, table."""
    info = _store(store).run(run_id)
    keys = ("run_id", "name", "status", "n_samples", "done", "model", "method", "seed",
            "spec_hash", "table_source", "unit", "estimate", "code_version", "started",
            "finished", "seconds")  # fmt: skip
    blank = "—" if fmt is Fmt.table else None
    out = {k: (_when(info[k], blank) if k in ("started", "finished") else info[k]) for k in keys}
    out["n_expected"] = out.pop("n_samples")
    emit_dict(out, fmt, "Run status / 运行状态")


@ensemble_app.command("summary")
def ensemble_summary(run_id: str = typer.Argument(...), store: Path = STORE, fmt: Fmt = FORMAT):
    """Loss distribution: mean, quantiles, CVaR 95 %, by province, exceedance curve."""
    from hinterland.scenarios.analysis import summary

    out = summary(_store(store), run_id)
    if fmt is Fmt.json:
        emit_json(out)
        return
    apart = ("loss_by_province", "exceedance", "recovery_days")
    emit_dict({k: v for k, v in out.items() if k not in apart},
              fmt, f"Loss under uncertainty / 不确定性下的损失 ({out['unit']})")  # fmt: skip
    if "recovery_days" in out:
        emit_dict(out["recovery_days"], fmt, "Recovery / 恢复 (days / 天)")
    if "loss_by_province" in out:
        import pandas as pd

        from hinterland.atlas.regions import label

        prov = pd.DataFrame(out["loss_by_province"]).T
        prov.index = [label(int(a), "zh") if a.isdigit() else a for a in prov.index]
        prov.index.name = "province / 省份"
        emit_frame(prov.sort_values("mean", ascending=False), fmt, "By province / 分省")


@ensemble_app.command("sensitivity")
def ensemble_sensitivity(
    run_id: str = typer.Argument(...),
    metric: str = typer.Option("national_loss", "--metric", help="national_loss or recovery_days"),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="names of the parameters: zh or en"),
    store: Path = STORE,
    fmt: Fmt = FORMAT,
):
    """Sensitivity indices of a run (SALib: Sobol, Morris or RBD-FAST by the run's design).

    Parameters are listed by name in --lang (JSON: keyed by parameter, with its name).
    """
    from hinterland.scenarios.analysis import sensitivity
    from hinterland.scenarios.labels import parameter_labels
    from hinterland.scenarios.spec import parse_spec

    st = _store(store)
    frame = sensitivity(st, run_id, metric=metric)
    names = parameter_labels(parse_spec(st.run(run_id)["spec"], origin=f"run {run_id}"),
                             lang.value)  # fmt: skip
    if fmt is Fmt.json:
        emit_json({"run_id": run_id, "metric": metric, "method": frame.attrs["method"],
                   "indices": frame.to_dict(orient="index"),
                   "names": {p: names.get(p, p) for p in frame.index}})  # fmt: skip
        return
    frame = frame.rename(index=names)
    frame.index.name = "参数" if lang.value == "zh" else "parameter"
    emit_frame(frame, fmt, f"Sensitivity / 敏感性 ({frame.attrs['method']})")


@ensemble_app.command("compare")
def ensemble_compare(
    run_a: str = typer.Argument(...),
    run_b: str = typer.Argument(...),
    store: Path = STORE,
    fmt: Fmt = FORMAT,
):
    """Two runs side by side and the difference (second minus first)."""
    from hinterland.scenarios.analysis import compare

    emit_frame(compare(_store(store), run_a, run_b), fmt, "Compare runs / 运行对比")


@ensemble_app.command("export")
def ensemble_export(
    run_id: str = typer.Argument(...),
    out: Path = typer.Option(..., "--out", help="new file: .parquet, .csv or .xlsx"),
    store: Path = STORE,
    fmt: Fmt = FORMAT,
):
    """Write a run's results with their samples to Parquet, CSV or Excel."""
    from hinterland.scenarios.analysis import export

    path = export(_store(store), run_id, out)
    emit_dict({"run_id": run_id, "out": str(path)}, fmt, "Exported / 已导出")
