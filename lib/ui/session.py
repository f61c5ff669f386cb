"""Per-process resources and per-session state for the Streamlit app.

The DuckDB connection and the validated domain data are cached once per process; the current
language and service live in widgets mirrored to the URL (`?lang=`, `?svc=`) so a shared link or a
browser reload keeps them.
"""

from __future__ import annotations

import runpy
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import duckdb
import streamlit as st

from lib import domain, i18n
from lib.domain import ROOT
from lib.i18n import t
from lib.intake import forms, reading
from lib.store import backup, db, health, trash
from lib.store.services import Service, get_service

LANG_KEY = "lang"
SERVICE_KEY = "svc"


_watchers: dict[int, threading.Event] = {}


def _release(con: duckdb.DuckDBPyConnection) -> None:
    stop = _watchers.pop(id(con), None)
    if stop is not None:
        stop.set()
    con.close()


@st.cache_resource(show_spinner=False, on_release=_release)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    """The store, checked (a StoreProblem is not cached: the next run tries again); old trash entries
    purged; the backup watcher started (daily backups, `make backup`/`make restore` requests)."""
    con = health.open_checked(path)
    trash.purge(con)
    _watchers[id(con)] = backup.watch(Path(path), con)
    return con


def store() -> duckdb.DuckDBPyConnection:
    """The process-wide connection; callers take a cursor per unit of work (lib.store.db.unit/reader).
    Raises health.StoreProblem when the store cannot be used (app.py explains it)."""
    path = db.db_path()
    con = _connection(str(path))
    health.still_there(path)
    return con


def start_new_store() -> None:
    """The user read why the store is missing and chose to begin with an empty one."""
    health.forget(db.db_path())
    _connection.clear()


@st.cache_resource(show_spinner=False)
def _domain(directory: str) -> domain.Domain:
    return domain.load(Path(directory))


def domain_data() -> domain.Domain:
    """Validated domain data; raises domain.DataError if a file in data/ is broken."""
    return _domain(str(domain.data_dir()))


_routed: ContextVar[bool] = ContextVar("routed", default=False)


@contextmanager
def routed() -> Iterator[None]:
    """app.py runs the chosen page inside this, so a page can tell it came through the router."""
    token = _routed.set(True)
    try:
        yield
    finally:
        _routed.reset(token)


def ensure_router() -> None:
    """Run the router now if Streamlit ran this page without it, then end the page's own run.

    With a folder named `pages/`, Streamlit 1.67 may run a page the legacy way, alone, without
    app.py's language, service and navigation: a deep link (e.g. /upload) on a freshly started
    server, and every AppTest run. The router then renders the page itself (same run, so a button
    click or form submit is not lost) and switches the process to `st.navigation` for good.
    """
    if not _routed.get():
        runpy.run_path(str(ROOT / "app.py"))
        st.stop()


def init_from_url(key: str, clean: Callable[[str | None], str | None]) -> str | None:
    """Seed a URL-backed widget's state: the session value if it is still valid, else the URL's.

    The router writes the value back to `st.query_params` on every run, so page switches and
    browser reloads keep it, and a shared link (e.g. `?lang=en`) opens in that state.
    """
    value = clean(st.session_state.get(key))
    if value is None or st.session_state.get(key) is None:
        value = clean(st.query_params.get(key))
    st.session_state[key] = value
    return value


def service_labels(services: Iterable[Service]) -> dict[str, str]:
    """Selector labels, computed now (format functions may be called after the run's language)."""
    badge = t("demo.badge")
    return {str(s.id): (f"{badge} · " if s.is_demo and not s.profile.name.startswith(badge) else "") + s.profile.name
            for s in services}


def restore_language() -> None:
    """A fragment rerun skips the router: take the language from the session again."""
    i18n.set_language(st.session_state.get(LANG_KEY) or i18n.DEFAULT_LANGUAGE)


def current_service() -> Service | None:
    raw = st.session_state.get(SERVICE_KEY)
    if raw in (None, ""):
        return None
    try:
        return get_service(store(), int(raw))
    except ValueError:
        return None


def select_service(service_id: int) -> None:
    """Make `service_id` current; call from a widget callback (before the selector renders)."""
    st.session_state[SERVICE_KEY] = str(service_id)


@st.cache_data(show_spinner=False, max_entries=12)
def template(kind: str, lang: str) -> tuple[str, bytes]:
    """A downloadable form template (file name, bytes), built once per process and language."""
    build = {"workload": forms.workload_template, "batch": forms.batch_template, "caseload": forms.caseload_template}
    tpl = build[kind](domain_data(), lang)
    return tpl.file_name, tpl.data


def ingest_context() -> reading.Context:
    return _ingest_context(str(domain.data_dir()))


@st.cache_resource(show_spinner=False)
def _ingest_context(directory: str) -> reading.Context:
    return reading.context(_domain(directory))
