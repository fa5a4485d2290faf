"""Inequality, convergence and concentration kernels: numpy arrays in, floats or arrays out.

Pure functions with no pandas and no I/O; the labelled analyses in ``hinterland.coordination``
call them. Every function validates its input and raises
:class:`hinterland.errors.ValidationError` naming the first bad value.

- Inequality: :func:`theil_t`, :func:`theil_l`, :func:`theil_decomposition`, :func:`gini`,
  :func:`coefficient_of_variation` (Williamson when weighted), :func:`std_log`,
  :func:`max_min_ratio`.
- Convergence: :func:`sigma_convergence`, :func:`beta_convergence`.
- Concentration and specialisation: :func:`shares`, :func:`hhi`, :func:`concentration_ratio`,
  :func:`location_quotient`, :func:`krugman_specialisation`, :func:`spatial_gini`.
"""

from hinterland.metrics.concentration import (
    concentration_ratio,
    hhi,
    krugman_specialisation,
    location_quotient,
    shares,
    spatial_gini,
)
from hinterland.metrics.convergence import (
    BetaConvergence,
    SigmaConvergence,
    beta_convergence,
    sigma_convergence,
)
from hinterland.metrics.dispersion import coefficient_of_variation, max_min_ratio, std_log
from hinterland.metrics.gini import gini
from hinterland.metrics.theil import TheilResult, theil_decomposition, theil_l, theil_t

__all__ = [
    "BetaConvergence",
    "SigmaConvergence",
    "TheilResult",
    "beta_convergence",
    "coefficient_of_variation",
    "concentration_ratio",
    "gini",
    "hhi",
    "krugman_specialisation",
    "location_quotient",
    "max_min_ratio",
    "shares",
    "sigma_convergence",
    "spatial_gini",
    "std_log",
    "theil_decomposition",
    "theil_l",
    "theil_t",
]
