"""Data sources and checking: figures and checked figures per indicator."""

from __future__ import annotations

import pandas as pd

from hinterland._numbers import year_ranges
from hinterland.assess import SectionResult
from hinterland.atlas import definitions
from hinterland.report.builder import Builder
from hinterland.report.i18n import TERMS, t

ID = "sources"
TITLE = "sec_sources"


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    prov = res["provenance"].copy()
    defs = definitions()
    if "editions" in prov.columns:
        prov["editions"] = [
            "、".join(TERMS.get(e.strip(), {}).get(lang, e.strip()) for e in str(v).split(","))
            if lang == "zh"
            else ", ".join(TERMS.get(e.strip(), {}).get(lang, e.strip()) for e in str(v).split(","))
            for v in prov["editions"]
        ]
    if "years" in prov.columns:
        prov["years"] = [year_ranges(v, lang) for v in prov["years"]]
    prov.insert(0, "indicator_code", prov.index)
    prov.index = [defs[i][f"label_{lang}"] for i in prov.index]
    prov.index.name = t("indicator", lang)
    prov = prov.rename(
        columns={
            "figures": t("figures", lang),
            "checked": t("checked", lang),
            "years": t("years", lang),
            "sources": t("sources", lang),
        }
    )
    b.blocks.append({"kind": "text", "body": t("sources_text", lang)})
    dist = res["checked"]
    n = int(dist.sum())
    pct = 100 * (dist["official"] + dist["two_copies"]) / n
    b.blocks.append({"kind": "text", "body": t("checked_text", lang, n=n, pct=pct)})
    frame = pd.DataFrame({t("figures", lang): dist, "%": dist / n})
    frame.index = [t(f"checked_{k}", lang) for k in dist.index]
    b.blocks.append(
        {"kind": "html", "body": b.table(frame, "checked_distribution", percent=("%",))}
    )
    wrap = {"indicator_code": "code", t("sources", lang): "cite"}
    b.blocks.append({"kind": "html", "body": b.table(prov, "data_provenance", wrap=wrap)})
    b.csv(res["panel"], "indicator_panel", index=False)
