"""`make backup`: copy the DuckDB file to data/backups/ with a timestamp.

DuckDB locks its file while the app runs; copying a file that is being written could give a broken
backup, so the copy refuses (with a plain message) unless the store can be opened, i.e. the app is
stopped.
"""

from __future__ import annotations

import shutil
import sys
from datetime import datetime
from pathlib import Path

import duckdb

from lib.store import db


class BackupError(Exception):
    pass


def backup(source: Path, target_dir: Path, now: datetime | None = None) -> Path:
    if not source.exists():
        raise BackupError(f"no database at {source}")
    try:
        duckdb.connect(str(source), read_only=True).close()
    except duckdb.Error as exc:
        raise BackupError(f"{source} is in use (stop the app first): {exc}") from None
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{source.stem}-{(now or datetime.now()):%Y%m%d-%H%M%S}{source.suffix}"
    shutil.copy2(source, target)
    return target


def main() -> int:
    source = db.db_path()
    try:
        target = backup(source, source.parent / "backups")
    except BackupError as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    print(f"backup written: {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
