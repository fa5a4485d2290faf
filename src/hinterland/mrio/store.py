"""The active MRIO table: an imported survey table if there is one, else the embedded estimate.

``hinterland mrio import`` writes the imported table (documented CSV layout) into the user's data
folder: ``$HINTERLAND_HOME/mrio/active`` if the variable is set, else
``~/.local/share/hinterland/mrio/active``. Every analysis uses :func:`active`.
"""

from __future__ import annotations

import os
from pathlib import Path

from hinterland._io import temporary_dir
from hinterland.errors import DataError
from hinterland.mrio.table import MRIO


def home() -> Path:
    """Return the folder where hinterland keeps user data."""
    env = os.environ.get("HINTERLAND_HOME")
    return Path(env) if env else Path.home() / ".local" / "share" / "hinterland"


def active_path() -> Path:
    """Return the folder of the active imported table (it may not exist)."""
    return home() / "mrio" / "active"


def set_active(table: MRIO) -> Path:
    """Make ``table`` the active table (written atomically: complete or not at all).

    The new table is written beside the old one; the old one is renamed aside, the new one
    renamed in, and only then is the old one deleted.
    """
    from hinterland.mrio.load import write_csv_dir

    target = active_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with temporary_dir(target.parent, ".import-") as tmp:  # removed also on SIGTERM
        write_csv_dir(table, tmp / "table")
        if target.exists():  # rename aside, rename in, then delete: never a moment with no table
            target.rename(tmp / "previous")
        (tmp / "table").rename(target)
    return target


def clear_active() -> bool:
    """Remove the imported table; return True if there was one."""
    target = active_path()
    if not target.exists():
        return False
    with temporary_dir(target.parent, ".clear-") as tmp:  # aside first: never half-deleted
        target.rename(tmp / "previous")
    return True


def active() -> MRIO:
    """Return the imported table if there is one, else the shipped China estimate (2020).

    The shipped table is the project's estimated 31-province x 42-sector MRIO
    (:mod:`hinterland.mrio.china`), flagged ``estimate=True``.
    """
    from hinterland.mrio.load import read_csv_dir

    if active_path().exists():
        return read_csv_dir(active_path())
    from hinterland.mrio import china

    return china.load(china.DEFAULT_YEAR)


def resolve(table: str | Path | None = None) -> MRIO:
    """Return the table a command asked for with ``--table``.

    ``None`` gives :func:`active`; a year (``"2017"``) gives the shipped China estimate of that
    year; anything else is read as a table file or folder (CSV folder, pymrio folder, CEADs
    workbook: see :func:`hinterland.mrio.load.mrio_from_file`).
    """
    if table is None:
        return active()
    text = str(table).strip()
    if text.isdigit() and len(text) == 4:
        from hinterland.mrio import china

        return china.load(int(text))
    if not text:
        raise DataError("--table is empty: give a year (e.g. 2020) or a table path")
    from hinterland.mrio.load import mrio_from_file

    path = Path(text)
    if not path.exists():
        raise DataError(f"--table {text!r}: no such file or folder, and not a year")
    if path.suffix == ".npz":
        from hinterland.mrio import china

        return china.to_mrio(*china.read_factors(path))
    return mrio_from_file(path)
