"""The reference editor's draft is stored (lib/workload/drafts.py): a page switch and back, a reload
(a new session), workshop mode on and off and a server restart all show exactly the stored values,
locks, justifications, rule and target group; the next move still respects the locks."""

from __future__ import annotations

import streamlit as st
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from lib import domain
from lib.store import db
from lib.workload import drafts, reference, versions
from lib.workload import reference_view as view
from tests.apptest import lock, open_tab, run_app, shown_pct, slide, slider_data, sliders
from tests.test_reference_page import EDITOR, PAGE, _editor, _service

D = domain.load()
SLOTS = view.slots(D)
NATIONAL = reference.national(SLOTS)


def _shown(at) -> dict:
    """What the editor shows: every slider and caption, locks, rule, target, total."""
    return {
        "sliders": shown_pct(at),
        "captions": {slot: row["caption"] for slot, row in sliders(at).items()},
        "locks": {slot for slot, row in sliders(at).items() if row["locked"]},
        "rule": at.radio(key="ref_rule").value,
        "target": at.selectbox(key="ref_target").value,
        "total": next(m.value for m in at.metric if m.label == "Kopā"),
    }


def _edit(at) -> dict:
    at.radio(key="ref_rule").set_value(reference.PROPORTIONAL).run()
    lock(at, "case_documentation")
    at.selectbox(key="ref_target").set_value("seniors").run()
    slide(at, "home_visits", 12.0)
    at.text_input(key="ref_why_home_visits").set_value("Lauku teritorija: ilgs ceļš").run()
    assert not at.exception
    shown = _shown(at)
    assert shown["sliders"]["home_visits"] == 12.0 and shown["locks"] == {"case_documentation"}
    assert shown["rule"] == reference.PROPORTIONAL
    return shown


def test_a_page_switch_and_back_shows_the_same_draft(isolated_store):
    _service(isolated_store)
    at = _editor()
    before = _edit(at)
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    open_tab(at, EDITOR)
    assert not at.exception
    assert _shown(at) == before
    assert at.text_input(key="ref_why_home_visits").value == "Lauku teritorija: ilgs ceļš"
    slide(at, "situation_assessment", 10.0)  # the next move: locks hold
    assert shown_pct(at)["case_documentation"] == before["sliders"]["case_documentation"]


def test_a_reload_and_a_restart_show_the_same_draft(isolated_store):
    _service(isolated_store)
    before = _edit(_editor())
    assert _shown(_editor()) == before  # a new session: a browser reload
    st.cache_resource.clear()  # a server restart
    at = _editor()
    assert _shown(at) == before
    next(b for b in at.button if b.label == "Atsaukt pēdējo izmaiņu").click().run()  # undo survives too
    assert shown_pct(at)["home_visits"] == NATIONAL["home_visits"]


def test_workshop_mode_on_and_off_keeps_the_locks(isolated_store):
    _service(isolated_store)
    at = _editor()
    before = _edit(at)
    at.toggle(key="ref_workshop").set_value(True).run()
    assert slider_data(at)["lock"] is None and sliders(at)["case_documentation"]["locked"]  # no boxes, still locked
    at.toggle(key="ref_workshop").set_value(False).run()
    open_tab(at, EDITOR)
    assert _shown(at) == before
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert not at.toggle(key="ref_workshop").value


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hs.lists(hs.tuples(hs.sampled_from(["move", "page", "reload", "workshop", "lock", "undo"]),
                          hs.sampled_from([s.id for s in SLOTS]), hs.integers(0, 60)), min_size=1, max_size=8))
def test_any_sequence_of_moves_navigation_reloads_and_toggles_keeps_the_store_and_the_view_equal(isolated_store,
                                                                                                 steps):
    st.cache_resource.clear()
    isolated_store.unlink(missing_ok=True)
    sid = _service(isolated_store)
    at = _editor()
    for action, slot, half_points in steps:
        if action == "move":  # the browser sends a locked slider's move only if it raced the lock
            slide(at, slot, half_points / 2)
        elif action == "page":
            at.switch_page("pages/home.py").run()
            at.switch_page(PAGE).run()
            open_tab(at, EDITOR)
        elif action == "reload":
            at = _editor()
        elif action == "workshop":
            at.toggle(key="ref_workshop").set_value(True).run()
            at.toggle(key="ref_workshop").set_value(False).run()
            open_tab(at, EDITOR)
        elif action == "lock":
            lock(at, slot, not sliders(at)[slot]["locked"])
        elif action == "undo":
            undo = next(b for b in at.button if b.label == "Atsaukt pēdējo izmaiņu")
            if not undo.disabled:
                undo.click().run()
        assert not at.exception
        con = db.connect(isolated_store)
        stored = drafts.open_draft(con, sid, SLOTS, NATIONAL, {}, "")
        con.close()
        shown = _shown(at)
        assert shown["sliders"] == stored.values and shown["locks"] == stored.locked
        assert reference.total(stored.values) <= reference.MAX_PCT


def _flat(node, out: list) -> list:
    """Every element in the order the page draws it."""
    out.append(node)
    for child in getattr(node, "children", {}).values():
        _flat(child, out)
    return out


def test_a_message_stands_next_to_the_control_that_caused_it_and_the_tab_stays(isolated_store):
    sid = _service(isolated_store)
    con = db.connect(isolated_store)
    vid = versions.save(con, sid, SLOTS, "Eksports", "", NATIONAL, {})
    data = versions.export_xlsx(SLOTS, view.group_names(D), versions.load(con, sid, vid), "Eksports", "lv")
    con.close()
    at = open_tab(run_app(page=PAGE), "Versijas")
    at.get("file_uploader")[-1].set_value([("etalons.xlsx", data, "application/octet-stream")])
    next(b for b in at.button if b.label == "Ielādēt failu redaktorā").click().run()
    flat = _flat(at._tree, [])
    uploader = next(i for i, e in enumerate(flat) if getattr(e, "type", "") == "file_uploader")
    message = next(i for i, e in enumerate(flat) if getattr(e, "type", "") == "success")
    assert message > uploader  # under the import form, not at the top of the page
    assert at.success[0].value.startswith("Fails „etalons.xlsx” ielādēts redaktorā")


def test_the_language_switch_keeps_every_slider_and_writes_its_numbers_the_new_way(isolated_store):
    """The sliders show their values as the UI language writes them ('1,5 %' / '1.5 %'); a switch
    of language changes only the writing, never a value, and moves nothing."""
    _service(isolated_store)
    at = _editor()
    slide(at, "home_visits", 1.5)  # down: within 100 %
    before = _shown(at)
    assert slider_data(at)["points"][3] == "1,5\u00a0%" and before["sliders"]["home_visits"] == 1.5
    assert before["captions"]["home_visits"].startswith("1,5\u00a0% · ")
    at.radio(key="lang").set_value("en").run()
    open_tab(at, "Service reference")
    assert slider_data(at)["points"][3] == "1.5\u00a0%"
    assert shown_pct(at) == before["sliders"]
    assert sliders(at)["home_visits"]["caption"].startswith("1.5\u00a0% · ")
    assert next(m.value for m in at.metric if m.label == "Total") == before["total"].replace(",", ".")
    at.radio(key="lang").set_value("lv").run()
    assert _shown(open_tab(at, EDITOR)) == before
