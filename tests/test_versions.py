"""Reference versions: names unique per service, time to the second, export named after the version,
a compare table with totals, the active version kept from deletion, and an xlsx import that refuses
repeated functions, fractions and empty cells and names every missing function."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from lib import domain, i18n
from lib.store.services import Profile, create_service
from lib.workload import reference_view as view
from lib.workload import versions

D = domain.load()
SLOTS = view.slots(D)
NATIONAL = {s.id: s.national_pct for s in SLOTS}


def _exported(change=None) -> bytes:
    data = versions.export_xlsx(SLOTS, view.group_names(D), versions.Saved(NATIONAL, {}), "Etalons", "lv")
    wb = load_workbook(io.BytesIO(data))
    if change:
        change(wb.worksheets[0])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _refusal(data: bytes) -> versions.VersionError:
    with pytest.raises(versions.VersionError) as caught:
        versions.import_xlsx(data, SLOTS, "lv")
    return caught.value


def _message(exc: versions.VersionError, lang: str = "lv") -> str:
    params = {k: i18n.fmt_value(v, lang) for k, v in exc.params.items()}
    return i18n.t(f"reference.error.{exc.key}", lang=lang, **params)


def test_an_exported_version_comes_back_unchanged():
    assert versions.import_xlsx(_exported(), SLOTS).values == NATIONAL


def test_a_repeated_function_is_refused_with_both_rows():
    def repeat(ws):
        ws.append([cell.value for cell in ws[3]])

    exc = _refusal(_exported(repeat))
    assert exc.key == "duplicate_slot" and exc.params["first"] == 3 and exc.params["row"] == 3 + len(SLOTS)
    assert _message(exc).startswith(f"Rindā {3 + len(SLOTS)}: funkcija „{SLOTS[0].name('lv')}” jau ir rindā 3.")


def test_a_column_of_fractions_is_refused():
    def fractions(ws):
        for row in ws.iter_rows(min_row=3):
            row[4].value = row[4].value / 100

    exc = _refusal(_exported(fractions))
    assert exc.key == "fractions"
    assert "daļas (0,08), nevis procenti (8)" in _message(exc)


def test_an_empty_cell_names_its_row_not_none():
    def blank(ws):
        ws.cell(row=5, column=5).value = None

    exc = _refusal(_exported(blank))
    assert exc.key == "empty_value" and exc.params["row"] == 5
    assert "None" not in _message(exc) and _message(exc).startswith("Rindā 5: tukša dienesta % šūna")


def test_every_missing_function_is_named():
    def drop(ws):
        ws.delete_rows(4, 2)

    exc = _refusal(_exported(drop))
    assert exc.key == "missing_slots" and exc.params["count"] == 2
    assert SLOTS[1].name("lv") in _message(exc) and SLOTS[2].name("lv") in _message(exc)
    assert SLOTS[1].name("en") in i18n.t("reference.error.missing_slots", lang="en",
                                          **versions.VersionError("missing_slots", count=2, names=SLOTS[1].name("en"))
                                          .params)


def test_names_are_unique_per_service_and_the_active_version_stays(con):
    sid = create_service(con, Profile("Talsu dienests"))
    other = create_service(con, Profile("Cēsu dienests"))
    first = versions.save(con, sid, SLOTS, "Mūsu etalons", "", NATIONAL, {}, activate=True)
    with pytest.raises(versions.VersionError, match="name_taken"):
        versions.save(con, sid, SLOTS, "  mūsu ETALONS ", "", NATIONAL, {})
    versions.save(con, other, SLOTS, "Mūsu etalons", "", NATIONAL, {})  # another service may use it
    second = versions.save(con, sid, SLOTS, "Otrais", "", NATIONAL, {})
    with pytest.raises(versions.VersionError, match="active"):
        versions.delete(con, sid, first)
    assert versions.delete(con, sid, second)
    assert [v.name for v in versions.listing(con, sid)] == ["Mūsu etalons"]


def test_compare_table_ends_with_the_totals_and_files_are_named_after_the_version():
    b = dict(NATIONAL)
    b[SLOTS[0].id] -= 1.0
    rows = view.diff_table(D, NATIONAL, b, "Vecais", "Jaunais")
    assert rows[-1] == {"Funkcija": "Kopā", "A: Vecais": "100,0", "B: Jaunais": "99,0", "B − A, pp": "-1,0"}
    assert versions.file_name("Mūsu etalons 2026/1") == "etalons_Mūsu_etalons_2026_1.xlsx"
