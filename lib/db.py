"""The one owner of the DuckDB store: path, connection, migrations and units of work.

DuckDB allows one writer process per file, and Streamlit runs every session in its own thread, so
the app keeps ONE connection per process (cached by `lib.session`) and every unit of work takes its
own cursor inside a transaction: a failed import or save rolls back and leaves nothing half-written.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = ROOT / "data" / "app.duckdb"

# Ordered migrations: (version, description, statements). Never edit a landed one; append.
MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "services, workers, imports, audit log",
        [
            "CREATE SEQUENCE seq_id START 1",
            """CREATE TABLE services (
                id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
                name VARCHAR NOT NULL,
                municipality VARCHAR,
                inhabitants INTEGER,
                territory_type VARCHAR,
                is_demo BOOLEAN NOT NULL DEFAULT FALSE,
                created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
                updated_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
            )""",
            """CREATE TABLE workers (
                id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
                service_id BIGINT NOT NULL,
                code VARCHAR NOT NULL,
                name VARCHAR,
                position VARCHAR,
                specialisation VARCHAR,
                territory VARCHAR,
                fte DOUBLE,
                social_work_share DOUBLE,
                is_demo BOOLEAN NOT NULL DEFAULT FALSE,
                created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
                UNIQUE (service_id, code)
            )""",
            """CREATE TABLE imports (
                id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
                service_id BIGINT NOT NULL,
                sha256 VARCHAR NOT NULL,
                file_name VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                imported_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
                row_count INTEGER NOT NULL,
                imported_by VARCHAR,
                is_demo BOOLEAN NOT NULL DEFAULT FALSE,
                UNIQUE (service_id, sha256)
            )""",
            """CREATE TABLE audit_log (
                id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
                service_id BIGINT,
                logged_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
                actor VARCHAR,
                action VARCHAR NOT NULL,
                entity VARCHAR NOT NULL,
                entity_id BIGINT,
                detail VARCHAR
            )""",
        ],
    ),
    (
        2,
        "workload forms and entries, caseload counts",
        [
            "ALTER TABLE workers ADD COLUMN created_by_import BIGINT",
            """CREATE TABLE workload_forms (
                id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
                service_id BIGINT NOT NULL,
                import_id BIGINT NOT NULL,
                worker_id BIGINT NOT NULL,
                worker_code VARCHAR NOT NULL,
                period_start DATE NOT NULL,
                period_end DATE NOT NULL,
                position VARCHAR,
                specialisation VARCHAR,
                territory VARCHAR,
                fte DOUBLE NOT NULL,
                social_work_share DOUBLE NOT NULL,
                total_month_hours DOUBLE NOT NULL
            )""",
            """CREATE TABLE workload_entries (
                id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
                service_id BIGINT NOT NULL,
                import_id BIGINT NOT NULL,
                form_id BIGINT NOT NULL,
                function_id VARCHAR NOT NULL,
                hours DOUBLE,
                unit VARCHAR,
                month_hours DOUBLE,
                hours_raw VARCHAR,
                unit_raw VARCHAR,
                result_indicator VARCHAR,
                result_count DOUBLE,
                crisis_clients DOUBLE,
                other_parties VARCHAR,
                comment VARCHAR,
                source_sheet VARCHAR,
                source_row INTEGER
            )""",
            """CREATE TABLE caseload_counts (
                id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
                service_id BIGINT NOT NULL,
                import_id BIGINT NOT NULL,
                worker_id BIGINT NOT NULL,
                worker_code VARCHAR NOT NULL,
                count_date DATE NOT NULL,
                active INTEGER,
                in_assessment INTEGER,
                inactive INTEGER,
                social_service INTEGER,
                children_under_12 INTEGER,
                crisis INTEGER,
                fte DOUBLE NOT NULL,
                experience_months INTEGER,
                position VARCHAR,
                territory VARCHAR,
                raw VARCHAR,
                source_sheet VARCHAR,
                source_row INTEGER
            )""",
            "CREATE INDEX workload_forms_service ON workload_forms (service_id, worker_code)",
            "CREATE INDEX workload_entries_form ON workload_entries (form_id)",
        ],
    ),
    (
        3,
        "service reference versions",
        [
            """CREATE TABLE reference_versions (
                id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
                service_id BIGINT NOT NULL,
                name VARCHAR NOT NULL,
                author VARCHAR,
                created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
                is_active BOOLEAN NOT NULL DEFAULT FALSE
            )""",
            """CREATE TABLE reference_values (
                version_id BIGINT NOT NULL,
                service_id BIGINT NOT NULL,
                slot_id VARCHAR NOT NULL,
                pct DOUBLE NOT NULL,
                justification VARCHAR,
                PRIMARY KEY (version_id, slot_id)
            )""",
        ],
    ),
    (
        4,
        "self-assessments: members, scores, evidence, indicators, improvement plan",
        [
            """CREATE TABLE assessments (
                id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
                service_id BIGINT NOT NULL,
                year INTEGER NOT NULL,
                standard VARCHAR NOT NULL,
                status VARCHAR NOT NULL,
                title VARCHAR,
                copied_from BIGINT,
                created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
                updated_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
            )""",
            """CREATE TABLE assessment_members (
                id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
                service_id BIGINT NOT NULL,
                assessment_id BIGINT NOT NULL,
                name VARCHAR NOT NULL,
                UNIQUE (assessment_id, name)
            )""",
            """CREATE TABLE practice_decisions (
                service_id BIGINT NOT NULL,
                practice_id VARCHAR NOT NULL,
                decision VARCHAR NOT NULL,
                PRIMARY KEY (service_id, practice_id)
            )""",
            """CREATE TABLE custom_practices (
                service_id BIGINT NOT NULL,
                code VARCHAR NOT NULL,
                subcriterion_id VARCHAR NOT NULL,
                text VARCHAR NOT NULL,
                PRIMARY KEY (service_id, code)
            )""",
            """CREATE TABLE individual_scores (
                service_id BIGINT NOT NULL,
                assessment_id BIGINT NOT NULL,
                member_id BIGINT NOT NULL,
                kind VARCHAR NOT NULL,
                item_id VARCHAR NOT NULL,
                score INTEGER NOT NULL,
                PRIMARY KEY (assessment_id, member_id, kind, item_id)
            )""",
            """CREATE TABLE agreed_scores (
                service_id BIGINT NOT NULL,
                assessment_id BIGINT NOT NULL,
                kind VARCHAR NOT NULL,
                item_id VARCHAR NOT NULL,
                score INTEGER NOT NULL,
                rationale VARCHAR,
                strengths VARCHAR,
                improvements VARCHAR,
                PRIMARY KEY (assessment_id, kind, item_id)
            )""",
            """CREATE TABLE evidence (
                id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
                service_id BIGINT NOT NULL,
                assessment_id BIGINT NOT NULL,
                practice_id VARCHAR NOT NULL,
                text VARCHAR NOT NULL,
                link VARCHAR
            )""",
            """CREATE TABLE indicator_groups (
                id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
                service_id BIGINT NOT NULL,
                assessment_id BIGINT NOT NULL,
                subcriterion_id VARCHAR NOT NULL,
                name VARCHAR NOT NULL
            )""",
            """CREATE TABLE indicators (
                id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
                service_id BIGINT NOT NULL,
                assessment_id BIGINT NOT NULL,
                group_id VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                unit VARCHAR,
                target DOUBLE
            )""",
            """CREATE TABLE indicator_values (
                service_id BIGINT NOT NULL,
                indicator_id BIGINT NOT NULL,
                year INTEGER NOT NULL,
                value DOUBLE NOT NULL,
                PRIMARY KEY (indicator_id, year)
            )""",
            """CREATE TABLE plan_items (
                id BIGINT PRIMARY KEY DEFAULT nextval('seq_id'),
                service_id BIGINT NOT NULL,
                assessment_id BIGINT NOT NULL,
                priority VARCHAR NOT NULL,
                goal VARCHAR,
                expected_results VARCHAR,
                indicators VARCHAR,
                measures VARCHAR,
                responsible VARCHAR,
                deadline DATE,
                resources VARCHAR,
                is_change BOOLEAN NOT NULL DEFAULT FALSE,
                status VARCHAR NOT NULL,
                source VARCHAR
            )""",
            """CREATE TABLE plan_checks (
                service_id BIGINT NOT NULL,
                assessment_id BIGINT NOT NULL,
                list VARCHAR NOT NULL,
                idx INTEGER NOT NULL,
                PRIMARY KEY (assessment_id, list, idx)
            )""",
        ],
    ),
]


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


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations the store has not seen yet, each in its own transaction."""
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
    for version, description, statements in MIGRATIONS:
        if version <= done:
            continue
        with unit(con) as cur:
            for sql in statements:
                cur.execute(sql)
            cur.execute(
                "INSERT INTO schema_version (version, description) VALUES (?, ?)", [version, description]
            )
        applied.append(version)
    return applied


@contextmanager
def unit(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One unit of work: its own cursor, one transaction, rolled back on any exception."""
    cur = con.cursor()
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
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
    """Append to the audit log inside the caller's transaction (so it commits or rolls back with it)."""
    cur.execute(
        "INSERT INTO audit_log (service_id, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
        [service_id, actor, action, entity, entity_id, detail],
    )
