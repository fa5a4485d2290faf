r"""What a stored run answers: loss distribution, tail risk, exceedance, sensitivity, comparison.

Every sample of a run counts with the same weight :math:`1/N` (Monte Carlo; for a Saltelli or
Morris design the points are not independent draws, and the summary says which design it is).
With :math:`L_{(1)} \le \dots \le L_{(N)}` the sorted national losses:

- quantiles by linear interpolation between order statistics (numpy's default), e.g. ``p95``;
- :math:`\mathrm{CVaR}_{95}`, the mean of the losses at or above the 95 % quantile (Rockafellar
  & Uryasev 2002, for equally weighted samples);
- the exceedance curve :math:`P(L \ge L_{(i)}) = (N - i + 1) / N`.

Sensitivity uses SALib on the stored samples: Sobol first- and total-order indices for a
``saltelli`` design (``SALib.analyze.sobol``), Morris :math:`\mu^*` and :math:`\sigma` for a
``morris`` design, and for ``lhs``/``sobol`` designs the first-order indices of RBD-FAST on the
given data (``SALib.analyze.rbd_fast``, Plischke 2010); total-order indices need a Saltelli
design.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from hinterland.errors import ValidationError
from hinterland.scenarios.sampling import design
from hinterland.scenarios.spec import parse_spec
from hinterland.scenarios.store import RunStore

__all__ = ["compare", "compare_provinces", "exceedance", "export", "sensitivity", "summary", "tail"]

QUANTILES = (0.05, 0.5, 0.95)
#: Fewest samples a given-data (RBD-FAST) sensitivity is computed from: with its 10 harmonics,
#: fewer points give indices that are noise.
MIN_GIVEN_DATA = 64

#: Share of a province's import demand below which the corridor model's shortfall counts as
#: none (the flow LP's tolerance leaves shortfalls of about 1e-6 where nothing is short).
SHORT_TOL = 1e-5


def tail(losses: np.ndarray, level: float = 0.95) -> float:
    """Return CVaR at ``level``: the mean of the losses at or above their ``level`` quantile."""
    v = np.asarray(losses, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return float("nan")
    q = np.quantile(v, level)
    return float(v[v >= q].mean())


def exceedance(losses: np.ndarray, points: int = 21) -> pd.DataFrame:
    """Return ``points`` rows of the exceedance curve: ``loss`` and ``probability`` of >= it."""
    v = np.sort(np.asarray(losses, dtype=float))
    n = v.size
    idx = np.unique(np.linspace(0, n - 1, min(points, n)).round().astype(int))
    return pd.DataFrame({"loss": v[idx], "probability": (n - idx) / n})


def _national(store: RunStore, run_id: str) -> pd.Series:
    df = store.results(run_id, "national_loss")
    return df.set_index("sample_id")["value"].sort_index()


def summary(store: RunStore, run_id: str) -> dict:
    """Headline figures of a run (JSON-friendly; money in the table's unit).

    Keys: ``run_id, name, status, n_samples, n_expected, model, method, unit, table,
    table_is_estimate, seconds, national_loss_mean, national_loss_p05, national_loss_p50,
    national_loss_p95, cvar_95, loss_by_province`` (mean, p05, p50, p95 by adcode, when
    stored), ``unmet_imports`` (when stored: per commodity and province with any shortfall
    above ``SHORT_TOL``: ``mean_share``, ``p50_share``, ``p95_share`` of its import demand
    left unmet, and the ``probability`` that some is), ``recovery_days`` (mean, p50, p95 and
    the share not recovered, when stored) and ``exceedance`` (loss, probability).
    """
    info = store.run(run_id)
    loss = _national(store, run_id).to_numpy()
    out = {
        "run_id": run_id,
        "name": info["name"],
        "status": info["status"],
        "n_samples": int(loss.size),
        "n_expected": int(info["n_samples"]),
        "model": info["model"],
        "method": info["method"],
        "unit": info["unit"],
        "table": info["table_source"],
        "table_is_estimate": bool(info["estimate"]),
        "seconds": float(info["seconds"] or 0.0),
    }
    if loss.size == 0:
        return out
    out.update(
        national_loss_mean=float(loss.mean()),
        national_loss_p05=float(np.quantile(loss, 0.05)),
        national_loss_p50=float(np.quantile(loss, 0.5)),
        national_loss_p95=float(np.quantile(loss, 0.95)),
        cvar_95=tail(loss, 0.95),
    )
    by = store.query(
        "SELECT region, avg(value) AS mean, quantile_cont(value, 0.05) AS p05, "
        "quantile_cont(value, 0.5) AS p50, quantile_cont(value, 0.95) AS p95 FROM results "
        "WHERE run_id = ? AND metric = 'loss_by_region' GROUP BY region ORDER BY region",
        [run_id],
    )
    if not by.empty:
        out["loss_by_province"] = {
            r["region"]: {k: float(r[k]) for k in ("mean", "p05", "p50", "p95")}
            for _, r in by.iterrows()
        }
    imports = store.query(
        "SELECT sector AS commodity, region, avg(value) AS mean, quantile_cont(value, 0.5) AS "
        "p50, quantile_cont(value, 0.95) AS p95, avg((value > ?)::INTEGER) AS probability "
        "FROM results WHERE run_id = ? AND metric = 'unmet_imports' GROUP BY sector, region "
        "HAVING max(value) > ? ORDER BY sector, p95 DESC, region",
        [SHORT_TOL, run_id, SHORT_TOL],
    )
    if not imports.empty:
        out["unmet_imports"] = [
            {"commodity": r["commodity"], "province": r["region"],
             **{f"{k}_share": float(r[k]) for k in ("mean", "p50", "p95")},
             "probability": float(r["probability"])}
            for _, r in imports.iterrows()
        ]  # fmt: skip
    rec = store.results(run_id, "recovery_days")["value"].to_numpy()
    if rec.size:
        ok = rec[np.isfinite(rec)]
        out["recovery_days"] = {
            "mean": float(ok.mean()) if ok.size else None,
            "p50": float(np.quantile(ok, 0.5)) if ok.size else None,
            "p95": float(np.quantile(ok, 0.95)) if ok.size else None,
            "share_not_recovered": float(1 - ok.size / rec.size),
        }
    out["exceedance"] = exceedance(loss).to_dict(orient="records")
    return out


def sensitivity(store: RunStore, run_id: str, *, metric: str = "national_loss") -> pd.DataFrame:
    """Sensitivity indices of ``metric`` to the run's uncertain parameters (SALib).

    Returns
    -------
    DataFrame
        Index ``parameter``; columns ``S1, S1_conf, ST, ST_conf`` (saltelli), ``mu_star,
        mu_star_conf, sigma`` (morris) or ``S1, S1_conf`` (lhs, sobol: RBD-FAST); attribute
        ``attrs["method"]`` names the estimator.

    Raises
    ------
    ValidationError
        If the run is not complete (the design needs every sample) or ``metric`` is not a
        national metric of the run.
    """
    info = store.complete(run_id, "before a sensitivity analysis")
    spec = parse_spec(info["spec"], origin=f"stored spec of run {run_id}")
    d = design(spec, int(info["n_samples"]), int(info["seed"]))
    df = store.results(run_id, metric)
    if df.empty or df["region"].notna().any() or df["sector"].notna().any():
        raise ValidationError(
            f"metric {metric!r} is not a national metric of run {run_id}; use national_loss "
            "or recovery_days"
        )
    y = df.set_index("sample_id")["value"].sort_index()
    if d.method in ("lhs", "sobol") and d.n < MIN_GIVEN_DATA:
        raise ValidationError(
            f"run {run_id} has {d.n} samples; a sensitivity analysis from given data needs at "
            f"least {MIN_GIVEN_DATA} (or a saltelli or morris design)"
        )
    return indices(d.method, d.problem(), d.unit, y.to_numpy(), seed=int(info["seed"]))


def indices(method: str, problem: dict, X: np.ndarray, Y: np.ndarray, *, seed: int = 0):
    """Return SALib indices for a design ``X`` (unit cube) and outputs ``Y`` (see above)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "saltelli":
            from SALib.analyze import sobol

            res = sobol.analyze(problem, Y, calc_second_order=False, seed=seed)
            cols, name = ["S1", "S1_conf", "ST", "ST_conf"], "Sobol (Saltelli design)"
        elif method == "morris":
            from SALib.analyze import morris

            res = morris.analyze(problem, X, Y, num_levels=4, seed=seed)
            cols, name = ["mu_star", "mu_star_conf", "sigma"], "Morris elementary effects"
        else:
            from SALib.analyze import rbd_fast

            res = rbd_fast.analyze(problem, X, Y, seed=seed)
            cols, name = ["S1", "S1_conf"], "RBD-FAST first order (given data)"
    out = pd.DataFrame({c: np.asarray(res[c], dtype=float) for c in cols},
                       index=pd.Index(problem["names"], name="parameter"))  # fmt: skip
    out.attrs["method"] = name
    return out


COMPARED = ("n_samples", "national_loss_mean", "national_loss_p50", "national_loss_p95", "cvar_95")
"""The headline figures :func:`compare` sets side by side (then the recovery days, if stored)."""


def compare(store: RunStore, a: str, b: str) -> pd.DataFrame:
    """Headline figures of two finished runs side by side, and ``b - a``.

    Rows :data:`COMPARED`, then ``recovery_days_mean`` and ``recovery_days_p95`` when either
    run stored its recovery days (a run without them has NaN there, as has a figure with no
    recovered sample).
    """
    rows = {}
    for rid in (a, b):
        store.complete(rid, "before comparing it")  # a partial run would compare silently
        s = summary(store, rid)
        rows[rid] = {k: s.get(k) for k in COMPARED}
        if "recovery_days" in s:
            rec = s["recovery_days"]
            rows[rid].update(recovery_days_mean=rec["mean"], recovery_days_p95=rec["p95"])
    out = pd.DataFrame(rows).astype(float)  # None (not stored) is NaN, not an object cell
    out["difference"] = out[b] - out[a]
    out.index.name = "figure"
    return out


def compare_provinces(store: RunStore, a: str, b: str, quantile: str = "p95") -> pd.DataFrame:
    """A quantile of the loss by province of two runs side by side, and ``b - a``.

    Parameters
    ----------
    quantile : {"mean", "p05", "p50", "p95"}
        Which figure of :func:`summary`'s ``loss_by_province``.

    Returns
    -------
    DataFrame
        Index ``adcode`` (int, the provinces either run stored); columns ``a``, ``b`` (the run
        ids) and ``difference``; NaN where a run has no figure for the province.
    """
    if quantile not in ("mean", "p05", "p50", "p95"):
        raise ValidationError(f"quantile: {quantile!r} is not one of mean, p05, p50, p95")
    cols = {}
    for rid in (a, b):
        store.complete(rid, "before comparing it")
        by = summary(store, rid).get("loss_by_province", {})
        cols[rid] = pd.Series({int(k): v[quantile] for k, v in by.items()}, dtype=float)
    out = pd.DataFrame(cols).sort_index()
    out["difference"] = out[b] - out[a]
    out.index.name = "adcode"
    return out


def export(store: RunStore, run_id: str, out: str | Path) -> Path:
    """Write a run's results joined with its samples to ``.parquet``, ``.csv`` or ``.xlsx``.

    The file holds one row per result (long form) with the sample's parameters as columns; an
    ``.xlsx`` file has sheets ``run``, ``samples`` and ``results``. Written to a temporary file
    beside ``out`` and renamed, so a failed export never leaves a partial file; an existing
    file is never overwritten.

    Raises
    ------
    ValidationError
        For another extension, or results beyond Excel's 1,048,576 rows.
    """
    import os
    import tempfile

    from hinterland._io import umask

    path = Path(out)
    kind = path.suffix.lower()
    if kind not in (".parquet", ".csv", ".xlsx"):
        raise ValidationError(f"--out {out}: the extension must be .parquet, .csv or .xlsx")
    if path.exists():
        raise ValidationError(
            f"--out {out} exists; give a new file name (files are never overwritten)"
        )
    info = store.run(run_id)
    samples = store.samples(run_id)
    results = store.results(run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=kind, dir=path.parent)
    os.close(fd)
    try:
        if kind == ".xlsx":
            if len(results) >= 1_048_576:
                raise ValidationError(
                    f"run {run_id} has {len(results)} result rows, more than an Excel sheet "
                    "holds; export to .parquet or .csv"
                )
            meta = {k: v for k, v in info.items() if k not in ("spec", "done_chunks")}
            with pd.ExcelWriter(tmp) as xl:
                pd.Series(meta, name="value").astype(str).to_frame().to_excel(xl, sheet_name="run")
                samples.to_excel(xl, sheet_name="samples")
                results.to_excel(xl, sheet_name="results", index=False)
        else:
            joined = results.merge(samples, left_on="sample_id", right_index=True, how="left")
            joined.insert(0, "run_id", run_id)
            if kind == ".csv":
                joined.to_csv(tmp, index=False)
            else:
                joined.to_parquet(tmp, index=False)
        os.chmod(tmp, 0o666 & ~umask())  # mkstemp's 0600 would stay on the user's file
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
