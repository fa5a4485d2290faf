r"""Sigma and beta convergence of regional values (e.g. GDP per capita of provinces).

*Sigma convergence*: the cross-regional dispersion (standard deviation of :math:`\ln y`, and the
coefficient of variation) falls over time.

*Beta convergence* (absolute): poorer regions grow faster. Average annual log growth between two
years :math:`T` years apart is regressed on the log of the initial level,

.. math::

    g_i = \frac{1}{T} \ln\frac{y_{i,T}}{y_{i,0}} = a + b \ln y_{i,0} + \varepsilon_i,

and :math:`b < 0` means convergence at the speed :math:`\lambda` implied by
:math:`b = -(1 - e^{-\lambda T}) / T`,

.. math::

    \lambda = -\frac{\ln(1 + bT)}{T}, \qquad t_{1/2} = \frac{\ln 2}{\lambda}.

References
----------
Barro, R. J., & Sala-i-Martin, X. (1992). Convergence. *Journal of Political Economy*, 100(2),
223-251.

Sala-i-Martin, X. (1996). The classical approach to convergence analysis. *The Economic
Journal*, 106(437), 1019-1036.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy import linalg, stats

from hinterland.errors import ValidationError
from hinterland.metrics import _validate as v
from hinterland.metrics.dispersion import _cv, _std_log

__all__ = ["BetaConvergence", "SigmaConvergence", "beta_convergence", "sigma_convergence"]

_COV = ("nonrobust", "HC0", "HC1")


@dataclass(frozen=True, slots=True)
class SigmaConvergence:
    r"""Dispersion of regional values year by year.

    Attributes
    ----------
    std_log : ndarray, shape (n_years,)
        Standard deviation of :math:`\ln y` across regions in each year (population-weighted
        when weights were given; divisor :math:`n`, not :math:`n-1`).
    cv : ndarray, shape (n_years,)
        Coefficient of variation across regions in each year (Williamson's :math:`V_w` when
        weighted).
    std_log_change : float
        ``std_log[-1] - std_log[0]``; negative means sigma convergence.
    cv_change : float
        ``cv[-1] - cv[0]``.
    """

    std_log: np.ndarray
    cv: np.ndarray
    std_log_change: float
    cv_change: float

    def __post_init__(self) -> None:
        self.std_log.flags.writeable = False
        self.cv.flags.writeable = False

    @property
    def converging(self) -> bool:
        """True if the standard deviation of logs is lower in the last year than the first."""
        return self.std_log_change < 0

    def to_dict(self) -> dict[str, object]:
        """Return the result as plain Python scalars and lists."""
        return {
            "std_log": self.std_log.tolist(),
            "cv": self.cv.tolist(),
            "std_log_change": self.std_log_change,
            "cv_change": self.cv_change,
            "converging": self.converging,
        }


def sigma_convergence(y: ArrayLike, w: ArrayLike | None = None) -> SigmaConvergence:
    r"""Sigma convergence: dispersion of :math:`\ln y` and the CV across regions, per year.

    For each year :math:`t`, with weights :math:`p_{it} = w_{it} / \sum_k w_{kt}`:

    .. math::

        \sigma_t = \sqrt{\sum_i p_{it} (\ln y_{it} - m_t)^2}, \quad
        m_t = \sum_i p_{it} \ln y_{it}, \qquad
        CV_t = \frac{\sqrt{\sum_i p_{it} (y_{it} - \bar y_t)^2}}{\bar y_t}.

    Parameters
    ----------
    y : array_like, shape (n_regions, n_years)
        Values, all > 0 (e.g. GDP per capita), one column per year in time order.
    w : array_like, shape (n_regions,) or (n_regions, n_years), optional
        Weights, all > 0 (e.g. population), fixed or one column per year; unweighted
        (:math:`p_{it} = 1/n`) when omitted.

    Returns
    -------
    SigmaConvergence
        The two series and their change from the first to the last year.

    Raises
    ------
    ValidationError
        If ``y`` is not 2-dimensional, a value of ``y`` or ``w`` is not finite and positive, or
        the shapes of ``y`` and ``w`` differ.

    References
    ----------
    Sala-i-Martin, X. (1996). The classical approach to convergence analysis. *The Economic
    Journal*, 106(437), 1019-1036.

    Examples
    --------
    >>> r = sigma_convergence([[1.0, 2.0], [4.0, 4.0]])
    >>> r.std_log.round(6).tolist(), r.converging
    ([0.693147, 0.346574], True)
    """
    a = v.floats(y, "y", ndim=2)
    v.positive(a, "y", "sigma convergence takes ln(y), so every value must be > 0")
    if w is None:
        p = np.full((a.shape[0], 1), 1.0 / a.shape[0])
    else:
        b = v.floats(w, "w", ndim=(1, 2))
        if b.shape != a.shape and b.shape != a.shape[:1]:
            raise ValidationError(
                f"w has shape {b.shape} but y has shape {a.shape}; give weights of shape "
                f"({a.shape[0]},) or {a.shape}"
            )
        v.positive(b, "w", "weights (e.g. population) must be > 0")
        b = b.reshape(a.shape[0], -1)
        p = b / b.sum(axis=0)
    sd = _std_log(a, p)
    cv = _cv(a, p)
    return SigmaConvergence(
        std_log=sd,
        cv=cv,
        std_log_change=float(sd[-1] - sd[0]),
        cv_change=float(cv[-1] - cv[0]),
    )


@dataclass(frozen=True, slots=True)
class BetaConvergence:
    r"""Estimate of absolute beta convergence, :math:`g_i = a + b \ln y_{i,0} + e_i`.

    Attributes
    ----------
    alpha, beta : float
        Intercept :math:`a` and slope :math:`b` (per year).
    se_alpha, se_beta : float
        Their standard errors (of the covariance type ``cov``).
    t_alpha, t_beta : float
        t statistics, estimate / standard error.
    p_alpha, p_beta : float
        Two-sided p-values from Student's t with ``n - 2`` degrees of freedom.
    r2 : float
        Coefficient of determination (weighted, centred on the weighted mean, when weights were
        given; NaN if all growth rates are equal).
    n : int
        Number of regions.
    horizon : float
        :math:`T`, the number of years between the two observations.
    speed : float
        :math:`\lambda = -\ln(1 + bT)/T`, per year; NaN when :math:`1 + bT \le 0`.
    half_life : float
        :math:`\ln 2 / \lambda` in years; NaN unless :math:`\lambda > 0` (convergence).
    cov : str
        Covariance type: ``"nonrobust"``, ``"HC0"`` or ``"HC1"``.
    """

    alpha: float
    beta: float
    se_alpha: float
    se_beta: float
    t_alpha: float
    t_beta: float
    p_alpha: float
    p_beta: float
    r2: float
    n: int
    horizon: float
    speed: float
    half_life: float
    cov: str

    def to_dict(self) -> dict[str, object]:
        """Return the result as a dict of plain Python scalars."""
        return {name: getattr(self, name) for name in self.__slots__}


def _speed(beta: float, horizon: float) -> tuple[float, float]:
    """Return the convergence speed and half-life implied by ``beta`` over ``horizon`` years."""
    base = 1.0 + beta * horizon
    if base <= 0:
        return float("nan"), float("nan")
    lam = -math.log(base) / horizon
    return lam, (math.log(2.0) / lam if lam > 0 else float("nan"))


def beta_convergence(
    y0: ArrayLike,
    y1: ArrayLike,
    horizon: float,
    *,
    w: ArrayLike | None = None,
    cov: Literal["nonrobust", "HC0", "HC1"] = "nonrobust",
) -> BetaConvergence:
    r"""Absolute beta convergence: OLS (or WLS) of average annual log growth on initial log level.

    .. math::

        g_i = \frac{1}{T}\ln\frac{y_{i1}}{y_{i0}} = a + b \ln y_{i0} + \varepsilon_i,
        \qquad \lambda = -\frac{\ln(1 + bT)}{T}, \qquad t_{1/2} = \frac{\ln 2}{\lambda}.

    The coefficients come from a QR factorisation of the (weighted) design matrix
    :math:`X = [1, \ln y_0]`. With residuals :math:`e` and
    :math:`B = (X^\top W X)^{-1}`, the covariance is :math:`s^2 B`,
    :math:`s^2 = \sum_i w_i e_i^2 / (n-2)` (``"nonrobust"``), or White's sandwich
    :math:`B\,(\sum_i w_i^2 e_i^2 x_i x_i^\top)\,B` (``"HC0"``), times :math:`n/(n-2)`
    (``"HC1"``), as statsmodels' ``OLS``/``WLS`` compute them. p-values use Student's t with
    :math:`n-2` degrees of freedom for every covariance type.

    Parameters
    ----------
    y0, y1 : array_like, shape (n,)
        Values of each region in the initial and final year, all > 0 (e.g. real GDP per
        capita; use constant prices, or growth includes inflation).
    horizon : float
        :math:`T`, years between the two observations (> 0), e.g. ``2020 - 2000``.
    w : array_like, shape (n,), optional
        Regression weights, all > 0 (e.g. initial population): weighted least squares.
    cov : {"nonrobust", "HC0", "HC1"}, default "nonrobust"
        Covariance of the estimates: classical, or heteroskedasticity-robust.

    Returns
    -------
    BetaConvergence
        Estimates, standard errors, t, p, :math:`R^2`, n, speed and half-life.

    Raises
    ------
    ValidationError
        If ``y0``, ``y1`` or ``w`` holds a value that is not finite and positive, the lengths
        differ, there are fewer than 3 regions, all initial values are equal, ``horizon`` is
        not a positive number, or ``cov`` is unknown.

    References
    ----------
    Barro, R. J., & Sala-i-Martin, X. (1992). Convergence. *Journal of Political Economy*,
    100(2), 223-251.

    Examples
    --------
    Growth built exactly as :math:`g = 0.5 - 0.04 \ln y_0` over 10 years:

    >>> import numpy as np
    >>> y0 = np.array([1.0, 2.0, 5.0, 10.0])
    >>> y1 = y0 * np.exp(10 * (0.5 - 0.04 * np.log(y0)))
    >>> r = beta_convergence(y0, y1, 10)
    >>> round(r.alpha, 12), round(r.beta, 12), round(r.half_life, 4)
    (0.5, -0.04, 13.5692)
    """
    if cov not in _COV:
        raise ValidationError(f"cov must be one of {', '.join(_COV)}; received {cov!r}")
    try:
        t_years = float(horizon)
    except (TypeError, ValueError):
        raise ValidationError(f"horizon must be a number of years; received {horizon!r}") from None
    if not (math.isfinite(t_years) and t_years > 0):
        raise ValidationError(f"horizon must be a positive number of years; received {horizon!r}")
    a0 = v.positive(v.floats(y0, "y0"), "y0", "beta convergence takes ln(y0), so y0 must be > 0")
    a1 = v.positive(v.floats(y1, "y1"), "y1", "growth takes ln(y1), so y1 must be > 0")
    v.same_length(a1, "y1", a0.size, "y0")
    n = a0.size
    if n < 3:
        raise ValidationError(
            f"beta convergence needs at least 3 regions (2 parameters and a residual); got {n}"
        )
    if w is None:
        wt = np.ones(n)
    else:
        wt = v.positive(v.floats(w, "w"), "w", "regression weights must be > 0")
        v.same_length(wt, "w", n, "y0", "weight")

    x = np.log(a0)
    if np.ptp(x) == 0:
        raise ValidationError(
            f"all initial values equal y0[0] = {a0[0]:g}; the slope on ln(y0) is not identified"
        )
    g = np.log(a1 / a0) / t_years
    sw = np.sqrt(wt)
    X = np.column_stack([np.ones(n), x])
    Xw = X * sw[:, None]
    q, r = linalg.qr(Xw, mode="economic")
    coef = linalg.solve_triangular(r, q.T @ (g * sw))
    r_inv = linalg.solve_triangular(r, np.eye(2))
    bread = r_inv @ r_inv.T  # (X' W X)^-1 without forming it by inversion
    ew = (g - X @ coef) * sw  # whitened residuals
    ssr = float(ew @ ew)
    df = n - 2
    if cov == "nonrobust":
        vcov = ssr / df * bread
    else:
        meat = (Xw * (ew**2)[:, None]).T @ Xw
        vcov = bread @ meat @ bread * (n / df if cov == "HC1" else 1.0)
    se = np.sqrt(np.maximum(np.diag(vcov), 0.0))

    with np.errstate(divide="ignore", invalid="ignore"):
        tval = coef / se
        gbar = (wt @ g) / wt.sum()
        tss = float(wt @ (g - gbar) ** 2)
        r2 = 1.0 - ssr / tss if tss > 0 else float("nan")
    pval = 2.0 * stats.t.sf(np.abs(tval), df)
    speed, half_life = _speed(float(coef[1]), t_years)
    return BetaConvergence(
        alpha=float(coef[0]),
        beta=float(coef[1]),
        se_alpha=float(se[0]),
        se_beta=float(se[1]),
        t_alpha=float(tval[0]),
        t_beta=float(tval[1]),
        p_alpha=float(pval[0]),
        p_beta=float(pval[1]),
        r2=float(r2),
        n=n,
        horizon=t_years,
        speed=speed,
        half_life=half_life,
        cov=cov,
    )
