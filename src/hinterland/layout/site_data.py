"""Per-site operating data of the computing-hub siting: the user's CSV file, or the atlas.

The two sources of the electricity price (yuan/kWh) and renewable share (0..1) that
:func:`hinterland.layout.siting.p_median_frame` weighs against distance: :func:`read_site_data`
reads them from a user's file (layout :data:`SITE_LAYOUT`, or :data:`SITE_LAYOUT_ALL` when the
candidates are all 31 capitals), :func:`atlas_site_data` takes proxies of both from the atlas
panel, with catalogue messages saying what they are. :mod:`hinterland.layout.hubs` re-exports
every name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from hinterland.errors import DataError, unknown

__all__ = [
    "ATLAS_SITE_DATA",
    "SITE_COLUMNS",
    "SITE_LAYOUT",
    "SITE_LAYOUT_ALL",
    "atlas_site_data",
    "read_site_data",
]

SITE_COLUMNS = ("site", "electricity_price", "renewable_share")


def _site_layout(site_kind: str):
    from hinterland.rows import Column, Layout

    return Layout(
        (
            Column("site", site_kind, empty=False),  # type: ignore[arg-type]
            Column("electricity_price", "number", required=False, low=0.0),
            Column("renewable_share", "number", required=False, low=0.0, high=1.0),
        ),
        key=("site",),
        extra=False,
        one_of=SITE_COLUMNS[1:],
    )


SITE_LAYOUT = _site_layout("text")
"""Rows of a site-data file for the hub candidates (:mod:`hinterland.rows`)."""
SITE_LAYOUT_ALL = _site_layout("adcode")
"""Rows of a site-data file for all provincial capitals: sites are adcodes."""


def read_site_data(
    path: str | Path, candidates: Literal["hubs", "all"] = "hubs"
) -> tuple[pd.Series | None, pd.Series | None]:
    """Read the user's per-site electricity price and renewable share from a CSV file.

    The file has a ``site`` column (hub codes such as ``guizhou`` for ``"hubs"``, adcodes for
    ``"all"``) and one or both of ``electricity_price`` (yuan/kWh) and ``renewable_share``
    (0..1). Every candidate site needs a row; values are checked by
    :func:`~hinterland.layout.hubs.site_hubs`.

    Returns
    -------
    (electricity_price, renewable_share) : Series or None each, indexed by site

    Raises
    ------
    DataError
        For a missing or unreadable file, a missing ``site`` column, neither value column,
        an unknown column, a site given twice or not an adcode (``"all"``), a value that is not
        a number or out of bounds; the message names the line, the column and the value.
    """
    from hinterland.rows import read_rows

    layout = SITE_LAYOUT_ALL if candidates == "all" else SITE_LAYOUT
    rows = read_rows(path, layout)
    sites = rows.frame["site"]
    if candidates == "all":
        sites = sites.astype(int)
    out = []
    for col in SITE_COLUMNS[1:]:
        if col in rows.frame.columns:
            out.append(pd.Series(rows.frame[col].to_numpy(), index=sites.to_numpy(), name=col))
        else:
            out.append(None)
    return out[0], out[1]


ATLAS_SITE_DATA = {
    "electricity_price": "power_price_coal_benchmark",
    "renewable_share": "renewable_share_consumption",
}
"""Atlas indicators behind :func:`atlas_site_data`."""


def atlas_site_data(
    candidates: Literal["hubs", "all"] = "hubs",
) -> tuple[pd.Series, pd.Series, tuple]:
    """Per-site electricity price and renewable share from the atlas, with what they are.

    What they are: a tuple of catalogue messages (:mod:`hinterland.messages`).

    - electricity price: ``power_price_coal_benchmark`` (yuan/kWh), the NDRC coal-fired
      generation benchmark price, generation side: a proxy for the price level a data centre
      pays, not its tariff;
    - renewable share: ``renewable_share_consumption`` (latest year complete), the NEA's share of
      renewable electricity in the province's consumption, divided by 100 (a 0..1 share).

    A hub takes the values of the province of its representative city
    (:func:`~hinterland.layout.hubs.hub_sites`), so
    the Beijing-Tianjin-Hebei hub is priced at Beijing's, not at Zhangjiakou's (Hebei) figures.

    Raises
    ------
    DataError
        If a candidate site has no value (the atlas has no benchmark price for Tibet, so
        ``"all"`` fails); the message names the sites.
    """
    from hinterland.atlas import IndicatorTable, adcodes
    from hinterland.layout.hubs import hub_sites

    tbl = IndicatorTable.default()
    price_code, green_code = ATLAS_SITE_DATA.values()
    price_years = tbl.years(price_code)
    green_years = tbl.complete_years(green_code)
    if not price_years or not green_years:
        raise DataError(f"the atlas has no {price_code} or no complete year of {green_code}")
    price_year, green_year = int(max(price_years)), int(max(green_years))
    price = tbl.series(price_code, price_year)
    green = tbl.series(green_code, green_year) / 100.0
    if candidates == "hubs":
        where = hub_sites()["adcode"]
    elif candidates == "all":
        where = pd.Series(list(adcodes()), index=list(adcodes()))
    else:
        raise unknown("candidates", candidates, ("hubs", "all"))
    p = pd.Series(price.reindex(where.to_numpy()).to_numpy(), index=where.index)
    g = pd.Series(green.reindex(where.to_numpy()).to_numpy(), index=where.index)
    gaps = [str(k) for k in where.index if not (np.isfinite(p[k]) and np.isfinite(g[k]))]
    if gaps:
        raise DataError(
            f"the atlas has no {price_code} or {green_code} for site(s) {', '.join(gaps)}; "
            "pass your own site data"
        )
    from hinterland.messages import Indicator, msg

    notes = (
        msg("hubs.site.price", code=Indicator(price_code), year=price_year),
        msg("hubs.site.green", code=Indicator(green_code), year=green_year),
        msg("hubs.site.city"),
    )
    return p.rename("electricity_price"), g.rename("renewable_share"), notes
