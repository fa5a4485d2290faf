"""Backup placement, labelled layer: the instance, from tables or a scenario file.

:class:`BackupInstance` turns province x industry tables (or a scenario file) into a
:class:`~hinterland.layout.backup.BackupProblem` labelled by adcode, industry code and scenario
name, and carries what the ex-post evaluation needs (hinterland, GDP, population, value-added
ratio). The model is documented in :mod:`hinterland.layout.backup`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from hinterland.errors import ValidationError, unknown
from hinterland.layout._problem import BackupProblem, FloatArray

if TYPE_CHECKING:
    from hinterland.layout.scenarios import ScenarioSet

__all__ = ["BackupInstance"]


# ----------------------------------------------------------------------------- labelled layer


def _frame(
    value: pd.DataFrame | float | None, name: str, index: pd.Index, columns: pd.Index
) -> pd.DataFrame:
    if value is None:
        return pd.DataFrame(np.nan, index=index, columns=columns)
    if np.isscalar(value):
        return pd.DataFrame(float(value), index=index, columns=columns)
    df = pd.DataFrame(value)
    extra_r = df.index.difference(index)
    extra_c = df.columns.difference(columns)
    if len(extra_r):
        raise ValidationError(
            f"{name} has province(s) {list(extra_r)} not in the capacity table; "
            f"valid: {list(index)}"
        )
    if len(extra_c):
        raise unknown(f"industry in {name}", extra_c[0], list(columns))
    return df.reindex(index=index, columns=columns).astype(float)


def _series(value: pd.Series | float | None, name: str, index: pd.Index, *, full: bool):
    if value is None:
        return None
    if np.isscalar(value):
        return pd.Series(float(value), index=index)
    s = pd.Series(value).astype(float)
    extra = s.index.difference(index)
    if len(extra):
        raise unknown(f"label in {name}", extra[0], list(index))
    s = s.reindex(index)
    if full and s.isna().any():
        raise ValidationError(f"{name} is missing for {list(s.index[s.isna()])}")
    return s


@dataclass(frozen=True, slots=True)
class BackupInstance:
    """A labelled backup problem: the arrays plus what the ex-post evaluation needs.

    Build one with :meth:`from_frames` (tables) or :meth:`from_scenarios` (a scenario file).

    Attributes
    ----------
    problem : BackupProblem
        The arrays; its labels are province adcodes, industry codes and scenario names.
    hinterland : tuple of int
        Adcodes counted as hinterland for the capacity share (default: Third Front third line).
    hinterland_name : str
        Where ``hinterland`` came from (a grouping spec, or "custom").
    gdp, population : Series or None
        By adcode, for the ex-post Theil T of GDP per capita (both or neither).
    value_added_ratio : Series or None
        By industry: GDP (unit of ``gdp``) per unit of backup capacity; needed with ``gdp``.
    unit : str
        Unit of capacity and demand (documentation only).
    """

    problem: BackupProblem
    hinterland: tuple[int, ...] = ()
    hinterland_name: str = ""
    gdp: pd.Series | None = None
    population: pd.Series | None = None
    value_added_ratio: pd.Series | None = None
    unit: str = ""

    def __post_init__(self) -> None:
        ratio = self.value_added_ratio
        if ratio is not None and np.isscalar(ratio):
            ratio = pd.Series(float(ratio), index=list(self.problem.industries))
            object.__setattr__(self, "value_added_ratio", ratio)
        object.__setattr__(self, "hinterland", tuple(int(a) for a in self.hinterland))
        if (self.gdp is None) != (self.population is None):
            raise ValidationError("give gdp and population together (both by adcode) or neither")
        if self.gdp is not None:
            if self.value_added_ratio is None:
                raise ValidationError(
                    "value_added_ratio is needed with gdp: GDP per unit of backup capacity, by "
                    "industry or one number (e.g. about 0.25 when capacity is gross output)"
                )
            for name in ("gdp", "population"):
                s = getattr(self, name)
                miss = [a for a in self.problem.provinces if not (s.get(a, np.nan) > 0)]
                if miss:
                    raise ValidationError(f"{name} must be > 0 for every province; not for {miss}")
            r = self.value_added_ratio.reindex(list(self.problem.industries))
            if r.isna().any() or (r < 0).any():
                raise ValidationError(
                    f"value_added_ratio must be >= 0 for every industry {self.problem.industries}"
                )

    @property
    def provinces(self) -> pd.Index:
        """Province adcodes (index name ``adcode``)."""
        return pd.Index(self.problem.provinces, name="adcode")

    @property
    def industries(self) -> pd.Index:
        """Industry codes (index name ``industry``)."""
        return pd.Index(self.problem.industries, name="industry")

    @property
    def scenarios(self) -> pd.Index:
        """Scenario names (index name ``scenario``)."""
        return pd.Index(self.problem.scenarios, name="scenario")

    @property
    def probability(self) -> pd.Series:
        """Scenario probabilities."""
        return pd.Series(self.problem.pi, index=self.scenarios, name="probability")

    def frame(self, name: str) -> pd.DataFrame:
        """Return ``K``, ``F``, ``c`` or ``M`` as a province x industry DataFrame."""
        return pd.DataFrame(
            getattr(self.problem, name), index=self.provinces, columns=self.industries
        )

    def hinterland_mask(self) -> NDArray[np.bool_]:
        """Boolean (P,): which provinces are hinterland."""
        return np.isin(np.asarray(self.problem.provinces), list(self.hinterland))

    @classmethod
    def from_frames(
        cls,
        capacity: pd.DataFrame,
        demand: pd.Series,
        loss_share: pd.DataFrame | pd.Series,
        probability: pd.Series,
        *,
        size_limit: pd.DataFrame | float,
        fixed_cost: pd.DataFrame | float,
        unit_cost: pd.DataFrame | float,
        loss_per_unit: pd.Series | float,
        gdp: pd.Series | None = None,
        population: pd.Series | None = None,
        value_added_ratio: pd.Series | float | None = None,
        hinterland: str | Iterable[int] = "third_front:third_line",
        unit: str = "",
        resource_limits: Mapping[str, tuple[Any, pd.Series]] | None = None,
    ) -> BackupInstance:
        r"""Build an instance from labelled tables.

        Parameters
        ----------
        capacity : DataFrame
            :math:`K`: index province adcodes, columns industry codes; defines both sets.
        demand : Series
            :math:`D` by industry.
        loss_share : DataFrame or Series
            :math:`\delta`: a DataFrame indexed by ``(scenario, adcode)`` with industry
            columns, or a Series indexed by ``(scenario, adcode, industry)``; missing
            entries are 0 (no loss).
        probability : Series
            :math:`\pi` by scenario name; defines the scenarios.
        size_limit, fixed_cost, unit_cost : DataFrame or float
            :math:`M, F, c` (province x industry); a missing or 0 size limit means no
            option; costs must be given wherever the size limit is > 0.
        loss_per_unit : Series or float
            :math:`\lambda` by industry.
        gdp, population : Series, optional
            By adcode (any consistent units), for the ex-post Theil index.
        value_added_ratio : Series or float, optional
            GDP per unit of backup capacity, by industry (required with ``gdp``).
        hinterland : str or iterable of int, default "third_front:third_line"
            A grouping spec (as in scenario files) or adcodes.
        unit : str
            Unit of capacity and demand, for display.
        resource_limits : mapping, optional
            ``{name: (use, limit)}``: ``use`` per unit of backup (a Series by industry, or a
            province x industry DataFrame; missing = 0) and ``limit`` by adcode (missing = no
            limit): :math:`\sum_i use_{pi} b_{pi} \le limit_p` (e.g. spare electricity).

        Raises
        ------
        ValidationError
            Naming the table and the label at fault.
        """
        from hinterland.atlas import adcodes
        from hinterland.layout.scenarios import resolve_provinces

        K = pd.DataFrame(capacity).astype(float)
        if not K.index.is_unique or not K.columns.is_unique:
            raise ValidationError("capacity must have unique provinces (rows) and industries")
        try:
            provinces = pd.Index([int(a) for a in K.index], name="adcode")
        except (TypeError, ValueError):
            raise ValidationError(
                f"capacity rows must be six-digit adcodes; got {list(K.index)[:5]}"
            ) from None
        bad = [a for a in provinces if a not in set(adcodes())]
        if bad:
            raise unknown("province adcode in capacity", bad[0], adcodes())
        K.index = provinces
        industries = pd.Index([str(i) for i in K.columns], name="industry")
        K.columns = industries
        if K.isna().any().any():
            at = K.isna().stack()
            raise ValidationError(f"capacity is missing for {list(at.index[at])[:5]}")
        pi = pd.Series(probability).astype(float)
        if pi.isna().any():
            raise ValidationError(f"probability is missing for {list(pi.index[pi.isna()])}")
        scen = pd.Index([str(s) for s in pi.index], name="scenario")
        delta = _delta(loss_share, scen, provinces, industries)
        M = _frame(size_limit, "size_limit", provinces, industries).fillna(0.0)
        opts = M > 0
        F = _frame(fixed_cost, "fixed_cost", provinces, industries)
        c = _frame(unit_cost, "unit_cost", provinces, industries)
        for name, df in (("fixed_cost", F), ("unit_cost", c)):
            miss = df.isna() & opts
            if miss.any().any():
                at = miss.stack()
                raise ValidationError(
                    f"{name} is missing where size_limit > 0: {list(at.index[at])[:5]}"
                )
        lam = _series(loss_per_unit, "loss_per_unit", industries, full=True)
        D = _series(demand, "demand", industries, full=True)
        if isinstance(hinterland, str):
            h_name, h = hinterland, tuple(resolve_provinces(hinterland))
        else:
            h_name, h = "custom", tuple(int(a) for a in hinterland)
        ratio = _series(value_added_ratio, "value_added_ratio", industries, full=True)
        W, R, names = _resources(resource_limits, provinces, industries)
        problem = BackupProblem(
            K=K.to_numpy(),
            D=D.to_numpy(),
            delta=delta,
            pi=pi.to_numpy(),
            F=F.fillna(0.0).to_numpy(),
            c=c.fillna(0.0).to_numpy(),
            M=M.to_numpy(),
            lam=lam.to_numpy(),
            provinces=tuple(int(a) for a in provinces),
            industries=tuple(industries),
            scenarios=tuple(scen),
            W=W,
            R=R,
            resources=names,
        )
        return cls(
            problem=problem,
            hinterland=h,
            hinterland_name=h_name,
            gdp=None if gdp is None else pd.Series(gdp).astype(float),
            population=None if population is None else pd.Series(population).astype(float),
            value_added_ratio=ratio,
            unit=unit,
        )

    @classmethod
    def from_scenarios(
        cls,
        capacity: pd.DataFrame,
        demand: pd.Series,
        scenarios: ScenarioSet | str | Path | None = None,
        *,
        unknown_industries: str = "raise",
        **kwargs: Any,
    ) -> BackupInstance:
        """Build an instance whose scenarios come from a scenario file (or the default set).

        ``scenarios`` is a :class:`~hinterland.layout.scenarios.ScenarioSet`, a YAML path,
        ``"example:<name>"`` (a shipped set, :func:`~hinterland.layout.scenarios.example_scenarios`)
        or None for :func:`~hinterland.layout.scenarios.default_scenarios`; other keywords are
        those of :meth:`from_frames`. Industries named in the file must be columns of
        ``capacity`` (``ValidationError`` listing them otherwise) unless
        ``unknown_industries="ignore"``.
        """
        from hinterland.layout.scenarios import resolve_scenarios

        sset = resolve_scenarios(scenarios)
        K = pd.DataFrame(capacity)
        delta = sset.loss_shares(
            [int(a) for a in K.index],
            [str(i) for i in K.columns],
            unknown_industries=unknown_industries,
        )
        return cls.from_frames(K, demand, delta, sset.probability(), **kwargs)


def _resources(limits, provinces: pd.Index, industries: pd.Index):
    if not limits:
        return None, None, ()
    W, R = [], []
    for name, pair in limits.items():
        try:
            use, limit = pair
        except (TypeError, ValueError):
            raise ValidationError(
                f"resource_limits[{name!r}] must be a pair (use, limit)"
            ) from None
        if isinstance(use, pd.Series):
            use = pd.DataFrame([use.reindex(industries)] * len(provinces), index=provinces)
        w = _frame(use, f"resource use {name!r}", provinces, industries).fillna(0.0)
        lim = _series(limit, f"resource limit {name!r}", provinces, full=False)
        W.append(w.to_numpy())
        R.append(lim.fillna(np.inf).to_numpy())
    return np.array(W), np.array(R), tuple(str(n) for n in limits)


def _delta(
    loss_share: pd.DataFrame | pd.Series,
    scen: pd.Index,
    provinces: pd.Index,
    industries: pd.Index,
) -> FloatArray:
    if isinstance(loss_share, pd.Series):
        if loss_share.index.nlevels != 3:
            raise ValidationError(
                "loss_share as a Series needs a (scenario, adcode, industry) index"
            )
        df = loss_share.unstack(level=-1)
    else:
        df = pd.DataFrame(loss_share)
    if df.index.nlevels != 2:
        raise ValidationError("loss_share needs a (scenario, adcode) row index")
    df = df.copy()
    df.index = pd.MultiIndex.from_arrays(
        [df.index.get_level_values(0).astype(str), df.index.get_level_values(1).astype(int)]
    )
    df.columns = [str(c) for c in df.columns]
    s_bad = df.index.get_level_values(0).difference(scen)
    if len(s_bad):
        raise unknown("scenario in loss_share (not in probability)", s_bad[0], list(scen))
    p_bad = df.index.get_level_values(1).difference(provinces)
    if len(p_bad):
        raise unknown("province in loss_share", p_bad[0], list(provinces))
    i_bad = pd.Index(df.columns).difference(industries)
    if len(i_bad):
        raise unknown("industry in loss_share", i_bad[0], list(industries))
    full = pd.MultiIndex.from_product([scen, provinces])
    df = df.groupby(level=[0, 1]).max()  # duplicates: keep the larger loss
    arr = df.reindex(index=full, columns=industries).astype(float).fillna(0.0).to_numpy()
    return arr.reshape(len(scen), len(provinces), len(industries))
