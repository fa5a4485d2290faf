"""Aggregation: totals and identities conserved, hand-computed entries, peers, errors."""

from __future__ import annotations

import numpy as np
import pymrio
import pytest

from hinterland.errors import ValidationError
from hinterland.mrio.aggregate import aggregate
from hinterland.mrio.load import from_pymrio
from hinterland.mrio.table import MRIO

# Beijing (east), Shanxi (central), Sichuan (west) x 3 sectors x 2 final-demand categories.
REGIONS = [110000, 140000, 510000]
SECTORS = ["01", "02", "03"]


@pytest.fixture
def table() -> MRIO:
    rng = np.random.default_rng(11)
    n = 9
    Z = rng.integers(0, 40, (n, n)).astype(float)
    Y = rng.integers(0, 120, (n, 6)).astype(float)
    Y[:, 1::2] -= 10.0  # inventories, some negative
    e = rng.integers(0, 30, n).astype(float)
    m = rng.integers(0, 30, n).astype(float)
    x = Z.sum(1) + Y.sum(1) + e
    return MRIO.from_arrays(
        Z,
        Y,
        x,
        x - Z.sum(0) - m,
        regions=REGIONS,
        sectors=SECTORS,
        categories=["hh", "inv"],
        exports=e,
        imports=m,
        unit="10k yuan",
        year=2017,
        source="test",
        estimate=True,
        meta={"method": "random integers"},
    )


def totals(t: MRIO) -> list[float]:
    Z, Y, x, v = t.to_arrays()
    return [Z.sum(), Y.sum(), x.sum(), v.sum(), t.exports.sum(), t.imports.sum()]


def test_sector_aggregation_sums_blocks(table):
    t = aggregate(table, sectors={"01": "primary", "02": "other", "03": "other"})
    assert t.sectors == ["primary", "other"] and t.regions == REGIONS
    assert list(t.index[:2]) == [(110000, "primary"), (110000, "other")]
    Z = table.Z
    # Beijing 'other' -> Shanxi 'other' is the sum of the four flows 02/03 x 02/03
    want = Z.loc[[(110000, "02"), (110000, "03")], [(140000, "02"), (140000, "03")]].to_numpy()
    assert t.Z.loc[(110000, "other"), (140000, "other")] == want.sum()
    assert t.Y.loc[(510000, "other"), (140000, "inv")] == (
        table.Y.loc[(510000, "02"), (140000, "inv")] + table.Y.loc[(510000, "03"), (140000, "inv")]
    )
    assert t.x.loc[(140000, "primary")] == table.x.loc[(140000, "01")]
    assert (
        t.imports.loc[(510000, "other")]
        == table.imports.loc[[(510000, "02"), (510000, "03")]].sum()
    )
    np.testing.assert_allclose(totals(t), totals(table), rtol=1e-14)
    assert t.estimate and t.meta["method"] == "random integers"
    assert t.meta["aggregated"]["sectors"] == {"01": "primary", "02": "other", "03": "other"}


def test_region_aggregation_by_atlas_grouping(table):
    t = aggregate(table, regions="four_blocs")
    assert t.regions == ["east", "central", "west"]
    assert t.Y.columns.get_level_values("region").unique().tolist() == ["east", "central", "west"]
    by_bloc = table.x.groupby(
        table.index.get_level_values("region").map(
            {110000: "east", 140000: "central", 510000: "west"}
        )
    ).sum()
    for bloc in ("east", "central", "west"):
        assert t.x.xs(bloc, level="region").sum() == by_bloc[bloc]
    np.testing.assert_allclose(totals(t), totals(table), rtol=1e-14)
    assert t.meta["aggregated"]["regions"] == "four_blocs"


def test_aggregation_with_a_series_mapping(table):
    import pandas as pd

    mapping = pd.Series({110000: "coast", 140000: "inland", 510000: "inland"})
    t = aggregate(table, regions=mapping)
    assert t.regions == ["coast", "inland"]
    assert (
        t.Z.loc[("inland", "01"), ("inland", "01")]
        == table.Z.loc[[(140000, "01"), (510000, "01")], [(140000, "01"), (510000, "01")]]
        .to_numpy()
        .sum()
    )


def test_one_region_one_sector_gives_the_scalar_identity(table):
    t = aggregate(table, regions={r: "CN" for r in REGIONS}, sectors={s: "all" for s in SECTORS})
    assert list(t.index) == [("CN", "all")]
    Z = float(t.Z.iloc[0, 0])
    x, v, e, m = (float(s.iloc[0]) for s in (t.x, t.v, t.exports, t.imports))
    y = float(t.Y.to_numpy().sum())
    Z0, Y0, x0, _ = table.to_arrays()
    assert (Z, y, x) == (Z0.sum(), Y0.sum(), x0.sum())
    # x = Z + y + e = Z + m + v, so GDP by expenditure equals GDP by income: y + e - m = v
    assert x == pytest.approx(Z + y + e, rel=1e-15)
    assert x == pytest.approx(Z + m + v, rel=1e-15)
    assert y + e - m == pytest.approx(v, rel=1e-14)
    assert t.A().iloc[0, 0] == pytest.approx(Z / x, rel=1e-15)
    assert t.Y.columns.tolist() == [("CN", "hh"), ("CN", "inv")]


def test_sparse_aggregation_equals_dense(table):
    Z, Y, x, v = table.to_arrays()
    s = MRIO.from_arrays(
        Z,
        Y,
        x,
        v,
        regions=REGIONS,
        sectors=SECTORS,
        categories=["hh", "inv"],
        exports=table.exports.to_numpy(),
        imports=table.imports.to_numpy(),
        unit="10k yuan",
        year=2017,
        source="test",
        sparse=True,
    )
    mapping = {"01": "a", "02": "b", "03": "a"}
    a, b = aggregate(table, sectors=mapping), aggregate(s, sectors=mapping)
    assert b.is_sparse
    np.testing.assert_array_equal(b.Z_sparse.toarray(), a.Z.to_numpy())
    np.testing.assert_array_equal(b.Y.to_numpy(), a.Y.to_numpy())


def test_agrees_with_pymrio_aggregate():
    io = pymrio.load_test()
    io.calc_all()
    ours = aggregate(
        from_pymrio(io, year=2011),
        regions={f"reg{i}": ("north" if i <= 3 else "south") for i in range(1, 7)},
        sectors={
            s: ("goods" if s in ("food", "mining", "manufactoring") else "services")
            for s in io.get_sectors()
        },
    )
    peer = io.aggregate(
        region_agg=["north"] * 3 + ["south"] * 3,
        sector_agg=["goods"] * 3 + ["services"] * 5,
        inplace=False,
    )
    Zp = peer.Z.loc[ours.index, ours.index]
    np.testing.assert_allclose(ours.Z.to_numpy(), Zp.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours.x, peer.x["indout"].loc[ours.index], rtol=1e-12)
    np.testing.assert_allclose(
        ours.Y.to_numpy(), peer.Y.loc[ours.index, ours.Y.columns].to_numpy(), rtol=1e-12
    )


def test_unknown_and_unmapped_labels_are_named(table):
    with pytest.raises(ValidationError, match=r"names sector\(s\) not in the table: \['04'\]"):
        aggregate(table, sectors={"01": "a", "02": "a", "03": "a", "04": "a"})
    with pytest.raises(ValidationError, match=r"leaves sector\(s\) unmapped: \['03'\]"):
        aggregate(table, sectors={"01": "a", "02": "a"})
    with pytest.raises(ValidationError, match=r"leaves region\(s\) unmapped: \[510000\]"):
        aggregate(table, regions={110000: "x", 140000: "x", 510000: None})
    with pytest.raises(ValidationError, match="unknown grouping 'five_blocs'"):
        aggregate(table, regions="five_blocs")
    with pytest.raises(ValidationError, match="must be a dict or Series"):
        aggregate(table, sectors="four_blocs")


def test_grouping_on_non_adcode_regions_names_them():
    io = pymrio.load_test()
    t = from_pymrio(io, year=2011)
    with pytest.raises(
        ValidationError,
        match=r"grouping 'four_blocs' leaves region\(s\) "
        r"unmapped: \['reg1', 'reg2'",
    ):
        aggregate(t, regions="four_blocs")
