"""Storing uploads: dedupe, replace or keep, delete exactly one import, and the upload page."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from lib import domain
from lib.demo import samples
from lib.intake import imports
from lib.intake import reading as ingest
from lib.store import db, trash
from lib.store.services import Profile, create_service
from lib.workload import analysis, reference_view
from tests.apptest import run_app

CORPUS = Path(__file__).resolve().parent / "corpus"
D = domain.load()
CTX = ingest.context(D)
PERIOD, WORKERS, CASELOAD = samples.load_content()


def _xlsx(worker=WORKERS[0], **changes) -> bytes:
    if changes:
        worker = samples.SampleWorker(**{**worker.__dict__, **changes})
    return samples.workload_xlsx(D, worker, PERIOD)


def _count(con, table: str, sid: int) -> int:
    return con.execute(f"SELECT count(*) FROM {table} WHERE service_id = ?", [sid]).fetchone()[0]


@pytest.fixture
def sid(con):
    return create_service(con, Profile("Dienests"))


def test_same_file_twice_is_stored_once(con, sid):
    data = _xlsx()
    first, again = imports.process(con, sid, [("a.xlsx", data), ("a-copy.xlsx", data)], CTX)
    assert (first.status, again.status) == (imports.IMPORTED, imports.DUPLICATE)
    [later] = imports.process(con, sid, [("a.xlsx", data)], CTX)
    assert later.status == imports.DUPLICATE and later.duplicate_of.id == first.import_id
    assert _count(con, "imports", sid) == 1 and _count(con, "workload_entries", sid) == 17


def test_same_file_in_another_service_is_its_own(con, sid):
    other = create_service(con, Profile("Cits dienests"))
    data = _xlsx()
    assert imports.process(con, sid, [("a.xlsx", data)], CTX)[0].status == imports.IMPORTED
    assert imports.process(con, other, [("a.xlsx", data)], CTX)[0].status == imports.IMPORTED
    assert _count(con, "workload_forms", sid) == _count(con, "workload_forms", other) == 1


@pytest.mark.parametrize(("decision", "forms", "hours"), [(imports.REPLACE, 1, 12.0), (imports.KEEP, 2, None),
                                                         (imports.SKIP, 1, 9.0)])
def test_same_worker_and_period_waits_for_a_decision(con, sid, decision, forms, hours):
    imports.process(con, sid, [("v1.xlsx", _xlsx())], CTX)
    newer = _xlsx(functions={**WORKERS[0].functions, "2.1": (12.0, "week")})
    [waiting] = imports.process(con, sid, [("v2.xlsx", newer)], CTX)
    assert waiting.status == imports.CONFLICT
    assert [(c.code, c.file_name) for c in waiting.conflicts] == [("SD01", "v1.xlsx")]
    assert _count(con, "imports", sid) == 1  # nothing stored until the user decides
    done = imports.resolve(con, sid, waiting, decision)
    assert done.status == (imports.SKIPPED if decision == imports.SKIP else imports.IMPORTED)
    assert _count(con, "workload_forms", sid) == forms
    if hours is not None:
        stored = con.execute("SELECT hours FROM workload_entries WHERE service_id = ? AND function_id ="
                             " 'client_consultation'", [sid]).fetchall()
        assert stored == [(hours,)]
    history = imports.history(con, sid)
    if decision == imports.REPLACE:  # the replaced file stays in the history, its forms in the trash
        assert [(r.file_name, r.row_count, r.replaced_by) for r in history] == [("v2.xlsx", 17, None),
                                                                                ("v1.xlsx", 0, "v2.xlsx")]
        [entry] = trash.listing(con, sid)
        assert (entry.kind, entry.label, entry.rows) == ("replaced", "v1.xlsx", 18)
        log = con.execute("SELECT detail FROM audit_log WHERE action = 'replace'").fetchone()[0]
        assert '"file": "v1.xlsx"' in log and '"replaced_by": "v2.xlsx"' in log
    if decision == imports.KEEP:  # both stay stored; the analysis counts the newer one only
        assert [r.file_name for r in history] == ["v2.xlsx", "v1.xlsx"]
        [form] = analysis.load_forms(con, sid, reference_view.slots(D))
        assert form.id == con.execute("SELECT max(id) FROM workload_forms WHERE service_id = ?", [sid]).fetchone()[0]


def test_delete_removes_exactly_that_imports_rows(con, sid):
    outcomes = imports.process(con, sid, [(n, b) for n, b in samples.sample_files()], CTX)
    assert all(o.status == imports.IMPORTED for o in outcomes)
    before = {table: _count(con, table, sid) for table in ("workload_forms", "workload_entries", "caseload_counts",
                                                             "workers")}
    assert before == {"workload_forms": 4, "workload_entries": 65, "caseload_counts": 9, "workers": 5}
    csv = next(o for o in outcomes if o.parsed.name.endswith(".csv"))
    assert imports.delete_import(con, sid, csv.import_id)
    after = {table: _count(con, table, sid) for table in before}
    assert after == {"workload_forms": 2, "workload_entries": 32, "caseload_counts": 9, "workers": 5}
    assert not imports.delete_import(con, sid, csv.import_id)
    caseload = next(o for o in outcomes if o.parsed.kind == "caseload")
    imports.delete_import(con, sid, caseload.import_id)
    codes = [r[0] for r in con.execute("SELECT code FROM workers WHERE service_id = ? ORDER BY 1", [sid]).fetchall()]
    assert codes == ["SD01", "SD02"]  # SD03/SD04 were created by the deleted imports and are used by nothing now
    log = con.execute("SELECT action, detail FROM audit_log WHERE entity = 'import' ORDER BY id").fetchall()
    assert [a for a, _ in log] == ["import"] * 4 + ["delete", "delete"]  # each named by its file
    assert all('"file": ' in d or '"label": ' in d for _, d in log)
    assert [e.kind for e in trash.listing(con, sid)] == ["import", "import"]  # both can be restored


def test_caseload_rows_keep_counts_and_raw_text(con, sid):
    data = samples.caseload_xlsx(D, CASELOAD)
    [outcome] = imports.process(con, sid, [("lietas.xlsx", data)], CTX)
    assert outcome.status == imports.IMPORTED
    row = con.execute("SELECT active, in_assessment, inactive, social_service, children_under_12, crisis, fte,"
                      " experience_months, position, raw FROM caseload_counts WHERE worker_code = 'SD01'"
                      " ORDER BY count_date LIMIT 1").fetchone()
    assert row[:9] == (22, 5, 8, 4, 34, 2, 1.0, 62, "social_worker")
    assert '"active": "22"' in row[9]


def test_a_file_with_errors_cannot_be_stored(con, sid):
    parsed = ingest.parse_upload("bad.csv", b"Darbinieka kods;Funkcija;Laiks, h\r\nSD1;nezinama;x\r\n", CTX)
    with pytest.raises(ValueError):
        imports.store(con, sid, parsed)


def test_progress_is_reported_per_file(con, sid):
    seen = []
    imports.process(con, sid, samples.sample_files(), CTX, progress=lambda n, total, name: seen.append((n, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


# --- the upload page (AppTest) ------------------------------------------------------------------


def _upload_page(isolated_store):
    con = db.connect(isolated_store)
    create_service(con, Profile("Augšupielādes dienests"))
    con.close()
    return run_app(page="pages/upload.py")


def _submit(at, files):
    at.get("file_uploader")[0].set_value([(name, data, "application/octet-stream") for name, data in files])
    next(b for b in at.button if b.label == "Pārbaudīt un importēt").click().run()
    assert not at.exception


def test_upload_page_reports_each_file_and_imports_the_good_ones(isolated_store):
    at = _upload_page(isolated_store)
    good, bad = samples.sample_files()[1], ("negative.xlsx", (CORPUS / "negative.xlsx").read_bytes())
    _submit(at, [good, bad])
    assert at.markdown[0].value.startswith("Faili: 2 — importēti: 1, ar kļūdām: 1")
    assert at.success[0].value.startswith("**slodze\\_SD01.xlsx** importēts")  # the file name as text
    assert at.error[0].value.startswith("**negative.xlsx** netika importēts — kļūdas: 1.")
    table = at.table[0].value
    assert list(table.columns) == ["Veids", "Lapa", "Rinda", "Kolonna", "Vērtība", "Kas jādara"]
    assert table.iloc[0].tolist() == ["kļūda", "Funkcijas", "8", "D (Laiks, h)", "-5", "Vērtība nevar būt negatīva."]
    history = at.dataframe[-2].value
    assert history["Fails"].tolist() == ["slodze_SD01.xlsx"] and history["Rindas"].tolist() == ["17"]


def test_upload_page_asks_before_replacing_and_deletes_from_history(isolated_store):
    at = _upload_page(isolated_store)
    _submit(at, [("v1.xlsx", _xlsx())])
    _submit(at, [("v2.xlsx", _xlsx(fte=0.5))])
    assert at.warning[0].value.startswith("**v2.xlsx**: šim darbiniekam un periodam dati jau ir saglabāti")
    at.radio(key="upload_decide_0").set_value(imports.REPLACE)
    next(b for b in at.button if b.label == "Apstiprināt").click().run()
    assert at.success[0].value.startswith("**v2.xlsx** importēts")
    history = at.dataframe[-2].value  # the replaced file stays in the history, marked as replaced
    assert history["Fails"].tolist() == ["v2.xlsx", "v1.xlsx"]
    assert history["Rindas"].tolist() == ["17", "0"] and history["Statuss"].tolist() == ["", "aizstāts ar v2.xlsx"]
    at.selectbox(key="history_delete_which").select_index(0).run()
    at.checkbox(key="history_delete_confirm").check().run()
    next(b for b in at.button if b.label == "Dzēst").click().run()
    assert at.success[0].value.startswith("Imports **v2.xlsx** un tā dati pārvietoti uz atkritni.")
    assert at.dataframe[-2].value["Fails"].tolist() == ["v1.xlsx"]
    next(b for b in at.button if b.label == "Atsaukt").click().run()  # undo: the import is back
    assert at.dataframe[-2].value["Fails"].tolist() == ["v2.xlsx", "v1.xlsx"]


def test_upload_page_without_a_service_points_home():
    at = run_app("en", "pages/upload.py")
    assert at.info[0].value.startswith("First create your service's profile")
    assert not at.get("file_uploader")


def test_many_files_of_the_same_workers_store_in_parallel_without_clashing(con, sid):
    from datetime import timedelta

    files = []
    for week in range(4):
        period = (PERIOD[0] + timedelta(weeks=2 * week), PERIOD[1] + timedelta(weeks=2 * week))
        for worker in WORKERS[:3]:
            files.append((f"{worker.code}-{week}.xlsx", samples.workload_xlsx(D, worker, period)))
    outcomes = imports.process(con, sid, files, CTX)
    assert [o.status for o in outcomes] == [imports.IMPORTED] * 12
    assert _count(con, "workers", sid) == 3 and _count(con, "workload_forms", sid) == 12
    assert len({o.import_id for o in outcomes}) == 12


def _failing_file(monkeypatch) -> bytes:
    """A valid form whose entries the store refuses (a simulated database error)."""
    real_insert = imports.db.insert

    def failing(cur, table, columns, rows, returning=()):
        if table == "workload_entries" and any(r[3] == "case_documentation" and r[4] == 9.0 for r in rows):
            raise imports.duckdb.ConstraintException("simulated failure")
        return real_insert(cur, table, columns, rows, returning)

    monkeypatch.setattr(imports.db, "insert", failing)
    return _xlsx(WORKERS[1], functions={**WORKERS[1].functions, "2.2": (9.0, "month")})


def test_a_database_error_rejects_only_that_file(con, sid, monkeypatch):
    odd = _failing_file(monkeypatch)
    outcomes = imports.process(con, sid, [("ok.xlsx", _xlsx()), ("odd.xlsx", odd)], CTX)
    assert [o.status for o in outcomes] == [imports.IMPORTED, imports.REJECTED]
    assert outcomes[1].parsed.errors[-1].key == "store_failed"
    assert "simulated failure" not in outcomes[1].parsed.errors[-1].message("en")  # no database text for users
    assert _count(con, "imports", sid) == 1 and _count(con, "workers", sid) == 1


def test_upload_page_states_its_limits_and_refuses_a_batch_over_them(isolated_store):
    at = _upload_page(isolated_store)
    assert any(c.value.startswith("Vienā augšupielādē līdz 200 failiem, kopā līdz 100 MB") for c in at.caption)
    small = samples.workload_xlsx(D, WORKERS[0], PERIOD)
    _submit(at, [(f"f{n}.xlsx", small) for n in range(imports.MAX_FILES + 1)])
    assert at.error[0].value.startswith("Vienā augšupielādē var būt ne vairāk kā 200 faili. Nekas netika importēts")
    con = db.connect(isolated_store)
    assert con.execute("SELECT count(*) FROM imports").fetchone() == (0,)
    con.close()


def _parsed(name: str, data: bytes) -> ingest.ParsedFile:
    return ingest.parse_upload(name, data, CTX)


def _state(con, sid: int) -> dict[str, list[tuple]]:
    """What a store holds for a service, with import ids named by their file (ids differ between stores)."""
    return {
        "workers": con.execute(
            "SELECT w.code, w.name, w.position, w.specialisation, w.territory, w.fte, w.social_work_share, i.file_name"
            " FROM workers w JOIN imports i ON i.id = w.created_by_import WHERE w.service_id = ? ORDER BY 1",
            [sid]).fetchall(),
        "forms": con.execute(
            "SELECT i.file_name, f.worker_code, f.period_start, f.position, f.fte, w.code FROM workload_forms f"
            " JOIN imports i ON i.id = f.import_id JOIN workers w ON w.id = f.worker_id WHERE f.service_id = ?"
            " ORDER BY 1, 2", [sid]).fetchall(),
        "entries": con.execute(
            "SELECT i.file_name, e.function_id, e.month_hours, e.source_row FROM workload_entries e"
            " JOIN imports i ON i.id = e.import_id WHERE e.service_id = ? ORDER BY 1, 2, 4", [sid]).fetchall(),
        "audit": con.execute("SELECT action, entity, detail FROM audit_log a JOIN imports i ON i.id = a.entity_id"
                             " WHERE a.service_id = ? AND a.entity = 'import' ORDER BY detail", [sid]).fetchall(),
    }


def test_files_stored_together_leave_what_storing_them_one_by_one_leaves(tmp_path):
    """A batch is one transaction of a few statements; the store must end up exactly as file after
    file: a worker is created by the first file naming it and refreshed by each later one (a blank
    attribute keeps the stored one, the FTE is the file's)."""
    from datetime import timedelta

    worker = WORKERS[0]
    files = []
    for n, changes in enumerate([{}, {"position": "senior_social_worker"}, {"specialisation": "adults"}, {"fte": 0.5},
                                 {"code": "NEW1"}, {"code": "NEW1", "territory": "rural"}]):
        period = (PERIOD[0] + timedelta(weeks=2 * n), PERIOD[1] + timedelta(weeks=2 * n))
        w = samples.SampleWorker(**{**worker.__dict__, **changes})
        files.append((f"f{n}.xlsx", samples.workload_xlsx(D, w, period)))
    files.append(("other.xlsx", _xlsx(WORKERS[1])))
    parsed = [_parsed(name, data) for name, data in files]
    assert all(p.ok for p in parsed)
    states = []
    for together in (True, False):
        con = db.connect(tmp_path / f"{together}.duckdb")
        sid = create_service(con, Profile("Dienests"))
        imports.store(con, sid, _parsed("before.xlsx", _xlsx(WORKERS[0], code="NEW1", fte=0.75)))  # known
        known = imports.known_workers(con, sid)
        if together:
            ids = imports.store_together(con, sid, parsed, None, False, known)
            assert len(set(ids)) == len(parsed)
        else:
            for p in parsed:
                imports.store(con, sid, p, known=known)
        assert known == imports.known_workers(con, sid)  # kept up to date for the next batch
        states.append(_state(con, sid))
        con.close()
    assert states[0] == states[1]
    workers = {w[0]: w[2:] for w in states[0]["workers"]}  # code → position … share, created by
    assert workers["SD01"] == ("social_worker", "families", "city", 0.5, 100.0, "f0.xlsx")  # f3 last named SD01
    assert workers["NEW1"] == ("social_worker", "families", "rural", 1.0, 100.0, "before.xlsx")
    assert len(states[0]["forms"]) == len(parsed) + 1 and len(states[0]["audit"]) == len(parsed) + 1


def test_a_batch_that_fails_is_stored_file_by_file(con, sid, monkeypatch):
    odd = _failing_file(monkeypatch)
    batch = [_parsed("a.xlsx", _xlsx()), _parsed("odd.xlsx", odd), _parsed("c.xlsx", _xlsx(WORKERS[2]))]
    outcomes = imports._store_batch(imports.principal.current(), con, sid, batch, None, False,
                                    imports.known_workers(con, sid))
    assert [o.status for o in outcomes] == [imports.IMPORTED, imports.REJECTED, imports.IMPORTED]
    assert _count(con, "imports", sid) == 2 and _count(con, "workload_forms", sid) == 2
    assert _count(con, "workload_entries", sid) == 34 and _count(con, "workers", sid) == 2


def test_an_upload_under_sign_in_is_stored_as_the_uploader(con, sid):
    """Files are stored in a writer thread: it acts as the user who uploads (the sign-in's principal
    lives in the uploading thread only; without it the writer would be nobody and refused)."""
    from lib import principal

    uploader = principal.Principal("vadītāja", account_id=7, roles={sid: "head"})
    principal.require_sign_in(True)
    principal.act_as(uploader)
    try:
        outcomes = imports.process(con, sid, [(f"{w.code}.xlsx", _xlsx(w)) for w in WORKERS[:3]], CTX)
    finally:
        principal.act_as(None)
        principal.require_sign_in(False)
    assert [o.status for o in outcomes] == [imports.IMPORTED] * 3
    actors = con.execute("SELECT DISTINCT actor FROM audit_log WHERE service_id = ? AND action = 'import'",
                         [sid]).fetchall()
    assert actors == [("vadītāja",)]


def _while_writing(monkeypatch, other) -> None:
    """Run `other` (another user's upload) once, as the first file's store is about to write its workers:
    after that store read what was stored, before it writes."""
    real = imports._worker_ids
    pending = [other]

    def racing(*args, **kwargs):
        if pending:
            pending.pop()()
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "_worker_ids", racing)


def test_a_new_worker_stored_meanwhile_by_another_upload_is_read_again_not_refused(con, sid, monkeypatch):
    """Two colleagues upload the same new worker's forms of two periods at once: both are stored."""
    earlier = (PERIOD[0] - timedelta(weeks=4), PERIOD[1] - timedelta(weeks=4))
    other = _parsed("SD01_april.xlsx", samples.workload_xlsx(D, WORKERS[0], earlier))
    _while_writing(monkeypatch, lambda: imports.store(con, sid, other))
    [outcome] = imports.process(con, sid, [("SD01.xlsx", _xlsx())], CTX)
    assert outcome.status == imports.IMPORTED, outcome.parsed.problems
    assert con.execute("SELECT count(*) FROM workers WHERE service_id = ? AND code = ?",
                       [sid, WORKERS[0].code]).fetchone()[0] == 1
    assert _count(con, "imports", sid) == 2


def test_the_same_file_stored_meanwhile_by_another_upload_is_a_duplicate(con, sid, monkeypatch):
    data = _xlsx()
    _while_writing(monkeypatch, lambda: imports.store(con, sid, _parsed("SD01.xlsx", data)))
    [outcome] = imports.process(con, sid, [("SD01.xlsx", data)], CTX)
    assert outcome.status == imports.DUPLICATE and outcome.duplicate_of is not None
    assert _count(con, "imports", sid) == 1
