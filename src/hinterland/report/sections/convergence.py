"""Sigma and beta convergence of GDP per head."""

from __future__ import annotations

import pandas as pd

from hinterland.assess import SectionResult
from hinterland.atlas import labels
from hinterland.report import figures as fg
from hinterland.report.builder import Builder
from hinterland.report.i18n import t

ID = "convergence"
TITLE = "sec_convergence"


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    blocks = b.blocks
    start, end, beta = res["start"], res["end"], res["result"].beta
    sigma = res["sigma"].rename(columns={"std_log": "σ(ln y)", "cv": t("cv_plain", lang)})
    points = res["points"]
    blocks.append(
        {
            "kind": "grid",
            "body": [
                b.fig(fg.lines(sigma, t("sigma_chart", lang), lang, breaks=res["result"].breaks)),
                b.fig(
                    fg.scatter_fit(
                        points["log_initial"].to_numpy(),
                        points["growth"].to_numpy(),
                        labels(points.index, lang),
                        beta.alpha,
                        beta.beta,
                        t("beta_chart", lang, start=start, end=end),
                        lang,
                        t("log_initial", lang),
                        t("growth", lang),
                    )
                ),
            ],
        }
    )
    blocks.append(
        {
            "kind": "text",
            "body": t(
                "beta_text",
                lang,
                start=start,
                end=end,
                b=beta.beta,
                se=beta.se_beta,
                p=beta.p_beta,
                r2=beta.r2,
                n=beta.n,
                lam=beta.speed,
                hl=beta.half_life,
            ),
        }
    )
    sigma.index.name = t("year", lang)
    b.csv(sigma, "sigma_convergence")
    b.csv(pd.Series(beta.to_dict()), "beta_convergence")
