"""Helpers shared by the table readers and writers (private).

Used by :mod:`~hinterland.mrio.load_csv`, :mod:`~hinterland.mrio.load_pymrio`,
:mod:`~hinterland.mrio.load_ceads` and the dispatcher in :mod:`~hinterland.mrio.load`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from hinterland.errors import DataError


def _need(module: str):
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ModuleNotFoundError(
            f"this reader needs the optional package {module!r}: pip install {module}"
        ) from None


def _plain(obj: Any) -> Any:
    """Return ``obj`` with numpy scalars, tuples and Paths turned into YAML/JSON-safe values."""
    if isinstance(obj, dict):
        return {str(_plain(k)): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, Path):
        return str(obj)
    return obj


@contextmanager
def _prefixed(where: str) -> Iterator[None]:
    """Re-raise a DataError with ``where`` (file, folder, sheet) in front of its message."""
    try:
        yield
    except DataError as exc:
        if str(exc).startswith(where):
            raise
        raise DataError(f"{where}: {exc}") from None
