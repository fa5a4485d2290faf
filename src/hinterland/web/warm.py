"""Work done once in the background so that no page waits for it: sections and page caches.

``hinterland serve`` calls :func:`warm` before it starts serving: the overview's assessment
sections (each on its own, :func:`hinterland.assess.run_cached` with one section) and the
caches the analysis pages build on first use (the corridor network's baseline flows, the
active MRIO table and its dependence shares, the backup instance) are computed by one worker
thread while the first pages are served. A page asks :func:`section` for a future and shows a
"computing" state until it is done, instead of blocking a request on it.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

OVERVIEW = ("overview", "decomposition", "linkage")
"""The assessment sections of the overview page, in the order they are warmed."""

log = logging.getLogger("hinterland.web")

_LOCK = threading.Lock()
_FUTURES: dict[str, Future] = {}
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hinterland-warm")


def _section(key: str):
    from hinterland.assess import run_cached

    start = time.perf_counter()
    res = run_cached(sections=[key])[key]
    log.info("warm: section %s in %.1f s", key, time.perf_counter() - start)
    return res


def _once(key: str, fn, *args) -> Future:
    with _LOCK:
        fut = _FUTURES.get(key)
        if fut is None:
            fut = _FUTURES[key] = _POOL.submit(fn, *args)
        return fut


def section(key: str) -> Future:
    """The future of the assessment section ``key`` (started now if nothing started it).

    Its result is the :class:`~hinterland.assess.SectionResult` of
    ``run_cached(sections=[key])``; a failed section is a result holding its error, so the
    future itself does not raise for bad data.
    """
    return _once(f"section:{key}", _section, key)


def _page_caches() -> None:
    from hinterland.web.pages import corridors, layout, linkage, shock

    for name, fn in (
        ("corridor baseline", corridors.baseline),
        ("MRIO table", shock.table),
        ("dependence shares", linkage.shares),
        ("backup instance", layout.instance),
    ):
        start = time.perf_counter()
        try:
            fn()
        except Exception as exc:  # the page shows the error when it asks; one log line here
            log.warning("warm: %s failed: %s: %s", name, type(exc).__name__, exc)
        else:
            log.info("warm: %s in %.1f s", name, time.perf_counter() - start)


def warm() -> list[Future]:
    """Start the sections of the overview and of /corridors, then the pages' caches; no wait."""
    futures = [section(key) for key in (*OVERVIEW, "channels")]
    futures.append(_once("pages", _page_caches))
    return futures
