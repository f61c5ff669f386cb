"""Migrations are ordered SQL files (lib/store/migrations/). A store written by the code before they
were files (tests/fixtures/store-9f59481.duckdb.gz) opens with today's code, keeps every row, has the
same schema as a new store, and takes a new migration like any other."""

from __future__ import annotations

import gzip
import shutil

import pytest

from lib import domain
from lib.quality import assessments
from lib.store import db
from lib.store.services import list_services
from lib.workload import analysis, versions
from lib.workload import reference_view as view
from tests.apptest import run_app, visible_texts

LEGACY = db.ROOT / "tests" / "fixtures" / "store-9f59481.duckdb.gz"
# Row counts of the legacy store when it was written (DEMO data, one service of its own, one version).
LEGACY_ROWS = {"services": 2, "workers": 4, "imports": 4, "audit_log": 28, "workload_forms": 4,
               "workload_entries": 65, "caseload_counts": 8, "reference_versions": 1, "reference_values": 15,
               "assessments": 2, "assessment_members": 6, "individual_scores": 120, "agreed_scores": 20,
               "evidence": 4, "indicators": 4, "indicator_values": 10, "plan_items": 3}


@pytest.fixture
def legacy(tmp_path):
    path = tmp_path / "legacy.duckdb"
    with gzip.open(LEGACY) as src, path.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return path


def _schema(con) -> dict[str, list]:
    """Everything a migration decides: columns (type, null, default), constraints, indexes, sequences."""
    q = {
        "columns": "SELECT table_name, column_name, data_type, is_nullable, column_default"
                   " FROM duckdb_columns() WHERE NOT internal ORDER BY ALL",
        "constraints": "SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints()"
                       " ORDER BY ALL",
        "indexes": "SELECT table_name, index_name, sql FROM duckdb_indexes() ORDER BY ALL",
        "sequences": "SELECT sequence_name, increment_by, min_value, cycle FROM duckdb_sequences() ORDER BY ALL",
    }
    return {k: con.execute(sql).fetchall() for k, sql in q.items()}


def test_the_sql_files_are_numbered_without_gaps_and_described():
    assert [m.version for m in db.MIGRATIONS] == list(range(1, len(db.MIGRATIONS) + 1))
    assert all(m.description and not m.description.startswith("-") for m in db.MIGRATIONS)


def test_a_gap_in_the_numbering_stops_the_app(tmp_path):
    (tmp_path / "001_a.sql").write_text("-- a\nCREATE TABLE a (x INTEGER);\n")
    (tmp_path / "003_c.sql").write_text("-- c\nCREATE TABLE c (x INTEGER);\n")
    with pytest.raises(RuntimeError, match="not numbered"):
        db.read_migrations(tmp_path)


def test_a_store_from_before_the_sql_files_opens_with_every_row(legacy):
    con = db.connect(legacy)
    assert db.migrate(con) == []
    assert db.schema_version(con) == len(db.MIGRATIONS)
    for table, count in LEGACY_ROWS.items():
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count, table
    d = domain.load()
    own = next(s for s in list_services(con) if not s.is_demo)
    demo = next(s for s in list_services(con) if s.is_demo)
    version, saved = versions.active(con, own.id)
    assert version.name == "Pirms pārkārtošanas"
    assert saved.values == {s.id: s.national_pct for s in view.slots(d)}
    assert [a.year for a in assessments.list_assessments(con, demo.id)] == [2025, 2024]
    assert len(analysis.load_forms(con, demo.id, view.slots(d))) == 4
    con.close()


def test_the_legacy_schema_equals_a_new_store(legacy, tmp_path):
    old = db.connect(legacy)
    new = db.connect(tmp_path / "new.duckdb")
    assert _schema(old) == _schema(new)
    old.close()
    new.close()


def test_a_new_migration_is_applied_to_the_legacy_store(legacy):
    con = db.connect(legacy)
    extra = db.Migration(len(db.MIGRATIONS) + 1, "a later change", "ALTER TABLE services ADD COLUMN note VARCHAR;")
    assert db.migrate(con, [*db.MIGRATIONS, extra]) == [extra.version]
    assert con.execute("SELECT count(*) FROM services WHERE note IS NULL").fetchone()[0] == 2
    con.close()


def test_the_app_opens_the_legacy_store(legacy, monkeypatch):
    monkeypatch.setenv("APP_DB_PATH", str(legacy))
    at = run_app("lv", "pages/settings.py")
    assert not at.exception
    texts = visible_texts(at)
    assert "Vecais dienests" in texts
