"""Sources as people cite them: the document's short title, year and chapter ("slodzes etalona
ziņojums (2023): 4.1. nodaļa „Optimālais klientu lietu skaits vienam sociālajam darbiniekam”"),
found from the seed line numbers that every rule in data/ keeps for developers (data/sources.json
lists each seed's chapters with the line where its heading stands)."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from lib.domain import data_dir
from lib.i18n import current_language, t


@functools.cache
def _data(directory: Path) -> dict[str, dict]:
    return json.loads((directory / "sources.json").read_text(encoding="utf-8"))


def _first_line(lines: object) -> int:
    return int(str(lines).split(",")[0].split("-")[0].strip())


def _place(doc: Mapping, lines: object, lang: str) -> str | None:
    """The chapter (or annex, or unnumbered part) holding the passage's first line."""
    line = _first_line(lines)
    chapter = next((c for c in reversed(doc["chapters"]) if c["line"] <= line), None)
    if chapter is None:
        return None
    name = chapter[f"title_{lang}"]
    if "annex" in chapter:
        return t("source.annex", lang=lang, number=chapter["annex"], title=name)
    if "number" in chapter:
        return t("source.chapter", lang=lang, number=chapter["number"], title=name)
    return t("source.part", lang=lang, title=name)


def cite(refs: Iterable[Mapping[str, object]], lang: str | None = None) -> str:
    """A rule's passages (data/'s source entries: {"file": "000_….txt", "lines": "1192-1208"}) as a
    reader finds them: each document once with its year, then its chapters, in the order given."""
    lang = lang or current_language()
    docs = _data(data_dir())["documents"]
    places: dict[str, list[str]] = {}
    for ref in refs:
        key = str(ref["file"])[:3]
        found = places.setdefault(key, [])
        doc = docs.get(key)
        place = _place(doc, ref["lines"], lang) if doc else None
        if place and place not in found:
            found.append(place)
    out = []
    for key, found in places.items():
        doc = docs.get(key)
        if doc is None:  # a rule that rests on the product's own decision, not on a seed
            out.append(t("source.spec", lang=lang))
            continue
        title = doc[f"short_{lang}"] + (f" ({doc['year']})" if doc.get("year") else "")
        out.append(t("source.in", lang=lang, document=title, places="; ".join(found)) if found else title)
    return "; ".join(dict.fromkeys(out))


def passage(key: str, lang: str | None = None) -> str:
    """The citation of a passage one of the app's own texts rests on (data/sources.json "passages")."""
    return cite(_data(data_dir())["passages"][key], lang)
