"""Industry transfer (产业转移): shift-share by group and the hinterland's share of key products."""

from __future__ import annotations

import pandas as pd

from hinterland.assess import SectionResult
from hinterland.atlas import definitions
from hinterland.coordination import group_labels
from hinterland.report import figures as fg
from hinterland.report.builder import Builder
from hinterland.report.i18n import label, t

ID = "transfer"
TITLE = "sec_transfer"
SUB = True  # numbered under the section before it


def _label(code: str, lang: str) -> str:
    return definitions()[code][f"label_{lang}"]


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    b.blocks.append({"kind": "note", "body": t("transfer_note", lang)})
    s0, s1 = res["va_start"], res["va_end"]
    for by, ss in res["va"].items():
        names = group_labels(by, lang)
        shifts = ss.groups["regional_shift"].unstack("group").rename(columns=names)
        shifts = shifts[fg.in_group_order(shifts.columns, lang)]
        shifts.index = [_label(c, lang) for c in shifts.index]
        title = t("transfer_chart", lang, start=s0, end=s1, by=t(f"ss_{by}", lang))
        b.blocks.append(
            {
                "kind": "html",
                "body": b.fig(
                    fg.bars(
                        shifts,
                        title,
                        lang,
                        ytitle=t("yi_yuan", lang),
                        barmode="group",
                        colours=fg.group_colours(by, lang),
                    )
                ),
            }
        )
        totals = ss.totals().rename(index=names)
        totals = totals.loc[fg.in_group_order(totals.index, lang)]
        b.blocks.append({"kind": "html", "body": b.table(totals, f"shift_share_value_added_{by}")})
    shares = res["product_shares"].rename(columns=lambda c: _label(c, lang))
    b.blocks.append(
        {
            "kind": "html",
            "body": b.fig(fg.lines(shares, t("hinterland_products_chart", lang), lang, ytitle="%")),
        }
    )
    rows = {}
    for code, ss in res["products"].items():
        tot = ss.totals().rename(index=group_labels("third_front", lang))
        for grp, row in tot.iterrows():
            rows[(_label(code, lang), grp)] = {
                t("unit", lang): definitions()[code]["unit" if lang == "zh" else "unit_en"],
                str(ss.start): row["start"],
                str(ss.end): row["end"],
                t("national_growth", lang): row["national_growth"],
                t("regional_shift", lang): row["regional_shift"],
            }
    frame = pd.DataFrame(rows).T
    frame.index.names = [t("product", lang), label("group", lang)]
    b.blocks.append({"kind": "html", "body": b.table(frame, "shift_share_products_third_front")})
    b.csv(res["product_shares"], "hinterland_share_of_products")
