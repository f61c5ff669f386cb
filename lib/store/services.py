"""Social services (one deployment may host several) and their profile.

Every row a service owns carries its `service_id`; every query here is scoped by it, so services
sharing a deployment never see each other's data.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

import duckdb

from lib import principal
from lib.principal import requires
from lib.store import db, trash

TERRITORY_TYPES: tuple[str, ...] = ("city", "rural", "mixed")


@dataclass(frozen=True)
class Profile:
    name: str
    municipality: str = ""
    inhabitants: int | None = None
    territory_type: str | None = None


@dataclass(frozen=True)
class Service:
    id: int
    profile: Profile
    is_demo: bool


@dataclass(frozen=True)
class DataStatus:
    workers: int
    imports: int
    last_import: datetime | None
    references: int = 0
    assessments: int = 0


class ProfileError(ValueError):
    """A profile field the user must fix; `field` names it, `key` is the catalog message."""

    def __init__(self, field: str, key: str):
        super().__init__(f"{field}: {key}")
        self.field = field
        self.key = key


def validate_profile(profile: Profile) -> Profile:
    """Trimmed copy of `profile`, or ProfileError for the first field that is wrong."""
    name = profile.name.strip()
    if not name:
        raise ProfileError("name", "profile.error.name_required")
    if profile.inhabitants is not None and profile.inhabitants < 0:
        raise ProfileError("inhabitants", "profile.error.inhabitants_negative")
    if profile.territory_type is not None and profile.territory_type not in TERRITORY_TYPES:
        raise ProfileError("territory_type", "profile.error.territory_unknown")
    return Profile(name, profile.municipality.strip(), profile.inhabitants, profile.territory_type)


def _row_to_service(row: tuple) -> Service:
    return Service(id=row[0], profile=Profile(row[1], row[2] or "", row[3], row[4]), is_demo=row[5])


_SELECT = "SELECT id, name, municipality, inhabitants, territory_type, is_demo FROM services"


def list_services(con: duckdb.DuckDBPyConnection) -> list[Service]:
    with db.reader(con) as cur:
        rows = cur.execute(_SELECT + " ORDER BY is_demo, name, id").fetchall()
    return [_row_to_service(r) for r in rows]


def visible_services(con: duckdb.DuckDBPyConnection) -> list[Service]:
    """The services the current user has a role in (every one for an administrator or on a laptop)."""
    me = principal.current()
    return [s for s in list_services(con) if me.sees(s.id)]


def get_service(con: duckdb.DuckDBPyConnection, service_id: int) -> Service | None:
    with db.reader(con) as cur:
        row = cur.execute(_SELECT + " WHERE id = ?", [service_id]).fetchone()
    return _row_to_service(row) if row else None


def insert_service(cur: duckdb.DuckDBPyConnection, profile: Profile, *, is_demo: bool = False) -> int:
    """Insert inside the caller's unit of work (so a larger write can include it)."""
    profile = validate_profile(profile)
    (service_id,) = cur.execute(
        "INSERT INTO services (name, municipality, inhabitants, territory_type, is_demo)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id",
        [profile.name, profile.municipality, profile.inhabitants, profile.territory_type, is_demo],
    ).fetchone()
    db.audit(cur, service_id, "create", "service", service_id, json.dumps(asdict(profile), ensure_ascii=False))
    return int(service_id)


@requires("services")
@db.retrying
def create_service(con: duckdb.DuckDBPyConnection, profile: Profile) -> int:
    with db.unit(con) as cur:
        return insert_service(cur, profile)


@requires("profile")
@db.retrying
def update_profile(con: duckdb.DuckDBPyConnection, service_id: int, profile: Profile) -> bool:
    """Store the profile; returns False when nothing changed (no write, no audit entry)."""
    profile = validate_profile(profile)
    current = get_service(con, service_id)
    if current is None:
        raise KeyError(service_id)
    if current.is_demo:
        raise ProfileError("name", "profile.error.demo")
    if current.profile == profile:
        return False
    changed = {k: v for k, v in asdict(profile).items() if asdict(current.profile)[k] != v}
    with db.unit(con) as cur:
        cur.execute(
            "UPDATE services SET name = ?, municipality = ?, inhabitants = ?, territory_type = ?,"
            " updated_at = current_localtimestamp() WHERE id = ?",
            [profile.name, profile.municipality, profile.inhabitants, profile.territory_type, service_id],
        )
        db.audit(cur, service_id, "update", "service", service_id, json.dumps(changed, ensure_ascii=False))
    return True


def data_status(con: duckdb.DuckDBPyConnection, service_id: int) -> DataStatus:
    with db.reader(con) as cur:
        workers = cur.execute("SELECT count(*) FROM workers WHERE service_id = ?", [service_id]).fetchone()[0]
        imports, last = cur.execute(
            "SELECT count(*), max(imported_at) FROM imports WHERE service_id = ?", [service_id]
        ).fetchone()
        references = cur.execute("SELECT count(*) FROM reference_versions WHERE service_id = ?",
                                 [service_id]).fetchone()[0]
        assessments = cur.execute("SELECT count(*) FROM assessments WHERE service_id = ?", [service_id]).fetchone()[0]
    return DataStatus(workers=int(workers), imports=int(imports), last_import=last, references=int(references),
                      assessments=int(assessments))


@requires("profile")
@db.retrying
def set_demo(con: duckdb.DuckDBPyConnection, service_id: int, is_demo: bool) -> None:
    with db.unit(con) as cur:
        cur.execute("UPDATE services SET is_demo = ? WHERE id = ?", [is_demo, service_id])
        db.audit(cur, service_id, "demo" if is_demo else "not_demo", "service", service_id)


# Tables whose rows belong to a service; a migration that adds one must list it here.
SERVICE_TABLES: tuple[str, ...] = (
    "workload_entries", "workload_forms", "caseload_counts", "workers", "imports", "reference_values",
    "reference_versions", "reference_activations", "reference_drafts", "reference_draft_slots",
    "reference_draft_steps", "workshops", "workshop_groups", "workshop_rounds", "workshop_focus", "assessments",
    "assessment_members", "practice_decisions",
    "custom_practices", "individual_scores", "member_comments", "agreed_scores", "evidence", "indicator_groups",
    "indicators",
    "indicator_values", "plan_items", "plan_checks", "trash", "audit_log", "memberships",
)


@requires("services")
@db.retrying
def delete_service(con: duckdb.DuckDBPyConnection, service_id: int, actor: str | None = None, *,
                   to_trash: bool = True) -> int | None:
    """Remove a service and every row it owns in one transaction: into the trash as one entry (its
    id is returned), or for good (`to_trash=False`: the DEMO service, which can be loaded again)."""
    with db.unit(con) as cur:
        row = cur.execute("SELECT name FROM services WHERE id = ?", [service_id]).fetchone()
        if row is None:
            return None
        parts = [(table, "service_id = ?", [service_id]) for table in SERVICE_TABLES]
        parts.append(("services", "id = ?", [service_id]))
        if to_trash:
            return trash.discard(cur, service_id, "service", row[0], parts, actor)
        for table, where, params in parts:
            cur.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608 constant names
        db.audit(cur, None, "delete", "service", service_id)
    return None
