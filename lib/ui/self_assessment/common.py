"""Helpers every tab of the self-assessment page shares: store calls that report errors as messages,
downloads built on click, widget-state keys.

Callbacks run before the router sets the language: they store catalog keys (page.flash), never text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import duckdb
import streamlit as st

from lib.domain import Catalogue
from lib.i18n import t
from lib.quality import assessments, view
from lib.quality import rules as A
from lib.quality.assessments import AssessmentError
from lib.store import db
from lib.ui import session
from lib.ui.page import action, field_error, flash, flash_deleted

log = logging.getLogger(__name__)
PICK = "sa_pick"
FORM_OUTCOME = "sa_form_outcome"


def safe_key(key: str) -> str:
    return key.replace(".", "_")


def _call(action: Callable[..., object], args: tuple[object, ...], field: str | None) -> tuple[bool, object]:
    """Call a store function; its refusal or failure becomes a message, never a traceback. With
    `field` (a widget key) the message stands next to that field, which shows the stored value again."""

    def refuse(key: str, **values: object) -> tuple[bool, object]:
        if field:
            field_error(field, key, **values)
        else:
            flash("error", key, **values)
        return False, None

    try:
        return True, action(session.store(), *args)
    except AssessmentError as exc:
        return refuse(f"sa.error.{exc.key}", **exc.params)
    except A.ScoreError:
        return refuse("sa.error.score", low=A.SCORE_MIN, high=A.SCORE_MAX)
    except db.StoreBusy:
        return refuse("app.error.busy")
    except duckdb.Error:
        log.exception("%s failed", getattr(action, "__qualname__", action))
        return refuse("app.error.action")


def run(action: Callable[..., object], *args: object, ok: str | None = None, field: str | None = None,
        **params: object) -> bool:
    """A store write from a callback; on success the `ok` message (if any)."""
    done, _ = _call(action, args, field)
    if done and ok:
        flash("success", ok, **params)
    return done


def discard(action: Callable[..., int | None], service_id: int, *args: object, ok: str, **params: object) -> bool:
    """A delete from a callback: the rows go to the trash, the message offers to undo it."""
    done, entry = _call(action, (service_id, *args), None)
    if done:
        flash_deleted(ok, entry if isinstance(entry, int) else None, service_id, **params)
    return done


def forget(prefix: str) -> None:
    """Drop widget state under `prefix` so the widgets show the stored values again."""
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]


def assessment_label(a: assessments.Assessment) -> str:
    title = f" · {a.title}" if a.title else ""
    return f"{a.year} · {t(f'sa.standard.{a.standard}')} · {t(f'sa.status.{a.status}')}{title}"


@action
def delete_row(service_id: int, assessment_id: int, table: str, row_id: int) -> None:
    discard(assessments.delete_row, service_id, assessment_id, table, row_id, ok="sa.deleted_row")


def confirm_delete(key: str, question: str, on_confirm: Callable[..., None], args: tuple[object, ...],
                   label: str | None = None, *, disabled: bool = False) -> None:
    """A delete button that first asks (in a popover) and only then moves the rows to the trash."""
    with st.popover(label or t("sa.remove"), icon=":material/delete:", disabled=disabled):
        st.warning(question, icon=":material/warning:")
        st.button(t("sa.remove.yes"), type="primary", on_click=on_confirm, args=args, key=key)


def criterion_picker(cat: Catalogue, key: str) -> str:
    ids = [c.id for c in cat.criteria]
    return st.selectbox(t("sa.col.criterion"), ids, key=key,
                        format_func={c: view.criterion_name(cat, c) for c in ids}.__getitem__)
