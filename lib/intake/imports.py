"""Storing checked uploads: each file whole or not at all; SHA-256 dedupe, replace or keep, history, delete.

Rows go in through Arrow tables (`INSERT … SELECT`), not row by row, and the files of an upload
in batches of a few statements each: a national batch of a thousand forms must import in seconds.
Every row carries the service and the import it came from, so deleting an import removes exactly
its rows.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, datetime

import duckdb

from lib import principal
from lib.intake.forms import CASELOAD_COUNTS
from lib.intake.isolation import DEFAULT_BUDGET, Budget, parse_isolated
from lib.intake.reading import Context, ParsedFile, Problem
from lib.principal import requires
from lib.store import db, trash
from lib.store.services import get_service

log = logging.getLogger(__name__)


class DemoServiceError(ValueError):
    """Real forms are never stored in the DEMO service (removing the demo must not take them along)."""

KEEP, REPLACE, SKIP = "keep", "replace", "skip"
MAX_FILES = 200  # per upload; a service's year of monthly forms fits, a mistaken folder does not
MAX_UPLOAD_BYTES = 100 * 2**20  # per upload (each file also within .streamlit/config.toml maxUploadSize)


def over_limits(files: list[tuple[str, bytes]]) -> str | None:
    """The catalog key saying why this upload is too big as a whole, or None (checked where users
    upload; a batch tool may pass more files to `process`)."""
    if len(files) > MAX_FILES:
        return "upload.limit.files"
    if sum(len(data) for _, data in files) > MAX_UPLOAD_BYTES:
        return "upload.limit.bytes"
    return None


@dataclass(frozen=True)
class ImportRecord:
    id: int
    file_name: str
    kind: str
    imported_at: datetime
    row_count: int
    imported_by: str | None
    sha256: str
    is_demo: bool
    replaced_by: str | None = None  # the file whose forms replaced this import's (it stays in the history)


@dataclass(frozen=True)
class Conflict:
    """A worker and period already stored by an earlier import."""

    code: str
    period_start: date
    period_end: date
    import_id: int | None  # None: an earlier file of the same upload, not yet committed
    file_name: str


def find_duplicate(con: duckdb.DuckDBPyConnection, service_id: int, sha256: str) -> ImportRecord | None:
    with db.reader(con) as cur:
        row = cur.execute(_HISTORY + " AND sha256 = ?", [service_id, sha256]).fetchone()
    return ImportRecord(*row) if row else None


def _stored_keys(con: duckdb.DuckDBPyConnection, service_id: int) -> dict[tuple, list[Conflict]]:
    """(worker code, period start, period end) → the stored forms with that key, in one query."""
    with db.reader(con) as cur:
        rows = cur.execute(
            "SELECT DISTINCT f.worker_code, f.period_start, f.period_end, i.id, i.file_name"
            " FROM workload_forms f JOIN imports i ON i.id = f.import_id WHERE f.service_id = ? ORDER BY 1, 2, 4",
            [service_id],
        ).fetchall()
    keys: dict[tuple, list[Conflict]] = {}
    for row in rows:
        keys.setdefault(row[:3], []).append(Conflict(*row))
    return keys


def _form_keys(parsed: ParsedFile) -> list[tuple]:
    return [(f.code, f.period_start, f.period_end) for f in parsed.forms]


def conflicts(con: duckdb.DuckDBPyConnection, service_id: int, parsed: ParsedFile) -> list[Conflict]:
    stored = _stored_keys(con, service_id) if parsed.forms else {}
    return [c for key in dict.fromkeys(_form_keys(parsed)) for c in stored.get(key, [])]


WORKER_COLUMNS = ("code", "name", "position", "specialisation", "territory", "fte", "social_work_share")


def known_workers(cur: duckdb.DuckDBPyConnection, service_id: int) -> dict[str, tuple]:
    """code → (id, name, position, specialisation, territory, fte, social work share) for the service."""
    return {row[0]: row[1:] for row in cur.execute(
        "SELECT code, id, name, position, specialisation, territory, fte, social_work_share FROM workers"
        " WHERE service_id = ?", [service_id]).fetchall()}


def _merged(row: tuple, person: tuple) -> tuple:
    """A worker's attributes (name, position, specialisation, territory, fte, social work share)
    refreshed from a file's row: what the file leaves blank stays, the FTE is the file's."""
    p = person
    return (p[1] or row[0], p[2] or row[1], p[3] or row[2], p[4] or row[3], p[5], p[6] or row[5])


def _worker_ids(cur: duckdb.DuckDBPyConnection, service_id: int, files: list[tuple[int, list[tuple]]],
                known: dict[str, tuple], is_demo: bool) -> tuple[dict[str, int], dict[str, tuple]]:
    """Insert workers not seen before (remembering the import, of `files` = [(import id, people)], that
    first named them) and refresh the attributes of known ones, file after file (a worker's last row
    wins), in one insert and an update per changed worker. Returns code → id and the rows that changed
    (for `known`, once committed)."""
    new: dict[str, tuple[int, tuple]] = {}  # code → (creating import, attributes)
    refreshed: dict[str, tuple] = {}  # known code → attributes
    for import_id, people in files:
        for p in {p[0]: p for p in people}.values():
            code = p[0]
            if code in new:
                new[code] = (new[code][0], _merged(new[code][1], p))
            elif code in known:
                refreshed[code] = _merged(refreshed.get(code, known[code][1:]), p)
            else:
                new[code] = (import_id, (p[1] or None, *p[2:]))
    changed: dict[str, tuple] = {}
    for code, *attrs in db.insert(
        cur, "workers", ("service_id", "created_by_import", "is_demo", *WORKER_COLUMNS),
        [(service_id, import_id, is_demo, code, *attrs) for code, (import_id, attrs) in new.items()],
        returning=("code", "id", "name", "position", "specialisation", "territory", "fte", "social_work_share"),
    ):
        changed[code] = tuple(attrs)
    for code, update in refreshed.items():
        row = known[code]
        if update != row[1:]:
            cur.execute("UPDATE workers SET name = ?, position = ?, specialisation = ?, territory = ?, fte = ?,"
                        " social_work_share = ? WHERE id = ?", [*update, row[0]])
            changed[code] = (row[0], *update)
    return {code: (changed.get(code) or known[code])[0] for code in (*new, *refreshed)}, changed


def _delete_forms(cur: duckdb.DuckDBPyConnection, service_id: int, new_import_id: int, new_file: str,
                  found: list[Conflict], actor: str | None) -> None:
    """Replace: the stored forms of these workers and periods go to the trash (restorable); their
    import stays in the history, marked as replaced by the new one, with the rows it still has."""
    for import_id in sorted({c.import_id for c in found if c.import_id is not None}):
        keys = [c for c in found if c.import_id == import_id]
        where = " OR ".join(["(worker_code = ? AND period_start = ? AND period_end = ?)"] * len(keys))
        params = [v for c in keys for v in (c.code, c.period_start, c.period_end)]
        (old_file,) = cur.execute("SELECT file_name FROM imports WHERE id = ?", [import_id]).fetchone()
        trash.discard(cur, service_id, "replaced", old_file, [
            ("workload_entries", "form_id IN (SELECT id FROM workload_forms"  # noqa: S608 placeholders only
             f" WHERE service_id = ? AND import_id = ? AND ({where}))", [service_id, import_id, *params]),
            ("workload_forms", f"service_id = ? AND import_id = ? AND ({where})",
             [service_id, import_id, *params]),
        ], actor)
        left = cur.execute(
            "SELECT (SELECT count(*) FROM workload_entries WHERE import_id = ?)"
            " + (SELECT count(*) FROM caseload_counts WHERE import_id = ?)", [import_id, import_id]).fetchone()[0]
        cur.execute("UPDATE imports SET row_count = ?, replaced_by = ? WHERE id = ?", [left, new_import_id, import_id])
        if not left:
            cur.execute("UPDATE workers SET created_by_import = ? WHERE service_id = ? AND created_by_import = ?",
                        [new_import_id, service_id, import_id])
        db.audit(cur, service_id, "replace", "import", import_id, json.dumps(
            {"file": old_file, "replaced_by": new_file, "remaining_rows": int(left)}, ensure_ascii=False), actor)


FORM_COLUMNS = ("service_id", "import_id", "worker_id", "worker_code", "period_start", "period_end", "position",
                "specialisation", "territory", "fte", "social_work_share", "total_month_hours")
ENTRY_COLUMNS = ("service_id", "import_id", "form_id", "function_id", "hours", "unit", "month_hours", "hours_raw",
                 "unit_raw", "result_indicator", "result_count", "crisis_clients", "other_parties", "comment",
                 "source_sheet", "source_row")


def _store_forms(cur: duckdb.DuckDBPyConnection, service_id: int, files: list[tuple[int, ParsedFile]],
                 workers: dict[str, int]) -> None:
    forms = [(import_id, f) for import_id, parsed in files for f in parsed.forms]
    form_ids = db.insert(
        cur, "workload_forms", FORM_COLUMNS,
        [(service_id, import_id, workers[f.code], f.code, f.period_start, f.period_end, f.position, f.specialisation,
          f.territory, f.fte, f.social_work_share, f.total_month_hours) for import_id, f in forms],
        returning=("id",),
    )
    db.insert(cur, "workload_entries", ENTRY_COLUMNS, [
        (service_id, import_id, form_id, e.function_id, e.hours, e.unit, e.month_hours, e.hours_raw, e.unit_raw,
         e.result_indicator, e.result_count, e.crisis_clients, e.other_parties, e.comment, e.sheet, e.row)
        for (form_id,), (import_id, f) in zip(form_ids, forms, strict=True) for e in f.entries])


CASELOAD_COLUMNS = ("service_id", "import_id", "worker_id", "worker_code", "count_date", *CASELOAD_COUNTS, "fte",
                    "experience_months", "position", "territory", "raw", "source_sheet", "source_row")


def _store_caseload(cur: duckdb.DuckDBPyConnection, service_id: int, files: list[tuple[int, ParsedFile]],
                    workers: dict[str, int]) -> None:
    db.insert(cur, "caseload_counts", CASELOAD_COLUMNS, [
        (service_id, import_id, workers[r.code], r.code, r.count_date, *(dict(r.counts)[k] for k in CASELOAD_COUNTS),
         r.fte, r.experience_months, r.position, r.territory, json.dumps(dict(r.raw), ensure_ascii=False), r.sheet,
         r.row) for import_id, parsed in files for r in parsed.caseload])


def _write(cur: duckdb.DuckDBPyConnection, service_id: int, batch: list[ParsedFile], imported_by: str | None,
           is_demo: bool, known: dict[str, tuple], found: list[Conflict] = ()) -> tuple[list[int], dict[str, tuple]]:
    """The rows of checked files inside the caller's transaction, a few statements for any number of
    files: their imports, workers, forms and entries, caseload counts and audit entries. `found`
    (one file only) is replaced first. Returns the import ids and the workers that changed."""
    import_ids = [i for (i,) in db.insert(
        cur, "imports", ("service_id", "sha256", "file_name", "kind", "row_count", "imported_by", "is_demo"),
        [(service_id, p.sha256, p.name, p.kind, p.row_count, imported_by or None, is_demo) for p in batch],
        returning=("id",))]
    if found:
        _delete_forms(cur, service_id, import_ids[0], batch[0].name, found, imported_by)
    files = list(zip(import_ids, batch, strict=True))
    workers, changed = _worker_ids(cur, service_id, [(i, _people(p)) for i, p in files], known, is_demo)
    _store_forms(cur, service_id, files, workers)
    _store_caseload(cur, service_id, files, workers)
    db.audit_each(cur, service_id, "import", "import", [(i, json.dumps(
        {"file": p.name, "kind": p.kind, "rows": p.row_count}, ensure_ascii=False)) for i, p in files], imported_by)
    return import_ids, changed


class StoredMeanwhile(Exception):
    """The same bytes were stored by another upload while this one was on its way: a duplicate."""


@requires("upload")
def store(con: duckdb.DuckDBPyConnection, service_id: int, parsed: ParsedFile, *, mode: str = KEEP,
          imported_by: str | None = None, is_demo: bool = False, known: dict[str, tuple] | None = None) -> int:
    """Write one checked file in one transaction; `mode=REPLACE` first removes the stored forms of the
    same workers and periods. `known` (from `known_workers`) saves a query per file in a long upload
    and is updated once the file is committed. Returns the new import id; the imports row is the
    record of the import (who, when, what)."""
    if not parsed.ok or parsed.kind is None:
        raise ValueError(f"{parsed.name} has errors and cannot be stored")
    found = conflicts(con, service_id, parsed) if mode == REPLACE else []
    attempts = 0

    def once() -> tuple[list[int], dict[str, tuple]]:
        nonlocal attempts
        attempts += 1  # a retry re-reads the workers: another upload may have just added one
        with db.unit(con) as cur:
            if cur.execute("SELECT count(*) FROM imports WHERE service_id = ? AND sha256 = ?",
                           [service_id, parsed.sha256]).fetchone()[0]:
                raise StoredMeanwhile(parsed.name)
            fresh = known is None or found or attempts > 1
            return _write(cur, service_id, [parsed], imported_by, is_demo,
                          known_workers(cur, service_id) if fresh else known, found)

    # a worker or the file's fingerprint committed by another upload after this one read: read again
    [import_id], changed = db.retrying(once, races=(duckdb.ConstraintException,))()
    if known is not None:
        known.update(changed)
    return int(import_id)


@requires("upload")
def store_together(con: duckdb.DuckDBPyConnection, service_id: int, batch: list[ParsedFile], imported_by: str | None,
                   is_demo: bool, known: dict[str, tuple]) -> list[int]:
    """Several checked files (none replacing anything) in ONE transaction: a thousand forms cost a few
    statements per batch instead of per file. Either all of them are stored or none (the caller then
    stores each alone, so one file's trouble stays that file's)."""
    with db.unit(con) as cur:
        import_ids, changed = _write(cur, service_id, batch, imported_by, is_demo, known)
    known.update(changed)
    return import_ids


def _people(parsed: ParsedFile) -> list[tuple]:
    return [(f.code, f.name, f.position, f.specialisation, f.territory, f.fte, f.social_work_share)
            for f in parsed.forms] + [(r.code, r.name, r.position, None, r.territory, r.fte, None)
                                      for r in parsed.caseload]


@requires("upload")
@db.retrying
def delete_import(con: duckdb.DuckDBPyConnection, service_id: int, import_id: int, actor: str | None = None
                  ) -> int | None:
    """Move exactly this import's rows (and workers it created that nothing else refers to) to the
    trash; returns the trash entry id, or None if there is no such import."""
    with db.unit(con) as cur:
        row = cur.execute("SELECT file_name FROM imports WHERE id = ? AND service_id = ?",
                          [import_id, service_id]).fetchone()
        if row is None:
            return None
        parts: list[tuple[str, str, list[object]]] = [
            (table, "import_id = ? AND service_id = ?", [import_id, service_id])
            for table in ("workload_entries", "workload_forms", "caseload_counts")]
        parts.append(("workers", "service_id = ? AND created_by_import = ?"
                      " AND id NOT IN (SELECT worker_id FROM workload_forms WHERE service_id = ?)"
                      " AND id NOT IN (SELECT worker_id FROM caseload_counts WHERE service_id = ?)",
                      [service_id, import_id, service_id, service_id]))
        parts.append(("imports", "id = ?", [import_id]))
        return trash.discard(cur, service_id, "import", row[0], parts, actor)


@dataclass(frozen=True)
class Outcome:
    """What happened to one uploaded file."""

    parsed: ParsedFile
    status: str  # IMPORTED, REJECTED, DUPLICATE, CONFLICT (waiting for a decision), SKIPPED
    import_id: int | None = None
    duplicate_of: ImportRecord | None = None
    conflicts: tuple[Conflict, ...] = ()


IMPORTED, REJECTED, DUPLICATE, CONFLICT, SKIPPED = "imported", "rejected", "duplicate", "conflict", "skipped"


BATCH = 100  # files stored in one transaction at most


@requires("upload")
def process(con: duckdb.DuckDBPyConnection, service_id: int, files: list[tuple[str, bytes]], ctx: Context,
            imported_by: str | None = None, progress: Callable[[int, int, str], None] | None = None,
            *, is_demo: bool = False, budget: Budget = DEFAULT_BUDGET) -> list[Outcome]:
    """Check every file, then store the good ones, each whole or not at all. A bad file never stops the
    others; a file already stored (same bytes) is reported, not stored twice; a worker and period
    already stored waits for the user's decision (`resolve`).

    Files are read in worker processes within `budget` (lib/intake/isolation.py), so a hostile file
    costs its own upload, not the server. Throughput (a thousand forms in seconds, bench/ingest.py):
    what is stored already is read once per upload; one writer thread stores the files read so far in
    one transaction (a few statements per batch, not per file) while the next ones are read; a batch
    that fails is stored again file by file, so each file keeps its own all-or-nothing."""
    service = get_service(con, service_id)
    if service is not None and service.is_demo and not is_demo:
        raise DemoServiceError(service_id)
    with db.reader(con) as cur:
        shas = [hashlib.sha256(data).hexdigest() for _, data in files]
        previous = {r[6]: ImportRecord(*r) for r in cur.execute(
            _HISTORY + " AND list_contains(?, sha256)", [service_id, shas]).fetchall()}
        known = known_workers(cur, service_id)
    stored = _stored_keys(con, service_id)
    seen: set[str] = set()
    outcomes: list[Outcome | tuple[int, int]] = []  # an outcome, or (batch, place in it) still being stored
    jobs: list[Future] = []
    batch: list[ParsedFile] = []
    who = principal.current()  # the writer thread acts as the user who uploads
    with ThreadPoolExecutor(max_workers=1) as writer:
        for n, parsed in enumerate(parse_isolated(files, ctx, budget), start=1):
            found = [c for key in dict.fromkeys(_form_keys(parsed)) for c in stored.get(key, [])]
            if not parsed.ok:
                outcomes.append(Outcome(parsed, REJECTED))
            elif parsed.sha256 in previous:
                outcomes.append(Outcome(parsed, DUPLICATE, duplicate_of=previous[parsed.sha256]))
            elif parsed.sha256 in seen:
                outcomes.append(Outcome(parsed, DUPLICATE))
            elif found:
                outcomes.append(Outcome(parsed, CONFLICT, conflicts=tuple(found)))
            else:
                outcomes.append((len(jobs), len(batch)))
                batch.append(parsed)
                for key in _form_keys(parsed):
                    stored.setdefault(key, []).append(Conflict(*key, None, parsed.name))
            seen.add(parsed.sha256)
            if batch and (not jobs or jobs[-1].done() or len(batch) >= BATCH or n == len(files)):
                jobs.append(writer.submit(_store_batch, who, con, service_id, batch, imported_by, is_demo, known))
                batch = []
            if progress:
                progress(n, len(files), parsed.name)
    return [jobs[o[0]].result()[o[1]] if isinstance(o, tuple) else o for o in outcomes]


def _store_batch(who: principal.Principal, con: duckdb.DuckDBPyConnection, service_id: int, batch: list[ParsedFile],
                 imported_by: str | None, is_demo: bool, known: dict[str, tuple]) -> list[Outcome]:
    """Files stored together in one transaction; if that fails (another user's write, a bad row),
    each alone, so one file's trouble never takes the others with it."""
    principal.act_as(who)
    if len(batch) > 1:
        try:
            return [Outcome(p, IMPORTED, import_id=i)
                    for p, i in zip(batch, store_together(con, service_id, batch, imported_by, is_demo, known),
                                    strict=True)]
        except duckdb.Error:
            log.info("%d files did not store together; storing each alone", len(batch), exc_info=True)
    return [_store_outcome(con, service_id, p, imported_by, is_demo, known) for p in batch]


def _store_outcome(con: duckdb.DuckDBPyConnection, service_id: int, parsed: ParsedFile, imported_by: str | None,
                   is_demo: bool = False, known: dict[str, tuple] | None = None, mode: str = KEEP) -> Outcome:
    """Store one file; a database error becomes that file's reported problem, not a broken upload.
    The same bytes stored a moment ago by another user's upload make this one a duplicate."""
    try:
        return Outcome(parsed, IMPORTED, import_id=store(con, service_id, parsed, mode=mode, imported_by=imported_by,
                                                         is_demo=is_demo, known=known))
    except (StoredMeanwhile, db.StoreBusy):
        earlier = find_duplicate(con, service_id, parsed.sha256)
        if earlier is not None:
            return Outcome(parsed, DUPLICATE, duplicate_of=earlier)
        log.exception("storing %s failed", parsed.name)
    except duckdb.Error:
        log.exception("storing %s failed", parsed.name)
    return Outcome(replace(parsed, problems=(*parsed.problems, Problem(parsed.name, "store_failed"))), REJECTED)


@requires("upload")
def resolve(con: duckdb.DuckDBPyConnection, service_id: int, outcome: Outcome, decision: str,
            imported_by: str | None = None) -> Outcome:
    """Apply the user's choice for a file waiting on a conflict: REPLACE, KEEP (both) or SKIP."""
    if decision == SKIP:
        return Outcome(outcome.parsed, SKIPPED, conflicts=outcome.conflicts)
    return replace(_store_outcome(con, service_id, outcome.parsed, imported_by, mode=decision),
                   conflicts=outcome.conflicts)


_HISTORY = (
    "SELECT id, file_name, kind, imported_at, row_count, imported_by, sha256, is_demo,"
    " (SELECT r.file_name FROM imports r WHERE r.id = imports.replaced_by) FROM imports WHERE service_id = ?"
)


def history(con: duckdb.DuckDBPyConnection, service_id: int) -> list[ImportRecord]:
    with db.reader(con) as cur:
        rows = cur.execute(_HISTORY + " ORDER BY imported_at DESC, id DESC", [service_id]).fetchall()
    return [ImportRecord(*r) for r in rows]
