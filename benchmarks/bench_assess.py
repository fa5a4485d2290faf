"""Time ``hinterland assess`` end to end, and each section of the assessment on its own.

Run: ``.venv/bin/python benchmarks/bench_assess.py``. First the whole command in a fresh process
(``hinterland assess --out DIR``: start-up, every section, the zh report rendered and written),
then ``assess.run()`` in this process with the wall time of each section, then the rendering of
both languages from that one run. The target of issue #11 is < 20 s end to end on 2 cores. The
peer is the command as it was before the assessment layer (it ran the analyses inside the report
code): not kept, so no ratio; the numbers printed are absolute. No assertions.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    exe = Path(sys.executable).with_name("hinterland")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HINTERLAND_HOME": tmp}
        start = time.perf_counter()
        subprocess.run([str(exe), "assess", "--out", f"{tmp}/r"], check=True, env=env)
        print(f"hinterland assess (zh, fresh process): {time.perf_counter() - start:.1f} s")
        os.environ["HINTERLAND_HOME"] = tmp
        from hinterland.assess import run
        from hinterland.report import write_report

        start = time.perf_counter()
        a = run()
        total = time.perf_counter() - start
        for s in a:
            print(f"  {s.id:<14} {s.seconds:6.2f} s  {'ok' if s.ok else s.error}")
        print(f"assess.run(): {total:.1f} s")
        for lang in ("zh", "en"):
            start = time.perf_counter()
            write_report(f"{tmp}/{lang}", lang=lang, assessment=a)
            print(f"render {lang}: {time.perf_counter() - start:.1f} s")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores)")


if __name__ == "__main__":
    main()
