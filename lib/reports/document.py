"""An A4 report page in the UI language: fpdf2 with DejaVu Sans embedded (Latvian diacritics in any
PDF reader), a running head naming the service and what the report rests on, and page numbers.

fpdf2 (pure Python, maintained, LGPL) writes the PDF directly: no browser and no system fonts at
run time. Charts arrive as PNG from `lib.reports.pictures` (the page's own Altair charts). Every
text a user typed is written as text: a PDF has no markup to inject into.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos
from PIL import Image

from lib.i18n import fmt_date, t

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
INK, MUTED, ACCENT, RULE = (34, 34, 34), (100, 100, 100), (158, 48, 57), (210, 210, 210)
PDF_MIME = "application/pdf"
PAGES = "{total_pages}"  # fpdf2 writes the page count here; as wide as a 4-digit count (1,000 workers)


@dataclass(frozen=True)
class Meta:
    """What every page says about the report: whose it is, when it was made, what it rests on."""

    title: str
    service: str
    municipality: str
    basis: str  # the reference or the assessment the numbers are measured against
    made: date
    basis_key: str = "export.basis"  # how the basis is introduced: "Salīdzināts ar: …" or "Pamatā: …"


class Report(FPDF):
    def __init__(self, meta: Meta, *, landscape: bool = False):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.meta = meta
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(15, 16, 15)
        self.set_auto_page_break(True, margin=16)
        self.set_title(meta.title)
        self.set_author(meta.service)
        self.set_creator("slodze")
        self.set_font(FAMILY, size=9.5)
        self._widths: dict[tuple[str, bool, float], float] = {}

    # fpdf2 calls these on every page
    def header(self) -> None:
        self.set_font(FAMILY, size=7.5)
        self.set_text_color(*MUTED)
        who = self._fit(" · ".join(x for x in (self.meta.service, self.meta.municipality) if x), self.epw * 0.6)
        self.set_xy(self.l_margin, 7)
        self.cell(self.epw * 0.6, 4, who, new_x=XPos.RIGHT)
        self.cell(self.epw * 0.4, 4, self.meta.title, align="R")
        self.set_draw_color(*RULE)
        self.line(self.l_margin, 12, self.w - self.r_margin, 12)
        self.set_xy(self.l_margin, self.t_margin)
        self.set_text_color(*INK)
        self.set_font(FAMILY, size=9.5)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FAMILY, size=7.5)
        self.set_text_color(*MUTED)
        left = self._fit(t("export.footer", date=fmt_date(self.meta.made), basis=self._basis()), self.epw * 0.8)
        self.cell(self.epw * 0.8, 4, left)
        self.cell(self.epw * 0.2, 4, t("export.page", page=self.page_no(), pages=PAGES), align="R")
        self.set_text_color(*INK)

    def _basis(self) -> str:
        return t(self.meta.basis_key, basis=self.meta.basis)

    def _fit(self, text: str, width: float) -> str:
        """`text` cut with "…" to `width` mm in the current font (a long reference name in the footer)."""
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"

    # building blocks
    def title_block(self, subtitle: str | None = None) -> None:
        self._lines(self.meta.title, 16, bold=True, ink=ACCENT)
        self.ln(1)
        lines = [t("export.service", service=self.meta.service)]
        if self.meta.municipality:
            lines.append(t("export.municipality", municipality=self.meta.municipality))
        lines += [t("export.made", date=fmt_date(self.meta.made)), self._basis()]
        if subtitle:
            lines.append(subtitle)
        for line in lines:
            self._lines(line, 9.5)
        self.ln(3)

    def heading(self, text: str, size: float = 12) -> None:
        if self.will_page_break(22):
            self.add_page()
        self.ln(2)
        self._lines(text, size, bold=True)
        self.ln(1.5)

    def paragraph(self, text: str, *, size: float = 9.5, muted: bool = False) -> None:
        self._lines(text, size, ink=MUTED if muted else INK)
        self.ln(1)

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self._lines(item, 9.5, indent=6, mark="•")
        self.ln(1)

    def _lines(self, text: str, size: float, *, bold: bool = False, ink: tuple[int, int, int] = INK,
               indent: float = 0, mark: str | None = None) -> None:
        """Text wrapped to the line, left-aligned, breaking pages between lines (fpdf2's multi_cell
        re-measures every character: the per-worker pages of a big team spent most of their time there)."""
        height = size * 0.5
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*ink)
        for i, line in enumerate(self._wrap(text, self.epw - indent, bold, size)):
            if self.will_page_break(height):
                self.add_page()
                self.set_font(FAMILY, "B" if bold else "", size)
                self.set_text_color(*ink)
            y = self.get_y()
            if mark and i == 0:
                self.text(self.l_margin + indent - 4, y + height * 0.8, mark)
            self.text(self.l_margin + indent, y + height * 0.8, line)
            self.set_y(y + height)
        self.set_text_color(*INK)
        self.set_font(FAMILY, size=9.5)

    def data_table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], *,
                   align: Sequence[str] | None = None, size: float = 8) -> None:
        """A table whose header row repeats on every page it runs onto; `widths` in parts of the line,
        `align` per column ("L", "R", "C"). Laid out here, word by word with cached widths: fpdf2's own
        table measured ~180 ms a page, too slow for a report of 1,000 workers (bench/reports.py)."""
        total = sum(widths)
        cols = [self.epw * w / total for w in widths]
        align = align or ["L"] * len(cols)
        line_h, pad = size * 0.45, 1.0

        def lines_of(row: Sequence[str], bold: bool) -> list[list[str]]:
            return [self._wrap(str(v), w - 2 * pad, bold, size) for v, w in zip(row, cols, strict=True)]

        def draw(row_lines: list[list[str]], bold: bool, fill: tuple[int, int, int] | None,
                 ink: tuple[int, int, int]) -> None:
            height = max(len(x) for x in row_lines) * line_h + 2 * pad
            if self.will_page_break(height) and not bold:
                self.add_page()
                draw(head, True, ACCENT, (255, 255, 255))
            y, x = self.get_y(), self.l_margin
            if fill:
                self.set_fill_color(*fill)
                self.rect(self.l_margin, y, self.epw, height, style="F")
            self.set_font(FAMILY, "B" if bold else "", size)
            self.set_text_color(*ink)
            for lines, w, how in zip(row_lines, cols, align, strict=True):
                for i, line in enumerate(lines):
                    width = self._width(line, bold, size)
                    left = x + pad if how == "L" else x + w - pad - width if how == "R" else x + (w - width) / 2
                    self.text(left, y + pad + (i + 0.8) * line_h, line)
                x += w
            self.set_draw_color(*RULE)
            self.line(self.l_margin, y + height, self.l_margin + self.epw, y + height)
            self.set_y(y + height)

        head = lines_of(headers, True)
        if self.will_page_break(3 * line_h + 4 * pad):
            self.add_page()
        draw(head, True, ACCENT, (255, 255, 255))
        for i, row in enumerate(rows):
            draw(lines_of(row, False), False, (246, 242, 240) if i % 2 else None, INK)
        self.set_text_color(*INK)
        self.set_font(FAMILY, size=9.5)
        self.ln(2)

    def _width(self, text: str, bold: bool, size: float) -> float:
        key = (text, bold, size)
        found = self._widths.get(key)
        if found is None:
            self.set_font(FAMILY, "B" if bold else "", size)
            found = self._widths[key] = self.get_string_width(text)
        return found

    def _wrap(self, text: str, width: float, bold: bool, size: float) -> list[str]:
        """Greedy word wrap at `width` mm, words measured once (no kerning: a line's width is the sum of
        its words and spaces); a word longer than the column stands on its own line."""
        space = self._width(" ", bold, size)
        out: list[str] = []
        for paragraph in text.split("\n"):
            line, used = "", 0.0
            for word in paragraph.split(" "):
                w = self._width(word, bold, size)
                if line and used + space + w > width:
                    out.append(line)
                    line, used = word, w
                elif line:
                    line, used = f"{line} {word}", used + space + w
                else:
                    line, used = word, w
            out.append(line)
        return out or [""]

    def picture(self, png: bytes, width_mm: float | None = None) -> None:
        """A chart (PNG at 2× scale) at the given width, on this page if it fits, else the next."""
        with Image.open(BytesIO(png)) as im:
            w_px, h_px = im.size
        width = min(width_mm or self.epw, self.epw)
        height = width * h_px / w_px
        if height > self.eph:
            height, width = self.eph, self.eph * w_px / h_px
        if self.will_page_break(height):
            self.add_page()
        self.image(BytesIO(png), x=self.l_margin, w=width, h=height)
        self.ln(2)

    def output_bytes(self) -> bytes:
        return bytes(self.output())
