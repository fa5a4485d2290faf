"""The run store: one DuckDB file holding ensemble runs, their samples and their results.

Tables (SQL a user can query directly, e.g. ``duckdb runs.duckdb``):

- ``runs``: ``run_id, name, spec (JSON), spec_hash, seed, n_samples, method, model, chunk_size,
  table_source, unit, estimate, code_version, started, finished, status, seconds``;
- ``samples``: ``run_id, sample_id, parameter, value`` (the parameters drawn, long form);
- ``chunks``: ``run_id, chunk, first_sample, n, seconds, written`` (one row per finished chunk);
- ``results``: ``run_id, sample_id, metric, region, sector, value`` (long form);
- ``profiles``: ``run_id, sample_id, day, value`` (national output per day, when asked for).

A run and all its samples are written in one transaction; each finished chunk (its results,
profiles and its ``chunks`` row) in one more, after checking that the chunk is not already
there. A run killed at any point therefore holds whole chunks only, each once, and
:func:`hinterland.scenarios.runner.resume` evaluates the chunks that are missing.
The default file is ``$HINTERLAND_HOME/ensembles.duckdb``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from hinterland.errors import DataError, ValidationError

__all__ = ["RunStore", "default_path"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, name VARCHAR, spec VARCHAR, spec_hash VARCHAR, seed BIGINT,
    n_samples INTEGER, method VARCHAR, model VARCHAR, chunk_size INTEGER, table_source VARCHAR,
    unit VARCHAR, estimate BOOLEAN, code_version VARCHAR, started TIMESTAMP,
    finished TIMESTAMP, status VARCHAR, seconds DOUBLE
);
CREATE TABLE IF NOT EXISTS samples (
    run_id VARCHAR, sample_id INTEGER, parameter VARCHAR, value DOUBLE,
    PRIMARY KEY (run_id, sample_id, parameter)
);
CREATE TABLE IF NOT EXISTS chunks (
    run_id VARCHAR, chunk INTEGER, first_sample INTEGER, n INTEGER, seconds DOUBLE,
    written TIMESTAMP, PRIMARY KEY (run_id, chunk)
);
CREATE TABLE IF NOT EXISTS results (
    run_id VARCHAR, sample_id INTEGER, metric VARCHAR, region VARCHAR, sector VARCHAR,
    value DOUBLE
);
CREATE TABLE IF NOT EXISTS profiles (
    run_id VARCHAR, sample_id INTEGER, day INTEGER, value DOUBLE
);
"""


def default_path() -> Path:
    """Return the default store: ``ensembles.duckdb`` in hinterland's user data folder."""
    from hinterland.mrio.store import home

    return home() / "ensembles.duckdb"


class RunStore:
    """A DuckDB run store at ``path`` (created on first write).

    Parameters
    ----------
    path : str or Path, optional
        The database file; default :func:`default_path`.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()

    def _connect(self, *, write: bool):
        import duckdb

        if not write and not self.path.exists():
            raise DataError(f"{self.path}: no run store here (run `hinterland ensemble run`)")
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(self.path), read_only=not write)
        except duckdb.Error as exc:
            raise DataError(f"{self.path}: cannot open the run store ({exc})") from None
        if write:
            con.execute(_SCHEMA).fetchall()
        return con

    # ------------------------------------------------------------------ writing

    def create_run(self, row: dict[str, Any], samples: pd.DataFrame) -> None:
        """Write the ``runs`` row and the drawn samples (wide, index ``sample_id``) at once."""
        long = (
            samples.rename_axis("sample_id")
            .reset_index()
            .melt(id_vars="sample_id", var_name="parameter", value_name="value")
        )
        long.insert(0, "run_id", row["run_id"])
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        con = self._connect(write=True)
        try:
            con.begin()
            con.execute(f"INSERT INTO runs ({cols}) VALUES ({marks})", list(row.values()))
            con.register("new_samples", long)
            con.execute(
                "INSERT INTO samples SELECT run_id, sample_id, parameter, value FROM new_samples"
            )
            con.commit()
        finally:
            con.close()

    def write_chunk(
        self,
        run_id: str,
        chunk: int,
        first: int,
        results: pd.DataFrame,
        profiles: pd.DataFrame | None,
        seconds: float,
    ) -> bool:
        """Write one finished chunk in one transaction; False if it was already there."""
        n = int(results.loc[results["metric"] == "national_loss", "sample_id"].nunique())
        con = self._connect(write=True)
        try:
            con.begin()
            done = con.execute(
                "SELECT count(*) FROM chunks WHERE run_id = ? AND chunk = ?", [run_id, chunk]
            ).fetchall()[0][0]
            if done:
                con.rollback()
                return False
            res = results.assign(run_id=run_id)
            con.register("new_results", res)
            con.execute(
                "INSERT INTO results SELECT run_id, sample_id, metric, region, sector, value "
                "FROM new_results"
            )
            if profiles is not None:
                con.register("new_profiles", profiles.assign(run_id=run_id))
                con.execute(
                    "INSERT INTO profiles SELECT run_id, sample_id, day, value FROM new_profiles"
                )
            con.execute(
                "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, now())",
                [run_id, chunk, first, n, seconds],
            )
            con.commit()
            return True
        finally:
            con.close()

    def set_status(self, run_id: str, status: str, *, add_seconds: float = 0.0) -> None:
        """Set a run's status, adding wall seconds to its total.

        ``running``; ``finished`` (every sample stored); ``interrupted`` (stopped or killed:
        resume it); ``failed`` (an evaluation raised an error: resume retries after the cause
        is fixed).
        """
        con = self._connect(write=True)
        try:
            finished = "now()" if status == "finished" else "NULL"
            con.execute(
                f"UPDATE runs SET status = ?, seconds = coalesce(seconds, 0) + ?, "
                f"finished = {finished} WHERE run_id = ?",
                [status, float(add_seconds), run_id],
            )
        finally:
            con.close()

    # ------------------------------------------------------------------ reading

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run a read-only SQL query on the store and return a DataFrame."""
        con = self._connect(write=False)
        try:
            return con.execute(sql, params or []).df()
        finally:
            con.close()

    def runs(self) -> pd.DataFrame:
        """All runs with the number of samples done (newest first)."""
        return self.query(
            "SELECT r.run_id, r.name, r.model, r.method, r.seed, r.n_samples, "
            "coalesce(sum(c.n), 0)::INTEGER AS done, r.status, r.started, r.finished, "
            "r.seconds, r.table_source FROM runs r LEFT JOIN chunks c USING (run_id) "
            "GROUP BY ALL ORDER BY r.started DESC"
        )

    def complete(self, run_id: str, purpose: str) -> dict[str, Any]:
        """:meth:`run` of a run with every sample, or a ValidationError saying what to do.

        ``purpose`` ends the message ("before a sensitivity analysis").
        """
        info = self.run(run_id)
        done, n = info["done"], int(info["n_samples"])
        if done == n:
            return info
        status = info["status"]
        if status == "failed":
            hint = (
                "its evaluation failed (the error was printed by the run); fix the cause, then "
                f"'hinterland ensemble resume {run_id}' or start a new run"
            )
        elif status == "running":
            hint = "it is still running (or was killed without a trace: resume it)"
        else:
            hint = f"resume it ('hinterland ensemble resume {run_id}')"
        raise ValidationError(f"run {run_id} has {done:,} of {n:,} samples; {hint} {purpose}")

    def run(self, run_id: str) -> dict[str, Any]:
        """The ``runs`` row of ``run_id`` as a dict, with ``spec`` parsed and ``done`` added.

        Raises
        ------
        ValidationError
            If the store has no such run (the message lists the runs it has).
        """
        df = self.query("SELECT * FROM runs WHERE run_id = ?", [run_id])
        if df.empty:
            ids = self.query("SELECT run_id FROM runs ORDER BY started DESC")["run_id"].tolist()
            shown = ", ".join(ids[:10]) or "(none)"
            raise ValidationError(f"no run {run_id!r} in {self.path}; runs: {shown}")
        row = df.iloc[0].to_dict()
        row["spec"] = json.loads(row["spec"])
        row["done_chunks"] = sorted(
            self.query("SELECT chunk FROM chunks WHERE run_id = ?", [run_id])["chunk"].tolist()
        )
        row["done"] = int(
            self.query("SELECT coalesce(sum(n), 0) AS n FROM chunks WHERE run_id = ?", [run_id])[
                "n"
            ].iloc[0]
        )
        return row

    def samples(self, run_id: str) -> pd.DataFrame:
        """Drawn parameters, wide: index ``sample_id``, one column per parameter."""
        df = self.query(
            "SELECT sample_id, parameter, value FROM samples WHERE run_id = ?", [run_id]
        )
        wide = df.pivot(index="sample_id", columns="parameter", values="value").sort_index()
        wide.columns.name = None
        return wide

    def results(self, run_id: str, metric: str | None = None) -> pd.DataFrame:
        """Long-form results of a run (optionally one metric), ordered by sample."""
        sql = "SELECT sample_id, metric, region, sector, value FROM results WHERE run_id = ?"
        params: list = [run_id]
        if metric is not None:
            sql += " AND metric = ?"
            params.append(metric)
        return self.query(sql + " ORDER BY sample_id, metric, region, sector", params)
