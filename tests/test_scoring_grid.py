"""A member's grid of one criterion: rows from what is stored, edited cells read back in the UI
language's number format, nothing written while any cell is bad, notes kept beside scores."""

from __future__ import annotations

from lib import domain
from lib.quality import assessments
from lib.quality import rules as A
from lib.quality import scoring_grid as grid
from lib.store.services import Profile, create_service

D = domain.load()
CAT = D.catalogue
ITEMS = A.practices(CAT, "base", {}, ())
DIMS = {"trends": "Tendences", "goals": "Mērķi"}


def _snap(con, scores=None, notes=None):
    sid = create_service(con, Profile("Dienests"))
    aid = assessments.create(con, sid, 2026, "base", "", ["Anna"])
    member = assessments.load(con, sid, aid).members[0].id
    if scores:
        assessments.set_individual_many(con, sid, aid, member, scores, replace=False, notes=notes)
    return sid, aid, member, assessments.load(con, sid, aid)


def test_rows_carry_stored_scores_bands_and_notes(con):
    _, _, member, snap = _snap(con, {("practice", "1.1.4"): 55}, {("practice", "1.1.4"): "Notiek reizi gadā"})
    rows = grid.rows(CAT, snap, ITEMS, member, "1", "lv", DIMS)
    assert [r.item_id for r in rows] == [i.id for i in ITEMS if i.criterion_id == "1"]
    second = rows[1]
    assert (second.item_id, second.score, second.note, second.band.label_lv) == (
        "1.1.4", 55, "Notiek reizi gadā", "51 – 80 punktu")
    results = grid.rows(CAT, snap, ITEMS, member, "6", "lv", DIMS)
    assert [r.kind for r in results[:2]] == ["trends", "goals"] and results[0].label.endswith("— Tendences")


def test_read_takes_only_changed_cells_and_names_every_bad_one(con):
    _, _, member, snap = _snap(con, {("practice", "1.1.1"): 40})
    rows = grid.rows(CAT, snap, ITEMS, member, "1", "lv", DIMS)
    ok = grid.read(rows, {0: {"score": "40"}, 1: {"score": " 70 ", "note": "  ar piemēru "}, 2: {"score": None}})
    assert ok.problems == ()
    assert ok.scores == {("practice", "1.1.4"): 70} and ok.notes == {("practice", "1.1.4"): "ar piemēru"}
    cleared = grid.read(rows, {0: {"score": ""}})
    assert cleared.scores == {("practice", "1.1.1"): None}
    _, _, other, snap = _snap(con, {("practice", "1.1.1"): 40}, {("practice", "1.1.1"): "Piezīme"})
    noted = grid.rows(CAT, snap, ITEMS, other, "1", "lv", DIMS)
    assert grid.read(noted, {0: {"score": None}}).scores == {("practice", "1.1.1"): None}  # the note goes too
    bad = grid.read(rows, {3: {"note": "tikai piezīme"}, 1: {"score": "50,5"}, 2: {"score": "101"},
                           4: {"score": "daudz"}, 5: {"score": "10", "note": "x" * (grid.NOTE_MAX + 1)}})
    assert [(p.item_id, p.key) for p in bad.problems] == [
        ("1.1.4", "number.whole"), ("1.2.1", "number.range"), ("1.2.2", "sa.grid.note_without_score"),
        ("1.2.3", "number.not_a_number"), ("1.2.4", "sa.grid.note_long")]


def test_notes_are_stored_beside_scores_and_an_uploaded_form_replaces_them(con):
    sid, aid, member, _ = _snap(con, {("practice", "1.1.1"): 40, ("practice", "1.1.4"): 60},
                                {("practice", "1.1.1"): "Pamatojums"})
    assessments.set_individual_many(con, sid, aid, member, {("practice", "1.1.4"): 65}, replace=False,
                                    notes={("practice", "1.1.4"): "Jauns"})
    snap = assessments.load(con, sid, aid)
    assert snap.individual == {(member, "practice", "1.1.1"): 40, (member, "practice", "1.1.4"): 65}
    assert snap.notes == {(member, "practice", "1.1.1"): "Pamatojums", (member, "practice", "1.1.4"): "Jauns"}
    assessments.set_individual_many(con, sid, aid, member, {("practice", "1.1.1"): 50}, replace=True)
    assert assessments.load(con, sid, aid).notes == {}


def test_an_emptied_score_cell_is_no_score_and_the_save_names_it(con):
    """Issue 15: a scored practice can be taken back to "no score": an emptied cell clears it (with its
    note), the save reports which items were cleared, nothing else changes."""
    sid, aid, member, snap = _snap(con, {("practice", "1.1.1"): 40, ("practice", "1.1.4"): 60, ("trends", "6.1.1"): 5},
                                   {("practice", "1.1.4"): "Paliek"})
    rows = grid.rows(CAT, snap, ITEMS, member, "1", "lv", DIMS)
    edits = grid.read(rows, {0: {"score": ""}, 2: {"score": None}})  # 1.2.1 had no score: nothing to clear
    assert edits.problems == () and edits.scores == {("practice", "1.1.1"): None}
    assert edits.cleared == (("practice", "1.1.1"),)
    assessments.set_individual_many(con, sid, aid, member, edits.scores, replace=False, notes=edits.notes)
    after = assessments.load(con, sid, aid)
    assert after.individual == {(member, "practice", "1.1.4"): 60, (member, "trends", "6.1.1"): 5}
    assert after.notes == {(member, "practice", "1.1.4"): "Paliek"}
    results = grid.rows(CAT, after, ITEMS, member, "6", "lv", DIMS)
    assert grid.read(results, {0: {"score": " "}}).cleared == (("trends", "6.1.1"),)


def test_the_subcriteria_grid_reads_strengths_improvements_and_proposals(con):
    """Seed 004 lines 7088-7102 (each member identifies improvement areas and sums up every subcriterion),
    7124-7128 (strengths and improvement areas per subcriterion, per person) and 4736-4740 (comments on the
    subcriterion score and proposals for improvement): one row per subcriterion of the criterion."""
    sid, aid, member, snap = _snap(con, {("practice", "1.1.1"): 40})
    assessments.set_individual_many(con, sid, aid, member, {}, replace=False, comments={("1.2", "strengths"): "Ir"})
    snap = assessments.load(con, sid, aid)
    comments = grid.comment_rows(CAT, snap, member, "1", "lv")
    assert [c.subcriterion_id for c in comments] == ["1.1", "1.2", "1.3", "1.4"]
    assert comments[1].texts == {"strengths": "Ir", "improvements": "", "proposals": ""}
    rows = grid.rows(CAT, snap, ITEMS, member, "1", "lv", DIMS)
    edits = grid.read(rows, {}, comments, {0: {"improvements": " Komunikācija ", "proposals": "Sanāksmes"},
                                           1: {"strengths": "Ir"}, 2: {"strengths": "x" * (A.COMMENT_MAX + 1)}})
    assert [(p.item_id, p.key) for p in edits.problems] == [("1.3", "sa.grid.comment_long")]
    edits = grid.read(rows, {}, comments, {0: {"improvements": " Komunikācija ", "proposals": "Sanāksmes"},
                                           1: {"strengths": ""}})
    assert edits.comments == {("1.1", "improvements"): "Komunikācija", ("1.1", "proposals"): "Sanāksmes",
                              ("1.2", "strengths"): ""}
    assessments.set_individual_many(con, sid, aid, member, edits.scores, replace=False, comments=edits.comments)
    assert assessments.load(con, sid, aid).comments == {(member, "1.1", "improvements"): "Komunikācija",
                                                        (member, "1.1", "proposals"): "Sanāksmes"}


def test_the_narrower_base_practices_are_marked_under_the_base_standard_only(con):
    """The catalogue marks 14 practices with footnotes 24-42 "Bāzes standartā šī izcilību raksturojošā
    prakse nav tik ietilpīga kā optimālajā satndartā" (e.g. 1.4.2, line 2065): under the base standard
    the grid shows the full wording with that hint; under the optimal standard no hint."""
    from lib.quality import guide
    narrower = guide.load().narrower
    assert len(narrower) == 14 and narrower["1.4.2"].line == 2065 and narrower["1.4.2"].number == 24
    assert narrower["1.4.2"].text_lv.startswith("Bāzes standartā šī izcilību raksturojošā prakse nav tik ietilpīga")
    _, _, member, snap = _snap(con)
    base = {r.item_id: r.narrower for r in grid.rows(CAT, snap, ITEMS, member, "1", "lv", DIMS)}
    assert base["1.4.2"] and not base["1.1.1"]
    sid = create_service(con, Profile("Optimālais"))
    aid = assessments.create(con, sid, 2026, "optimal", "", ["Anna"])
    opt = assessments.load(con, sid, aid)
    rows = grid.rows(CAT, opt, A.practices(CAT, "optimal", {}, ()), opt.members[0].id, "1", "lv", DIMS)
    assert not any(r.narrower for r in rows)
