"""Tab 2: each member's individual scores, typed here or through the member's offline form.
"""

from __future__ import annotations

import streamlit as st

from lib.domain import Catalogue
from lib.exports import XLSX_MIME
from lib.i18n import current_language, plain, t
from lib.quality import assessments, view
from lib.quality import member_form as form
from lib.quality import rules as A
from lib.quality.assessments import Snapshot
from lib.ui import session
from lib.ui.inputs import number_field
from lib.ui.intake import problems_table
from lib.ui.page import action, show_field_error, upload_limits
from lib.ui.self_assessment.common import FORM_OUTCOME, criterion_picker, deferred, forget, run, safe_key


def _score_key(assessment_id: int, member_id: int, kind: str, item_id: str) -> str:
    return f"sa_ind_{assessment_id}_{member_id}_{kind}_{safe_key(item_id)}"


@action
def _set_individual(service_id: int, assessment_id: int, member_id: int, kind: str, item_id: str) -> None:
    key = _score_key(assessment_id, member_id, kind, item_id)
    value = st.session_state[key]
    run(assessments.set_individual, service_id, assessment_id, member_id, kind, item_id,
        None if value is None else int(value), field=key)


def _score_input(cat: Catalogue, service_id: int, snap: Snapshot, member_id: int, kind: str, item_id: str,
                 label: str) -> None:
    key = _score_key(snap.assessment.id, member_id, kind, item_id)
    current = snap.individual.get((member_id, kind, item_id))
    field, band = st.columns([1, 4], vertical_alignment="bottom")
    value = number_field(label, key, minimum=A.SCORE_MIN, maximum=A.SCORE_MAX, default=current, allow_empty=True,
                         placeholder=t("sa.score.placeholder"), on_change=_set_individual,
                         args=(service_id, snap.assessment.id, member_id, kind, item_id), where=field)
    band.caption(view.band_text(cat, kind, value) if value is not None else t("sa.score.none"))
    show_field_error(key)


def individual_tab(cat: Catalogue, service_id: int, snap: Snapshot, items: tuple[A.Item, ...]) -> None:
    if not snap.members:
        st.info(t("sa.no_members"), icon=":material/group_add:")
        return
    names = {m.id: m.name for m in snap.members}
    left, right = st.columns(2)
    member_id = left.selectbox(t("sa.member"), list(names), format_func=names.__getitem__, key="sa_member")
    with right:
        cid = criterion_picker(cat, "sa_ind_criterion")
    st.caption(t("sa.individual.help"))
    lang = current_language()
    if A.criterion_kind(cat, cid) == "enabler":
        for s in (s for s in cat.subcriteria if s.criterion_id == cid):
            st.markdown(f"**{s.id} {view.subcriterion_text(cat, s.id)}**")
            for item in (i for i in items if i.subcriterion_id == s.id):
                with st.container(border=True):
                    badge = "" if item.status in ("base", "optimal") else f" · _{t(f'sa.status_base.{item.status}')}_"
                    st.markdown(f"{plain(item.id)}{badge} — {plain(item.text(lang))}")
                    _score_input(cat, service_id, snap, member_id, "practice", item.id,
                                 t("sa.score.label", id=item.id))
    else:
        for gid, sub, crit, name in form.result_groups(cat, snap, lang):
            if crit != cid:
                continue
            with st.container(border=True):
                st.markdown(f"**{sub}** {name}")
                for dim in cat.dimensions:
                    _score_input(cat, service_id, snap, member_id, dim, gid, t(f"sa.kind.{dim}"))
    _form_round_trip(cat, service_id, snap, member_id)


def _form_round_trip(cat: Catalogue, service_id: int, snap: Snapshot, member_id: int) -> None:
    st.subheader(t("sa.form"))
    st.caption(t("sa.form.help"))
    lang = current_language()
    name = snap.member_name(member_id)
    st.download_button(t("sa.form.download", name=plain(name)), deferred(form.export_form, cat, snap, member_id, lang),
                       file_name=form.file_name(snap, name, lang),
                       mime=XLSX_MIME, icon=":material/download:", on_click="ignore", key="sa_form_download")
    with st.form("sa_form_upload", clear_on_submit=True, enter_to_submit=False):
        upload = st.file_uploader(t("sa.form.upload"), type=["xlsx", "ods", "xls", "csv"], key="sa_form_file")
        upload_limits(["xlsx", "ods", "xls", "csv"])
        submitted = st.form_submit_button(t("sa.form.upload.submit"), icon=":material/upload:")
    if submitted and upload is not None:
        parsed = form.parse_form(upload.name, upload.getvalue(), session.domain_data().catalogue, snap)
        if not parsed.problems and parsed.member_id is not None:
            assessments.set_individual_many(session.store(), service_id, snap.assessment.id, parsed.member_id,
                                            parsed.scores, replace=True)
            forget(f"sa_ind_{snap.assessment.id}_{parsed.member_id}_")
        st.session_state[FORM_OUTCOME] = (snap.assessment.id, parsed)
        st.rerun()
    assessment_id, parsed = st.session_state.get(FORM_OUTCOME, (None, None))
    if parsed is not None and assessment_id == snap.assessment.id:
        if parsed.problems:
            st.error(t("sa.form.rejected", file=plain(parsed.file), count=len(parsed.problems)),
                     icon=":material/error:")
            st.dataframe(problems_table(parsed.problems), hide_index=True)
        else:
            st.success(t("sa.form.stored", file=plain(parsed.file), name=plain(snap.member_name(parsed.member_id)),
                         count=sum(v is not None for v in parsed.scores.values())), icon=":material/check_circle:")
