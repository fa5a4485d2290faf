"""Read and write MRIO tables: a CSV folder, pymrio systems, and the CEADs China MRIO workbook.

All readers end in :class:`~hinterland.mrio.table.MRIO`, so a table read from any format has
passed the same validation (labels, signs, accounting identities, productivity).

The formats live in their own modules; this one re-exports them and holds the dispatcher
:func:`mrio_from_file` / :func:`mrio_to_file`:

- :mod:`~hinterland.mrio.load_csv`: the CSV folder (:func:`read_csv_dir`,
  :func:`write_csv_dir`), whose layout is in that module's docstring;
- :mod:`~hinterland.mrio.load_pymrio`: pymrio systems (:func:`from_pymrio`,
  :func:`to_pymrio`) and the names under which tables are stored in them;
- :mod:`~hinterland.mrio.load_ceads`: the CEADs workbook (:func:`from_ceads`).
"""

from __future__ import annotations

from pathlib import Path

from hinterland.errors import DataError, ValidationError
from hinterland.mrio._load_common import _need, _prefixed
from hinterland.mrio.load_ceads import CEADS_SHEETS, from_ceads
from hinterland.mrio.load_csv import read_csv_dir, write_csv_dir
from hinterland.mrio.load_pymrio import (
    EXPORTS,
    IMPORTS,
    VALUE_ADDED,
    check_saved_folder,
    from_pymrio,
    to_pymrio,
)
from hinterland.mrio.table import MRIO

__all__ = [
    "CEADS_SHEETS",
    "EXPORTS",
    "IMPORTS",
    "VALUE_ADDED",
    "from_ceads",
    "from_pymrio",
    "mrio_from_file",
    "mrio_to_file",
    "read_csv_dir",
    "to_pymrio",
    "write_csv_dir",
]


# --- dispatch ------------------------------------------------------------------------------

_FORMATS = ("ceads", "pymrio", "csv")


def _guess_format(path: Path) -> str:
    if path.is_dir():
        if (path / "meta.yaml").exists():
            return "csv"
        if (path / "file_parameters.json").exists():
            return "pymrio"
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        return "ceads"
    raise ValidationError(
        f"cannot tell the format of {path} (a CSV folder holds meta.yaml, a pymrio folder "
        f"file_parameters.json, a CEADs workbook ends in .xlsx); pass format= one of "
        f"{', '.join(_FORMATS)}"
    )


def mrio_from_file(path: str | Path, format: str | None = None, **options) -> MRIO:
    """Read a table from a file or folder in one of the supported formats.

    Parameters
    ----------
    path : str or Path
        An .xlsx workbook (``"ceads"``), a folder saved by pymrio's ``save_all``
        (``"pymrio"``, read with ``pymrio.load_all``), or a CSV folder (``"csv"``).
    format : {"ceads", "pymrio", "csv"}, optional
        Default: guessed from the path (``.xlsx``; ``file_parameters.json``; ``meta.yaml``).
    **options
        Passed to :func:`from_ceads`, :func:`from_pymrio` or :func:`read_csv_dir`.

    Returns
    -------
    MRIO
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file or folder")
    fmt = format or _guess_format(path)
    if fmt == "ceads":
        return from_ceads(path, **options)
    if fmt == "csv":
        return read_csv_dir(path, **options)
    if fmt == "pymrio":
        pymrio = _need("pymrio")
        check_saved_folder(path)
        try:
            io = pymrio.load_all(path)
        except (OSError, ValueError, KeyError, TypeError, IndexError, pymrio.ReadError) as exc:
            raise DataError(f"{path}: cannot be read by pymrio.load_all ({exc})") from None
        with _prefixed(str(path)):
            return from_pymrio(io, **options)
    raise ValidationError(f"unknown format {fmt!r}; valid: {', '.join(_FORMATS)}")


def mrio_to_file(mrio: MRIO, path: str | Path, format: str = "csv") -> Path:
    """Write a table as a CSV folder (``"csv"``) or with pymrio's ``save_all`` (``"pymrio"``)."""
    path = Path(path)
    if format == "csv":
        return write_csv_dir(mrio, path)
    if format == "pymrio":
        # pymrio takes a folder whose name has a dot (``out.v2``, a staged ``.out.tmp-…``) for a
        # file name and writes its metadata over the folder: save into a plain-named subfolder,
        # then move the files up
        path.mkdir(parents=True, exist_ok=True)
        sub = path / "pymrio_save"
        to_pymrio(mrio).save_all(sub)
        for item in sub.iterdir():
            item.rename(path / item.name)
        sub.rmdir()
        return path
    raise ValidationError(f"unknown format {format!r} for writing; valid: csv, pymrio")
