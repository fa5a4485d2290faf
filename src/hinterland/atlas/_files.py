"""Where the embedded atlas data live, and how users' files are read (one place for file access).

Every reader of a user's text file goes through :func:`read_text`, so a file that is missing, a
folder, empty, binary or not UTF-8 is one :class:`~hinterland.errors.DataError` naming it;
YAML through :func:`load_yaml` (duplicate keys are errors), CSV through :func:`read_text_csv`
(duplicate column names are errors, cells are text).
"""

from __future__ import annotations

import copy
import csv
import io
import itertools
import math
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from hinterland.errors import DataError

DATA = Path(str(resources.files("hinterland.atlas") / "data"))

MAX_BYTES = 512 * 2**20
"""Largest user text file read (512 MiB): larger is refused before reading."""


def read_text(path: str | Path, what: str = "") -> str:
    """Return a user's file as text: UTF-8 (a byte-order mark is dropped), not empty, not binary.

    Raises
    ------
    DataError
        If the file is missing, a folder, empty, larger than :data:`MAX_BYTES`, holds NUL bytes
        or is not UTF-8 (the message names the file and, for bad bytes, the line).
    """
    path = Path(path)
    name = f"{what}{path}"
    if path.is_dir():
        raise DataError(f"{name}: is a folder, expected a file")
    if not path.is_file():
        raise DataError(f"{name}: no such file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataError(f"{name}: {size:,} bytes; files over {MAX_BYTES:,} bytes are refused")
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read {name}: {exc.strerror}") from None
    if not data.strip():
        raise DataError(f"{name}: file is empty")
    if b"\x00" in data:
        raise DataError(f"{name}: binary file (NUL bytes), expected UTF-8 text")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start]
        raise DataError(f"{name} line {line}: not UTF-8 text (byte {bad:#04x})") from None


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a key repeated in one mapping is an error."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                repeated = key in seen
            except TypeError:  # an unhashable key: let the base class say so
                break
            if repeated:
                line = key_node.start_mark.line + 1
                raise DataError(f"line {line}: duplicate key {key!r}")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_yaml(text: str, name: str) -> object:
    """Parse YAML text safely (no tags that build objects; duplicate keys are errors)."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except DataError as exc:
        raise DataError(f"{name} {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None)
        why = f" ({problem})" if problem else ""
        raise DataError(f"{name}: not valid YAML{where}{why}") from None
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. a date out of range
        raise DataError(f"{name}: not valid YAML ({exc})") from None


def load_yaml(path: str | Path, what: str = "") -> object:
    """Read any YAML document; a :class:`DataError` names the file (``what``: "scenario file ")."""
    return parse_yaml(read_text(path, what), f"{what}{path}")


def read_yaml(path: Path) -> dict:
    """Read a YAML mapping, raising :class:`DataError` that names the file on any problem."""
    doc = load_yaml(path)
    if not isinstance(doc, dict):
        raise DataError(f"{path}: expected a mapping at the top level, got {type(doc).__name__}")
    return doc


def _comment_free(text: str, comment: str | None) -> str:
    if comment is None:
        return text
    return "".join(ln for ln in text.splitlines(keepends=True) if not ln.lstrip().startswith("#"))


def read_text_csv(path: str | Path, *, comment: str | None = None, **kw) -> pd.DataFrame:
    """Read a user's CSV file with every cell as text (empty cells are ``""``).

    ``comment="#"`` drops lines that begin with ``#``. Column names are stripped; a column name
    given twice in one header line is an error naming it. ``kw`` go to :func:`pandas.read_csv`
    (e.g. ``header=[0, 1], index_col=[0, 1]``).

    Raises
    ------
    DataError
        Naming the file: unreadable (see :func:`read_text`), a repeated column name, or a
        malformed CSV.
    """
    text = _comment_free(read_text(path), comment)
    n_header = len(kw.get("header", [0])) if isinstance(kw.get("header"), list) else 1
    try:
        lines = list(itertools.islice(csv.reader(io.StringIO(text, newline="")), n_header))
    except csv.Error as exc:
        raise DataError(f"{path}: cannot be read as CSV ({exc})") from None
    if not lines:
        raise DataError(f"{path}: no header line")
    for k, line in enumerate(lines):
        names = [c.strip() for c in line]
        if n_header > 1:  # MultiIndex headers repeat labels by design; check only line 1 pairs
            continue
        dup = sorted({c for c in names if c and names.count(c) > 1})
        if dup:
            raise DataError(f"{path} line {k + 1}: column {dup[0]!r} appears twice")
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, **kw)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, IndexError) as exc:
        raise DataError(f"{path}: cannot be read as CSV ({str(exc).strip()})") from None
    if not isinstance(df.columns, pd.MultiIndex):
        df.columns = [str(c).strip() for c in df.columns]
    return df


def read_user_csv(path: str | Path) -> pd.DataFrame:
    """Read a user's small CSV file as text (comment lines ``#``), with stripped column names.

    Raises
    ------
    DataError
        If the file does not exist or cannot be read as UTF-8 CSV (the message names the file).
    """
    return read_text_csv(path, comment="#")


def finite_number(text: object, where: str) -> float:
    """Parse a number from a cell or option, refusing NaN and infinity.

    Raises
    ------
    DataError
        ``where`` names the file, line and column (or the option) of the value.
    """
    try:
        value = float(str(text).replace(",", "").strip())
    except ValueError:
        raise DataError(f"{where}: expected a number, found {text!r}") from None
    if not math.isfinite(value):
        raise DataError(f"{where}: {text!r} is not a finite number")
    return value


@cache
def _embedded_yaml(name: str) -> dict:
    return read_yaml(DATA / name)


def embedded_yaml(name: str) -> dict:
    """Read one of the package's own YAML files (parsed once; each caller gets its own copy).

    A caller that changes the mapping it got never changes what the next caller sees.
    """
    return copy.deepcopy(_embedded_yaml(name))
