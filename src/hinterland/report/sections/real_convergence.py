"""Convergence of GDP per head at constant prices beside current prices."""

from __future__ import annotations

import pandas as pd

from hinterland.assess import SectionResult
from hinterland.report import figures as fg
from hinterland.report.builder import Builder
from hinterland.report.i18n import t

ID = "real_convergence"
TITLE = "sec_real_convergence"
SUB = True  # numbered under the section before it


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    start, end = res["start"], res["end"]
    real, nominal = res["result"].real_beta, res["result"].nominal.beta
    sigma = res["sigma"].rename(
        columns={"real": t("real_prices", lang), "nominal": t("current_prices", lang)}
    )
    b.blocks.append(
        {
            "kind": "note",
            "body": t(
                "real_conv_note",
                lang,
                start=start,
                end=end,
                breaks=", ".join(map(str, res["breaks"])) or "—",
            ),
        }
    )
    b.blocks.append(
        {
            "kind": "html",
            "body": b.fig(
                fg.lines(
                    sigma,
                    t("real_sigma_chart", lang, start=start),
                    lang,
                    ytitle="σ(ln y)",
                    breaks=res["breaks"],
                )
            ),
        }
    )
    b.blocks.append(
        {
            "kind": "text",
            "body": t(
                "real_conv_text",
                lang,
                start=start,
                end=end,
                br=real.beta,
                pr=real.p_beta,
                hr=real.half_life,
                bn=nominal.beta,
                pn=nominal.p_beta,
                hn=nominal.half_life,
                g=float(res["growth"].median()),
            ),
        }
    )
    table = res["table"][
        ["beta", "p_beta", "speed", "half_life", "r2", "n", "std_log_first", "std_log_last"]
    ]
    table = table.rename(
        index={"real": t("real_prices", lang), "nominal": t("current_prices", lang)}
    )
    b.blocks.append({"kind": "html", "body": b.table(table, "real_vs_nominal_convergence")})
    growth = pd.DataFrame({t("real_growth", lang): res["growth"]})
    b.csv(growth, "real_growth_gdp_per_capita")
