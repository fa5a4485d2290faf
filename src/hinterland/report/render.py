"""Rendering: an assessment's sections into one self-contained offline HTML page, atomically."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import jinja2
from plotly.offline import get_plotlyjs

import hinterland
from hinterland._io import check_out_dir, staged_dir
from hinterland.assess import Assessment, AssessmentSpec, run
from hinterland.errors import ValidationError
from hinterland.report.builder import Builder
from hinterland.report.i18n import t
from hinterland.report.sections import SECTIONS


def render_sections(b: Builder, assessment: Assessment) -> None:
    """Render every section of the report that the assessment holds, each on its own.

    A section whose computation failed shows its error; so does one whose rendering fails
    (its partial blocks are replaced), and the others render.
    """
    for section in SECTIONS:
        whole = getattr(section, "WHOLE", False)
        if not whole and section.ID not in assessment:
            continue
        res = assessment if whole else assessment[section.ID]
        blocks = b.section(section.ID, section.TITLE, sub=getattr(section, "SUB", False))
        error = None if whole else res.error
        if error is None:
            try:
                section.render(b, res)
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
        if error is not None:
            blocks[:] = [{"kind": "error", "body": t("section_failed", b.lang, error=error)}]


ZH_NUMERALS = "一二三四五六七八九十"


def zh_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十 (up to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else ZH_NUMERALS[tens - 1] + "十")
    return head + (ZH_NUMERALS[ones - 1] if ones else "")


def numbered(sections: list[dict], lang: str) -> list[dict]:
    """The sections shown, numbered in order (一、二、… or 1. 2. …): no number skipped.

    A section marked ``sub`` (its module sets ``SUB = True``) is numbered under the section
    before it, as Chinese documents number them (（一）（二）) or 5.1, 5.2 in English; a
    sub-section with no section before it is a section.
    """
    out = []
    main = sub = 0
    for s in sections:
        if s.get("sub") and main:
            sub += 1
            prefix = f"（{zh_number(sub)}）" if lang == "zh" else f"{main}.{sub} "
        else:
            main, sub = main + 1, 0
            prefix = f"{zh_number(main)}、" if lang == "zh" else f"{main}. "
        out.append({**s, "title": prefix + s["title"]})
    return out


def render_page(b: Builder, assessment: Assessment) -> str:
    """The HTML page of a builder whose sections are complete."""
    lang = b.lang
    sources = assessment.sections.get("sources")
    ok = sources is not None and sources.ok
    n_fig = n_checked = 0
    if ok:  # the counts the sources section gives: every figure of every edition
        dist = sources["checked"]
        n_fig, n_checked = int(dist.sum()), int(dist.get("official", 0) + dist.get("two_copies", 0))
    env = jinja2.Environment(loader=jinja2.PackageLoader("hinterland.report", "."), autoescape=True)
    page = env.get_template("template.html.j2").render(
        lang=lang,
        title=t("title", lang),
        subtitle=t("subtitle", lang),
        generated_label=t("generated", lang),
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        version=hinterland.__version__,
        data_note=t("data_note", lang),
        data_note_body=t("data_note_body", lang),
        show_counts=ok,  # the figure counts come from the sources section; none without it
        n_figures=f"{n_fig:,}",
        n_checked=f"{n_checked:,}",
        checked_pct=f"{n_checked / max(n_fig, 1):.1%}",
        figures_label=t("figures_all_editions", lang),
        checked_label=t("checked", lang),
        toc=t("toc", lang),
        sections=numbered([s for s in b.sections if s["blocks"]], lang),
        tables_note=t("tables_note", lang),
        plotlyjs=get_plotlyjs(),
    )
    if re.search(r"<script[^>]+src=[\"']https?:", page):
        raise RuntimeError("report would load a script from the network")
    return page


def write_report(
    out: str | Path,
    *,
    lang: str = "zh",
    assessment: Assessment | None = None,
    spec: AssessmentSpec | None = None,
    force: bool = False,
) -> Path:
    """Write ``index.html`` and ``tables/*.csv`` into ``out`` and return the HTML path.

    Parameters
    ----------
    out : path
        The report's folder: new, empty, or a previous report (recognised by its marker file,
        :data:`hinterland._io.MARKER`), which is then replaced. Any other non-empty folder is
        refused before any work.
    lang : {"zh", "en"}
        The language of the page.
    assessment : Assessment, optional
        What to render; computed with :func:`hinterland.assess.run` from ``spec`` if omitted.
    spec : AssessmentSpec, optional
        The spec to run when no assessment is given (the defaults if omitted).
    force : bool, default False
        Write into a non-empty folder that is not a report: the report's files go beside the
        files there, which are kept (a file of the same name as one of the report's is still
        refused).

    The page is self-contained (plotly.js embedded, no network). The files are written to a
    temporary folder beside ``out`` and moved into place only when complete, so a failure or a
    kill (SIGTERM) leaves neither a partial report nor the temporary folder.

    Raises
    ------
    ValidationError
        For an unknown language or an ``out`` that may not be written (see above).
    """
    if lang not in ("zh", "en"):
        raise ValidationError(f"unknown language {lang!r}; valid: zh, en")
    check_out_dir(out, force=force, what="report")
    if assessment is None:
        assessment = run(spec)
    with staged_dir(out, force=force, what="report") as tmp:
        (tmp / "tables").mkdir()
        b = Builder(lang, tmp / "tables")
        render_sections(b, assessment)
        (tmp / "index.html").write_text(render_page(b, assessment), encoding="utf-8")
    return Path(out) / "index.html"
