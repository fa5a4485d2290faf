r"""The Gini coefficient, unweighted and population-weighted.

Both are one formula, the weighted mean absolute difference over twice the mean:

.. math::

    G = \frac{\sum_{i=1}^n \sum_{j=1}^n p_i p_j \lvert y_i - y_j \rvert}{2\mu},
    \qquad p_i = \frac{w_i}{\sum_k w_k}, \quad \mu = \sum_i p_i y_i.

*Unweighted* (:math:`p_i = 1/n`) this is
:math:`\sum_i \sum_j \lvert y_i - y_j\rvert / (2 n^2 \bar y)`, the Gini of PySAL's
``inequality.gini.Gini`` (no small-sample factor :math:`n/(n-1)`), so the Gini of one unit
holding everything among :math:`n` is :math:`(n-1)/n`.

*Population-weighted* (:math:`w_i` the population of region :math:`i`), it is the Gini of the
individuals when every person is given their region's mean (Milanovic's "concept 2"
inequality): with integer weights it equals the unweighted Gini of the vector that repeats
:math:`y_i` :math:`w_i` times. For :math:`y_i \ge 0` and :math:`w_i > 0`,
:math:`0 \le G \le 1 - \min_i p_i < 1`.

It is computed in :math:`O(n \log n)` from the values sorted ascending,
:math:`y_{(1)} \le \dots \le y_{(n)}`, as a sum of non-negative terms (so it is never
negative and is exactly 0 for equal values): each gap between neighbours is crossed by the pairs
with one member on each side,

.. math::

    G = \frac{1}{\mu} \sum_{k=1}^{n-1} \left(y_{(k+1)} - y_{(k)}\right) P_k (1 - P_k),
    \qquad P_k = \sum_{i \le k} p_{(i)}.

References
----------
Gini, C. (1912). *Variabilità e mutabilità*. Bologna: Tipografia di Paolo Cuppini.

Lerman, R. I., & Yitzhaki, S. (1989). Improving the accuracy of estimates of Gini coefficients.
*Journal of Econometrics*, 42(1), 43-47.

Milanovic, B. (2005). *Worlds Apart: Measuring International and Global Inequality*.
Princeton University Press, ch. 2.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from hinterland.errors import ValidationError
from hinterland.metrics import _validate as v

__all__ = ["gini"]


def _gini(y: np.ndarray, p: np.ndarray) -> float:
    """Gini of validated ``y >= 0`` (positive mean) with shares ``p`` summing to 1."""
    order = np.argsort(y, kind="stable")
    ys, ps = y[order], p[order]
    ys = ys / ys[-1]  # the Gini is scale-free; scaling by the maximum avoids underflow
    below = np.cumsum(ps)[:-1]  # P_k: weight of the k lowest units
    above = np.cumsum(ps[::-1])[::-1][1:]  # 1 - P_k, summed from the top (no cancellation)
    return float((np.diff(ys) * below) @ above / (ps @ ys))


def gini(y: ArrayLike, w: ArrayLike | None = None) -> float:
    r"""Gini coefficient of ``y``, optionally weighted by ``w`` (e.g. population).

    .. math::

        G = \frac{1}{2\mu} \sum_{i=1}^n \sum_{j=1}^n p_i p_j \lvert y_i - y_j \rvert,
        \qquad p_i = \frac{w_i}{\sum_k w_k}, \quad \mu = \sum_i p_i y_i.

    Parameters
    ----------
    y : array_like, shape (n,)
        Values, all >= 0 with a positive mean (e.g. GDP per capita of provinces).
    w : array_like, shape (n,), optional
        Weights, all > 0. Omitted: every unit weighs 1 (:math:`p_i = 1/n`), which is PySAL's
        ``inequality.gini.Gini``. Given: the population-weighted Gini of the individuals,
        each credited with their region's value.

    Returns
    -------
    float
        :math:`0 \le G < 1`; 0 when all values are equal, :math:`1 - p_k` when unit :math:`k`
        holds everything. Unchanged when ``y`` is multiplied by a constant.

    Raises
    ------
    ValidationError
        If ``y`` or ``w`` holds NaN or inf, a value of ``y`` is negative, all of ``y`` is zero,
        a weight is <= 0, or the lengths differ.

    References
    ----------
    Milanovic, B. (2005). *Worlds Apart: Measuring International and Global Inequality*.
    Princeton University Press, ch. 2.

    Examples
    --------
    One of four units holds everything: :math:`(n - 1)/n`.

    >>> gini([0.0, 0.0, 0.0, 1.0])
    0.75

    Two regions with values 1 and 3 and populations 1 and 3:
    :math:`\mu = 2.5` and :math:`G = 2 \cdot 0.25 \cdot 0.75 \cdot 2 / (2 \cdot 2.5) = 0.15`.

    >>> round(gini([1.0, 3.0], w=[1, 3]), 12)
    0.15
    """
    a = v.floats(y, "y")
    v.nonnegative(a, "y", "the Gini coefficient needs values >= 0")
    if not (a > 0).any():
        raise ValidationError(
            f"y is all zero ({a.size} values); the Gini coefficient needs a positive mean"
        )
    return _gini(a, v.population_shares(w, a.size))
