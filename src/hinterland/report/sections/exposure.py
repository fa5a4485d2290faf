"""Key-industry exposure and backup ratio on the active MRIO table."""

from __future__ import annotations

from hinterland.report.builder import Builder, Context
from hinterland.report.i18n import t
from hinterland.report.sections.linkage import table_note

ID = "exposure"
TITLE = "sec_exposure"


def render(b: Builder, ctx: Context) -> None:
    """Fill the section opened for it (see the package docstring)."""
    from hinterland.mrio import analysis as an

    lang = b.lang
    blocks = b.blocks
    m = ctx.mrio
    if m is None:
        return
    blocks.append({"kind": "note", "body": table_note(ctx, lang)})
    blocks.append({"kind": "text", "body": t("exposure_text", lang)})
    blocks.append({"kind": "html", "body": b.table(an.exposure(m), "mrio_exposure")})
