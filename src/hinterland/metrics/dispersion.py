r"""Dispersion measures: coefficient of variation (Williamson), standard deviation of logs, max/min.

All moments are population moments (divisor :math:`n`, or the weights), never the sample
divisor :math:`n-1`, as in Williamson (1965):

.. math::

    \bar y = \sum_i p_i y_i, \qquad
    CV = \frac{\sqrt{\sum_i p_i (y_i - \bar y)^2}}{\bar y}, \qquad
    p_i = \frac{w_i}{\sum_k w_k} \;\; (1/n \text{ unweighted}).

References
----------
Williamson, J. G. (1965). Regional inequality and the process of national development: a
description of the patterns. *Economic Development and Cultural Change*, 13(4, Part 2), 1-84.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from hinterland.errors import ValidationError
from hinterland.metrics import _validate as v

__all__ = ["coefficient_of_variation", "max_min_ratio", "std_log"]


def _cv(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    """CV of each column of validated ``y`` with shares ``p`` (columns sum to 1)."""
    mu = (p * y).sum(axis=0)
    return np.sqrt((p * (y - mu) ** 2).sum(axis=0)) / mu


def _std_log(y: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Weighted standard deviation of ``ln y`` of each column."""
    x = np.log(y)
    m = (p * x).sum(axis=0)
    return np.sqrt((p * (x - m) ** 2).sum(axis=0))


def coefficient_of_variation(y: ArrayLike, w: ArrayLike | None = None) -> float:
    r"""Coefficient of variation; with population weights, Williamson's :math:`V_w`.

    .. math::

        V_w = \frac{1}{\bar y}\sqrt{\sum_{i=1}^n \frac{w_i}{W} (y_i - \bar y)^2},
        \qquad \bar y = \sum_i \frac{w_i}{W} y_i, \quad W = \sum_i w_i.

    Unweighted (``w`` omitted) every :math:`w_i = 1`: the population standard deviation
    (divisor :math:`n`) over the mean, Williamson's :math:`V_{uw}`.

    Parameters
    ----------
    y : array_like, shape (n,)
        Values, all >= 0 with a positive mean (e.g. GDP per capita of provinces).
    w : array_like, shape (n,), optional
        Weights, all > 0 (e.g. population). With per-capita values and populations,
        :math:`\bar y` is the national per-capita value.

    Returns
    -------
    float
        :math:`CV \ge 0`, unitless and scale invariant.

    Raises
    ------
    ValidationError
        If ``y`` or ``w`` holds NaN or inf, a value of ``y`` is negative or all are zero, a
        weight is <= 0, or the lengths differ.

    References
    ----------
    Williamson, J. G. (1965). Regional inequality and the process of national development: a
    description of the patterns. *Economic Development and Cultural Change*, 13(4, Part 2),
    1-84.

    Examples
    --------
    >>> coefficient_of_variation([1.0, 3.0])  # sd 1, mean 2
    0.5
    >>> round(coefficient_of_variation([1.0, 3.0], w=[1, 3]), 6)  # sqrt(0.75) / 2.5
    0.34641
    """
    a = v.floats(y, "y")
    v.nonnegative(a, "y", "the coefficient of variation needs values >= 0")
    if not (a > 0).any():
        raise ValidationError(
            f"y is all zero ({a.size} values); the coefficient of variation needs a positive mean"
        )
    return float(_cv(a, v.population_shares(w, a.size)))


def std_log(y: ArrayLike, w: ArrayLike | None = None) -> float:
    r"""Standard deviation of :math:`\ln y`, optionally weighted (the sigma of sigma convergence).

    .. math::

        \sigma = \sqrt{\sum_i p_i (\ln y_i - m)^2}, \qquad m = \sum_i p_i \ln y_i.

    Parameters
    ----------
    y : array_like, shape (n,)
        Values, all > 0.
    w : array_like, shape (n,), optional
        Weights, all > 0; :math:`p_i = 1/n` when omitted (population standard deviation).

    Returns
    -------
    float
        :math:`\sigma \ge 0`; scale invariant (a common factor only shifts :math:`\ln y`).

    Raises
    ------
    ValidationError
        If a value of ``y`` or ``w`` is not finite and positive, or the lengths differ.

    References
    ----------
    Sala-i-Martin, X. (1996). The classical approach to convergence analysis. *The Economic
    Journal*, 106(437), 1019-1036.

    Examples
    --------
    >>> round(std_log([1.0, 4.0]), 6)  # ln(4) / 2
    0.693147
    """
    a = v.positive(v.floats(y, "y"), "y", "the standard deviation of ln(y) needs values > 0")
    return float(_std_log(a, v.population_shares(w, a.size)))


def max_min_ratio(y: ArrayLike) -> float:
    r"""Ratio of the largest to the smallest value, :math:`\max_i y_i / \min_i y_i`.

    Parameters
    ----------
    y : array_like, shape (n,)
        Values, all > 0.

    Returns
    -------
    float
        A ratio >= 1; 1 when all values are equal.

    Raises
    ------
    ValidationError
        If a value is not finite and positive.

    Examples
    --------
    >>> max_min_ratio([2.0, 5.0, 4.0])
    2.5
    """
    a = v.positive(v.floats(y, "y"), "y", "the max/min ratio needs values > 0")
    return float(a.max() / a.min())
