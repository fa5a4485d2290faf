"""Spatial autocorrelation of GDP per head: global Moran's I and a LISA cluster map."""

from __future__ import annotations

from hinterland.assess import SectionResult
from hinterland.atlas import labels
from hinterland.report import figures as fg
from hinterland.report.builder import Builder
from hinterland.report.i18n import t
from hinterland.spatial import CLUSTER_COLORS, CLUSTER_LABELS

ID = "lisa"
TITLE = "sec_lisa"
SUB = True  # numbered under the section before it


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    m, lisa, year = res["moran"], res["lisa"], res["year"]
    names = {k: v[lang] for k, v in CLUSTER_LABELS.items()}
    b.blocks.append({"kind": "note", "body": t("lisa_note", lang)})
    b.blocks.append(
        {"kind": "text", "body": t("moran_text", lang, year=year, i=m.I, z=m.z_rand, p=m.p_sim)}
    )
    b.blocks.append(
        {
            "kind": "html",
            "body": b.fig(
                fg.categorical_map(
                    lisa["cluster"],
                    names,
                    t("lisa_map", lang, year=year),
                    lang,
                    colors=CLUSTER_COLORS,
                )
            ),
        }
    )
    table = lisa.assign(cluster=lisa["cluster"].map(names), name=labels(lisa.index, lang))
    table = table[["name", "value", "Is", "p_sim", "cluster"]]
    table = table.rename(
        columns={
            "name": t("province", lang),
            "value": t("gdp_pc", lang),
            "cluster": t("cluster", lang),
        }
    )
    b.blocks.append(
        {
            "kind": "html",
            "body": b.table(table.set_index(t("province", lang)), "lisa_gdp_per_capita"),
        }
    )
