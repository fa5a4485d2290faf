"""Strategic channels: baseline corridor flows, N-1 criticality, the westward comparison."""

from __future__ import annotations

from hinterland.assess import SectionResult
from hinterland.report import figures as fg
from hinterland.report.builder import Builder
from hinterland.report.i18n import t

ID = "channels"
TITLE = "sec_channels"

CRITICALITY_COLUMNS = [
    "element",
    "unmet_container",
    "unmet_crude_oil",
    "unmet_natural_gas",
    "unmet_share",
    "cost_increase",
]


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    blocks = b.blocks
    net, base = res["network"], res["baseline"]
    names = {k: t(k, lang) for k in ("crude_oil", "natural_gas", "container")}
    blocks.append({"kind": "note", "body": t("channels_text", lang)})
    blocks.append(
        {
            "kind": "html",
            "body": b.fig(
                fg.network_map(
                    net.nodes, net.edges, base.flows, t("channels_map", lang), lang, names
                )
            ),
        }
    )
    crit = res["worst"][CRITICALITY_COLUMNS]
    blocks.append({"kind": "text", "body": t("crit_title", lang)})
    blocks.append({"kind": "html", "body": b.table(crit, "corridor_criticality_n1")})
    west = res["western"].copy()
    west.index = [" · ".join(map(str, i)) for i in west.index]
    blocks.append({"kind": "text", "body": t("western_title", lang)})
    blocks.append({"kind": "html", "body": b.table(west, "corridor_western_comparison")})
    b.csv(base.to_frame(), "corridor_flows")
