"""The one owner of the DuckDB store: path, connection, migrations and units of work.

The schema is the ordered SQL files in `migrations/`, applied once each and recorded in `schema_version`.

DuckDB allows one writer process per file, and Streamlit runs every session in its own thread, so
the app keeps ONE connection per process (cached by `lib.ui.session`) and every unit of work takes its
own cursor inside a transaction: a failed import or save rolls back and leaves nothing half-written.
"""

from __future__ import annotations

import functools
import os
import random
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NamedTuple, ParamSpec, TypeVar

import duckdb
import pyarrow as pa

from lib import principal

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = ROOT / "data" / "app.duckdb"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
P = ParamSpec("P")
T = TypeVar("T")


class Migration(NamedTuple):
    version: int
    description: str
    sql: str


def read_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The ordered SQL files `NNN_name.sql`; the first line `-- text` describes it. Never edit a landed
    file: append a new one. Versions must run 1, 2, 3… without gaps, so a lost file cannot go unnoticed."""
    found = []
    for path in sorted(directory.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        first = sql.split("\n", 1)[0]
        found.append(Migration(int(path.name.split("_", 1)[0]), first.removeprefix("--").strip(), sql))
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations in {directory} are not numbered 1..{len(found)}: {[m.version for m in found]}")
    return found


MIGRATIONS: list[Migration] = read_migrations()


def db_path() -> Path:
    """`APP_DB_PATH` wins (tests, benchmarks, a second deployment); else data/app.duckdb."""
    return Path(os.environ.get("APP_DB_PATH") or DEFAULT_DB_PATH)


def connect(path: Path | str) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the store at `path` and bring its schema up to date."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    migrate(con)
    return con


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    cur = con.cursor()
    try:
        row = cur.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    finally:
        cur.close()
    return int(row[0])


def migrate(con: duckdb.DuckDBPyConnection, migrations: list[Migration] | None = None) -> list[int]:
    """Apply the migrations (default: the SQL files) the store has not seen yet, each in its own transaction."""
    cur = con.cursor()
    try:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, description VARCHAR NOT NULL,"
            " applied_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp())"
        )
    finally:
        cur.close()
    done = schema_version(con)
    applied = []
    for version, description, sql in MIGRATIONS if migrations is None else migrations:
        if version <= done:
            continue
        with unit(con) as cur:
            cur.execute(sql)
            cur.execute(
                "INSERT INTO schema_version (version, description) VALUES (?, ?)", [version, description]
            )
        applied.append(version)
    return applied


@contextmanager
def unit(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One unit of work: its own cursor, one transaction, rolled back on any exception.

    A COMMIT that fails has already rolled back; the rollback here then has nothing to undo, and its
    own error must not hide the real cause."""
    cur = con.cursor()
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
        cur.execute("COMMIT")
    except BaseException:
        with suppress(duckdb.Error):
            cur.execute("ROLLBACK")
        raise
    finally:
        cur.close()


class StoreBusy(Exception):
    """A write still conflicted with other users' writes after every retry; nothing was stored."""


CONFLICT_RETRIES = 8
_CONFLICTS = ("conflict", "constraint violation")  # a constraint met at COMMIT is another writer's race


def is_conflict(exc: BaseException) -> bool:
    """DuckDB's optimistic concurrency: two transactions wrote the same row (or the same unique key)."""
    return isinstance(exc, duckdb.TransactionException) and any(w in str(exc).lower() for w in _CONFLICTS)


def retrying(work: Callable[P, T], races: tuple[type[duckdb.Error], ...] = ()) -> Callable[P, T]:
    """Rerun a write that does exactly ONE unit of work when it conflicts with another user's write.

    Each attempt reads again inside its own transaction, so the retry decides on what is stored now.
    `races` are further errors that mean, for this work, that another writer got there first (a unique
    key committed after this attempt read the table); the work must then find it on its next read.
    The wait grows with each attempt (with jitter, so two writers do not collide again in step);
    after the last attempt the caller gets StoreBusy, never DuckDB's text."""

    @functools.wraps(work)
    def attempt(*args: P.args, **kwargs: P.kwargs) -> T:
        for n in range(CONFLICT_RETRIES):
            try:
                return work(*args, **kwargs)
            except duckdb.TransactionException as exc:
                if not is_conflict(exc):
                    raise
            except races:
                pass
            time.sleep(min(0.5, 0.005 * 2**n) * (0.5 + random.random()))
        raise StoreBusy(work.__name__)

    return attempt


@contextmanager
def attached(con: duckdb.DuckDBPyConnection, path: Path | str, *, read_only: bool = False
             ) -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
    """Another DuckDB file attached to the store under a fresh alias (a backup, a service package),
    with a cursor to copy between the two. A written file is checkpointed before it is detached, so
    whoever reads it next finds everything in the file itself."""
    alias = f"att_{uuid.uuid4().hex[:12]}"
    cur = con.cursor()
    try:
        cur.execute(f"ATTACH ? AS {alias}{' (READ_ONLY)' if read_only else ''}", [str(path)])
        try:
            yield cur, alias
            if not read_only:
                cur.execute(f"CHECKPOINT {alias}")
        finally:
            cur.execute(f"DETACH {alias}")
    finally:
        cur.close()


@contextmanager
def reader(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor for reads only (no transaction needed: DuckDB reads see committed data)."""
    cur = con.cursor()
    try:
        yield cur
    finally:
        cur.close()


SMALL_INSERT = 4  # up to this many rows one VALUES statement is cheapest; above, an Arrow table


def insert(cur: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], rows: list[tuple],
           returning: tuple[str, ...] = ()) -> list[tuple]:
    """Insert rows in one statement and return the `returning` columns, in row order.

    A few rows go in as parameters; more go through an Arrow table that DuckDB scans without
    copying, so a thousand rows cost one statement, not a thousand (and no SQL text grows with data).
    """
    if not rows:
        return []
    names = ", ".join(columns)
    tail = f" RETURNING {', '.join(returning)}" if returning else ""
    if len(rows) <= SMALL_INSERT:
        values = ", ".join(["(" + ", ".join("?" * len(columns)) + ")"] * len(rows))
        result = cur.execute(f"INSERT INTO {table} ({names}) VALUES {values}{tail}",  # noqa: S608 constant names
                             [v for row in rows for v in row])
    else:
        incoming = pa.Table.from_arrays([pa.array(col) for col in zip(*rows, strict=True)], names=list(columns))  # noqa: F841
        result = cur.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming{tail}")  # noqa: S608
    return result.fetchall() if returning else []


def audit(
    cur: duckdb.DuckDBPyConnection,
    service_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    detail: str | None = None,
    actor: str | None = None,
) -> None:
    """Append to the audit log inside the caller's transaction (so it commits or rolls back with it);
    the actor is the signed-in user of this run unless the caller names one."""
    audit_each(cur, service_id, action, entity, [(entity_id, detail)], actor)


def audit_each(cur: duckdb.DuckDBPyConnection, service_id: int | None, action: str, entity: str,
               items: list[tuple[int | None, str | None]], actor: str | None = None) -> None:
    """One audit entry per (entity id, detail), in one statement (a batch of imports)."""
    who = actor if actor is not None else principal.current().name
    insert(cur, "audit_log", ("service_id", "actor", "action", "entity", "entity_id", "detail"),
           [(service_id, who, action, entity, entity_id, detail) for entity_id, detail in items])
