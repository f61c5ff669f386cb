"""Backups that restore: consistent snapshots (the .wal included), verified, pruned; taken and
restored while the app runs (through its watcher) or while it is stopped; kill -9 in the middle of
an import or of a backup loses nothing committed; a service travels as a data package."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from lib import domain
from lib.demo import dataset, samples
from lib.intake import imports
from lib.intake import reading as ingest
from lib.quality import assessments
from lib.store import backup, db, package
from lib.store.services import Profile, create_service
from lib.workload import drafts
from lib.workload import reference_view as view
from tests.apptest import run_app

ROOT = Path(__file__).resolve().parents[1]
D = domain.load()
CTX = ingest.context(D)
PERIOD, WORKERS, _ = samples.load_content()

# A child process that imports forms one by one (a new period each), printing each commit, and never
# checkpoints: what it committed lives in the .wal when it is killed.
IMPORTER = """
import sys
from datetime import timedelta
from lib import domain
from lib.demo import samples
from lib.intake import imports, reading
from lib.store import db
from lib.store.services import Profile, create_service
d = domain.load(); ctx = reading.context(d); period, workers, _ = samples.load_content()
con = db.connect(sys.argv[1])
con.execute("SET checkpoint_threshold = '1GB'")
sid = int(sys.argv[2]) if len(sys.argv) > 2 else create_service(con, Profile("Talsu dienests"))
n = int(sys.argv[3]) if len(sys.argv) > 3 else 0
while True:
    shift = timedelta(weeks=2 * n)
    data = samples.workload_xlsx(d, workers[n % len(workers)], (period[0] + shift, period[1] + shift))
    [o] = imports.process(con, sid, [(f"f{n}.xlsx", data)], ctx)
    assert o.status == imports.IMPORTED
    n += 1
    print(n, flush=True)
"""

# The app, as far as backups go: it holds the store and runs the watcher.
APP = """
import sys, time
from pathlib import Path
from lib.store import backup, db
con = db.connect(sys.argv[1])
backup.watch(Path(sys.argv[1]), con, interval=0.2)
print("ready", flush=True)
time.sleep(120)
"""


def _child(code: str, *args: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)


def _kill_after(child: subprocess.Popen, lines: int) -> None:
    for _ in range(lines):
        assert child.stdout.readline()
    child.send_signal(signal.SIGKILL)
    child.wait()


def _counts(path: Path) -> dict[str, int]:
    con = db.connect(path)
    with db.reader(con) as cur:
        counted = backup.counts(cur)
    con.close()
    return {t: n for t, n in counted.items() if t != "audit_log"}


def _imports_whole(path: Path) -> int:
    """Every import has exactly the rows it declares (none half-written); returns how many."""
    con = db.connect(path)
    rows = con.execute("SELECT i.row_count, (SELECT count(*) FROM workload_entries e WHERE e.import_id = i.id)"
                       " FROM imports i").fetchall()
    con.close()
    assert all(declared == stored for declared, stored in rows), rows
    return len(rows)


def test_kill_9_during_imports_keeps_every_committed_import_whole(isolated_store):
    _kill_after(_child(IMPORTER, isolated_store), 3)
    assert (isolated_store.parent / (isolated_store.name + ".wal")).exists()  # committed work in the .wal
    assert _imports_whole(isolated_store) >= 3


def test_a_backup_after_a_crash_holds_what_was_committed_and_restores_over_an_old_wal(isolated_store, tmp_path):
    _kill_after(_child(IMPORTER, isolated_store), 3)
    made = backup.run("backup", isolated_store)
    assert made.parent == backup.backup_dir(isolated_store) and made.suffix == ".duckdb"
    saved = backup.file_counts(made)
    assert saved["imports"] >= 3 and saved["workload_forms"] == saved["imports"]
    # more work lands in the .wal, then a crash again; the restore starts from that state
    con = db.connect(isolated_store)
    sid, done = con.execute("SELECT max(service_id), count(*) FROM imports").fetchone()
    con.close()
    _kill_after(_child(IMPORTER, isolated_store, sid, done), 5)
    assert _counts(isolated_store)["imports"] > saved["imports"]
    before = backup.run("restore", isolated_store, made)
    assert before.name.endswith("-before-restore.duckdb")
    restored = _counts(isolated_store)
    assert {t: n for t, n in saved.items() if t not in ("audit_log", "trash")} == {
        t: n for t, n in restored.items() if t not in ("trash",)}
    con = db.connect(isolated_store)  # new rows take ids above every restored one
    create_service(con, Profile("Pēc atjaunošanas"))
    con.close()


def test_kill_9_during_a_backup_leaves_no_false_backup_and_the_last_good_one_restores(isolated_store):
    con = db.connect(isolated_store)
    sid = create_service(con, Profile("Liels dienests"))
    con.execute("INSERT INTO audit_log (service_id, action, entity, detail) SELECT ?, 'x', 'y', repeat('z', 200)"
                " FROM range(1500000)", [sid])
    good = backup.snapshot(con, backup.backup_dir(isolated_store))
    con.close()
    expected = _counts(isolated_store)
    child = subprocess.Popen([sys.executable, "-m", "lib.store.backup", "backup"], cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT), "APP_DB_PATH": str(isolated_store)})
    folder = backup.backup_dir(isolated_store)
    deadline = time.monotonic() + 30
    while not list(folder.glob("*.partial")) and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert [b.path for b in backup.listing(folder)] == [good.path]  # a half-written copy is no backup
    assert _counts(isolated_store) == expected
    backup.prune(folder)
    assert not list(folder.glob("*.partial"))
    backup.run("restore", isolated_store, good.path)
    assert _counts(isolated_store) == {t: n for t, n in good.counts.items() if t != "audit_log"}


def test_make_backup_and_restore_work_while_the_app_runs(isolated_store):
    con = db.connect(isolated_store)
    sid = create_service(con, Profile("Talsu dienests"))
    imports.process(con, sid, [("a.xlsx", samples.workload_xlsx(D, WORKERS[0], PERIOD))], CTX)
    con.close()
    app = _child(APP, isolated_store)
    try:
        assert app.stdout.readline().strip() == "ready"
        made = backup.run("backup", isolated_store, timeout=30)  # the store is locked: the app does it
        assert backup.file_counts(made)["imports"] == 1
        before = backup.run("restore", isolated_store, made, timeout=30)
        assert before.exists()
    finally:
        app.kill()
        app.wait()
    assert _counts(isolated_store)["imports"] == 1


def test_a_process_that_does_not_answer_is_reported(isolated_store):
    db.connect(isolated_store).close()
    holder = _child("import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('open', flush=True);"
                    " time.sleep(30)", isolated_store)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(backup.BackupError, match="in use"):
            backup.run("backup", isolated_store, timeout=1)
    finally:
        holder.kill()
        holder.wait()
    assert backup.listing(backup.backup_dir(isolated_store)) == []


def test_old_backups_are_pruned_but_the_newest_stay(con, tmp_path):
    folder = tmp_path / "backups"
    now = datetime(2026, 12, 1, 12, 0)
    made = [backup.snapshot(con, folder, now=now - timedelta(days=days)) for days in (90, 60, 45, 40, 1)]
    (folder / "app-x.duckdb.partial").write_bytes(b"half")
    gone = backup.prune(folder, keep_days=30, now=now)
    assert sorted(gone) == sorted([made[0].path, made[1].path, folder / "app-x.duckdb.partial"])
    assert [b.path for b in backup.listing(folder)] == [made[4].path, made[3].path, made[2].path]


def test_a_service_travels_as_a_data_package(con, tmp_path):
    demo = dataset.load_demo(con, CTX)
    slots = view.slots(D)
    draft = drafts.open_draft(con, demo, slots, {s.id: s.national_pct for s in slots}, {}, "")
    drafts.set_lock(con, draft.id, slots[0].id, True)
    data = package.export_service(con, demo)
    other = db.connect(tmp_path / "other.duckdb")
    mine = create_service(other, Profile("Cits dienests"))
    imports.process(other, mine, [("m.xlsx", samples.workload_xlsx(D, WORKERS[1], PERIOD))], CTX)
    new = package.import_service(other, data, "admin")
    for a, b in zip(assessments.list_assessments(con, demo), assessments.list_assessments(other, new), strict=True):
        x, y = assessments.load(con, demo, a.id), assessments.load(other, new, b.id)
        assert (len(x.individual), len(x.agreed), len(x.evidence), len(x.indicators), len(x.plan)) == (
            len(y.individual), len(y.agreed), len(y.evidence), len(y.indicators), len(y.plan))
        assert sorted(x.individual.values()) == sorted(y.individual.values())
    assert [r.file_name for r in imports.history(other, new)] == [r.file_name for r in imports.history(con, demo)]
    assert [r.file_name for r in imports.history(other, mine)] == ["m.xlsx"]  # the existing service untouched
    moved = drafts.open_draft(other, new, slots, {}, {}, "")  # the editor's draft came along, whole
    assert moved.values == draft.values and moved.locked == {slots[0].id}
    with pytest.raises(package.PackageError):
        package.import_service(other, b"not a package")
    other.close()


def test_settings_takes_a_backup_and_restores_it_after_showing_what_changes(isolated_store):
    con = db.connect(isolated_store)
    create_service(con, Profile("Talsu dienests"))
    con.close()
    at = run_app("lv", "pages/settings.py")
    next(b for b in at.button if b.label == "Izveidot rezerves kopiju tagad").click().run()
    assert at.success[0].value.startswith("Rezerves kopija izveidota un pārbaudīta")
    ours = re.search(r"(app-[0-9-]+\.duckdb)", at.success[0].value).group(1)
    con = db.connect(isolated_store)
    create_service(con, Profile("Vēlāk pievienots"))
    con.close()
    at.run()
    at.selectbox(key="backup_pick").set_value(ours).run()  # the app's own daily backup may be newer
    diff = next(tb.value for tb in at.table if "Tabula" in tb.value.columns)  # what the restore changes
    row = diff[diff["Tabula"] == "services"].iloc[0]
    assert (row["Tagad (rindas)"], row["Kopijā (rindas)"]) == ("2", "1")
    assert at.button(key="backup_restore").disabled
    at.checkbox(key="backup_restore_sure").check().run()
    at.button(key="backup_restore").click().run()
    assert at.success[0].value.startswith("Dati atjaunoti no")
    con = db.connect(isolated_store)
    assert [r[0] for r in con.execute("SELECT name FROM services").fetchall()] == ["Talsu dienests"]
    con.close()
