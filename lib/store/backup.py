"""Backups and restores of the whole store, and one service's data package.

A backup is a consistent snapshot taken by the process that holds the store: a new file is attached
and `COPY FROM DATABASE` runs inside one transaction, so it holds exactly the committed state of one
moment (the `.wal` included, which a file copy would miss). It is written under a temporary name,
verified by reopening it (every table's row count equals what the copying transaction saw) and only
then renamed: a crash or kill -9 mid-backup never leaves a file that looks like a backup. Backups
older than `KEEP_DAYS` are pruned, the newest `KEEP_AT_LEAST` always stay.

A restore first takes a backup of the current state ("before-restore"), then replaces every table's
rows with the backup's in one transaction, so it can be undone and never half-applies.

While the app runs it holds the file, so `make backup` / `make restore` hand the job to it: they
write a request next to the store and the app's watcher thread (`watch`) answers within a second.
When the app is stopped they do the job themselves.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from lib import principal
from lib.principal import requires
from lib.store import db, health

log = logging.getLogger(__name__)
KEEP_DAYS = int(os.environ.get("APP_BACKUP_KEEP_DAYS") or 30)
KEEP_AT_LEAST = 3
DAILY = timedelta(hours=24)  # the app takes a backup by itself when the newest is older than this
SUFFIX = ".duckdb"
PARTIAL = ".partial"
NOT_RESTORED = ("schema_version",)  # the schema is the code's, not the backup's


class BackupError(Exception):
    """A backup or restore that did not happen; the message says why in plain words."""


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    size: int
    counts: dict[str, int]


def backup_dir(store: Path) -> Path:
    """`APP_BACKUP_DIR`, else `backups/` beside the store."""
    return Path(os.environ.get("APP_BACKUP_DIR") or Path(store).parent / "backups")


def _tables(cur: duckdb.DuckDBPyConnection, catalog: str | None = None) -> list[str]:
    rows = cur.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = coalesce(?, current_database())"
                       " AND schema_name = 'main' ORDER BY table_name", [catalog]).fetchall()
    return [r[0] for r in rows]


def counts(cur: duckdb.DuckDBPyConnection, catalog: str | None = None) -> dict[str, int]:
    """Rows per table (of the attached `catalog`, or of the store itself)."""
    prefix = f'"{catalog}".' if catalog else ""
    return {t: cur.execute(f'SELECT count(*) FROM {prefix}"{t}"').fetchone()[0]  # noqa: S608 catalog names
            for t in _tables(cur, catalog)}


def file_counts(path: Path) -> dict[str, int]:
    """Rows per table of a backup file (opened read-only; raises BackupError if it is not one)."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise BackupError(f"{path.name} is not a readable backup ({exc.__class__.__name__})") from None
    try:
        return counts(con.cursor())
    finally:
        con.close()


# The watcher's daily backup and its pruning, and a user's click, may meet: pruning removes the
# leftovers of interrupted backups, and must never take the file of a backup being written.
_one_at_a_time = threading.RLock()


@requires("backups")
def snapshot(con: duckdb.DuckDBPyConnection, directory: Path, label: str = "", now: datetime | None = None) -> Backup:
    """A verified, consistent backup of the whole store in `directory` (see the module text)."""
    with _one_at_a_time:
        return _snapshot(con, directory, label, now)


def _snapshot(con: duckdb.DuckDBPyConnection, directory: Path, label: str, now: datetime | None) -> Backup:
    directory.mkdir(parents=True, exist_ok=True)
    made_at = now or datetime.now()
    name = f"app-{made_at:%Y%m%d-%H%M%S}{'-' + label if label else ''}"
    target = directory / f"{name}{SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = directory / f"{name}-{n}{SUFFIX}"
    partial = target.with_name(f"{target.name}.{uuid.uuid4().hex[:8]}{PARTIAL}")
    try:
        with db.attached(con, partial) as (cur, alias):
            cur.execute("BEGIN TRANSACTION")
            seen = counts(cur)
            cur.execute(f'COPY FROM DATABASE "{cur.execute("SELECT current_database()").fetchone()[0]}" TO {alias}')
            cur.execute("COMMIT")
    except duckdb.Error as exc:
        _unlink_quietly(partial)
        raise BackupError(f"the backup could not be written ({exc.__class__.__name__})") from None
    if file_counts(partial) != seen:
        _unlink_quietly(partial)
        raise BackupError("the backup did not read back the same rows; nothing was kept")
    os.replace(partial, target)
    return Backup(target, made_at, target.stat().st_size, seen)


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _made_at(path: Path) -> datetime:
    try:
        return datetime.strptime(path.stem[4:19], "%Y%m%d-%H%M%S")
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime)


def listing(directory: Path) -> list[Backup]:
    """Finished backups, newest first (counts are read when a restore is considered, not here)."""
    if not directory.exists():
        return []
    found = [Backup(p, _made_at(p), p.stat().st_size, {}) for p in directory.glob(f"*{SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def prune(directory: Path, keep_days: int = KEEP_DAYS, now: datetime | None = None) -> list[Path]:
    """Delete backups older than `keep_days` (the newest KEEP_AT_LEAST always stay) and leftovers of
    interrupted backups; returns what was deleted."""
    with _one_at_a_time:
        return _prune(directory, keep_days, now)


def _prune(directory: Path, keep_days: int, now: datetime | None) -> list[Path]:
    limit = (now or datetime.now()) - timedelta(days=keep_days)
    gone = [b.path for b in listing(directory)[KEEP_AT_LEAST:] if b.made_at < limit]
    gone += list(directory.glob(f"*{PARTIAL}")) if directory.exists() else []
    for path in gone:
        _unlink_quietly(path)
    return gone


def prepared_copy(source: Path, work: Path) -> Path:
    """A private copy of a backup brought to this code's schema (an older backup is migrated)."""
    if not source.is_file():
        raise BackupError(f"no backup at {source}")
    copy = work / "restore.duckdb"
    shutil.copy2(source, copy)
    try:
        prepared = db.connect(copy)
    except duckdb.Error as exc:
        raise BackupError(f"{source.name} is not a readable backup ({exc.__class__.__name__})") from None
    try:
        if db.schema_version(prepared) > len(db.MIGRATIONS):
            raise BackupError(f"{source.name} was made by a newer version of the app")
        prepared.execute("CHECKPOINT")
    finally:
        prepared.close()
    return copy


def advance_sequence(cur: duckdb.DuckDBPyConnection) -> None:
    """After rows come back with their ids, new ids must start above every one of them."""
    top = 0
    for (table,) in cur.execute("SELECT table_name FROM duckdb_columns() WHERE database_name = current_database()"
                                " AND column_name = 'id' AND data_type = 'BIGINT'").fetchall():
        top = max(top, cur.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0])  # noqa: S608
    current = cur.execute("SELECT nextval('seq_id')").fetchone()[0]
    if current <= top:
        cur.execute("SELECT max(nextval('seq_id')) FROM range(?)", [top - current + 1]).fetchone()


@requires("backups")
def restore(con: duckdb.DuckDBPyConnection, source: Path, directory: Path) -> Backup:
    """Replace the store's contents with the backup's, after taking a backup of the current state
    (returned, so the restore can be undone)."""
    with tempfile.TemporaryDirectory() as work:
        prepared = prepared_copy(Path(source), Path(work))
        before = snapshot(con, directory, "before-restore")
        try:
            with db.attached(con, prepared, read_only=True) as (_, alias), db.unit(con) as tx:
                theirs = set(_tables(tx, alias))
                for table in _tables(tx):
                    if table in NOT_RESTORED:
                        continue
                    tx.execute(f'DELETE FROM "{table}"')  # noqa: S608 catalog names
                    if table in theirs:
                        tx.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM {alias}."{table}"')  # noqa: S608
                advance_sequence(tx)
                db.audit(tx, None, "restore", "store", None, json.dumps({"from": Path(source).name}))
        except duckdb.Error as exc:
            raise BackupError(f"the restore did not happen ({exc.__class__.__name__}); nothing was changed") from None
    return before


# --- the app holds the file: `make backup` / `make restore` ask it through request files -------------


def requests_dir(store: Path) -> Path:
    return Path(store).with_name(Path(store).name + ".requests")


def _answer(store: Path, con: duckdb.DuckDBPyConnection, request: dict) -> dict:
    directory = backup_dir(store)
    try:
        if request["op"] == "backup":
            made = snapshot(con, directory)
            prune(directory)
            return {"ok": True, "path": str(made.path)}
        if request["op"] == "restore":
            before = restore(con, Path(request["source"]), directory)
            return {"ok": True, "path": str(before.path)}
        return {"ok": False, "message": f"unknown request {request['op']!r}"}
    except BackupError as exc:
        return {"ok": False, "message": str(exc)}


def serve_once(store: Path, con: duckdb.DuckDBPyConnection) -> int:
    """Answer every waiting request; returns how many."""
    folder = requests_dir(store)
    done = 0
    for path in sorted(folder.glob("*.request.json")) if folder.exists() else []:
        try:
            request = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        answer = _answer(store, con, request)
        reply = path.with_name(path.name.replace(".request.json", ".reply.json"))
        reply.with_suffix(".tmp").write_text(json.dumps(answer), encoding="utf-8")
        os.replace(reply.with_suffix(".tmp"), reply)
        path.unlink(missing_ok=True)
        done += 1
    return done


def watch(store: Path, con: duckdb.DuckDBPyConnection, interval: float = 1.0) -> threading.Event:
    """The app's watcher: answers backup/restore requests, and takes a daily backup by itself. Set the
    returned event to stop it (before the connection is closed)."""
    stop = threading.Event()

    def loop() -> None:
        principal.act_as(principal.SYSTEM)  # daily backups and `make backup` requests from this machine
        while not stop.is_set():
            try:
                newest = listing(backup_dir(store))
                if not newest or datetime.now() - newest[0].made_at > DAILY:
                    snapshot(con, backup_dir(store))
                    prune(backup_dir(store))
                serve_once(store, con)
            except duckdb.ConnectionException:
                return  # the store was closed: the app is stopping
            except Exception:  # a watcher that died would silently stop every backup: log and go on
                log.exception("backup watcher")
            stop.wait(interval)

    threading.Thread(target=loop, name="backup-watcher", daemon=True).start()
    return stop


def ask_app(store: Path, op: str, timeout: float = 120.0, **params: str) -> dict:
    """Hand a job to the running app and wait for its answer."""
    folder = requests_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    request = folder / f"{datetime.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}.request.json"
    request.write_text(json.dumps({"op": op, **params}), encoding="utf-8")
    reply = request.with_name(request.name.replace(".request.json", ".reply.json"))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if reply.exists():
            answer = json.loads(reply.read_text(encoding="utf-8"))
            reply.unlink(missing_ok=True)
            return answer
        time.sleep(0.2)
    request.unlink(missing_ok=True)
    raise BackupError(f"{store} is in use by a process that does not answer (is the app running on it?)")


def run(op: str, store: Path, source: Path | None = None, timeout: float = 120.0) -> Path:
    """`make backup` / `make restore`: do it here if the store is free, else ask the app."""
    if not Path(store).exists():
        raise BackupError(f"no database at {store}")
    try:
        con = db.connect(store)
    except duckdb.IOException as exc:
        if health.classify(exc) != "locked":
            raise BackupError(f"{store} cannot be opened ({exc.__class__.__name__})") from None
        params = {"source": str(Path(source).resolve())} if source else {}
        answer = ask_app(store, op, timeout, **params)
        if not answer["ok"]:
            raise BackupError(answer["message"]) from None
        return Path(answer["path"])
    try:
        if op == "backup":
            made = snapshot(con, backup_dir(store)).path
            prune(backup_dir(store))
            return made
        return restore(con, Path(source), backup_dir(store)).path
    finally:
        con.close()


def main(argv: list[str]) -> int:
    store = db.db_path()
    try:
        if argv[:1] == ["restore"] and len(argv) == 2:
            before = run("restore", store, Path(argv[1]))
            print(f"restored {argv[1]} into {store}; the state before it is kept in {before}")
        elif argv in ([], ["backup"]):
            print(f"backup written and verified: {run('backup', store)}")
        else:
            print("usage: python -m lib.store.backup [backup | restore FILE]", file=sys.stderr)
            return 2
    except BackupError as exc:
        print(f"failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
