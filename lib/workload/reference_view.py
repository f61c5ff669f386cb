"""Tables, chart rows, hints and audit benchmarks for the reference page, in the UI language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lib.domain import Domain
from lib.i18n import current_language, fmt_date, fmt_num, fmt_pct, t
from lib.workload import reference
from lib.workload.reference import Slot
from lib.workload.versions import Version


def slots(d: Domain) -> tuple[Slot, ...]:
    return reference.slots(d.reference, {b.id: (t("reference.block_name", lang="lv"), t("reference.block_name",
                                                                                            lang="en"))
                                         for g in d.reference.groups for b in g.blocks})


def group_names(d: Domain) -> dict[str, str]:
    return {g.id: g.name(current_language()) for g in d.reference.groups}


def national_table(d: Domain) -> list[dict[str, str]]:
    """Groups → functions with %, h a month, h a week; the shared block is one row naming its three."""
    ref, lang = d.reference, current_language()
    out = []
    for g in ref.groups:
        for s in (s for s in slots(d) if s.group_id == g.id):
            if len(s.function_ids) > 1:
                names = "; ".join(f.name(lang) for f in ref.functions if f.id in s.function_ids)
                name = f"{g.name(lang)} — {t('reference.block_functions', names=names)}"
            else:
                name = s.name(lang)
            out.append({
                t("reference.col.group"): g.name(lang),
                t("reference.col.function"): name,
                t("reference.col.pct"): fmt_num(s.national_pct, 1),
                t("reference.col.month"): fmt_num(s.national_pct * ref.hours_per_fte_month / 100, 2),
                t("reference.col.week"): fmt_num(s.national_pct * ref.weekly_hours / 100, 2),
                t("reference.col.core"): t("reference.yes") if g.is_core else "",
            })
    return out


def duties(d: Domain) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group name, [(function name, duties)]) in the UI language."""
    lang = current_language()
    return [(g.name(lang), [(f.name(lang), f.duties_lv if lang == "lv" else f.duties_en) for f in g.functions])
            for g in d.reference.groups]


def split_rows(d: Domain, series: Mapping[str, Mapping[str, float]]) -> list[dict[str, object]]:
    """Chart rows per slot for each named series (e.g. national and the draft)."""
    lang = current_language()
    return [{"item": s.name(lang), "series": name, "pct": values[s.id]}
            for s in slots(d) for name, values in series.items()]


@dataclass(frozen=True)
class AuditColumn:
    id: str
    label: str
    by_group: dict[str, float]


def audit_columns(d: Domain) -> list[AuditColumn]:
    """Seed table 2 columns (all / city / rural / families), labelled with their share of respondents."""
    table = d.workload_rules["audit_table_2"]
    lang = current_language()
    shares = table["pct_of_respondents"]["values"]
    return [AuditColumn(c["id"], t("reference.audit.series", name=c[f"name_{lang}"], share=shares[c["id"]]),
                        {r["group_id"]: float(r[c["id"]]) for r in table["rows"]}) for c in table["columns"]]


def audit_column(d: Domain, column_id: str = "all_respondents") -> AuditColumn:
    """One column of seed table 2; by default what all responding social workers reported."""
    return next(a for a in audit_columns(d) if a.id == column_id)


def group_rows(d: Domain, series: Mapping[str, Mapping[str, float]], audit: AuditColumn | None) -> list[dict]:
    all_slots = slots(d)
    names = group_names(d)
    out = []
    for g in d.reference.groups:
        for name, values in series.items():
            out.append({"item": names[g.id], "series": name, "pct": reference.group_totals(all_slots, values)[g.id]})
        if audit:
            out.append({"item": names[g.id], "series": audit.label, "pct": audit.by_group[g.id]})
    return out


def slider_caption(d: Domain, slot: Slot, pct: float) -> str:
    ref = d.reference
    return t("reference.slider.caption", pct=fmt_pct(pct), month=fmt_num(pct * ref.hours_per_fte_month / 100, 1),
             week=fmt_num(pct * ref.weekly_hours / 100, 1), national=fmt_pct(slot.national_pct),
             diff=("+" if pct > slot.national_pct else "") + fmt_num(pct - slot.national_pct, 1))


def move_message(d: Domain, last: tuple[str, reference.Move] | None) -> str | None:
    """What the last slider move did to other functions, or why it was cut."""
    if not last:
        return None
    slot_id, move = last
    names = {s.id: s.name(current_language()) for s in slots(d)}
    parts = []
    if move.taken:
        parts.append(t("reference.moved.taken", slot=names[slot_id],
                       taken=", ".join(f"{names[k]} −{fmt_num(v, 1)} pp" for k, v in move.taken.items())))
    if move.refused:
        parts.append(t("reference.moved.refused", slot=names[slot_id], refused=fmt_num(move.refused, 1)))
    return " ".join(parts) or None


def comparison_table(d: Domain, values: Mapping[str, float], notes: Mapping[str, str]) -> list[dict[str, str]]:
    lang = current_language()
    return [{
        t("reference.col.function"): r.slot.name(lang),
        t("reference.col.national"): fmt_num(r.slot.national_pct, 1),
        t("reference.col.service"): fmt_num(r.pct, 1),
        t("reference.col.month"): fmt_num(r.month_hours, 1),
        t("reference.col.diff_pp"): fmt_num(r.diff_pp, 1),
        t("reference.col.diff_hours"): fmt_num(r.diff_month_hours, 1),
        t("reference.col.justification"): notes.get(r.slot.id, ""),
    } for r in reference.rows(d.reference, slots(d), values)]


def hints(d: Domain, target_group: str) -> dict[str, list[str]]:
    """Slot → reasons it needs more time for this target group (direction only, seed 000:2547-2649)."""
    lang = current_language()
    group = next(g for g in d.workload_rules["target_groups"] if g["id"] == target_group)
    out: dict[str, list[str]] = {}
    for item in group["more_time"]:
        reason = item[f"reason_{lang}"]
        for s in slots(d):
            whole_group = item["scope"] == "group" and s.group_id == item["group_id"]
            if whole_group or item.get("function_id") in s.function_ids:
                out.setdefault(s.id, []).append(reason)
    return out


def hints_text(d: Domain, hinted: Mapping[str, list[str]]) -> str:
    names = {s.id: s.name(current_language()) for s in slots(d)}
    lines = "\n".join(f"- **{names[sid]}**: {'; '.join(reasons)}" for sid, reasons in hinted.items())
    return f"{t('reference.hints.more')}\n\n{lines}\n\n{t('reference.hints.no_numbers')}"


def target_groups(d: Domain) -> dict[str, str]:
    lang = current_language()
    return {g["id"]: g[f"name_{lang}"] for g in d.workload_rules["target_groups"]}


def versions_table(items: list[Version]) -> list[dict[str, str]]:
    return [{
        t("reference.versions.col.name"): v.name,
        t("reference.versions.col.author"): v.author or "–",
        t("reference.versions.col.date"): f"{fmt_date(v.created_at)} {v.created_at:%H:%M:%S}",
        t("reference.versions.col.total"): fmt_num(v.total, 1),
        t("reference.versions.col.active"): t("reference.yes") if v.is_active else "",
        t("reference.versions.col.workshop"): v.workshop or "",
    } for v in items]


def diff_table(d: Domain, a: Mapping[str, float], b: Mapping[str, float], name_a: str, name_b: str) -> list[dict]:
    """Two versions function by function, then their totals (columns "A: name" and "B: name")."""
    lang = current_language()
    col_a, col_b = f"A: {name_a}", f"B: {name_b}"
    rows = [{t("reference.col.function"): s.name(lang), col_a: fmt_num(a[s.id], 1), col_b: fmt_num(b[s.id], 1),
             t("reference.versions.diff"): fmt_num(b[s.id] - a[s.id], 1)} for s in slots(d)]
    rows.append({t("reference.col.function"): t("reference.total"), col_a: fmt_num(sum(a.values()), 1),
                 col_b: fmt_num(sum(b.values()), 1), t("reference.versions.diff"):
                 fmt_num(sum(b.values()) - sum(a.values()), 1)})
    return rows
