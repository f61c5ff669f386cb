"""AppTest helpers: run the real app.py, and read every text a user can see."""

from __future__ import annotations

from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from tests.conftest import APP

# Proto fields that carry ids, not text a user sees.
_HIDDEN_FIELDS = {"id", "formId", "key", "pageScriptHash", "page", "fragmentId", "type", "spec", "data",
                  "arrowData", "styler", "useContainerWidth", "width", "height", "icon"}


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
            _strings(MessageToDict(proto), out)
        children = getattr(node, "children", None)
        if children:
            stack.extend(children.values())
    for df in at.dataframe:
        out.extend(str(c) for c in df.value.columns)
        out.extend(str(v) for v in df.value.astype(str).to_numpy().ravel())
    return out
