"""Every test gets its own DuckDB file and fresh Streamlit caches (the cache is process-global)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

from lib import i18n
from lib.store import db

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def isolated_store(tmp_path, monkeypatch):
    path = tmp_path / "store.duckdb"
    monkeypatch.setenv("APP_DB_PATH", str(path))
    monkeypatch.setenv("APP_STATE_DIR", str(tmp_path / "state"))  # known stores: never the user's home
    monkeypatch.delenv("APP_DATA_DIR", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    i18n.set_language(i18n.DEFAULT_LANGUAGE)
    yield path
    st.cache_resource.clear()  # closes the cached connection (on_release) so the file is unlocked


@pytest.fixture
def con(isolated_store):
    connection = db.connect(isolated_store)
    yield connection
    connection.close()
