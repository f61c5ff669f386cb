"""Tab 2: each member's individual scores, typed here or through the member's offline form.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from lib import principal
from lib.domain import Catalogue
from lib.exports import XLSX_MIME
from lib.i18n import current_language, fmt_input, plain, t
from lib.quality import assessments, view
from lib.quality import member_form as form
from lib.quality import rules as A
from lib.quality import scoring_grid as grid_
from lib.quality.assessments import Snapshot
from lib.quality.member_form import band_label
from lib.ui import page, session
from lib.ui.intake import problems_table
from lib.ui.page import action, later, note, show_field_error, upload_limits
from lib.ui.self_assessment import scoring_help as help_
from lib.ui.self_assessment.common import FORM_OUTCOME, criterion_picker, forget, run, safe_key

CRITERION = "sa_ind_criterion"
SAVED = "sa_grid_saved"
# Rows over 4rem let the grid wrap a practice's text (Streamlit wraps only then); the grid scrolls
# inside its own box below GRID_MAX_PX, which keeps the row being typed on screen at 1366×768.
GRID_ROW_PX, GRID_HEAD_PX, GRID_MAX_PX = 90, 40, 540
GRID_WIDTHS = {"item": 60, "text": 380, "band": 120, grid_.SCORE: 150, grid_.NOTE: 190}  # px, column order
COMMENT_WIDTHS = {"item": 60, "text": 220, **{f: 210 for f in A.COMMENT_FIELDS}}  # the subcriteria's grid


def _grid_key(assessment_id: int, member_id: int, criterion_id: str) -> str:
    return f"sa_grid_{assessment_id}_{member_id}_{safe_key(criterion_id)}"


def _problems_key(grid_key: str) -> str:
    return f"{grid_key}__problems"


def _comments_key(grid_key: str) -> str:
    return f"{grid_key}__comments"


def cleared_text(cleared: Sequence[tuple[str, str]]) -> str:
    """The items a save or an upload cleared, as the member reads them ("1.1.1, 6.1.1 Tendences")."""
    return ", ".join(item if kind == "practice" else f"{item} {t(f'sa.kind.{kind}')}" for kind, item in cleared)


@action
def _save_grid(service_id: int, assessment_id: int, member_id: int, grid_key: str, grid: tuple[grid_.Row, ...],
               comment_grid: tuple[grid_.CommentRow, ...], next_criterion: str | None) -> None:
    """The member's changed cells of both grids in one unit of work; a bad cell keeps every edit in
    the grids and is named under them. With `next_criterion` the page moves on to the next criterion."""
    s = st.session_state
    edits = grid_.read(grid, s.get(grid_key, {}).get("edited_rows", {}), comment_grid,
                       s.get(_comments_key(grid_key), {}).get("edited_rows", {}))
    if edits.problems:
        s[_problems_key(grid_key)] = edits.problems
        return
    s.pop(_problems_key(grid_key), None)
    write = functools.partial(assessments.set_individual_many, replace=False, notes=edits.notes,
                              comments=edits.comments)
    changed = len(edits.scores) + len({sub for sub, _ in edits.comments})
    if changed and not run(write, service_id, assessment_id, member_id, edits.scores, field=f"{grid_key}_save"):
        return
    s.pop(grid_key, None)  # the grids show what is stored now
    s.pop(_comments_key(grid_key), None)
    if edits.cleared:
        note(SAVED, "success", "sa.grid.saved_cleared", count=changed, items=cleared_text(edits.cleared))
    elif changed:
        note(SAVED, "success", "sa.grid.saved", count=changed)
    else:
        note(SAVED, "success", "sa.grid.unchanged")
    if next_criterion is not None:
        st.session_state[CRITERION] = next_criterion


def _label(row: grid_.Row) -> str:
    """The practice text with its standing in the standard and, where the base standard scores a
    narrower wording than the one shown, a hint saying so."""
    label = row.label if row.status in ("", "base", "optimal") else f"{row.label} ({t(f'sa.status_base.{row.status}')})"
    return f"{t('sa.practice.narrower_hint')} {label}" if row.narrower else label  # first: the row may cut the end


def _grid_frame(grid: tuple[grid_.Row, ...]) -> pd.DataFrame:
    return pd.DataFrame({
        "item": [r.item_id for r in grid],
        "text": [_label(r) for r in grid],
        "band": [band_label(r.band) if r.band else "" for r in grid],
        grid_.SCORE: [fmt_input(r.score) for r in grid],
        grid_.NOTE: [r.note for r in grid],
    })


def _comment_frame(rows: tuple[grid_.CommentRow, ...]) -> pd.DataFrame:
    return pd.DataFrame({"item": [r.subcriterion_id for r in rows], "text": [r.label for r in rows],
                         **{f: [r.texts[f] for r in rows] for f in A.COMMENT_FIELDS}})


def individual_tab(cat: Catalogue, service_id: int, snap: Snapshot, items: tuple[A.Item, ...]) -> None:
    """One member, one criterion, one grid: type a column of scores (Enter moves down), save once."""
    if not snap.members:
        st.info(t("sa.no_members"), icon=":material/group_add:")
        return
    names = {m.id: m.name for m in assessments.own_members(snap, principal.current(), service_id)}
    if not names:  # a signed-in member whose account the head has not linked to a member yet
        st.info(t("sa.member.not_linked"), icon=":material/link_off:")
        return
    left, right = st.columns(2)
    member_id = left.selectbox(t("sa.member"), list(names), format_func=names.__getitem__, key="sa_member")
    with right:
        cid = criterion_picker(cat, CRITERION)
    lang = current_language()
    grid = grid_.rows(cat, snap, items, member_id, cid, lang, {d: t(f"sa.kind.{d}") for d in cat.dimensions})
    scored = sum(r.score is not None for r in grid)
    st.caption(t("sa.grid.help", scored=scored, total=len(grid)))
    help_.criterion_help(cat, cid, snap.assessment.standard, items)
    with st.expander(t("sa.grid.bands")):
        kind = "practice" if A.criterion_kind(cat, cid) == "enabler" else cat.dimensions[0]
        page.table(view.bands_rows(cat, kind))
    key = _grid_key(snap.assessment.id, member_id, cid)
    ids = [c.id for c in cat.criteria]
    following = ids[ids.index(cid) + 1] if cid != ids[-1] else None
    with st.form(f"{key}_form", border=False, enter_to_submit=False):
        labels = {"item": t("sa.col.item"), "text": t("sa.grid.col.text"), "band": t("sa.col.band"),
                  grid_.SCORE: t("sa.grid.col.score"), grid_.NOTE: t("sa.grid.col.note")}
        limits = {grid_.SCORE: 6, grid_.NOTE: grid_.NOTE_MAX}
        st.data_editor(_grid_frame(grid), key=key, hide_index=True, num_rows="fixed", width="stretch",
                       row_height=GRID_ROW_PX, height=min(GRID_MAX_PX, GRID_ROW_PX * len(grid) + GRID_HEAD_PX),
                       disabled=["item", "text", "band"],
                       column_config={c: st.column_config.TextColumn(labels[c], width=w, pinned=c == "item",
                                                                     max_chars=limits.get(c))
                                      for c, w in GRID_WIDTHS.items()})
        comment_grid = grid_.comment_rows(cat, snap, member_id, cid, lang)
        st.markdown(f"**{t('sa.grid.comments')}**")
        st.caption(t("sa.grid.comments.help"))
        comment_labels = {"item": t("sa.col.subcriterion"), "text": t("sa.col.text"),
                          **{f: t(f"sa.kind.{f}") for f in A.COMMENT_FIELDS}}
        st.data_editor(_comment_frame(comment_grid), key=_comments_key(key), hide_index=True, num_rows="fixed",
                       width="stretch", row_height=GRID_ROW_PX, disabled=["item", "text"],
                       height=GRID_ROW_PX * len(comment_grid) + GRID_HEAD_PX,
                       column_config={c: st.column_config.TextColumn(comment_labels[c], width=w, pinned=c == "item",
                                                                     max_chars=A.COMMENT_MAX if c in A.COMMENT_FIELDS
                                                                     else None)
                                      for c, w in COMMENT_WIDTHS.items()})
        a, b = st.columns(2)
        a.form_submit_button(t("sa.grid.save"), on_click=_save_grid, icon=":material/save:", type="primary",
                             args=(service_id, snap.assessment.id, member_id, key, grid, comment_grid, None))
        if following is not None:
            b.form_submit_button(t("sa.grid.save_next", criterion=following), on_click=_save_grid,
                                 icon=":material/arrow_forward:",
                                 args=(service_id, snap.assessment.id, member_id, key, grid, comment_grid, following))
    for problem in st.session_state.get(_problems_key(key), ()):
        st.error(t("sa.grid.problem", item=problem.item_id, problem=problem.refused.message()),
                 icon=":material/error:")
    show_field_error(f"{key}_save")
    page.show_flash(SAVED)
    _form_round_trip(cat, service_id, snap, member_id)


def _form_round_trip(cat: Catalogue, service_id: int, snap: Snapshot, member_id: int) -> None:
    st.subheader(t("sa.form"))
    st.caption(t("sa.form.help"))
    lang = current_language()
    name = snap.member_name(member_id)
    st.download_button(t("sa.form.download", name=plain(name)), later(form.export_form, cat, snap, member_id, lang),
                       file_name=form.file_name(snap, name, lang),
                       mime=XLSX_MIME, icon=":material/download:", on_click="ignore", key="sa_form_download")
    with st.form("sa_form_upload", clear_on_submit=True, enter_to_submit=False):
        upload = st.file_uploader(t("sa.form.upload"), type=["xlsx", "ods", "xls", "csv"], key="sa_form_file")
        upload_limits(["xlsx", "ods", "xls", "csv"])
        submitted = st.form_submit_button(t("sa.form.upload.submit"), icon=":material/upload:")
    if submitted and upload is not None:
        parsed = form.parse_form(upload.name, upload.getvalue(), session.domain_data().catalogue, snap)
        cleared: tuple[tuple[str, str], ...] = ()
        if not parsed.problems and parsed.member_id is not None:
            cleared = form.cleared(snap, parsed)
            write = functools.partial(assessments.set_individual_many, replace=False, notes=parsed.notes,
                                      comments=parsed.comments)
            if not run(write, service_id, snap.assessment.id, parsed.member_id, parsed.scores):
                st.rerun()
            forget(f"sa_grid_{snap.assessment.id}_{parsed.member_id}_")
        st.session_state[FORM_OUTCOME] = (snap.assessment.id, parsed, cleared)
        st.rerun()
    assessment_id, parsed, cleared = st.session_state.get(FORM_OUTCOME, (None, None, ()))
    if parsed is not None and assessment_id == snap.assessment.id:
        if parsed.problems:
            st.error(t("sa.form.rejected", file=plain(parsed.file), count=len(parsed.problems)),
                     icon=":material/error:")
            st.dataframe(problems_table(parsed.problems), hide_index=True)
        else:
            st.success(t("sa.form.stored", file=plain(parsed.file), name=plain(snap.member_name(parsed.member_id)),
                         count=sum(v is not None for v in parsed.scores.values())), icon=":material/check_circle:")
            if cleared:
                st.info(t("sa.form.cleared", items=cleared_text(cleared)), icon=":material/backspace:")
