"""Filled sample forms written from data/samples/content.json (invented content).

The same writers make the committed sample files, the DEMO service's data (imported through the
real upload path) and the test files, so every format is checked against the same content.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from lib.domain import DEFAULT_DATA_DIR, Domain
from lib.i18n import fmt_num
from lib.intake import forms

SAMPLES_DIR = DEFAULT_DATA_DIR / "samples"


@dataclass(frozen=True)
class SampleWorker:
    code: str
    position: str
    specialisation: str
    territory: str
    fte: float
    social_work_share: float
    functions: dict[str, tuple[float, str]]  # Nr. → (hours, unit)
    results: dict[str, tuple[str, int]]
    crisis: dict[str, int]
    others: dict[str, str]
    comments: dict[str, str]


def load_content(path: Path | None = None) -> tuple[tuple[date, date], list[SampleWorker], dict[str, Any]]:
    raw = json.loads((path or SAMPLES_DIR / "content.json").read_text(encoding="utf-8"))
    period = (date.fromisoformat(raw["period"][0]), date.fromisoformat(raw["period"][1]))
    workers = [
        SampleWorker(
            code=w["code"], position=w["position"], specialisation=w["specialisation"], territory=w["territory"],
            fte=float(w["fte"]), social_work_share=float(w["social_work_share"]),
            functions={k: (float(v[0]), v[1]) for k, v in w["functions"].items()},
            results={k: (v[0], int(v[1])) for k, v in w.get("results", {}).items()},
            crisis=w.get("crisis", {}), others=w.get("others", {}), comments=w.get("comments", {}),
        )
        for w in raw["workers"]
    ]
    return period, workers, raw["caseload"]


def _label(vocab: str, code: str, lang: str) -> str:
    return forms.vocabulary_label(vocab, code, lang)


def workload_xlsx(d: Domain, worker: SampleWorker, period: tuple[date, date], lang: str = "lv") -> bytes:
    """The downloadable single-worker template, filled in as a worker would."""
    wb = load_workbook(io.BytesIO(forms.workload_template(d, lang).data))
    ws = wb[wb.sheetnames[1]]
    values = {
        "worker_code": worker.code, "position": _label("position", worker.position, lang),
        "specialisation": _label("specialisation", worker.specialisation, lang),
        "territory": _label("territory", worker.territory, lang), "fte": worker.fte,
        "social_work_share": worker.social_work_share, "period_start": period[0], "period_end": period[1],
    }
    for row, field in enumerate(forms.WORKER_FIELDS, start=2):
        if field.key in values:
            ws.cell(row=row, column=2, value=values[field.key])
    fs = wb[wb.sheetnames[2]]
    col = {f.key: i for i, f in enumerate(forms.FUNCTION_FIELDS, start=1)}
    for row in range(2, fs.max_row + 1):
        nr = fs.cell(row=row, column=col["function_nr"]).value
        if nr in worker.functions:
            hours, unit = worker.functions[nr]
            fs.cell(row=row, column=col["hours"], value=hours)
            fs.cell(row=row, column=col["unit"], value=_label("unit", unit, lang))
            if nr in worker.results:
                fs.cell(row=row, column=col["result_indicator"], value=worker.results[nr][0])
                fs.cell(row=row, column=col["result_count"], value=worker.results[nr][1])
            for key, source in (("crisis_clients", worker.crisis), ("other_parties", worker.others),
                                ("comment", worker.comments)):
                if nr in source:
                    fs.cell(row=row, column=col[key], value=source[nr])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def batch_csv(d: Domain, workers: list[SampleWorker], period: tuple[date, date], *, lang: str = "lv",
              encoding: str = "cp1257", delimiter: str = ";") -> bytes:
    """The long table as Latvian Excel exports it: ';', decimal comma, dd.mm.yyyy, Windows-1257."""
    fields = forms.BATCH_FIELDS
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([forms.field_label(f.key, lang) for f in fields])
    names = {forms.function_number(d, f): f.name(lang) for f in d.reference.functions}
    for w in workers:
        for nr, (hours, unit) in w.functions.items():
            result = w.results.get(nr, ("", ""))
            row = {
                "worker_code": w.code, "worker_name": "", "position": _label("position", w.position, lang),
                "specialisation": _label("specialisation", w.specialisation, lang),
                "territory": _label("territory", w.territory, lang), "fte": fmt_num(w.fte, 2, lang),
                "social_work_share": fmt_num(w.social_work_share, 0, lang),
                "period_start": period[0].strftime("%d.%m.%Y"), "period_end": period[1].strftime("%d.%m.%Y"),
                "function_nr": nr, "group": "", "function": names[nr], "hours": fmt_num(hours, 2, lang),
                "unit": _label("unit", unit, lang), "result_indicator": result[0], "result_count": result[1],
                "crisis_clients": w.crisis.get(nr, ""), "other_parties": w.others.get(nr, ""),
                "comment": w.comments.get(nr, ""),
            }
            writer.writerow([str(row[f.key]).replace("\u00a0", " ") for f in fields])
    return out.getvalue().encode(encoding)


def caseload_xlsx(d: Domain, caseload: dict[str, Any], lang: str = "lv") -> bytes:
    wb = load_workbook(io.BytesIO(forms.caseload_template(d, lang).data))
    ws = wb[wb.sheetnames[1]]
    col = {f.key: i for i, f in enumerate(forms.CASELOAD_FIELDS, start=1)}
    row = 2
    for when in caseload["dates"]:
        i = caseload["dates"].index(when)
        for r in (r for r in caseload["rows"] if r["counts"][i] is not None):  # None: not counted that day
            values = {"worker_code": r["code"], "count_date": date.fromisoformat(when), "fte": r["fte"],
                      "experience_months": r["experience_months"],
                      "position": _label("position", r["position"], lang),
                      "territory": _label("territory", r["territory"], lang),
                      **dict(zip(forms.CASELOAD_COUNTS, r["counts"][i], strict=True))}
            for key, value in values.items():
                ws.cell(row=row, column=col[key], value=value)
            row += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def sample_files() -> list[tuple[str, bytes]]:
    """The committed sample files (data/samples), as an upload would hand them over."""
    return [(p.name, p.read_bytes()) for p in sorted(SAMPLES_DIR.iterdir()) if p.suffix in {".xlsx", ".ods", ".csv"}]
