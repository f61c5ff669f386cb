"""The page's Altair charts as PNG for the PDF reports, rendered in-process by vl-convert (the Vega
engine compiled into a Python wheel: no browser, no network), with the report's own font."""

from __future__ import annotations

import functools

import altair as alt
import vl_convert as vlc

from lib.reports.document import FONTS

SCALE = 2  # pixels per CSS pixel: sharp when printed


@functools.cache
def _fonts() -> None:
    vlc.register_font_directory(str(FONTS))


def png(chart: alt.TopLevelMixin, width: int = 640, height: int | None = None) -> bytes:
    """`chart` at `width` (and `height`) CSS pixels: a chart sized to its container on the page gets a
    fixed size."""
    _fonts()
    spec = (chart.properties(width=width, height=height) if height else chart.properties(width=width)).to_dict()
    spec.setdefault("config", {}).setdefault("font", "DejaVu Sans")
    return vlc.vegalite_to_png(spec, scale=SCALE)
