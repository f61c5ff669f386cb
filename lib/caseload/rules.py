"""Caseload guidance (seed 000 ch. 1.5 and 4): what the method says about a number of cases, line by line.

A worker gets one verdict on the number of active cases per FTE, against the range the method gives
for their situation: crisis intervention 5–7 (000:1062-1066), a less experienced worker not above 10
(000:1068-1074, 2763-2765), a senior social worker no single number (000:2692-2708), a rural worker
below 10 is what the method expects there (000:2767-2773); everyone else 10–20 (000:1192-1208).
The special range replaces 10–20 rather than sitting beside it. No line gives advice the seed does
not give, and none speaks of a maximum: the experts found no ground for one (000:1216-1224).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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
    crisis: int = 0  # crisis cases among the active ones (the caseload form's "Krīzes lietas")


@dataclass(frozen=True)
class Line:
    key: str  # catalog: caseload.line.<key>.<status>
    status: str
    params: tuple[tuple[str, float | int | str], ...] = ()
    source: tuple[Mapping[str, object], ...] = ()  # data/'s seed passages ({file, lines}): lib.sources cites them

    @property
    def verdict(self) -> bool:
        """The line that judges the number of active cases per FTE (one per worker)."""
        return self.key in VERDICTS


VERDICTS = ("active", "crisis", "less_experienced", "senior", "rural")


@dataclass(frozen=True)
class Settings:
    experience_threshold_months: int


def default_settings(d: Domain) -> Settings:
    return Settings(d.caseload["less_experienced"]["threshold_months_default"])


def per_fte(count: float, fte: float) -> float:
    return count / fte if fte > 0 else 0.0


def _band(value: float, low: float, high: float) -> str:
    return BELOW if value < low else ABOVE if value > high else OK


def crisis_focused(case: Case) -> bool:
    """Crisis intervention is the worker's main work: ticked in the calculator, or (an uploaded row)
    more than half of the active cases are crisis cases — the app's reading of "the target group needs
    crisis intervention" (000:1062-1066), said so beside the team table."""
    return case.crisis_focus or (case.active > 0 and case.crisis * 2 > case.active)


def less_experienced(case: Case, settings: Settings) -> bool:
    return case.experience_months is not None and case.experience_months < settings.experience_threshold_months


def verdict(d: Domain, case: Case, settings: Settings) -> Line:
    """The one line judging the active cases per FTE, against the range for the worker's situation."""
    c = d.caseload
    fte = case.fte if case.fte > 0 else 1.0
    value = per_fte(case.active, fte)
    common = (("value", value), ("count", case.active), ("fte", fte))
    if crisis_focused(case):
        crisis = c["crisis_focus"]
        return Line("crisis", _band(value, crisis["min"], crisis["max"]),
                    (*common, ("low", crisis["min"]), ("high", crisis["max"])), tuple(crisis["source"]))
    if less_experienced(case, settings):
        less = c["less_experienced"]
        return Line("less_experienced", ABOVE if value > less["max_cases"] else OK,
                    (*common, ("limit", less["max_cases"]), ("months", case.experience_months),
                     ("threshold", settings.experience_threshold_months)), tuple(less["source"]))
    if case.senior:
        senior = c["senior"]
        return Line("senior", NOTE, (*common, ("survey", senior["survey_avg_active"])), tuple(senior["source"]))
    band = c["optimal_active_per_fte"]
    status = _band(value, band["min"], band["max"])
    if case.rural and status == BELOW:
        rural = next(f for f in c["factors"] if f["value"]["id"] == "rural_territory")
        return Line("rural", NOTE, (*common, ("low", band["min"]), ("high", band["max"])), tuple(rural["source"]))
    return Line("active", status, (*common, ("low", band["min"]), ("high", band["max"])), tuple(band["source"]))


def assess(d: Domain, case: Case, settings: Settings) -> list[Line]:
    """Every rule that applies to this case, the verdict first, in the order a service head reads them."""
    c = d.caseload
    fte = case.fte if case.fte > 0 else 1.0
    first = verdict(d, case, settings)
    out = [first]
    if first.key == "crisis" and less_experienced(case, settings):  # both apply: 5–7 is within "not above 10"
        less = c["less_experienced"]
        out.append(Line("support", NOTE, (("months", case.experience_months), ("limit", less["max_cases"])),
                        tuple(less["source"])))
    if case.inactive or case.social_service:
        inactive = c["inactive_survey"]
        out.append(Line("excluded", NOTE, (("inactive", case.inactive), ("service", case.social_service),
                                           ("low", inactive["min"]), ("high", inactive["max"])),
                        (*c["optimal_active_per_fte"]["source"][:1], *inactive["source"])))
    survey = c["in_assessment_survey"]
    out.append(Line("assessment", _band(case.in_assessment, survey["min"], survey["max"]) if case.in_assessment
                    else NOTE, (("count", case.in_assessment), ("low", survey["min"]), ("high", survey["max"])),
                    tuple(survey["source"])))
    if case.children_under_12 is not None:
        cap = c["children_under_12_max"]
        children = per_fte(case.children_under_12, fte)
        out.append(Line("children", ABOVE if children > cap["value"] else OK,
                        (("value", children), ("limit", cap["value"])), tuple(cap["source"])))
        families = c["families_practice"]
        out.append(Line("families", NOTE, (("low", families["min"]), ("high", families["max"]),
                                           ("limit", cap["value"])), tuple(families["source"])))
    if first.key == "active":  # the national targets are for the 10–20 reading, not for special situations
        out.extend(policy_lines(d, per_fte(case.active, fte)))
    return out


def policy_lines(d: Domain, active_per_fte: float) -> list[Line]:
    """The policy targets (Guidelines 2021–2027): ≤ 20 in 2024, 15–20 in 2027 (000:1032-1038)."""
    targets = d.statistics["policy_targets"]
    src = tuple(targets["source"])
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
class Need:
    """How many FTE the service's active cases need by the method's ranges (cases → FTE range)."""

    active: int
    crisis: int
    low_fte: float  # at the upper end of each range (20 per FTE, 7 crisis cases per FTE)
    high_fte: float  # at the lower end (10 per FTE, 5 crisis cases per FTE)
    have_fte: float | None  # the FTE uploaded or entered; None while unknown
    status: str | None  # have_fte against the range: BELOW (fewer FTE than needed), OK, ABOVE; None if unknown
    source: tuple[Mapping[str, object], ...]


def need(d: Domain, active: int, crisis: int, have_fte: float | None) -> Need:
    """The day-one question, "how many social workers do we need for our caseload?": active cases ÷ 20
    … ÷ 10 (000:1192-1208), crisis cases ÷ 7 … ÷ 5 (000:1062-1066); the crisis cases are counted once,
    in their own range. Compared with the FTE the service has."""
    band, crisis_band = d.caseload["optimal_active_per_fte"], d.caseload["crisis_focus"]
    crisis = min(max(crisis, 0), max(active, 0))
    general = max(active, 0) - crisis
    low = general / band["max"] + crisis / crisis_band["max"]
    high = general / band["min"] + crisis / crisis_band["min"]
    status = None if have_fte is None else BELOW if have_fte < low - 1e-9 else ABOVE if have_fte > high + 1e-9 else OK
    return Need(active, crisis, low, high, have_fte, status,
                (*band["source"][:1], *(crisis_band["source"] if crisis else ())))


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
    needed: float  # specialists the norm asks for at this population
    size_class: str


def staffing(d: Domain, inhabitants: int, social_workers: float, others: float) -> Staffing | None:
    """Social-work specialists per 1,000 inhabitants against the law's ≥ 1 (001:443-451, 002:68-69), with
    the social-workers-only ratio and the nominal municipality size class (001:107-141). Only numbers
    the user entered or uploaded: None while the population is unknown."""
    if inhabitants <= 0:
        return None
    norm = d.caseload["staffing_norm"]["min_specialists_per_1000"]
    specialists = social_workers + others
    per_1000 = specialists / inhabitants * 1000
    size = next(c["id"] for c in d.caseload["nominal_size_classes"]["classes"]
                if c["max_inhabitants"] is None or inhabitants <= c["max_inhabitants"])
    return Staffing(specialists, social_workers, inhabitants, per_1000, social_workers / inhabitants * 1000, norm,
                    per_1000 >= norm, norm * inhabitants / 1000, size)
