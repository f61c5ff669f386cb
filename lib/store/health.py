"""Is the store usable? Opening it checks that it opens, is not held by another process, can be read
and written, and has a schema this code knows; and a store that existed is never silently replaced
by a new empty one. Each problem has a kind the app explains in the user's language (store.problem.*).

"Existed" is remembered outside the data folder (`APP_STATE_DIR`, default ~/.local/state/slodze): a
data folder deleted or a disk not mounted must not look like a first start.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import duckdb

from lib.store import db

KINDS = ("locked", "no_permission", "damaged", "newer_schema", "missing", "removed")


class StoreProblem(Exception):
    """Why the store cannot be used (`kind` in KINDS) and where it is."""

    def __init__(self, kind: str, path: Path):
        super().__init__(kind)
        self.kind = kind
        self.path = path


def state_dir() -> Path:
    return Path(os.environ.get("APP_STATE_DIR") or Path.home() / ".local" / "state" / "slodze")


def _known_file() -> Path:
    return state_dir() / "stores.txt"


def known_stores() -> set[str]:
    try:
        return set(_known_file().read_text(encoding="utf-8").splitlines())
    except OSError:
        return set()


def remember(path: Path) -> None:
    """Note that a store lives at `path` (best effort: a read-only home only loses this safeguard)."""
    where = str(Path(path).resolve())
    if where in known_stores():
        return
    try:
        _known_file().parent.mkdir(parents=True, exist_ok=True)
        with _known_file().open("a", encoding="utf-8") as f:
            f.write(where + "\n")
    except OSError:
        pass


def forget(path: Path) -> None:
    """The user chose to start a new empty store where one was (after reading why it is gone)."""
    where = str(Path(path).resolve())
    keep = sorted(known_stores() - {where})
    with contextlib.suppress(OSError):
        _known_file().write_text("".join(f"{k}\n" for k in keep), encoding="utf-8")


def classify(exc: BaseException) -> str:
    """The kind of problem behind an exception DuckDB raised while opening or reading a store."""
    text = str(exc).lower()
    if "could not set lock" in text or "conflicting lock" in text:
        return "locked"
    if "permission denied" in text or "read-only file system" in text or "readonly" in text:
        return "no_permission"
    return "damaged"


def open_checked(path: Path | str) -> duckdb.DuckDBPyConnection:
    """Open the store for the app (raises StoreProblem): refuse to create one where a store was,
    migrate, read every table once and write one audit row ("the app opened the store")."""
    path = Path(path)
    if not path.exists() and str(path.resolve()) in known_stores():
        raise StoreProblem("missing", path)
    try:
        con = db.connect(path)
    except duckdb.Error as exc:
        raise StoreProblem(classify(exc), path) from exc
    except OSError as exc:
        raise StoreProblem("no_permission", path) from exc
    try:
        if db.schema_version(con) > len(db.MIGRATIONS):
            raise StoreProblem("newer_schema", path)
        with db.reader(con) as cur:
            tables = [r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
            for table in tables:  # every block is read once, so a checksum error shows now
                cur.execute(f'SELECT sum(hash(t)) FROM "{table}" t').fetchall()  # noqa: S608 catalog names
        with db.unit(con) as cur:  # a store that opens but cannot be written fails here, not mid-upload
            db.audit(cur, None, "open", "store")
    except StoreProblem:
        con.close()
        raise
    except duckdb.Error as exc:
        con.close()
        raise StoreProblem(classify(exc), path) from exc
    remember(path)
    return con


def still_there(path: Path | str) -> None:
    """Raise StoreProblem("removed") when the file was deleted under the running app (DuckDB would go
    on writing to the deleted file, and every upload would be lost at the next restart)."""
    if not Path(path).exists():
        raise StoreProblem("removed", Path(path))
