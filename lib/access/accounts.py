"""Accounts, roles per service and sign-in for a shared server (docs/ACCESS.md).

Local accounts keep a scrypt hash (memory-hard, in the standard library: 16 MiB and ~50 ms per try);
sign-in attempts are recorded and five failures for a name within 15 minutes refuse the next ones
until the window passes. Accounts that sign in through the municipality's identity provider (OpenID
Connect, `st.login`) are matched by e-mail. Creating accounts is the administrator's; giving a role in
a service is the administrator's or that service's head's.

    python -m lib.access.accounts admin NAME   # the first administrator (asks for a password)
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import os
import secrets
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from lib import principal
from lib.principal import ROLES, Principal, requires
from lib.store import db

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # 16 MiB per hash
MAX_FAILURES, WINDOW = 5, timedelta(minutes=15)
PASSWORD_MIN = 10


class AccountError(ValueError):
    """A user-fixable problem; `key` is the catalog message (account.error.<key>)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    email: str | None
    is_admin: bool
    disabled: bool
    has_password: bool


@dataclass(frozen=True)
class SignIn:
    principal: Principal | None
    refused: str | None = None  # "wrong" | "locked" | "disabled"
    retry_minutes: int = 0


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"


def verify_password(password: str, stored: str | None) -> bool:
    """Constant-time check; a missing hash still costs one scrypt (no timing hint that a name exists)."""
    if not stored or not stored.startswith("scrypt$"):
        hash_password(password)
        return False
    _, n, r, p, salt, key = stored.split("$")
    found = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                           dklen=len(base64.b64decode(key)))
    return hmac.compare_digest(found, base64.b64decode(key))


def _clean_name(username: str) -> str:
    name = username.strip().lower()
    if not name or len(name) > 200 or any(c.isspace() for c in name):
        raise AccountError("name")
    return name


def _check_password(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise AccountError("password_short")


@db.retrying
def _create(con: duckdb.DuckDBPyConnection, username: str, password: str | None, email: str | None,
            is_admin: bool) -> int:
    name = _clean_name(username)
    if password is not None:
        _check_password(password)
    with db.unit(con) as cur:
        if cur.execute("SELECT 1 FROM accounts WHERE username = ?", [name]).fetchone():
            raise AccountError("exists")
        (account_id,) = cur.execute(
            "INSERT INTO accounts (username, email, password_hash, is_admin) VALUES (?, ?, ?, ?) RETURNING id",
            [name, (email or "").strip().lower() or None, hash_password(password) if password else None,
             is_admin]).fetchone()
        db.audit(cur, None, "create", "account", account_id, name)
    return int(account_id)


@requires("accounts")
def create_account(con: duckdb.DuckDBPyConnection, username: str, password: str | None = None,
                   email: str | None = None, is_admin: bool = False) -> int:
    """A local account (with a password) or one that signs in through the identity provider (e-mail)."""
    return _create(con, username, password, email, is_admin)


@requires("accounts")
@db.retrying
def set_disabled(con: duckdb.DuckDBPyConnection, account_id: int, disabled: bool) -> None:
    with db.unit(con) as cur:
        cur.execute("UPDATE accounts SET disabled = ? WHERE id = ?", [disabled, account_id])
        db.audit(cur, None, "disable" if disabled else "enable", "account", account_id)


def list_accounts(con: duckdb.DuckDBPyConnection) -> list[Account]:
    with db.reader(con) as cur:
        rows = cur.execute("SELECT id, username, email, is_admin, disabled, password_hash IS NOT NULL FROM accounts"
                           " ORDER BY username").fetchall()
    return [Account(*r) for r in rows]


def any_account(con: duckdb.DuckDBPyConnection) -> bool:
    with db.reader(con) as cur:
        return cur.execute("SELECT count(*) FROM accounts").fetchone()[0] > 0


@requires("roles")
@db.retrying
def set_role(con: duckdb.DuckDBPyConnection, service_id: int, account_id: int, role: str | None) -> None:
    """Give `account_id` a role in the service (None takes it away). A head cannot make an administrator."""
    if role is not None and role not in ROLES:
        raise AccountError("role")
    with db.unit(con) as cur:
        cur.execute("DELETE FROM memberships WHERE account_id = ? AND service_id = ?", [account_id, service_id])
        if role is not None:
            cur.execute("INSERT INTO memberships (account_id, service_id, role) VALUES (?, ?, ?)",
                        [account_id, service_id, role])
        db.audit(cur, service_id, "role", "account", account_id, role or "none")


def service_roles(con: duckdb.DuckDBPyConnection, service_id: int) -> list[tuple[Account, str]]:
    principal.check("roles", service_id)
    with db.reader(con) as cur:
        rows = cur.execute(
            "SELECT a.id, a.username, a.email, a.is_admin, a.disabled, a.password_hash IS NOT NULL, m.role"
            " FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.service_id = ? ORDER BY a.username",
            [service_id]).fetchall()
    return [(Account(*r[:6]), r[6]) for r in rows]


def load_principal(con: duckdb.DuckDBPyConnection, account_id: int) -> Principal | None:
    """The account as it is now (a role taken away or an account disabled counts from the next run)."""
    with db.reader(con) as cur:
        row = cur.execute("SELECT username, is_admin, disabled FROM accounts WHERE id = ?", [account_id]).fetchone()
        if row is None or row[2]:
            return None
        roles = dict(cur.execute("SELECT service_id, role FROM memberships WHERE account_id = ?",
                                 [account_id]).fetchall())
    return Principal(row[0], account_id, bool(row[1]), roles)


def _record(con: duckdb.DuckDBPyConnection, name: str, ok: bool, now: datetime) -> None:
    with db.unit(con) as cur:
        cur.execute("INSERT INTO sign_in_attempts (username, attempted_at, ok) VALUES (?, ?, ?)", [name, now, ok])


def sign_in(con: duckdb.DuckDBPyConnection, username: str, password: str, now: datetime | None = None) -> SignIn:
    """A local sign-in: refused while the name has MAX_FAILURES failures within WINDOW."""
    name = username.strip().lower()
    now = now or datetime.now()
    with db.reader(con) as cur:
        failures = cur.execute("SELECT count(*), min(attempted_at) FROM sign_in_attempts WHERE username = ? AND NOT ok"
                               " AND attempted_at > ?", [name, now - WINDOW]).fetchone()
        row = cur.execute("SELECT id, password_hash, disabled FROM accounts WHERE username = ?", [name]).fetchone()
    if failures[0] >= MAX_FAILURES:
        wait = WINDOW - (now - failures[1])
        return SignIn(None, "locked", max(1, int(wait.total_seconds() // 60) + 1))
    if not verify_password(password, row[1] if row else None):
        _record(con, name, False, now)
        return SignIn(None, "wrong")
    if row[2]:
        return SignIn(None, "disabled")
    _record(con, name, True, now)
    return SignIn(load_principal(con, int(row[0])))


def oidc_principal(con: duckdb.DuckDBPyConnection, email: str | None) -> Principal | None:
    """The account an identity-provider user signs in as: matched by e-mail (or a user name equal to it)."""
    mail = (email or "").strip().lower()
    if not mail:
        return None
    with db.reader(con) as cur:
        row = cur.execute("SELECT id FROM accounts WHERE (email = ? OR username = ?) AND NOT disabled",
                          [mail, mail]).fetchone()
    return load_principal(con, int(row[0])) if row else None


def main(argv: list[str]) -> int:
    """`python -m lib.access.accounts admin NAME`: the first administrator (password from
    APP_ADMIN_PASSWORD or asked; an e-mail as NAME with no password signs in through the identity provider)."""
    if len(argv) != 2 or argv[0] != "admin":
        print("usage: python -m lib.access.accounts admin NAME")
        return 2
    password = os.environ.get("APP_ADMIN_PASSWORD")
    if password is None and "@" not in argv[1]:
        password = getpass.getpass("password (at least 10 characters): ")
    con = db.connect(db.db_path())
    try:
        account_id = _create(con, argv[1], password or None, argv[1] if "@" in argv[1] else None, True)
    except AccountError as exc:
        print(f"not created: {exc.key}")
        return 1
    finally:
        con.close()
    print(f"administrator {argv[1]} created (account {account_id})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
