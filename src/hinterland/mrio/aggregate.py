r"""Aggregate an MRIO table over sectors and/or regions.

With an aggregation matrix :math:`G` (:math:`N \times n`, :math:`G_{Ii} = 1` if row :math:`i` maps
to new row :math:`I`) and :math:`H` mapping the final-demand columns by region,

.. math::

    Z' = G Z G^\top, \quad Y' = G Y H^\top, \quad x' = G x, \quad v' = G v, \quad
    e' = G e, \quad m' = G m,

so both accounting identities carry over exactly (up to rounding) and totals are conserved.
New labels appear in the order in which they are first met in the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from hinterland.atlas import grouping
from hinterland.errors import ValidationError
from hinterland.mrio.table import MRIO, ROW_LEVELS, Y_LEVELS

__all__ = ["aggregate"]

_SHOW = 8


def _as_mapping(spec, kind: str, labels: list) -> dict:
    """Return {old: new} for every label, raising ValidationError on unknown or unmapped ones."""
    if isinstance(spec, str | Path):
        if kind != "region":
            raise ValidationError(f"{kind} mapping must be a dict or Series, not {spec!r}")
        g = grouping(spec)
        spec = g.assign(codes=[a for a in labels if isinstance(a, int | np.integer)])
        where = f"grouping {g.name!r}"
    else:
        where = f"the {kind} mapping"
    if isinstance(spec, pd.Series):
        if spec.index.has_duplicates:
            dup = spec.index[spec.index.duplicated()].unique().tolist()
            raise ValidationError(f"{where} lists {kind}(s) twice: {dup[:_SHOW]}")
        spec = spec.to_dict()
    if not isinstance(spec, Mapping):
        raise ValidationError(
            f"{kind} mapping must be a dict, a Series or (for regions) a grouping name; "
            f"got {type(spec).__name__}"
        )
    known = set(labels)
    unknown = [k for k in spec if k not in known]
    if unknown:
        raise ValidationError(
            f"{where} names {kind}(s) not in the table: {unknown[:_SHOW]}; the table's "
            f"{kind}s: {labels[:_SHOW]}{' ...' if len(labels) > _SHOW else ''}"
        )
    unmapped = [a for a in labels if a not in spec or pd.isna(spec[a])]
    if unmapped:
        raise ValidationError(f"{where} leaves {kind}(s) unmapped: {unmapped[:_SHOW]}")
    return dict(spec)


def _matrix(codes: np.ndarray, size: int) -> sparse.csr_array:
    n = len(codes)
    return sparse.csr_array((np.ones(n), (codes, np.arange(n))), shape=(size, n))


def aggregate(
    mrio: MRIO,
    *,
    sectors: Mapping | pd.Series | None = None,
    regions: Mapping | pd.Series | str | Path | None = None,
) -> MRIO:
    """Return the table aggregated to new sectors and/or regions.

    Parameters
    ----------
    mrio : MRIO
        The table.
    sectors : dict or pandas.Series, optional
        Old sector label -> new sector label, for every sector of the table.
    regions : dict, pandas.Series or str, optional
        Old region -> new region, for every region; or the name (or file path) of an atlas
        grouping (e.g. ``"four_blocs"``), whose ``assign()`` maps adcodes to group codes.
        Final-demand columns are mapped with the same mapping.

    Returns
    -------
    MRIO
        Validated, with the same unit, year, source, estimate flag and tolerance; storage
        (dense or sparse) as the input; ``meta["aggregated"]`` records the mappings.

    Raises
    ------
    ValidationError
        If a mapping names labels the table does not have, or leaves some unmapped (both
        listed), or a grouping is not a partition.

    Examples
    --------
    >>> blocs = aggregate(table, regions="four_blocs")  # doctest: +SKIP
    >>> one = aggregate(table, regions={r: "CN" for r in table.regions},
    ...                 sectors={s: "all" for s in table.sectors})  # doctest: +SKIP
    """
    idx = mrio.index
    rmap = None if regions is None else _as_mapping(regions, "region", mrio.regions)
    smap = None if sectors is None else _as_mapping(sectors, "sector", mrio.sectors)
    old_r = idx.get_level_values("region")
    old_s = idx.get_level_values("sector")
    new_r = old_r if rmap is None else pd.Index([rmap[a] for a in old_r], dtype=object)
    new_s = old_s if smap is None else pd.Index([smap[a] for a in old_s], dtype=object)
    row_codes, new_idx = pd.MultiIndex.from_arrays([new_r, new_s]).factorize()
    new_idx = new_idx.set_names(list(ROW_LEVELS))
    G = _matrix(row_codes, len(new_idx))

    cols = mrio.Y.columns
    col_r = cols.get_level_values("region")
    col_r = col_r if rmap is None else pd.Index([rmap[a] for a in col_r], dtype=object)
    keys = pd.MultiIndex.from_arrays([col_r, cols.get_level_values("category")], names=Y_LEVELS)
    col_codes, new_cols = keys.factorize()
    new_cols = new_cols.set_names(list(Y_LEVELS))
    H = _matrix(col_codes, len(new_cols))

    Z = mrio.Z_sparse if mrio.is_sparse else mrio.Z.to_numpy(dtype=float)
    Zg = sparse.csr_array(G @ Z @ G.T) if mrio.is_sparse else np.asarray(G @ Z @ G.T)
    Yg = np.asarray(G @ (H @ mrio.Y.to_numpy(dtype=float).T).T)

    def vec(s: pd.Series) -> pd.Series:
        return pd.Series(G @ s.to_numpy(dtype=float), index=new_idx, name=s.name)

    meta = dict(mrio.meta)
    meta["aggregated"] = {
        "regions": str(regions) if isinstance(regions, str | Path) else rmap,
        "sectors": smap,
        "from": f"{len(mrio.regions)} regions x {len(mrio.sectors)} sectors",
    }
    return MRIO(
        Z=Zg if mrio.is_sparse else pd.DataFrame(Zg, index=new_idx, columns=new_idx),
        Y=pd.DataFrame(Yg, index=new_idx, columns=new_cols),
        x=vec(mrio.x),
        v=vec(mrio.v),
        exports=vec(mrio.exports),
        imports=vec(mrio.imports),
        unit=mrio.unit,
        year=mrio.year,
        source=mrio.source,
        estimate=mrio.estimate,
        meta=meta,
        rtol=mrio.rtol,
    )
