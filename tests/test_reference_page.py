"""The reference page through the router: national view, the capped editor, versions, xlsx round trip."""

from __future__ import annotations

import io

import pytest
import streamlit as st
from openpyxl import load_workbook

from lib import domain
from lib.store import db
from lib.store.services import Profile, create_service
from lib.ui import reference_editor as editor
from lib.workload import reference, versions
from lib.workload import reference_view as view
from tests.apptest import lock, open_tab, run_app, shown_pct, slide, slider_data, sliders

D = domain.load()
SLOTS = view.slots(D)
PAGE = "pages/reference.py"
EDITOR = "Dienesta etalons"


def _service(path) -> int:
    con = db.connect(path)
    sid = create_service(con, Profile("Siguldas sociālais dienests"))
    con.close()
    return sid


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _editor(lang: str | None = None):
    """The reference page with the editor's tab open (only the open tab is drawn)."""
    return open_tab(run_app(lang, PAGE), "Service reference" if lang == "en" else EDITOR)


def _slide(at, slot: str, value: float):
    slide(at, slot, value)
    assert not at.exception
    return at


def test_national_view_lists_groups_functions_and_the_shared_block():
    at = run_app(page=PAGE)
    table = at.table[0].value
    assert len(table) == 15 and table.iloc[3]["Funkcija"] == "Konsultācija ar klientu un/vai viņa atbalsta sistēmu"
    assert table.iloc[3].tolist()[2:5] == ["30,0", "50,40", "12,00"]
    block = table[table["Funkcija"].str.contains("kopā trim funkcijām")].iloc[0]
    assert block["%"] == "4,0" and "Datu ievade un apstrāde par citām personām" in block["Funkcija"]
    assert _metric(at, "Pamatgrupas (gatavošanās un izpēte + darbs ar klientu)") == "80\u00a0%"


@pytest.mark.parametrize(("rule", "consultation", "message"), [
    (reference.BLOCK, "30,0", "ierobežots par 70,0 pp"),
    (reference.REDUCE_FIRST, "37,0", "Citi pienākumi −3,0 pp"),
    (reference.PROPORTIONAL, "100,0", "Situācijas izvērtēšana −9,0 pp"),
])
def test_pushing_a_slider_to_its_maximum_never_breaks_the_cap(rule, consultation, message):
    at = _editor()
    at.radio(key="ref_rule").set_value(rule).run()
    _slide(at, "client_consultation", 100.0)
    assert _metric(at, "Kopā") == "100,0\u00a0%"
    assert shown_pct(at)["client_consultation"] == float(consultation.replace(",", "."))
    assert sliders(at)["client_consultation"]["caption"].startswith(f"{consultation}\u00a0% · ")
    assert message in at.info[0].value
    assert sum(shown_pct(at).values()) == 100


def test_lock_undo_reset_and_soft_warnings():
    at = _editor()
    at.radio(key="ref_rule").set_value(reference.PROPORTIONAL).run()
    lock(at, "case_documentation")
    assert sliders(at)["case_documentation"]["locked"]
    _slide(at, "other_tasks", 13.0)
    assert shown_pct(at)["case_documentation"] == 10.0
    warnings = [w.value for w in at.warning if not w.value.startswith("DEMO")]
    assert any("„Citi pienākumi” 13,0" in w for w in warnings)
    assert any("Pamatgrupas kopā" in w for w in warnings)  # core fell below 80 % on the way
    next(b for b in at.button if b.label == "Atsaukt pēdējo izmaiņu").click().run()
    assert shown_pct(at)["other_tasks"] == 3.0 and _metric(at, "Kopā") == "100,0\u00a0%"
    _slide(at, "home_visits", 0.0)
    assert any("mazāk par 100" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Atjaunot nacionālo etalonu").click().run()
    assert all(shown_pct(at)[s.id] == s.national_pct for s in SLOTS)


def test_target_group_hints_name_the_functions_and_reasons_without_numbers():
    at = _editor("en")
    at.selectbox(key="ref_target").set_value("seniors").run()
    hint = at.info[0].value
    assert "Consultation with the client" in hint and "dementia" in hint
    assert "never numbers" in hint
    marked = sliders(at)["situation_assessment"]
    assert marked["label"].startswith("Situation assessment") and marked["hint"]  # drawn with ▲, reason on hover


def test_save_activate_reload_compare_and_restart(isolated_store):
    sid = _service(isolated_store)
    at = _editor()
    at.radio(key="ref_rule").set_value(reference.REDUCE_FIRST).run()
    _slide(at, "home_visits", 5.0)
    at.text_input(key="ref_why_home_visits").set_value("Lauku teritorija: ilgs ceļš pie klientiem").run()
    assert not at.table  # the comparison is drawn when it is opened
    at.session_state["ref_comparison"] = True
    row = at.run().table[0].value.iloc[2].tolist()
    assert row[:3] == ["Mājas vizītes", "3,0", "5,0"] and row[-1] == "Lauku teritorija: ilgs ceļš pie klientiem"
    inputs = [x for x in at.text_input if x.label in ("Versijas nosaukums", "Autors")]
    inputs[0].set_value("Darbnīca 2026-11")
    inputs[1].set_value("I. Bērziņa")
    next(b for b in at.button if b.label == "Saglabāt").click().run()
    assert not at.exception
    assert at.success[0].value == "Versija „Darbnīca 2026-11” saglabāta."
    con_items = _listing(isolated_store, sid)
    assert [(v.name, v.author, v.is_active) for v in con_items] == [("Darbnīca 2026-11", "I. Bērziņa", True)]

    st.cache_resource.clear()  # app restart: the editor starts from the active version
    at = _editor()
    assert shown_pct(at)["home_visits"] == 5.0
    assert shown_pct(at)["other_tasks"] == 1.0
    assert at.text_input(key="ref_why_home_visits").value == "Lauku teritorija: ilgs ceļš pie klientiem"

    _slide(at, "home_visits", 4.0)
    inputs = [x for x in at.text_input if x.label in ("Versijas nosaukums", "Autors")]
    inputs[0].set_value("Otrā")
    next(b for b in at.button if b.label == "Saglabāt").click().run()
    assert [v.name for v in _listing(isolated_store, sid)] == ["Otrā", "Darbnīca 2026-11"]
    open_tab(at, "Versijas")
    assert at.table[-1].value.iloc[2].tolist()[1:] == ["5,0", "4,0", "-1,0"]  # A = first, B = second
    at.selectbox(key="ref_pick").set_value(_listing(isolated_store, sid)[0].id).run()
    next(b for b in at.button if b.label == "Padarīt par aktīvo").click().run()
    assert at.success[0].value == "„Otrā” tagad ir dienesta aktīvais etalons."


def _listing(path, sid):
    st.cache_resource.clear()
    con = db.connect(path)
    try:
        return versions.listing(con, sid)
    finally:
        con.close()


def test_xlsx_round_trip_and_broken_files(isolated_store):
    sid = _service(isolated_store)
    con = db.connect(isolated_store)
    values = reference.move(reference.national(SLOTS), "home_visits", 6, reference.REDUCE_FIRST,
                            reduce_order=reference.reduce_first_order(D, SLOTS)).values
    vid = versions.save(con, sid, SLOTS, "Eksports", "", values, {"home_visits": "=HYPERLINK(\"x\")"})
    saved = versions.load(con, sid, vid)
    con.close()
    data = versions.export_xlsx(SLOTS, view.group_names(D), saved, "Eksports", "lv")
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["F5"].value.startswith("'=")  # formula injection neutralised
    back = versions.import_xlsx(data, SLOTS)
    assert back.values == saved.values and back.justifications["home_visits"] == "=HYPERLINK(\"x\")"
    wb = load_workbook(io.BytesIO(data))
    wb.active["E4"] = 95
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(versions.VersionError) as err:
        versions.import_xlsx(buffer.getvalue(), SLOTS)
    assert err.value.key == "over_cap"
    wb.active["E4"], wb.active["A5"] = "daudz", "nezināma"
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(versions.VersionError) as err:
        versions.import_xlsx(buffer.getvalue(), SLOTS)
    assert (err.value.key, err.value.params["row"]) == ("bad_value", 4)
    with pytest.raises(versions.VersionError) as err:
        versions.import_xlsx(b"not a workbook", SLOTS)
    assert err.value.key == "file"

    at = open_tab(run_app(page=PAGE), "Versijas")
    at.get("file_uploader")[-1].set_value([("etalons.xlsx", data, "application/octet-stream")])
    next(b for b in at.button if b.label == "Ielādēt failu redaktorā").click().run()
    assert at.success[0].value.startswith("Fails „etalons.xlsx” ielādēts redaktorā")
    assert shown_pct(open_tab(at, EDITOR))["home_visits"] == 6.0


def test_workshop_mode_shows_the_big_total_and_the_same_state():
    at = _editor()
    _slide(at, "home_visits", 1.0)
    at.toggle(key="ref_workshop").set_value(True).run()
    assert not at.exception and not at.tabs
    assert any("Kopā: 98,0" in h.proto.body for h in at.get("html"))
    assert shown_pct(at)["home_visits"] == 1.0
    assert slider_data(at)["lock"] is None and slider_data(at)["big"]  # no lock boxes; big for the projector


def test_versions_cannot_exceed_the_cap_or_miss_slots(con):
    sid = create_service(con, Profile("X"))
    bad = reference.national(SLOTS) | {"home_visits": 4.0}
    with pytest.raises(versions.VersionError, match="over_cap"):
        versions.save(con, sid, SLOTS, "x", "", bad, {})
    with pytest.raises(versions.VersionError, match="name_required"):
        versions.save(con, sid, SLOTS, " ", "", reference.national(SLOTS), {})
    with pytest.raises(versions.VersionError, match="grid"):
        versions.save(con, sid, SLOTS, "x", "", reference.national(SLOTS) | {"home_visits": 2.25}, {})
    assert versions.active(con, sid) is None


def test_the_sliders_edits_are_applied_once_in_order_and_malformed_ones_are_left_out():
    """What the browser sends (reference_sliders.js): each slider's and box's latest edit with its
    number; the server applies those it has not applied yet, oldest first."""
    edits = {"mount": "m1", "seq": 4, "moves": {"home_visits": [8, 3], "other_tasks": [2, 1]},
             "locks": {"case_documentation": [True, 2], "preparation": [False, 4]}}
    in_order = [(1, "moves", "other_tasks", 2), (2, "locks", "case_documentation", True),
                (3, "moves", "home_visits", 8), (4, "locks", "preparation", False)]
    assert editor.pending_edits(edits, None) == in_order
    assert editor.pending_edits(edits, ("m1", 2)) == in_order[2:]
    assert editor.pending_edits(edits, ("m1", 4)) == []
    assert len(editor.pending_edits(edits, ("an earlier mount", 9))) == 4  # a new element counts from 1 again
    broken = {"mount": "m1", "moves": {"a": [201, 1], "b": ["8", 2], "c": [True, 3], "d": [8], "e": [8, "4"]},
              "locks": {"f": [1, 5], "g": "yes"}}
    assert editor.pending_edits(broken, None) == []
    assert editor.pending_edits(None, None) == editor.pending_edits({"moves": {}}, None) == []
