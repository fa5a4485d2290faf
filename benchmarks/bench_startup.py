"""Time ``hinterland --help`` and every subcommand's ``--help`` against ``python -c pass``.

Run: ``.venv/bin/python benchmarks/bench_startup.py [repeats]``. Each command runs in a fresh
process ``repeats`` times (default 5); the best wall time is kept, as for the baseline (the
same interpreter starting and doing nothing). Prints each command's time, its excess over the
baseline, the ratio, and the slowest command; the target of issue #11 is < 0.3 s each. No
assertions (``tests/test_cli_startup.py`` checks that no heavy module is imported).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

EXE = Path(sys.executable).with_name("hinterland")


def best(argv: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def commands() -> list[list[str]]:
    from typer.main import get_command

    from hinterland.cli import app

    root = get_command(app)
    out = [[]]
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        out.append([name])
        for sub in getattr(cmd, "commands", {}):
            out.append([name, sub])
    return out


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    base = best([sys.executable, "-c", "pass"], repeats)
    print(f"python -c pass: {base * 1000:.0f} ms (best of {repeats})")
    rows = []
    for words in commands():
        t = best([str(EXE), *words, "--help"], repeats)
        rows.append((" ".join(["hinterland", *words, "--help"]), t))
        print(
            f"{rows[-1][0]:<45} {t * 1000:6.0f} ms  +{(t - base) * 1000:5.0f} ms  x{t / base:4.1f}"
        )
    worst = max(rows, key=lambda r: r[1])
    print(f"slowest: {worst[0]} {worst[1] * 1000:.0f} ms; {len(rows)} commands; target < 300 ms")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores)")


if __name__ == "__main__":
    main()
