"""Nothing is lost by one click: every delete asks first, moves its rows to the trash and can be
undone; the DEMO service takes no real data and its removal takes only demo rows."""

from __future__ import annotations

import pytest

from lib import domain, i18n
from lib.demo import dataset, samples
from lib.intake import imports
from lib.intake import reading as ingest
from lib.quality import assessments, member_form
from lib.quality.assessments import PlanItem
from lib.store import db, trash
from lib.store.services import (
    Profile,
    ProfileError,
    create_service,
    delete_service,
    get_service,
    list_services,
    update_profile,
)
from lib.workload import reference_view as view
from lib.workload import versions
from tests.apptest import run_app

D = domain.load()
CTX = ingest.context(D)
SLOTS = view.slots(D)


def _tables(con) -> dict[str, list[tuple]]:
    names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name NOT IN"
                                       " ('trash', 'audit_log') ORDER BY 1").fetchall()]
    return {n: con.execute(f"SELECT * FROM {n} ORDER BY ALL").fetchall() for n in names}


def _service_rows(con, sid: int) -> dict[str, list[tuple]]:
    tables = [r[0] for r in con.execute("SELECT DISTINCT table_name FROM duckdb_columns()"
                                        " WHERE column_name = 'service_id' ORDER BY 1").fetchall()]
    rows = {t: con.execute(f"SELECT * FROM {t} WHERE service_id = ? ORDER BY ALL", [sid]).fetchall()
            for t in tables if t in ("imports", "workers", "workload_forms", "workload_entries")}
    rows["services"] = con.execute("SELECT * FROM services WHERE id = ?", [sid]).fetchall()
    return rows


@pytest.fixture
def full(con):
    """A service with imports, an active version and a self-assessment with every kind of row."""
    sid = create_service(con, Profile("Talsu dienests", "Talsu novads", 27_000, "mixed"))
    outcomes = imports.process(con, sid, samples.sample_files(), CTX, "Vadītāja")
    assert all(o.status == imports.IMPORTED for o in outcomes)
    versions.save(con, sid, SLOTS, "Mūsu etalons", "", {s.id: s.national_pct for s in SLOTS}, {}, activate=True)
    vid = versions.save(con, sid, SLOTS, "Vecais", "", {s.id: s.national_pct for s in SLOTS}, {})  # not active
    aid = assessments.create(con, sid, 2026, "base", "Gada", ["Anna", "Jānis"])
    snap = assessments.load(con, sid, aid)
    anna = snap.members[0].id
    assessments.set_individual(con, sid, aid, anna, "practice", "1.1.1", 60)
    assessments.add_evidence(con, sid, aid, "1.1.1", "Protokols", "")
    group = member_form.result_groups(D.catalogue, snap, "lv")[0][0]
    assessments.add_indicator(con, sid, aid, group, "Klienti", "skaits", 10.0, {2026: 8.0})
    assessments.add_plan_item(con, sid, aid, PlanItem(0, "Uzlabot"))
    return sid, aid, anna, vid, outcomes


def _deletes(con, sid, aid, anna, vid, outcomes):
    snap = assessments.load(con, sid, aid)
    return {
        "import": lambda: imports.delete_import(con, sid, outcomes[0].import_id),
        "member": lambda: assessments.remove_member(con, sid, aid, anna),
        "version": lambda: versions.delete(con, sid, vid),
        "evidence": lambda: assessments.delete_row(con, sid, aid, "evidence", snap.evidence[0].id),
        "indicator": lambda: assessments.delete_row(con, sid, aid, "indicators", snap.indicators[0].id),
        "plan_item": lambda: assessments.delete_row(con, sid, aid, "plan_items", snap.plan[0].id),
        "assessment": lambda: assessments.delete(con, sid, aid),
        "service": lambda: delete_service(con, sid),
    }


@pytest.mark.parametrize("kind", ["import", "member", "version", "evidence", "indicator", "plan_item", "assessment",
                                  "service"])
def test_every_delete_goes_to_the_trash_and_comes_back_exactly(con, full, kind):
    sid, *_ = full
    before = _tables(con)
    entry = _deletes(con, *full)[kind]()
    assert _tables(con) != before
    [listed] = trash.listing(con, None if kind == "service" else sid, kind=kind)
    assert listed.id == entry and listed.rows > 0
    restored = trash.restore(con, entry, None if kind == "service" else sid)
    assert restored.kind == kind
    assert _tables(con) == before  # every row back, with its own id
    assert trash.listing(con, sid) == []
    with pytest.raises(trash.TrashError, match="gone"):
        trash.restore(con, entry, sid)


def test_a_restore_that_would_clash_changes_nothing(con, full):
    sid, aid, anna, *_ = full
    entry = assessments.remove_member(con, sid, aid, anna)
    assessments.add_member(con, sid, aid, "Anna")  # the same name again
    before = _tables(con)
    with pytest.raises(trash.TrashError, match="conflict"):
        trash.restore(con, entry, sid)
    assert _tables(con) == before and len(trash.listing(con, sid)) == 1


def test_old_entries_are_purged(con, full):
    sid, aid, anna, *_ = full
    assessments.remove_member(con, sid, aid, anna)
    assert trash.purge(con) == 0
    con.execute("UPDATE trash SET deleted_at = deleted_at - INTERVAL 31 DAY")
    assert trash.purge(con) == 1 and trash.listing(con, sid) == []


def test_every_kind_reads_in_both_languages():
    for kind in trash.KINDS:
        for lang in i18n.LANGUAGES:
            assert i18n.t(f"trash.kind.{kind}", lang=lang) != f"trash.kind.{kind}"


def test_the_demo_takes_no_real_data_and_its_removal_takes_only_demo_rows(con):
    own = create_service(con, Profile("Mans dienests"))
    workload = [f for f in samples.sample_files() if f[0].startswith("slodze")]
    imports.process(con, own, workload[:1], CTX)
    demo = dataset.load_demo(con, CTX)
    with pytest.raises(imports.DemoServiceError):
        imports.process(con, demo, workload[1:2], CTX, "es")
    with pytest.raises(ProfileError):
        update_profile(con, demo, Profile("Mans īstais dienests"))
    mine = _service_rows(con, own)
    assert all(mine.values()), mine
    assert dataset.remove_demo(con) == 1
    assert get_service(con, demo) is None
    assert _service_rows(con, own) == mine


def test_a_demo_that_received_real_uploads_before_the_rule_keeps_them(con):
    demo = dataset.load_demo(con, CTX)
    period, workers, _ = samples.load_content()
    real = ("SD09.xlsx", samples.workload_xlsx(D, workers[0], (period[0].replace(day=1), period[1])))
    imports.store(con, demo, ingest.parse_upload(*real, CTX))  # as an older version of the app allowed
    assert dataset.remove_demo(con) == 0
    service = get_service(con, demo)
    assert service is not None and not service.is_demo
    assert [r.file_name for r in imports.history(con, demo)] == ["SD09.xlsx"]
    assert assessments.list_assessments(con, demo) == []


def test_removing_a_member_asks_first_and_can_be_undone(isolated_store):
    con = db.connect(isolated_store)
    sid = create_service(con, Profile("Talsu dienests"))
    aid = assessments.create(con, sid, 2026, "base", "", ["Anna", "Jānis"])
    anna = assessments.load(con, sid, aid).members[0].id
    assessments.set_individual(con, sid, aid, anna, "practice", "1.1.1", 60)
    con.close()
    at = run_app("lv", "pages/self_assessment.py")
    assert not at.exception
    assert not at.button(key=f"sa_rm_{anna}").value  # the question is asked in a popover first
    at.button(key=f"sa_rm_{anna}").click().run()
    assert at.success[0].value.startswith("Dalībnieks **Anna** un viņa individuālie vērtējumi pārvietoti")
    con = db.connect(isolated_store)
    assert [m.name for m in assessments.load(con, sid, aid).members] == ["Jānis"]
    con.close()
    at.button(key="flash_undo").click().run()
    assert at.success[0].value == "Atjaunots: Anna."
    con = db.connect(isolated_store)
    snap = assessments.load(con, sid, aid)
    assert [m.name for m in snap.members] == ["Anna", "Jānis"] and snap.individual == {(anna, "practice", "1.1.1"): 60}
    con.close()


def test_demo_pages_offer_a_service_of_your_own(isolated_store):
    con = db.connect(isolated_store)
    dataset.load_demo(con, CTX)
    con.close()
    at = run_app("lv", "pages/home.py")
    assert any(i.value.startswith("Šis ir demonstrācijas dienests") for i in at.info)
    assert at.text_input(key="profile.new.name").value == ""  # a form to create one's own service
    at = run_app("lv", "pages/upload.py")
    assert not at.get("file_uploader")
    assert any(i.value.startswith("Demonstrācijas dienestā (DEMO) īstus datus") for i in at.info)


def test_settings_lists_the_trash_and_restores_a_deleted_service(isolated_store):
    con = db.connect(isolated_store)
    keep = create_service(con, Profile("Paliek"))
    gone = create_service(con, Profile("Aizgāja"))
    delete_service(con, gone)
    con.close()
    at = run_app("lv", "pages/settings.py")
    listed = next(tb.value for tb in at.table if "Nosaukums" in tb.value.columns)  # the trash table
    assert listed["Nosaukums"].tolist() == ["Aizgāja"]
    at.button(key="trash_services_restore").click().run()
    assert at.success[0].value == "Atjaunots: Aizgāja."
    con = db.connect(isolated_store)
    assert {s.profile.name for s in list_services(con)} == {"Paliek", "Aizgāja"}
    assert get_service(con, keep) is not None
    con.close()
