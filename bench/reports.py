"""Reports for 1,000 workers: the workload PDF (team summary with its chart + one page per worker)
and the styled xlsx export, built from analysed forms as the analysis page holds them. The floor in
the same run: the same pages' text written by fpdf2 without tables or chart (what any PDF of this
size costs), so the ratio shows what the report's own layout adds.

    .venv/bin/python bench/reports.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lib import domain, i18n
from lib.reports import workload as workload_report
from lib.reports.document import Meta, Report
from lib.workload import analysis, analysis_view, reference
from lib.workload import reference_view as view

WORKERS, RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000, 3


def forms(all_slots) -> list[analysis.Form]:
    rng = random.Random(7)
    return [analysis.Form(i, f"W{i:04d}", date(2026, 5, 4), date(2026, 5, 15), "social_worker", "families",
                          rng.choice(["city", "rural"]), 1.0, 100.0, {s.id: rng.uniform(0.5, 30) for s in all_slots})
            for i in range(WORKERS)]


def floor(d, team) -> bytes:
    doc = Report(Meta("x", "x", "x", "x", date(2026, 12, 1)))
    for r in team.results:
        doc.add_page()
        for x in r.slots:
            doc.cell(0, 4, f"{x.id} {x.actual_pct:.1f} {x.reference_pct:.1f}", new_x="LMARGIN", new_y="NEXT")
    return doc.output_bytes()


def xlsx_floor(d, team) -> bytes:
    """The same cells, one sheet per worker, no styles, widths or formats (openpyxl's own cost)."""
    from openpyxl import Workbook

    from lib.exports import workbook_bytes

    wb = Workbook()
    wb.active.append(["x"] * 9)
    for r in team.results:
        ws = wb.create_sheet(f"W{r.form.id}")
        for x in r.slots + r.groups:
            ws.append([x.id, x.actual_pct, x.reference_pct, x.pp, x.relative, x.hours, x.reference_hours, ""])
    return workbook_bytes(wb)


def main() -> None:
    i18n.set_language("lv")
    d = domain.load()
    all_slots = view.slots(d)
    ref = reference.national(all_slots)
    team = analysis.team(d, [analysis.analyse(d, all_slots, f, ref) for f in forms(all_slots)])
    report = workload_report.WorkloadReport("Bench dienests", "Bench novads", "nacionālo etalonu", analysis.PP, team,
                                            reference.group_totals(all_slots, ref), date(2029, 5, 15), 3,
                                            date(2026, 12, 1))
    for name, build in (("pdf", lambda: workload_report.pdf(d, report)),
                        ("pdf floor", lambda: floor(d, team)),
                        ("xlsx", lambda: analysis_view.export_xlsx(d, team, analysis.PP, "Bench", "nacionālo etalonu",
                                                                    date(2026, 12, 1))),
                        ("xlsx floor", lambda: xlsx_floor(d, team))):
        times, size = [], 0
        for _ in range(RUNS):
            start = time.perf_counter()
            size = len(build())
            times.append(time.perf_counter() - start)
        print(f"{name:10s} {WORKERS} workers: median {statistics.median(times):.2f} s "
              f"(runs {', '.join(f'{x:.2f}' for x in times)}), {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
