"""SD KVPM self-assessment rules (catalogue §§2–3): bands, levels, which practices a standard scores,
the consensus spread and the improvement-plan seeds.

The method's central rule lives here by omission: subcriterion and criterion scores are AGREED by
the working group (seed lines 4716–4720). Nothing in this module turns practice scores into an
agreed score; `aid` gives the spread and mean only to start the discussion.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lib.domain import Band, Catalogue, Level

STANDARDS: tuple[str, ...] = ("base", "optimal")
STATUSES: tuple[str, ...] = ("individual", "consensus", "agreed", "plan")
PLAN_STATUSES: tuple[str, ...] = ("planned", "in_progress", "done", "dropped")
DECISIONS: tuple[str, ...] = ("confirmed", "excluded")
# What a member scores alone: a practice (criteria 1-5) or one dimension of an indicator group (6-8).
INDIVIDUAL_KINDS: tuple[str, ...] = ("practice", "trends", "goals")
# What the group agrees: the same items, plus the indicator group, subcriterion and criterion.
AGREED_KINDS: tuple[str, ...] = (*INDIVIDUAL_KINDS, "group", "subcriterion", "criterion")
# What a member writes for each subcriterion besides the scores (seed 004 lines 7088-7102, 7124-7128,
# 7189-7196; the form's "Komentāri par apakškritērija vērtējumu un priekšlikumi uzlabojumiem", lines
# 4736-4740): strengths, improvement areas, comments with improvement proposals.
COMMENT_FIELDS: tuple[str, ...] = ("strengths", "improvements", "proposals")
COMMENT_MAX = 2000  # characters per field: a few sentences, as on the paper form
NOTE_MAX = 1000  # characters of a member's note beside a score: a sentence or two, not an essay
SCORE_MIN, SCORE_MAX = 0, 100  # the scale is part of the method's text, checked against the bands


class ScoreError(ValueError):
    """A score outside the method's scale; `key` is the catalog message."""

    def __init__(self, value: object):
        super().__init__(f"score {value!r}")
        self.value = value
        self.key = "sa.error.score"


def check_score(value: object) -> int:
    """The score as an int, or ScoreError: whole numbers 0–100 only (12.0 is 12; 12.5, -1, 101 are not)."""
    if isinstance(value, bool):
        raise ScoreError(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
        raise ScoreError(value)
    return value


def band(score: object, bands: Sequence[Band]) -> Band:
    value = check_score(score)
    return next(b for b in bands if b.min <= value <= b.max)


def level(score: object, levels: Sequence[Level]) -> Level:
    value = check_score(score)
    return next(x for x in levels if x.min <= value <= x.max)


def criterion_kind(cat: Catalogue, criterion_id: str) -> str:
    return next(c.kind for c in cat.criteria if c.id == criterion_id)


def levels_for(cat: Catalogue, criterion_id: str) -> tuple[Level, ...]:
    """Table 11 for enabler criteria, table 14 for results criteria."""
    return cat.enabler_levels if criterion_kind(cat, criterion_id) == "enabler" else cat.results_levels


def is_results(cat: Catalogue, kind: str, item_id: str) -> bool:
    """Whether an item belongs to a results criterion (6-8): its indicator groups and their two
    dimensions always do; a subcriterion or criterion by its number ("6.1", "6")."""
    if kind in ("trends", "goals", "group"):
        return True
    if kind == "practice":
        return False
    return criterion_kind(cat, item_id.split(".")[0]) == "results"


def bands_for(cat: Catalogue, kind: str, item_id: str) -> tuple[Band, ...]:
    """Table 10 for practices and enabler subcriteria/criteria, table 13 (seed 004 lines 5802-6072)
    for indicator groups and results subcriteria/criteria."""
    return cat.results_bands if is_results(cat, kind, item_id) else cat.enabler_bands


# --- the practices a standard scores ------------------------------------------------------------


@dataclass(frozen=True)
class CustomPractice:
    code: str
    subcriterion_id: str
    text: str


@dataclass(frozen=True)
class Item:
    """One practice as scored: `status` is base / optimal / unconfirmed / confirmed / excluded / custom."""

    id: str
    criterion_id: str
    subcriterion_id: str
    text_lv: str
    text_en: str
    status: str

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" and self.text_en else self.text_lv


def _status(in_base: bool | None, decision: str | None) -> str:
    if in_base is None:
        return decision or "unconfirmed"
    return "base" if in_base else "optimal"


def all_practices(cat: Catalogue, decisions: Mapping[str, str],
                  custom: Sequence[CustomPractice] = ()) -> tuple[Item, ...]:
    """Every catalogue practice with its base status for this service, then the service's own."""
    items = [Item(p.id, p.criterion_id, p.subcriterion_id, p.text_lv, p.gloss_en,
                  _status(p.in_base, decisions.get(p.id))) for p in cat.practices]
    criterion_of = {s.id: s.criterion_id for s in cat.subcriteria}
    items += [Item(c.code, criterion_of[c.subcriterion_id], c.subcriterion_id, c.text, c.text, "custom")
              for c in custom]
    return tuple(items)


def practices(cat: Catalogue, standard: str, decisions: Mapping[str, str],
              custom: Sequence[CustomPractice] = ()) -> tuple[Item, ...]:
    """The practices scored under `standard`, in catalogue order.

    Base: the base practices, the unconfirmed ones (marked so) unless the service excluded them,
    and the service's own; the source's narrower base wording replaces the full text where given.
    Optimal: all of them.
    """
    if standard not in STANDARDS:
        raise ValueError(standard)
    base_text = {p.id: p.text_base_lv for p in cat.practices if p.text_base_lv}
    chosen = []
    for item in all_practices(cat, decisions, custom):
        if standard == "optimal":
            chosen.append(item)
        elif item.status in ("base", "unconfirmed", "confirmed", "custom"):
            text = base_text.get(item.id, item.text_lv)
            chosen.append(Item(item.id, item.criterion_id, item.subcriterion_id, text, item.text_en, item.status))
    order = {s.id: n for n, s in enumerate(cat.subcriteria)}
    return tuple(sorted(chosen, key=lambda i: (order[i.subcriterion_id], i.status == "custom")))


@dataclass(frozen=True)
class CountRow:
    criterion_id: str
    scored: int  # practices this service scores under the standard
    unconfirmed: int  # of them, still unconfirmed
    custom: int
    table1: int  # Table 1's count for the standard


def counts(cat: Catalogue, standard: str, items: Sequence[Item]) -> tuple[CountRow, ...]:
    """Practices per enabler criterion against Table 1 (the source's own counts differ by one in 4/5)."""
    return tuple(
        CountRow(cid, sum(i.criterion_id == cid for i in items),
                 sum(i.criterion_id == cid and i.status == "unconfirmed" for i in items),
                 sum(i.criterion_id == cid and i.status == "custom" for i in items),
                 table[standard])
        for cid, table in cat.table1.items()
    )


# --- consensus -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Aid:
    """Spread of scores for the discussion, never a score: n, lowest, highest, mean."""

    n: int
    low: int
    high: int
    mean: float

    @property
    def range(self) -> int:
        return self.high - self.low


def aid(scores: Iterable[int | None]) -> Aid | None:
    values = [s for s in scores if s is not None]
    if not values:
        return None
    return Aid(len(values), min(values), max(values), statistics.fmean(values))


@dataclass(frozen=True)
class Spread:
    kind: str
    item_id: str
    scores: Mapping[str, int]  # member → score
    aid: Aid


def spreads(individual: Iterable[tuple[str, str, str, int]], min_members: int = 2) -> tuple[Spread, ...]:
    """Items scored by at least `min_members` members, largest disagreement first (then by id).

    `individual` rows are (member, kind, item_id, score).
    """
    by_item: dict[tuple[str, str], dict[str, int]] = {}
    for member, kind, item_id, score in individual:
        by_item.setdefault((kind, item_id), {})[member] = score
    found = []
    for (kind, item_id), scores in by_item.items():
        if len(scores) >= min_members:
            found.append(Spread(kind, item_id, scores, aid(scores.values())))
    return tuple(sorted(found, key=lambda s: (-s.aid.range, _id_key(s.item_id), s.kind)))


def _id_key(item_id: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in item_id.split("."))


# --- results criteria --------------------------------------------------------------------------------


def missing_indicators(cat: Catalogue, measured: Mapping[str, int]) -> tuple[str, ...]:
    """Results criteria with fewer measured indicators than the base standard's minimum
    (`measured` = criterion → indicators that hold at least one value)."""
    return tuple(c.id for c in cat.criteria
                 if c.kind == "results" and measured.get(c.id, 0) < cat.min_indicators_base)


def indicator_years(cat: Catalogue, year: int) -> tuple[int, ...]:
    return tuple(range(year - cat.trend_years + 1, year + 1))


# --- improvement plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    """A suggested priority: a low-level agreed criterion, or an improvement proposal the group agreed
    (seed 004 lines 7332-7338: review the scores in all criteria and the collected improvement proposals).
    Members' disagreements are never a seed: they go to the consensus meeting (lines 7114-7120)."""

    reason: str  # "level" | "proposal"
    kind: str
    item_id: str
    score: int | None = None
    level: int | None = None
    field: str = ""  # a proposal's field: improvements | rationale
    text: str = ""  # a proposal's text, as the group wrote it

    @property
    def source(self) -> str:
        """What a plan row made from this seed remembers (so the seed is offered once)."""
        return f"{self.kind}:{self.item_id}" if self.reason == "level" else f"{self.kind}:{self.item_id}:{self.field}"


# The agreed texts that hold improvement proposals: the improvement areas of a subcriterion or criterion
# (lines 4754-4758, 7116) and a subcriterion's "comments on the score and proposals for improvement"
# (lines 4736-4740).
PROPOSAL_FIELDS: Mapping[str, tuple[str, ...]] = {"criterion": ("improvements",),
                                                   "subcriterion": ("improvements", "rationale")}


def priorities_max(cat: Catalogue) -> int:
    """The method's "1 – 3 priorities" (improvement-plan step 2 limits)."""
    text = next(s["limits"]["priorities"] for s in cat.plan["steps"] if s.get("limits"))
    return int(str(text).split("-")[-1])


def plan_seeds(cat: Catalogue, agreed_criteria: Mapping[str, int],
               proposals: Iterable[tuple[str, str, str, str]] = ()) -> tuple[Seed, ...]:
    """Lowest-level agreed criteria first (then lowest score), up to the method's number of priorities;
    then every agreed improvement proposal (`proposals`: kind, item, field, text), criteria before
    subcriteria, in catalogue order. Only agreed scores and texts go in: never a member's own."""
    limit = priorities_max(cat)
    ranked = sorted(
        ((level(score, levels_for(cat, cid)).level, score, cid) for cid, score in agreed_criteria.items()),
        key=lambda x: (x[0], x[1], _id_key(x[2])),
    )
    top_level = max((x.level for x in cat.enabler_levels), default=0)
    seeds = [Seed("level", "criterion", cid, score, lvl) for lvl, score, cid in ranked if lvl < top_level][:limit]
    kept = [(kind, item, fld, text.strip()) for kind, item, fld, text in proposals
            if fld in PROPOSAL_FIELDS.get(kind, ()) and text.strip()]
    kinds = list(PROPOSAL_FIELDS)
    kept.sort(key=lambda p: (_id_key(p[1].split(".")[0]), kinds.index(p[0]), _id_key(p[1]),
                             PROPOSAL_FIELDS[p[0]].index(p[2])))
    seeds += [Seed("proposal", kind, item, field=fld, text=text) for kind, item, fld, text in kept]
    return tuple(seeds)


def next_status(status: str) -> str | None:
    i = STATUSES.index(status)
    return STATUSES[i + 1] if i + 1 < len(STATUSES) else None


@dataclass(frozen=True)
class YearRow:
    criterion_id: str
    scores: Mapping[int, int | None]  # year → agreed criterion score
    change: int | None  # this year minus the latest earlier year with a score


def compare_years(by_year: Mapping[int, Mapping[str, int]], criteria: Sequence[str], year: int) -> tuple[YearRow, ...]:
    years = sorted({y for y in by_year if y <= year} | {year})
    rows = []
    for cid in criteria:
        scores = {y: by_year.get(y, {}).get(cid) for y in years}
        now = scores.get(year)
        before = [scores[y] for y in years if y < year and scores[y] is not None]
        rows.append(YearRow(cid, scores, None if now is None or not before else now - before[-1]))
    return tuple(rows)
