"""Rebuild data/*.json from the extracted reference in ../shared/reference.

Run by hand when the reference changes (`python tools/build_data.py [SHARED_DIR]`). The app never
reads ../shared: it ships these copies, each value with the `source` it was extracted from.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = "000_98888d648e5b1f50.txt"
APP_SOURCE = [{"file": "SPEC.md", "lines": "§4", "note_en": "app rule, not a seed value"}]


def _write(name: str, payload: dict) -> None:
    path = ROOT / "data" / name
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")


def _function(f: dict) -> dict:
    return {
        "id": f["id"],
        "name_lv": f["name_lv"],
        "name_en": f["name_en"],
        "pct": f["reference_pct"],
        "block": f.get("share_block"),
        "duties_lv": f["duties_lv"],
        "duties_en": f["duties_en_gloss"],
        "typical_duty_lv": f.get("typical_duty_lv"),
        "source": f["source"] + (f.get("reference_pct_source") or []),
    }


def build_reference(w: dict) -> dict:
    hours = w["hours_per_fte_month"]
    groups = []
    for g in w["function_groups"]:
        groups.append(
            {
                "id": g["id"],
                "name_lv": g["name_lv"],
                "name_en": g["name_en"],
                "pct": g["reference_pct"],
                "is_core": g["is_core"],
                "source": g["source"],
                "blocks": [
                    {
                        "id": b["id"],
                        "pct": b["reference_pct"],
                        "function_ids": b["function_ids"],
                        "source": b["source"],
                    }
                    for b in g.get("share_blocks", [])
                ],
                "functions": [_function(f) for f in g["functions"]],
            }
        )
    return {
        "topic": "National reference workload of a social worker (seed 000, table 3)",
        "sources": w["meta"]["sources"],
        "hours_basis": {
            "hours_per_fte_month": hours["value"],
            "weekly_hours": hours["weekly_hours"]["value"],
            "source": hours["source"],
        },
        "groups": groups,
    }


def _rule(rules: list[dict], rule_id: str) -> dict:
    return next(r for r in rules if r["id"] == rule_id)


def build_workload_rules(w: dict) -> dict:
    rules = w["rules"]
    form = w["form_workload_analysis"]
    conv = form["conversion_to_month"]
    audit = w["audit_results"]
    t2 = audit["table_2_group_shares"]
    return {
        "topic": "Workload rules, target-group hints, audit benchmarks and recommendations (seed 000)",
        "rules": {
            "service_reference_max_total_pct": {
                "value": _rule(rules, "service_reference_sum_max_100")["max_total_pct"],
                "quote_lv": _rule(rules, "service_reference_sum_max_100")["quote_lv"],
                "source": _rule(rules, "service_reference_sum_max_100")["source"],
            },
            "reduce_first_group_ids": {
                "value": _rule(rules, "no_exceeding_normal_working_time")["preferred_groups_to_reduce"],
                "source": _rule(rules, "no_exceeding_normal_working_time")["source"],
            },
            "other_duties_max_pct": {
                "value": _rule(rules, "other_duties_max_3pct")["max_pct"],
                "group_id": "other_duties",
                "source": _rule(rules, "other_duties_max_3pct")["source"],
            },
            "core_pct": {
                "value": _rule(rules, "principle_80_20")["core_pct"],
                "core_group_ids": _rule(rules, "principle_80_20")["core_group_ids"],
                "source": _rule(rules, "principle_80_20")["source"],
            },
            "significant_deviation": {
                "value": _rule(rules, "significant_deviation_15")["threshold"],
                "default_reading": "pp",
                "applies_to_group_ids": _rule(rules, "significant_deviation_15")["applies_to"],
                "quote_lv": _rule(rules, "significant_deviation_15")["quote_lv"],
                "source": _rule(rules, "significant_deviation_15")["source"],
            },
            "absurd_month_hours": {
                "value": 744,
                "note_en": "31 days × 24 h: a monthly total above this is an input error",
                "source": APP_SOURCE,
            },
            "fte_range": {"min_exclusive": 0, "max": 1.5, "source": APP_SOURCE},
            "reanalysis_years": {
                "recommended": _rule(rules, "reanalysis_recommended_period")["period_years"],
                "when_compliant": _rule(rules, "reanalysis_when_compliant")["period_years"],
                "after_plan_min": _rule(rules, "reanalysis_after_change_plan")["period_years_min"],
                "after_plan_max": _rule(rules, "reanalysis_after_change_plan")["period_years_max"],
                "source": _rule(rules, "reanalysis_recommended_period")["source"]
                + _rule(rules, "reanalysis_when_compliant")["source"]
                + _rule(rules, "reanalysis_after_change_plan")["source"],
            },
            "mixed_role": {
                "rule_en": _rule(rules, "mixed_role_scaling")["rule_en"],
                "source": _rule(rules, "mixed_role_scaling")["source"],
            },
        },
        "period_to_month": {
            "factors": {k: round(v, 10) for k, v in conv["proposed_factors_to_month"].items()},
            "proposal": True,
            "rationale_en": conv["proposal_rationale_en"],
            "source": conv["source"],
        },
        "target_groups": w["target_group_adjustments"]["groups"],
        "no_function_can_be_reduced": w["target_group_adjustments"]["no_function_can_be_reduced"],
        "deviation_factors": w["deviation_factors"]["items"],
        "audit_table_2": {
            "title_lv": t2["title_lv"],
            "columns": t2["columns"],
            "pct_of_respondents": t2["pct_of_respondents"],
            "rows": t2["rows"],
            "source": t2["source"],
        },
        "audit_function_level": audit["function_level"],
        "recommendations": {
            "service_level": w["recommendations"]["service_level"],
            "ministry_level": w["recommendations"]["ministry_level"],
            "source": w["recommendations"]["source"],
        },
    }


def build_caseload(w: dict) -> dict:
    c = w["caseload"]
    staffing = w["staffing_and_compliance"]
    per_client = _rule(w["rules"], "per_client_time_ranges")
    return {
        "topic": "Caseload guidance and staffing norm (seeds 000, 001, 002)",
        "case_statuses": c["case_statuses"]["items"],
        "optimal_active_per_fte": {
            "min": c["optimal_active_caseload_per_fte"]["min"],
            "max": c["optimal_active_caseload_per_fte"]["max"],
            "excludes": c["optimal_active_caseload_per_fte"]["excludes"],
            "quote_lv": c["optimal_active_caseload_per_fte"]["quote_lv"],
            "source": c["optimal_active_caseload_per_fte"]["source"],
        },
        "in_assessment_survey": {
            **c["survey_2023_service_heads"]["avg_in_assessment"]["value"],
            "source": c["survey_2023_service_heads"]["avg_in_assessment"]["source"],
        },
        "children_under_12_max": {
            "value": c["families_with_children"]["children_cap"]["value"]["max_children"],
            "quote_lv": c["families_with_children"]["children_cap"]["quote_lv"],
            "source": c["families_with_children"]["children_cap"]["source"],
        },
        "crisis_focus": {**c["crisis_intervention"]["value"], "source": c["crisis_intervention"]["source"]},
        "less_experienced": {
            "max_cases": c["less_experienced_workers"]["value"]["max_concurrent_cases"],
            "threshold_months_default": 12,
            "threshold_proposal": True,
            "threshold_note_en": "The seed does not define 'less experienced'; 12 months is the app's "
            "stated default, editable in the calculator.",
            "quote_lv": c["less_experienced_workers"]["quote_lv"],
            "source": c["less_experienced_workers"]["source"],
        },
        "senior": {
            "lower_share": c["senior_social_workers"]["could_be_50pct_lower"]["value"],
            "survey_avg_active": c["senior_social_workers"]["survey_avg_active_excl_assessment"]["value"],
            "source": c["senior_social_workers"]["could_be_50pct_lower"]["source"]
            + c["senior_social_workers"]["no_fixed_number"]["source"],
        },
        "inactive_survey": {
            **c["survey_2023_service_heads"]["avg_inactive"]["value"],
            "quote_lv": c["survey_2023_service_heads"]["avg_inactive"]["quote_lv"],
            "source": c["survey_2023_service_heads"]["avg_inactive"]["source"],
        },
        "total_survey_avg": {
            "value": c["survey_2023_service_heads"]["avg_total_cases"]["value"],
            "quote_lv": c["survey_2023_service_heads"]["avg_total_cases"]["quote_lv"],
            "source": c["survey_2023_service_heads"]["avg_total_cases"]["source"],
        },
        "families_practice": {
            **c["families_with_children"]["european_practice_families"]["value"],
            "quote_lv": c["families_with_children"]["european_practice_families"]["quote_lv"],
            "source": c["families_with_children"]["european_practice_families"]["source"]
            + c["families_with_children"]["reduce_if_multiple_problems"]["source"],
        },
        "no_maximum": c["no_maximum"],
        "factors": c["factors_affecting_caseload"],
        "client_work_share_pct": c["derivation"]["client_work_share_pct"],
        "derivation": {
            "client_work_hours_month": c["derivation"]["client_work_hours_month_stated"],
            "quote_lv": c["derivation"]["quote_lv"],
            "source": c["derivation"]["source"],
        },
        "per_client_hours": {"ranges": per_client["ranges"], "source": per_client["source"]},
        "staffing_norm": {
            "min_specialists_per_1000": staffing["seed_002_inspections"]["staffing_norm"][
                "min_social_work_specialists_per_1000_inhabitants"
            ],
            "quote_lv": staffing["seed_002_inspections"]["staffing_norm"]["quote_lv"],
            "counts_en": staffing["seed_002_inspections"]["staffing_norm"]["counts_en"],
            "law_lv": "Sociālo pakalpojumu un sociālās palīdzības likums",
            "source": staffing["seed_001_ex_ante_2009_2011"]["staffing_norm"]["source"]
            + staffing["seed_002_inspections"]["staffing_norm"]["source"],
            "weak_proxy": staffing["seed_001_ex_ante_2009_2011"]["staffing_norm"],
        },
        "municipality_size_classes": staffing["seed_001_ex_ante_2009_2011"]["municipality_size_classes"][
            "classification_table"
        ],
        # the nominal bounds are in the sample table's class names ("iedz. sk. līdz 5000"), 001:107-141
        "nominal_size_classes": {
            "classes": [
                {"id": r["id"], "max_inhabitants": r.get("pop_max_nominal"), "source": r["source"]}
                for r in staffing["seed_001_ex_ante_2009_2011"]["municipality_size_classes"]["sample_table"]["rows"]
                if r["id"] != "republic_cities"
            ],
            "note_en": "Nominal bounds of the 2009-2011 classification (small up to 5,000; medium 5,000-20,000;"
            " large over 20,000 inhabitants); republic cities are a separate type.",
            "source": staffing["seed_001_ex_ante_2009_2011"]["municipality_size_classes"]["sample_table"]["source"],
        },
    }


AREA_EN = {"cities": "Cities", "municipalities": "Municipalities", "total": "Total"}  # table 1's rows in English


def build_statistics(w: dict) -> dict:
    c = w["caseload"]
    s = c["state_statistics_2022"]
    rows = [
        {
            "id": r["id"],
            "name_lv": r["name_lv"],
            "name_en": AREA_EN[r["id"]],
            "active_cases_per_year": r["active_cases_per_year"],
            "social_workers": r["social_workers"],
            "active_cases_december": r["active_cases_december"],
            "printed_per_worker_per_year": r["cases_per_worker_per_year"],
            "printed_per_worker_december": r["cases_per_worker_december"],
            "source": r["source"],
        }
        for r in s["rows"]
    ]
    return {
        "topic": "National statistics and policy targets for caseloads (seed 000)",
        "statistics_2022": {"title_lv": s["title_lv"], "rows": rows, "source": s["source"]},
        "policy_targets": c["policy_targets"],
        "ex_post_2017": c["ex_post_2017_study"],
        "survey_2023_avg_active": {
            **c["survey_2023_service_heads"]["avg_active_excl_assessment_families_and_adults"]["value"],
            "source": c["survey_2023_service_heads"]["avg_active_excl_assessment_families_and_adults"]["source"],
        },
    }


# Table 13 (results scale) is printed as columns in seed 004; the extracted reference keeps its texts but
# not where each band's text stands. Read off the seed by hand, one entry per band in order.
RESULTS_BAND_LINES = [
    {"label_source_lines": [5812, 5812], "trends_source_lines": [[5838, 5866]],
     "goals_source_lines": [[5951, 5955]]},
    {"label_source_lines": [5812, 5814], "trends_source_lines": [[5868, 5884]],
     "goals_source_lines": [[5957, 5961], [5986, 5988]]},
    {"label_source_lines": [5816, 5818], "trends_source_lines": [[5886, 5897]],
     "goals_source_lines": [[5963, 5967], [5992, 6008]]},
    {"label_source_lines": [5820, 5822], "trends_source_lines": [[5899, 5912]],
     "goals_source_lines": [[5969, 5973], [6010, 6024]]},
    {"label_source_lines": [5824, 5826], "trends_source_lines": [[5914, 5927]],
     "goals_source_lines": [[5975, 5979], [6026, 6040]]},
    {"label_source_lines": [5828, 5830], "trends_source_lines": [[5929, 5947]],
     "goals_source_lines": [[5981, 5985], [6042, 6072]]},
]
RESULTS_BANDS_NOTE = (
    "Table 13 (seed 004 lines 5802-6072) is printed as columns; each band's trends and goals text is "
    "verbatim, with the line ranges it is printed on (a goals text continues lower down, after the other "
    "bands' first lines). Results subcriteria and criteria are scored on the same 100-point scale and its "
    "6 bands (lines 5774-5788)."
)


def build_self_assessment(sa: dict) -> dict:
    keep = ["meta", "criteria", "subcriteria", "practices", "results_indicator_groups", "scoring",
            "standards_counts", "evidence_types", "process"]
    out = {"topic": "Quality-management self-assessment catalogue SD KVPM (seed 004)"}
    out.update({k: sa[k] for k in keep})
    # The period the trends are read over: "pēdējo 3 gadu laikā" (line 6169), "pēdējo 3 – 5 gadu
    # laikā" (line 6197); the app offers the longer span as value columns.
    out["scoring"]["results_scale"]["trend_years"] = {"min": 3, "max": 5, "source_lines": [6169, 6197]}
    scale = out["scoring"]["results_scale"]
    scale["bands_note"] = RESULTS_BANDS_NOTE
    for band, lines in zip(scale["bands"], RESULTS_BAND_LINES, strict=True):
        band.update(lines)
    return out


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    w = json.loads((shared / "reference" / "workload_reference.json").read_text(encoding="utf-8"))
    sa = json.loads((shared / "reference" / "self_assessment_catalogue.json").read_text(encoding="utf-8"))
    _write("reference_workload.json", build_reference(w))
    _write("workload_rules.json", build_workload_rules(w))
    _write("caseload_rules.json", build_caseload(w))
    _write("statistics.json", build_statistics(w))
    _write("self_assessment.json", build_self_assessment(sa))


if __name__ == "__main__":
    main()
