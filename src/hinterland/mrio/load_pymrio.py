"""Convert MRIO tables to and from pymrio systems.

:func:`to_pymrio` writes x, Z and Y under pymrio's names, value added and imports as the rows
``"Value Added"`` and ``"Imports from rest of world"`` of a ``factor_inputs`` extension,
exports as a final-demand category ``"Exports to rest of world"`` (in the column block of the
exporting region), and unit, year, source, estimate, meta and the label lists in
``io.meta.metadata["hinterland"]``. :func:`from_pymrio` reads these back; on any other system
value added defaults to the balancing item ``x - 1'Z - imports`` (pymrio systems need not
carry a value-added row that closes the columns: the bundled test system's does not).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from hinterland.errors import DataError, ValidationError
from hinterland.mrio._load_common import _need, _plain
from hinterland.mrio.table import DEFAULT_RTOL, MRIO, Y_LEVELS

__all__ = ["EXPORTS", "IMPORTS", "VALUE_ADDED", "check_saved_folder", "from_pymrio", "to_pymrio"]

EXPORTS = "Exports to rest of world"
"""Final-demand category under which :func:`to_pymrio` writes exports."""
IMPORTS = "Imports from rest of world"
"""Row of the ``factor_inputs`` extension under which :func:`to_pymrio` writes imports."""
VALUE_ADDED = "Value Added"
"""Row of the ``factor_inputs`` extension holding value added (pymrio's own name)."""


def _map_categories(Y: pd.DataFrame, mapping: dict | None) -> pd.DataFrame:
    """Rename final-demand categories; several mapped to one name are summed."""
    if not mapping:
        return Y
    cats = Y.columns.get_level_values(-1)
    unknown = [k for k in mapping if k not in set(cats)]
    if unknown:
        raise ValidationError(
            f"categories mapping names categories not in Y: {unknown}; Y has "
            f"{list(dict.fromkeys(cats))}"
        )
    new = pd.MultiIndex.from_arrays(
        [Y.columns.get_level_values(0), [mapping.get(c, c) for c in cats]], names=Y.columns.names
    )
    if not new.has_duplicates:
        return Y.set_axis(new, axis=1)
    return Y.T.groupby(new, sort=False).sum().T.set_axis(new.unique(), axis=1)


def to_pymrio(mrio: MRIO, *, categories: dict | None = None):
    """Return a ``pymrio.IOSystem`` holding the table (see the module docstring for names).

    ``categories`` maps final-demand categories to pymrio's (e.g. ``{"城镇居民消费":
    "Final consumption expenditure by households"}``); categories mapped to one name are
    summed, unmapped ones keep their name.

    Z (dense, also for a sparse table), Y and x under pymrio's names; a ``factor_inputs``
    extension with rows ``VALUE_ADDED`` and ``IMPORTS``; exports, if any are non-zero, as the
    final-demand category ``EXPORTS`` of the exporting region. ``io.meta.metadata
    ["hinterland"]`` keeps unit, year, source, estimate, meta and the labels, so that
    :func:`from_pymrio` (also after ``save_all`` / ``load_all``) returns the same table.
    """
    pymrio = _need("pymrio")
    idx = mrio.index
    Z = pd.DataFrame(mrio.Z.toarray(), idx, idx) if mrio.is_sparse else mrio.Z.copy()
    Y = _map_categories(mrio.Y.copy(), categories)
    e = mrio.exports
    if (e != 0).any():
        regions = idx.get_level_values("region")
        parts = {(r, EXPORTS): e.where(regions == r, 0.0) for r in mrio.regions}
        Y = pd.concat([Y, pd.DataFrame(parts, index=idx)], axis=1)
        order = [c for r in mrio.regions for c in Y.columns if c[0] == r]
        Y = Y[order]
        Y.columns = Y.columns.set_names(list(Y_LEVELS))
    F = pd.DataFrame(
        [mrio.v.to_numpy(), mrio.imports.to_numpy()],
        index=pd.Index([VALUE_ADDED, IMPORTS], name="inputtype"),
        columns=idx,
    )
    io = pymrio.IOSystem(
        Z=Z,
        Y=Y,
        x=pd.DataFrame({"indout": mrio.x.to_numpy()}, index=idx),
        unit=pd.DataFrame({"unit": mrio.unit}, index=idx),
        name=mrio.source,
        description=f"{mrio.source}, {mrio.year}" + (" (estimate)" if mrio.estimate else ""),
        factor_inputs={
            "name": "Factor Inputs",
            "F": F,
            "unit": pd.DataFrame({"unit": mrio.unit}, index=F.index),
        },
    )
    io.meta.change_meta("year", mrio.year, log=False)
    io.meta.change_meta(
        "hinterland",
        _plain(
            {
                "unit": mrio.unit,
                "year": mrio.year,
                "source": mrio.source,
                "estimate": mrio.estimate,
                "meta": dict(mrio.meta),
                "value_added": VALUE_ADDED,
                "regions": mrio.regions,
                "sectors": mrio.sectors,
                "categories": list(dict.fromkeys(Y.columns.get_level_values(-1))),
            }
        ),
        log=False,
    )
    return io


def _restore(labels: pd.Index, stored: list | None) -> pd.Index:
    """Restore label types lost in pymrio's text files ('01' read back as 1), by value."""
    if not stored:
        return labels

    def key(a):
        return int(a) if isinstance(a, str) and a.strip().isdigit() else a

    lookup = {key(s): s for s in stored}
    if len(lookup) != len(stored):
        return labels  # e.g. '1' and '01' both stored: ambiguous, leave as read
    try:
        return pd.Index([lookup[key(a)] for a in labels], dtype=object, name=labels.name)
    except (KeyError, TypeError):
        return labels


def _relabel(idx: pd.MultiIndex, stored: list[list | None]) -> pd.MultiIndex:
    return pd.MultiIndex.from_arrays(
        [_restore(idx.get_level_values(i), s) for i, s in enumerate(stored)], names=idx.names
    )


def _extension(io, name: str):
    ext = getattr(io, name, None)
    if ext is not None and hasattr(ext, "F"):
        return ext
    for ext in io.get_extensions(data=True):
        if ext.name == name:
            return ext
    return None


def _f_row(F: pd.DataFrame, row: str) -> pd.Series:
    got = F.loc[row]
    return got.sum(axis=0) if isinstance(got, pd.DataFrame) else got


def from_pymrio(
    io,
    *,
    year: int | None = None,
    unit: str | None = None,
    source: str | None = None,
    estimate: bool | None = None,
    meta: dict | None = None,
    value_added: str | None = None,
    extension: str = "factor_inputs",
    exports_category: str | None = EXPORTS,
    categories: dict | None = None,
    imports_row: str | None = IMPORTS,
    rtol: float = DEFAULT_RTOL,
) -> MRIO:
    """Return the table held by a ``pymrio.IOSystem``.

    Parameters
    ----------
    io : pymrio.IOSystem
        With Z and Y (x is used if present, else computed; a system given only as A and Y is
        completed with ``calc_all()`` on a copy: the caller's object is not changed).
    year, unit, source, estimate, meta : optional
        Override what the system says. Defaults: what :func:`to_pymrio` stored in
        ``io.meta.metadata["hinterland"]``; else ``io.meta`` ``year``, the single unit of
        ``io.unit``, ``"pymrio IOSystem <name>"``, False.
    value_added : str, optional
        ``"residual"`` for ``v = x - 1'Z - imports``, or the name of a row of the extension's
        ``F`` (the column identity is then checked). Default: the row named by
        :func:`to_pymrio`, else ``"residual"``.
    extension : str, default "factor_inputs"
        Extension (instance or set name) holding value added and imports.
    exports_category : str or None, default EXPORTS
        Final-demand category taken out of Y as exports to the rest of the world, if present.
    categories : dict, optional
        Final-demand category of the system -> category of the table (several to one are
        summed; unmapped ones keep their name). Applied after exports are taken out.
    imports_row : str or None, default IMPORTS
        Row of the extension's F taken as imports from the rest of the world, if present.
    rtol : float, default 1e-6
        Tolerance of the accounting identities.

    Returns
    -------
    MRIO

    Raises
    ------
    DataError
        If the year or unit cannot be told, a named row is missing, or validation fails.
    """
    if getattr(io, "Z", None) is None or getattr(io, "x", None) is None:
        io = io.copy()
        io.calc_all()
    info = dict(io.meta.metadata.get("hinterland") or {})
    idx = _relabel(io.Z.index, [info.get("regions"), info.get("sectors")])
    Z = io.Z.set_axis(idx, axis=0).set_axis(idx, axis=1)
    Y = io.Y.set_axis(idx, axis=0)
    cols = _relabel(Y.columns, [info.get("regions"), info.get("categories")])
    Y = Y.set_axis(cols, axis=1)
    x = io.x.set_axis(idx, axis=0)
    exports = None
    if exports_category is not None and exports_category in cols.get_level_values(-1):
        is_exp = cols.get_level_values(-1) == exports_category
        exports = Y.loc[:, is_exp].sum(axis=1)
        Y = Y.loc[:, ~is_exp]
    Y = _map_categories(Y, categories)
    ext = _extension(io, extension)
    imports = None
    if imports_row is not None and ext is not None and imports_row in ext.F.index:
        imports = _f_row(ext.F, imports_row).set_axis(idx)
    choice = value_added or info.get("value_added") or "residual"
    if choice == "residual":
        m = 0.0 if imports is None else imports.to_numpy(dtype=float)
        xv = np.asarray(x, dtype=float).ravel()
        v = pd.Series(xv - io.Z.to_numpy(dtype=float).sum(axis=0) - m, index=idx)
    else:
        if ext is None or choice not in ext.F.index:
            rows = [] if ext is None else list(ext.F.index)
            raise DataError(
                f"pymrio extension {extension!r} has no row {choice!r} for value added; "
                f"rows: {rows}"
            )
        v = _f_row(ext.F, choice).set_axis(idx)
    if unit is None:
        unit = info.get("unit") or _pymrio_unit(io)
    year = year if year is not None else info.get("year", io.meta.metadata.get("year"))
    if year is None:
        raise DataError(f"pymrio system {io.name!r} does not say its year; pass year=")
    source = source or info.get("source") or f"pymrio IOSystem {io.name}"
    estimate = bool(info.get("estimate", False)) if estimate is None else estimate
    if meta is None:
        meta = info.get("meta") or {
            "method": "read from a pymrio IOSystem",
            "value_added": choice,
            "pymrio_name": io.name,
        }
    return MRIO.from_frames(
        Z,
        Y,
        x,
        v,
        exports=exports,
        imports=imports,
        unit=str(unit),
        year=int(year),
        source=source,
        estimate=estimate,
        meta=dict(meta),
        rtol=rtol,
    )


def _pymrio_unit(io) -> str:
    units = None if io.unit is None else pd.unique(io.unit.to_numpy().ravel())
    if units is None or len(units) != 1:
        raise DataError(
            f"pymrio system {io.name!r} has unit(s) {None if units is None else list(units)}; "
            "expected one unit for all flows, or pass unit="
        )
    return str(units[0])


# --- reading a folder saved by pymrio, without executing anything ------------------------------

_PARAMS = "file_parameters.json"
_TEXT = (".txt", ".tsv", ".csv")
_PICKLE = (".pkl", ".pickle")
_MAX_LEVELS = 16


def check_saved_folder(path: Path) -> list[Path]:
    """Check a folder saved by pymrio's ``save_all`` before ``pymrio.load_all`` reads it.

    ``load_all`` reads the folder's ``file_parameters.json`` and that of each sub-folder, and
    unpickles any table whose file name ends in ``.pkl``/``.pickle``, which runs code the file
    carries. This check reads the same parameter files first and refuses a pickle, a name that
    leaves the folder (absolute, ``..``, a link out), a missing table file, or a header count out
    of range. Only pymrio's text tables (``.txt``, ``.tsv``, ``.csv``) are accepted.

    Returns
    -------
    list of Path
        The parameter files checked (the folder's own first).

    Raises
    ------
    DataError
        Naming the parameter file and the entry at fault.
    """
    root = Path(path)
    if not root.is_dir():
        raise DataError(f"{root}: not a folder (a pymrio folder holds {_PARAMS})")
    top = root.resolve()
    params = [
        root / _PARAMS,
        *sorted(d / _PARAMS for d in root.iterdir() if d.is_dir() and (d / _PARAMS).exists()),
    ]
    for p in params:
        _check_params(p, top)
    return params


def _check_params(p: Path, top: Path) -> None:
    if not p.is_file():
        raise DataError(f"{p}: missing (a pymrio folder holds {_PARAMS})")
    folder = p.parent.resolve()
    if not folder.is_relative_to(top):
        raise DataError(f"{p.parent}: sub-folder leads outside {top} (a link)")
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise DataError(f"{p}: not a readable UTF-8 JSON file ({exc})") from None
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, dict) or doc.get("systemtype") not in ("IOSystem", "Extension"):
        raise DataError(f"{p}: expected a mapping with 'systemtype' and 'files' (pymrio layout)")
    for key, entry in files.items():
        where = f"{p}: files.{key}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise DataError(f"{where}: expected a mapping with a file 'name'")
        name = entry["name"]
        for count in ("nr_index_col", "nr_header"):
            n = entry.get(count)
            if not (isinstance(n, int | str) and str(n).isdigit() and int(n) <= _MAX_LEVELS):
                raise DataError(f"{where}.{count} = {n!r}: expected an integer 0..{_MAX_LEVELS}")
        suffix = Path(name).suffix.lower()
        if suffix in _PICKLE:
            raise DataError(
                f"{where}: {name!r} is a pickle; hinterland never unpickles a file (it can run "
                "code); save the system with pymrio's text format"
            )
        if suffix not in _TEXT:
            raise DataError(f"{where}: {name!r} is not a pymrio text table ({', '.join(_TEXT)})")
        target = (folder / name).resolve()
        if Path(name).is_absolute() or not target.is_relative_to(folder):
            raise DataError(f"{where}: {name!r} is outside the folder {p.parent}")
        if not target.is_file():
            raise DataError(f"{where}: {name!r} does not exist in {p.parent}")
        _check_text_head(target, f"{where}: {name!r}")


def _check_text_head(path: Path, where: str, size: int = 65536) -> None:
    """Refuse a table file whose first ``size`` bytes are binary or not UTF-8."""
    try:
        with path.open("rb") as fh:
            head = fh.read(size)
    except OSError as exc:
        raise DataError(f"{where}: cannot be read ({exc.strerror})") from None
    if not head.strip():
        raise DataError(f"{where}: file is empty")
    if b"\x00" in head:
        raise DataError(f"{where}: binary file (NUL bytes), expected a pymrio text table")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not a character cut at the end of the sample
            raise DataError(f"{where}: not UTF-8 text (byte {head[exc.start]:#04x})") from None
