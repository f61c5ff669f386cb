"""What the self-assessment page and its xlsx report show, built once for both (so they match):
rows with translated column names; `export=True` keeps numbers as numbers, else Latvian commas."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openpyxl import Workbook

from lib.domain import Catalogue
from lib.exports import Column, columns_for, table_sheet, workbook_bytes
from lib.i18n import current_language, fmt_date, fmt_num, t
from lib.quality import rules as A
from lib.quality.assessments import Snapshot
from lib.quality.member_form import band_label, result_groups

Rows = list[dict[str, object]]


def _n(value: float | None, export: bool) -> object:
    if value is None:
        return None if export else "–"
    return round(value, 1) if export else fmt_num(value, 1)


def _score(value: int | None, export: bool) -> object:
    """Scores stay ints in the workbook; on the page they are text so a column can hold "–"."""
    if export:
        return value
    return "–" if value is None else str(value)


def criterion_name(cat: Catalogue, cid: str, lang: str | None = None) -> str:
    c = next(c for c in cat.criteria if c.id == cid)
    return f"{c.id}. {c.name_en if (lang or current_language()) == 'en' else c.name_lv}"


def subcriterion_text(cat: Catalogue, sid: str) -> str:
    s = next(s for s in cat.subcriteria if s.id == sid)
    return s.text_en if current_language() == "en" else s.text_lv


def level_text(cat: Catalogue, cid: str, score: int | None) -> tuple[int | None, str]:
    if score is None:
        return None, ""
    lvl = A.level(score, A.levels_for(cat, cid))
    return lvl.level, lvl.text_en if current_language() == "en" else lvl.text_lv


def band_text(cat: Catalogue, kind: str, score: int | None, item_id: str) -> str:
    """The band label and description for a score: table 10's text for practices and enabler
    subcriteria/criteria; table 13's for results (seed 004 lines 5802-6072), one dimension for a
    trends or goals score, both dimensions for an indicator group or a results subcriterion/criterion."""
    if score is None:
        return ""
    lang = current_language()
    b = A.band(score, A.bands_for(cat, kind, item_id))
    if kind in cat.dimensions:
        return f"{band_label(b)}: {b.text(kind, lang)}"
    if A.is_results(cat, kind, item_id):
        return f"{band_label(b)}: " + " ".join(f"{t(f'sa.kind.{d}')}: {b.text(d, lang)}" for d in cat.dimensions)
    return f"{band_label(b)}: {b.text('description', lang)}"


def bands_rows(cat: Catalogue, kind: str) -> Rows:
    """What each band of scores means: for practices, or for results (trends and goals)."""
    lang = current_language()
    if kind == "practice":
        return [{t("sa.col.band"): band_label(b), t("sa.grid.col.meaning"): b.text("description", lang)}
                for b in cat.enabler_bands]
    return [{t("sa.col.band"): band_label(b), t("sa.kind.trends"): b.text("trends", lang),
             t("sa.kind.goals"): b.text("goals", lang)} for b in cat.results_bands]


def practice_scores(snap: Snapshot, items: Sequence[A.Item], scope: str, *, criterion: bool,
                    agreed: bool = False) -> list[int]:
    """The practice scores under a subcriterion or criterion: every member's, or the agreed ones."""
    ids = {i.id for i in items if (i.criterion_id if criterion else i.subcriterion_id) == scope}
    if agreed:
        return [a.score for (k, i), a in snap.agreed.items() if k == "practice" and i in ids]
    return [s for (_, k, i), s in snap.individual.items() if k == "practice" and i in ids]


def aid_note(key: str, scores: Iterable[int | None]) -> list[str]:
    """One discussion-aid line (n, lowest, highest, mean), or none when nothing is scored."""
    aid = A.aid(scores)
    return [] if aid is None else [t(key, n=aid.n, low=aid.low, high=aid.high, mean=fmt_num(aid.mean, 1))]


def criteria_rows(cat: Catalogue, snap: Snapshot, items: Sequence[A.Item], export: bool = False) -> Rows:
    rows = []
    for c in cat.criteria:
        agreed = snap.agreed.get(("criterion", c.id))
        score = agreed.score if agreed else None
        lvl, text = level_text(cat, c.id, score)
        rows.append({  # the agreed score only: a mean of members' scores is no result (lines 4716-4726)
            t("sa.col.criterion"): criterion_name(cat, c.id),
            t("sa.col.agreed"): _score(score, export),
            t("sa.col.level"): _score(lvl, export),
            t("sa.col.level_text"): text,
            t("sa.col.strengths"): agreed.strengths if agreed else "",
            t("sa.col.improvements"): agreed.improvements if agreed else "",
        })
    return rows


def subcriteria_rows(cat: Catalogue, snap: Snapshot, items: Sequence[A.Item], export: bool = False) -> Rows:
    rows = []
    for s in cat.subcriteria:
        agreed = snap.agreed.get(("subcriterion", s.id))
        score = agreed.score if agreed else None
        rows.append({  # per subcriterion: strengths, improvement areas, points, ideas (lines 7189-7196)
            t("sa.col.subcriterion"): f"{s.id} {subcriterion_text(cat, s.id)}",
            t("sa.col.agreed"): _score(score, export),
            t("sa.col.band"): band_text(cat, "subcriterion", score, s.id),
            t("sa.col.strengths"): agreed.strengths if agreed else "",
            t("sa.col.improvements"): agreed.improvements if agreed else "",
            t("sa.kind.proposals"): agreed.rationale if agreed else "",
        })
    return rows


def practice_rows(cat: Catalogue, snap: Snapshot, items: Sequence[A.Item], export: bool = False) -> Rows:
    evidence: dict[str, int] = {}
    for e in snap.evidence:
        evidence[e.practice_id] = evidence.get(e.practice_id, 0) + 1
    rows = []
    for item in items:
        row: dict[str, object] = {
            t("sa.col.id"): item.id,
            t("sa.col.practice"): item.text(current_language()),
            t("sa.col.status"): t(f"sa.status_base.{item.status}"),
        }
        for m in snap.members:
            row[m.name] = _score(snap.individual.get((m.id, "practice", item.id)), export)
        agreed = snap.agreed.get(("practice", item.id))
        row[t("sa.col.agreed")] = _score(agreed.score if agreed else None, export)
        row[t("sa.col.rationale")] = agreed.rationale if agreed else ""
        row[t("sa.col.evidence")] = evidence.get(item.id, 0)
        rows.append(row)
    return rows


def group_rows(cat: Catalogue, snap: Snapshot, export: bool = False) -> Rows:
    rows = []
    for gid, sub, _crit, name in result_groups(cat, snap, current_language()):
        row: dict[str, object] = {t("sa.col.subcriterion"): sub, t("sa.col.group"): name}
        for kind in (*cat.dimensions, "group"):
            agreed = snap.agreed.get((kind, gid))
            # the group's own score has its own column name ("Rādītāju grupa" is the name's column)
            row[t("sa.col.group_score") if kind == "group" else t(f"sa.kind.{kind}")] = _score(
                agreed.score if agreed else None, export)
        row[t("sa.col.indicators")] = sum(i.group_id == gid for i in snap.indicators)
        rows.append(row)
    return rows


def indicator_rows(cat: Catalogue, snap: Snapshot, export: bool = False) -> Rows:
    names = {g[0]: g[3] for g in result_groups(cat, snap, current_language())}
    years = A.indicator_years(cat, snap.assessment.year)
    rows = []
    for ind in snap.indicators:
        row: dict[str, object] = {t("sa.col.group"): names.get(ind.group_id, ind.group_id),
                                  t("sa.col.indicator"): ind.name, t("sa.col.unit"): ind.unit}
        for y in years:
            row[str(y)] = _n(ind.values.get(y), export)
        row[t("sa.col.target")] = _n(ind.target, export)
        rows.append(row)
    return rows


def measured(cat: Catalogue, snap: Snapshot) -> dict[str, int]:
    """Results criterion → indicators holding at least one value (the base-standard minimum)."""
    crit = {g[0]: g[2] for g in result_groups(cat, snap, "lv")}
    out: dict[str, int] = {}
    for ind in snap.indicators:
        if ind.values and ind.group_id in crit:
            out[crit[ind.group_id]] = out.get(crit[ind.group_id], 0) + 1
    return out


def spread_rows(cat: Catalogue, snap: Snapshot, spread: Sequence[A.Spread]) -> Rows:
    names = {(k, g[0]): g[3] for g in result_groups(cat, snap, current_language()) for k in cat.dimensions}
    labels = {("practice", i.id): i.text(current_language())
              for i in A.all_practices(cat, snap.decisions, snap.custom)} | names
    rows = []
    for s in spread:
        agreed = snap.agreed.get((s.kind, s.item_id))
        row: dict[str, object] = {t("sa.col.id"): s.item_id, t("sa.col.kind"): t(f"sa.kind.{s.kind}")}
        for m in snap.members:
            row[m.name] = _score(s.scores.get(m.name), False)
        row[t("sa.col.aid_range")] = s.aid.range
        row[t("sa.col.aid_mean")] = fmt_num(s.aid.mean, 1)
        row[t("sa.col.agreed")] = _score(agreed.score if agreed else None, False)
        row[t("sa.col.text")] = labels.get((s.kind, s.item_id), "")
        rows.append(row)
    return rows


def counts_rows(cat: Catalogue, snap: Snapshot) -> Rows:
    """Practices per enabler criterion under both standards, beside Table 1's counts."""
    by_standard = {std: A.counts(cat, std, A.practices(cat, std, snap.decisions, snap.custom)) for std in A.STANDARDS}
    rows = []
    for base, optimal in zip(by_standard["base"], by_standard["optimal"], strict=True):
        rows.append({
            t("sa.col.criterion"): criterion_name(cat, base.criterion_id),
            t("sa.col.scored_base"): base.scored,
            t("sa.col.unconfirmed"): base.unconfirmed,
            t("sa.col.table1", standard=t("sa.standard.base")): base.table1,
            t("sa.col.scored_optimal"): optimal.scored,
            t("sa.col.table1", standard=t("sa.standard.optimal")): optimal.table1,
            t("sa.col.custom"): base.custom,
        })
    return rows


def plan_rows(snap: Snapshot, export: bool = False) -> Rows:
    return [{
        t("sa.plan.col.priority"): p.priority,
        t("sa.plan.col.goal"): p.goal,
        t("sa.plan.col.expected_results"): p.expected_results,
        t("sa.plan.col.indicators"): p.indicators,
        t("sa.plan.col.measures"): p.measures,
        t("sa.plan.col.responsible"): p.responsible,
        t("sa.plan.col.deadline"): (p.deadline if export else fmt_date(p.deadline)) if p.deadline else "",
        t("sa.plan.col.resources"): p.resources,
        t("sa.plan.col.is_change"): t("sa.yes") if p.is_change else t("sa.no"),
        t("sa.plan.col.status"): t(f"sa.plan.status.{p.status}"),
    } for p in snap.plan]


def evidence_rows(snap: Snapshot) -> Rows:
    return [{t("sa.col.id"): e.practice_id, t("sa.col.evidence"): e.text, t("sa.col.link"): e.link}
            for e in snap.evidence]


def year_rows(cat: Catalogue, rows: Sequence[A.YearRow]) -> Rows:
    out = []
    for r in rows:
        row: dict[str, object] = {t("sa.col.criterion"): criterion_name(cat, r.criterion_id)}
        for year, score in r.scores.items():
            row[str(year)] = _score(score, False)
        row[t("sa.col.change")] = "–" if r.change is None else f"{r.change:+d}"
        out.append(row)
    return out


def level_chart_rows(cat: Catalogue, snap: Snapshot) -> Rows:
    """Agreed criterion scores with their level, in criterion order (the level chart)."""
    agreed = snap.agreed_scores("criterion")
    return [{"item": criterion_name(cat, c.id), "score": agreed[c.id],
             "level": A.level(agreed[c.id], A.levels_for(cat, c.id)).level}
            for c in cat.criteria if c.id in agreed]


def level_bands(cat: Catalogue) -> Rows:
    """The level bands behind the bars (tables 11 and 14 share their edges)."""
    return [{"low": x.min, "high": x.max, "label": t("sa.level.short", level=x.level)} for x in cat.enabler_levels]


def heatmap_rows(cat: Catalogue, snap: Snapshot) -> Rows:
    agreed = snap.agreed_scores("subcriterion")
    return [{"criterion": criterion_name(cat, s.criterion_id), "subcriterion": s.id, "score": agreed[s.id]}
            for s in cat.subcriteria if s.id in agreed]


def year_chart_rows(cat: Catalogue, rows: Sequence[A.YearRow]) -> Rows:
    return [{"item": criterion_name(cat, r.criterion_id), "year": str(y), "score": v}
            for r in rows for y, v in r.scores.items() if v is not None]


def proposals(snap: Snapshot) -> list[tuple[str, str, str, str]]:
    """The group's agreed improvement texts (kind, item, field, text) for `rules.plan_seeds`."""
    return [(kind, item, fld, getattr(a, fld)) for (kind, item), a in snap.agreed.items()
            for fld in A.PROPOSAL_FIELDS.get(kind, ())]


def seed_text(cat: Catalogue, snap: Snapshot, seed: A.Seed) -> str:
    """A seed as plain text (a proposal holds the group's own words: show it with `plain`)."""
    if seed.reason == "level":
        return t("sa.plan.seed.level", criterion=criterion_name(cat, seed.item_id), score=seed.score,
                 level=seed.level)
    what = criterion_name(cat, seed.item_id) if seed.kind == "criterion" else seed.item_id
    label = t("sa.kind.proposals") if seed.field == "rationale" else t("sa.col.improvements")
    return t("sa.plan.seed.proposal", item=what, field=label, text=seed.text)


def subcriterion_of(cat: Catalogue, snap: Snapshot, kind: str, item_id: str) -> str | None:
    """The subcriterion a scored item stands under (a practice, or an indicator group's dimension)."""
    if kind == "practice":
        return next((i.subcriterion_id for i in A.all_practices(cat, snap.decisions, snap.custom) if i.id == item_id),
                    None)
    return next((g[1] for g in result_groups(cat, snap, "lv") if g[0] == item_id), None)


def member_comments(snap: Snapshot, subcriterion_id: str) -> Rows:
    """What each member wrote for a subcriterion (strengths, improvement areas, proposals), for the
    consensus meeting (seed 004 lines 7124-7128)."""
    rows = []
    for m in snap.members:
        texts = {f: snap.comments.get((m.id, subcriterion_id, f), "") for f in A.COMMENT_FIELDS}
        if any(texts.values()):
            rows.append({t("sa.member"): m.name, **{t(f"sa.kind.{f}"): texts[f] for f in A.COMMENT_FIELDS}})
    return rows


def report_xlsx(cat: Catalogue, snap: Snapshot, items: Sequence[A.Item], title: Sequence[str]) -> bytes:
    """The assessment as a workbook: one sheet per table the page shows, each with the title block
    (`title`: report, service, date, assessment), numbers as numbers, deadlines as dates."""
    sheets = (
        ("sa.report.sheet.criteria", criteria_rows(cat, snap, items, export=True)),
        ("sa.report.sheet.subcriteria", subcriteria_rows(cat, snap, items, export=True)),
        ("sa.report.sheet.practices", practice_rows(cat, snap, items, export=True)),
        ("sa.report.sheet.groups", group_rows(cat, snap, export=True)),
        ("sa.report.sheet.indicators", indicator_rows(cat, snap, export=True)),
        ("sa.report.sheet.evidence", evidence_rows(snap)),
        ("sa.report.sheet.plan", plan_rows(snap, export=True)),
    )
    wb = Workbook()
    wb.remove(wb.active)
    for key, rows in sheets:
        ws = wb.create_sheet(t(key))
        if not rows:
            table_sheet(ws, [f"{title[0]} — {ws.title}", *title[1:]], [Column(t("sa.report.empty"), 30)], [])
            continue
        table_sheet(ws, [f"{title[0]} — {ws.title}", *title[1:]], columns_for(rows),
                    ([v for v in row.values()] for row in rows))
    return workbook_bytes(wb)
