"""Input checks shared by the metrics kernels.

The array checks themselves (``floats``, ``positive``, ``nonnegative``) live in
:mod:`hinterland._arrays`, shared with the input-output kernels; this module words them for
the metrics and adds the checks only the metrics need (weights, group labels).

Every check raises :class:`hinterland.errors.ValidationError` with a message that names the
argument, the position of the first bad value and the value itself, e.g.
``"y[3] = 0 is not positive; Theil T takes ln(y)"``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hinterland import _arrays
from hinterland._arrays import FloatArray
from hinterland._arrays import nonnegative as nonnegative
from hinterland._arrays import positive as positive
from hinterland.errors import ValidationError


def floats(values: ArrayLike, name: str, *, ndim: int | tuple[int, ...] = 1) -> FloatArray:
    """Return ``values`` as a finite, non-empty float array of the given dimension(s)."""
    return _arrays.floats(
        values, name, ndim, nonempty=True, finite="every value must be finite (no NaN or inf)"
    )


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
