"""Strategic channels: baseline corridor flows, N-1 criticality, the westward comparison."""

from __future__ import annotations

from hinterland.report import figures as fg
from hinterland.report.builder import Builder, Context
from hinterland.report.i18n import t

ID = "channels"
TITLE = "sec_channels"


def render(b: Builder, ctx: Context) -> None:
    """Strategic channels: baseline flows map, N-1 criticality, the westward comparison."""
    from hinterland.corridors.flow import solve
    from hinterland.corridors.network import CorridorNetwork
    from hinterland.corridors.resilience import criticality, western_comparison

    lang = b.lang
    blocks = b.blocks
    net = CorridorNetwork.default()
    base = solve(net)
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
    crit = criticality(net, k=1, elements="edges").head(10)
    crit = crit[
        [
            "element",
            "unmet_container",
            "unmet_crude_oil",
            "unmet_natural_gas",
            "unmet_share",
            "cost_increase",
        ]
    ]
    blocks.append({"kind": "text", "body": t("crit_title", lang)})
    blocks.append({"kind": "html", "body": b.table(crit, "corridor_criticality_n1")})
    west = western_comparison(net)
    west.index = [" · ".join(map(str, i)) for i in west.index]
    blocks.append({"kind": "text", "body": t("western_title", lang)})
    blocks.append({"kind": "html", "body": b.table(west, "corridor_western_comparison")})
    base.to_frame().to_csv(b.tables_dir / "corridor_flows.csv", encoding="utf-8-sig")
