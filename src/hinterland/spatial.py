"""Spatial autocorrelation of atlas indicators: global Moran's I and LISA clusters by province.

Weights are queen contiguity from the province boundaries (two provinces are neighbours when
their boundaries share at least one point; :func:`hinterland.atlas.geometry.queen_contiguity`),
row-standardised. Hainan has no land neighbour: it is an island in the weights (its lag is 0,
its local statistic 0, its cluster ``island``). The numbers come from the kernels in
:mod:`hinterland.metrics.spatial`; they equal PySAL ``esda`` on the same weights (tests).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hinterland.atlas import IndicatorTable, labels
from hinterland.coordination import _table
from hinterland.errors import ValidationError
from hinterland.messages import CATALOGUE, LANGS
from hinterland.metrics.spatial import QUADRANTS, MoranResult, local_moran, moran, row_standardise

CLUSTER_LABELS = {
    k: dict(zip(LANGS, CATALOGUE[f"lisa.{k}"], strict=True))
    for k in ("HH", "LL", "HL", "LH", "ns", "island")
}
"""Cluster code -> {lang: label}, from the message catalogue (keys ``lisa.*``)."""


CLUSTER_COLORS = {
    "HH": "#d7191c",
    "HL": "#fdae61",
    "LH": "#abd9e9",
    "LL": "#2c7bb6",
    "ns": "#e5e5e5",
    "island": "#bdbdbd",
}
"""The conventional LISA map colours (GeoDa): hot spots red, cold spots blue."""


def weights(codes: list[int] | None = None) -> pd.DataFrame:
    """Return the row-standardised queen contiguity matrix of the provinces (labelled)."""
    from hinterland.atlas.geometry import queen_contiguity

    C = queen_contiguity()
    if codes is not None:
        C = C.loc[codes, codes]
    return pd.DataFrame(row_standardise(C.to_numpy()), index=C.index, columns=C.columns)


@dataclass(frozen=True, slots=True)
class Autocorrelation:
    """Global Moran's I and the LISA table of one indicator in one year."""

    indicator: str
    year: int
    log: bool
    moran: MoranResult
    lisa: pd.DataFrame  # index adcode: value, Is, quadrant, p_sim, cluster, name
    alpha: float
    dropped: list[int]

    def to_dict(self) -> dict:
        """Return the global statistic and the cluster members (JSON-friendly)."""
        clusters = self.lisa.groupby("cluster").size().to_dict()
        return {
            "indicator": self.indicator,
            "year": self.year,
            "log": self.log,
            **self.moran.to_dict(),
            "alpha": self.alpha,
            "clusters": {k: int(v) for k, v in clusters.items()},
            "dropped": self.dropped,
        }


def autocorrelation(
    indicator: str = "gdp_per_capita",
    year: int = 2023,
    *,
    log: bool = False,
    permutations: int = 999,
    alpha: float = 0.05,
    rng: np.random.Generator | int | None = 12345,
    lang: str = "zh",
    edition: str | None = None,
    table: IndicatorTable | None = None,
) -> Autocorrelation:
    """Global Moran's I and local Moran (LISA) clusters of ``indicator`` across the provinces.

    A province's cluster is its Moran-scatterplot quadrant (HH, LL, HL, LH) where the
    conditional-permutation pseudo p-value is at most ``alpha``, ``ns`` otherwise. Provinces
    without a value are left out (the weights are restricted to the rest and re-standardised)
    and listed in ``dropped``. ``log=True`` analyses ln(value). Permutations are seeded
    (``rng``) so a report is reproducible.
    """
    tbl = _table(table, edition)
    s = tbl.series(indicator, year)
    ok = s.notna() & ((s > 0) if log else True)
    dropped = [int(a) for a in s.index[~ok]]
    codes = [int(a) for a in s.index[ok]]
    if len(codes) < 4:
        raise ValidationError(f"{indicator} in {year}: fewer than four provinces with data")
    W = weights(codes).to_numpy()
    y = s[codes].to_numpy(dtype=float)
    y = np.log(y) if log else y
    g = np.random.default_rng(rng)
    glob = moran(y, W, permutations=permutations, rng=g)
    loc = local_moran(y, W, permutations=permutations, rng=g)
    quad = np.array([QUADRANTS[int(q)] for q in loc.quadrant], dtype=object)
    island = W.sum(axis=1) == 0
    p_sim = np.where(island, np.nan, loc.p_sim)  # no neighbours: no local test
    cluster = np.where(island, "island", np.where(p_sim <= alpha, quad, "ns"))
    names = dict(zip(codes, labels(codes, lang), strict=True))
    lisa = pd.DataFrame(
        {
            "name": [names[c] for c in codes],
            "value": s[codes].to_numpy(dtype=float),
            "Is": loc.Is + 0.0,  # no negative zero for an island
            "quadrant": np.where(island, "", quad),
            "p_sim": p_sim,
            "cluster": cluster,
        },
        index=pd.Index(codes, name="adcode"),
    )
    lisa.attrs.update(indicator=indicator, year=int(year), unit=tbl.unit(indicator, year))
    return Autocorrelation(indicator, int(year), log, glob, lisa, alpha, dropped)
