"""The web app: every analysis explorable in the browser, in Chinese (default) and English.

``hinterland serve`` runs :func:`~hinterland.web.app.create_app` on waitress. The pages call the
assessment layer (:func:`hinterland.assess.run_cached`) or the analysis functions, so a number on
a page is the number the CLI and the report give.

Layout of this package
----------------------
- ``app.py``: :func:`create_app` (the Dash app, the router ``path -> page``, request limits);
- ``i18n.py``: the pages' text in zh and en (:func:`t`);
- ``common.py``: what every page shares (header with the language switch, the data note,
  the error box, option lists built from the atlas, not from the browser);
- ``warm.py``: work done once in the background (the overview's and /corridors' assessment
  sections, the pages' caches), started by ``hinterland serve``; pages show "computing"
  instead of waiting for it;
- ``pages/``: one module per page, each with ``PATH``, ``TITLE`` (an i18n key),
  ``layout(lang)`` and ``register(app)`` (its callbacks: thin, calling the library).

State: none is shared between users. The language travels in the URL (``?lang=en``); results
are memoised by their inputs only (``functools.lru_cache`` over frozen arguments).
"""

from __future__ import annotations

__all__ = ["create_app"]


def create_app(lang: str = "zh", *, store=None):
    """Build the Dash application (see :func:`hinterland.web.app.create_app`)."""
    from hinterland.web.app import create_app as _create

    return _create(lang, store=store)
