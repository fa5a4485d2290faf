r"""Input-output kernels: coefficients, Leontief solves, multipliers, linkages and effects.

One import for the kernels, which live in these modules (this one only re-exports them):

- :mod:`~hinterland.mrio.leontief`: coefficients, the factored Leontief / Ghosh solve
  (:class:`LeontiefSolver`), the explicit inverses, demand and supply shocks;
- :mod:`~hinterland.mrio.multipliers`: multipliers and Rasmussen linkages;
- :mod:`~hinterland.mrio.spillover`: intra-regional / spillover / feedback effects (Miller's
  additive and Round's multiplicative decompositions);
- :mod:`~hinterland.mrio.extraction`: hypothetical extraction and embodied value added.

Pure functions on numpy arrays and scipy sparse matrices: no pandas, no I/O. Notation (Miller &
Blair 2009) for a table of :math:`n` sectors (all region-sector pairs of a multi-regional table):

.. math::

    x = Z\,\mathbf{1} + y, \qquad A = Z \hat{x}^{-1}, \qquad B = \hat{x}^{-1} Z, \qquad
    L = (I - A)^{-1}, \qquad G = (I - B)^{-1} = \hat{x}^{-1} L \hat{x},

with :math:`Z` (n, n) the intermediate flows (row sector sells to column sector), :math:`x` (n,)
gross output, :math:`y` (n,) final demand, :math:`A` the technical (input) coefficients,
:math:`B` the allocation (output) coefficients, :math:`L` the Leontief and :math:`G` the Ghosh
inverse. Money units are those of the table (e.g. 10^4 yuan); coefficients are unitless.

Solve, don't invert. :func:`leontief_factor` factors :math:`I - A` once (LAPACK LU for dense
input, SuperLU for scipy sparse input) and the returned :class:`LeontiefSolver` solves many
right-hand sides at once: ``solve(Y)`` is :math:`L Y` and ``solve_transposed(C)`` is
:math:`C L` (rows, e.g. multipliers). :math:`L` itself is built only by
:func:`leontief_inverse` / :meth:`LeontiefSolver.inverse`, or stored by the ``method="inverse"``
strategy.

Every analysis function takes the coefficients as ``A``: either a matrix (dense or scipy
sparse; it is then factored with ``method="lu"``) or a :class:`LeontiefSolver`, which is reused
as it is, so one factorisation serves many analyses.

Region blocks are given by an integer array ``region_of`` (n,) with the region number of each
row/column. Results per region are ordered by ``numpy.unique(region_of)``.

References
----------
Miller, R. E., & Blair, P. D. (2009). *Input-Output Analysis: Foundations and Extensions*
(2nd ed.). Cambridge University Press.
"""

from __future__ import annotations

from hinterland.mrio._checks import FloatArray as FloatArray
from hinterland.mrio._checks import Matrix as Matrix
from hinterland.mrio._checks import Method as Method
from hinterland.mrio._checks import _first as _first
from hinterland.mrio._checks import _floats as _floats
from hinterland.mrio._checks import _matrix as _matrix
from hinterland.mrio._checks import _scale as _scale
from hinterland.mrio._checks import _vector as _vector
from hinterland.mrio.extraction import (
    EmbodiedFlows,
    ExtractionResult,
    hypothetical_extraction,
    value_added_flows,
)
from hinterland.mrio.leontief import (
    LeontiefSolver,
    allocation_coefficients,
    demand_shock,
    ghosh_factor,
    ghosh_inverse,
    leontief_factor,
    leontief_inverse,
    satellite_coefficients,
    supply_shock,
    technical_coefficients,
)
from hinterland.mrio.leontief import _factor as _factor
from hinterland.mrio.multipliers import (
    Linkages,
    employment_multipliers,
    output_multipliers,
    rasmussen_linkages,
    satellite_multipliers,
    value_added_multipliers,
)
from hinterland.mrio.spillover import (
    RoundDecomposition,
    SpilloverDecomposition,
    round_decomposition,
    spillover_decomposition,
)

__all__ = [
    "EmbodiedFlows",
    "ExtractionResult",
    "LeontiefSolver",
    "Linkages",
    "RoundDecomposition",
    "SpilloverDecomposition",
    "allocation_coefficients",
    "demand_shock",
    "employment_multipliers",
    "ghosh_factor",
    "ghosh_inverse",
    "hypothetical_extraction",
    "leontief_factor",
    "leontief_inverse",
    "output_multipliers",
    "rasmussen_linkages",
    "round_decomposition",
    "satellite_coefficients",
    "satellite_multipliers",
    "spillover_decomposition",
    "supply_shock",
    "technical_coefficients",
    "value_added_flows",
    "value_added_multipliers",
]
