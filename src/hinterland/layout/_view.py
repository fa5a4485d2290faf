"""Backup placement from a table: the arrays of a province-level MRIO read once (private)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hinterland.errors import ValidationError, unknown

KEY_SECTORS_17 = ("MACH", "CHEM", "METL", "PETR", "ELEC")
"""Key industries among the NBS 17 sectors: machinery and equipment (incl. electronics and
transport equipment), chemicals, metal products, petroleum and coking, electricity."""
KEY_SECTORS_42 = ("11", "12", "14", "16", "17", "18", "19", "20")
"""Key industries among the NBS 42 sectors (CEADs tables; codes 01-20 are the same in the 2012,
2015 and 2017 editions): petroleum, coking and nuclear fuel; chemicals; metal smelting and
rolling; general equipment; special equipment; transport equipment; electrical machinery;
communication equipment, computers and electronics."""


@dataclass(frozen=True, slots=True)
class TableView:
    """The arrays of a province-level table, read once (region-major: row ``r * S + s``)."""

    table: object
    regions: list[int]
    sectors: list[str]
    Z: np.ndarray
    Y: np.ndarray
    x: np.ndarray
    v: np.ndarray

    @classmethod
    def of(cls, m) -> TableView:
        from hinterland.atlas import adcodes

        try:
            regions = [int(r) for r in m.regions]
        except (TypeError, ValueError):
            regions = []
        valid = set(adcodes())
        if not regions or any(r not in valid for r in regions):
            raise ValidationError(
                f"backup placement needs a table whose regions are province adcodes; this "
                f"table's regions are {list(m.regions)[:5]}..."
            )
        Z, Y, x, v = m.to_arrays()
        Z = Z.toarray() if hasattr(Z, "toarray") else np.asarray(Z, dtype=float)
        f = np.asarray
        return cls(
            m, regions, [str(s) for s in m.sectors], Z, f(Y, float), f(x, float), f(v, float)
        )

    def grid(self, values: np.ndarray) -> np.ndarray:
        """(R, S) view of a region-major vector."""
        return values.reshape(len(self.regions), len(self.sectors))

    def frame(self, values: np.ndarray, keys: list[str]) -> pd.DataFrame:
        """Province x key-sector DataFrame of a region-major vector."""
        df = pd.DataFrame(
            self.grid(values),
            index=pd.Index(self.regions, name="adcode"),
            columns=pd.Index(self.sectors, name="sector"),
        )
        return df[keys]

    @property
    def x_national(self) -> np.ndarray:
        return self.grid(self.x).sum(axis=0)

    @property
    def national_coefficients(self) -> np.ndarray:
        """National technical coefficients (S, S): all origins and destinations summed."""
        n_reg, n_sec = len(self.regions), len(self.sectors)
        return self.Z.reshape(n_reg, n_sec, n_reg, n_sec).sum(axis=(0, 2)) / self.x_national

    def column(self, key: str) -> int:
        return self.sectors.index(key)


def pick_sectors(sectors: Iterable[str] | None, all_sectors: list[str]) -> list[str]:
    if sectors is None:
        if set(KEY_SECTORS_17) <= set(all_sectors):
            return list(KEY_SECTORS_17)
        if len(all_sectors) == 42 and set(KEY_SECTORS_42) <= set(all_sectors):
            return list(KEY_SECTORS_42)
        raise ValidationError(
            "name the key sectors of this table (its sectors are neither the NBS 17 nor the "
            f"NBS 42); valid: {', '.join(all_sectors)}"
        )
    picked = [str(s) for s in sectors]
    if not picked:
        raise ValidationError("give at least one key sector")
    for s in picked:
        if s not in all_sectors:
            raise unknown("sector", s, all_sectors)
    return picked
