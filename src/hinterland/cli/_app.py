"""The root Typer application every command module registers on (see the package docstring)."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="hinterland: China's productive-force layout (国家战略腹地与关键产业备份).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    # plain click help: typer's rich help imports rich.markdown and markdown-it (~0.2 s of a
    # 0.3 s budget for --help, issue #11); the text is the same, without boxes
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from hinterland import __version__

        typer.echo(f"hinterland {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", is_eager=True, callback=_version
    ),
) -> None:
    """hinterland: China's productive-force layout (国家战略腹地与关键产业备份)."""


def group(name: str, help: str) -> typer.Typer:
    """A command group ``hinterland NAME ...`` added to the root application.

    Parameters
    ----------
    name : str
        The group's word on the command line (``atlas``, ``mrio``, ...).
    help : str
        One line shown by ``hinterland --help``.

    Returns
    -------
    typer.Typer
        The group; decorate its commands with ``@that.command("word")``.
    """
    sub = typer.Typer(help=help, no_args_is_help=True, rich_markup_mode=None)
    app.add_typer(sub, name=name)
    return sub
