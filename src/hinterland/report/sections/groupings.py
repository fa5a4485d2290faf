"""The regional groupings mapped: four blocs, Third Front lines, city clusters, computing hubs."""

from __future__ import annotations

import pandas as pd

from hinterland import coordination as coord
from hinterland.assess import SectionResult
from hinterland.atlas import grouping, labels
from hinterland.report import figures as fg
from hinterland.report.builder import Builder

ID = "groupings"
TITLE = "sec_groupings"


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    maps = []
    for name, assign in res["assignments"].items():
        g = grouping(name)
        names = coord.group_labels(g, lang)
        maps.append(
            b.fig(
                fg.categorical_map(
                    assign,
                    names,
                    g.label(lang),
                    lang,
                    hu=name == "third_front",
                    colors=fg.group_colours(g),
                )
            )
        )
        rows = {
            grp.code: {
                "label": grp.label(lang),
                "provinces": " ".join(labels(grp.adcodes, lang)),
                "partial": " ".join(labels(grp.partial, lang)),
            }
            for grp in g.groups
        }
        b.csv(pd.DataFrame(rows).T, f"grouping_{name}")
    b.blocks.append({"kind": "grid", "body": maps})
