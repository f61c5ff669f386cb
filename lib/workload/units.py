"""Workload arithmetic of the method: recorded time → hours a month, reference hours, overtime.

The seed converts time given per week, month, quarter or year "with a formula" it does not state;
the app's choice (data/workload_rules.json, marked proposal) keeps 40 h a week = 168 h a month.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from lib.domain import Domain

UNITS: tuple[str, ...] = ("week", "month", "quarter", "year")


@dataclass(frozen=True)
class Conversion:
    """Multipliers to a month, kept as exact fractions (×21/5, ×1, ÷3, ÷12) so no rounding creeps in."""

    factors: dict[str, Fraction]

    def to_month(self, hours: float, unit: str) -> float:
        return float(Fraction(hours).limit_denominator(10**9) * self.factors[unit])


def conversion(d: Domain) -> Conversion:
    raw = d.workload_rules["period_to_month"]["factors"]
    return Conversion({unit: Fraction(str(raw[unit])).limit_denominator(100) for unit in UNITS})


@dataclass(frozen=True)
class Limits:
    hours_per_fte_month: float
    absurd_month_hours: float
    fte_min_exclusive: float
    fte_max: float


def limits(d: Domain) -> Limits:
    rules = d.workload_rules["rules"]
    return Limits(
        hours_per_fte_month=d.reference.hours_per_fte_month,
        absurd_month_hours=rules["absurd_month_hours"]["value"],
        fte_min_exclusive=rules["fte_range"]["min_exclusive"],
        fte_max=rules["fte_range"]["max"],
    )


def norm_hours(fte: float, lim: Limits) -> float:
    """Contracted hours a month for this FTE (168 × FTE)."""
    return lim.hours_per_fte_month * fte


def overtime(total_month_hours: float, fte: float, lim: Limits) -> float:
    """Hours above 168 × FTE (0 when within); shown, never an error (seed 000:2368-2372)."""
    return max(0.0, total_month_hours - norm_hours(fte, lim))
