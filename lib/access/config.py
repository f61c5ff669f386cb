"""Whether this deployment asks for sign-in (docs/ACCESS.md). On a laptop (`make run`, loopback, nothing
configured) it does not; served on the network (`make run ADDRESS=0.0.0.0`) or with APP_SIGN_IN=on it
does, and sessions end after APP_SESSION_MINUTES (default 30) without activity."""

from __future__ import annotations

import ipaddress
import os

LOOPBACK_NAMES = {"", "localhost", "127.0.0.1", "::1"}


def loopback(address: str | None) -> bool:
    name = (address or "").strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def sign_in_required(address: str | None, env: dict[str, str] | None = None) -> bool:
    """APP_SIGN_IN=on/off decides when set; otherwise sign-in is required off loopback."""
    setting = (env if env is not None else os.environ).get("APP_SIGN_IN", "").strip().lower()
    if setting in {"on", "1", "true", "yes"}:
        return True
    if setting in {"off", "0", "false", "no"}:
        return False
    return not loopback(address)


def session_minutes(env: dict[str, str] | None = None) -> float:
    """Minutes without activity before a sign-in ends (fractions allowed: the tests use seconds)."""
    raw = (env if env is not None else os.environ).get("APP_SESSION_MINUTES", "30")
    try:
        value = float(raw)
    except ValueError:
        return 30.0
    return value if value > 0 else 30.0
