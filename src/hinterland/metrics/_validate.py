"""Input checks shared by the metrics kernels.

Every check raises :class:`hinterland.errors.ValidationError` with a message that names the
argument, the position of the first bad value and the value itself, e.g.
``"y[3] = 0 is not positive; Theil T takes ln(y)"``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hinterland.errors import ValidationError

FloatArray = NDArray[np.float64]


def _at(name: str, index: tuple[int, ...]) -> str:
    """Return ``name[i]`` or ``name[i, j]`` for a position."""
    return f"{name}[{', '.join(str(int(i)) for i in index)}]"


def _first(mask: NDArray[np.bool_]) -> tuple[int, ...]:
    """Return the position of the first ``True`` in ``mask`` (C order)."""
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(mask)), mask.shape))


def floats(values: ArrayLike, name: str, *, ndim: int | tuple[int, ...] = 1) -> FloatArray:
    """Return ``values`` as a finite, non-empty float array of the given dimension(s)."""
    try:
        a = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            f"{name} must be numeric; could not read it as floats ({exc})"
        ) from None
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if a.ndim not in allowed:
        want = " or ".join(f"{d}-dimensional" for d in allowed)
        raise ValidationError(f"{name} must be {want}; received shape {a.shape}")
    if a.size == 0:
        raise ValidationError(f"{name} is empty (shape {a.shape}); at least one value is needed")
    bad = ~np.isfinite(a)
    if bad.any():
        idx = _first(bad)
        raise ValidationError(
            f"{_at(name, idx)} is {a[idx]}; every value must be finite (no NaN or inf)"
        )
    return a


def positive(a: FloatArray, name: str, reason: str) -> FloatArray:
    """Raise unless every value of ``a`` is > 0; ``reason`` says why (it ends the message)."""
    bad = a <= 0
    if bad.any():
        idx = _first(bad)
        raise ValidationError(f"{_at(name, idx)} = {a[idx]:g} is not positive; {reason}")
    return a


def nonnegative(a: FloatArray, name: str, reason: str) -> FloatArray:
    """Raise unless every value of ``a`` is >= 0."""
    bad = a < 0
    if bad.any():
        idx = _first(bad)
        raise ValidationError(f"{_at(name, idx)} = {a[idx]:g} is negative; {reason}")
    return a


def same_length(a: FloatArray, name: str, n: int, ref: str, what: str = "value") -> None:
    """Raise unless ``a`` has ``n`` rows (one per unit of ``ref``)."""
    if a.shape[0] != n:
        raise ValidationError(
            f"{name} has {a.shape[0]} {what}s but {ref} has {n}; give one {what} per unit of {ref}"
        )


def population_shares(w: ArrayLike | None, n: int, ref: str = "y") -> FloatArray:
    """Return weights normalised to sum to 1 (``1/n`` each when ``w`` is None).

    ``w`` must be one positive, finite weight per unit of ``ref`` (e.g. the population of each
    region).
    """
    if w is None:
        return np.full(n, 1.0 / n)
    a = floats(w, "w")
    same_length(a, "w", n, ref, "weight")
    positive(a, "w", "weights (e.g. population) must be > 0")
    return a / a.sum()


def _missing(label: object) -> bool:
    """True for None and float NaN (a region that belongs to no group)."""
    return label is None or (isinstance(label, float | np.floating) and math.isnan(label))


def group_codes(groups: ArrayLike, n: int, ref: str = "y") -> tuple[np.ndarray, NDArray[np.intp]]:
    """Return the sorted distinct group labels and each unit's position among them."""
    g = np.asarray(groups)
    if g.ndim != 1:
        raise ValidationError(f"groups must be 1-dimensional; received shape {g.shape}")
    if g.shape[0] != n:
        raise ValidationError(
            f"groups has {g.shape[0]} labels but {ref} has {n}; give one group label per unit"
        )
    if g.dtype.kind in "fcO":
        bad = np.fromiter((_missing(v) for v in g.tolist()), dtype=bool, count=n)
        if bad.any():
            i = int(np.argmax(bad))
            raise ValidationError(
                f"groups[{i}] is missing ({g.tolist()[i]!r}); every unit needs a group for an "
                "exact decomposition"
            )
    try:
        labels, inverse = np.unique(g, return_inverse=True)
    except TypeError as exc:
        raise ValidationError(f"group labels cannot be compared with each other ({exc})") from None
    return labels, inverse.reshape(-1)
