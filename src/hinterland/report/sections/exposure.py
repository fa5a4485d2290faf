"""Key-industry exposure and backup ratio on the MRIO table."""

from __future__ import annotations

from hinterland.assess import SectionResult
from hinterland.report.builder import Builder
from hinterland.report.i18n import t
from hinterland.report.sections.linkage import table_note

ID = "exposure"
TITLE = "sec_exposure"


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    lang = b.lang
    blocks = b.blocks
    if res["table"] is None:
        return
    blocks.append({"kind": "note", "body": table_note(res, lang)})
    blocks.append({"kind": "text", "body": t("exposure_text", lang)})
    blocks.append({"kind": "html", "body": b.table(res["exposure"], "mrio_exposure")})
