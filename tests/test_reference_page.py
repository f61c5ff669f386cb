"""The reference page through the router: national view, the capped editor, versions, xlsx round trip."""

from __future__ import annotations

import io

import pytest
import streamlit as st
from openpyxl import load_workbook

from lib import domain
from lib.store import db
from lib.store.services import Profile, create_service
from lib.workload import reference, versions
from lib.workload import reference_view as view
from tests.apptest import run_app

D = domain.load()
SLOTS = view.slots(D)
PAGE = "pages/reference.py"


def _service(path) -> int:
    con = db.connect(path)
    sid = create_service(con, Profile("Siguldas sociālais dienests"))
    con.close()
    return sid


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _slide(at, slot: str, value: float):
    at.select_slider(key=f"ref_slider_{slot}").set_value(value).run()
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
    at = run_app(page=PAGE)
    at.radio(key="ref_rule").set_value(rule).run()
    _slide(at, "client_consultation", 100.0)
    assert _metric(at, "Kopā") == "100,0\u00a0%"
    assert at.select_slider(key="ref_slider_client_consultation").value == float(consultation.replace(",", "."))
    assert message in at.info[0].value
    total = sum(at.select_slider(key=f"ref_slider_{s.id}").value for s in SLOTS)
    assert total == 100


def test_lock_undo_reset_and_soft_warnings():
    at = run_app(page=PAGE)
    at.radio(key="ref_rule").set_value(reference.PROPORTIONAL).run()
    at.checkbox(key="ref_lock_case_documentation").check().run()
    assert at.select_slider(key="ref_slider_case_documentation").disabled
    _slide(at, "other_tasks", 13.0)
    assert at.select_slider(key="ref_slider_case_documentation").value == 10.0
    warnings = [w.value for w in at.warning if not w.value.startswith("DEMO")]
    assert any("„Citi pienākumi” 13,0" in w for w in warnings)
    assert any("Pamatgrupas kopā" in w for w in warnings)  # core fell below 80 % on the way
    next(b for b in at.button if b.label == "Atsaukt pēdējo izmaiņu").click().run()
    assert at.select_slider(key="ref_slider_other_tasks").value == 3.0 and _metric(at, "Kopā") == "100,0\u00a0%"
    _slide(at, "home_visits", 0.0)
    assert any("mazāk par 100" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Atjaunot nacionālo etalonu").click().run()
    assert all(at.select_slider(key=f"ref_slider_{s.id}").value == s.national_pct for s in SLOTS)


def test_target_group_hints_name_the_functions_and_reasons_without_numbers():
    at = run_app("en", PAGE)
    at.selectbox(key="ref_target").set_value("seniors").run()
    hint = at.info[0].value
    assert "Consultation with the client" in hint and "dementia" in hint
    assert "never numbers" in hint
    assert "▲" in at.select_slider(key="ref_slider_situation_assessment_en").label  # one slider per language


def test_save_activate_reload_compare_and_restart(isolated_store):
    sid = _service(isolated_store)
    at = run_app(page=PAGE)
    at.radio(key="ref_rule").set_value(reference.REDUCE_FIRST).run()
    _slide(at, "home_visits", 5.0)
    at.text_input(key="ref_why_home_visits").set_value("Lauku teritorija: ilgs ceļš pie klientiem").run()
    inputs = [x for x in at.text_input if x.label in ("Versijas nosaukums", "Autors")]
    inputs[0].set_value("Darbnīca 2026-11")
    inputs[1].set_value("I. Bērziņa")
    next(b for b in at.button if b.label == "Saglabāt").click().run()
    assert not at.exception
    assert at.success[0].value == "Versija „Darbnīca 2026-11” saglabāta."
    con_items = _listing(isolated_store, sid)
    assert [(v.name, v.author, v.is_active) for v in con_items] == [("Darbnīca 2026-11", "I. Bērziņa", True)]

    st.cache_resource.clear()  # app restart: the editor starts from the active version
    at = run_app(page=PAGE)
    assert at.select_slider(key="ref_slider_home_visits").value == 5.0
    assert at.select_slider(key="ref_slider_other_tasks").value == 1.0
    assert at.text_input(key="ref_why_home_visits").value == "Lauku teritorija: ilgs ceļš pie klientiem"

    _slide(at, "home_visits", 4.0)
    inputs = [x for x in at.text_input if x.label in ("Versijas nosaukums", "Autors")]
    inputs[0].set_value("Otrā")
    next(b for b in at.button if b.label == "Saglabāt").click().run()
    assert [v.name for v in _listing(isolated_store, sid)] == ["Otrā", "Darbnīca 2026-11"]
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

    at = run_app(page=PAGE)
    at.get("file_uploader")[-1].set_value([("etalons.xlsx", data, "application/octet-stream")])
    next(b for b in at.button if b.label == "Ielādēt failu redaktorā").click().run()
    assert at.success[0].value.startswith("Fails „etalons.xlsx” ielādēts redaktorā")
    assert at.select_slider(key="ref_slider_home_visits").value == 6.0


def test_workshop_mode_shows_the_big_total_and_the_same_state():
    at = run_app(page=PAGE)
    _slide(at, "home_visits", 1.0)
    at.toggle(key="ref_workshop").set_value(True).run()
    assert not at.exception and not at.tabs
    assert any("Kopā: 98,0" in h.proto.body for h in at.get("html"))
    assert at.select_slider(key="ref_slider_home_visits").value == 1.0
    assert not [c for c in at.checkbox if c.key and c.key.startswith("ref_lock_")]  # fewer controls


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
