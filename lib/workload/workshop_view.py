"""What the workshop board and the participant view show, as plain tables and chart rows (strings
through t(), user text untouched: the page shows it as text)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

from lib.domain import Domain
from lib.i18n import current_language, fmt_num, not_a_list, t
from lib.workload import drafts, reference, workshops
from lib.workload.reference_view import audit_column, group_names, slots
from lib.workload.workshops import Workshop

LINK_PARAM = "workshop"  # ?workshop=<token>: the join link
GROUP_PARAM = "group"


def join_url(page_url: str | None, page_path: str, token: str) -> str:
    """The participants' link: the app's root address as the browser sees it (st.context.url less
    this page's path, a path prefix kept) with the workshop's token; app.py then shows that workshop
    and nothing else."""
    parts = urlsplit(page_url or "")
    path = parts.path.rstrip("/")
    path = path.removesuffix(f"/{page_path}") if path.endswith(f"/{page_path}") else path
    return urlunsplit((parts.scheme, parts.netloc, path + "/", urlencode({LINK_PARAM: token}), ""))


def series(d: Domain, workshop: Workshop, proposed: Mapping[int, drafts.Draft], team: Mapping[str, float] | None
           ) -> dict[str, Mapping[str, float]]:
    """Chart series in board order: national, the team's actual split (when uploaded), each group."""
    out: dict[str, Mapping[str, float]] = {t("reference.series.national"): reference.national(slots(d))}
    if team:
        out[t("workshop.series.team")] = team
    for g in workshop.groups:
        out[g.name] = proposed[g.id].values
    return out


def board_table(d: Domain, workshop: Workshop, proposed: Mapping[int, drafts.Draft],
                team: Mapping[str, float] | None) -> list[dict[str, str]]:
    """One row per function: national, team actual, every group's proposal and the spread; a total row."""
    lang = current_language()
    all_slots = slots(d)
    national = reference.national(all_slots)
    values = [proposed[g.id].values for g in workshop.groups]
    spread = workshops.spread(values)
    col_fn, col_nat, col_team, col_spread = (t("reference.col.function"), t("reference.series.national"),
                                             t("workshop.series.team"), t("workshop.col.spread"))
    rows = []
    for s in all_slots:
        row = {col_fn: s.name(lang), col_nat: fmt_num(national[s.id], 1)}
        if team:
            row[col_team] = fmt_num(team[s.id], 1)
        row |= {g.name: fmt_num(proposed[g.id].values[s.id], 1) for g in workshop.groups}
        row[col_spread] = fmt_num(spread[s.id], 1)
        rows.append(row)
    total = {col_fn: t("reference.total"), col_nat: fmt_num(reference.total(national), 1)}
    if team:
        total[col_team] = fmt_num(sum(team.values()), 1)
    total |= {g.name: fmt_num(reference.total(proposed[g.id].values), 1) for g in workshop.groups}
    total[col_spread] = ""
    rows.append(total)
    return rows


def groups_table(d: Domain, workshop: Workshop, proposed: Mapping[int, drafts.Draft],
                 team: Mapping[str, float] | None) -> list[dict[str, str]]:
    """One row per function group: national, what social workers reported in the audit (seed table 2,
    all respondents), the team's actual split, every group's proposal."""
    all_slots = slots(d)
    audit = audit_column(d)
    national = reference.group_totals(all_slots, reference.national(all_slots))
    team_groups = reference.group_totals(all_slots, team) if team else None
    by_group = {g.id: reference.group_totals(all_slots, proposed[g.id].values) for g in workshop.groups}
    rows = []
    for gid, name in group_names(d).items():
        row = {t("reference.col.group"): name, t("reference.series.national"): fmt_num(national[gid], 1),
               audit.label: fmt_num(audit.by_group[gid], 1)}
        if team_groups:
            row[t("workshop.series.team")] = fmt_num(team_groups[gid], 1)
        row |= {g.name: fmt_num(by_group[g.id][gid], 1) for g in workshop.groups}
        rows.append(row)
    return rows


def gaps_lines(d: Domain, workshop: Workshop, proposed: Mapping[int, drafts.Draft]) -> list[str]:
    """Where managers' and social workers' groups differ most, one sentence per function."""
    lang = current_language()
    names = {s.id: s.name(lang) for s in slots(d)}
    gaps = workshops.kind_gaps(workshop, {g: p.values for g, p in proposed.items()})
    return [t("workshop.gap", function=names[s], managers=fmt_num(m, 1), workers=fmt_num(w, 1),
              diff=fmt_num(abs(m - w), 1)) for s, m, w in gaps]


def justifications_table(d: Domain, workshop: Workshop, proposed: Mapping[int, drafts.Draft]
                         ) -> list[dict[str, str]]:
    """Every reason a group wrote, by function (in table order) then group."""
    lang = current_language()
    all_slots = slots(d)
    national = reference.national(all_slots)
    return [{t("reference.col.function"): s.name(lang), t("workshop.col.group"): g.name,
             t("workshop.col.change"): f"{fmt_num(national[s.id], 1)} → {fmt_num(proposed[g.id].values[s.id], 1)}",
             t("reference.col.justification"): proposed[g.id].justifications[s.id]}
            for s in all_slots for g in workshop.groups if proposed[g.id].justifications.get(s.id)]


def focus_names(d: Domain) -> dict[str | None, str]:
    """Round 2 choices: no function group, or one of the five."""
    return {None: t("workshop.focus.none"), **group_names(d)}


def round_text(d: Domain, workshop: Workshop, group: workshops.Group | None) -> str:
    """What the round asks of this group (seed 000:794-940), as Markdown that starts with an ordinal."""
    if workshop.round < 2:
        return not_a_list(t("workshop.round1.task"))
    if group is not None and group.focus:
        return not_a_list(t("workshop.round2.task", group=group_names(d)[group.focus]))
    return not_a_list(t("workshop.round2.unassigned"))
