"""Number fields that read Latvian: `0,75` and `0.75` both mean three quarters, the value is shown
in the UI language's format, and a bad value is explained in the UI language under the field.

Streamlit's number input is a browser number field: in Chromium it drops the comma (`0,75` became
`075`) and speaks English ("Press Enter to apply", range errors). This is a text field read by
i18n.read_number; the last good value is kept in `key`, the text in `key__text`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from lib.i18n import NumberProblem, fmt_input, read_number


def _text_key(key: str) -> str:
    return f"{key}__text"


def number_field(label: str, key: str, *, minimum: float, maximum: float, default: float | int | None,
                 decimals: int = 0, allow_empty: bool = False, help: str | None = None,
                 placeholder: str | None = None, on_change: Callable[..., Any] | None = None,
                 args: tuple = (), where: Any = None) -> float | int | None:
    """The field's current good value (`default` until one is typed). While the field holds text
    that is not a good value, the message stands under it and the last good value is used."""
    where = where or st
    limits = (minimum, maximum, decimals, allow_empty)
    if key not in st.session_state:
        st.session_state[key] = default
    value = st.session_state[key]
    problem = None
    text = st.session_state.get(_text_key(key))
    if text is None:
        st.session_state[_text_key(key)] = fmt_input(value, decimals)
    else:
        try:
            if read_number(text, *limits) != value:  # changed elsewhere (a reset, a stored value)
                st.session_state[_text_key(key)] = fmt_input(value, decimals)
        except NumberProblem as exc:
            problem = exc
    where.text_input(label, key=_text_key(key), help=help, placeholder=placeholder,
                     on_change=_typed, args=(key, limits, on_change, args))
    if problem is not None:
        where.error(problem.message(), icon=":material/error:")
    return value


def _typed(key: str, limits: tuple, on_change: Callable[..., Any] | None, args: tuple) -> None:
    try:
        value = read_number(st.session_state[_text_key(key)], *limits)
    except NumberProblem:
        return  # the field keeps the text; the message is drawn under it
    st.session_state[key] = value
    st.session_state[_text_key(key)] = fmt_input(value, limits[2])
    if on_change is not None:
        on_change(*args)
