"""AppTest helpers: run the real app.py, read every text a user can see, and use the reference
editor's sliders as the browser does."""

from __future__ import annotations

import json
from weakref import WeakKeyDictionary

from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from lib.ui.reference_editor import GRID, SLIDERS, point
from tests.conftest import APP

# Proto fields that carry ids, not text a user sees (the sliders' data: "slot", "applied").
_HIDDEN_FIELDS = {"id", "formId", "key", "pageScriptHash", "page", "fragmentId", "type", "spec", "data",
                  "arrowData", "styler", "useContainerWidth", "width", "height", "icon", "slot", "applied"}


def run_app(lang: str | None = None, page: str | None = None, timeout: float = 30) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=timeout)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def _strings(value, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in _HIDDEN_FIELDS:
                _strings(v, out)
    elif isinstance(value, list):
        for v in value:
            _strings(v, out)


def visible_texts(at: AppTest) -> list[str]:
    """Every string in every rendered element (labels, values, options, help), ids left out."""
    out: list[str] = []
    stack = [at._tree]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            fields = MessageToDict(proto)
            if getattr(node, "type", None) == "bidi_component":  # a component's data is JSON
                fields["json"] = json.loads(fields.get("json", "null"))
            _strings(fields, out)
        children = getattr(node, "children", None)
        if children:
            stack.extend(children.values())
    for df in at.dataframe:
        out.extend(str(c) for c in df.value.columns)
        out.extend(str(v) for v in df.value.astype(str).to_numpy().ravel())
    return out


def open_tab(at: AppTest, label: str, key: str = "ref_tabs") -> AppTest:
    """Open a tab of tabs the server tracks (`st.tabs(key=…, on_change="rerun")`), as a click does."""
    at.session_state[key] = label
    return at.run()


def _sliders(at: AppTest):
    return next(e.proto for e in at.get("bidi_component") if e.key == SLIDERS)


def slider_data(at: AppTest) -> dict:
    """What the reference editor's sliders get from the server (reference_editor.sliders)."""
    return json.loads(_sliders(at).json)


def sliders(at: AppTest) -> dict[str, dict]:
    """Slot → the row its slider shows: label, hint, point on the grid, caption, locked."""
    return {row["slot"]: row for group in slider_data(at)["groups"] for row in group["rows"]}


def shown_pct(at: AppTest) -> dict[str, float]:
    """Each slider's value in %."""
    return {slot: GRID[row["point"]] for slot, row in sliders(at).items()}


_edits: WeakKeyDictionary[AppTest, dict] = WeakKeyDictionary()


def slide(at: AppTest, slot: str, pct: float) -> AppTest:
    """Move a slider to `pct` and run, as the browser sends it (reference_sliders.js)."""
    return _edit(at, "moves", slot, point(pct))


def lock(at: AppTest, slot: str, locked: bool = True) -> AppTest:
    """Tick (or clear) a slider's lock box and run."""
    return _edit(at, "locks", slot, locked)


def _edit(at: AppTest, kind: str, slot: str, value: int | bool) -> AppTest:
    edits = _edits.setdefault(at, {"mount": "apptest", "seq": 0, "moves": {}, "locks": {}})
    edits["seq"] += 1
    edits[kind][slot] = [value, edits["seq"]]
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = _sliders(at).id
    state.json_value = json.dumps({"edits": edits})
    return at._run(states)
