"""Where the embedded atlas data live, and how they are read (one place for file access)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from hinterland.errors import DataError

DATA = Path(str(resources.files("hinterland.atlas") / "data"))


def read_yaml(path: Path) -> dict:
    """Read a YAML mapping, raising :class:`DataError` that names the file on any problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror}") from None
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise DataError(f"{path}: not valid YAML{where}") from None
    if not isinstance(doc, dict):
        raise DataError(f"{path}: expected a mapping at the top level, got {type(doc).__name__}")
    return doc


@cache
def embedded_yaml(name: str) -> dict:
    """Read one of the package's own YAML files (cached)."""
    return read_yaml(DATA / name)
