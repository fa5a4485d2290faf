r"""Concentration and specialisation: shares, HHI, CR-n, location quotients, Krugman, spatial Gini.

Matrices are regions by sectors, :math:`X = (x_{ij})` of shape ``(n_regions, n_sectors)``, holding
employment or output (any non-negative extensive quantity). Dots denote sums:
:math:`x_{i\cdot} = \sum_j x_{ij}` (region total), :math:`x_{\cdot j} = \sum_i x_{ij}` (sector
total), :math:`x_{\cdot\cdot}` (grand total).

References
----------
Hirschman, A. O. (1964). The paternity of an index. *The American Economic Review*, 54(5), 761.

Isard, W. (1960). *Methods of Regional Analysis*. Cambridge, MA: MIT Press, ch. 7.

Krugman, P. (1991). *Geography and Trade*. Cambridge, MA: MIT Press, ch. 2 and app. D.

Amiti, M. (1999). Specialization patterns in Europe. *Weltwirtschaftliches Archiv*, 135(4),
573-593.

Midelfart-Knarvik, K. H., Overman, H. G., Redding, S. J., & Venables, A. J. (2000). *The
Location of European Industry*. European Commission, Economic Papers 142.
"""

from __future__ import annotations

import operator
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from hinterland.errors import ValidationError
from hinterland.metrics import _validate as v
from hinterland.metrics.gini import _gini

__all__ = [
    "concentration_ratio",
    "hhi",
    "krugman_specialisation",
    "location_quotient",
    "shares",
    "spatial_gini",
]


def _vector(x: ArrayLike, name: str = "x") -> np.ndarray:
    """Validate a non-negative vector with a positive total."""
    a = v.nonnegative(v.floats(x, name), name, "shares need non-negative quantities")
    if not (a > 0).any():
        raise ValidationError(f"{name} is all zero ({a.size} values); shares need a positive total")
    return a


def _matrix(x: ArrayLike, name: str = "X") -> np.ndarray:
    """Validate a non-negative regions-by-sectors matrix whose regions all have a positive total."""
    a = v.nonnegative(v.floats(x, name, ndim=2), name, "quantities must be >= 0")
    rows = a.sum(axis=1)
    if (rows <= 0).any():
        i = int(np.argmax(rows <= 0))
        raise ValidationError(
            f"region (row) {i} of {name} has a total of 0; every region needs a positive total"
        )
    return a


def shares(x: ArrayLike) -> np.ndarray:
    r"""Shares of a total, :math:`s_i = x_i / \sum_k x_k`.

    Parameters
    ----------
    x : array_like, shape (n,)
        Non-negative quantities with a positive total (e.g. provincial output of an industry).

    Returns
    -------
    ndarray, shape (n,)
        Shares in [0, 1] summing to 1.

    Raises
    ------
    ValidationError
        If a value is NaN, inf or negative, or all are zero.

    Examples
    --------
    >>> shares([1.0, 3.0]).tolist()
    [0.25, 0.75]
    """
    a = _vector(x)
    return a / a.sum()


def hhi(x: ArrayLike, *, normalized: bool = False) -> float:
    r"""Herfindahl-Hirschman index, the sum of squared shares.

    .. math::

        H = \sum_{i=1}^n s_i^2, \qquad s_i = \frac{x_i}{\sum_k x_k}, \qquad
        H^* = \frac{H - 1/n}{1 - 1/n}.

    Parameters
    ----------
    x : array_like, shape (n,)
        Non-negative quantities (or shares) with a positive total; shares are taken here.
    normalized : bool, default False
        Return :math:`H^*`, rescaled to [0, 1] so that an even spread scores 0 whatever
        :math:`n` (needs :math:`n \ge 2`).

    Returns
    -------
    float
        :math:`H \in [1/n, 1]` (1 when one unit holds everything), or :math:`H^* \in [0, 1]`.

    Raises
    ------
    ValidationError
        If a value is NaN, inf or negative, all are zero, or ``normalized`` with one unit.

    References
    ----------
    Hirschman, A. O. (1964). The paternity of an index. *The American Economic Review*,
    54(5), 761.

    Examples
    --------
    >>> hhi([1.0, 1.0, 2.0])  # 0.25^2 + 0.25^2 + 0.5^2
    0.375
    """
    s = shares(x)
    h = float(s @ s)
    if not normalized:
        return h
    n = s.size
    if n < 2:
        raise ValidationError("the normalized HHI needs at least 2 units; x has 1")
    return (h - 1.0 / n) / (1.0 - 1.0 / n)


def concentration_ratio(x: ArrayLike, n: int) -> float:
    r"""Concentration ratio CR-n: the combined share of the ``n`` largest units.

    .. math::

        CR_n = \sum_{k=1}^{n} s_{(k)}, \qquad s_{(1)} \ge s_{(2)} \ge \dots

    Parameters
    ----------
    x : array_like, shape (m,)
        Non-negative quantities with a positive total (e.g. provincial output of an industry).
    n : int
        How many of the largest units, :math:`1 \le n \le m` (CR4 and CR8 are common).

    Returns
    -------
    float
        A share in [0, 1].

    Raises
    ------
    ValidationError
        If ``x`` is not valid for :func:`shares`, or ``n`` is not an integer in
        :math:`[1, m]`.

    Examples
    --------
    >>> concentration_ratio([5.0, 1.0, 3.0, 1.0], 2)
    0.8
    """
    s = shares(x)
    try:
        k = operator.index(n)
    except TypeError:
        raise ValidationError(f"n must be an integer; received {n!r}") from None
    if not 1 <= k <= s.size:
        raise ValidationError(f"n = {k} is outside 1..{s.size} (the number of units in x)")
    return float(np.sort(s)[::-1][:k].sum())


def location_quotient(x: ArrayLike) -> np.ndarray:
    r"""Location quotients of every region and sector.

    .. math::

        LQ_{ij} = \frac{x_{ij} / x_{i\cdot}}{x_{\cdot j} / x_{\cdot\cdot}}

    the sector's share in the region over its share in the nation; :math:`LQ_{ij} > 1` means
    region :math:`i` is specialised in sector :math:`j`.

    Parameters
    ----------
    x : array_like, shape (n_regions, n_sectors)
        Non-negative employment or output; every region and every sector needs a positive
        total.

    Returns
    -------
    ndarray, shape (n_regions, n_sectors)
        Location quotients, >= 0; their average over regions weighted by the region's share of
        the grand total is 1 for each sector.

    Raises
    ------
    ValidationError
        If a value is NaN, inf or negative, or a region (row) or sector (column) sums to 0;
        the message names the row or column.

    References
    ----------
    Isard, W. (1960). *Methods of Regional Analysis*. Cambridge, MA: MIT Press, ch. 7.

    Examples
    --------
    >>> location_quotient([[1.0, 3.0], [3.0, 3.0]]).round(6).tolist()
    [[0.625, 1.25], [1.25, 0.833333]]
    """
    a = _matrix(x)
    cols = a.sum(axis=0)
    if (cols <= 0).any():
        j = int(np.argmax(cols <= 0))
        raise ValidationError(
            f"sector (column) {j} of X has a total of 0; its location quotient is undefined"
        )
    return (a / a.sum(axis=1, keepdims=True)) / (cols / cols.sum())


def krugman_specialisation(
    x: ArrayLike, *, reference: Literal["rest", "nation"] = "rest"
) -> np.ndarray:
    r"""Krugman specialisation index of each region against the rest of the country or the nation.

    .. math::

        K_i = \sum_j \left| s_{ij} - \bar s_{ij} \right|, \qquad
        s_{ij} = \frac{x_{ij}}{x_{i\cdot}}, \qquad
        \bar s_{ij} = \begin{cases}
            \dfrac{x_{\cdot j} - x_{ij}}{x_{\cdot\cdot} - x_{i\cdot}} & \text{reference="rest"}\\
            \dfrac{x_{\cdot j}}{x_{\cdot\cdot}} & \text{reference="nation"}
        \end{cases}

    Parameters
    ----------
    x : array_like, shape (n_regions, n_sectors)
        Non-negative employment or output; every region needs a positive total.
    reference : {"rest", "nation"}, default "rest"
        Compare region :math:`i`'s sector structure with that of all *other* regions together
        (Krugman 1991; Midelfart-Knarvik et al. 2000), so a large region (Guangdong, Jiangsu)
        is not compared with an average it dominates; or with the nation including itself.

    Returns
    -------
    ndarray, shape (n_regions,)
        :math:`K_i \in [0, 2]`: 0 for a structure identical to the reference, 2 when the two
        have no sector in common.

    Raises
    ------
    ValidationError
        If a value is NaN, inf or negative, a region sums to 0, ``reference`` is unknown, or
        (``"rest"``) one region holds the whole total, so there is no rest to compare with.

    References
    ----------
    Krugman, P. (1991). *Geography and Trade*. Cambridge, MA: MIT Press, ch. 2.

    Midelfart-Knarvik, K. H., Overman, H. G., Redding, S. J., & Venables, A. J. (2000). *The
    Location of European Industry*. European Commission, Economic Papers 142.

    Examples
    --------
    >>> krugman_specialisation([[1.0, 0.0], [0.0, 1.0]]).tolist()  # nothing in common
    [2.0, 2.0]
    >>> krugman_specialisation([[1.0, 0.0], [0.0, 1.0]], reference="nation").tolist()
    [1.0, 1.0]
    """
    if reference not in ("rest", "nation"):
        raise ValidationError(f"reference must be 'rest' or 'nation'; received {reference!r}")
    a = _matrix(x)
    rows = a.sum(axis=1, keepdims=True)
    cols = a.sum(axis=0, keepdims=True)
    total = rows.sum()
    if reference == "nation":
        ref = cols / total
    else:
        # Sum of the other regions from prefix and suffix sums: no cancellation in
        # x_.j - x_ij when region i dominates sector j.
        zero = np.zeros((1, a.shape[1]))
        before = np.vstack([zero, np.cumsum(a, axis=0)[:-1]])  # sum over k < i
        after = np.vstack([np.cumsum(a[::-1], axis=0)[::-1][1:], zero])  # sum over k > i
        others = before + after
        rest = others.sum(axis=1, keepdims=True)
        if (rest <= 0).any():
            i = int(np.argmax(rest <= 0))
            raise ValidationError(
                f"region (row) {i} of X holds the whole total, so there is no rest of the "
                "country to compare with; use reference='nation'"
            )
        ref = others / rest
    return np.abs(a / rows - ref).sum(axis=1)


def spatial_gini(x: ArrayLike, base: ArrayLike) -> float | np.ndarray:
    r"""Spatial (locational) Gini of an industry: its Lorenz curve against a regional base.

    For industry :math:`j` with regional shares :math:`s_i = x_{ij} / x_{\cdot j}` and base
    shares :math:`q_i = b_i / \sum_k b_k` (e.g. each region's share of total employment), sort
    regions by :math:`LQ_i = s_i / q_i` ascending and plot cumulative :math:`s` against
    cumulative :math:`q`. The Gini is twice the area between this Lorenz curve and the diagonal:

    .. math::

        G_j = 1 - \sum_{k=1}^n q_{(k)} \left(S_{(k-1)} + S_{(k)}\right)
            = \frac{1}{2}\sum_{i=1}^n \sum_{l=1}^n q_i q_l \left| LQ_i - LQ_l \right|,

    with :math:`S_{(k)}` the cumulative industry share of the first :math:`k` regions: the
    :math:`q`-weighted Gini of the location quotients, whose :math:`q`-weighted mean is 1.

    This is the locational Gini of Krugman (1991, app. D) and Amiti (1999), often called the
    spatial Gini (空间基尼系数) in Chinese studies. It is *not* PySAL's
    ``inequality.gini.Gini_Spatial`` (Rey & Smith 2013), which splits an ordinary Gini into
    neighbour and non-neighbour pairs. Some studies instead use the simpler
    :math:`\sum_i (s_i - q_i)^2`, which is a different number.

    Parameters
    ----------
    x : array_like, shape (n_regions,) or (n_regions, n_industries)
        Non-negative employment or output of the industry (or of each industry, by column) in
        each region; every industry needs a positive total.
    base : array_like, shape (n_regions,)
        Positive regional base: total employment or output of all industries (or population,
        or area), e.g. ``X.sum(axis=1)`` for a complete regions-by-sectors table.

    Returns
    -------
    float or ndarray, shape (n_industries,)
        :math:`G \in [0, 1 - \min_i q_i]`: 0 when the industry is spread exactly like the base,
        near 1 when it sits in one small region. A float for 1-dimensional ``x``.

    Raises
    ------
    ValidationError
        If a value is NaN, inf or negative, ``base`` has a value <= 0, an industry sums to 0,
        or the number of regions differs.

    References
    ----------
    Krugman, P. (1991). *Geography and Trade*. Cambridge, MA: MIT Press, app. D.

    Amiti, M. (1999). Specialization patterns in Europe. *Weltwirtschaftliches Archiv*,
    135(4), 573-593.

    Examples
    --------
    Two regions of equal size, the industry all in one of them:

    >>> spatial_gini([0.0, 10.0], base=[50.0, 50.0])
    0.5
    """
    a = v.nonnegative(v.floats(x, "x", ndim=(1, 2)), "x", "quantities must be >= 0")
    b = v.positive(v.floats(base, "base"), "base", "every region needs a positive base")
    v.same_length(a, "x", b.size, "base", "region")
    cols = a.reshape(a.shape[0], -1)
    totals = cols.sum(axis=0)
    if (totals <= 0).any():
        j = int(np.argmax(totals <= 0))
        raise ValidationError(
            f"industry (column) {j} of x has a total of 0; its spatial Gini is undefined"
        )
    q = b / b.sum()
    lq = (cols / totals) / q[:, None]
    out = np.array([_gini(lq[:, j], q) for j in range(cols.shape[1])])
    return float(out[0]) if a.ndim == 1 else out
