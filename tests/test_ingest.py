"""Reading and checking uploads: the hostile corpus, odd-but-valid files, formats agreeing, parsers fuzzed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from lib import domain
from lib.demo import samples
from lib.i18n import LANGUAGES, t
from lib.intake import forms, imports
from lib.intake import reading as ingest
from lib.store.services import Profile, create_service

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
QUIRKS = sorted((CORPUS / "quirks").iterdir())
D = domain.load()
CTX = ingest.context(D)
PERIOD, WORKERS, CASELOAD = samples.load_content()


def _tables(con) -> dict[str, list[tuple]]:
    names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
    return {n: con.execute(f"SELECT * FROM {n} ORDER BY ALL").fetchall() for n in names}


def _hours(parsed: ingest.ParsedFile) -> dict[str, dict[str, float]]:
    return {f.code: {e.function_id: round(e.month_hours, 9) for e in f.entries if e.month_hours} for f in parsed.forms}


@pytest.fixture
def seeded(con):
    """A store that already holds a service with one import, so 'unchanged' means something."""
    sid = create_service(con, Profile("Esošais dienests"))
    imports.store(con, sid, ingest.parse_upload("SD01.xlsx", samples.workload_xlsx(D, WORKERS[0], PERIOD), CTX))
    return con, sid


def test_corpus_is_large_enough():
    assert len(EXPECTED) >= 25
    assert {p.name for p in CORPUS.iterdir() if p.is_file() and p.suffix not in {".py", ".json"}} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_is_rejected_at_its_place_and_changes_nothing(seeded, name):
    con, sid = seeded
    expected = EXPECTED[name]
    data = (CORPUS / name).read_bytes()
    before = _tables(con)
    [outcome] = imports.process(con, sid, [(name, data)], CTX)
    assert outcome.status == imports.REJECTED
    assert _tables(con) == before
    hits = [p for p in outcome.parsed.errors if p.key == expected["key"]]
    assert hits, [p.key for p in outcome.parsed.errors]
    problem = hits[0]
    assert problem.file == name
    assert problem.sheet == expected["sheet"]
    if expected["row"] is not None:
        assert problem.row == expected["row"]
    if expected["column"] is not None:
        assert problem.column.startswith(expected["column"] + " ") or problem.column == expected["column"]
    for lang in LANGUAGES:
        message, where = problem.message(lang), problem.location(lang)
        assert message and not message.startswith("problem.") and "{" not in message
        assert where.startswith(name)
        if problem.row is not None:
            assert t("problem.at.row", lang=lang, row=problem.row) in where


def test_valid_files_in_the_same_batch_still_import(seeded):
    con, sid = seeded
    batch = [(n, (CORPUS / n).read_bytes()) for n in sorted(EXPECTED)]
    good = ("SD03_SD04.csv", samples.batch_csv(D, WORKERS[2:], PERIOD))
    outcomes = imports.process(con, sid, [*batch[:10], good, *batch[10:]], CTX)
    assert [o.status for o in outcomes].count(imports.REJECTED) == len(EXPECTED)
    assert outcomes[10].status == imports.IMPORTED
    codes = {r[0] for r in con.execute("SELECT worker_code FROM workload_forms WHERE service_id = ?", [sid]).fetchall()}
    assert codes == {"SD01", "SD03", "SD04"}


def test_ten_megabyte_csv_is_refused_without_reading(seeded, tmp_path):
    con, sid = seeded
    rows = samples.batch_csv(D, [WORKERS[2]], PERIOD)
    body = rows.split(b"\r\n", 1)[1]
    data = rows + body * (10 * 1024 * 1024 // len(body) + 1)
    assert len(data) > 10 * 1024 * 1024
    before = _tables(con)
    [outcome] = imports.process(con, sid, [("big.csv", data)], CTX)
    assert outcome.status == imports.REJECTED and outcome.parsed.errors[0].key == "too_large"
    assert "MB" in outcome.parsed.errors[0].message("lv")
    assert _tables(con) == before


@pytest.mark.parametrize("path", QUIRKS, ids=[p.name for p in QUIRKS])
def test_odd_but_valid_files_import_with_the_same_hours(path):
    parsed = ingest.parse_upload(path.name, path.read_bytes(), CTX)
    assert parsed.ok, [(p.key, p.location()) for p in parsed.errors]
    code = parsed.forms[0].code
    clean = next(w for w in WORKERS if w.code == code)
    reference = ingest.parse_upload("clean.xlsx", samples.workload_xlsx(D, clean, PERIOD), CTX)
    assert _hours(parsed) == _hours(reference)


def test_libreoffice_ods_cp1257_csv_and_template_xlsx_agree():
    sd02 = next(w for w in WORKERS if w.code == "SD02")
    ods = ingest.parse_upload("slodze_SD02.ods", (samples.SAMPLES_DIR / "slodze_SD02.ods").read_bytes(), CTX)
    xlsx = ingest.parse_upload("SD02.xlsx", samples.workload_xlsx(D, sd02, PERIOD), CTX)
    data = samples.batch_csv(D, [sd02], PERIOD)
    data.decode("cp1257")  # really Windows-1257 ...
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # ... and not UTF-8 (the Latvian letters are single bytes)
    assert b";" in data and b"1,50" in data  # semicolons and decimal commas, as Latvian Excel writes
    csv = ingest.parse_upload("SD02.csv", data, CTX)
    assert ods.ok and xlsx.ok and csv.ok
    assert _hours(ods) == _hours(xlsx) == _hours(csv)
    assert round(ods.forms[0].total_month_hours, 6) == round(xlsx.forms[0].total_month_hours, 6)
    for parsed in (ods, xlsx, csv):
        form = parsed.forms[0]
        assert (form.fte, form.position, form.territory, form.period_start) == (0.75, "senior_social_worker",
                                                                                 "rural", PERIOD[0])


def test_raw_values_are_kept_beside_the_converted_ones():
    data = samples.batch_csv(D, [WORKERS[3]], PERIOD)
    entry = next(e for e in ingest.parse_upload("x.csv", data, CTX).forms[0].entries if e.function_id == "other_tasks")
    assert (entry.hours_raw, entry.unit_raw, entry.hours, entry.unit) == ("4,00", "nedēļā", 4.0, "week")
    assert entry.month_hours == pytest.approx(16.8)
    assert entry.comment == "sociālās palīdzības organizēšana"


@pytest.mark.parametrize(("hours", "unit", "month"), [(40, "nedēļā", 168), (10, "mēnesī", 10), (30, "ceturksnī", 10),
                                                      (120, "gadā", 10), (2.5, "WEEK", 10.5), (1, "Gads", 1 / 12)])
def test_period_conversion_to_a_month(hours, unit, month):
    wb = load_workbook(io.BytesIO(samples.workload_xlsx(D, WORKERS[0], PERIOD)))
    wb["Funkcijas"]["D2"], wb["Funkcijas"]["E2"] = hours, unit
    buffer = io.BytesIO()
    wb.save(buffer)
    form = ingest.parse_upload("x.xlsx", buffer.getvalue(), CTX).forms[0]
    assert form.entries[0].month_hours == pytest.approx(month)


def test_overtime_and_empty_functions_are_warnings_not_errors():
    worker = WORKERS[0]
    busy = samples.SampleWorker(**{**worker.__dict__, "functions": {**worker.functions, "2.1": (20.0, "week")}})
    parsed = ingest.parse_upload("x.xlsx", samples.workload_xlsx(D, busy, PERIOD), CTX)
    assert parsed.ok
    over = next(p for p in parsed.warnings if p.key == "overtime")
    assert "h" in over.message("lv") and dict(over.params)["code"] == "SD01"
    sparse = ingest.parse_upload("y.csv", samples.batch_csv(D, [WORKERS[1]], PERIOD), CTX)
    assert sparse.ok and [p.key for p in sparse.warnings] == ["functions_empty"]
    assert dict(sparse.warnings[0].params)["names"] == "3.2, 4.3"


def test_template_headers_and_words_are_what_the_reader_accepts():
    for lang in LANGUAGES:
        for fields in (forms.WORKER_FIELDS, forms.FUNCTION_FIELDS, forms.CASELOAD_FIELDS):
            index = forms.header_index(fields)
            for f in fields:
                assert index[forms.normalise(forms.field_label(f.key, lang))] == f.key
        for vocab, codes in forms.VOCABULARIES.items():
            for code in codes:
                assert forms.match_vocabulary(vocab, forms.vocabulary_label(vocab, code, lang)) == code


@pytest.mark.parametrize("lang", LANGUAGES)
def test_templates_have_instructions_validation_protection_and_self_check(lang):
    wb = load_workbook(io.BytesIO(forms.workload_template(D, lang).data))
    assert wb.sheetnames == [t(f"form.sheet.{k}", lang=lang) for k in ("instructions", "worker", "functions")]
    fs = wb[wb.sheetnames[2]]
    assert fs.protection.sheet and wb[wb.sheetnames[1]].protection.sheet
    assert [fs.cell(row=r, column=1).value for r in range(2, 19)] == [
        forms.function_number(D, f) for f in D.reference.functions]
    assert fs["C2"].comment is not None  # duties as a note
    lists = [dv.formula1 for dv in fs.data_validations.dataValidation if dv.type == "list"]
    assert any(forms.vocabulary_label("unit", "quarter", lang) in f for f in lists)
    assert fs["D2"].protection.locked is False and fs["C2"].protection.locked is True
    check = next(r for r in range(2, 30) if fs.cell(row=r, column=1).value == forms.SELF_CHECK_MARK)
    assert str(fs.cell(row=check, column=11).value).startswith("=ROUND(SUM(K2:K18)")
    assert "168" in str(fs.cell(row=check, column=13).value)
    for build in (forms.batch_template, forms.caseload_template):
        parsed = ingest.parse_upload("empty.xlsx", build(D, lang).data, CTX)
        assert [p.key for p in parsed.errors] == ["no_rows"]  # recognised, just empty


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(["a.xlsx", "a.ods", "a.xls", "a.csv", "a.txt"]))
def test_any_bytes_give_a_result_not_an_exception(data, name):
    parsed = ingest.parse_upload(name, data, CTX)
    assert parsed.ok is False or parsed.kind is not None


# Values a worker can type into a cell (openpyxl cannot write NaN, infinity or control characters).
CELL = st.one_of(st.none(), st.text(st.characters(min_codepoint=32, exclude_categories=("Cs",)), max_size=12),
                 st.floats(allow_nan=False, allow_infinity=False, width=32), st.integers(-10**6, 10**6),
                 st.dates(), st.booleans())
SD01_XLSX = samples.workload_xlsx(D, WORKERS[0], PERIOD)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.text(alphabet=";,\t\"\n0123456789,.-aāA h", max_size=8), min_size=1, max_size=19),
                max_size=6))
def test_csv_fuzz_around_a_real_header(rows):
    header = ";".join(forms.field_label(f.key, "lv") for f in forms.BATCH_FIELDS)
    body = "\r\n".join(";".join(r) for r in rows)
    parsed = ingest.parse_upload("fuzz.csv", (header + "\r\n" + body).encode("utf-8"), CTX)
    assert all(p.message("lv") and p.message("en") for p in parsed.problems)
    if parsed.ok:
        assert all(0 <= f.total_month_hours <= 744 for f in parsed.forms)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(2, 18), st.integers(4, 10), CELL), max_size=8))
def test_template_cells_fuzz(changes):
    wb = load_workbook(io.BytesIO(SD01_XLSX))
    for row, col, value in changes:
        wb["Funkcijas"].cell(row=row, column=col).value = value
    buffer = io.BytesIO()
    wb.save(buffer)
    parsed = ingest.parse_upload("fuzz.xlsx", buffer.getvalue(), CTX)
    for p in parsed.errors:
        assert p.sheet == "Funkcijas" or p.key in {"no_hours", "total_absurd"}
