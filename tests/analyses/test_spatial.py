"""Moran's I and LISA of the atlas' provinces: queen contiguity and results equal to PySAL."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from hinterland.atlas.geometry import provinces, queen_contiguity
from hinterland.spatial import autocorrelation

esda = pytest.importorskip("esda")
libpysal = pytest.importorskip("libpysal")


@pytest.fixture(scope="module")
def queen_ref():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return libpysal.weights.Queen.from_dataframe(provinces(), use_index=True)


def test_queen_contiguity_equals_libpysal(queen_ref):
    C = queen_contiguity()
    ours = {int(a): {int(b) for b in C.columns[C.loc[a] > 0]} for a in C.index}
    assert ours == {int(k): {int(v) for v in vs} for k, vs in queen_ref.neighbors.items()}
    # Sichuan's seven neighbours; Hainan has none
    assert ours[510000] == {500000, 520000, 530000, 540000, 610000, 620000, 630000}
    assert ours[460000] == set()
    assert (C.to_numpy() == C.to_numpy().T).all()


def test_moran_and_lisa_of_gdp_per_capita_equal_esda(table, queen_ref):
    r = autocorrelation("gdp_per_capita", 2023, permutations=999, rng=7, table=table)
    y = table.series("gdp_per_capita", 2023).loc[list(queen_ref.id_order)].to_numpy()
    queen_ref.transform = "r"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = esda.Moran(y, queen_ref, permutations=0)
        loc = esda.Moran_Local(y, queen_ref, permutations=999, seed=7)
    assert r.moran.I == pytest.approx(g.I, rel=1e-12)
    assert r.moran.z_norm == pytest.approx(g.z_norm, rel=1e-12)
    assert r.moran.p_rand == pytest.approx(g.p_rand, rel=1e-9)
    lisa = r.lisa.loc[list(queen_ref.id_order)]
    np.testing.assert_allclose(lisa["Is"].to_numpy(), loc.Is, rtol=1e-12, atol=1e-15)
    quads = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
    land = lisa.index != 460000  # Hainan, the island, has no quadrant here
    assert lisa["quadrant"][land].tolist() == [quads[int(q)] for q in loc.q[land]]
    assert r.moran.I > 0  # rich next to rich: positive autocorrelation
    assert lisa.loc[460000, "cluster"] == "island"
    assert set(lisa["cluster"]) <= {"HH", "LL", "HL", "LH", "ns", "island"}
