"""Long computations in the background: a job per request, with progress, cancel and a cache.

A job runs one pure function of frozen arguments in a worker thread; its result is memoised
by those arguments (the same inputs never compute twice). The registry holds only jobs, each
known to the browser that started it by a random id: no user's data is shared with another.
"""

from __future__ import annotations

import secrets
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

MAX_JOBS = 64
"""Jobs kept (finished ones are dropped oldest first beyond this)."""


@dataclass
class Job:
    """One background computation: its future, its progress text and whether it was cancelled."""

    started: float
    future: Future | None = None
    progress: list[str] = field(default_factory=list)
    cancelled: threading.Event = field(default_factory=threading.Event)


class Cancelled(Exception):
    """Raised inside a job's function when its job was cancelled (checked between steps)."""


class Jobs:
    """A small pool of worker threads and the jobs they run."""

    def __init__(self, workers: int = 2):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="hinterland-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, fn, *args) -> str:
        """Run ``fn(step, *args)`` in the background; ``step(text)`` reports progress.

        ``step`` raises :class:`Cancelled` once the job is cancelled, so that ``fn`` stops at
        its next step. Returns the job's id.
        """
        job_id = secrets.token_hex(8)
        holder: dict = {}

        def step(text: str) -> None:
            job = holder["job"]
            if job.cancelled.is_set():
                raise Cancelled(text)
            job.progress.append(text)

        def body():
            return fn(step, *args)

        job = holder["job"] = Job(time.monotonic())
        with self._lock:
            self._trim()
            self._jobs[job_id] = job
            job.future = self._pool.submit(body)
        return job_id

    def _trim(self) -> None:
        done = [k for k, j in self._jobs.items() if j.future is not None and j.future.done()]
        for k in done[: max(0, len(self._jobs) - MAX_JOBS)]:
            del self._jobs[k]

    def get(self, job_id) -> Job | None:
        """The job of ``job_id`` (None for an unknown id)."""
        if not isinstance(job_id, str):
            return None
        with self._lock:
            return self._jobs.get(job_id)

    def cancel(self, job_id) -> bool:
        """Cancel a job: it does not start if queued, and stops at its next step if running."""
        job = self.get(job_id)
        if job is None:
            return False
        job.cancelled.set()
        if job.future is not None:
            job.future.cancel()
        return True


JOBS = Jobs()
"""The app's job pool (threads and job handles only; results are cached by their inputs)."""
