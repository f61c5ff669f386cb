"""Build the hostile-input corpus (committed next to this script) and its manifest expected.json.

    .venv/bin/python tests/corpus/build.py      # needs LibreOffice (soffice) for the .ods case

Every file here must be rejected with the stated problem at the stated place. Files that are odd
but valid (blank rows, BOM, English headers, …) are in quirks/ and must import.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from lib import domain
from lib.demo import samples
from lib.intake import forms

HERE = Path(__file__).resolve().parent
QUIRKS = HERE / "quirks"
D = domain.load()
PERIOD, WORKERS, CASELOAD = samples.load_content()
SD01 = WORKERS[0]
manifest: dict[str, dict] = {}


def expect(name: str, key: str, sheet: str | None = None, row: int | None = None, column: str | None = None) -> None:
    manifest[name] = {"key": key, "sheet": sheet, "row": row, "column": column}


def write(name: str, data: bytes, key: str, **where) -> None:
    (HERE / name).write_bytes(data)
    expect(name, key, **where)


def filled() -> Workbook:
    return load_workbook(io.BytesIO(samples.workload_xlsx(D, SD01, PERIOD)))


def save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def clear(ws, row: int, column: int) -> None:
    ws.cell(row=row, column=column).value = None  # ws.cell(..., value=None) would leave the cell as it is


def mutate(name: str, key: str, change, **where) -> None:
    wb = filled()
    change(wb["Darbinieks"], wb["Funkcijas"])
    write(name, save(wb), key, **where)


def csv_text(rows: list[list[str]], encoding: str = "cp1257") -> bytes:
    return "\r\n".join(";".join(r) for r in rows).encode(encoding) + b"\r\n"


def base_csv() -> list[list[str]]:
    text = samples.batch_csv(D, [WORKERS[2]], PERIOD).decode("cp1257")
    return [line.split(";") for line in text.strip().split("\r\n")]


def build() -> None:
    for old in HERE.glob("*.*"):
        if old.suffix not in {".py", ".json"}:
            old.unlink()
    good = samples.workload_xlsx(D, SD01, PERIOD)

    write("empty.xlsx", b"", "empty_file")
    write("empty.csv", b"", "empty_file")
    write("blank_workbook.xlsx", save(Workbook()), "empty_file")
    write("truncated.xlsx", good[: len(good) // 2], "damaged")
    write("not_a_spreadsheet.xlsx", "Šis nav Excel fails, tikai teksts.".encode(), "damaged")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(io.BytesIO(good)) as source:
            for item in source.infolist():
                archive.writestr(item, source.read(item))
        archive.writestr("xl/media/padding.bin", b"\0" * (80 * 1024 * 1024))
    write("zip_bomb.xlsx", bomb.getvalue(), "too_large_unzipped")
    wb = filled()
    wb["Funkcijas"].cell(row=900_000, column=1, value="x")
    write("huge_declared_sheet.xlsx", save(wb), "sheet_too_large", sheet="Funkcijas")
    wb = Workbook()
    wb.active.cell(row=1, column=1, value="Darbinieka kods")
    wb.active.cell(row=2, column=300, value=1)
    write("too_wide.xlsx", save(wb), "sheet_too_large", sheet="Sheet")
    wb = Workbook()
    wb.active.append(["Vārds", "Adrese", "Tālrunis"])
    wb.active.append(["Anna", "Rīga", "20000000"])
    write("wrong_form.xlsx", save(wb), "wrong_form")
    write("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "unsupported_type")

    mutate("unknown_function.xlsx", "unknown_function",
           lambda w, f: (clear(f, 5, 1), f.cell(row=5, column=3, value="Kafijas pauze")),
           sheet="Funkcijas", row=5, column="C")
    mutate("missing_unit.xlsx", "missing_unit", lambda w, f: clear(f, 6, 5),
           sheet="Funkcijas", row=6, column="E")
    mutate("non_numeric.xlsx", "not_a_number", lambda w, f: f.cell(row=7, column=4, value="daudz"),
           sheet="Funkcijas", row=7, column="D")
    mutate("negative.xlsx", "negative", lambda w, f: f.cell(row=8, column=4, value=-5),
           sheet="Funkcijas", row=8, column="D")
    mutate("absurd_total.xlsx", "total_absurd",
           lambda w, f: [f.cell(row=r, column=4, value=60) for r in range(2, 8)], sheet="Funkcijas")
    mutate("fte_zero.xlsx", "fte_range", lambda w, f: w.cell(row=7, column=2, value=0),
           sheet="Darbinieks", row=7, column="B")
    mutate("share_too_high.xlsx", "share_range", lambda w, f: w.cell(row=8, column=2, value=150),
           sheet="Darbinieks", row=8, column="B")
    mutate("missing_code.xlsx", "missing_value", lambda w, f: clear(w, 2, 2),
           sheet="Darbinieks", row=2, column="B")
    mutate("period_reversed.xlsx", "period_order", lambda w, f: w.cell(row=10, column=2, value=date(2026, 4, 1)),
           sheet="Darbinieks", row=10, column="B")
    mutate("unknown_position.xlsx", "unknown_value", lambda w, f: w.cell(row=4, column=2, value="direktors"),
           sheet="Darbinieks", row=4, column="B")
    mutate("date_in_hours.xlsx", "date_in_number", lambda w, f: f.cell(row=9, column=4, value=date(2026, 5, 1)),
           sheet="Funkcijas", row=9, column="D")
    mutate("formula_without_value.xlsx", "missing_hours", lambda w, f: f.cell(row=10, column=4, value="=2*4"),
           sheet="Funkcijas", row=10, column="D")
    mutate("no_hours.xlsx", "no_hours",
           lambda w, f: [clear(f, r, c) for r in range(2, 19) for c in range(4, 11)],
           sheet="Funkcijas")
    wb = filled()
    wb["Funkcijas"].sheet_state = "hidden"
    wb.active = 0
    write("hidden_data_sheet.xlsx", save(wb), "hidden_sheet", sheet="Funkcijas")

    batch = load_workbook(io.BytesIO(forms.batch_template(D, "lv").data))
    data = batch["Dati"]
    data.merge_cells("M1:N1")
    data["A2"], data["F2"], data["H2"], data["I2"], data["J2"], data["M2"] = "SD09", 1, PERIOD[0], PERIOD[1], "2.1", 5
    write("merged_header.xlsx", save(batch), "merged_cells", sheet="Dati", row=1, column="M")

    rows = base_csv()
    write("unknown_unit.csv", csv_text([rows[0], [*rows[1][:13], "dienā", *rows[1][14:]], *rows[2:]]),
          "unknown_unit", row=2, column="N")
    write("fte_too_high.csv", csv_text([rows[0]] + [[*r[:5], "2,00", *r[6:]] for r in rows[1:]]), "fte_range",
          row=2, column="F")
    write("duplicate_function.csv", csv_text([*rows[:4], rows[2]]), "duplicate_function", row=5, column="L")
    write("missing_column.csv", csv_text([r[:13] + r[14:] for r in rows]), "missing_column", row=1)
    write("invalid_date.csv", csv_text([rows[0]] + [[*r[:7], "32.13.2026", *r[8:]] for r in rows[1:]]),
          "invalid_date", row=2, column="H")
    write("worker_mismatch.csv", csv_text([*rows[:3], [*rows[3][:5], "0,50", *rows[3][6:]], *rows[4:]]),
          "worker_mismatch", row=4, column="F")
    write("bad_encoding.csv", csv_text(rows[:3]).replace(b"SD03", b"SD\x98\x81"), "encoding")
    write("binary.csv", b"\x00\x01\x02PK\x00" * 200, "not_text")

    header = [forms.field_label(f.key, "lv") for f in forms.CASELOAD_FIELDS]
    case = ["SD01", "", "31.03.2026", "-3", "1", "1", "0", "0", "0", "1", "24", "sociālais darbinieks", "pilsēta"]
    write("caseload_negative.csv", csv_text([header, case]), "negative", row=2, column="D")
    write("caseload_duplicate.csv", csv_text([header, [*case[:3], "12", *case[4:]], [*case[:3], "13", *case[4:]]]),
          "duplicate_row", row=3, column="A")
    wb = load_workbook(io.BytesIO(forms.caseload_template(D, "lv").data))
    wb["Lietas"].append(["SD02", None, date(2026, 3, 31), 2.5, 1, 1, 0, 0, 0, 1, 12])
    write("caseload_fractional.xlsx", save(wb), "not_whole", sheet="Lietas", row=202, column="D")

    with tempfile.TemporaryDirectory() as tmp:  # LibreOffice-made: a non-number typed in an .ods
        wb = filled()
        wb["Funkcijas"].cell(row=11, column=4, value="divas")
        source = Path(tmp) / "non_numeric_libreoffice.xlsx"
        source.write_bytes(save(wb))
        subprocess.run([shutil.which("soffice") or "soffice", "--headless", "--convert-to", "ods", "--outdir", tmp,
                        str(source)], check=True, capture_output=True, timeout=180)
        shutil.copy(Path(tmp) / "non_numeric_libreoffice.ods", HERE / "non_numeric_libreoffice.ods")
    expect("non_numeric_libreoffice.ods", "not_a_number", sheet="Funkcijas", row=11, column="D")

    build_long_lines()
    (HERE / "expected.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    build_quirks(rows)
    print(f"{len(manifest)} hostile files, {len(list(QUIRKS.iterdir()))} quirk files")


def build_long_lines() -> None:
    """One line of `;`-separated numbers (4 MB and 256 KB): once stalled the whole server for minutes
    (the separator guess was quadratic in the line's length). Refused as too wide, in linear time."""
    for name, size in (("long_line.csv", 4 * 2**20), ("long_line_256k.csv", 256 * 2**10)):
        write(name, (b"1234;" * (size // 5 + 1))[:size], "sheet_too_large")


def build_quirks(rows: list[list[str]]) -> None:
    """Odd but valid: each must import with the same hours as the clean sample."""
    QUIRKS.mkdir(exist_ok=True)
    for old in QUIRKS.iterdir():
        old.unlink()
    wb = filled()
    f = wb["Funkcijas"]
    f.insert_rows(6, 2)
    f.insert_cols(11)
    wb.create_sheet("Piezīmes").append(["brīvas piezīmes", 1, 2, 3])
    hidden = wb.create_sheet("Slēpta")
    hidden.sheet_state = "hidden"
    (QUIRKS / "blank_rows_and_columns.xlsx").write_bytes(save(wb))
    (QUIRKS / "utf8_bom.csv").write_bytes(b"\xef\xbb\xbf" + csv_text(rows, "utf-8"))
    (QUIRKS / "utf8_no_bom.csv").write_bytes(csv_text(rows, "utf-8"))
    tab = "\r\n".join("\t".join(r) for r in rows).encode("utf-8")
    (QUIRKS / "tab_separated.csv").write_bytes(tab)
    (QUIRKS / "utf16_excel_unicode_text.csv").write_bytes("\r\n".join("\t".join(r) for r in rows).encode("utf-16"))
    point = [rows[0]] + [[c.replace(",", ".") if i in (5, 12) else c for i, c in enumerate(r)] for r in rows[1:]]
    (QUIRKS / "comma_point_decimals.csv").write_bytes(
        "\r\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in point).encode("utf-8"))
    shouting = [[c.upper().replace("Ā", "A").replace("Ī", "I").replace("Ē", "E") for c in rows[0]], *rows[1:]]
    (QUIRKS / "uppercase_no_diacritics_headers.csv").write_bytes(csv_text(shouting))
    (QUIRKS / "title_rows_above_header.csv").write_bytes(csv_text([["Slodzes analīze 2026"], [""], *rows]))
    english = samples.batch_csv(D, [WORKERS[2]], PERIOD, lang="en", encoding="utf-8", delimiter=",")
    (QUIRKS / "english_headers_and_units.csv").write_bytes(english)
    (QUIRKS / "english_template.xlsx").write_bytes(samples.workload_xlsx(D, WORKERS[2], PERIOD, lang="en"))
    with tempfile.TemporaryDirectory() as tmp:  # the old binary Excel format, written by LibreOffice
        source = Path(tmp) / "libreoffice_excel97.xlsx"
        source.write_bytes(samples.workload_xlsx(D, WORKERS[2], PERIOD))
        subprocess.run([shutil.which("soffice") or "soffice", "--headless", "--convert-to", "xls", "--outdir", tmp,
                        str(source)], check=True, capture_output=True, timeout=180)
        shutil.copy(Path(tmp) / "libreoffice_excel97.xls", QUIRKS / "libreoffice_excel97.xls")


if __name__ == "__main__":
    build()
