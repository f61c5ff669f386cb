"""Altair charts of reference splits (data in, chart out; labels already translated by the caller)."""

from __future__ import annotations

import altair as alt
import pandas as pd

PALETTE = ["#9E3039", "#8C8C8C", "#D9A441", "#3F6E8C"]


def split_bars(rows: list[dict[str, object]], series_order: list[str], value_title: str) -> alt.Chart:
    """Horizontal grouped bars: one line per item (function or group), one bar per series.
    `rows` hold item, series and pct; items keep the order they come in."""
    frame = pd.DataFrame(rows, columns=["item", "series", "pct"])
    order = list(dict.fromkeys(frame["item"]))
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelLimit=170)),
            yOffset=alt.YOffset("series:N", sort=series_order),
            x=alt.X("pct:Q", title=value_title),
            color=alt.Color("series:N", sort=series_order, scale=alt.Scale(range=PALETTE[: len(series_order)]),
                            legend=alt.Legend(title=None, orient="top")),
            tooltip=[alt.Tooltip("item:N", title=""), alt.Tooltip("series:N", title=""),
                     alt.Tooltip("pct:Q", title=value_title, format=".1f")],
        )
        .properties(height=alt.Step(9 * len(series_order) + 4))
    )
