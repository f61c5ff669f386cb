"""Every source in data/ is cited as a reader finds it: document, year, chapter. The chapter table
in data/sources.json is checked against the seed texts (each heading stands on its line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lib import sources
from lib.domain import DEFAULT_DATA_DIR

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _refs(value):
    if isinstance(value, dict):
        if "file" in value and "lines" in value:
            yield value
        for v in value.values():
            yield from _refs(v)
    elif isinstance(value, list):
        for v in value:
            yield from _refs(v)


REFS = [r for f in sorted(DEFAULT_DATA_DIR.glob("*.json")) if f.name != "sources.json"
        for r in _refs(json.loads(f.read_text(encoding="utf-8")))]


def test_every_seed_passage_in_data_cites_a_chapter_of_a_known_document():
    seed_refs = [r for r in REFS if str(r["file"])[:3].isdigit()]
    assert len(seed_refs) > 150
    for ref in seed_refs:
        with_chapters = str(ref["file"])[:3] in ("000", "004")
        for lang in ("lv", "en"):
            text = sources.cite([ref], lang)
            assert (": " in text) == with_chapters, (ref, text)  # a chapter wherever the document has them
    assert sources.cite([{"file": "SPEC.md", "lines": "§4"}]) == "lietotnes specifikācija"


def test_one_document_is_named_once_with_its_chapters_in_order():
    text = sources.cite([{"file": "000_x.txt", "lines": "2747-2753"}, {"file": "000_x.txt", "lines": "1054"},
                         {"file": "000_x.txt", "lines": "2750"}], "lv")
    assert text == ("slodzes etalona ziņojums (2023): 4.1. nodaļa „Optimālais klientu lietu skaits vienam sociālajam"
                    " darbiniekam”; 1.5. nodaļa „Optimālā klientu lietu skaita noteikšanas metodoloģija”")
    assert sources.cite([{"file": "004_x.txt", "lines": "4716-4720"}], "en") == (
        "SD KVPM method: section 2.3 “Scoring the criteria”")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts are not next to this checkout")
def test_chapter_lines_point_at_their_headings_in_the_seeds():
    data = json.loads((DEFAULT_DATA_DIR / "sources.json").read_text(encoding="utf-8"))
    for prefix, doc in data["documents"].items():
        lines = [c["line"] for c in doc["chapters"]]
        assert lines == sorted(lines), prefix
        seed = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8").split("\n")
        for c in doc["chapters"]:
            heading = seed[c["line"] - 1].replace(" ", "")
            expected = (f"{c['number']}." if "number" in c else f"{c['annex']}.PIELIKUMS" if "annex" in c
                        else c["title_lv"].upper().replace(" ", ""))
            assert heading.startswith(expected), (prefix, c, heading)
