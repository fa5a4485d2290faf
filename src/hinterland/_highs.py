"""One place that creates HiGHS solver instances for every model of the package."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

_BANNER_SHOWN = False


def quiet_highs() -> Any:
    """Return a new ``highspy.Highs`` with its output off; the process's first banner silenced.

    HiGHS writes its copyright line on the C-level standard output when the first instance of a
    process is created, whatever ``output_flag`` says (ERGO-Code/HiGHS#2749); it would corrupt
    JSON written by the CLI, so file descriptor 1 points at /dev/null for that one call.
    """
    import highspy

    global _BANNER_SHOWN
    if _BANNER_SHOWN:
        h = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _BANNER_SHOWN = True
    h.setOptionValue("output_flag", False)
    return h


def run_timed(h: Any) -> tuple[Any, str, Any, float]:
    """Run ``h``; return its model status, the status's name, its info and the wall time (s)."""
    start = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - start
    status = h.getModelStatus()
    return status, h.modelStatusToString(status), h.getInfo(), seconds
