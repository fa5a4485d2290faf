r"""Real (constant-price) GDP and GDP per capita from the NBS GDP indices, and real convergence.

NBS publishes each province's GDP index at constant prices, previous year = 100
(地区生产总值指数). Real GDP of year :math:`t` at the prices of a base year :math:`b` chains
them on the nominal GDP of the base year:

.. math::

    Y^{real}_{t} = Y^{nom}_{b} \prod_{s=b+1}^{t} \frac{I_s}{100}

Real GDP per capita divides by the year-end resident population. No index is interpolated: a
province missing one link is missing from that year on. The index series are held in two
editions (before and after the 5th economic census revision); the chain uses the table's
edition choice (latest by default: 2016-2024 revised, 2001-2015 before the revision) and the
result says where the edition changes (``attrs["breaks"]``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hinterland import metrics
from hinterland.atlas import IndicatorTable
from hinterland.coordination import Convergence, _table, convergence
from hinterland.errors import ValidationError


def real_gdp(
    start: int,
    end: int,
    *,
    per_capita: bool = True,
    edition: str | None = None,
    table: IndicatorTable | None = None,
) -> pd.DataFrame:
    """Return real GDP (per capita) at ``start``-year prices, province x year.

    Units: 元/人 at ``start``-year prices (``per_capita``) or 亿元 at ``start``-year prices.
    ``attrs``: ``unit``, ``base_year``, ``editions`` (index edition per year), ``breaks``.
    """
    if end <= start:
        raise ValidationError(f"'to' year {end} must be after 'from' year {start}")
    tbl = _table(table, edition)
    years = list(range(start, end + 1))
    have = set(tbl.years("gdp_index"))
    missing = [y for y in years[1:] if y not in have]
    if missing or start not in tbl.years("gdp"):
        held = ", ".join(map(str, sorted(have)))
        raise ValidationError(
            f"real GDP {start}-{end} needs GDP in {start} and GDP indices for every later year; "
            f"missing {', '.join(map(str, missing)) or f'GDP {start}'} (indices held: {held})"
        )
    index = tbl.panel("gdp_index", years[1:]) / 100.0
    chain = index.cumprod(axis=1, skipna=False)
    base = tbl.series("gdp", start)
    real = pd.concat([base.rename(start), chain.mul(base, axis=0)], axis=1)
    unit = f"亿元（{start}年价格）"
    if per_capita:
        real = real / tbl.panel("population", years) * 1e4
        unit = f"元/人（{start}年价格）"
    real = real.rename_axis(columns="year")
    ed = tbl.editions("gdp_index")
    real.attrs = {}
    real.attrs.update(
        unit=unit,
        base_year=start,
        base_edition=tbl.editions("gdp").get(start, ""),
        editions={int(y): ed.get(y, "") for y in years[1:]},
        breaks=[y for y in tbl.breaks("gdp_index") if start + 1 < y <= end],
    )
    return real


@dataclass(frozen=True, slots=True)
class RealConvergence:
    """Convergence of GDP per capita at constant prices, beside the nominal one."""

    start: int
    end: int
    real_sigma: metrics.SigmaConvergence
    real_beta: metrics.BetaConvergence
    nominal: Convergence
    growth: pd.Series  # average annual real growth of GDP per capita, %, per province
    dropped: list[int]
    breaks: list[int]

    def to_frame(self) -> pd.DataFrame:
        """Return real and nominal side by side (beta, speed, half-life, sigma change)."""
        rows = {}
        for name, beta, sigma in (
            ("real", self.real_beta, self.real_sigma),
            ("nominal", self.nominal.beta, self.nominal.sigma),
        ):
            rows[name] = {
                "beta": beta.beta,
                "p_beta": beta.p_beta,
                "speed": beta.speed,
                "half_life": beta.half_life,
                "r2": beta.r2,
                "n": beta.n,
                "std_log_first": float(sigma.std_log[0]),
                "std_log_last": float(sigma.std_log[-1]),
                "std_log_change": sigma.std_log_change,
            }
        return pd.DataFrame(rows).T

    def to_dict(self) -> dict:
        """Return the results (JSON-friendly)."""
        return {
            "from": self.start,
            "to": self.end,
            "real": {"beta": self.real_beta.to_dict(), "sigma": self.real_sigma.to_dict()},
            "nominal": self.nominal.to_dict(),
            "dropped": self.dropped,
            "index_edition_breaks": self.breaks,
        }


def real_convergence(
    start: int = 2005,
    end: int = 2024,
    *,
    edition: str | None = None,
    table: IndicatorTable | None = None,
) -> RealConvergence:
    """Beta and sigma convergence of real GDP per capita (``start``-year prices) and nominal.

    The real series is :func:`real_gdp` per capita; the nominal one is
    :func:`hinterland.coordination.convergence` of GDP per capita at current prices over the
    same years and edition. Provinces missing a value in any year are left out of both.
    """
    tbl = _table(table, edition)
    real = real_gdp(start, end, per_capita=True, table=tbl)
    ok = real.notna().all(axis=1) & (real > 0).all(axis=1)
    dropped = [int(a) for a in real.index[~ok]]
    data = real[ok].to_numpy()
    horizon = float(end - start)
    growth = 100 * (np.exp(np.log(real[end] / real[start]) / horizon) - 1)
    growth.name = "real_growth_pct_per_year"
    return RealConvergence(
        start=start,
        end=end,
        real_sigma=metrics.sigma_convergence(data),
        real_beta=metrics.beta_convergence(data[:, 0], data[:, -1], horizon),
        nominal=convergence("gdp_per_capita", start, end, table=tbl),
        growth=growth,
        dropped=dropped,
        breaks=real.attrs["breaks"],
    )
