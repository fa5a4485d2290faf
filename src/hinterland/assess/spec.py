"""The assessment spec: every input and default of ``hinterland assess`` in one validated model.

The spec is language-free (the report's language is a rendering choice) and frozen and
hashable, so that a front end can cache an :class:`~hinterland.assess.result.Assessment` by it.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic import ValidationError as PydanticError

from hinterland.errors import ValidationError

NonNegative = Annotated[float, Field(ge=0.0)]

PRODUCTS = (
    "out_integrated_circuits",
    "out_automobiles",
    "out_nev",
    "out_crude_steel",
    "out_electricity",
    "out_mobile_phones",
    "out_microcomputers",
    "out_solar_cells",
)
"""Key products whose spatial concentration the assessment reports (atlas indicator codes)."""


class AssessmentSpec(BaseModel):
    """What one assessment computes, with every default documented.

    Build it with :meth:`make` (or ``AssessmentSpec()`` for the defaults); an invalid field is a
    :class:`~hinterland.errors.ValidationError` naming the field.

    Attributes
    ----------
    year : int
        The latest atlas year used (2023): each section takes its indicators' latest year not
        after it; trends and convergence run over all years up to it.
    edition : str
        The atlas edition the indicators are read in: ``latest`` (default: the latest revision
        of each figure), ``first`` (as first published) or an edition code (see
        :meth:`hinterland.atlas.IndicatorTable.editions`).
    table : str or None
        The MRIO table of the linkage, exposure and backup sections: None for the active table
        (``hinterland mrio import``, else the shipped China estimate 2020), the year of a
        shipped China table (``"2017"``, ``"2018"``, ``"2020"``), or a path to a table (CSV
        layout, pymrio folder, CEADs workbook, ``.npz`` China table).
    indicator : str
        The income indicator of the disparity, decomposition and convergence sections
        (``gdp_per_capita``, yuan per person).
    groupings : tuple of str
        Groupings of the Theil decomposition (the four blocs and the Third Front lines).
    map_groupings : tuple of str
        Groupings drawn as maps in the groupings section.
    hinterland : str
        Grouping spec of the strategic hinterland (``third_front:third_line``) for the products'
        hinterland share.
    products : tuple of str
        Key products (atlas output indicators) of the concentration section.
    hu_year : int
        Census year of the Hu Huanyong line's population shares (2020, the seventh census).
    budget : float
        Backup budget of the layout section, 100 million yuan (500).
    frontier_budgets : tuple of float
        Budgets of the cost-security frontier, 100 million yuan (0 to 1600).
    objective : {"expected", "cvar"}
        What the backup placement minimises (expected loss).
    alpha : float
        CVaR level of the layout section's tail-risk figures (0.9: the worst 10% of scenarios).
    scenarios : str or None
        The layout's disruption scenario set: None for the embedded illustrative set,
        ``example:NAME`` for a shipped set, or a YAML path.
    coordination_points : int
        Grid points of the security-coordination front at the budget (5).
    hub_counts : tuple of int
        Numbers of computing hubs sited (1 to 4).
    hub_weights : tuple of float, float
        Weights of the hub operating terms: cost units per yuan/kWh of power price (2000: 0.1
        yuan/kWh weighs like 200 km per unit of demand) and objective units per unit of renewable
        share (1e8 GDP-weighted km). Valuations for illustration, not estimates.
    criticality_top : int
        Rows of the worst-closure table (10).
    dependencies_top : int
        Rows of the largest inter-provincial dependencies table (15).
    ensemble_run : str or None
        A stored ensemble run (``hinterland ensemble run``) shown in the risk-under-uncertainty
        section; None leaves the section out.
    ensemble_store : str or None
        The run store of ``ensemble_run`` (None: the default store under HINTERLAND_HOME).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: Annotated[int, Field(ge=1949, le=2100)] = 2023
    edition: str = "latest"
    table: str | None = None
    indicator: str = "gdp_per_capita"
    groupings: tuple[str, ...] = ("four_blocs", "third_front")
    map_groupings: tuple[str, ...] = (
        "four_blocs",
        "third_front",
        "city_clusters",
        "computing_hubs",
    )
    hinterland: str = "third_front:third_line"
    products: tuple[str, ...] = PRODUCTS
    hu_year: int = 2020
    budget: NonNegative = 500.0
    frontier_budgets: tuple[NonNegative, ...] = (0.0, 100.0, 200.0, 400.0, 800.0, 1600.0)
    objective: Literal["expected", "cvar"] = "expected"
    alpha: Annotated[float, Field(gt=0.0, lt=1.0)] = 0.9
    scenarios: str | None = None
    coordination_points: Annotated[int, Field(ge=1, le=50)] = 5
    hub_counts: tuple[Annotated[int, Field(ge=1, le=8)], ...] = (1, 2, 3, 4)
    hub_weights: tuple[NonNegative, NonNegative] = (2000.0, 1e8)
    criticality_top: Annotated[int, Field(ge=1)] = 10
    dependencies_top: Annotated[int, Field(ge=1)] = 15
    ensemble_run: str | None = None
    ensemble_store: str | None = None

    @field_validator("groupings", "map_groupings", "products", "frontier_budgets", "hub_counts")
    @classmethod
    def _not_empty(cls, value: tuple) -> tuple:
        if not value:
            raise ValueError("must not be empty")
        return value

    @classmethod
    def make(cls, **fields) -> AssessmentSpec:
        """Build a spec, turning pydantic's errors into one :class:`ValidationError`.

        Raises
        ------
        ValidationError
            Naming the field, the value received and what was expected.
        """
        try:
            return cls(**fields)
        except PydanticError as exc:
            err = exc.errors()[0]
            where = ".".join(map(str, err["loc"])) or "spec"
            raise ValidationError(
                f"assessment spec: {where}: {err['msg']} (got {err.get('input')!r})"
            ) from None

    def key(self) -> str:
        """A stable digest of the spec (the same for equal specs across runs), for caches."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]
