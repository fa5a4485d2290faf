r"""Industry transfer (产业转移): shift-share of value added and key products by group of provinces.

Classic shift-share (Dunn 1960; Esteban-Marquillas 1972 notation) of the change of
:math:`X_{ri}` (region :math:`r`, industry or product :math:`i`) from year 0 to year 1:

.. math::

    X_{ri1} - X_{ri0} = \underbrace{X_{ri0} G}_{\text{national growth}}
    + \underbrace{X_{ri0} (g_i - G)}_{\text{industry mix}}
    + \underbrace{X_{ri0} (g_{ri} - g_i)}_{\text{regional shift}}

with :math:`G` the national growth of all industries together, :math:`g_i` the national growth
of industry :math:`i` and :math:`g_{ri}` its growth in region :math:`r`. The three components add
up to the change exactly; the regional shifts of one industry sum to zero over the regions. The
"nation" is the sum over the provinces analysed (not the published national figure). A group's
components are the sums over its provinces. With a single product the industry-mix term is zero
and the regional shift is the share change times the national total:
:math:`(s_{r1} - s_{r0}) X_{\cdot 1}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hinterland.atlas import IndicatorTable
from hinterland.atlas.groupings import Grouping
from hinterland.coordination import _table, assign, group_labels
from hinterland.errors import ValidationError

NINE_INDUSTRIES = (
    "va_agriculture",
    "va_industry",
    "va_construction",
    "va_wholesale_retail",
    "va_transport",
    "va_accommodation",
    "va_finance",
    "va_real_estate",
    "va_other_services",
)
"""The nine industries of the NBS provincial value-added table (they add up to GDP)."""

KEY_PRODUCTS = (
    "out_mobile_phones",
    "out_microcomputers",
    "out_integrated_circuits",
    "out_automobiles",
    "out_crude_steel",
    "out_electricity",
)

COMPONENTS = ("national_growth", "industry_mix", "regional_shift")


@dataclass(frozen=True, slots=True)
class ShiftShare:
    """Shift-share components per group and industry (index ``group, indicator``).

    Columns: ``start``, ``end``, ``change``, ``national_growth``, ``industry_mix``,
    ``regional_shift``, ``share_start`` and ``share_end`` (% of the provinces' total of that
    industry). ``by_province`` holds the same per province.
    """

    start: int
    end: int
    by: str
    unit: str
    groups: pd.DataFrame
    by_province: pd.DataFrame
    dropped: list[int] = field(default_factory=list)
    blank_as_zero: list[tuple[int, str, int]] = field(default_factory=list)
    editions: dict[str, str] = field(default_factory=dict)

    def totals(self) -> pd.DataFrame:
        """Return the components summed over the industries, per group."""
        cols = ["start", "end", "change", *COMPONENTS]
        return self.groups[cols].groupby(level="group").sum()


def shift_share(
    indicators: str | tuple[str, ...] | list[str] = NINE_INDUSTRIES,
    start: int = 2019,
    end: int = 2024,
    *,
    by: str | Grouping = "four_blocs",
    blank_as_zero: bool = False,
    lang: str | None = "zh",
    edition: str | None = None,
    table: IndicatorTable | None = None,
) -> ShiftShare:
    """Decompose the change of ``indicators`` from ``start`` to ``end`` by group of provinces.

    All indicators must share one unit (value added in 亿元 at current prices; a product in its
    own unit). A province missing a figure in either year is left out of every industry and
    listed in ``dropped``, unless ``blank_as_zero`` (for product output, where the NBS table
    lists only the provinces that report it): then a blank counts as zero and every such
    province-year is listed in ``blank_as_zero``.
    """
    codes = [indicators] if isinstance(indicators, str) else list(indicators)
    if end <= start:
        raise ValidationError(f"'to' year {end} must be after 'from' year {start}")
    tbl = _table(table, edition)
    units = {c: tbl.unit(c) for c in codes}
    if len(set(units.values())) > 1:
        raise ValidationError(f"shift-share needs one unit for all indicators, got {units}")
    x0 = pd.DataFrame({c: tbl.series(c, start) for c in codes})
    x1 = pd.DataFrame({c: tbl.series(c, end) for c in codes})
    zeroed: list[tuple[int, str, int]] = []
    if blank_as_zero:
        for year, frame in ((start, x0), (end, x1)):
            na = frame.isna()
            zeroed += [(int(a), c, year) for a, c in na[na].stack().index]
        x0, x1 = x0.fillna(0.0), x1.fillna(0.0)
    ok = x0.notna().all(axis=1) & x1.notna().all(axis=1)
    dropped = [int(a) for a in x0.index[~ok]]
    x0, x1 = x0[ok], x1[ok]
    n0, n1 = x0.sum(), x1.sum()
    if (n0 <= 0).any():
        bad = list(n0.index[n0 <= 0])
        raise ValidationError(f"no output in {start} for {', '.join(bad)}: no growth rate")
    big_g = n1.sum() / n0.sum() - 1.0
    g_i = n1 / n0 - 1.0
    comp = {
        "national_growth": x0 * big_g,
        "industry_mix": x0 * (g_i - big_g),
        "regional_shift": x1 - x0 * (1.0 + g_i),
    }
    long = pd.DataFrame(
        {
            "start": x0.stack(),
            "end": x1.stack(),
            "change": (x1 - x0).stack(),
            **{k: v.stack() for k, v in comp.items()},
        }
    )
    long.index.names = ["adcode", "indicator"]
    groups = assign(by).reindex(long.index.get_level_values("adcode")).to_numpy()
    g = long.groupby([groups, long.index.get_level_values("indicator")]).sum()
    g.index.names = ["group", "indicator"]
    ind = g.index.get_level_values("indicator")
    g["share_start"] = 100 * g["start"] / n0.reindex(ind).to_numpy()
    g["share_end"] = 100 * g["end"] / n1.reindex(ind).to_numpy()
    if lang is not None:  # group labels; codes with lang=None
        g = g.rename(index=group_labels(by, lang), level="group")
    by_name = by if isinstance(by, str) else by.name
    eds = {
        c: str(tbl.editions(c).get(start, "")) + "/" + str(tbl.editions(c).get(end, ""))
        for c in codes
    }
    return ShiftShare(start, end, by_name, units[codes[0]], g, long, dropped, zeroed, eds)


def group_product_shares(
    products: tuple[str, ...] | list[str] = KEY_PRODUCTS,
    *,
    group: str = "third_front:third_line",
    years: list[int] | None = None,
    edition: str | None = None,
    table: IndicatorTable | None = None,
) -> pd.DataFrame:
    """Return a group's share (%) of each product's output summed over provinces, year by year.

    The NBS product tables list only the provinces that report a product: a blank counts as
    zero output here (and ``attrs["reporting"]`` gives the number of provinces reporting each
    product and year, so a reader can see it). Years in which no province reports are left out.
    """
    from hinterland.coordination import _members

    tbl = _table(table, edition)
    _, members = _members(group)
    out, reporting = {}, {}
    for p in products:
        panel = tbl.panel(p, years)
        total = panel.sum(axis=0, min_count=1)
        mine = panel.loc[members].sum(axis=0, min_count=1).fillna(0.0)
        out[p] = 100 * mine / total
        reporting[p] = panel.notna().sum(axis=0)
    frame = pd.DataFrame(out).sort_index()
    frame.index.name = "year"
    frame.attrs.update(group=group, reporting=pd.DataFrame(reporting).sort_index(), unit="%")
    return frame.replace([np.inf, -np.inf], np.nan)
