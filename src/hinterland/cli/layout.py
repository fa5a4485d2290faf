"""``hinterland layout ...``: key-industry backup placement and computing-hub siting."""

from __future__ import annotations

import functools
import inspect
from pathlib import Path
from typing import Any, get_type_hints

import typer

from hinterland.cli import _bounds as B
from hinterland.cli._app import group
from hinterland.cli._output import FORMAT_HELP, Fmt, emit_dict, emit_frame
from hinterland.errors import HinterlandError

layout_app = group(
    "layout", "Layout optimisation: key-industry backup placement and computing-hub siting."
)


def _specs(text: str | None) -> list[str] | None:
    """Comma-separated province specs (adcodes, names, grouping specs), or None."""
    if text is None:
        return None
    items = [s.strip() for s in text.split(",") if s.strip()]
    if not items:
        raise HinterlandError(f"--candidates names no province: {text!r}")
    return items


def _instance(scenarios: Path | None, kind: str = "auto", sectors: str | None = None, **kw):
    """The layout instance of the options (see ``resolve_instance``)."""
    from hinterland.layout.default import resolve_instance

    keys = [s.strip() for s in sectors.split(",") if s.strip()] if sectors else None
    kw["candidates"] = _specs(kw.get("candidates"))
    if kw.get("table") is not None:
        from hinterland.mrio.store import resolve

        kw["table"] = resolve(kw["table"])
    if scenarios is not None and str(scenarios).startswith("run:"):  # a stored ensemble run
        from hinterland.scenarios.backup import scenario_set

        scenarios = scenario_set(str(scenarios), table=kw.get("table"))
    return resolve_instance(kind, scenarios, sectors=keys, **kw)


INSTANCE_OPTION = typer.Option(
    "auto", "--instance", help="table (active MRIO table), atlas (illustrative) or auto"
)
SECTORS_OPTION = typer.Option(
    None, "--sectors", help="key sectors of the table, comma-separated (default: NBS 17 keys)"
)
LOSS_OPTION = typer.Option("ghosh", "--loss-model", help="ghosh or capacity (table instance)")
ENERGY_OPTION = typer.Option(
    None,
    "--energy-spare",
    help="energy limit: share of each province's electricity output, 0..1",
    callback=B.real(B.SHARE),
)
CANDIDATES_OPTION = typer.Option(
    None,
    "--candidates",
    help="provinces that may host backup: adcodes, names or grouping specs, comma-separated "
    "(default: outside third_front:first_line)",
)
HINTERLAND_OPTION = typer.Option(
    None,
    "--hinterland",
    help="grouping spec of the hinterland (default third_front:third_line)",
    callback=B.text,
)
SHARE_OPTION = typer.Option(
    None,
    "--min-hinterland-share",
    help="coordination: hinterland share of capacity, 0..1",
    callback=B.real(B.SHARE),
)
SCENARIOS_OPTION = typer.Option(
    None,
    "--scenarios",
    help="scenario YAML, example:NAME (see 'layout scenarios') or run:RUN_ID (an ensemble run "
    "in the default store); default set if omitted",
    callback=B.text,
)
PRICES_OPTION = typer.Option(
    None, "--prices", help="CSV: adcode and any of wage, electricity, land (replace the atlas')"
)
LABOUR_OPTION = typer.Option(
    None, "--labour-share", help="labour share of value added, 0..1 (0.5)", callback=B.real(B.SHARE)
)
LAND_OPTION = typer.Option(
    None,
    "--land-share",
    help="land's share of the cost of capacity, 0..1 (0.1)",
    callback=B.real(B.SHARE),
)


TABLE_OPTION = typer.Option(
    None,
    "--table",
    help="MRIO table of the table instance: a shipped year (2017, 2018, 2020) or a path "
    "(default: the imported table, else the China estimate 2020)",
)


INSTANCE_PARAMS: dict[str, tuple[Any, Any]] = {
    "scenarios": (str, SCENARIOS_OPTION),
    "instance_kind": (str, INSTANCE_OPTION),
    "sectors": (str, SECTORS_OPTION),
    "loss_model": (str, LOSS_OPTION),
    "energy_spare": (float, ENERGY_OPTION),
    "candidates": (str, CANDIDATES_OPTION),
    "hinterland": (str, HINTERLAND_OPTION),
    "prices": (Path, PRICES_OPTION),
    "labour_share": (float, LABOUR_OPTION),
    "land_share": (float, LAND_OPTION),
    "table": (str, TABLE_OPTION),
}
"""Options shared by the layout commands that build a backup instance (see ``_instance``)."""


def _with_instance(func):
    """Give a layout command the instance options; it receives the instance and its description.

    The wrapped function takes ``instance`` and ``about`` (from :func:`_instance`) instead of
    the options in :data:`INSTANCE_PARAMS`, which are added to the signature Typer reads, before
    ``fmt``.
    """
    hints = get_type_hints(func)
    own = [
        p.replace(annotation=hints.get(p.name, p.annotation))
        for p in inspect.signature(func).parameters.values()
        if p.name not in ("instance", "about")
    ]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=opt, annotation=kind)
        for name, (kind, opt) in INSTANCE_PARAMS.items()
    ]
    tail = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own if p.name == "fmt"]
    head = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own if p.name != "fmt"]

    @functools.wraps(func)
    def command(**kwargs):
        opts = {name: kwargs.pop(name) for name in INSTANCE_PARAMS}
        scenarios, kind, sectors = (opts.pop(k) for k in ("scenarios", "instance_kind", "sectors"))
        instance, about = _instance(scenarios, kind, sectors, **opts)
        return func(instance=instance, about=about, **kwargs)

    command.__signature__ = inspect.Signature([*head, *added, *tail])  # type: ignore[attr-defined]
    del command.__wrapped__  # Typer must read the signature above, not the function's own
    return command


@layout_app.command("optimize")
@_with_instance
def layout_optimize(
    budget: float = typer.Option(
        500.0,
        "--budget",
        help=B.says("budget, 100 million yuan", B.BUDGET),
        callback=B.real(B.BUDGET),
    ),
    objective: str = typer.Option("expected", "--objective", help="expected or cvar"),
    alpha: float = typer.Option(0.9, "--alpha", help="CVaR level, 0..1", callback=B.real(B.SHARE)),
    gap: float = typer.Option(
        0.01, "--gap", help="relative MIP gap, 0..1", callback=B.real(B.SHARE)
    ),
    cost_weight: float = typer.Option(
        0.0, "--cost-weight", help="loss per unit of cost, >= 0", callback=B.real((0.0, 1.0e6))
    ),
    min_share: float = SHARE_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
    instance=None,
    about=None,
):
    """Where to place backup capacity within a budget: expected loss, CVaR, Theil, placements."""
    from hinterland.layout import optimize

    if budget < 0:
        raise HinterlandError(f"--budget must be >= 0; got {budget}")
    from hinterland.cli._progress import spinner

    with spinner("backup placement (HiGHS)"):
        sol = optimize(
            instance,
            budget,
            objective=objective,
            alpha=alpha,
            gap=gap,
            cost_weight=cost_weight,
            min_hinterland_share=min_share,
        )
    out = sol.to_dict()
    out["placements"] = out.pop("opened")
    emit_dict({**out, **about}, fmt, "Backup layout / 备份布局")


@layout_app.command("frontier")
@_with_instance
def layout_frontier(
    budgets: str = typer.Option(
        "0,100,200,400,800,1600",
        "--budgets",
        help=f"comma-separated, at most {B.BUDGETS}, each in [0..{B.BUDGET[1]:g}]",
        callback=B.budgets,
    ),
    objective: str = typer.Option("expected", "--objective", help="expected or cvar"),
    alpha: float = typer.Option(0.9, "--alpha", help="CVaR level, 0..1", callback=B.real(B.SHARE)),
    min_share: float = SHARE_OPTION,
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
    instance=None,
    about=None,
):
    """Expected loss (and CVaR) against budget: the cost-security trade-off."""
    from hinterland.layout import frontier

    try:
        values = [float(b) for b in budgets.split(",") if b.strip()]
    except ValueError:
        raise HinterlandError(
            f"--budgets must be numbers separated by commas; got {budgets!r}"
        ) from None
    from hinterland.cli._progress import spinner

    with spinner(f"frontier: {len(values)} budgets"):
        table = frontier(
            instance, values, objective=objective, alpha=alpha, min_hinterland_share=min_share
        )
    emit_frame(table, fmt, "Frontier / 前沿")


@layout_app.command("pareto")
@_with_instance
def layout_pareto(
    pair: list[str] = typer.Option(
        None,
        "--pair",
        help="objective pair (repeatable): cost,expected_loss (default), cost,cvar, "
        "hinterland_share,expected_loss or hinterland_share,cvar",
    ),
    n: int = typer.Option(
        8, "--n", help=B.says("grid points per pair", B.GRID), callback=B.count(B.GRID)
    ),
    budget: float = typer.Option(
        None,
        "--budget",
        help=B.says("budget (coordination pairs; cost pairs: top of the grid)", B.BUDGET),
        callback=B.real(B.BUDGET),
    ),
    alpha: float = typer.Option(0.9, "--alpha", help="CVaR level, 0..1", callback=B.real(B.SHARE)),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
    instance=None,
    about=None,
):
    """Pareto fronts by the epsilon-constraint method: cost or coordination against risk."""
    from hinterland.layout import pareto

    if budget is not None and budget < 0:
        raise HinterlandError(f"--budget must be >= 0; got {budget}")
    pairs = [tuple(p.strip() for p in text.split(",")) for text in (pair or ["cost,expected_loss"])]
    bad = [text for text, p in zip(pair or [], pairs, strict=False) if len(p) != 2]
    if bad:
        raise HinterlandError(f"--pair must be two objectives separated by a comma; got {bad[0]!r}")
    from hinterland.cli._progress import spinner

    with spinner(f"Pareto fronts: {len(pairs)} x {n} points"):
        table = pareto(instance, pairs, n=n, budget=budget, alpha=alpha)
    emit_frame(table, fmt, "Pareto / 帕累托前沿")


@layout_app.command("scenarios")
def layout_scenarios(fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP)):
    """The scenario sets shipped with the package (use them as --scenarios example:NAME)."""
    import pandas as pd

    from hinterland.layout.scenarios import example_scenarios, load_scenarios

    rows = {}
    for name, path in example_scenarios().items():
        sset = load_scenarios(path)
        rows[f"example:{name}"] = {
            "scenarios": len(sset.scenarios),
            "channel_closures": sum(1 for sc in sset.scenarios if sc.channels),
            "names": ", ".join(sc.name for sc in sset.scenarios),
            "note": sset.note,
        }
    table = pd.DataFrame(rows).T
    table.index.name = "set"
    emit_frame(table, fmt, "Scenario sets / 情景集")


@layout_app.command("hubs")
def layout_hubs(
    p: int = typer.Option(
        3, "--p", help=B.says("number of hubs to choose", B.HUBS), callback=B.count(B.HUBS)
    ),
    candidates: str = typer.Option("hubs", "--candidates", help="hubs (the eight) or all"),
    weight: str = typer.Option("gdp", "--weight", help="gdp or population"),
    year: int = typer.Option(2023, "--year", help=B.says("year", B.YEAR), callback=B.count(B.YEAR)),
    cost: str = typer.Option("km", "--cost", help="km (geodesic) or latency (round-trip ms)"),
    site_data: Path = typer.Option(
        None,
        "--site-data",
        help="CSV: site, electricity_price (yuan/kWh) and/or renewable_share (0..1); or 'atlas' "
        "(coal benchmark price, NEA renewable share)",
    ),
    alpha_price: float = typer.Option(
        0.0, "--alpha-price", help="cost units per yuan/kWh, >= 0", callback=B.real((0.0, 1.0e12))
    ),
    alpha_green: float = typer.Option(
        0.0,
        "--alpha-green",
        help="objective units per unit of renewable share, >= 0",
        callback=B.real((0.0, 1.0e12)),
    ),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Computing-hub siting (p-median over provincial demand, HiGHS)."""
    from hinterland.layout.hubs import atlas_site_data, read_site_data, site_hubs

    if candidates not in ("hubs", "all"):
        raise HinterlandError(f"--candidates must be hubs or all; got {candidates!r}")
    price = green = None
    about: tuple[str, ...] = ()
    if site_data is None:
        if alpha_price or alpha_green:
            raise HinterlandError("--alpha-price and --alpha-green need --site-data FILE")
    else:
        if str(site_data) == "atlas":
            from hinterland.messages import texts

            price, green, notes = atlas_site_data(candidates)  # type: ignore[arg-type]
            about = tuple(texts(notes, "en"))
        else:
            price, green = read_site_data(site_data, candidates)  # type: ignore[arg-type]
        for values, a, column, flag in (
            (price, alpha_price, "electricity_price", "--alpha-price"),
            (green, alpha_green, "renewable_share", "--alpha-green"),
        ):
            if a and values is None:
                raise HinterlandError(f"{flag} is set but {site_data} has no {column} column")
        if not (alpha_price or alpha_green):
            raise HinterlandError("--site-data needs --alpha-price and/or --alpha-green > 0")
        price = price if alpha_price else None
        green = green if alpha_green else None
    res = site_hubs(
        p,
        candidates=candidates,  # type: ignore[arg-type]
        weight=weight,
        year=year,
        cost=cost,  # type: ignore[arg-type]
        electricity_price=price,
        renewable_share=green,
        alpha=(alpha_price, alpha_green),
    )
    if fmt is Fmt.table:
        emit_frame(res.to_frame(), fmt, "Computing hubs / 算力枢纽")
    else:
        out = res.to_dict()
        if site_data is not None:
            out["site_data"] = list(about) if str(site_data) == "atlas" else str(site_data)
        emit_dict(out, fmt, "Computing hubs / 算力枢纽")
