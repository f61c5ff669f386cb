"""Who is acting, and what their role lets them do — checked by every write in lib, not only by the UI.

A principal is loaded from the store when the user signs in (lib/access); the UI registers how to find
the browser session's one (`set_resolver`, callbacks and fragments included), and tests or a command
set one explicitly (`act_as`). On a laptop (`make run` on loopback, no sign-in configured) the
process default is the local owner, who may do everything; once sign-in is required (a network
deployment) the default is nobody, so a write reached without a signed-in user is refused.

Roles per service (docs/ACCESS.md): head (everything in the service), facilitator (reference editor,
workshops), member (their own individual scores and form), viewer (read only, no worker-level rows);
an administrator may do everything in every service, plus settings and backups.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

ROLES: tuple[str, ...] = ("head", "facilitator", "member", "viewer")

# permission → roles that hold it in a service (an administrator holds every permission everywhere)
PERMISSIONS: Mapping[str, frozenset[str]] = {
    "view": frozenset(ROLES),
    "worker_rows": frozenset({"head", "facilitator", "member"}),
    "upload": frozenset({"head"}),
    "profile": frozenset({"head"}),
    "reference": frozenset({"head", "facilitator"}),
    "workshop": frozenset({"head", "facilitator"}),
    "assessment": frozenset({"head"}),
    "score": frozenset({"head", "member"}),
    "roles": frozenset({"head"}),
    "trash": frozenset({"head"}),
}
ADMIN_ONLY = frozenset({"services", "backups", "accounts", "store_path"})


class Denied(PermissionError):
    """A write or a page the current principal's role does not allow (shown as a sentence, never a trace)."""

    def __init__(self, permission: str, service_id: int | None):
        super().__init__(f"{permission} in service {service_id}")
        self.permission = permission
        self.service_id = service_id


@dataclass(frozen=True)
class Principal:
    name: str  # what the audit log records: the account's user name or e-mail, "local" on a laptop
    account_id: int | None = None
    is_admin: bool = False
    roles: Mapping[int, str] = field(default_factory=dict)  # service id → role

    def role(self, service_id: int | None) -> str | None:
        return None if service_id is None else self.roles.get(int(service_id))

    def can(self, permission: str, service_id: int | None = None) -> bool:
        if self.is_admin:
            return True
        if permission in ADMIN_ONLY:
            return False
        return self.role(service_id) in PERMISSIONS.get(permission, frozenset())

    def sees(self, service_id: int) -> bool:
        return self.can("view", service_id)


OWNER = Principal("local", is_admin=True)  # the laptop default: one user, everything
NOBODY = Principal("anonymous")  # sign-in required and nobody signed in
SYSTEM = Principal("system", is_admin=True)  # the app's own backup watcher

_default: list[Principal] = [OWNER]
_current: ContextVar[Principal | None] = ContextVar("principal", default=None)
_resolvers: list[Callable[[], Principal | None]] = []


def require_sign_in(required: bool) -> None:
    """Set once at start: with sign-in required, a run without a signed-in user acts as nobody."""
    _default[0] = NOBODY if required else OWNER


def sign_in_required() -> bool:
    return _default[0] is NOBODY


def current() -> Principal:
    """The principal set for this context (a test, a command), else the one the UI resolves for the
    browser session being served (its callbacks run before the page), else the process default."""
    found = _current.get()
    if found is None and _resolvers:
        found = _resolvers[0]()
    return found or _default[0]


def act_as(principal: Principal | None) -> None:
    """Act as `principal` in this context (None: resolve as usual)."""
    _current.set(principal)


def set_resolver(resolve: Callable[[], Principal | None]) -> None:
    """The UI's way to say who the current browser session is (lib itself knows no sessions)."""
    _resolvers[:] = [resolve]


def check(permission: str, service_id: int | None = None) -> None:
    if not current().can(permission, service_id):
        raise Denied(permission, service_id)


P = ParamSpec("P")
T = TypeVar("T")


def requires(permission: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """A write guarded by `permission` in the service its `service_id` argument names."""

    def wrap(fn: Callable[P, T]) -> Callable[P, T]:
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> T:
            bound = signature.bind_partial(*args, **kwargs)
            check(permission, bound.arguments.get("service_id"))
            return fn(*args, **kwargs)

        return guarded

    return wrap
