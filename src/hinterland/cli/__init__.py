"""The ``hinterland`` command line: thin wrappers that format what the analysis layer returns.

Bad input (a :class:`~hinterland.errors.HinterlandError`) prints one line on stderr and exits 2.

Layout of this package
----------------------
- ``_app.py``: the root :data:`app` and :func:`~hinterland.cli._app.group`, which makes a
  command group (``hinterland NAME ...``).
- ``_output.py``: the shared options' enums (:class:`Fmt`, :class:`Lang`) and the emitters
  (``emit_frame``, ``emit_dict``, ``emit_json``, ``frame_out``) every command prints through.
- one module per command group: ``atlas``, ``coordination`` (top-level analyses),
  ``regional`` (autocorrelation, real convergence, shift-share),
  ``mrio`` (and ``shock``), ``corridors``, ``layout``, ``assess``, ``ensemble``.

Adding a command group
----------------------
1. Write ``cli/NAME.py``::

       \"\"\"``hinterland NAME ...``: one line on what the group is for.\"\"\"

       from __future__ import annotations

       import typer

       from hinterland.cli._app import group
       from hinterland.cli._output import Fmt, emit_frame

       name_app = group("NAME", "One line shown by hinterland --help.")


       @name_app.command("list")
       def name_list(fmt: Fmt = typer.Option(Fmt.table, "--format", help="table, csv or json")):
           \"\"\"One line shown by hinterland NAME --help.\"\"\"
           from hinterland.something import compute  # heavy imports here, not at the top

           emit_frame(compute(), fmt, "Title / 标题")

   A top-level command instead decorates ``@app.command()`` (``from hinterland.cli._app import
   app``). To add a command to an existing group, add it to that group's module (or to your own
   module that imports the group's Typer, e.g. ``from hinterland.cli.mrio import mrio_app``).
2. Add the module's name to :data:`COMMAND_MODULES` below (the import registers the commands).
3. Keep the module cheap to import: only ``typer``, ``pathlib``, ``enum`` and this package at
   the top; numpy, pandas, plotly and the analysis modules inside the command bodies, so that
   ``hinterland --help`` stays fast (``benchmarks/bench_startup.py``).
4. Bad input raises a :class:`~hinterland.errors.HinterlandError` whose message names the
   option and value; :func:`main` turns it into one ``error:`` line and exit code 2.
"""

from __future__ import annotations

import importlib
import sys

import typer

from hinterland.cli._app import app
from hinterland.cli._output import Fmt, Lang
from hinterland.errors import HinterlandError

COMMAND_MODULES = (
    "atlas", "coordination", "regional", "mrio", "mrio_linkage", "corridors", "layout", "assess",
    "ensemble", "serve",
)  # fmt: skip
"""The modules whose import registers their commands on :data:`app`, in the order of ``--help``."""

for _name in COMMAND_MODULES:
    importlib.import_module(f"hinterland.cli.{_name}")

from hinterland.cli.mrio import ESTIMATE_NOTE  # noqa: E402  (re-exported for callers and tests)

__all__ = ["COMMAND_MODULES", "ESTIMATE_NOTE", "Fmt", "Lang", "app", "main"]


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {' '.join(str(message).split())}", err=True)
    sys.exit(code)


def main() -> None:
    """Entry point: run the app, turning bad input into one line and exit code 2.

    Bad input is a :class:`~hinterland.errors.HinterlandError` from a command or a usage error
    of the command-line parser (unknown option, missing or malformed value): both print one
    line ``error: ...`` on stderr and exit with code 2; ``hinterland`` alone prints the help.
    """
    from typer._click import exceptions as click_errors  # the click that typer runs on

    try:
        code = app(standalone_mode=False, prog_name="hinterland")
    except HinterlandError as exc:
        _fail(str(exc))
    except click_errors.NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help())
        sys.exit(2)
    except click_errors.UsageError as exc:
        where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
        _fail(exc.format_message() + where)
    except click_errors.ClickException as exc:
        _fail(exc.format_message(), exc.exit_code)
    except typer.Abort:
        _fail("aborted", 1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
