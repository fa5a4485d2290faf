"""Where the embedded atlas data live, and how they are read (one place for file access)."""

from __future__ import annotations

import copy
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from hinterland.errors import DataError

DATA = Path(str(resources.files("hinterland.atlas") / "data"))


def read_user_csv(path: str | Path) -> pd.DataFrame:
    """Read a user's small CSV file as text (comment lines ``#``), with stripped column names.

    Raises
    ------
    DataError
        If the file does not exist or cannot be read as UTF-8 CSV (the message names the file).
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    try:
        df = pd.read_csv(path, dtype=str, encoding="utf-8", comment="#")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"{path}: cannot be read as UTF-8 CSV ({exc})") from None
    df.columns = [str(c).strip() for c in df.columns]
    return df


def load_yaml(path: str | Path, what: str = "") -> object:
    """Read any YAML document; a :class:`DataError` names the file (``what``: "scenario file ")."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read {what}{path}: {exc.strerror}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise DataError(f"{path}: not valid YAML{where}") from None


def read_yaml(path: Path) -> dict:
    """Read a YAML mapping, raising :class:`DataError` that names the file on any problem."""
    doc = load_yaml(path)
    if not isinstance(doc, dict):
        raise DataError(f"{path}: expected a mapping at the top level, got {type(doc).__name__}")
    return doc


@cache
def _embedded_yaml(name: str) -> dict:
    return read_yaml(DATA / name)


def embedded_yaml(name: str) -> dict:
    """Read one of the package's own YAML files (parsed once; each caller gets its own copy).

    A caller that changes the mapping it got never changes what the next caller sees.
    """
    return copy.deepcopy(_embedded_yaml(name))
