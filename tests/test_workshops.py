"""Co-creation workshops (lib/workload/workshops.py, pages/workshops.py, pages/join.py): groups with
their own drafts, rounds, the median with the cap, justifications carried over, the version that
names its workshop, a closed link that stops working, and a participant who sees nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from lib import domain
from lib.store import db, package, services
from lib.store.services import Profile, create_service
from lib.workload import drafts, reference, versions, workshops
from lib.workload import reference_view as view
from lib.workload import workshop_view as wview
from tests.apptest import shown_pct, slide, visible_texts
from tests.conftest import APP

D = domain.load()
SLOTS = view.slots(D)
NATIONAL = reference.national(SLOTS)
ORDER = reference.reduce_first_order(D, SLOTS)
GROUPS = [("Vadītāji", "managers"), ("Sociālie darbinieki", "workers"), ("Ģimenes", "other")]


def _workshop(con, sid=None) -> workshops.Workshop:
    sid = sid or create_service(con, Profile("Talsu dienests"))
    return workshops.create(con, sid, "Etalons 2027", "Kurām funkcijām vairāk laika?", GROUPS, SLOTS)


def test_a_workshop_has_a_draft_per_group_at_the_national_reference(con):
    w = _workshop(con)
    assert [g.name for g in w.groups] == [n for n, _ in GROUPS] and w.round == 1 and w.is_open
    assert len({g.draft_id for g in w.groups}) == 3
    assert all(p.values == NATIONAL for p in workshops.proposals(con, w).values())
    assert workshops.by_token(con, w.token) == w
    drafts.move(con, w.groups[0].draft_id, "home_visits", 8.0, ORDER)
    proposed = workshops.proposals(con, w)
    assert proposed[w.groups[0].id].values["home_visits"] == 8.0
    assert proposed[w.groups[1].id].values == NATIONAL  # each group its own draft


@pytest.mark.parametrize(("title", "groups", "key"), [
    ("", GROUPS, "title_required"),
    ("T", [("Vieni", "managers"), ("", "workers")], "two_groups"),
    ("T", [("Vieni", "managers"), ("vieni", "workers")], "group_names"),
    ("T", [(f"G{n}", "other") for n in range(7)], "group_names"),
])
def test_a_workshop_needs_a_title_and_two_distinct_groups(con, title, groups, key):
    sid = create_service(con, Profile("Talsu dienests"))
    with pytest.raises(workshops.WorkshopError) as exc:
        workshops.create(con, sid, title, "?", groups, SLOTS)
    assert exc.value.key == key


def test_round_two_and_focus_are_rows_and_closing_stops_the_link(con):
    w = _workshop(con)
    workshops.open_round(con, w, 2)
    workshops.open_round(con, w, 2)  # twice is once
    workshops.assign(con, w, w.groups[0].id, "work_with_client")
    workshops.assign(con, w, w.groups[0].id, "preparation_and_assessment")
    w2 = workshops.load(con, w.id)
    assert w2.round == 2 and w2.groups[0].focus == "preparation_and_assessment" and w2.groups[1].focus is None
    assert "Gatavošanās" in wview.round_text(D, w2, w2.groups[0])
    workshops.close(con, w2)
    assert workshops.by_token(con, w.token) is None
    assert not workshops.load(con, w.id).is_open


@settings(max_examples=150, deadline=None)
@given(hs.lists(hs.fixed_dictionaries({s.id: hs.integers(0, 40) for s in SLOTS}), min_size=1, max_size=5))
def test_the_median_is_on_the_grid_and_never_above_100(raw):
    proposals = []
    for r in raw:  # every proposal itself within the cap, as the editor keeps it
        values = {k: v / 2 for k, v in r.items()}
        while reference.total(values) > 100:
            biggest = max(values, key=values.get)
            values[biggest] -= 0.5
        proposals.append(values)
    out = workshops.median(proposals, ORDER)
    assert set(out) == set(NATIONAL)
    assert reference.total(out) <= 100
    assert all(reference.snap(v) == v and v >= 0 for v in out.values())
    if len(proposals) == 1:
        assert out == proposals[0]


def test_the_median_takes_an_excess_from_other_duties_first():
    a = dict(NATIONAL, home_visits=NATIONAL["home_visits"] + 3, other_tasks=NATIONAL["other_tasks"] - 3)
    b = dict(NATIONAL, case_documentation=NATIONAL["case_documentation"] + 3,
             home_visits=NATIONAL["home_visits"] + 3)
    b["situation_assessment"] -= 6  # b stays at 100
    c = dict(NATIONAL, case_documentation=NATIONAL["case_documentation"] + 3,
             situation_assessment=NATIONAL["situation_assessment"] - 3)
    out = workshops.median([a, b, c], ORDER)
    assert reference.total(out) == 100
    assert out["home_visits"] == NATIONAL["home_visits"] + 3
    assert out["case_documentation"] == NATIONAL["case_documentation"] + 3
    assert out["other_tasks"] < NATIONAL["other_tasks"]  # the excess came from "Citi pienākumi" first


def test_gaps_and_justifications_name_their_group(con):
    w = _workshop(con)
    managers, workers = w.groups[0], w.groups[1]
    drafts.move(con, managers.draft_id, "case_documentation", NATIONAL["case_documentation"] - 2, ORDER)
    drafts.move(con, workers.draft_id, "case_documentation", NATIONAL["case_documentation"] + 2, ORDER)
    drafts.set_justification(con, workers.draft_id, "case_documentation", "Dokumentēšana aizņem vairāk")
    drafts.set_justification(con, managers.draft_id, "case_documentation", "Vienkāršot veidlapas")
    proposed = workshops.proposals(con, w)
    gaps = workshops.kind_gaps(w, {g: p.values for g, p in proposed.items()})
    assert gaps[0][0] == "case_documentation" and gaps[0][2] - gaps[0][1] == 4
    agreed = dict(proposed[workers.id].values)
    carried = workshops.carried_justifications(w, proposed, agreed, NATIONAL)
    assert carried["case_documentation"] == ("Vadītāji: Vienkāršot veidlapas; "
                                             "Sociālie darbinieki: Dokumentēšana aizņem vairāk")
    only = workshops.carried_justifications(w, proposed, agreed, NATIONAL, only=workers.id)
    assert only == {"case_documentation": "Sociālie darbinieki: Dokumentēšana aizņem vairāk"}
    rows = wview.board_table(D, w, proposed, None)
    assert rows[-1]["Vadītāji"] == "98,0" and rows[-1]["Sociālie darbinieki"] == "100,0"


def test_a_version_names_its_workshop_and_travels_in_a_package(con):
    w = _workshop(con)
    vid = versions.save(con, w.service_id, SLOTS, "Vienošanās 2027", "Anna", NATIONAL, {}, activate=True,
                        workshop_id=w.id)
    assert [(v.id, v.workshop) for v in versions.listing(con, w.service_id)] == [(vid, "Etalons 2027")]
    new_sid = package.import_service(con, package.export_service(con, w.service_id))
    copied = workshops.listing(con, new_sid)
    assert [c.title for c in copied] == ["Etalons 2027"]
    assert workshops.proposals(con, copied[0]).keys() == {g.id for g in copied[0].groups}
    assert versions.listing(con, new_sid)[0].workshop == "Etalons 2027"
    services.delete_service(con, w.service_id)
    assert workshops.listing(con, w.service_id) == []


def test_join_url_keeps_the_app_address_and_a_path_prefix():
    assert wview.join_url("http://10.0.0.5:8501", "workshops", "abc") == "http://10.0.0.5:8501/?workshop=abc"
    assert wview.join_url("http://10.0.0.5:8501/workshops", "workshops", "abc") == "http://10.0.0.5:8501/?workshop=abc"
    assert (wview.join_url("https://soc.novads.lv/etalons/workshops/", "workshops", "a-b")
            == "https://soc.novads.lv/etalons/?workshop=a-b")
    assert wview.join_url(None, "workshops", "abc") == "/?workshop=abc"


def _participant(token: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["workshop"] = token
    at.run()
    return at


def test_a_participant_sees_only_the_workshop_and_edits_the_group_draft(isolated_store):
    con = db.connect(isolated_store)
    sid = create_service(con, Profile("Talsu dienests"))
    create_service(con, Profile("Citu novadu dienests"))
    w = _workshop(con, sid)
    con.close()
    at = _participant(w.token)
    assert not at.exception
    assert [x.value for x in at.title] == ["Etalons 2027"]
    pick = next(r for r in at.radio if r.label == "Jūsu grupa")
    pick.set_value(w.groups[1].id)
    next(b for b in at.button if b.label == "Pievienoties").click().run()
    assert at.query_params["group"] in (str(w.groups[1].id), [str(w.groups[1].id)])
    slide(at, "case_documentation", NATIONAL["case_documentation"] + 2)
    texts = " ".join(visible_texts(at))
    for hidden in ("Talsu dienests", "Citu novadu dienests", "Saglabāt", "Versijas", "Augšupielāde"):
        assert hidden not in texts, hidden
    assert not at.exception and not at.error
    con = db.connect(isolated_store)
    assert drafts.load(con, w.groups[1].draft_id).values["case_documentation"] == NATIONAL["case_documentation"] + 2
    workshops.close(con, w)
    con.close()
    at.run()
    assert "Šī darbnīca ir slēgta" in " ".join(i.value for i in at.info)
    assert not at.get("bidi_component")  # no sliders


def test_the_facilitator_composes_from_the_median_and_saves_a_version(isolated_store):
    con = db.connect(isolated_store)
    w = _workshop(con)
    drafts.move(con, w.groups[0].draft_id, "home_visits", NATIONAL["home_visits"] + 2, ORDER)
    drafts.move(con, w.groups[1].draft_id, "home_visits", NATIONAL["home_visits"] + 4, ORDER)
    drafts.set_justification(con, w.groups[1].draft_id, "home_visits", "Lauku attālumi")
    con.close()
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page("pages/workshops.py").run()
    assert not at.exception and not at.error
    at.selectbox(key="ws_start").set_value("median").run()
    next(b for b in at.button if b.label == "Ielikt redaktorā").click().run()
    assert shown_pct(at)["home_visits"] == NATIONAL["home_visits"] + 2
    assert at.text_input(key="ref_why_home_visits").value == "Sociālie darbinieki: Lauku attālumi"
    form = at.text_input
    next(x for x in form if x.label == "Versijas nosaukums").input("Vienošanās")
    next(b for b in at.button if b.label == "Saglabāt").click().run()
    assert not at.exception
    con = db.connect(isolated_store)
    active = versions.active(con, w.service_id)
    con.close()
    assert active[0].name == "Vienošanās" and active[0].workshop == "Etalons 2027"
    assert active[1].values["home_visits"] == NATIONAL["home_visits"] + 2
    assert active[1].justifications["home_visits"] == "Sociālie darbinieki: Lauku attālumi"


def test_the_board_shows_function_groups_beside_the_audit_and_the_team(con):
    w = _workshop(con)
    drafts.move(con, w.groups[0].draft_id, "home_visits", NATIONAL["home_visits"] + 2, ORDER)
    team = dict(NATIONAL, client_consultation=NATIONAL["client_consultation"] - 5, other_tasks=8.0)
    rows = wview.groups_table(D, w, workshops.proposals(con, w), team)
    assert len(rows) == 5
    first, last = rows[0], rows[-1]
    assert first["Nacionālais etalons"] == "20,0" and first["Vadītāji"] == "22,0" and first["Ģimenes"] == "20,0"
    assert last["Komandas faktiskais"] == "8,0" and last["Vadītāji"] == "1,0"  # taken from "Citi pienākumi" first
    assert any(k.startswith("Audits") for k in first)


def test_the_revision_changes_with_every_edit_and_ends_with_the_link(con):
    w = _workshop(con)
    draft = w.groups[0].draft_id
    seen = [workshops.revision(con, w.token, draft)]
    for change in (lambda: drafts.move(con, draft, "home_visits", 4.0, ORDER),
                   lambda: drafts.set_justification(con, draft, "home_visits", "Ceļi"),
                   lambda: drafts.set_lock(con, draft, "preparation", True),
                   lambda: drafts.set_choice(con, draft, rule=reference.PROPORTIONAL),
                   lambda: workshops.open_round(con, w, 2),
                   lambda: workshops.assign(con, w, w.groups[1].id, "work_with_client")):
        change()
        seen.append(workshops.revision(con, w.token, draft))
        assert seen[-1] != seen[-2]
    assert workshops.revision(con, w.token, draft) == seen[-1]  # nothing changed: the same number
    drafts.move(con, w.groups[1].draft_id, "home_visits", 4.0, ORDER)  # another group's draft
    assert workshops.revision(con, w.token, draft) == seen[-1]
    workshops.close(con, w)
    assert workshops.revision(con, w.token, draft) is None


def test_titles_questions_and_group_names_are_shown_as_text(isolated_store):
    hostile = "**Vadītāji** :material/home: ![x](http://127.0.0.1:9/x.png)"
    con = db.connect(isolated_store)
    sid = create_service(con, Profile("Talsu dienests"))
    w = workshops.create(con, sid, hostile, hostile, [(hostile, "managers"), ("SD", "workers")], SLOTS)
    con.close()
    at = _participant(w.token)
    shown = visible_texts(at)
    assert not [s for s in shown if "![x](" in s or ":material/home:" in s or "**Vadītāji**" in s], shown
    assert not at.exception
