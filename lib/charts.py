"""Altair charts of reference splits (data in, chart out; labels already translated by the caller)."""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

PALETTE = ["#9E3039", "#8C8C8C", "#D9A441", "#3F6E8C"]


def split_bars(rows: list[dict[str, object]], series_order: list[str], value_title: str, *,
               big: bool = False) -> alt.Chart:
    """Horizontal grouped bars: one line per item (function or group), one bar per series.
    `rows` hold item, series and pct; items keep the order they come in. Long names wrap onto
    several label lines instead of being cut (two functions differ only in their last words);
    `big` is for a projector."""
    frame = split_frame(rows, big=big)
    return _split_bars(alt.Chart(frame), list(dict.fromkeys(frame["item"])), series_order, value_title, big)


BARS = "bars"  # the dataset split_bars_spec draws


def split_bars_spec(items: list[str], series_order: list[str], value_title: str, *, big: bool = False) -> dict:
    """split_bars as a Vega-Lite spec over the named dataset BARS, without its data: a page that
    redraws the chart on every slider move builds this once (building and validating the Altair chart
    costs ~10 ms) and sends `split_frame(rows)` with it. `items`: the frame's items in their order."""
    return _split_bars(alt.Chart(alt.Data(name=BARS)), items, series_order, value_title, big).to_dict()


def split_frame(rows: list[dict[str, object]], *, big: bool = False) -> pd.DataFrame:
    """split_bars' data: `rows`, each item's name wrapped into label lines (kept whole for the tooltip)."""
    frame = pd.DataFrame(rows, columns=["item", "series", "pct"])
    frame["name"] = frame["item"]
    frame["item"] = [_wrapped(str(item), 44 if big else 48) for item in frame["item"]]
    return frame


def _split_bars(chart: alt.Chart, order: list[str], series_order: list[str], value_title: str, big: bool
                ) -> alt.Chart:
    font = 15 if big else 11
    lines = max((item.count(LINE) + 1 for item in order), default=1)
    return (
        chart
        .mark_bar()
        .encode(
            y=alt.Y("item:N", sort=order, title=None,
                    axis=alt.Axis(labelLimit=0, labelFontSize=font, labelExpr=f"split(datum.label, '{LINE}')")),
            yOffset=alt.YOffset("series:N", sort=series_order),
            x=alt.X("pct:Q", title=value_title, axis=alt.Axis(labelFontSize=font, titleFontSize=font)),
            color=alt.Color("series:N", sort=series_order, scale=alt.Scale(range=_palette(len(series_order))),
                            legend=alt.Legend(title=None, orient="top", labelFontSize=font, labelLimit=0,
                                              columns=1)),  # one per line: a narrow column cuts a row
            tooltip=[alt.Tooltip("name:N", title=""), alt.Tooltip("series:N", title=""),
                     alt.Tooltip("pct:Q", title=value_title, format=".1f")],
        )
        # with yOffset the step is one bar's: each item gets its bars, and room for its label lines
        .properties(height=alt.Step(max(14 if big else 10, -(-(lines * (font + 3) + 6) // len(series_order)))))
    )


LINE = "|"  # label line break inside a chart label (function names hold no "|")
_MORE_COLOURS = ["#5B8C5A", "#7A5195", "#EF8A62", "#2A9D8F", "#B07AA1", "#4E79A7"]


def _wrapped(text: str, width: int) -> str:
    return LINE.join(textwrap.wrap(text.replace(LINE, "/"), width)) or text


def _palette(n: int) -> list[str]:
    return [*PALETTE, *_MORE_COLOURS][:n]


def caseload_history(rows: list[dict[str, object]], low: float, high: float, y_title: str, band_title: str
                     ) -> alt.Chart:
    """Active cases per FTE by date, one line per worker, over the optimal band."""
    frame = pd.DataFrame(rows, columns=["worker", "date", "per_fte"])
    frame["date"] = pd.to_datetime(frame["date"])
    band = alt.Chart(pd.DataFrame({"low": [low], "high": [high], "label": [band_title]})).mark_rect(
        color="#D9A441", opacity=0.18).encode(y="low:Q", y2="high:Q")
    lines = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%d.%m.%Y")),
        y=alt.Y("per_fte:Q", title=y_title),
        color=alt.Color("worker:N", legend=alt.Legend(title=None, orient="top")),
        tooltip=["worker:N", alt.Tooltip("date:T", format="%d.%m.%Y"), alt.Tooltip("per_fte:Q", format=".1f")],
    )
    return band + lines


def heatmap(rows: list[dict[str, object]], title: str) -> alt.Chart:
    """Functions down (every one labelled in full), workers across, the deviation in pp written in
    each cell; the colour follows its meaning (`tone`): blue = more time for direct social work or
    less on other duties, red = the opposite."""
    frame = pd.DataFrame(rows, columns=["worker", "item", "pp", "text", "tone"])
    frame["name"] = frame["item"]
    frame["item"] = [_wrapped(str(item), 48) for item in frame["item"]]  # long names differ at their end
    order = list(dict.fromkeys(frame["item"]))
    lines = max((item.count(LINE) + 1 for item in order), default=1)
    limit = max(float(frame["tone"].abs().max() or 0), 1.0)
    base = alt.Chart(frame).encode(
        x=alt.X("worker:N", title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("item:N", sort=order, title=None,
                axis=alt.Axis(labelLimit=0, labelExpr=f"split(datum.label, '{LINE}')")),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("tone:Q", legend=None, scale=alt.Scale(scheme="redblue", domain=[-limit, limit])),
        tooltip=[alt.Tooltip("worker:N", title=""), alt.Tooltip("name:N", title=""),
                 alt.Tooltip("text:N", title=title)],
    )
    text = base.mark_text(fontSize=11).encode(
        text="text:N", color=alt.condition(f"abs(datum.tone) > {0.6 * limit}", alt.value("white"), alt.value("black")))
    return (cells + text).properties(height=alt.Step(lines * 14 + 6))


def trend(rows: list[dict[str, object]], title: str) -> alt.Chart:
    frame = pd.DataFrame(rows, columns=["period", "series", "pct"])
    frame["period"] = pd.to_datetime(frame["period"])
    return alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("period:T", title=None, axis=alt.Axis(format="%d.%m.%Y")),
        y=alt.Y("pct:Q", title=title),
        color=alt.Color("series:N", legend=alt.Legend(title=None, orient="top")),
        tooltip=["series:N", alt.Tooltip("period:T", format="%d.%m.%Y"), alt.Tooltip("pct:Q", format=".1f")],
    )


def level_bars(rows: list[dict[str, object]], bands: list[dict[str, object]], x_title: str) -> alt.Chart:
    """Agreed criterion scores as horizontal bars over the level bands (level 1-4 shaded)."""
    frame = pd.DataFrame(rows, columns=["item", "score", "level"])
    order = list(dict.fromkeys(frame["item"]))
    shade = alt.Chart(pd.DataFrame(bands, columns=["low", "high", "label"])).mark_rect(opacity=0.55).encode(
        x="low:Q", x2="high:Q",
        color=alt.Color("label:N", scale=alt.Scale(range=["#E8C4C7", "#F2DDA4", "#CFE0C3", "#A9CBB7"]),
                        legend=alt.Legend(title=None, orient="top")),
    )
    bars = alt.Chart(frame).mark_bar(color=PALETTE[0], height=14).encode(
        y=alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelLimit=0)),  # criterion names in full
        x=alt.X("score:Q", title=x_title, scale=alt.Scale(domain=[0, 100])),
        tooltip=["item:N", "score:Q", "level:Q"],
    )
    return (shade + bars).properties(height=alt.Step(24))


def score_heatmap(rows: list[dict[str, object]], title: str) -> alt.Chart:
    """Agreed subcriterion scores (0-100) by criterion, one cell each, labelled with the score."""
    frame = pd.DataFrame(rows, columns=["criterion", "subcriterion", "score"])
    order = list(dict.fromkeys(frame["criterion"]))
    base = alt.Chart(frame).encode(
        x=alt.X("subcriterion:N", title=None, sort=None),
        y=alt.Y("criterion:N", sort=order, title=None, axis=alt.Axis(labelLimit=220)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("score:Q", title=title, scale=alt.Scale(scheme="redyellowgreen", domain=[0, 100])),
        tooltip=["criterion:N", "subcriterion:N", "score:Q"],
    )
    return cells + base.mark_text(fontSize=11).encode(text="score:Q")


def year_bars(rows: list[dict[str, object]], x_title: str) -> alt.Chart:
    """Agreed criterion scores side by side per year."""
    frame = pd.DataFrame(rows, columns=["item", "year", "score"])
    order = list(dict.fromkeys(frame["item"]))
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelLimit=220)),
        yOffset=alt.YOffset("year:N"),
        x=alt.X("score:Q", title=x_title, scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("year:N", scale=alt.Scale(range=PALETTE), legend=alt.Legend(title=None, orient="top")),
        tooltip=["item:N", "year:N", "score:Q"],
    )
