r"""Kernels of the China MRIO estimate: sector value added, exports, interprovincial trade.

Pure numpy (no I/O, no pandas). Shapes: ``R`` provinces, ``S`` sectors. The method is described
step by step in ``docs/mrio.md``; in short, with national competitive coefficients ``A``, import
shares ``mu`` (proportional import assumption), value-added ratios ``nu`` and provincial outputs
``x[r, s]``:

.. math::

    Z^{sr}_{ij} = t^{sr}_i (1 - \mu_i) A_{ij} x^r_j, \qquad
    Y^{sr}_{ik} = t^{sr}_i (1 - \mu_i) F^r_{ik}, \qquad
    m^r_j = \sum_i \mu_i A_{ij} x^r_j, \qquad v^r_j = \nu_j x^r_j,

where :math:`t^{sr}_i` is the share of province r's purchases of domestic good i that comes from
province s (Chenery-Moses: the same for every user in r). The trade shares come from a flow
matrix :math:`T_i` (origin x destination) whose seed puts Flegg's own-province share on the
diagonal and splits the rest by a gravity model, balanced by RAS to the supply of each
province (output less exports and inventory change) and the demand of each province.
Both accounting identities then hold exactly, and summing over provinces gives back the
national table cell by cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hinterland.errors import ValidationError
from hinterland.mrio.regionalise import flq_regional_coefficients, gravity_shares, ras, simple_lq

__all__ = [
    "BASIS",
    "ChinaFactors",
    "allocate_exports",
    "assemble",
    "sector_value_added",
    "trade_shares",
]

BASIS = {0: "group_mix", 1: "product", 2: "employment", 3: "industry_mix"}
"""How a province-sector cell's value added was set (stored per cell in the table's meta):
0 the national mix within a nine-industry group; 1 industrial-product output; 2 mining
employment; 3 no evidence, the province's share of national industry (the national mix)."""
SEED_FLOOR = 1e-3
"""Share of a gravity seed kept off the diagonal even where Flegg's quotient says a province
supplies itself fully, so that RAS can always move goods between provinces."""


def sector_value_added(
    va_nat: np.ndarray,
    group: np.ndarray,
    va9: np.ndarray,
    evidence: np.ndarray,
    basis_hint: np.ndarray,
    province_total: np.ndarray,
    industry_group: int,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Return provincial value added ``VA[r, s]`` and the basis of every cell.

    Parameters
    ----------
    va_nat : (S,) national value added by sector.
    group : (S,) index of each sector's nine-industry group (columns of ``va9``).
    va9 : (R, G) provincial value added by group.
    evidence : (R, S) province r's share of the national output of sector s's products (NaN
        where there is no evidence for the cell; ignored outside the industry group).
    basis_hint : (S,) 1 for product evidence, 2 for employment evidence, 0 otherwise.
    province_total : (R,) each province's value added target (sums to ``va_nat.sum()``).
    industry_group : the group index of 工业 (industry).

    Returns
    -------
    VA : (R, S), rows summing to ``province_total``, columns to ``va_nat`` (RAS from the seed).
    basis : (R, S) int8 codes of :data:`BASIS`.

    Notes
    -----
    Seed: outside industry, ``va9[r, g] * va_nat[s] / va_nat[g].sum()`` (the national mix within
    the group). Within industry, ``va_nat[s] * evidence[r, s]`` where there is evidence and
    ``va_nat[s] * ind_share[r]`` where there is none, rescaled so that the province's industry
    cells add up to ``va9[r, industry]``. A zero of the evidence (a province that makes none of
    the sector's products) stays zero through RAS.
    """
    va_nat = np.asarray(va_nat, dtype=float)
    va9 = np.asarray(va9, dtype=float)
    n_reg, n_sec = va9.shape[0], va_nat.size
    g_tot = np.bincount(group, weights=va_nat, minlength=va9.shape[1])
    seed = va9[:, group] * (va_nat / g_tot[group])[None, :]
    basis = np.zeros((n_reg, n_sec), dtype=np.int8)
    ind = group == industry_group
    ind_share = va9[:, industry_group] / va9[:, industry_group].sum()
    has = np.isfinite(evidence) & ind[None, :] & (basis_hint > 0)[None, :]
    fallback = ind[None, :] & ~has
    seed_ind = np.where(has, va_nat[None, :] * np.nan_to_num(evidence), 0.0)
    seed_ind = np.where(fallback, va_nat[None, :] * ind_share[:, None], seed_ind)
    tot = seed_ind[:, ind].sum(axis=1)
    if (tot <= 0).any():
        raise ValidationError(f"province number {int(np.argmax(tot <= 0))} has no industry seed")
    seed_ind *= (va9[:, industry_group] / tot)[:, None]
    seed = np.where(ind[None, :], seed_ind, seed)
    basis[has] = np.broadcast_to(basis_hint, (n_reg, n_sec))[has]
    basis[fallback] = 3
    return ras(seed, province_total, va_nat), basis


def allocate_exports(
    x: np.ndarray,
    supply_cap: np.ndarray,
    ex_nat: np.ndarray,
    goods: np.ndarray,
    province_share: np.ndarray,
    *,
    max_rounds: int = 50,
) -> np.ndarray:
    """Return exports ``e[r, s]``: goods by RAS on the provincial goods-export shares.

    Goods sectors (``goods``) are balanced by RAS from the seed ``x`` to column totals ``ex_nat``
    and row totals ``province_share * ex_nat[goods].sum()``; a cell is never given more than
    ``supply_cap`` (it is fixed at the cap and the rest re-balanced). Other sectors' exports are
    shared in proportion to output (no provincial data on services exports).
    """
    x = np.asarray(x, dtype=float)
    e = x / x.sum(axis=0, keepdims=True) * ex_nat[None, :]
    cap = np.asarray(supply_cap, dtype=float)[:, goods]
    seed = x[:, goods].copy()
    col = ex_nat[goods].astype(float)
    row = np.asarray(province_share, dtype=float) * col.sum()
    fixed = np.zeros_like(seed, dtype=bool)
    out = np.zeros_like(seed)
    for _ in range(max_rounds):
        free_seed = np.where(fixed, 0.0, seed)
        r_t = np.maximum(row - np.where(fixed, out, 0.0).sum(axis=1), 0.0)
        c_t = col - np.where(fixed, out, 0.0).sum(axis=0)
        r_t *= c_t.sum() / r_t.sum()
        bal = ras(free_seed, r_t, c_t, tol=1e-12)
        trial = np.where(fixed, out, bal)
        over = (trial > cap * (1 + 1e-12)) & ~fixed
        if not over.any():
            out = trial
            break
        out = np.where(over, cap, out)
        fixed |= over
    else:
        raise ValidationError("exports could not be allocated within the provinces' supply")
    e[:, goods] = out
    return e


def trade_shares(
    A_dom: np.ndarray,
    x: np.ndarray,
    final_dom: np.ndarray,
    supply: np.ndarray,
    dist_km: np.ndarray,
    *,
    delta: float,
    beta: float,
    quotient: str = "flq",
) -> np.ndarray:
    r"""Return origin shares ``t[s, r, i]`` of province r's purchases of domestic good i.

    Parameters
    ----------
    A_dom : (S, S) domestic coefficients ``(1 - mu_i) A_ij``.
    x : (R, S) provincial outputs.
    final_dom : (R, S) final demand for domestic goods by destination province.
    supply : (R, S) what each province has to sell at home (output less exports and inventory
        change); ``supply.sum(0)`` must equal the national domestic demand of every good.
    dist_km : (R, R) distances between capitals.
    delta, beta : FLQ size parameter and gravity distance exponent.
    quotient : {"flq", "cilq", "slq"}
        The location quotient of the own-province share: Flegg's (default), the cross-industry
        quotient (FLQ without the size term, i.e. ``delta = 0``), or the simple quotient of the
        supplying sector (``a_rr = a * min(1, SLQ_i)``, the same for every buyer).
    """
    inter = x @ A_dom.T  # (R, S): province r's intermediate demand for good i
    demand = inter + final_dom
    if quotient == "flq":
        a_rr = flq_regional_coefficients(A_dom, x, delta=delta)  # (R, i, j)
    elif quotient == "cilq":
        a_rr = flq_regional_coefficients(A_dom, x, delta=0.0)
    elif quotient == "slq":
        a_rr = A_dom[None, :, :] * np.minimum(1.0, simple_lq(x))[:, :, None]
    else:
        raise ValidationError(f"unknown location quotient {quotient!r}; valid: flq, cilq, slq")
    own_inter = np.einsum("rij,rj->ri", a_rr, x)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(inter > 0, own_inter / inter, 0.0)
    q = np.minimum(q, 1.0 - SEED_FLOOR)
    grav = gravity_shares(x, dist_km, beta=beta)  # (s, r, i)
    seed = grav * ((1.0 - q) * demand)[None, :, :]
    idx = np.arange(x.shape[0])
    seed[idx, idx, :] = q * demand
    stack = np.moveaxis(seed, 2, 0)  # (i, s, r)
    col = demand.T  # (i, r)
    row = np.maximum(supply.T, 0.0)  # (i, s)
    row = row * (col.sum(axis=1) / np.where(row.sum(axis=1) > 0, row.sum(axis=1), 1.0))[:, None]
    flows = ras(stack, row, col)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(col[:, None, :] > 0, flows / col[:, None, :], 0.0)
    return np.moveaxis(t, 0, 2)  # (s, r, i)


@dataclass(frozen=True, slots=True)
class ChinaFactors:
    """The estimated table in factored form (what ships; :func:`assemble` expands it).

    Attributes
    ----------
    x : (R, S) outputs; t : (R, R, S) origin shares; A : (S, S) national competitive
    coefficients; mu : (S,) import shares; nu : (S,) value-added ratios; final : (R, S, 2)
    final demand (consumption, fixed capital formation) by destination province, competitive;
    inventories : (R, S) change in inventories, own province; exports : (R, S).
    """

    x: np.ndarray
    t: np.ndarray
    A: np.ndarray
    mu: np.ndarray
    nu: np.ndarray
    final: np.ndarray
    inventories: np.ndarray
    exports: np.ndarray


def assemble(f: ChinaFactors) -> tuple[np.ndarray, ...]:
    """Return ``Z, Y, x, v, e, m`` (region-major order) of the factored table.

    ``Y`` has three categories per province: consumption, capital formation, inventories.
    """
    n_reg, n_sec = f.x.shape
    dom = (1.0 - f.mu)[:, None] * f.A  # (i, j)
    # Z[s, i, r, j] = t[s, r, i] * dom[i, j] * x[r, j]
    Z = np.einsum("sri,ij,rj->sirj", f.t, dom, f.x, optimize=True).reshape(n_reg * n_sec, -1)
    y_fin = np.einsum("sri,rik->sirk", f.t, (1.0 - f.mu)[None, :, None] * f.final)
    Y = np.zeros((n_reg, n_sec, n_reg, 3))
    Y[:, :, :, :2] = y_fin
    idx = np.arange(n_reg)
    Y[idx, :, idx, 2] = f.inventories
    m = (f.mu @ f.A)[None, :] * f.x
    v = f.nu[None, :] * f.x
    return (
        Z,
        Y.reshape(n_reg * n_sec, n_reg * 3),
        f.x.reshape(-1),
        v.reshape(-1),
        f.exports.reshape(-1),
        m.reshape(-1),
    )
