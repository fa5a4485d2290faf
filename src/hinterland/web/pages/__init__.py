"""The pages: one module each, with ``PATH``, ``layout(lang)`` and ``register(app)``.

A guarded callback (:func:`hinterland.web.app.guard`) takes ``State("page-lang", "data")`` as its
last argument, so that its error box is in the page's language.
"""
