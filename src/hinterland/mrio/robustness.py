"""How the China estimate's headline results move with its two free parameters (FLQ delta, beta).

:func:`headline` computes, on one table, the figures the issue names as the ones an analyst
would quote: the national loss and the share outside Shanghai of a 50% Shanghai electronics
shock; the ten largest interprovincial dependencies; the backup placements at budget 500; and
two measures of how much the provinces trade with each other (the own-province share of
purchases of domestic goods, and interprovincial trade relative to value added, compared with
the published figure in ``docs/mrio.md``). :func:`sensitivity` runs it over a grid of
estimates; the shipped ``mrio/data/china_sensitivity_2020.csv`` is its result for the default
grid (``scripts/build_china_tables.py`` writes it), read by :func:`shipped_sensitivity`.
"""

from __future__ import annotations

from importlib import resources

import numpy as np

__all__ = ["BETAS", "DELTAS", "headline", "sensitivity", "shipped_sensitivity", "trade_intensity"]

DELTAS = (0.1, 0.2, 0.3, 0.4)
BETAS = (0.5, 1.0, 1.5, 2.0)
SHOCK = {"region": 310000, "sector": "20", "severity": 0.5, "model": "ario", "days": 365}
BUDGET = 500.0
SENSITIVITY_FILE = "china_sensitivity_2020.csv"


def trade_intensity(m) -> dict[str, float]:
    """Own-province share of domestic purchases, and interprovincial flows / value added."""
    Z, Y, _, v = m.to_arrays()
    Z = np.asarray(Z)
    n_reg, n_sec = len(m.regions), len(m.sectors)
    z4 = Z.reshape(n_reg, n_sec, n_reg, n_sec).sum(axis=(1, 3))
    y3 = np.asarray(Y).reshape(n_reg, n_sec, n_reg, -1).sum(axis=(1, 3))
    flows = z4 + y3  # origin x destination, intermediate and final
    own = float(np.trace(flows) / flows.sum())
    inter = float(flows.sum() - np.trace(flows))
    return {"own_province_share": own, "interprovincial_to_value_added": inter / float(v.sum())}


def headline(m) -> dict:
    """The headline figures of one table (see the module docstring)."""
    from hinterland.layout import optimize
    from hinterland.layout.from_table import table_instance
    from hinterland.mrio.analysis import dependence, shock

    res = shock(m, **SHOCK)
    dep = dependence(m).drop(columns="exports", errors="ignore")
    share = dep.div(dep.sum(axis=1), axis=0).stack()
    share = share[[r != s for r, s in share.index]].sort_values(ascending=False).head(10)
    built = table_instance(m)
    sol = optimize(built.instance, BUDGET)
    sizes = sol.sizes().stack()
    sizes = sizes[sizes > 1e-9]
    placements = ";".join(f"{a}:{k}:{s:.1f}" for (a, k), s in sizes.items())
    return {
        "shock_national_loss": res.national_output_loss,
        "shock_loss_outside_share": res.loss_outside_shocked_share,
        "top10_dependencies": ";".join(f"{r}>{s}" for r, s in share.index),
        "placements_budget_500": placements,
        "expected_loss_after_500": sol.expected_loss_after,
        **trade_intensity(m),
    }


def sensitivity(year: int = 2020, deltas=DELTAS, betas=BETAS, **build_options):
    """Return :func:`headline` for every estimate of the grid (one row per delta and beta)."""
    import pandas as pd

    from hinterland.mrio import china

    rows = []
    for d in deltas:
        for b in betas:
            m = china.build(year, delta=d, beta=b, **build_options)
            rows.append({"delta": d, "beta": b, **headline(m)})
    return pd.DataFrame(rows)


def shipped_sensitivity():
    """The shipped sensitivity table of the 2020 estimate (``mrio/data``)."""
    import pandas as pd

    path = resources.files("hinterland.mrio") / "data" / SENSITIVITY_FILE
    with resources.as_file(path) as p:
        return pd.read_csv(p)
