"""The DuckDB store: migrations, units of work, services, isolation, demo data, backups."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from lib import domain
from lib.demo import dataset as demo
from lib.intake import reading as ingest
from lib.store import db
from lib.store.services import (
    Profile,
    ProfileError,
    create_service,
    data_status,
    delete_service,
    get_service,
    list_services,
    update_profile,
)


def _tables(con) -> dict[str, list[tuple]]:
    names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
    return {n: con.execute(f"SELECT * FROM {n} ORDER BY ALL").fetchall() for n in names}


def test_migrations_are_recorded_and_run_once(isolated_store):
    con = db.connect(isolated_store)
    assert db.schema_version(con) == db.MIGRATIONS[-1][0]
    assert db.migrate(con) == []
    con.close()
    con = db.connect(isolated_store)  # reopening applies nothing new
    versions = con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
    assert [v for (v,) in versions] == [m[0] for m in db.MIGRATIONS]
    con.close()


def test_a_failed_unit_of_work_leaves_nothing(con):
    sid = create_service(con, Profile("Dienests A"))
    before = _tables(con)
    with pytest.raises(duckdb.ConstraintException), db.unit(con) as cur:
        cur.execute("INSERT INTO workers (service_id, code) VALUES (?, ?)", [sid, "SD1"])
        cur.execute("INSERT INTO workers (service_id, code) VALUES (?, ?)", [sid, "SD1"])  # duplicate code
    assert _tables(con) == before


def test_profile_create_update_and_audit(con):
    sid = create_service(con, Profile("  Talsu novada sociālais dienests ", "Talsu novads", 27_000, "mixed"))
    service = get_service(con, sid)
    assert service.profile == Profile("Talsu novada sociālais dienests", "Talsu novads", 27_000, "mixed")
    assert update_profile(con, sid, Profile("Talsu novada sociālais dienests", "Talsu novads", 26_500, "mixed"))
    assert not update_profile(con, sid, get_service(con, sid).profile)  # unchanged: no write
    log = con.execute("SELECT action, detail FROM audit_log WHERE service_id = ? ORDER BY id", [sid]).fetchall()
    assert [a for a, _ in log] == ["create", "update"]
    assert '"inhabitants": 26500' in log[1][1]


@pytest.mark.parametrize(
    ("profile", "field"),
    [(Profile("   "), "name"), (Profile("X", inhabitants=-1), "inhabitants"), (Profile("X", territory_type="sea"),
                                                                                "territory_type")],
)
def test_invalid_profiles_are_refused_without_writing(con, profile, field):
    before = _tables(con)
    with pytest.raises(ProfileError) as err:
        create_service(con, profile)
    assert err.value.field == field
    assert _tables(con) == before


def test_services_do_not_see_each_others_rows(con):
    a = create_service(con, Profile("A"))
    b = create_service(con, Profile("B"))
    with db.unit(con) as cur:
        cur.execute("INSERT INTO workers (service_id, code) VALUES (?, 'SD1'), (?, 'SD1'), (?, 'SD2')", [a, b, b])
        cur.execute("INSERT INTO imports (service_id, sha256, file_name, kind, row_count) VALUES (?, 'x', 'f.xlsx',"
                    " 'workload', 17)", [b])
    assert data_status(con, a).workers == 1 and data_status(con, a).imports == 0
    assert data_status(con, b).workers == 2 and data_status(con, b).imports == 1
    assert isinstance(data_status(con, b).last_import, datetime)
    delete_service(con, b)
    assert [s.id for s in list_services(con)] == [a]
    assert con.execute("SELECT count(*) FROM workers WHERE service_id = ?", [b]).fetchone() == (0,)
    assert data_status(con, a).workers == 1


def test_demo_is_labelled_and_removed_without_touching_real_data(con):
    real = create_service(con, Profile("Mūsu dienests", "Mūsu novads", 12_000, "rural"))
    ctx = ingest.context(domain.load())
    demo_id = demo.load_demo(con, ctx)
    assert demo.load_demo(con, ctx) == demo_id  # loading twice keeps one demo
    service = get_service(con, demo_id)
    assert service.is_demo and service.profile.name.startswith("DEMO")
    workers = con.execute("SELECT code, is_demo FROM workers WHERE service_id = ? ORDER BY code", [demo_id]).fetchall()
    assert workers == [("SD01", True), ("SD02", True), ("SD03", True), ("SD04", True), ("SD05", True)]
    kinds = con.execute("SELECT kind, count(*), bool_and(is_demo) FROM imports WHERE service_id = ? GROUP BY 1"
                        " ORDER BY 1", [demo_id]).fetchall()
    assert kinds == [("caseload", 1, True), ("workload", 3, True)]
    assert data_status(con, demo_id).workers == 5 and data_status(con, real).workers == 0
    assert demo.remove_demo(con) == 1
    assert [s.id for s in list_services(con)] == [real]
    for table in ("workers", "imports", "workload_forms", "workload_entries", "caseload_counts"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
