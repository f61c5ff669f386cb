"""PDF reports read back the way a reader meets them: poppler's pdftotext for the words (service name,
decimal comma, diacritics), pdfinfo for the pages, pdftoppm for page 1 as PNG (the screenshot)."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from lib import domain, i18n
from lib.caseload import rules as caseload_rules
from lib.caseload import team as caseload_team
from lib.demo import dataset as demo
from lib.intake import reading as ingest
from lib.reports import caseload as caseload_report
from lib.reports import workload as workload_report
from lib.store import db, services
from lib.workload import analysis, reference
from lib.workload import reference_view as rview

D = domain.load()
SLOTS = rview.slots(D)
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", "test-artifacts")) / "reports"


@pytest.fixture(scope="module")
def poppler():
    if not shutil.which("pdftotext"):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("poppler-utils (pdftotext, pdftoppm) are missing: `make test` installs them")
        pytest.skip("poppler-utils are not installed")


def _text(pdf: bytes, tmp: Path, first: int | None = None, last: int | None = None) -> str:
    path = tmp / "r.pdf"
    path.write_bytes(pdf)
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _pages(pdf: bytes, tmp: Path) -> int:
    return _text(pdf, tmp).count("\f")


def _page_one_png(pdf: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    src = ARTIFACTS / f"{name}.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(src),
                    str(ARTIFACTS / name)], check=True)
    return ARTIFACTS / f"{name}.png"


@pytest.fixture(scope="module")
def demo_service(tmp_path_factory):
    con = db.connect(tmp_path_factory.mktemp("reports") / "store.duckdb")
    demo.load_demo(con, ingest.context(D))
    service = services.list_services(con)[0]
    yield con, service
    con.close()


def _workload(con, service, lang: str) -> bytes:
    i18n.set_language(lang)
    ref = reference.national(SLOTS)
    selected = analysis.select(analysis.load_forms(con, service.id, SLOTS))
    team = analysis.team(D, [analysis.analyse(D, SLOTS, f, ref, analysis.PP) for f in selected])
    return workload_report.pdf(D, workload_report.WorkloadReport(
        service.profile.name, service.profile.municipality, i18n.t("analysis.reference.national"), analysis.PP,
        team, reference.group_totals(SLOTS, ref), analysis.next_analysis(D, max(f.period_end for f in selected), False),
        3, date(2026, 12, 1)))


def test_workload_report_reads_back_in_latvian(poppler, demo_service, tmp_path):
    con, service = demo_service
    pdf = _workload(con, service, "lv")
    text = _text(pdf, tmp_path)
    assert "DEMO – Parauga novada sociālais dienests" in text and "DEMO novads" in text
    assert "Sagatavots: 01.12.2026" in text and "Salīdzināts ar: nacionālo etalonu" in text
    assert "Darbs ar klientu" in text and "Gatavošanās un izpēte" in text  # diacritics intact
    assert "Virsstundas: 9,7 h mēnesī (7,2 % virs normas)" in text  # SD04, a flagged worker, decimal comma
    assert "1. lpp. no 5" in text and "Nākamā slodzes analīze: 15.05.2029" in text
    # the summary holds page 1 only; each of the 4 workers has their own page
    summary = _text(pdf, tmp_path, 1, 1)
    assert "SD04" in summary and "SD04 · 04.05.2026–15.05.2026" not in summary
    assert _pages(pdf, tmp_path) == 5
    assert "SD04 · 04.05.2026–15.05.2026" in _text(pdf, tmp_path, 5, 5)
    assert _page_one_png(pdf, "workload-lv").stat().st_size > 20_000


def test_workload_report_in_english_has_no_latvian_headings(poppler, demo_service, tmp_path):
    con, service = demo_service
    text = _text(_workload(con, service, "en"), tmp_path)
    assert "Workload analysis" in text and "Work with the client" in text and "Page 1 of 5" in text
    assert "Overtime: 9.7 h a month" in text
    for latvian in ("Darbinieks", "Sagatavots", "Pazīmes", "Darbs ar klientu", "lpp."):
        assert latvian not in text


def test_caseload_report_holds_the_team_the_need_and_the_norm(poppler, demo_service, tmp_path):
    con, service = demo_service
    i18n.set_language("lv")
    rows = caseload_team.load(con, service.id)
    last = caseload_team.latest(rows)
    need = caseload_rules.need(D, sum(r.case.active for r in last), sum(r.case.crisis for r in last),
                               sum(r.case.fte for r in last))
    pdf = caseload_report.pdf(D, caseload_report.CaseloadReport(
        service.profile.name, service.profile.municipality, tuple(rows), need, service.profile.inhabitants, None,
        date(2026, 12, 1)))
    text = " ".join(_text(pdf, tmp_path).split())
    assert "Klientu lietas" in text and "DEMO – Parauga novada sociālais dienests" in text
    assert "57 aktīvajām lietām pēc metodikas vajag 3,22–6,10 sociālo darbinieku slodzes." in text
    assert "Dienestā ir 3,75 slodzes — diapazonā" in text
    assert "vecākais sociālais" in text and "vienota" in text  # SD02 (a table cell on three lines)
    assert "Tikai sociālie darbinieki uz 1000 iedzīvotājiem: 0,15" in text
    assert "ierakstiet citu sociālā darba speciālistu slodzes" in text  # no verdict on a number nobody entered
    assert "Sociālo pakalpojumu un sociālās palīdzības likums" in text
    assert _pages(pdf, tmp_path) <= 2
    assert _page_one_png(pdf, "caseload-lv").stat().st_size > 20_000


def test_a_download_built_later_keeps_the_run_language():
    """Streamlit builds a download on click, outside the script run: `bound` keeps its language."""
    i18n.set_language("en")
    later = i18n.bound(i18n.t, "export.workload.title")
    i18n.set_language("lv")
    assert later() == "Workload analysis" and i18n.current_language() == "lv"


def _assessment_report(con, service, lang: str):
    from lib.quality import assessments
    from lib.quality import rules as A
    from lib.reports import self_assessment as sa_report

    i18n.set_language(lang)
    cat = D.catalogue
    latest = max(assessments.list_assessments(con, service.id), key=lambda a: a.year)
    snap = assessments.load(con, service.id, latest.id)
    items = A.practices(cat, snap.assessment.standard, snap.decisions, snap.custom)
    years = A.compare_years(assessments.agreed_by_year(con, service.id), [c.id for c in cat.criteria],
                            snap.assessment.year)
    report = sa_report.AssessmentReport(service.profile.name, service.profile.municipality, snap, items, years,
                                        date(2026, 12, 1))
    return sa_report, cat, report, snap, items


@pytest.mark.parametrize(("lang", "group", "words"), [
    ("lv", "Darbinieku apmierinātība un viedoklis par sociālo dienestu", ("Līderība", "Pilnveides plāns", "Rinda")),
    ("en", "the social service as an organisation overall", ("Leadership", "Improvement plan", "Row")),
])
def test_self_assessment_report_per_criterion_with_groups_and_plan(poppler, demo_service, tmp_path, lang, group,
                                                                   words):
    """Seed 004 lines 7189-7196: per criterion the agreed score and level, strengths and improvement
    areas; the results criteria's indicator groups by name; the improvement plan with its deadlines."""
    con, service = demo_service
    sa_report, cat, report, _, _ = _assessment_report(con, service, lang)
    text = " ".join(_text(sa_report.pdf(cat, report), tmp_path).split())
    assert service.profile.name in text and group in text
    assert words[0] in text and words[1] in text and words[2] not in text.split()
    assert ("Saskaņotais vērtējums: 55 punkti · 3. līmenis" if lang == "lv" else "Agreed score: 55 points · level 3") \
        in text
    assert "Darbinieku iesaiste" in text and ("30.06.2025" if lang == "lv" else "2025-06-30") in text
    if lang == "en":
        assert "Pašnovērtējums" not in text and "Kritērijs" not in text


def test_self_assessment_summary_is_one_page_with_the_change_from_last_year(poppler, demo_service, tmp_path):
    con, service = demo_service
    sa_report, cat, report, _, _ = _assessment_report(con, service, "lv")
    pdf = sa_report.summary_pdf(cat, report)
    assert _pages(pdf, tmp_path) == 1
    text = _text(pdf, tmp_path)
    assert "Pašnovērtējuma kopsavilkums" in text and "Salīdzinājums ar iepriekšējiem gadiem" in text
    assert "1. Līderība 55 3 45 +10" in " ".join(text.split())
    assert _page_one_png(pdf, "self-assessment-summary-lv").stat().st_size > 20_000


@pytest.mark.parametrize(("lang", "sheet", "group"), [
    ("lv", "Rādītāju grupas", "Darbinieku apmierinātība un viedoklis par sociālo dienestu kā organizāciju kopumā"),
    ("en", "Indicator groups", "the social service as an organisation overall"),
])
def test_self_assessment_xlsx_keeps_group_names_and_dates(demo_service, lang, sheet, group):
    import io

    from openpyxl import load_workbook

    con, service = demo_service
    _, cat, _, snap, items = _assessment_report(con, service, lang)
    from lib.quality import view

    wb = load_workbook(io.BytesIO(view.report_xlsx(cat, snap, items, ["Pašnovērtējums 2025", "Dienests: X",
                                                                      "Sagatavots: 01.12.2026"])))
    ws = wb[sheet]
    header = [c.value for c in ws[5]]
    names = [r[1] for r in ws.iter_rows(min_row=6, values_only=True)]
    # the catalogue's 17 groups (and the service's own), every one named
    assert len(names) >= 17 and all(names) and any(str(n).startswith(group) for n in names)
    assert header[1] != header[4]  # the group's name and the group's score are two columns
    plan = wb[wb.sheetnames[-1]]
    deadline = plan.cell(row=6, column=7)
    assert deadline.value == datetime(2025, 6, 30) and deadline.number_format == "DD.MM.YYYY"
    assert plan.freeze_panes == "A6" and plan.page_setup.orientation == "landscape"
