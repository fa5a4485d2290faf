"""Array checks shared by the numerical kernels (private).

Used by :mod:`hinterland.metrics._validate` and :mod:`hinterland.mrio._checks` (and, through
them, by every kernel in :mod:`hinterland.metrics` and :mod:`hinterland.mrio`): numpy in and
out, no I/O. Each check raises an error from :mod:`hinterland.errors` whose message names the
argument, the position of the first bad value and the value itself, e.g.
``"y[3] = -1 is negative; ..."``.

The kernels word some messages differently (the reason a value is wanted, a hint); the callers
pass their own wording, so each message stays the one its tests match.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hinterland.errors import HinterlandError, ValidationError

FloatArray = NDArray[np.float64]


def at(name: str, index: tuple[int, ...]) -> str:
    """Return ``name[i]`` or ``name[i, j]`` for a position.

    Parameters
    ----------
    name : str
        The argument's name.
    index : tuple of int
        The position, one integer per dimension.

    Returns
    -------
    str
        For example ``"A[0, 2]"``.
    """
    return f"{name}[{', '.join(str(int(i)) for i in index)}]"


def first(mask: NDArray[np.bool_]) -> tuple[int, ...]:
    """Return the position of the first ``True`` in ``mask`` (C order).

    Parameters
    ----------
    mask : ndarray of bool
        At least one value should be True (else the position of the first value is returned).

    Returns
    -------
    tuple of int
        One integer per dimension of ``mask``.
    """
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(mask)), mask.shape))


def floats(
    values: ArrayLike,
    name: str,
    ndim: int | tuple[int, ...] = 1,
    *,
    copy: bool = False,
    nonempty: bool = False,
    column_hint: bool = False,
    unreadable: str = "could not read it as floats",
    finite: str = "every value must be finite",
) -> FloatArray:
    """Return ``values`` as a finite float array with one of the allowed dimensions.

    Parameters
    ----------
    values : array_like
        The input.
    name : str
        The argument's name, used in the messages.
    ndim : int or tuple of int, default 1
        The allowed number(s) of dimensions.
    copy : bool, default False
        Always return a new array (for arrays a frozen object will own and make read-only);
        otherwise ``values`` itself is returned when it already is a float64 array.
    nonempty : bool, default False
        Also reject an array with no values.
    column_hint : bool, default False
        When a 2-dimensional array is given where 1 dimension is allowed, suggest
        ``.ravel()``.
    unreadable : str, default "could not read it as floats"
        The clause of the message when ``values`` cannot be read as floats.
    finite : str, default "every value must be finite"
        The clause of the message for a NaN or an infinite value.

    Returns
    -------
    ndarray of float64
        The checked array.

    Raises
    ------
    ValidationError
        Naming the argument (and for a non-finite value, its position).
    """
    try:
        if copy:
            a = np.array(values, dtype=np.float64)
        else:
            a = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{name} must be numeric; {unreadable} ({exc})") from None
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if a.ndim not in allowed:
        want = " or ".join(f"{d}-dimensional" for d in allowed)
        column = column_hint and a.ndim == 2 and 1 in allowed
        hint = " (flatten a column vector with .ravel())" if column else ""
        raise ValidationError(f"{name} must be {want}; received shape {a.shape}{hint}")
    if nonempty and a.size == 0:
        raise ValidationError(f"{name} is empty (shape {a.shape}); at least one value is needed")
    bad = ~np.isfinite(a)
    if bad.any():
        idx = first(bad)
        raise ValidationError(f"{at(name, idx)} is {a[idx]}; {finite}")
    return a


def positive(
    a: FloatArray, name: str, reason: str, *, error: type[HinterlandError] = ValidationError
) -> FloatArray:
    """Raise unless every value of ``a`` is > 0; the parameters are those of :func:`nonnegative`.

    The message reads ``"w[2] = 0 is not positive; <reason>"``.
    """
    return _refuse(a, a <= 0, name, f"is not positive; {reason}", error)


def nonnegative(
    a: FloatArray, name: str, reason: str, *, error: type[HinterlandError] = ValidationError
) -> FloatArray:
    """Raise unless every value of ``a`` is >= 0.

    The message reads ``"x[2] = -1 is negative; <reason>"``.

    Parameters
    ----------
    a : ndarray of float
        The values (already read by :func:`floats`).
    name : str
        The argument's name.
    reason : str
        Why the values are wanted so; it ends the message.
    error : type, default ValidationError
        The exception raised (e.g. :class:`~hinterland.errors.DataError` for a data table).

    Returns
    -------
    ndarray of float
        ``a`` itself.
    """
    return _refuse(a, a < 0, name, f"is negative; {reason}", error)


def _refuse(
    a: FloatArray, bad: NDArray[np.bool_], name: str, verdict: str, error: type[HinterlandError]
) -> FloatArray:
    """Raise ``error`` naming the first value of ``a`` where ``bad`` is True; else return ``a``."""
    if bad.any():
        idx = first(bad)
        raise error(f"{at(name, idx)} = {a[idx]:g} {verdict}")
    return a
