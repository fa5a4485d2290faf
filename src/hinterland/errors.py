"""The exception family of hinterland.

Every error caused by bad input is a :class:`HinterlandError`; the CLI turns it into one line
and exit code 2. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class HinterlandError(Exception):
    """Base class for errors caused by bad input (data, parameters, files)."""


class DataError(HinterlandError):
    """A data file or table is malformed: wrong columns, unparsable values, broken identities."""


class ValidationError(HinterlandError):
    """A parameter or a name is not valid: unknown region, indicator, grouping, year."""


class InfeasibleError(HinterlandError):
    """An optimisation problem has no feasible solution; the message says which constraint."""


class SolverError(HinterlandError):
    """A solver failed for a reason other than infeasibility."""


def unknown(kind: str, value: object, choices: list | tuple | set) -> ValidationError:
    """Return a :class:`ValidationError` for an unknown name, listing the valid choices.

    Parameters
    ----------
    kind : str
        What was looked up, e.g. ``"indicator"``.
    value : object
        The value received.
    choices : iterable
        The valid values; at most 40 are listed.
    """
    ordered = sorted(map(str, choices))
    shown = ", ".join(ordered[:40]) + (" ..." if len(ordered) > 40 else "")
    return ValidationError(f"unknown {kind} {value!r}; valid: {shown}")
