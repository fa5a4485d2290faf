"""Provinces named in a spec, resolved to rows of a table (private)."""

from __future__ import annotations

from typing import Any

import numpy as np

from hinterland.errors import ValidationError


def province_rows(spec: Any, regions: list[str], where: str) -> np.ndarray:
    """Return the positions in ``regions`` of the provinces ``spec`` names.

    ``spec`` is ``"all"`` or a list of adcodes, province names and grouping specs (as in
    :func:`hinterland.layout.scenarios.resolve_provinces`).

    Raises
    ------
    ValidationError
        Naming ``where`` and the entry that names no province of the table.
    """
    from hinterland.layout.scenarios import resolve_provinces

    if spec == "all":
        return np.arange(len(regions))
    rows: list[int] = []
    for item in spec:
        try:
            codes = resolve_provinces(item)
        except ValidationError as exc:
            raise ValidationError(f"{where}: {exc}") from None
        for code in codes:
            if str(code) not in regions:
                raise ValidationError(
                    f"{where}: province {code} ({item!r}) is not a region of this table; "
                    f"regions: {', '.join(regions[:10])}{' ...' if len(regions) > 10 else ''}"
                )
            row = regions.index(str(code))
            if row not in rows:
                rows.append(row)
    return np.array(rows, dtype=np.intp)
