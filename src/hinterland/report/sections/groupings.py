"""The regional groupings mapped: four blocs, Third Front lines, city clusters, computing hubs."""

from __future__ import annotations

import pandas as pd

from hinterland import coordination as coord
from hinterland.atlas import adcodes, grouping, labels
from hinterland.report import figures as fg
from hinterland.report.builder import Builder, Context

ID = "groupings"
TITLE = "sec_groupings"


def _first_group(g) -> pd.Series:
    """Each province's group; where groups overlap, the first group listed wins (for maps)."""
    out: dict[int, str] = {}
    for grp in g.groups:
        for a in grp.adcodes:
            out.setdefault(a, grp.code)
    return pd.Series(out, dtype=object).reindex(adcodes())


def render(b: Builder, ctx: Context) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    blocks = b.blocks
    maps = []
    for name in ("four_blocs", "third_front", "city_clusters", "computing_hubs"):
        g = grouping(name)
        names = coord.group_labels(g, lang)
        assign = _first_group(g)
        maps.append(
            b.fig(fg.categorical_map(assign, names, g.label(lang), lang, hu=name == "third_front"))
        )
        rows = {
            grp.code: {
                "label": grp.label(lang),
                "provinces": " ".join(labels(grp.adcodes, lang)),
                "partial": " ".join(labels(grp.partial, lang)),
            }
            for grp in g.groups
        }
        pd.DataFrame(rows).T.to_csv(b.tables_dir / f"grouping_{name}.csv", encoding="utf-8-sig")
    blocks.append({"kind": "grid", "body": maps})
