"""Headline facts of the method, read from the domain data (for Home and the section overviews)."""

from __future__ import annotations

from dataclasses import dataclass

from lib.domain import Domain


@dataclass(frozen=True)
class MethodFacts:
    hours_per_fte_month: float
    weekly_hours: float
    groups: int
    functions: int
    core_pct: float
    cap_pct: float
    other_max_pct: float
    deviation_threshold: float
    caseload_min: int
    caseload_max: int
    children_max: int
    specialists_per_1000: float
    criteria: int
    subcriteria: int
    practices: int


def method_facts(d: Domain) -> MethodFacts:
    rules = d.workload_rules["rules"]
    band = d.caseload["optimal_active_per_fte"]
    return MethodFacts(
        hours_per_fte_month=d.reference.hours_per_fte_month,
        weekly_hours=d.reference.weekly_hours,
        groups=len(d.reference.groups),
        functions=len(d.reference.functions),
        core_pct=d.reference.core_pct,
        cap_pct=rules["service_reference_max_total_pct"]["value"],
        other_max_pct=rules["other_duties_max_pct"]["value"],
        deviation_threshold=rules["significant_deviation"]["value"],
        caseload_min=band["min"],
        caseload_max=band["max"],
        children_max=d.caseload["children_under_12_max"]["value"],
        specialists_per_1000=d.caseload["staffing_norm"]["min_specialists_per_1000"],
        criteria=len(d.catalogue.criteria),
        subcriteria=len(d.catalogue.subcriterion_ids),
        practices=len(d.catalogue.practices),
    )
