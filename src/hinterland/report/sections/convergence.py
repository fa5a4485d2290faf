"""Sigma and beta convergence of GDP per head."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hinterland import coordination as coord
from hinterland.atlas import labels
from hinterland.report import figures as fg
from hinterland.report.builder import Builder, Context
from hinterland.report.i18n import t

ID = "convergence"
TITLE = "sec_convergence"


def render(b: Builder, ctx: Context) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    tbl = ctx.table
    blocks = b.blocks
    years = [y for y in tbl.years("gdp_per_capita") if y <= 2023]
    start, end = min(years), max(years)
    c = coord.convergence("gdp_per_capita", start, end, table=tbl)
    sigma = pd.DataFrame({"σ(ln y)": c.sigma.std_log, "CV": c.sigma.cv}, index=c.years)
    panel = tbl.panel("gdp_per_capita", [start, end]).dropna()
    x = np.log(panel[start].to_numpy())
    g = np.log(panel[end].to_numpy() / panel[start].to_numpy()) / (end - start)
    beta = c.beta
    blocks.append(
        {
            "kind": "grid",
            "body": [
                b.fig(fg.lines(sigma, t("sigma_chart", lang), lang)),
                b.fig(
                    fg.scatter_fit(
                        x,
                        g,
                        labels(panel.index, lang),
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
    sigma.to_csv(b.tables_dir / "sigma_convergence.csv", encoding="utf-8-sig")
    pd.Series(beta.to_dict()).to_csv(b.tables_dir / "beta_convergence.csv", encoding="utf-8-sig")
