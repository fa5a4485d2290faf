"""Backup placement, array kernel: the MILP's columns and rows as sparse arrays.

:func:`build_milp` writes the MILP of :mod:`hinterland.layout.backup` column-wise with
:mod:`scipy.sparse` into a :class:`MILP` (HiGHS' form); :func:`full_x` turns a placement into
that MILP's column vector (with the tight shortfalls and, for CVaR, the VaR and excesses), and
:func:`read_placement` reads a placement back from a solver's column vector. The solve itself is
:func:`hinterland.layout._milp.solve_backup`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from hinterland.layout._problem import BackupProblem, FloatArray, shortfall

__all__ = ["MILP", "build_milp", "full_x", "read_placement"]


@dataclass(frozen=True, slots=True)
class MILP:
    """The backup MILP in HiGHS' form: ``row_lower <= A x <= row_upper``, bounds, integrality.

    Columns: ``y`` (n_opt), ``b`` (n_opt), ``u`` (S * I, scenario-major), then for CVaR
    ``eta`` and ``z`` (S). ``risk`` and ``cost`` are objective vectors over all columns.
    """

    A: sparse.csc_array
    row_lower: FloatArray
    row_upper: FloatArray
    lower: FloatArray
    upper: FloatArray
    integer: NDArray[np.bool_]
    risk: FloatArray
    cost: FloatArray
    opt_p: NDArray[np.intp]
    opt_i: NDArray[np.intp]
    cvar: bool

    @property
    def n_opt(self) -> int:
        """Number of backup options (``y`` and ``b`` columns each)."""
        return int(self.opt_p.size)


def build_milp(
    problem: BackupProblem,
    budget: float,
    *,
    objective: str = "expected",
    alpha: float = 0.9,
    hinterland: NDArray[np.bool_] | None = None,
    min_hinterland_share: float | None = None,
) -> MILP:
    """Build the MILP of :mod:`hinterland.layout.backup`.

    Rows: link, shortfall, budget, CVaR, resources, share. Parameters are those of
    :func:`solve_backup`; ``hinterland`` is a boolean (P,) mask.
    """
    n_s, _, n_i = problem.shape
    opt_p, opt_i = np.nonzero(problem.options)
    n_o = opt_p.size
    is_cvar = objective == "cvar"
    n_u = n_s * n_i
    n_col = 2 * n_o + n_u + (1 + n_s if is_cvar else 0)
    col_y, col_b, col_u = np.arange(n_o), n_o + np.arange(n_o), 2 * n_o + np.arange(n_u)
    col_eta = 2 * n_o + n_u
    M, F, c = problem.M[opt_p, opt_i], problem.F[opt_p, opt_i], problem.c[opt_p, opt_i]
    keep = 1.0 - problem.delta  # (S, P, I)
    rows, cols, vals, lo, hi = [], [], [], [], []
    r = 0
    # b_k - M_k y_k <= 0
    rows += [np.arange(n_o), np.arange(n_o)]
    cols += [col_b, col_y]
    vals += [np.ones(n_o), -M]
    lo.append(np.full(n_o, -np.inf))
    hi.append(np.zeros(n_o))
    r += n_o
    # u_si + sum_k (1 - delta_s p_k i) b_k >= D_i - sum_p (1 - delta_spi) K_pi
    rows.append(r + np.arange(n_u))
    cols.append(col_u)
    vals.append(np.ones(n_u))
    s_idx = np.repeat(np.arange(n_s), n_o)
    k_idx = np.tile(np.arange(n_o), n_s)
    coef = keep[s_idx, opt_p[k_idx], opt_i[k_idx]]
    nz = coef != 0
    rows.append(r + s_idx[nz] * n_i + opt_i[k_idx][nz])
    cols.append(col_b[k_idx][nz])
    vals.append(coef[nz])
    lo.append((problem.D - np.einsum("spi,pi->si", keep, problem.K)).ravel())
    hi.append(np.full(n_u, np.inf))
    r += n_u
    # sum_k F_k y_k + c_k b_k <= B
    rows += [np.full(n_o, r), np.full(n_o, r)]
    cols += [col_y, col_b]
    vals += [F, c]
    lo.append(np.array([-np.inf]))
    hi.append(np.array([float(budget)]))
    r += 1
    if is_cvar:  # z_s + eta - sum_i lam_i u_si >= 0
        rows += [r + np.arange(n_s), r + np.arange(n_s), np.repeat(r + np.arange(n_s), n_i)]
        cols += [col_eta + 1 + np.arange(n_s), np.full(n_s, col_eta), col_u]
        vals += [np.ones(n_s), np.ones(n_s), -np.tile(problem.lam, n_s)]
        lo.append(np.zeros(n_s))
        hi.append(np.full(n_s, np.inf))
        r += n_s
    # sum_i W_qpi b_pi <= R_qp for every resource and province with a finite limit
    for q in range(problem.W.shape[0]):
        w = problem.W[q, opt_p, opt_i]
        for p_ in np.unique(opt_p[w > 0]):
            if not np.isfinite(problem.R[q, p_]):
                continue
            k = np.nonzero((opt_p == p_) & (w > 0))[0]
            rows.append(np.full(k.size, r))
            cols.append(col_b[k])
            vals.append(w[k])
            lo.append(np.array([-np.inf]))
            hi.append(np.array([float(problem.R[q, p_])]))
            r += 1
    if min_hinterland_share is not None:
        h = np.asarray(hinterland, dtype=float)
        t = float(min_hinterland_share)
        rows.append(np.full(n_o, r))
        cols.append(col_b)
        vals.append(h[opt_p] - t)
        lo.append(np.array([t * problem.K.sum() - problem.K[h > 0].sum()]))
        hi.append(np.array([np.inf]))
        r += 1
    v = np.concatenate(vals)
    A = sparse.csc_array(
        sparse.coo_array((v, (np.concatenate(rows), np.concatenate(cols))), shape=(r, n_col))
    )
    A.eliminate_zeros()
    A.sort_indices()
    lower = np.zeros(n_col)
    upper = np.concatenate([np.ones(n_o), M, np.tile(problem.D, n_s)])
    integer = np.zeros(n_col, dtype=bool)
    integer[col_y] = True
    risk = np.zeros(n_col)
    if is_cvar:
        lower[col_eta] = -np.inf
        upper = np.concatenate([upper, np.full(1 + n_s, np.inf)])
        risk[col_eta] = 1.0
        risk[col_eta + 1 :] = problem.pi / (1.0 - alpha)
    else:
        risk[col_u] = np.outer(problem.pi, problem.lam).ravel()
    cost = np.zeros(n_col)
    cost[col_y], cost[col_b] = F, c
    return MILP(
        A=A,
        row_lower=np.concatenate(lo),
        row_upper=np.concatenate(hi),
        lower=lower,
        upper=upper,
        integer=integer,
        risk=risk,
        cost=cost,
        opt_p=opt_p,
        opt_i=opt_i,
        cvar=is_cvar,
    )


def full_x(problem: BackupProblem, milp: MILP, y: FloatArray, b: FloatArray, alpha: float):
    """Column vector of a placement (y, b of shape (P, I)) with tight u, eta = VaR, z."""
    u = shortfall(problem, b)
    parts = [y[milp.opt_p, milp.opt_i], b[milp.opt_p, milp.opt_i], u.ravel()]
    if milp.cvar:
        L = u @ problem.lam
        order = np.argsort(L, kind="stable")
        k = min(int(np.searchsorted(np.cumsum(problem.pi[order]), alpha)), L.size - 1)
        eta = L[order][k]
        parts += [np.array([eta]), np.maximum(L - eta, 0.0)]
    return np.concatenate(parts)


def read_placement(problem: BackupProblem, milp: MILP, x: FloatArray, budget: float):
    """Round ``y`` to 0/1 and clip ``b`` to [0, M y]; close empty options; keep within budget.

    HiGHS' feasibility tolerance can let the cost exceed the budget by ~1e-7 relative; the
    sizes are then scaled down by that factor so that the reported cost never exceeds it.
    """
    n_o = milp.n_opt
    y = np.zeros(problem.K.shape, dtype=bool)
    b = np.zeros(problem.K.shape)
    y[milp.opt_p, milp.opt_i] = x[:n_o] > 0.5
    b[milp.opt_p, milp.opt_i] = x[n_o : 2 * n_o]
    b = np.clip(b, 0.0, problem.M * y)
    # sizes at the level of the solver's tolerance are noise, not placements
    b[b <= 1e-9 * max(float(problem.M.max(initial=0.0)), 1.0)] = 0.0
    # an option opened with no capacity changes no scenario and only costs its fixed cost (a
    # risk-phase solution may carry such openings when its tie-break is not kept): close it
    y &= b > 0
    fixed, variable = float((problem.F * y).sum()), float((problem.c * b).sum())
    if fixed + variable > budget and variable > 0:
        # scale only what costs money: free capacity (unit cost 0) is never over budget
        paid = problem.c > 0
        b[paid] *= max(budget - fixed, 0.0) / variable
    return y, b
