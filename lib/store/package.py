"""One service's data as a package: a DuckDB file with this app's schema holding only that service's
rows, to move a service to another deployment (or keep it apart).

Every id in the store comes from one sequence, so ids of another deployment collide with ours. An
import shifts every id in the package by one offset above this store's ids (ids, the columns that
point at them, audit entity ids, and the "C<id>" names of the service's own indicator groups), then
inserts it all in one transaction: the package arrives whole or not at all.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from lib.principal import requires
from lib.store import db
from lib.store.backup import BackupError, advance_sequence, prepared_copy
from lib.store.services import SERVICE_TABLES

NOT_PACKED = ("trash", "memberships")  # what was deleted stays behind; accounts are the deployment's own
ID_COLUMNS = ("id", "service_id", "import_id", "worker_id", "form_id", "created_by_import", "version_id",
              "assessment_id", "member_id", "indicator_id", "copied_from", "replaced_by", "entity_id", "draft_id",
              "workshop_id", "workshop_group_id")
GROUP_ID_COLUMNS = {"indicators": "group_id", "individual_scores": "item_id", "agreed_scores": "item_id"}


class PackageError(BackupError):
    """A package that cannot be imported (not one, or not exactly one service)."""


@requires("profile")
def export_service(con: duckdb.DuckDBPyConnection, service_id: int) -> bytes:
    """The service's rows, as the bytes of a DuckDB file."""
    with tempfile.TemporaryDirectory() as work:
        target = Path(work) / "service.duckdb"
        db.connect(target).close()  # the schema, by the same migrations
        with db.attached(con, target) as (cur, alias):
            cur.execute("BEGIN TRANSACTION")
            cur.execute(f"INSERT INTO {alias}.services SELECT * FROM services WHERE id = ?", [service_id])  # noqa: S608 generated alias
            for table in SERVICE_TABLES:
                if table not in NOT_PACKED:
                    cur.execute(f'INSERT INTO {alias}."{table}" BY NAME SELECT * FROM "{table}"'  # noqa: S608 names
                                " WHERE service_id = ?", [service_id])
            cur.execute("COMMIT")
        return target.read_bytes()


def _shifted(cur: duckdb.DuckDBPyConnection, alias: str, table: str, offset: int) -> str:
    """SELECT list of `table` in the package with every id moved up by `offset`."""
    columns = [r[0] for r in cur.execute("SELECT column_name FROM duckdb_columns() WHERE database_name = ?"
                                         " AND table_name = ? ORDER BY column_index", [alias, table]).fetchall()]
    parts = []
    for c in columns:
        if c in ID_COLUMNS:
            parts.append(f'"{c}" + {offset} AS "{c}"')
        elif GROUP_ID_COLUMNS.get(table) == c:
            parts.append(f"CASE WHEN regexp_matches(\"{c}\", '^C[0-9]+$')"
                         f" THEN 'C' || (CAST(substr(\"{c}\", 2) AS BIGINT) + {offset}) ELSE \"{c}\" END AS \"{c}\"")
        else:
            parts.append(f'"{c}"')
    return ", ".join(parts)


@requires("services")
def import_service(con: duckdb.DuckDBPyConnection, data: bytes, actor: str | None = None) -> int:
    """Add a packaged service to this store under new ids; returns its new id."""
    with tempfile.TemporaryDirectory() as work:
        raw = Path(work) / "package.duckdb"
        raw.write_bytes(data)
        try:
            prepared = prepared_copy(raw, Path(work))
        except BackupError as exc:
            raise PackageError(str(exc)) from None
        try:
            with db.attached(con, prepared, read_only=True) as (cur, alias):
                services = cur.execute(f"SELECT id FROM {alias}.services").fetchall()  # noqa: S608 generated alias
                if len(services) != 1:
                    raise PackageError(f"a service package holds exactly one service, this one {len(services)}")
                with db.unit(con) as tx:
                    with_id = [r[0] for r in tx.execute("SELECT table_name FROM duckdb_columns() WHERE"
                                                        " database_name = ? AND column_name = 'id'",
                                                        [alias]).fetchall()]
                    low = min(tx.execute(f'SELECT coalesce(min(id), 1) FROM {alias}."{t}"').fetchone()[0]  # noqa: S608
                              for t in with_id)
                    top = tx.execute("SELECT nextval('seq_id')").fetchone()[0]
                    offset = top - low + 1
                    for table in ("services", *SERVICE_TABLES):
                        if table in NOT_PACKED:
                            continue
                        shifted = _shifted(tx, alias, table, offset)
                        tx.execute(f'INSERT INTO "{table}" BY NAME SELECT {shifted} FROM {alias}."{table}"')  # noqa: S608
                    advance_sequence(tx)
                    new_id = services[0][0] + offset
                    # an account id means nothing on another deployment: members score as nobody until linked
                    tx.execute("UPDATE assessment_members SET account_id = NULL WHERE service_id = ?", [new_id])
                    db.audit(tx, new_id, "import", "service", new_id, None, actor)
        except duckdb.Error as exc:
            raise PackageError(f"the package could not be imported ({exc.__class__.__name__}); nothing was added"
                               ) from None
    return int(new_id)
