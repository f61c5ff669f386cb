"""What a member reads while scoring, carried word for word from seed 004 through data/self_assessment.json:
each criterion's description ("Raksturo …"), introduction and key questions ("Svarīgākie jautājumi",
e.g. lines 1695-1780), table 12's typical evidence per subcriterion (lines 4811-5773), and the footnote
that marks the 14 practices whose base-standard wording is narrower than the full (optimal) one.

The source has these texts in Latvian only; they are shown as the method writes them in either UI language.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lib import domain

NARROWER = "base_narrower"  # the footnote kind: "Bāzes standartā šī izcilību raksturojošā prakse nav tik ietilpīga …"


@dataclass(frozen=True)
class Lines:
    first: int
    last: int


@dataclass(frozen=True)
class CriterionGuide:
    id: str
    description_lv: str  # "" for results criteria (tables 7-9 have none)
    description_lines: Lines | None
    intro_lv: str
    intro_lines: Lines | None
    key_questions_lv: tuple[str, ...]  # enabler criteria only
    key_questions_lines: Lines | None


@dataclass(frozen=True)
class EvidenceExample:
    subcriterion_id: str
    text_lv: str
    practices: tuple[str, ...]  # the practice numbers printed beside it (kept as printed)
    lines: Lines


@dataclass(frozen=True)
class Footnote:
    number: int
    line: int
    text_lv: str


@dataclass(frozen=True)
class Guide:
    criteria: Mapping[str, CriterionGuide]
    evidence_intro_lv: str
    evidence: tuple[EvidenceExample, ...]
    narrower: Mapping[str, Footnote]  # practice id → its "narrower in the base standard" footnote

    def evidence_for(self, subcriterion_id: str) -> tuple[EvidenceExample, ...]:
        return tuple(e for e in self.evidence if e.subcriterion_id == subcriterion_id)


def _lines(raw: object) -> Lines | None:
    if not raw:
        return None
    flat = [n for x in raw for n in (x if isinstance(x, list) else [x])]  # [a, b] or [[a, b], [c, d]]
    return Lines(int(min(flat)), int(max(flat)))


def parse(raw: Mapping[str, object]) -> Guide:
    criteria = {
        c["id"]: CriterionGuide(c["id"], c.get("description_lv") or "", _lines(c.get("description_source_lines")),
                                c.get("intro_lv") or "", _lines(c.get("intro_source_lines")),
                                tuple(c.get("key_questions_lv") or ()), _lines(c.get("key_questions_source_lines")))
        for c in raw["criteria"]
    }
    table12 = raw.get("evidence_types") or {}
    evidence = tuple(EvidenceExample(r["subcriterion_id"], r["evidence_lv"],
                                     tuple(r.get("practice_refs_as_printed", ())), _lines(r["source_lines"]))
                     for r in table12.get("rows", ()))
    narrower = {p["id"]: Footnote(int(f["footnote"]), int(f["source_line"]), f["text_lv"])
                for p in raw["practices"] for f in p.get("footnotes", ()) if f.get("kind") == NARROWER}
    return Guide(criteria, table12.get("intro_lv", ""), evidence, narrower)


@functools.cache
def _load(path: Path) -> Guide:
    return parse(json.loads(path.read_text(encoding="utf-8")))


def load() -> Guide:
    """The guide from the data directory in use (the file domain.load has already checked)."""
    return _load(domain.data_dir() / domain.FILES["self_assessment"])
