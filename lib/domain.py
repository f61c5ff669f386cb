"""Domain data from data/*.json: loaded once, validated, handed out as frozen dataclasses.

The numbers of the method (shares, thresholds, bands) live in data/ with their seed sources, never
in code. A broken file must stop the app at start with a message naming the file and the rule it
breaks, instead of producing quietly wrong results later.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT / "data"
FILES = {
    "reference": "reference_workload.json",
    "workload_rules": "workload_rules.json",
    "caseload": "caseload_rules.json",
    "statistics": "statistics.json",
    "self_assessment": "self_assessment.json",
}
TOLERANCE = 1e-6


class DataError(Exception):
    """A data file breaks a rule. `rule` is a catalog key suffix (data_error.<rule>)."""

    def __init__(self, file: str, rule: str, detail: str):
        super().__init__(f"{file}: {rule}: {detail}")
        self.file = file
        self.rule = rule
        self.detail = detail


# --- workload reference -------------------------------------------------------------------------


@dataclass(frozen=True)
class Function:
    id: str
    group_id: str
    name_lv: str
    name_en: str
    pct: float | None  # None for functions that share a block
    block: str | None
    duties_lv: str
    duties_en: str

    def name(self, lang: str) -> str:
        return self.name_lv if lang == "lv" else self.name_en


@dataclass(frozen=True)
class Block:
    id: str
    pct: float
    function_ids: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    id: str
    name_lv: str
    name_en: str
    pct: float
    is_core: bool
    functions: tuple[Function, ...]
    blocks: tuple[Block, ...]

    def name(self, lang: str) -> str:
        return self.name_lv if lang == "lv" else self.name_en


@dataclass(frozen=True)
class Reference:
    hours_per_fte_month: float
    weekly_hours: float
    groups: tuple[Group, ...]

    @property
    def functions(self) -> tuple[Function, ...]:
        return tuple(f for g in self.groups for f in g.functions)

    @property
    def total_pct(self) -> float:
        return sum(g.pct for g in self.groups)

    @property
    def core_pct(self) -> float:
        return sum(g.pct for g in self.groups if g.is_core)


# --- self-assessment catalogue ------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """A score band; `texts` holds its descriptions as in the data file (description_lv/_en for
    practices, trends_lv/_en and goals_lv/_en for results indicator groups)."""

    min: int
    max: int
    label_lv: str
    texts: Mapping[str, str] = field(default_factory=dict)

    def text(self, kind: str, lang: str) -> str:
        return self.texts.get(f"{kind}_{lang}") or self.texts.get(f"{kind}_lv", "")


@dataclass(frozen=True)
class Level:
    level: int
    min: int
    max: int
    text_lv: str
    text_en: str


@dataclass(frozen=True)
class Criterion:
    id: str
    kind: str  # "enabler" | "results"
    name_lv: str
    name_en: str


@dataclass(frozen=True)
class Practice:
    id: str
    subcriterion_id: str
    criterion_id: str
    text_lv: str
    gloss_en: str
    in_base: bool | None  # None = base membership unconfirmed in the source
    text_base_lv: str | None = None  # the narrower base-standard wording, where the source gives one


@dataclass(frozen=True)
class Subcriterion:
    id: str
    criterion_id: str
    text_lv: str
    text_en: str


@dataclass(frozen=True)
class IndicatorGroup:
    """A results-criterion indicator group (criteria 6-8) with the source's example indicators."""

    id: str
    subcriterion_id: str
    criterion_id: str
    name_lv: str
    name_en: str
    examples: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Catalogue:
    criteria: tuple[Criterion, ...]
    subcriteria: tuple[Subcriterion, ...]
    practices: tuple[Practice, ...]
    enabler_bands: tuple[Band, ...]
    results_bands: tuple[Band, ...]
    enabler_levels: tuple[Level, ...]
    results_levels: tuple[Level, ...]
    indicator_groups: tuple[IndicatorGroup, ...]
    table1: Mapping[str, Mapping[str, int]]  # criterion → base/optimal practice counts
    min_indicators_base: int
    dimensions: tuple[str, ...]  # the two parts an indicator group is scored on (trends, goals)
    trend_years: int  # how many yearly values an indicator holds (the source's "last 3-5 years")
    plan: Mapping[str, Any]  # process.improvement_plan as in the file

    @property
    def subcriterion_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.subcriteria)


@dataclass(frozen=True)
class Domain:
    reference: Reference
    catalogue: Catalogue
    workload_rules: dict[str, Any]
    caseload: dict[str, Any]
    statistics: dict[str, Any]


def data_dir() -> Path:
    """`APP_DATA_DIR` lets tests point the app at a deliberately broken copy."""
    return Path(os.environ.get("APP_DATA_DIR") or DEFAULT_DATA_DIR)


def _read(directory: Path, name: str) -> dict[str, Any]:
    path = directory / name
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(name, "missing_file", str(path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(name, "not_json", str(exc)) from None
    if not isinstance(payload, dict):
        raise DataError(name, "not_json", "top level is not an object")
    return payload


def _need(file: str, record: dict[str, Any], *keys: str) -> None:
    for key in keys:
        if key not in record or record[key] is None:
            raise DataError(file, "missing_field", f"{record.get('id', '?')}: {key}")


def _need_source(file: str, record: dict[str, Any], label: str) -> None:
    if not record.get("source") and not record.get("source_lines"):
        raise DataError(file, "missing_source", label)


def _close(a: float, b: float) -> bool:
    return abs(a - b) < TOLERANCE


def _parse_reference(raw: dict[str, Any], rules: dict[str, Any]) -> Reference:
    file = FILES["reference"]
    groups = []
    for g in raw.get("groups") or []:
        _need(file, g, "id", "name_lv", "name_en", "pct", "is_core", "functions")
        _need_source(file, g, g["id"])
        functions = []
        for f in g["functions"]:
            _need(file, f, "id", "name_lv", "name_en", "duties_lv", "duties_en")
            _need_source(file, f, f["id"])
            if f.get("pct") is None and not f.get("block"):
                raise DataError(file, "missing_field", f"{f['id']}: pct")
            if f.get("pct") is not None and not 0 <= f["pct"] <= 100:
                raise DataError(file, "pct_range", f"{f['id']}: {f['pct']}")
            functions.append(
                Function(f["id"], g["id"], f["name_lv"], f["name_en"], f.get("pct"), f.get("block"),
                         f["duties_lv"], f["duties_en"])
            )
        blocks = []
        for b in g.get("blocks") or []:
            _need(file, b, "id", "pct", "function_ids")
            _need_source(file, b, b["id"])
            members = {f.id for f in functions if f.block == b["id"]}
            if members != set(b["function_ids"]):
                raise DataError(file, "block_members", f"{b['id']}: {sorted(b['function_ids'])}")
            blocks.append(Block(b["id"], b["pct"], tuple(b["function_ids"])))
        block_ids = {b.id for b in blocks}
        for f in functions:
            if f.block and f.block not in block_ids:
                raise DataError(file, "block_members", f"{f.id}: {f.block}")
        inner = sum(f.pct for f in functions if f.block is None) + sum(b.pct for b in blocks)
        if not _close(inner, g["pct"]):
            raise DataError(file, "group_sum", f"{g['id']}: {inner:g} ≠ {g['pct']:g}")
        groups.append(Group(g["id"], g["name_lv"], g["name_en"], g["pct"], g["is_core"], tuple(functions),
                            tuple(blocks)))
    if not groups:
        raise DataError(file, "missing_field", "groups")
    ids = Counter([g.id for g in groups] + [f.id for g in groups for f in g.functions])
    dupes = sorted(i for i, n in ids.items() if n > 1)
    if dupes:
        raise DataError(file, "duplicate_ids", ", ".join(dupes))
    basis = raw.get("hours_basis") or {}
    _need(file, basis, "hours_per_fte_month", "weekly_hours")
    ref = Reference(basis["hours_per_fte_month"], basis["weekly_hours"], tuple(groups))
    total_max = rules["rules"]["service_reference_max_total_pct"]["value"]
    if not _close(ref.total_pct, total_max):
        raise DataError(file, "shares_sum", f"{ref.total_pct:g} ≠ {total_max:g}")
    core = rules["rules"]["core_pct"]
    if {g.id for g in groups if g.is_core} != set(core["core_group_ids"]):
        raise DataError(file, "core_groups", ", ".join(g.id for g in groups if g.is_core))
    if not _close(ref.core_pct, core["value"]):
        raise DataError(file, "core_share", f"{ref.core_pct:g} ≠ {core['value']:g}")
    return ref


def _bands(file: str, raw: list[dict[str, Any]], label: str) -> tuple[Band, ...]:
    bands = tuple(
        Band(int(b["min"]), int(b["max"]), b.get("label_lv", ""),
             {k: v for k, v in b.items() if k.endswith(("_lv", "_en")) and k != "label_lv"})
        for b in raw
    )
    _check_contiguous(file, [(b.min, b.max) for b in bands], label)
    return bands


def _levels(file: str, raw: list[dict[str, Any]], label: str) -> tuple[Level, ...]:
    levels = tuple(
        Level(int(x["level"]), int(x["min"]), int(x["max"]), x["description_lv"], x["description_en"]) for x in raw
    )
    _check_contiguous(file, [(x.min, x.max) for x in levels], label)
    if [x.level for x in levels] != list(range(1, len(levels) + 1)):
        raise DataError(file, "band_edges", f"{label}: levels {[x.level for x in levels]}")
    return levels


def _check_contiguous(file: str, edges: list[tuple[int, int]], label: str) -> None:
    expected_min = 0
    for lo, hi in edges:
        if lo != expected_min or hi < lo:
            raise DataError(file, "band_edges", f"{label}: {lo}–{hi}")
        expected_min = hi + 1
    if expected_min != 101:
        raise DataError(file, "band_edges", f"{label}: ends at {expected_min - 1}")


def _parse_catalogue(raw: dict[str, Any]) -> Catalogue:
    file = FILES["self_assessment"]
    for key in ("criteria", "subcriteria", "practices", "scoring", "standards_counts"):
        if not raw.get(key):
            raise DataError(file, "missing_field", key)
    criteria = tuple(Criterion(c["id"], c["kind"], c["name_lv"], c["name_en"]) for c in raw["criteria"])
    sub_ids = tuple(s["id"] for s in raw["subcriteria"])
    practices = []
    for p in raw["practices"]:
        _need(file, p, "id", "subcriterion_id", "criterion_id", "text_lv")
        _need_source(file, p, p["id"])
        if p["subcriterion_id"] not in sub_ids:
            raise DataError(file, "unknown_subcriterion", f"{p['id']}: {p['subcriterion_id']}")
        practices.append(Practice(p["id"], p["subcriterion_id"], p["criterion_id"], p["text_lv"],
                                  p.get("gloss_en") or "", p.get("in_base_standard"), p.get("text_base_lv")))
    ids = Counter(p.id for p in practices)
    dupes = sorted(i for i, n in ids.items() if n > 1)
    if dupes:
        raise DataError(file, "duplicate_ids", ", ".join(dupes))
    for count in raw["standards_counts"]["enabler_criteria"]:
        cid = count["criterion_id"]
        n_practices = sum(1 for p in practices if p.criterion_id == cid)
        n_subs = sum(1 for s in raw["subcriteria"] if s["criterion_id"] == cid)
        found = count["found_in_text"]
        if n_practices != found["practices"] or n_subs != found["subcriteria"]:
            raise DataError(
                file, "practice_counts",
                f"{cid}: {n_subs}/{n_practices} ≠ {found['subcriteria']}/{found['practices']}",
            )
    scoring = raw["scoring"]
    # a subcriterion with one unnamed group (8.2, 8.3) names it by the subcriterion's own words
    sub_text = {x["id"]: (x["text_lv"], x.get("text_en") or x["text_lv"]) for x in raw["subcriteria"]}
    groups = tuple(
        IndicatorGroup(f"{block['subcriterion_id']}.{n}", block["subcriterion_id"], block["criterion_id"],
                       g["group_full_lv"] or sub_text[block["subcriterion_id"]][0],
                       g.get("group_en") or g["group_full_lv"] or sub_text[block["subcriterion_id"]][1],
                       tuple((x["lv"], x.get("en", "")) for x in g.get("indicator_examples", [])))
        for block in raw.get("results_indicator_groups", [])
        for n, g in enumerate(block["groups"], start=1)
    )
    counts = raw["standards_counts"]
    return Catalogue(
        criteria=criteria,
        subcriteria=tuple(Subcriterion(x["id"], x["criterion_id"], x["text_lv"], x.get("text_en") or x["text_lv"])
                          for x in raw["subcriteria"]),
        practices=tuple(practices),
        enabler_bands=_bands(file, scoring["enabler_practice_subcriterion_scale"]["bands"], "enabler bands"),
        results_bands=_bands(file, scoring["results_scale"]["bands"], "results bands"),
        enabler_levels=_levels(file, scoring["enabler_criterion_levels"]["levels"], "enabler levels"),
        results_levels=_levels(file, scoring["results_criterion_levels"]["levels"], "results levels"),
        indicator_groups=groups,
        table1={c["criterion_id"]: {"base": c["table1_base"]["practices"], "optimal": c["table1_optimal"]["practices"]}
                for c in counts["enabler_criteria"]},
        min_indicators_base=int(counts["results_criteria"]["min_indicators_per_results_criterion_base"]),
        dimensions=tuple(x["key"] for x in scoring["results_scale"]["dimensions"]),
        trend_years=int(scoring["results_scale"]["trend_years"]["max"]),
        plan=raw["process"]["improvement_plan"],
    )


def _check_rules(raw: dict[str, Any]) -> None:
    file = FILES["workload_rules"]
    rules = raw.get("rules")
    if not isinstance(rules, dict):
        raise DataError(file, "missing_field", "rules")
    for key in ("service_reference_max_total_pct", "core_pct", "other_duties_max_pct", "significant_deviation",
                "absurd_month_hours"):
        if key not in rules:
            raise DataError(file, "missing_field", key)
        _need(file, rules[key], "value")
        _need_source(file, rules[key], key)
    factors = (raw.get("period_to_month") or {}).get("factors") or {}
    if set(factors) != {"week", "month", "quarter", "year"}:
        raise DataError(file, "missing_field", "period_to_month.factors")


def _check_statistics(raw: dict[str, Any]) -> None:
    """The printed per-worker figures must follow from the raw counts (the app recomputes them)."""
    file = FILES["statistics"]
    rows = (raw.get("statistics_2022") or {}).get("rows") or []
    if not rows:
        raise DataError(file, "missing_field", "statistics_2022.rows")
    for r in rows:
        _need_source(file, r, r.get("id", "?"))
        year = round(r["active_cases_per_year"] / r["social_workers"], 2)
        december = round(r["active_cases_december"] / r["social_workers"], 2)
        if not (_close(year, r["printed_per_worker_per_year"]) and _close(december, r["printed_per_worker_december"])):
            raise DataError(file, "statistics_check", f"{r['id']}: {year} / {december}")


def _guarded(file: str, check: Any, *args: Any) -> Any:
    """Run one file's checks; a shape the checks did not foresee still names the file."""
    try:
        return check(*args)
    except DataError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, ZeroDivisionError) as exc:
        raise DataError(file, "malformed", f"{type(exc).__name__}: {exc}") from None


def _check_caseload(raw: dict[str, Any]) -> None:
    file = FILES["caseload"]
    band = raw.get("optimal_active_per_fte") or {}
    _need(file, band, "min", "max")
    _need_source(file, band, "optimal_active_per_fte")
    if not 0 < band["min"] <= band["max"]:
        raise DataError(file, "pct_range", f"optimal_active_per_fte: {band['min']}–{band['max']}")


def load(directory: Path | None = None) -> Domain:
    """Read and validate every data file; raises DataError naming the first broken file and rule."""
    directory = directory or data_dir()
    raw = {key: _read(directory, name) for key, name in FILES.items()}
    _guarded(FILES["workload_rules"], _check_rules, raw["workload_rules"])
    _guarded(FILES["statistics"], _check_statistics, raw["statistics"])
    _guarded(FILES["caseload"], _check_caseload, raw["caseload"])
    return Domain(
        reference=_guarded(FILES["reference"], _parse_reference, raw["reference"], raw["workload_rules"]),
        catalogue=_guarded(FILES["self_assessment"], _parse_catalogue, raw["self_assessment"]),
        workload_rules=raw["workload_rules"],
        caseload=raw["caseload"],
        statistics=raw["statistics"],
    )
