r"""Theil's T (GE(1)) and L (GE(0), mean log deviation), population-weighted, with decomposition.

Notation, for units (regions) :math:`i = 1..n` with values :math:`y_i > 0` (e.g. GDP per
capita) and weights :math:`w_i > 0` (e.g. population):

.. math::

    p_i = \frac{w_i}{\sum_k w_k}, \qquad
    \mu = \sum_i p_i y_i, \qquad
    s_i = \frac{p_i y_i}{\mu} = \frac{y_i w_i}{\sum_k y_k w_k},

so :math:`p_i` is the population share and :math:`s_i` the income share of unit :math:`i`.

.. math::

    T = \sum_i s_i \ln\frac{s_i}{p_i}, \qquad L = \sum_i p_i \ln\frac{p_i}{s_i}.

Without weights every :math:`w_i = 1`, :math:`p_i = 1/n` and :math:`T` is the classic Theil
index :math:`\sum_i s_i \ln(n s_i)` of PySAL's ``inequality.theil.Theil``. With integer weights,
the weighted index of the regions equals the unweighted index of the individuals obtained by
repeating each region's value :math:`w_i` times.

Both indices are computed as sums of non-negative terms,
:math:`T = \sum_i p_i\,(r_i \ln r_i - r_i + 1)` and :math:`L = \sum_i p_i\,(r_i - 1 - \ln r_i)`
with :math:`r_i = y_i / \mu` (equal to the formulas above because :math:`\sum_i p_i r_i = 1`),
so a result is never negative, and is 0 (up to rounding of order ``1e-32``) when all values
are equal.

References
----------
Theil, H. (1967). *Economics and Information Theory*. Amsterdam: North-Holland.

Shorrocks, A. F. (1980). The class of additively decomposable inequality measures.
*Econometrica*, 48(3), 613-625.

Akita, T. (2003). Decomposing regional income inequality in China and Indonesia using two-stage
nested Theil decomposition method. *The Annals of Regional Science*, 37(1), 55-77.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hinterland.errors import ValidationError
from hinterland.metrics import _validate as v

__all__ = ["TheilResult", "theil_decomposition", "theil_l", "theil_t"]

_MEASURES = ("T", "L")


def _ratio(
    y: NDArray[np.float64], mu: NDArray[np.float64] | float
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``d = y/mu - 1`` and ``ln(y/mu)``, each accurate whether ``y/mu`` is near 1 or not."""
    d = (y - mu) / mu
    near = np.abs(d) < 0.5
    ln_r = np.where(near, np.log1p(np.where(near, d, 0.0)), np.log(y / mu))
    return d, ln_r


def _phi_t(y: NDArray[np.float64], mu: NDArray[np.float64] | float) -> NDArray[np.float64]:
    """Return ``r ln r - r + 1`` for ``r = y / mu``: >= 0, and accurate near ``r = 1``."""
    d, ln_r = _ratio(y, mu)
    return np.maximum((1.0 + d) * ln_r - d, 0.0)


def _phi_l(y: NDArray[np.float64], mu: NDArray[np.float64] | float) -> NDArray[np.float64]:
    """Return ``r - 1 - ln r`` for ``r = y / mu``: >= 0, and accurate near ``r = 1``."""
    d, ln_r = _ratio(y, mu)
    return np.maximum(d - ln_r, 0.0)


def _prepare(y: ArrayLike, w: ArrayLike | None, measure: str) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``y`` (positive) and ``w``; return ``y`` and the population shares ``p``."""
    a = v.floats(y, "y")
    v.positive(a, "y", f"Theil {measure} takes ln(y), so every value must be > 0")
    return a, v.population_shares(w, a.size)


def _index(y: np.ndarray, p: np.ndarray, measure: str) -> float:
    """Theil T or L of validated ``y`` with population shares ``p`` summing to 1."""
    mu = p @ y
    phi = _phi_t if measure == "T" else _phi_l
    return float(p @ phi(y, mu))


def theil_t(y: ArrayLike, w: ArrayLike | None = None) -> float:
    r"""Theil's T index (generalised entropy GE(1)), optionally population-weighted.

    .. math::

        T = \sum_{i=1}^n s_i \ln\frac{s_i}{p_i}, \qquad
        s_i = \frac{y_i w_i}{\sum_k y_k w_k}, \quad p_i = \frac{w_i}{\sum_k w_k}.

    Parameters
    ----------
    y : array_like, shape (n,)
        Values of the units, all > 0 (e.g. GDP per capita of provinces, yuan per person).
    w : array_like, shape (n,), optional
        Weights, all > 0 (e.g. population). Without weights each unit counts once
        (:math:`p_i = 1/n`), which is PySAL's ``inequality.theil.Theil``.

    Returns
    -------
    float
        :math:`0 \le T < \ln(1 / \min_i p_i)` (:math:`\ln n` unweighted), 0 when all values
        are equal; unitless and unchanged when ``y`` is multiplied by a constant.

    Raises
    ------
    ValidationError
        If ``y`` or ``w`` holds NaN or inf, a value of ``y`` or ``w`` is <= 0, or the lengths
        differ; the message names the first bad position.

    See Also
    --------
    theil_l, theil_decomposition

    References
    ----------
    Theil, H. (1967). *Economics and Information Theory*. Amsterdam: North-Holland.

    Examples
    --------
    For two regions of equal population, :math:`T` tends to :math:`\ln 2` as one of them
    approaches all of the income. With values 1 and 3:

    >>> round(theil_t([1.0, 3.0]), 6)
    0.130812
    >>> round(theil_t([1.0, 3.0], w=[3, 1]), 6)  # now each holds half of the income
    0.143841
    """
    a, p = _prepare(y, w, "T")
    return _index(a, p, "T")


def theil_l(y: ArrayLike, w: ArrayLike | None = None) -> float:
    r"""Theil's L index (GE(0), the mean log deviation), optionally population-weighted.

    .. math::

        L = \sum_{i=1}^n p_i \ln\frac{p_i}{s_i} = \ln\mu - \sum_i p_i \ln y_i,
        \qquad \mu = \sum_i p_i y_i.

    Parameters
    ----------
    y : array_like, shape (n,)
        Values of the units, all > 0.
    w : array_like, shape (n,), optional
        Weights, all > 0 (e.g. population); unit weights when omitted.

    Returns
    -------
    float
        :math:`L \ge 0`, 0 when all values are equal; scale invariant.

    Raises
    ------
    ValidationError
        As for :func:`theil_t`.

    See Also
    --------
    theil_t, theil_decomposition

    References
    ----------
    Theil, H. (1967). *Economics and Information Theory*. Amsterdam: North-Holland.

    Examples
    --------
    >>> round(theil_l([1.0, 3.0]), 6)  # ln 2 - ln(3) / 2
    0.143841
    """
    a, p = _prepare(y, w, "L")
    return _index(a, p, "L")


@dataclass(frozen=True, slots=True)
class TheilResult:
    r"""A Theil index split exactly into between-group and within-group parts.

    For measure T: :math:`T = T_B + \sum_g s_g T_g`, for L: :math:`L = L_B + \sum_g p_g L_g`,
    where :math:`s_g, p_g` are the group's income and population shares and :math:`T_g, L_g`
    the index computed inside group :math:`g` alone.

    Attributes
    ----------
    measure : {"T", "L"}
        Which index.
    total : float
        The index over all units.
    between : float
        :math:`T_B = \sum_g s_g \ln(s_g / p_g)` or :math:`L_B = \sum_g p_g \ln(p_g / s_g)`:
        the index if every unit had its group's mean value.
    within : float
        :math:`\sum_g s_g T_g` or :math:`\sum_g p_g L_g`, computed from the group indices (not
        as ``total - between``), so ``total == between + within`` is a check, not a definition.
    groups : ndarray, shape (G,)
        The distinct group labels, sorted; every array below is in this order.
    population_share : ndarray, shape (G,)
        :math:`p_g`, the group's share of the weights (of the units when unweighted).
    income_share : ndarray, shape (G,)
        :math:`s_g`, the group's share of total income :math:`\sum y w`.
    group_index : ndarray, shape (G,)
        :math:`T_g` (or :math:`L_g`), the index inside each group.
    within_contribution : ndarray, shape (G,)
        :math:`s_g T_g` (or :math:`p_g L_g`); sums to ``within``.
    between_contribution : ndarray, shape (G,)
        :math:`s_g \ln(s_g/p_g)` (or :math:`p_g \ln(p_g/s_g)`); negative for groups poorer
        (richer, for L) than the mean; sums to ``between``.
    """

    measure: Literal["T", "L"]
    total: float
    between: float
    within: float
    groups: np.ndarray
    population_share: np.ndarray
    income_share: np.ndarray
    group_index: np.ndarray
    within_contribution: np.ndarray
    between_contribution: np.ndarray

    def __post_init__(self) -> None:
        if self.measure not in _MEASURES:
            raise ValidationError(f"measure must be 'T' or 'L'; received {self.measure!r}")
        for name in (
            "groups",
            "population_share",
            "income_share",
            "group_index",
            "within_contribution",
            "between_contribution",
        ):
            getattr(self, name).flags.writeable = False

    @property
    def between_share(self) -> float:
        """Share of the total that lies between groups (NaN when the total is 0)."""
        return self.between / self.total if self.total > 0 else float("nan")

    def to_dict(self) -> dict[str, object]:
        """Return the result as plain Python scalars and lists (e.g. for JSON)."""
        out: dict[str, object] = {
            "measure": self.measure,
            "total": self.total,
            "between": self.between,
            "within": self.within,
            "between_share": self.between_share,
        }
        for name in (
            "groups",
            "population_share",
            "income_share",
            "group_index",
            "within_contribution",
            "between_contribution",
        ):
            out[name] = getattr(self, name).tolist()
        return out


def theil_decomposition(
    y: ArrayLike,
    groups: ArrayLike,
    w: ArrayLike | None = None,
    *,
    measure: Literal["T", "L"] = "T",
) -> TheilResult:
    r"""Decompose Theil's T or L exactly into between-group and within-group inequality.

    With group population shares :math:`p_g = \sum_{i \in g} p_i`, income shares
    :math:`s_g = \sum_{i \in g} s_i` and group means :math:`\mu_g = \sum_{i\in g} p_i y_i / p_g`:

    .. math::

        T &= \underbrace{\sum_g s_g \ln\frac{s_g}{p_g}}_{T_B}
             + \sum_g s_g T_g, &
        T_g &= \sum_{i \in g} \frac{s_i}{s_g} \ln\frac{s_i / s_g}{p_i / p_g}, \\
        L &= \underbrace{\sum_g p_g \ln\frac{p_g}{s_g}}_{L_B}
             + \sum_g p_g L_g, &
        L_g &= \sum_{i \in g} \frac{p_i}{p_g} \ln\frac{p_i / p_g}{s_i / s_g}.

    Parameters
    ----------
    y : array_like, shape (n,)
        Values of the units, all > 0 (e.g. GDP per capita of provinces).
    groups : array_like, shape (n,)
        The group label of each unit (e.g. the bloc: ``"east"``, ``"central"``...). Any
        sortable labels; every unit must have one (no None/NaN), so the groups are exhaustive
        and mutually exclusive.
    w : array_like, shape (n,), optional
        Weights, all > 0 (e.g. population); unit weights when omitted, which reproduces
        PySAL's ``inequality.theil.TheilD`` (``bg`` is ``between``, ``wg`` is ``within``).
    measure : {"T", "L"}, default "T"
        Theil's T (GE(1), within-group parts weighted by income shares) or L (GE(0), mean log
        deviation, weighted by population shares; its between/within split does not depend on
        the within-group distribution of income, see Shorrocks 1980).

    Returns
    -------
    TheilResult
        ``total``, ``between``, ``within`` and the per-group arrays.

    Raises
    ------
    ValidationError
        If ``y`` or ``w`` is not finite and positive, a group label is missing, the lengths
        differ, or ``measure`` is not ``"T"`` or ``"L"``.

    See Also
    --------
    theil_t, theil_l

    References
    ----------
    Shorrocks, A. F. (1980). The class of additively decomposable inequality measures.
    *Econometrica*, 48(3), 613-625.

    Akita, T. (2003). Decomposing regional income inequality in China and Indonesia using
    two-stage nested Theil decomposition method. *The Annals of Regional Science*, 37(1),
    55-77.

    Examples
    --------
    Two groups of two; inside each group incomes are equal, so all inequality is between
    groups; with one group holding almost all income, ``between`` tends to ln 2:

    >>> r = theil_decomposition([1e-9, 1e-9, 1.0, 1.0], ["a", "a", "b", "b"])
    >>> round(r.between, 6), round(r.within, 6)
    (0.693147, 0.0)
    """
    if measure not in _MEASURES:
        raise ValidationError(f"measure must be 'T' or 'L'; received {measure!r}")
    a, p = _prepare(y, w, measure)
    labels, inv = v.group_codes(groups, a.size)
    k = labels.size
    phi = _phi_t if measure == "T" else _phi_l

    total = _index(a, p, measure)
    py = p * a
    mu = py.sum()
    p_g = np.bincount(inv, weights=p, minlength=k)
    mu_g = np.bincount(inv, weights=py, minlength=k) / p_g
    s_g = p_g * mu_g / mu

    # Index inside each group: weights p_i / p_g, mean mu_g.
    mu_i = mu_g[inv]
    group_index = np.bincount(inv, weights=(p / p_g[inv]) * phi(a, mu_i), minlength=k)
    between = float(p_g @ phi(mu_g, mu))
    if measure == "T":
        within_c = s_g * group_index
        between_c = s_g * np.log(s_g / p_g)
    else:
        within_c = p_g * group_index
        between_c = p_g * np.log(p_g / s_g)

    return TheilResult(
        measure=measure,
        total=total,
        between=between,
        within=float(within_c.sum()),
        groups=labels,
        population_share=p_g,
        income_share=s_g,
        group_index=group_index,
        within_contribution=within_c,
        between_contribution=between_c,
    )
