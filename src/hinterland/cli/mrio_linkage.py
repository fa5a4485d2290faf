"""``hinterland mrio exposure | spillovers | dependence | va-trade``: who depends on whom.

The interprovincial analyses of the MRIO table, with province and sector names beside the codes.
They run on the active table (the shipped China estimate when nothing is imported) or
``--table``.
"""

from __future__ import annotations

import typer

from hinterland.cli._output import FORMAT_HELP, Fmt, emit_frame, frame_out
from hinterland.cli.mrio import LANG_OPTION_HELP, _estimate_note, _table, mrio_app, table_option
from hinterland.errors import HinterlandError

MAX_TOP = 1000


def _top(top: int) -> int:
    if not 1 <= top <= MAX_TOP:
        raise HinterlandError(f"--top must be between 1 and {MAX_TOP}; got {top}")
    return top


def _province(codes, lang: str) -> list[str]:
    from hinterland.atlas import adcodes, labels

    known = set(adcodes())
    return [labels([c], lang)[0] if c in known else str(c) for c in codes]


@mrio_app.command("exposure")
def mrio_exposure(
    frontline: str = typer.Option(
        "third_front:first_line", "--frontline", help="grouping spec of the exposed provinces"
    ),
    years: bool = typer.Option(
        False, "--years", help="the key sectors in every shipped China table, side by side"
    ),
    table: str = table_option(),
    lang: str = typer.Option("zh", "--lang", help=LANG_OPTION_HELP),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Frontline output and input shares by sector, hinterland share and backup ratio."""
    from hinterland.mrio import china
    from hinterland.mrio.analysis import exposure
    from hinterland.mrio.sectors import labels

    if not frontline.strip():
        raise HinterlandError("--frontline is empty: give a grouping spec")
    if years:
        if table is not None:
            raise HinterlandError("--years compares the shipped China tables; not with --table")
        res = china.exposure_over_time(frontline)
        res.columns = [f"{m}_{y}" for m, y in res.columns]
    else:
        m = _table(table)
        _estimate_note(m)
        res = exposure(m, frontline)
    res.insert(0, "sector_name", labels(res.index, lang))
    emit_frame(res, fmt, "Exposure and backup ratio / 暴露度与备份比")


@mrio_app.command("spillovers")
def mrio_spillovers(
    table: str = table_option(),
    lang: str = typer.Option("zh", "--lang", help=LANG_OPTION_HELP),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Intra-regional, feedback and spillover output of each province's final demand."""
    from hinterland.mrio.analysis import spillovers

    m = _table(table)
    _estimate_note(m)
    res = spillovers(m)
    res.insert(0, "province", _province(res.index, lang))
    emit_frame(res.sort_values("spillover_share", ascending=False), fmt, "Spillovers / 溢出")


@mrio_app.command("dependence")
def mrio_dependence(
    region: str = typer.Option(None, "--region", help="only this province (adcode or name)"),
    top: int = typer.Option(15, "--top", help=f"pairs shown, 1..{MAX_TOP}"),
    table: str = table_option(),
    lang: str = typer.Option("zh", "--lang", help=LANG_OPTION_HELP),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """The largest interprovincial dependencies (share of output sustained by another province).

    A pair (producing, demanding) gives the share of the producing province's output that the
    final demand of the demanding province sustains (Leontief, exports excluded).
    """
    import pandas as pd

    from hinterland.mrio.analysis import dependence

    top = _top(top)
    m = _table(table)
    _estimate_note(m)
    dep = dependence(m).drop(columns="exports", errors="ignore")
    share = dep.div(dep.sum(axis=1), axis=0).stack()
    share = share[[r != s for r, s in share.index]]
    if region is not None:
        from hinterland.atlas import resolve

        code = resolve(region)
        share = share[[code in pair for pair in share.index]]
    share = share.sort_values(ascending=False).head(top)
    producing = [r for r, _ in share.index]
    demanding = [s for _, s in share.index]
    res = pd.DataFrame(
        {
            "producing": producing,
            "producing_name": _province(producing, lang),
            "demanding": demanding,
            "demanding_name": _province(demanding, lang),
            "share_of_output": share.to_numpy(),
        }
    )
    frame_out(res.set_index("producing"), fmt, "Dependence / 省际依赖")


@mrio_app.command("va-trade")
def mrio_va_trade(
    table: str = table_option(),
    lang: str = typer.Option("zh", "--lang", help=LANG_OPTION_HELP),
    fmt: Fmt = typer.Option(Fmt.table, "--format", help=FORMAT_HELP),
):
    """Value added each province earns from each province's final demand (rows: producers)."""
    from hinterland.mrio.analysis import value_added_in_trade

    m = _table(table)
    _estimate_note(m)
    res = value_added_in_trade(m)
    res.insert(0, "province", _province(res.index, lang))
    emit_frame(res, fmt, "Value added in trade / 贸易隐含增加值")
