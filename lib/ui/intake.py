"""Upload parts: template downloads, each file's outcome with its located problems, import history, and
who has sent which form."""

from __future__ import annotations

import streamlit as st

from lib.exports import XLSX_MIME
from lib.i18n import LANGUAGES, current_language, fmt_date, plain, t
from lib.intake import collection, imports
from lib.intake.imports import ImportRecord, Outcome
from lib.intake.reading import Problem
from lib.ui import session
from lib.ui.page import table

TEMPLATE_KINDS: tuple[str, ...] = ("workload", "batch", "caseload")


def template_downloads(key: str) -> None:
    """Download buttons for the three form templates, in a language the user picks (default: the UI's)."""
    lang = st.segmented_control(
        t("templates.language"), LANGUAGES, default=current_language(), key=f"{key}.template_lang",
        format_func={code: t(f"app.language.{code}", lang=code) for code in LANGUAGES}.__getitem__,
    ) or current_language()
    for col, kind in zip(st.columns(len(TEMPLATE_KINDS)), TEMPLATE_KINDS, strict=True):
        file_name, data = session.template(kind, lang)
        with col:
            st.download_button(t(f"templates.{kind}"), data, file_name=file_name, mime=XLSX_MIME, on_click="ignore",
                               icon=":material/download:", key=f"{key}.download.{kind}")
            st.caption(t(f"templates.{kind}.help"))


def problems_table(problems: tuple[Problem, ...]) -> list[dict[str, str]]:
    """Rows for a problem report: where, the value found, and what to do, in the UI language."""
    return [
        {
            t("report.col.severity"): t(f"report.severity.{p.severity}"),
            t("report.col.sheet"): p.sheet or "–",
            t("report.col.row"): "–" if p.row is None else str(p.row),
            t("report.col.column"): p.column or "–",
            t("report.col.value"): p.shown_value(),
            t("report.col.message"): p.message(),
        }
        for p in problems
    ]


def outcome_summary(outcomes: list[Outcome]) -> str:
    counts = {status: sum(o.status == status for o in outcomes) for status in OUTCOME_STATUSES}
    return t("report.summary", total=len(outcomes), **counts)


OUTCOME_STATUSES = (imports.IMPORTED, imports.REJECTED, imports.DUPLICATE, imports.CONFLICT, imports.SKIPPED)


def outcome_report(outcome: Outcome) -> None:
    """One file's result: imported (with warnings), rejected (with every located problem), duplicate,
    waiting for a decision, or skipped."""
    parsed = outcome.parsed
    kind = t(f"report.kind.{parsed.kind}") if parsed.kind else ""
    if outcome.status == imports.IMPORTED:
        st.success(t("report.imported", file=plain(parsed.name), kind=kind, rows=parsed.row_count,
                     workers=len({f.code for f in parsed.forms} | {r.code for r in parsed.caseload})),
                   icon=":material/check_circle:")
    elif outcome.status == imports.REJECTED:
        st.error(t("report.rejected", file=plain(parsed.name), errors=len(parsed.errors)), icon=":material/block:")
    elif outcome.status == imports.DUPLICATE:
        when = fmt_date(outcome.duplicate_of.imported_at) if outcome.duplicate_of else ""
        st.info(t("report.duplicate" if outcome.duplicate_of else "report.duplicate_in_batch", file=plain(parsed.name),
                  when=when), icon=":material/content_copy:")
    elif outcome.status == imports.CONFLICT:
        st.warning(t("report.conflict", file=plain(parsed.name)), icon=":material/help:")
    else:
        st.info(t("report.skipped", file=plain(parsed.name)), icon=":material/skip_next:")
    if parsed.problems:
        with st.expander(t("report.problems", errors=len(parsed.errors), warnings=len(parsed.warnings)),
                         expanded=outcome.status == imports.REJECTED):
            table(problems_table(parsed.problems))


def conflict_text(outcome: Outcome) -> str:
    lines = [t("conflict.file", file=plain(outcome.parsed.name))]
    lines += [t("conflict.line", code=plain(c.code), start=fmt_date(c.period_start), end=fmt_date(c.period_end),
                stored=plain(c.file_name)) for c in outcome.conflicts]
    return "\n".join(f"- {line}" if i else line for i, line in enumerate(lines))


def history_table(records: list[ImportRecord]) -> list[dict[str, str]]:
    return [
        {
            t("history.col.file"): (t("demo.badge") + " · " if r.is_demo else "") + r.file_name,
            t("history.col.kind"): t(f"report.kind.{r.kind}"),
            t("history.col.time"): f"{fmt_date(r.imported_at)} {r.imported_at:%H:%M}",
            t("history.col.rows"): str(r.row_count),
            t("history.col.status"): t("history.replaced", file=r.replaced_by) if r.replaced_by else "",
            t("history.col.who"): r.imported_by or "–",
        }
        for r in records
    ]


def fingerprint_table(records: list[ImportRecord]) -> list[dict[str, str]]:
    """Each file's fingerprint (SHA-256), which tells the same file sent twice: for who needs it."""
    return [{t("history.col.file"): r.file_name,
             t("history.col.time"): f"{fmt_date(r.imported_at)} {r.imported_at:%H:%M}",
             t("history.col.sha"): r.sha256} for r in records]


def collection_status(service_id: int) -> None:
    """Who has sent which form, for a period and a count date the service has data for."""
    con = session.store()
    found = collection.choices(con, service_id)
    left, right = st.columns(2)
    period = left.selectbox(t("collection.period"), found.periods, key="collection_period",
                            format_func=lambda p: f"{fmt_date(p[0])}–{fmt_date(p[1])}") if found.periods else None
    count_date = right.selectbox(t("collection.count_date"), found.count_dates, key="collection_date",
                                 format_func=fmt_date) if found.count_dates else None
    workers = collection.status(con, service_id, period, count_date)
    if not workers:
        st.caption(t("collection.none"))
        return
    st.caption(t("collection.help"))
    st.markdown(t("collection.summary", total=len(workers), workload=sum(w.workload for w in workers),
                  caseload=sum(w.caseload for w in workers)))
    table(collection.table(workers, period is not None, count_date is not None))
    text = collection.reminder(workers, period, count_date)
    if text:
        st.caption(t("collection.remind"))
        st.code(text, language=None, wrap_lines=True)
    else:
        st.caption(t("collection.complete"))  # quiet: an upload's own messages stand out on this page
