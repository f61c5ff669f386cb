"""The store is checked when the app opens it: another process holding it, a damaged, truncated or
foreign file, a schema from a newer app, a file deleted while running, a store that is gone where one
was. Each gets a page in the user's language that says what to do, with the sidebar kept, and a
store that existed is never silently replaced by an empty one."""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pytest

from lib import i18n
from lib.store import db, health
from lib.store.services import Profile, create_service
from tests.apptest import run_app, visible_texts


def _store_with_a_service(path) -> None:
    con = health.open_checked(path)
    create_service(con, Profile("Talsu dienests"))
    con.execute("CHECKPOINT")
    con.close()


def _shown(at) -> str:
    return " ".join(visible_texts(at))


def test_every_problem_is_explained_in_both_languages():
    for kind in health.KINDS:
        for lang in i18n.LANGUAGES:
            for key in (f"database.problem.{kind}", f"database.problem.{kind}.todo"):
                assert i18n.t(key, lang=lang) != key


@pytest.mark.parametrize(("message", "kind"), [
    ('IO Error: Could not set lock on file "x": Conflicting lock is held', "locked"),
    ('IO Error: Cannot open file "x": Permission denied', "no_permission"),
    ("IO Error: Read-only file system", "no_permission"),
    ("Corrupt database file: computed checksum 1 does not match stored checksum 2", "damaged"),
    ('IO Error: The file "x" exists, but it is not a valid DuckDB database file!', "damaged"),
])
def test_what_duckdb_says_is_sorted_into_kinds(message, kind):
    assert health.classify(duckdb.IOException(message)) == kind


def test_a_second_process_holding_the_store_gets_a_page_not_a_traceback(isolated_store):
    _store_with_a_service(isolated_store)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]);"
                               " print('held', flush=True); time.sleep(60)", str(isolated_store)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        at = run_app("lv")
        assert not at.exception
        assert i18n.t("database.problem.locked", lang="lv") in _shown(at)
        assert at.sidebar.radio[0].value == "lv"  # the language switch stays
        assert "duckdb" not in _shown(at).lower() and "Conflicting" not in _shown(at)
    finally:
        holder.kill()
        holder.wait()
    at = run_app("en")  # released: the same session works again
    assert "Talsu dienests" in _shown(at)


@pytest.mark.parametrize("damage", ["truncate", "junk", "checksum"])
def test_a_damaged_file_is_reported_and_left_as_it_is(isolated_store, damage):
    _store_with_a_service(isolated_store)
    data = isolated_store.read_bytes()
    if damage == "truncate":
        isolated_store.write_bytes(data[: len(data) // 3])
    elif damage == "junk":
        isolated_store.write_bytes(b"not a database " * 100)
    else:
        broken = bytearray(data)
        broken[12288:14288] = os.urandom(2000)
        isolated_store.write_bytes(bytes(broken))
    before = isolated_store.read_bytes()
    with pytest.raises(health.StoreProblem) as problem:
        health.open_checked(isolated_store)
    assert problem.value.kind == "damaged"
    at = run_app("en")
    assert not at.exception
    assert i18n.t("database.problem.damaged", lang="en") in _shown(at)
    assert isolated_store.read_bytes() == before  # never "repaired" into an empty store


def test_a_store_from_a_newer_app_is_not_touched(isolated_store):
    con = db.connect(isolated_store)
    con.execute("INSERT INTO schema_version (version, description) VALUES (99, 'from the future')")
    con.close()
    with pytest.raises(health.StoreProblem) as problem:
        health.open_checked(isolated_store)
    assert problem.value.kind == "newer_schema"


def test_a_store_that_was_here_is_never_silently_replaced_by_an_empty_one(isolated_store):
    _store_with_a_service(isolated_store)
    isolated_store.unlink()  # the data folder was deleted, or the disk is not mounted
    at = run_app("lv")
    assert not at.exception
    assert i18n.t("database.problem.missing", lang="lv") in _shown(at)
    assert not isolated_store.exists()
    start = next(b for b in at.button if b.label == i18n.t("database.problem.missing.start", lang="lv"))
    assert start.disabled
    at.checkbox(key="store_new_confirm").check().run()
    next(b for b in at.button if b.label == i18n.t("database.problem.missing.start", lang="lv")).click().run()
    assert not at.exception and isolated_store.exists()
    assert i18n.t("database.problem.missing", lang="lv") not in _shown(at)


def test_a_file_deleted_while_the_app_runs_stops_writes(isolated_store):
    _store_with_a_service(isolated_store)
    at = run_app("lv")
    assert "Talsu dienests" in _shown(at)
    isolated_store.unlink()
    at.run()
    assert not at.exception
    assert i18n.t("database.problem.removed", lang="lv") in _shown(at)


def test_a_first_start_creates_the_store_and_remembers_it(isolated_store):
    assert not isolated_store.exists()
    health.open_checked(isolated_store).close()
    assert str(isolated_store.resolve()) in health.known_stores()
