"""The active MRIO table: an imported survey table if there is one, else the embedded estimate.

``hinterland mrio import`` writes the imported table (documented CSV layout) into the user's data
folder: ``$HINTERLAND_HOME/mrio/active`` if the variable is set, else
``~/.local/share/hinterland/mrio/active``. Every analysis uses :func:`active`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

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
    """Make ``table`` the active table (written atomically: complete or not at all)."""
    from hinterland.mrio.load import write_csv_dir

    target = active_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".import-", dir=target.parent))
    try:
        write_csv_dir(table, tmp / "table")
        if target.exists():
            shutil.rmtree(target)
        (tmp / "table").rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def clear_active() -> bool:
    """Remove the imported table; return True if there was one."""
    target = active_path()
    if target.exists():
        shutil.rmtree(target)
        return True
    return False


def active() -> MRIO:
    """Return the imported table if there is one, else the embedded estimate.

    Raises
    ------
    DataError
        If no table is imported and the embedded estimate cannot be built (its national input
        table is incomplete in this release; the message says what to do).
    """
    from hinterland.mrio.load import read_csv_dir

    if active_path().exists():
        return read_csv_dir(active_path())
    from hinterland.mrio.build import build_china

    try:
        return build_china()
    except DataError as exc:
        raise DataError(f"no MRIO table is active: {exc}") from None
