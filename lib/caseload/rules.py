"""Caseload guidance (seed 000 ch. 4): what the method says about a number of cases, line by line.

No line ever speaks of a maximum: the experts found no ground for one (000:1216-1224). A line says
"within", "below" or "above the optimal range / the policy target", or gives advice, and cites its rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lib.domain import Domain

OK, ABOVE, BELOW, NOTE = "ok", "above", "below", "note"


@dataclass(frozen=True)
class Case:
    """One what-if question (or one worker's row from an uploaded caseload form)."""

    fte: float = 1.0
    active: int = 0
    in_assessment: int = 0
    inactive: int = 0
    social_service: int = 0
    children_under_12: int | None = None  # family work only
    crisis_focus: bool = False
    experience_months: int | None = None
    senior: bool = False
    rural: bool = False


@dataclass(frozen=True)
class Line:
    key: str  # catalog: caseload.line.<key>.<status>
    status: str
    params: tuple[tuple[str, float | int | str], ...] = ()
    source: tuple[Mapping[str, object], ...] = ()  # data/'s seed passages ({file, lines}): lib.sources cites them


@dataclass(frozen=True)
class Settings:
    experience_threshold_months: int
    per_client_hours: tuple[tuple[float, float], ...] = field(default_factory=tuple)  # (low, high) per function


def default_settings(d: Domain) -> Settings:
    return Settings(d.caseload["less_experienced"]["threshold_months_default"],
                    tuple((r["hours_min"], r["hours_max"]) for r in d.caseload["per_client_hours"]["ranges"]))


def _lines(src: list[dict]) -> tuple[Mapping[str, object], ...]:
    return tuple(src)


def per_fte(count: float, fte: float) -> float:
    return count / fte if fte > 0 else 0.0


def _band(value: float, low: float, high: float) -> str:
    return BELOW if value < low else ABOVE if value > high else OK


def capacity(d: Domain, fte: float, per_client: tuple[tuple[float, float], ...]) -> tuple[float, float, float]:
    """Indicative clients a month: client-work hours (60 % × 168 h × FTE) ÷ hours per client.
    Returns (fewest clients, most clients, client-work hours)."""
    hours = d.caseload["client_work_share_pct"] / 100 * d.reference.hours_per_fte_month * fte
    low = sum(lo for lo, _ in per_client)
    high = sum(hi for _, hi in per_client)
    return (hours / high if high else 0.0, hours / low if low else 0.0, hours)


def assess(d: Domain, case: Case, settings: Settings) -> list[Line]:
    """Every rule that applies to this case, in the order a service head would read them."""
    c = d.caseload
    band = c["optimal_active_per_fte"]
    fte = case.fte if case.fte > 0 else 1.0
    active = per_fte(case.active, fte)
    out = [Line("active", _band(active, band["min"], band["max"]),
                (("value", active), ("low", band["min"]), ("high", band["max"]), ("fte", fte),
                 ("count", case.active)), _lines(band["source"]))]
    if case.inactive or case.social_service:
        out.append(Line("excluded", NOTE, (("inactive", case.inactive), ("service", case.social_service)),
                        _lines(band["source"])))
    survey = c["in_assessment_survey"]
    out.append(Line("assessment", _band(case.in_assessment, survey["min"], survey["max"]) if case.in_assessment
                    else NOTE, (("count", case.in_assessment), ("low", survey["min"]), ("high", survey["max"])),
                    _lines(survey["source"])))
    if case.children_under_12 is not None:
        cap = c["children_under_12_max"]
        children = per_fte(case.children_under_12, fte)
        out.append(Line("children", ABOVE if children > cap["value"] else OK,
                        (("value", children), ("limit", cap["value"])), _lines(cap["source"])))
    less = c["less_experienced"]
    if case.experience_months is not None and case.experience_months < settings.experience_threshold_months:
        out.append(Line("less_experienced", ABOVE if active > less["max_cases"] else OK,
                        (("value", active), ("limit", less["max_cases"]), ("months", case.experience_months),
                         ("threshold", settings.experience_threshold_months)), _lines(less["source"])))
    if case.crisis_focus:
        crisis = c["crisis_focus"]
        out.append(Line("crisis", _band(active, crisis["min"], crisis["max"]),
                        (("value", active), ("low", crisis["min"]), ("high", crisis["max"])),
                        _lines(crisis["source"])))
    if case.senior:
        senior = c["senior"]
        out.append(Line("senior", NOTE, (("low", band["min"] * (1 - senior["lower_share"])),
                                         ("high", band["max"] * (1 - senior["lower_share"])),
                                         ("survey", senior["survey_avg_active"])), _lines(senior["source"])))
    if case.rural:
        rural = next(f for f in c["factors"] if f["value"]["id"] == "rural_territory")
        out.append(Line("rural", NOTE, (), _lines(rural["source"])))
    out.extend(policy_lines(d, active))
    low, high, hours = capacity(d, fte, settings.per_client_hours)
    out.append(Line("capacity", NOTE, (("low", low), ("high", high), ("hours", hours)),
                    _lines(d.caseload["per_client_hours"]["source"])))
    return out


def policy_lines(d: Domain, active_per_fte: float) -> list[Line]:
    """The policy targets (Guidelines 2021–2027): ≤ 20 in 2024, 15–20 in 2027 (000:1032-1038)."""
    targets = d.statistics["policy_targets"]
    src = _lines(targets["source"])
    out = []
    for item in targets["items"]:
        if item["kind"] != "target":
            continue
        high = item["active_cases_per_worker_max"]
        low = item.get("active_cases_per_worker_min")
        status = ABOVE if active_per_fte > high else OK
        out.append(Line("target", status, (("year", item["year"]), ("value", active_per_fte),
                                           ("target", f"{low}–{high}" if low else f"≤ {high}")), src))
    return out


@dataclass(frozen=True)
class StatRow:
    id: str
    name_lv: str
    name_en: str
    per_worker_year: float
    per_worker_december: float


def statistics_2022(d: Domain) -> list[StatRow]:
    """Per-worker figures computed from the raw 2022 counts (not typed in)."""
    return [StatRow(r["id"], r["name_lv"], r["name_en"],
                    round(r["active_cases_per_year"] / r["social_workers"], 2),
                    round(r["active_cases_december"] / r["social_workers"], 2))
            for r in d.statistics["statistics_2022"]["rows"]]


@dataclass(frozen=True)
class Staffing:
    specialists: float
    social_workers: float
    inhabitants: int
    per_1000: float
    social_workers_per_1000: float
    norm: float
    meets_norm: bool
    size_class: str


def staffing(d: Domain, inhabitants: int, social_workers: float, others: float) -> Staffing | None:
    """Social-work specialists per 1,000 inhabitants against ≥ 1 (002:68-69), with the social-workers-only
    ratio and the nominal municipality size class (001:145-170)."""
    if inhabitants <= 0:
        return None
    norm = d.caseload["staffing_norm"]["min_specialists_per_1000"]
    specialists = social_workers + others
    per_1000 = specialists / inhabitants * 1000
    size = next(c["id"] for c in d.caseload["nominal_size_classes"]["classes"]
                if c["max_inhabitants"] is None or inhabitants <= c["max_inhabitants"])
    return Staffing(specialists, social_workers, inhabitants, per_1000, social_workers / inhabitants * 1000, norm,
                    per_1000 >= norm, size)
