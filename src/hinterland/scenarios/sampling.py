r"""Seeded samples of a spec's uncertain parameters: Latin hypercube, Sobol, Saltelli, Morris.

Points are drawn in the unit hypercube and mapped through each parameter's inverse CDF:

- ``lhs``: :class:`scipy.stats.qmc.LatinHypercube`; ``sobol``: scrambled
  :class:`scipy.stats.qmc.Sobol` (balanced when ``n`` is a power of 2);
- ``saltelli``: SALib's Saltelli design (``SALib.sample.sobol``, first and total order), for
  Sobol indices; ``n`` is rounded up to a multiple of ``d + 2``;
- ``morris``: SALib's Morris trajectories (4 levels); ``n`` is rounded up to a multiple of
  ``d + 1``.

A correlation (lhs and sobol only) is a Gaussian copula: unit points :math:`u` become normal
scores :math:`z = \Phi^{-1}(u)`, then :math:`z' = z L^\top` with :math:`L L^\top = C` the
Cholesky factor of the correlation matrix, then :math:`u' = \Phi(z')`; each marginal keeps its
distribution and the rank correlation follows :math:`C` (Iman & Conover 1982 use the same
normal-score idea).

The whole design is drawn from the seed at once, so sample ``i`` is the same whatever the
chunking or the number of workers; day parameters are rounded to whole days.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from scipy.stats import qmc

from hinterland.errors import ValidationError
from hinterland.scenarios.spec import (
    Beta,
    Discrete,
    EnsembleSpec,
    LogNormal,
    Triangular,
    Uniform,
)

__all__ = ["Design", "design", "inverse_cdf"]

_EPS = 1e-12
_DAY_PARAMS = {"timing.day": 1, "timing.duration": 0, "timing.recovery_days": 1}


def inverse_cdf(dist: object, u: np.ndarray) -> np.ndarray:
    """Return the quantiles of ``dist`` at the unit points ``u``."""
    u = np.clip(np.asarray(u, dtype=float), _EPS, 1.0 - _EPS)
    if isinstance(dist, Uniform):
        return dist.low + u * (dist.high - dist.low)
    if isinstance(dist, Triangular):
        width = dist.high - dist.low
        return stats.triang.ppf(u, (dist.mode - dist.low) / width, loc=dist.low, scale=width)
    if isinstance(dist, LogNormal):
        return dist.median * np.exp(dist.sigma * stats.norm.ppf(u))
    if isinstance(dist, Beta):
        return dist.low + (dist.high - dist.low) * stats.beta.ppf(u, dist.a, dist.b)
    if isinstance(dist, Discrete):
        cum = np.cumsum(dist.probabilities)
        cum /= cum[-1]
        idx = np.minimum(np.searchsorted(cum, u, side="right"), len(dist.values) - 1)
        return np.asarray(dist.values, dtype=float)[idx]
    raise ValidationError(f"unknown distribution {dist!r}")  # pragma: no cover


@dataclass(frozen=True)
class Design:
    """A sampling design: unit points, parameter values and what SALib needs to analyse them.

    Attributes
    ----------
    method : str
        ``lhs``, ``sobol``, ``saltelli`` or ``morris``.
    names : tuple of str
        Uncertain parameters, in column order.
    unit : ndarray, shape (n, d)
        Points in the unit hypercube (after the copula, if any).
    values : DataFrame
        Parameter values, index ``sample_id`` (0..n-1), one column per parameter.
    """

    method: str
    names: tuple[str, ...]
    unit: np.ndarray
    values: pd.DataFrame

    @property
    def n(self) -> int:
        """Number of samples."""
        return len(self.values)

    def problem(self) -> dict:
        """The SALib problem: one unit interval per parameter (designs are in quantile space)."""
        return {
            "num_vars": len(self.names),
            "names": list(self.names),
            "bounds": [[0, 1]] * len(self.names),
        }


def _unit(method: str, d: int, n: int, seed: int) -> np.ndarray:
    if method == "lhs":
        return qmc.LatinHypercube(d=d, seed=np.random.default_rng(seed)).random(n)
    if method == "sobol":
        with warnings.catch_warnings():  # balance needs a power of 2; any n is still valid
            warnings.simplefilter("ignore", UserWarning)
            return qmc.Sobol(d=d, scramble=True, seed=np.random.default_rng(seed)).random(n)
    problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0, 1]] * d}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "saltelli":
            from SALib.sample import sobol as saltelli

            base = max(1, math.ceil(n / (d + 2)))
            return saltelli.sample(problem, base, calc_second_order=False, seed=seed)
        from SALib.sample import morris

        trajectories = max(2, math.ceil(n / (d + 1)))
        return morris.sample(problem, trajectories, num_levels=4, seed=seed)


def design(spec: EnsembleSpec, n: int, seed: int) -> Design:
    """Draw the design of ``spec`` for about ``n`` samples (exactly ``n`` for lhs and sobol).

    Parameters
    ----------
    spec : EnsembleSpec
    n : int
        Samples wanted (>= 2).
    seed : int
        Seed (>= 0); the same spec, ``n`` and seed give the same design.

    Raises
    ------
    ValidationError
        If ``n`` or ``seed`` is out of range.
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 2:
        raise ValidationError(f"n = {n!r} must be an integer >= 2")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValidationError(f"seed = {seed!r} must be an integer >= 0")
    params = spec.uncertain()
    names = tuple(params)
    method = spec.sampling.method
    u = _unit(method, len(names), int(n), int(seed))
    if spec.correlation is not None:
        corr = np.eye(len(names))
        pos = [names.index(p) for p in spec.correlation.parameters]
        corr[np.ix_(pos, pos)] = np.array(spec.correlation.matrix)
        z = stats.norm.ppf(np.clip(u, _EPS, 1 - _EPS)) @ np.linalg.cholesky(corr).T
        u = stats.norm.cdf(z)
    values = {}
    for j, name in enumerate(names):
        v = inverse_cdf(params[name], u[:, j])
        if name in _DAY_PARAMS:
            v = np.maximum(np.round(v), _DAY_PARAMS[name])
        values[name] = v
    frame = pd.DataFrame(values, index=pd.RangeIndex(len(u), name="sample_id"))
    return Design(method=method, names=names, unit=u, values=frame)
