"""Progress bars (rich, on stderr) for the commands that run for more than a couple of seconds."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(title: str, total: int) -> Iterator[Callable[[str], None]]:
    """A bar of ``total`` steps; the context yields ``step(label)``, called as each step starts.

    The bar is drawn on stderr only when it is a terminal, so piped output and tests stay clean.
    """
    if not sys.stderr.isatty():
        yield lambda label: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(title, total=total)
        started = [False]

        def step(label: str) -> None:
            if started[0]:
                bar.advance(task)
            started[0] = True
            bar.update(task, description=f"{title}: {label}")

        yield step
        bar.update(task, completed=total)


@contextmanager
def spinner(title: str) -> Iterator[None]:
    """A spinner with the elapsed time, on stderr when it is a terminal, around one long call.

    For work done in one batched call (an N-1 run, a frontier's solves), where there are no
    steps to count.
    """
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        bar.add_task(title, total=None)
        yield
