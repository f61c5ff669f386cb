"""Sign-in and roles in lib: hashes, the rate limit, what each role may write — called directly, the way
a page or a crafted request would reach lib — and what a member may read before the consensus stage."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from lib import domain, principal
from lib.access import accounts, config
from lib.access.accounts import AccountError
from lib.intake import imports
from lib.principal import Denied, Principal
from lib.quality import assessments
from lib.store import backup, db, services
from lib.store.services import Profile
from lib.workload import reference, versions
from lib.workload import reference_view as view
from tests.apptest import run_app

D = domain.load()
SLOTS = view.slots(D)


@pytest.fixture
def shared(tmp_path):
    """A shared server's store: two services, an administrator, and one account per role in service A."""
    con = db.connect(tmp_path / "store.duckdb")
    a = services.create_service(con, Profile("A dienests"))
    b = services.create_service(con, Profile("B dienests"))
    ids = {"admin": accounts.create_account(con, "admin", "admin-parole-1", is_admin=True)}
    for role in principal.ROLES:
        ids[role] = accounts.create_account(con, role, f"{role}-parole-1")
        accounts.set_role(con, a, ids[role], role)
    principal.require_sign_in(True)
    yield con, a, b, ids
    principal.require_sign_in(False)
    principal.act_as(None)
    con.close()


def _as(con, account_id: int) -> Principal:
    who = accounts.load_principal(con, account_id)
    principal.act_as(who)
    return who


def test_passwords_are_scrypt_hashes_checked_in_constant_time():
    stored = accounts.hash_password("pareizā-parole")
    assert stored.startswith("scrypt$16384$8$1$") and "pareizā" not in stored
    assert accounts.verify_password("pareizā-parole", stored)
    assert not accounts.verify_password("nepareizā", stored)
    assert not accounts.verify_password("kas-nebūt", None)  # an unknown name costs a hash too
    assert accounts.hash_password("x" * 12) != accounts.hash_password("x" * 12)  # salted


def test_five_failures_lock_the_name_for_the_window(shared):
    con, *_ = shared
    start = datetime(2026, 12, 1, 10, 0)
    for n in range(accounts.MAX_FAILURES):
        assert accounts.sign_in(con, "viewer", "nav-tā", now=start + timedelta(seconds=n)).refused == "wrong"
    locked = accounts.sign_in(con, "viewer", "viewer-parole-1", now=start + timedelta(minutes=1))
    assert (locked.principal, locked.refused, locked.retry_minutes) == (None, "locked", 15)
    later = accounts.sign_in(con, "Viewer ", "viewer-parole-1", now=start + timedelta(minutes=16))
    assert later.principal is not None and later.principal.roles == {shared[1]: "viewer"}


def test_a_disabled_account_cannot_sign_in_and_short_passwords_are_refused(shared):
    con, _a, _b, ids = shared
    _as(con, ids["admin"])
    accounts.set_disabled(con, ids["member"], True)
    assert accounts.sign_in(con, "member", "member-parole-1").refused == "disabled"
    with pytest.raises(AccountError, match="password_short"):
        accounts.create_account(con, "jauns", "īsa")
    with pytest.raises(AccountError, match="exists"):
        accounts.create_account(con, "ADMIN", "vēl-viena-parole")


@pytest.mark.parametrize(("role", "allowed"), [
    ("head", {"upload", "reference", "assessment", "roles", "profile"}),
    ("facilitator", {"reference"}),
    ("member", set()),
    ("viewer", set()),
])
def test_each_role_writes_only_what_it_may_in_its_own_service(shared, role, allowed, tmp_path):
    """Writes called directly in lib, as a crafted request would: the role decides, not the UI."""
    con, a, b, ids = shared
    _as(con, ids[role])
    writes = {
        "upload": lambda sid: imports.delete_import(con, sid, 999),
        "reference": lambda sid: versions.save(con, sid, SLOTS, "V1", "x", reference.national(SLOTS), {}),
        "assessment": lambda sid: assessments.create(con, sid, 2025, "base", "", ["Anna"]),
        "roles": lambda sid: accounts.set_role(con, sid, ids["viewer"], "viewer"),
        "profile": lambda sid: services.update_profile(con, sid, Profile("Jauns nosaukums")),
    }
    for name, write in writes.items():
        if name in allowed:
            write(a)
        else:
            with pytest.raises(Denied):
                write(a)
        with pytest.raises(Denied):  # never in another service (?svc= of a foreign one)
            write(b)
    with pytest.raises(Denied):  # creating services and accounts, backups: the administrator's
        services.create_service(con, Profile("C"))
    with pytest.raises(Denied):
        backup.snapshot(con, tmp_path / "backups")
    with pytest.raises(Denied):
        accounts.create_account(con, "x-y", "pietiekami-gara")


def test_nobody_signed_in_writes_nothing_and_the_laptop_owner_everything(shared):
    con, a, *_ = shared
    principal.act_as(None)
    assert principal.current() is principal.NOBODY
    with pytest.raises(Denied):
        assessments.create(con, a, 2025, "base", "", [])
    principal.require_sign_in(False)  # a laptop: `make run`, nothing configured
    assert principal.current() is principal.OWNER
    assert assessments.create(con, a, 2025, "base", "", ["Anna"]) > 0


def test_the_audit_log_records_who(shared):
    con, a, _b, ids = shared
    _as(con, ids["head"])
    assessments.create(con, a, 2024, "base", "", ["Anna"])
    with db.reader(con) as cur:
        actors = cur.execute("SELECT actor FROM audit_log WHERE service_id = ? AND entity = 'assessment'",
                             [a]).fetchall()
    assert actors == [("head",)]


def test_a_member_scores_only_as_themselves_and_reads_others_after_the_consensus_opens(shared):
    """Members score independently (seed 004 lines 7088-7102); the head links accounts to members."""
    con, a, _b, ids = shared
    _as(con, ids["head"])
    aid = assessments.create(con, a, 2025, "base", "", ["Anna", "Jānis"])
    snap = assessments.load(con, a, aid)
    anna, janis = (m.id for m in snap.members)
    assessments.link_member(con, a, aid, anna, ids["member"])
    assessments.set_individual(con, a, aid, janis, "practice", "1.1.1", 80)  # the head enters a paper form
    member = _as(con, ids["member"])
    assessments.set_individual(con, a, aid, anna, "practice", "1.1.1", 40)
    with pytest.raises(Denied):
        assessments.set_individual(con, a, aid, janis, "practice", "1.1.1", 10)
    seen = assessments.as_seen_by(assessments.load(con, a, aid), member, a)
    assert [m.name for m in assessments.own_members(seen, member, a)] == ["Anna"]
    assert seen.individual == {(anna, "practice", "1.1.1"): 40}  # Jānis's 80 is not theirs to read yet
    _as(con, ids["head"])
    assessments.set_status(con, a, aid, "consensus")
    seen = assessments.as_seen_by(assessments.load(con, a, aid), member, a)
    assert seen.individual[(janis, "practice", "1.1.1")] == 80


@pytest.mark.parametrize(("address", "env", "required"), [
    ("127.0.0.1", {}, False), ("localhost", {}, False), ("", {}, False), ("::1", {}, False),
    ("0.0.0.0", {}, True), ("192.168.1.10", {}, True),
    ("127.0.0.1", {"APP_SIGN_IN": "on"}, True), ("0.0.0.0", {"APP_SIGN_IN": "off"}, False),
])
def test_sign_in_is_required_off_loopback(address, env, required):
    assert config.sign_in_required(address, env) is required


def test_the_laptop_default_opens_without_sign_in(isolated_store):
    at = run_app(page="pages/home.py")
    assert not at.exception and "Pierakstīšanās" not in [x.value for x in at.title]


def test_a_shared_server_shows_the_sign_in_page_then_only_the_users_services(isolated_store, monkeypatch):
    con = db.connect(isolated_store)
    a = services.create_service(con, Profile("A dienests"))
    services.create_service(con, Profile("B dienests"))
    viewer = accounts.create_account(con, "skatitajs", "skatitaja-parole")
    accounts.set_role(con, a, viewer, "viewer")
    con.close()
    monkeypatch.setenv("APP_SIGN_IN", "on")
    try:
        at = run_app()
        assert [x.value for x in at.title] == ["Pierakstīšanās"] and not at.sidebar.selectbox
        at.text_input(key="access_user").input("skatitajs")
        at.text_input(key="access_password").input("nepareiza-parole")
        at.button[0].click().run()
        assert at.error[0].value == "Nepareizs lietotājvārds vai parole."
        at.text_input(key="access_user").input("skatitajs")
        at.text_input(key="access_password").input("skatitaja-parole")
        at.button[0].click().run()
        assert not at.exception
        assert at.sidebar.selectbox(key="svc").options == ["A dienests"]  # B is not theirs to see
        assert "Pierakstījies: skatitajs" in [c.value for c in at.sidebar.caption]
    finally:
        principal.require_sign_in(False)


def test_a_workshop_participant_without_an_account_writes_only_the_group_draft(shared):
    """Participants join by the link, with no account: their group's proposal is theirs to move while
    the workshop is open; the service's own editor draft and closing the workshop are not."""
    from lib.workload import drafts, workshops

    con, a, _b, ids = shared
    _as(con, ids["facilitator"])
    workshop = workshops.create(con, a, "Etalons 2027", "?", [("Vadītāji", "managers"), ("Darbinieki", "workers")],
                                SLOTS)
    editor = drafts.open_draft(con, a, SLOTS, reference.national(SLOTS), {}, "")
    principal.act_as(None)  # nobody signed in: a participant's browser
    group_draft = workshop.groups[0].draft_id
    drafts.set_justification(con, group_draft, SLOTS[0].id, "Vairāk laika izpētei")
    assert drafts.load(con, group_draft).justifications[SLOTS[0].id] == "Vairāk laika izpētei"
    with pytest.raises(Denied):
        drafts.set_justification(con, editor.id, SLOTS[0].id, "x")
    with pytest.raises(Denied):
        workshops.close(con, workshop)
    _as(con, ids["facilitator"])
    workshops.close(con, workshop)
    principal.act_as(None)
    with pytest.raises(Denied):  # a closed workshop's link writes nothing
        drafts.set_justification(con, group_draft, SLOTS[0].id, "vēlāk")
