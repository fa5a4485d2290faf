"""The Dash application: the router, the pages' callbacks, request limits."""

from __future__ import annotations

import functools
import logging
from importlib import import_module
from urllib.parse import parse_qs

from dash import Dash, Input, Output, dcc, html, no_update

from hinterland.web.i18n import lang_of, t

PAGES = (
    "overview",
    "atlas",
    "disparity",
    "corridors",
    "shock",
    "linkage",
    "layout",
    "ensembles",
)
"""The page modules of :mod:`hinterland.web.pages`, each with PATH, layout(lang), register(app)."""

MAX_REQUEST_BYTES = 256 * 1024
"""Largest request body accepted (a callback's inputs are small; anything bigger is refused)."""

log = logging.getLogger("hinterland.web")


def pages() -> dict:
    """Path -> page module."""
    mods = [import_module(f"hinterland.web.pages.{name}") for name in PAGES]
    return {m.PATH: m for m in mods}


def guard(n_out: int, at: int):
    """Make a callback return an error box at output ``at`` instead of raising.

    Bad input (a :class:`~hinterland.errors.HinterlandError`) shows its message; anything else
    shows that the computation failed, and the server log gets one line, never a traceback.
    The other outputs are left as they were.
    """

    def wrap(fn):
        @functools.wraps(fn)
        def inner(*args):
            from hinterland.errors import HinterlandError
            from hinterland.web.common import error_box

            lang = lang_of(args[-1] if args and isinstance(args[-1], str) else None)
            try:
                return fn(*args)
            except HinterlandError as exc:
                box = error_box(t("error", lang, msg=str(exc)))
            except Exception as exc:  # a bug: say so on the page, one log line, no traceback
                log.error("callback %s failed: %s: %s", fn.__name__, type(exc).__name__, exc)
                box = error_box(t("failed", lang, msg=f"{type(exc).__name__}: {exc}"))
            out = [no_update] * n_out
            out[at] = box
            return tuple(out) if n_out > 1 else out[0]

        return inner

    return wrap


def _failed(exc: Exception):
    """A request that failed outside a page's callback: one log line, no traceback anywhere.

    HTTP errors (413 for a body over the limit, 404, ...) keep their own answer; anything else
    (e.g. a request naming a callback the app does not have) is a plain 500.
    """
    from werkzeug.exceptions import HTTPException

    if isinstance(exc, HTTPException):
        return exc
    log.error("request failed: %s: %s", type(exc).__name__, str(exc)[:200])
    return "the request failed (see the server log)", 500


def create_app(lang: str = "zh", *, store=None) -> Dash:
    """Build the app; ``lang`` is the language of a URL that does not ask for one.

    Parameters
    ----------
    lang : {"zh", "en"}
        Default language.
    store : str or Path, optional
        The ensemble run store ``/ensembles`` reads (default
        ``$HINTERLAND_HOME/ensembles.duckdb``); fixed here, never chosen in the browser.

    Returns
    -------
    dash.Dash
        Its ``server`` is the WSGI application (debug off, request bodies bounded by
        :data:`MAX_REQUEST_BYTES`; plotly.js and Dash's scripts served locally).
    """
    default = lang_of(lang)
    app = Dash(
        __name__,
        title=t("app_title", default),
        serve_locally=True,
        suppress_callback_exceptions=True,
        update_title=None,
    )
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.server.config["HINTERLAND_STORE"] = str(store) if store is not None else None
    app.server.register_error_handler(Exception, _failed)
    app.layout = html.Div([dcc.Location(id="url"), html.Div(id="page")])
    table = pages()

    @app.callback(Output("page", "children"), Input("url", "pathname"), Input("url", "search"))
    def route(path, search):
        q = parse_qs((search or "").lstrip("?"))
        lg = lang_of((q.get("lang") or [None])[0], default)
        mod = table.get(path or "/")
        if mod is None:
            return html.Div(t("not_found", lg, path=str(path)[:80]), className="error")
        try:
            return mod.layout(lg)
        except Exception as exc:
            from hinterland.web.common import error_box, header

            log.error("page %s failed: %s: %s", path, type(exc).__name__, exc)
            return html.Div(
                [header(path, lg), error_box(t("failed", lg, msg=f"{type(exc).__name__}: {exc}"))]
            )

    for mod in table.values():
        mod.register(app)
    return app
