"""Safe output: write only what was asked for, completely or not at all (private).

Every command that writes files goes through this module:

- :func:`write_file` writes one file atomically (a temporary file in the same folder, then a
  rename), so the target is either the old file or the complete new one.
- :func:`staged_dir` writes a whole folder (a report, a table) into a temporary folder beside
  the target and moves it into place only when complete. The temporary folder is removed on any
  exit, including SIGTERM. The target must be new, empty, or a folder this module wrote before
  (recognised by its marker file); any other non-empty folder is refused before any work, unless
  ``force=True``, which writes the new entries beside the files already there and still refuses
  to replace a file or folder it did not write.
- Files and folders get the user's umask (``mkdtemp`` alone would leave them ``0700``).

Replacing a previous folder renames it aside, renames the new one in, then deletes the old one,
so there is never a moment when the target holds half of either.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from hinterland.errors import ValidationError

__all__ = ["MARKER", "check_out_dir", "staged_dir", "temporary_dir", "umask", "write_file"]

MARKER = ".hinterland"
"""Name of the marker file that identifies a folder hinterland wrote (a small JSON manifest)."""


def umask() -> int:
    """Return the process umask (read without changing it for longer than two calls)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _chmod(path: Path, *, folder: bool) -> None:
    os.chmod(path, (0o777 if folder else 0o666) & ~umask())


def write_file(path: str | Path, data: str | bytes, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically with the user's umask; return the path.

    Raises
    ------
    ValidationError
        If ``path`` is a folder or its parent folder does not exist.
    """
    path = Path(path)
    if path.is_dir():
        raise ValidationError(f"{path}: is a folder; give a file name")
    if not path.parent.is_dir():
        raise ValidationError(f"{path.parent}: no such folder")
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode(encoding) if isinstance(data, str) else data)
        _chmod(tmp, folder=False)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _manifest(folder: Path) -> set[str] | None:
    """Return the entries a marked folder says it holds, or None if it is not ours."""
    marker = folder / MARKER
    if not marker.is_file():
        return None
    try:
        doc = json.loads(marker.read_text(encoding="utf-8"))
        if doc["written_by"] != "hinterland":
            return None
        return {str(e) for e in doc["entries"]} | {MARKER}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _absolute(path: str | Path) -> Path:
    """Return ``path`` made absolute and normalised ('.' and '..' resolved, links kept)."""
    out = Path(os.path.abspath(Path(path).expanduser()))
    if out.parent == out:
        raise ValidationError(f"{out}: the root folder cannot be an output folder")
    return out


def check_out_dir(out: str | Path, *, force: bool = False, what: str = "output") -> None:
    """Raise unless ``out`` may receive a folder written by :func:`staged_dir`.

    Allowed: a new path, an empty folder, or a folder written before by this module that holds
    nothing else. With ``force``, also a non-empty folder (the new entries go beside the files
    there, which are kept).

    Raises
    ------
    ValidationError
        If ``out`` is a file, or a non-empty folder that is not ours (without ``force``), or
        its parent is not a folder. Nothing has been written when it is raised.
    """
    out = _absolute(out)
    if out.exists() and not out.is_dir():
        raise ValidationError(f"{out}: is a file, not a folder; give a folder for the {what}")
    parent = out.parent
    if parent.exists() and not parent.is_dir():
        raise ValidationError(f"{parent}: is a file, not a folder")
    if not out.exists() or force:
        return
    entries = {p.name for p in out.iterdir()}
    ours = _manifest(out)
    if not entries or (ours is not None and entries <= ours):
        return
    foreign = sorted(entries - (ours or set()))
    shown = ", ".join(foreign[:3]) + (" ..." if len(foreign) > 3 else "")
    raise ValidationError(
        f"{out}: folder is not empty and holds files hinterland did not write ({shown}); "
        f"give a new or empty folder, or --force to write the {what} beside them"
    )


@contextlib.contextmanager
def temporary_dir(parent: Path, prefix: str) -> Iterator[Path]:
    """Yield a new folder in ``parent`` (the user's umask), removed when the block ends.

    It is removed on any exit, also when the process gets SIGTERM or SIGHUP: the handlers,
    which turn the signal into ``SystemExit(128 + signal)``, are installed before the folder is
    made and restored after it is removed (main thread only; elsewhere Python cannot).
    """

    def on_signal(signum, frame):
        raise SystemExit(128 + signum)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGHUP):
            previous[sig] = signal.signal(sig, on_signal)
    tmp = None
    try:
        tmp = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        _chmod(tmp, folder=True)
        yield tmp
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def staged_dir(out: str | Path, *, force: bool = False, what: str = "output") -> Iterator[Path]:
    """Yield a temporary folder to fill; move it to ``out`` when the block completes.

    ``out`` is checked first (:func:`check_out_dir`). On success a marker file listing the
    entries is added and the folder replaces ``out`` (a previous folder of ours is renamed
    aside, the new one renamed in, then the old one deleted); with ``force`` into a folder that
    holds other files, each new entry is moved in beside them. On any failure or signal the
    temporary folder is removed and ``out`` is as it was.
    """
    out = _absolute(out)
    check_out_dir(out, force=force, what=what)
    out.parent.mkdir(parents=True, exist_ok=True)
    with temporary_dir(out.parent, f".{out.name}.tmp-") as tmp:
        yield tmp
        _write_marker(tmp, sorted(p.name for p in tmp.iterdir()), what)
        _commit(tmp, out, force=force)


def _write_marker(folder: Path, entries: list[str], what: str) -> None:
    doc = {"written_by": "hinterland", "what": what, "entries": [e for e in entries if e != MARKER]}
    (folder / MARKER).write_text(json.dumps(doc) + "\n", encoding="utf-8")


def _commit(tmp: Path, out: Path, *, force: bool) -> None:
    if not out.exists():
        tmp.rename(out)
        return
    entries = {p.name for p in out.iterdir()}
    ours = _manifest(out)
    if not entries:
        out.rmdir()
        tmp.rename(out)
    elif ours is not None and entries <= ours:
        aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        try:
            out.rename(aside / "old")
            tmp.rename(out)
        finally:
            shutil.rmtree(aside, ignore_errors=True)
    elif force:
        _merge(tmp, out, ours or set())
    else:  # the folder changed since it was checked
        check_out_dir(out, what="output")


def _merge(tmp: Path, out: Path, ours: set[str]) -> None:
    """Move each entry of ``tmp`` into ``out``, replacing only entries a marker says are ours."""
    new = {p.name for p in tmp.iterdir()}
    clash = sorted(n for n in new if (out / n).exists() and n not in ours)
    if clash:
        raise ValidationError(
            f"{out}: already holds {', '.join(clash)}, which hinterland did not write; "
            "not replaced even with --force (move it or choose another folder)"
        )
    old = ours & {p.name for p in out.iterdir()}
    what = json.loads((tmp / MARKER).read_text(encoding="utf-8"))["what"]
    _write_marker(tmp, sorted(new | old), what)
    aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    try:
        for name in [*sorted(new - {MARKER}), MARKER]:
            if (out / name).exists():
                (out / name).rename(aside / name)
            (tmp / name).rename(out / name)
    finally:
        shutil.rmtree(aside, ignore_errors=True)
