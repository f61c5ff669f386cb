"""The self-assessment rules (lib/quality/rules.py): bands, levels, the practices a standard scores,
the consensus aid, the plan seeds and the year comparison — checked against the catalogue's own text."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.domain import ROOT, load
from lib.quality import rules as A

CAT = load().catalogue
RAW = json.loads((ROOT / "data" / "self_assessment.json").read_text(encoding="utf-8"))
SCORING = RAW["scoring"]
RAW_ENABLER_BANDS = SCORING["enabler_practice_subcriterion_scale"]["bands"]
RAW_RESULTS_BANDS = SCORING["results_scale"]["bands"]
RAW_COUNTS = {c["criterion_id"]: c for c in RAW["standards_counts"]["enabler_criteria"]}
EDGES = (0, 1, 10, 11, 30, 31, 50, 51, 80, 81, 100)
BAND_OF = {0: (0, 0), 1: (1, 10), 10: (1, 10), 11: (11, 30), 30: (11, 30), 31: (31, 50), 50: (31, 50),
           51: (51, 80), 80: (51, 80), 81: (81, 100), 100: (81, 100)}
LEVEL_OF = {0: 1, 1: 1, 10: 1, 11: 1, 30: 1, 31: 2, 50: 2, 51: 3, 80: 3, 81: 4, 100: 4}
NOT_SCORES = (-1, 101, 12.5, True, False, "50", None, float("nan"), float("inf"), 1000, [50])
UNCONFIRMED = tuple(p.id for p in CAT.practices if p.in_base is None)
ENABLERS = tuple(c.id for c in CAT.criteria if c.kind == "enabler")
RESULTS = tuple(c.id for c in CAT.criteria if c.kind == "results")


def _ids(items) -> list[str]:
    return [i.id for i in items]


def _per_criterion(items) -> dict[str, int]:
    return dict(Counter(i.criterion_id for i in items))


# --- scores, bands, levels ---------------------------------------------------------------------------


@pytest.mark.parametrize("score", EDGES)
def test_enabler_band_at_every_edge_carries_the_catalogue_text(score):
    got = A.band(score, CAT.enabler_bands)
    assert (got.min, got.max) == BAND_OF[score]
    raw = next(b for b in RAW_ENABLER_BANDS if b["min"] <= score <= b["max"])
    assert got.label_lv == raw["label_lv"]
    assert got.text("description", "lv") == raw["description_lv"]
    assert got.text("description", "en") == raw["description_en"]


@pytest.mark.parametrize("score", EDGES)
def test_results_band_at_every_edge_carries_both_dimensions(score):
    got = A.band(score, CAT.results_bands)
    assert (got.min, got.max) == BAND_OF[score]
    raw = next(b for b in RAW_RESULTS_BANDS if b["min"] <= score <= b["max"])
    assert got.label_lv == raw["label_lv"]
    for dim in ("trends", "goals"):
        assert got.text(dim, "lv") == raw[f"{dim}_lv"]
        assert got.text(dim, "en") == raw[f"{dim}_en"]


def test_band_labels_are_the_sources_words():
    assert A.band(45, CAT.enabler_bands).label_lv == "31 – 50 punktu"
    assert A.band(0, CAT.enabler_bands).label_lv == "0 punktu"
    assert A.band(45, CAT.results_bands).label_lv == "31 – 50 punkti"
    assert [(b.min, b.max) for b in CAT.enabler_bands] == [(0, 0), (1, 10), (11, 30), (31, 50), (51, 80), (81, 100)]
    assert [(b.min, b.max) for b in CAT.results_bands] == [(b.min, b.max) for b in CAT.enabler_bands]


@pytest.mark.parametrize("score", EDGES)
@pytest.mark.parametrize("which", ["enabler", "results"])
def test_level_at_every_edge(score, which):
    levels = CAT.enabler_levels if which == "enabler" else CAT.results_levels
    raw = SCORING[f"{which}_criterion_levels"]["levels"]
    got = A.level(score, levels)
    assert got.level == LEVEL_OF[score]
    expected = next(x for x in raw if x["level"] == LEVEL_OF[score])
    assert (got.min, got.max) == (expected["min"], expected["max"])
    assert (got.text_lv, got.text_en) == (expected["description_lv"], expected["description_en"])


def test_levels_for_and_bands_for_pick_the_right_table():
    for cid in ENABLERS:
        assert A.levels_for(CAT, cid) is CAT.enabler_levels
        assert A.criterion_kind(CAT, cid) == "enabler"
    for cid in RESULTS:
        assert A.levels_for(CAT, cid) is CAT.results_levels
        assert A.criterion_kind(CAT, cid) == "results"
    for kind, item in (("practice", "1.1.1"), ("subcriterion", "1.1"), ("criterion", "5"), ("practice", "1.2.S1")):
        assert A.bands_for(CAT, kind, item) is CAT.enabler_bands
    for kind, item in (("trends", "6.1.1"), ("goals", "C12"), ("group", "8.1.1"), ("subcriterion", "6.1"),
                       ("subcriterion", "8.3"), ("criterion", "7")):
        assert A.bands_for(CAT, kind, item) is CAT.results_bands
    assert (CAT.enabler_bands[0].min, CAT.enabler_bands[-1].max) == (A.SCORE_MIN, A.SCORE_MAX)


SEED = Path("/work/shared/seeds/004_53260be4ac3d3033.txt")


def _seed_words(ranges) -> str:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    return " ".join(w for a, b in ranges for n in range(a, b + 1) for w in lines[n - 1].split())


@pytest.mark.skipif(not SEED.exists(), reason="the seed documents are not on this machine")
def test_table_13_is_in_the_catalogue_word_for_word_with_its_lines():
    """Seed 004 lines 5802-6072 (table 13, the results scale; lines 5774-5788 say results subcriteria
    and criteria are scored on it): every band's trends and goals text is the seed's words."""
    for band, raw in zip(CAT.results_bands, RAW_RESULTS_BANDS, strict=True):
        assert " ".join(band.text("trends", "lv").split()) == _seed_words(raw["trends_source_lines"])
        assert " ".join(band.text("goals", "lv").split()) == _seed_words(raw["goals_source_lines"])
    assert _seed_words([[5899, 5899]]) == "Neliels"  # 31-50 trends: "Neliels progress, …"


def test_a_results_subcriterion_at_45_shows_table_13_not_the_enabler_text():
    """Seed 004 lines 5774-5788 and table 13 (lines 5802-6072): a results subcriterion at 45 is in
    the 31-50 band of table 13 ("Neliels progress …" / "… Sasniegti būtiskākie mērķi."), never table
    10's "… aktivitātes, kas attiecas uz labo praksi …" (lines 4464-4470)."""
    from lib.quality import view
    for kind, item in (("subcriterion", "6.1"), ("criterion", "6"), ("group", "7.1.1")):
        text = view.band_text(CAT, kind, 45, item)
        assert text.startswith("31 – 50 punkti: Tendences: Neliels progress, kā arī vērtējumā iekļauts neliels")
        assert "Mērķi: Skaidri redzama rezultātu rādītāju sasaiste ar darbības mērķiem un rezultātiem." in text
        assert "Sasniegti būtiskākie mērķi." in text and "labo praksi" not in text
    assert "labo praksi" in view.band_text(CAT, "subcriterion", 45, "1.1")
    assert view.band_text(CAT, "trends", 45, "6.1.1") == ("31 – 50 punkti: Neliels progress, kā arī vērtējumā iekļauts"
                                                         " neliels skaits rezultātu rādītāju.")


@pytest.mark.parametrize("value", NOT_SCORES, ids=repr)
def test_not_a_score_is_rejected_everywhere(value):
    for check in (A.check_score, lambda v: A.band(v, CAT.enabler_bands), lambda v: A.band(v, CAT.results_bands),
                  lambda v: A.level(v, CAT.enabler_levels), lambda v: A.level(v, CAT.results_levels)):
        with pytest.raises(A.ScoreError) as caught:
            check(value)
        assert caught.value.key == "sa.error.score"
        assert caught.value.value is value
        assert isinstance(caught.value, ValueError)


def test_whole_floats_count_as_whole_numbers():
    assert A.check_score(12.0) == 12 and type(A.check_score(12.0)) is int
    assert A.check_score(0.0) == 0 and A.check_score(100.0) == 100
    assert A.band(12.0, CAT.enabler_bands) == A.band(12, CAT.enabler_bands)
    assert A.level(80.0, CAT.enabler_levels).level == 3
    for score in range(0, 101):
        assert A.check_score(score) == score


# --- the practices a standard scores -------------------------------------------------------------------


def test_base_standard_is_base_plus_unconfirmed():
    items = A.practices(CAT, "base", {})
    expected = {p.id for p in CAT.practices if p.in_base is True} | set(UNCONFIRMED)
    assert set(_ids(items)) == expected
    assert len(items) == len(expected)  # no id twice
    assert not {p.id for p in CAT.practices if p.in_base is False} & set(_ids(items))
    status = {i.id: i.status for i in items}
    assert {status[p] for p in UNCONFIRMED} == {"unconfirmed"}
    assert {s for i, s in status.items() if i not in UNCONFIRMED} == {"base"}


def test_optimal_standard_is_all_92_in_catalogue_order():
    items = A.practices(CAT, "optimal", {})
    assert len(items) == len(CAT.practices) == 92
    assert _ids(items) == [p.id for p in CAT.practices]
    by_id = {p.id: p for p in CAT.practices}
    for item in items:
        p = by_id[item.id]
        assert item.text_lv == p.text_lv  # the full wording, never the narrower base one
        assert item.status == {True: "base", False: "optimal", None: "unconfirmed"}[p.in_base]
        assert (item.criterion_id, item.subcriterion_id) == (p.criterion_id, p.subcriterion_id)


def test_base_wording_replaces_the_full_text_under_base_only():
    with_base = [p for p in CAT.practices if p.text_base_lv]
    assert with_base, "the catalogue gives a narrower base wording for some practices"
    base = {i.id: i for i in A.practices(CAT, "base", {})}
    optimal = {i.id: i for i in A.practices(CAT, "optimal", {})}
    for p in with_base:
        if p.id in base:
            assert base[p.id].text_lv == p.text_base_lv != p.text_lv
        assert optimal[p.id].text_lv == p.text_lv
    for p in CAT.practices:
        if p.id in base and not p.text_base_lv:
            assert base[p.id].text_lv == p.text_lv
        if p.id in base:
            assert base[p.id].text_en == p.gloss_en


def test_excluding_and_confirming_unconfirmed_practices():
    first, second = "2.3.4", "2.3.7"
    assert {first, second} <= set(UNCONFIRMED)
    items = A.practices(CAT, "base", {first: "excluded", second: "confirmed"})
    status = {i.id: i.status for i in items}
    assert first not in status
    assert status[second] == "confirmed"
    every = {i.id: i.status for i in A.all_practices(CAT, {first: "excluded"})}
    assert every[first] == "excluded"  # still listed, so the service can undo it
    optimal = {i.id: i.status for i in A.practices(CAT, "optimal", {first: "excluded"})}
    assert optimal[first] == "excluded"  # optimal scores all practices whatever the base decision


def test_decisions_do_not_touch_practices_the_source_settles():
    settled_base = next(p.id for p in CAT.practices if p.in_base is True)
    settled_out = next(p.id for p in CAT.practices if p.in_base is False)
    decisions = {settled_base: "excluded", settled_out: "confirmed"}
    assert A.practices(CAT, "base", decisions) == A.practices(CAT, "base", {})
    assert A.practices(CAT, "optimal", decisions) == A.practices(CAT, "optimal", {})


def test_custom_practices_join_both_standards_after_the_catalogues():
    custom = (A.CustomPractice("1.2.S1", "1.2", "Mūsu prakse"), A.CustomPractice("4.6.S1", "4.6", "Vēl viena"))
    for standard in A.STANDARDS:
        items = A.practices(CAT, standard, {}, custom)
        ids = _ids(items)
        assert "1.2.S1" in ids and "4.6.S1" in ids
        own = {i.id: i for i in items if i.status == "custom"}
        assert own["1.2.S1"].criterion_id == "1" and own["4.6.S1"].criterion_id == "4"
        assert own["1.2.S1"].text("en") == own["1.2.S1"].text("lv") == "Mūsu prakse"
        in_sub = [i.id for i in items if i.subcriterion_id == "1.2"]
        assert in_sub[-1] == "1.2.S1"  # after the catalogue's practices of its subcriterion
        assert ids.index("1.2.S1") < ids.index(next(i for i in ids if i.startswith("1.3.")))
        order = [CAT.subcriterion_ids.index(i.subcriterion_id) for i in items]
        assert order == sorted(order)
    assert len(A.practices(CAT, "optimal", {}, custom)) == 94


def test_unknown_standard_is_refused():
    with pytest.raises(ValueError):
        A.practices(CAT, "premium", {})


def test_item_text_falls_back_to_latvian():
    item = A.Item("x", "1", "1.1", "teksts", "", "base")
    assert item.text("en") == item.text("lv") == "teksts"
    assert A.Item("x", "1", "1.1", "teksts", "text", "base").text("en") == "text"


def test_table1_counts_come_from_the_catalogue():
    assert dict(CAT.table1) == {
        cid: {"base": c["table1_base"]["practices"], "optimal": c["table1_optimal"]["practices"]}
        for cid, c in RAW_COUNTS.items()}
    # cross-check a couple against Table 1 as printed
    assert [CAT.table1[c]["base"] for c in ENABLERS] == [13, 12, 13, 11, 9]
    assert [CAT.table1[c]["optimal"] for c in ENABLERS] == [17, 20, 18, 20, 17]


def test_optimal_counts_per_criterion():
    items = A.practices(CAT, "optimal", {})
    rows = {r.criterion_id: r for r in A.counts(CAT, "optimal", items)}
    assert set(rows) == set(ENABLERS)
    in_catalogue = _per_criterion(CAT.practices)
    for cid, row in rows.items():
        assert row.scored == in_catalogue[cid] == RAW_COUNTS[cid]["found_in_text"]["practices"]
        assert row.unconfirmed == sum(p.criterion_id == cid and p.in_base is None for p in CAT.practices)
        assert row.custom == 0
        assert row.table1 == CAT.table1[cid]["optimal"]
    assert sum(r.scored for r in rows.values()) == 92
    # the source's own text differs from its Table 1 by one practice in criteria 4 and 5
    assert [cid for cid, r in rows.items() if r.scored != r.table1] == ["4", "5"]


def test_base_counts_bracket_table1_until_decided():
    rows = {r.criterion_id: r for r in A.counts(CAT, "base", A.practices(CAT, "base", {}))}
    for cid, row in rows.items():
        determined = sum(p.criterion_id == cid and p.in_base is True for p in CAT.practices)
        assert determined == len(RAW_COUNTS[cid]["base_determined_true"])
        assert row.scored == determined + len(RAW_COUNTS[cid]["base_undetermined"])
        assert row.unconfirmed == len(RAW_COUNTS[cid]["base_undetermined"])
        assert row.scored - row.unconfirmed <= row.table1 <= row.scored
        assert row.table1 == CAT.table1[cid]["base"]
    assert rows["1"].scored == 13 and rows["1"].unconfirmed == 0


def test_deciding_as_many_as_table1_needs_gives_table1():
    decisions = {}
    for cid, raw in RAW_COUNTS.items():
        needed = raw["undetermined_needed_for_table1_base_count"]
        for n, pid in enumerate(raw["base_undetermined"]):
            decisions[pid] = "confirmed" if n < needed else "excluded"
    rows = A.counts(CAT, "base", A.practices(CAT, "base", decisions))
    assert {r.criterion_id: r.scored for r in rows} == {cid: CAT.table1[cid]["base"] for cid in ENABLERS}
    assert all(r.unconfirmed == 0 for r in rows)


def test_each_decision_moves_the_count_by_one():
    before = {r.criterion_id: r for r in A.counts(CAT, "base", A.practices(CAT, "base", {}))}
    excluded = {r.criterion_id: r for r in A.counts(CAT, "base", A.practices(CAT, "base", {"3.3.5": "excluded"}))}
    confirmed = {r.criterion_id: r for r in A.counts(CAT, "base", A.practices(CAT, "base", {"3.3.5": "confirmed"}))}
    assert (excluded["3"].scored, excluded["3"].unconfirmed) == (before["3"].scored - 1, before["3"].unconfirmed - 1)
    assert (confirmed["3"].scored, confirmed["3"].unconfirmed) == (before["3"].scored, before["3"].unconfirmed - 1)
    for cid in set(ENABLERS) - {"3"}:
        assert excluded[cid] == confirmed[cid] == before[cid]
    custom = (A.CustomPractice("5.1.S1", "5.1", "x"), A.CustomPractice("5.1.S2", "5.1", "y"))
    with_own = {r.criterion_id: r for r in A.counts(CAT, "base", A.practices(CAT, "base", {}, custom))}
    assert (with_own["5"].scored, with_own["5"].custom) == (before["5"].scored + 2, 2)


# --- consensus aid ----------------------------------------------------------------------------------


def test_aid_is_a_spread_never_a_score():
    assert A.aid([]) is None and A.aid([None, None]) is None
    got = A.aid([40, None, 60, 80])
    assert (got.n, got.low, got.high, got.mean, got.range) == (3, 40, 80, 60.0, 40)
    assert A.aid([37]).range == 0
    assert [f.name for f in dataclasses.fields(A.Aid)] == ["n", "low", "high", "mean"]
    assert not any("agreed" in f.name or f.name == "score" for f in dataclasses.fields(A.Aid))
    assert not hasattr(A, "agree") and not hasattr(A, "agreed_score")


def test_spreads_order_threshold_and_mean():
    rows = [
        ("Anna", "practice", "1.1.1", 10), ("Jānis", "practice", "1.1.1", 30),  # range 20
        ("Anna", "practice", "1.1.10", 0), ("Jānis", "practice", "1.1.10", 90),  # range 90
        ("Anna", "practice", "1.1.9", 50), ("Jānis", "practice", "1.1.9", 50), ("Līga", "practice", "1.1.9", 50),
        ("Anna", "practice", "1.1.2", 70), ("Jānis", "practice", "1.1.2", 90),  # range 20, after 1.1.1
        ("Anna", "trends", "6.1.1", 5), ("Jānis", "trends", "6.1.1", 96), ("Līga", "trends", "6.1.1", 45),
        ("Anna", "goals", "6.1.1", 5),  # one member only: left out
        ("Līga", "practice", "2.1.1", 100),  # one member only: left out
    ]
    got = A.spreads(rows)
    assert [(s.kind, s.item_id) for s in got] == [
        ("trends", "6.1.1"), ("practice", "1.1.10"), ("practice", "1.1.1"), ("practice", "1.1.2"),
        ("practice", "1.1.9")]
    top = got[0]
    assert dict(top.scores) == {"Anna": 5, "Jānis": 96, "Līga": 45}
    assert (top.aid.n, top.aid.low, top.aid.high, top.aid.range) == (3, 5, 96, 91)
    assert top.aid.mean == pytest.approx(146 / 3)
    assert got[-1].aid.range == 0 and got[-1].aid.mean == 50
    assert [s.item_id for s in A.spreads(rows, min_members=3)] == ["6.1.1", "1.1.9"]
    loose = A.spreads(rows, min_members=1)
    assert len(loose) == 7 and [(s.kind, s.item_id) for s in loose[-3:]] == [
        ("practice", "1.1.9"), ("practice", "2.1.1"), ("goals", "6.1.1")]
    assert A.spreads([]) == ()


def test_spreads_ids_sort_numerically_and_a_resubmitted_score_replaces_the_first():
    rows = [("A", "practice", i, 0) for i in ("1.1.10", "1.1.2", "1.2.S1", "1.2.1")]
    rows += [("B", "practice", i, 0) for i in ("1.1.10", "1.1.2", "1.2.S1", "1.2.1")]
    assert [s.item_id for s in A.spreads(rows)] == ["1.1.2", "1.1.10", "1.2.1", "1.2.S1"]
    twice = [("A", "practice", "1.1.1", 10), ("B", "practice", "1.1.1", 20), ("A", "practice", "1.1.1", 60)]
    (only,) = A.spreads(twice)
    assert dict(only.scores) == {"A": 60, "B": 20} and only.aid.n == 2


MEMBERS = st.sampled_from(["Anna", "Jānis", "Līga", "Pēteris"])
ITEMS = st.sampled_from(["1.1.1", "1.1.2", "2.3.4", "5.1.S1", "6.1.1", "8.3.1"])
INDIVIDUAL = st.lists(st.tuples(MEMBERS, st.sampled_from(A.INDIVIDUAL_KINDS), ITEMS, st.integers(0, 100)),
                      max_size=40)
AGREED = st.dictionaries(st.sampled_from([c.id for c in CAT.criteria]), st.integers(0, 100))


@settings(max_examples=150, deadline=None)
@given(INDIVIDUAL, AGREED)
def test_no_rule_turns_individual_scores_into_agreed_ones(individual, agreed):
    spread = A.spreads(individual)
    last: dict[tuple[str, str], dict[str, int]] = {}
    for member, kind, item, score in individual:
        last.setdefault((kind, item), {})[member] = score
    for s in spread:
        assert dict(s.scores) == last[(s.kind, s.item_id)]
        assert s.aid.n == len(s.scores) >= 2
        assert s.aid.low == min(s.scores.values()) <= s.aid.mean <= max(s.scores.values()) == s.aid.high
    assert [s.aid.range for s in spread] == sorted((s.aid.range for s in spread), reverse=True)
    assert {(s.kind, s.item_id) for s in spread} == {k for k, v in last.items() if len(v) >= 2}

    seeds = A.plan_seeds(CAT, agreed, ())
    limit = A.priorities_max(CAT)
    assert all(s.reason == "level" for s in seeds) and len(seeds) <= limit
    for seed in seeds:  # only the agreed criterion scores given, unchanged
        assert seed.kind == "criterion" and seed.item_id in agreed and seed.score == agreed[seed.item_id]
        assert seed.level == A.level(seed.score, A.levels_for(CAT, seed.item_id)).level
    assert A.plan_seeds(CAT, {}, ()) == ()  # members' scores, however far apart, never seed the plan


# --- results criteria -------------------------------------------------------------------------------


def test_missing_indicators_and_indicator_years():
    minimum = RAW["standards_counts"]["results_criteria"]["min_indicators_per_results_criterion_base"]
    assert CAT.min_indicators_base == minimum == 1
    assert A.missing_indicators(CAT, {}) == RESULTS == ("6", "7", "8")
    assert A.missing_indicators(CAT, {"6": 1, "8": 0}) == ("7", "8")
    assert A.missing_indicators(CAT, {"6": 2, "7": 1, "8": 5, "1": 0}) == ()
    assert CAT.trend_years == SCORING["results_scale"]["trend_years"]["max"] == 5
    assert A.indicator_years(CAT, 2024) == (2020, 2021, 2022, 2023, 2024)


# --- improvement plan --------------------------------------------------------------------------------


def test_priorities_max_is_the_methods_1_to_3():
    limits = next(s["limits"] for s in RAW["process"]["improvement_plan"]["steps"] if s.get("limits"))
    assert limits["priorities"] == "1-3"
    assert A.priorities_max(CAT) == 3


def test_plan_seeds_lowest_level_first_capped():
    agreed = {"1": 90, "2": 20, "3": 45, "4": 10, "6": 60, "7": 35, "8": 30}
    seeds = A.plan_seeds(CAT, agreed, ())
    assert [(s.item_id, s.score, s.level) for s in seeds] == [("4", 10, 1), ("2", 20, 1), ("8", 30, 1)]
    assert all(s.reason == "level" and s.kind == "criterion" for s in seeds)
    # the top level is never a priority
    assert A.plan_seeds(CAT, {"1": 81, "6": 100}, ()) == ()
    # ties in level and score go by criterion number
    tied = A.plan_seeds(CAT, {"5": 40, "3": 40, "7": 40, "2": 55}, ())
    assert [s.item_id for s in tied] == ["3", "5", "7"]


def test_an_80_point_disagreement_goes_to_the_consensus_agenda_not_to_the_plan():
    """Seed 004 lines 7114-7120: after the individual scoring the group meets in consensus meetings to
    understand why scores differ and agree; lines 7332-7338: priorities are chosen from the scores
    obtained and the improvement proposals collected. A disagreement is an agenda item, not a priority."""
    rows = [("A", "practice", "1.1.1", 10), ("B", "practice", "1.1.1", 90),
            ("A", "practice", "1.1.2", 50), ("B", "practice", "1.1.2", 50),
            ("A", "trends", "6.1.1", 20), ("B", "trends", "6.1.1", 40)]
    agenda = A.spreads(rows, min_members=1)
    assert [(s.item_id, s.kind, s.aid.range) for s in agenda][:2] == [("1.1.1", "practice", 80),
                                                                       ("6.1.1", "trends", 20)]
    seeds = A.plan_seeds(CAT, {"1": 70}, ())
    assert [(s.reason, s.kind, s.item_id) for s in seeds] == [("level", "criterion", "1")]
    assert seeds[0].score == 70 and seeds[0].level == 3 and seeds[0].source == "criterion:1"
    assert not any(s.item_id == "1.1.1" for s in seeds)
    assert "disagreement" not in {f.name for f in dataclasses.fields(A.Seed)} | {s.reason for s in seeds}


def test_plan_seeds_take_the_agreed_improvement_proposals():
    """Seed 004 lines 7328-7338: the proposals written down during the self-assessment are reviewed with
    the scores to choose the priorities; lines 4736-4740: a subcriterion's comments and proposals."""
    proposals = [("subcriterion", "2.1", "rationale", "Stratēģiju pārskatīt reizi gadā"),
                 ("subcriterion", "1.2", "improvements", "  Darba snieguma vadība "),
                 ("criterion", "1", "improvements", "Komunikācija ar darbiniekiem"),
                 ("criterion", "1", "strengths", "Skaidra vīzija"),  # a strength is no proposal
                 ("practice", "1.1.1", "rationale", "Pamatojums"),  # a practice's rationale neither
                 ("subcriterion", "1.3", "improvements", "   ")]
    seeds = A.plan_seeds(CAT, {}, proposals)
    assert [(s.reason, s.kind, s.item_id, s.field, s.text) for s in seeds] == [
        ("proposal", "criterion", "1", "improvements", "Komunikācija ar darbiniekiem"),
        ("proposal", "subcriterion", "1.2", "improvements", "Darba snieguma vadība"),
        ("proposal", "subcriterion", "2.1", "rationale", "Stratēģiju pārskatīt reizi gadā")]
    assert [s.source for s in seeds] == ["criterion:1:improvements", "subcriterion:1.2:improvements",
                                         "subcriterion:2.1:rationale"]


def test_plan_seeds_refuse_a_bad_agreed_score():
    with pytest.raises(A.ScoreError):
        A.plan_seeds(CAT, {"1": 101}, ())


def test_next_status_walks_the_stages():
    assert [A.next_status(s) for s in A.STATUSES] == ["consensus", "agreed", "plan", None]
    with pytest.raises(ValueError):
        A.next_status("finished")


def test_compare_years_change_against_the_latest_earlier_year():
    by_year = {2021: {"1": 20, "2": 10}, 2022: {"1": 40}, 2023: {"1": 50, "3": 30}, 2026: {"1": 99}}
    rows = {r.criterion_id: r for r in A.compare_years(by_year, ("1", "2", "3", "4"), 2024)}
    assert list(rows["1"].scores) == [2021, 2022, 2023, 2024]  # later years left out, current year present
    assert rows["1"].scores == {2021: 20, 2022: 40, 2023: 50, 2024: None}
    assert all(r.change is None for r in rows.values())  # nothing agreed this year yet
    by_year[2024] = {"1": 45, "2": 25, "4": 60}
    rows = {r.criterion_id: r for r in A.compare_years(by_year, ("1", "2", "3", "4"), 2024)}
    assert rows["1"].change == -5  # against 2023
    assert rows["2"].change == 15  # 2022 and 2023 have no score for 2: against 2021
    assert rows["3"].change is None  # no score this year
    assert rows["4"].change is None  # nothing earlier
    assert rows["4"].scores == {2021: None, 2022: None, 2023: None, 2024: 60}


def test_compare_years_without_any_scores_still_has_the_current_year():
    (row,) = A.compare_years({}, ("1",), 2025)
    assert row == A.YearRow("1", {2025: None}, None)
    rows = A.compare_years({2030: {"1": 5}}, ("1", "2"), 2025)
    assert [dict(r.scores) for r in rows] == [{2025: None}, {2025: None}]


# --- help where members score (lib/quality/guide.py) -------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="the seed documents are not on this machine")
def test_the_guide_carries_key_questions_descriptions_and_table_12_word_for_word():
    """Seed 004 lines 1720-1744 (criterion 1's "Svarīgākie jautājumi"), 1790-1794 (its description,
    "Raksturo …"), 1695-1701 (its introduction) and table 12 (lines 4811-5773, typical evidence per
    subcriterion): the help a member reads is the seed's own words."""
    from lib.quality import guide
    g = guide.load()
    leadership = g.criteria["1"]
    assert " ".join(" ".join(leadership.key_questions_lv).split()) == _seed_words([[1724, 1744]]).replace("• ", "")
    assert leadership.key_questions_lines == guide.Lines(1720, 1744)
    assert " ".join(leadership.description_lv.split()) in _seed_words([[1786, 1796]])
    assert " ".join(leadership.intro_lv.split()) == _seed_words([[1695, 1701]])
    assert all(g.criteria[c.id].key_questions_lv for c in CAT.criteria if c.kind == "enabler")
    assert not g.criteria["6"].key_questions_lv and g.criteria["6"].intro_lv  # results: introduction only
    first = g.evidence_for("1.1")[0]
    assert (first.text_lv, first.practices, first.lines) == (
        "Formulēta iestādes vīzija sociālā dienesta stratēģijas dokumentā un/vai stratēģijas mērķu kartē.",
        ("1.1.1",), guide.Lines(4839, 4845))
    assert _seed_words([[first.lines.first, first.lines.last]]).startswith(first.text_lv)
    assert len(g.evidence) == 57 and {e.subcriterion_id for e in g.evidence} <= set(CAT.subcriterion_ids)
