"""What every page draws first: its title, the current service, the DEMO banner; and messages queued
by callbacks for the next run."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

from lib import principal
from lib.i18n import NumberProblem, bound, not_a_list, plain, t
from lib.store import db, trash
from lib.store.health import StoreProblem
from lib.store.services import Service
from lib.ui import session
from lib.ui.navigation import PAGES

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")


_UPLOAD_BUTTON = ("[data-testid='stFileUploaderDropzone'] [data-testid='stBaseButton-secondary']"
                  " [data-testid='stMarkdownContainer']")


def base_style() -> None:
    """Streamlit's own English, replaced where its widgets have no parameter for it: text fields'
    "Press Enter to apply" is hidden (a value applies on Enter or on leaving the field, and a bad one
    is explained under it, lib/ui/inputs.py); the uploader's "25MB per file • XLSX…" is hidden (the
    caption under every uploader states the limits in the UI language) and its "Upload" button
    reads in the UI language. The home page's second menu entry (its /home path, app.py) is hidden."""
    home = next(p.url_path for p in PAGES if p.default)
    button = t("app.upload_button").replace('"', "").replace("\\", "")
    st.html("<style>[data-testid='InputInstructions'], [data-testid='stFileUploaderDropzoneInstructions']"
            f" {{display: none}} {_UPLOAD_BUTTON} p {{display: none}}"  # gone from the page's text too
            f' {_UPLOAD_BUTTON}::after {{content: "{button}"}}'
            f" [data-testid='stSidebarNav'] li:has(a[href$='/{home}']) {{display: none}}</style>")


def upload_limits(types: list[str]) -> None:
    """Under an uploader: what it takes, in the UI language (Streamlit's own line is hidden)."""
    st.caption(t("app.upload_limits", mb=st.get_option("server.maxUploadSize"),
                 types=", ".join(x.upper() for x in types)))


def header(page_key: str) -> Service | None:
    """Title of the page, the current service under it, and the DEMO banner when it is demo data."""
    session.ensure_router()
    st.title(t(f"nav.{page_key}"))
    service = session.current_service()
    needed = next((p.permission for p in PAGES if p.key == page_key), "view")
    if needed is not None and not principal.current().can(needed, service.id if service else None):
        st.info(t("access.page_denied"), icon=":material/lock:")  # a bookmark or a role taken away
        st.stop()
    if service is not None:
        st.caption(plain(service.profile.name))
        if service.is_demo:
            st.warning(t("demo.banner"), icon=":material/science:")
    return service


FLASH_KEY = "flash"
PAGE = "page"  # the message area at the top of the page; other areas stand next to their control


def _area_key(area: str) -> str:
    return FLASH_KEY if area == PAGE else f"{FLASH_KEY}_{area}"


def flash(kind: str, key: str, **params: object) -> None:
    """Queue a message for this run's page. Callbacks run before app.py sets the language, so the
    message is stored as a catalog key and translated when shown."""
    st.session_state[FLASH_KEY] = (kind, key, params, None)


def note(area: str, kind: str, key: str, **params: object) -> None:
    """Like `flash`, for the message area `area` that the page draws next to the control."""
    st.session_state[_area_key(area)] = (kind, key, params, None)


def flash_deleted(key: str, entry_id: int | None, service_id: int | None, *, area: str = PAGE,
                  **params: object) -> None:
    """Queue "moved to the trash" with an undo button that restores the entry (of `service_id`; None
    for a deleted service itself)."""
    st.session_state[_area_key(area)] = ("success", key, params,
                                         None if entry_id is None else (entry_id, service_id))


def _plain_params(params: dict[str, object]) -> dict[str, object]:
    """Message parameters are user text (names, files): shown as text inside the Markdown message; a
    refused number (`problem=exc`) is our own text, written in the language of the run that shows it."""
    return {k: v.message() if isinstance(v, NumberProblem) else plain(v) if isinstance(v, str) else v
            for k, v in params.items()}


def show_flash(area: str = PAGE) -> None:
    kind, key, params, undoable = st.session_state.pop(_area_key(area), (None, None, {}, None))
    params = _plain_params(params)
    if kind == "success":
        st.success(not_a_list(t(key, **params)), icon=":material/check_circle:")
    elif kind == "error":
        st.error(not_a_list(t(key, **params)), icon=":material/error:")
    if undoable is not None:
        st.button(t("trash.undo"), on_click=undo, args=undoable, icon=":material/undo:",
                  key=f"{_area_key(area)}_undo")


def action(callback: Callable[P, object]) -> Callable[P, None]:
    """A widget callback that never shows a traceback: a write that kept conflicting with other users'
    writes, or any other failure, becomes a message in the UI language (the details go to the log)."""

    @functools.wraps(callback)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            callback(*args, **kwargs)
        except db.StoreBusy:
            flash("error", "app.error.busy")
        except principal.Denied:
            flash("error", "access.denied")
        except Exception:
            log.exception("%s failed", callback.__qualname__)
            flash("error", "app.error.action")

    return run


def keep(*keys: str) -> None:
    """Keep these widgets' values through runs that do not draw them (a tab drawn only while open):
    Streamlit forgets a widget's value after a run without it, unless the script sets it itself."""
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def later(build: Callable[..., T], *args: object) -> Callable[[], T]:
    """A download built on click, outside the script run: in this run's language and as this run's
    user (lib's checks would otherwise see nobody)."""
    who = principal.current()

    def as_user() -> T:
        principal.act_as(who)
        try:
            return build(*args)
        finally:
            principal.act_as(None)

    return bound(as_user)


def field_error(key: str, message_key: str, **params: object) -> None:
    """Say next to the field `key` that its value was not stored, and make it show the stored value
    again: call from the field's callback, then draw `show_field_error(key)` under the field."""
    st.session_state.pop(key, None)
    st.session_state[f"{key}__error"] = (message_key, params)


def show_field_error(key: str) -> None:
    message_key, params = st.session_state.pop(f"{key}__error", (None, {}))
    if message_key:
        st.error(t(message_key, **_plain_params(params)), icon=":material/error:")


def guarded(run_page: Callable[[], object]) -> None:
    """Run the page; an unexpected error becomes a message in the UI language, and the sidebar with
    the navigation stays (app.py draws it before)."""
    try:
        run_page()
    except StoreProblem as problem:
        store_problem(problem)
    except db.StoreBusy:
        st.error(t("app.error.busy"), icon=":material/error:")
    except principal.Denied:
        st.error(t("access.denied"), icon=":material/lock:")
    except Exception:
        log.exception("page failed")
        st.error(t("app.error.page"), icon=":material/error:")


def store_problem(problem: StoreProblem) -> None:
    """What happened to the store and what to do, instead of the page; a missing store can be started
    anew only on purpose. Ends the run."""
    st.error(t(f"database.problem.{problem.kind}"), icon=":material/database:")
    st.markdown(t(f"database.problem.{problem.kind}.todo"))
    if problem.kind == "missing":
        sure = st.checkbox(t("database.problem.missing.confirm"), key="store_new_confirm")
        st.button(t("database.problem.missing.start"), disabled=not sure, on_click=session.start_new_store)
    st.stop()


def table(rows: list[dict[str, object]], **kwargs: object) -> None:
    """st.table renders every header and cell as Markdown: user text in them is shown as text."""
    st.table([{plain(k): plain(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows],
             hide_index=True, border="horizontal", **kwargs)


@action
def undo(entry_id: int, service_id: int | None) -> None:
    """Put a trash entry back (a service's own entry, or with `service_id` None a deleted service)."""
    try:
        entry = trash.restore(session.store(), entry_id, service_id)
    except trash.TrashError as exc:
        flash("error", f"trash.error.{exc.key}")
        return
    if entry.kind == "service":
        session.select_service(entry.service_id)
    flash("success", "trash.restored", label=entry.label)
