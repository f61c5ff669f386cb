"""Domain data: the shipped files are valid and every broken rule stops the loader with its file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lib import domain
from lib.domain import DataError
from tests.apptest import run_app, visible_texts


def test_shipped_data_is_valid_and_matches_the_method():
    d = domain.load()
    ref = d.reference
    assert ref.hours_per_fte_month == 168 and ref.weekly_hours == 40
    assert len(ref.groups) == 5 and len(ref.functions) == 17
    assert ref.total_pct == 100 and ref.core_pct == 80
    shared = [f.id for f in ref.functions if f.block]
    assert shared == ["other_persons_consultation", "other_persons_documentation", "other_persons_data_entry"]
    assert [b.pct for g in ref.groups for b in g.blocks] == [4.0]
    cat = d.catalogue
    assert len(cat.criteria) == 8 and len(cat.subcriterion_ids) == 26 and len(cat.practices) == 92
    assert sum(p.in_base is None for p in cat.practices) == 15
    assert [(b.min, b.max) for b in cat.enabler_bands] == [(0, 0), (1, 10), (11, 30), (31, 50), (51, 80), (81, 100)]
    assert [(x.min, x.max, x.level) for x in cat.enabler_levels] == [(0, 30, 1), (31, 50, 2), (51, 80, 3), (81, 100, 4)]


def test_every_reference_record_keeps_its_source():
    raw = json.loads((domain.DEFAULT_DATA_DIR / "reference_workload.json").read_text(encoding="utf-8"))
    for group in raw["groups"]:
        assert group["source"], group["id"]
        for f in group["functions"]:
            assert all(s["file"] and s["lines"] for s in f["source"]), f["id"]


def _broken_copy(tmp_path: Path, file: str, mutate) -> Path:
    target = tmp_path / "data"
    shutil.copytree(domain.DEFAULT_DATA_DIR, target, ignore=shutil.ignore_patterns("*.duckdb*", "backups"))
    path = target / file
    payload = json.loads(path.read_text(encoding="utf-8"))
    mutate(payload)
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return target


def _set_function_pct(payload, function_id, pct):
    for g in payload["groups"]:
        for f in g["functions"]:
            if f["id"] == function_id:
                f["pct"] = pct


def _group(payload, group_id):
    return next(g for g in payload["groups"] if g["id"] == group_id)


CASES = [
    ("reference_workload.json", "group_sum", lambda p: _set_function_pct(p, "client_consultation", 31)),
    ("reference_workload.json", "shares_sum",
     lambda p: (_set_function_pct(p, "client_consultation", 31), _group(p, "work_with_client").update(pct=61))),
    ("reference_workload.json", "core_share",
     lambda p: (_set_function_pct(p, "client_consultation", 29), _group(p, "work_with_client").update(pct=59),
                _set_function_pct(p, "other_tasks", 4), _group(p, "other_duties").update(pct=4))),
    ("reference_workload.json", "missing_source", lambda p: _group(p, "other_duties").update(source=[])),
    ("reference_workload.json", "duplicate_ids",
     lambda p: _group(p, "other_duties")["functions"][0].update(id="home_visits")),
    ("reference_workload.json", "malformed", lambda p: _set_function_pct(p, "home_visits", "three")),
    ("self_assessment.json", "band_edges",
     lambda p: p["scoring"]["enabler_practice_subcriterion_scale"]["bands"][2].update(min=12)),
    ("self_assessment.json", "band_edges",
     lambda p: p["scoring"]["enabler_criterion_levels"]["levels"][3].update(max=99)),
    ("self_assessment.json", "duplicate_ids", lambda p: p["practices"][1].update(id=p["practices"][0]["id"])),
    ("self_assessment.json", "practice_counts", lambda p: p["practices"].pop()),
    ("statistics.json", "statistics_check",
     lambda p: p["statistics_2022"]["rows"][0].update(social_workers=180)),
    ("workload_rules.json", "missing_field", lambda p: p["rules"].pop("significant_deviation")),
    ("caseload_rules.json", "pct_range", lambda p: p["optimal_active_per_fte"].update(min=25)),
]


@pytest.mark.parametrize(("file", "rule", "mutate"), CASES, ids=[f"{f}-{r}" for f, r, _ in CASES])
def test_broken_file_names_file_and_rule(tmp_path, file, rule, mutate):
    directory = _broken_copy(tmp_path, file, mutate)
    with pytest.raises(DataError) as err:
        domain.load(directory)
    assert err.value.file == file
    assert err.value.rule == rule


def test_unparseable_and_missing_files(tmp_path):
    directory = _broken_copy(tmp_path, "statistics.json", lambda p: None)
    (directory / "statistics.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(DataError) as err:
        domain.load(directory)
    assert (err.value.file, err.value.rule) == ("statistics.json", "not_json")
    (directory / "caseload_rules.json").unlink()
    with pytest.raises(DataError) as err:
        domain.load(directory)
    assert (err.value.file, err.value.rule) == ("caseload_rules.json", "missing_file")


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_app_start_stops_with_the_file_and_rule(tmp_path, monkeypatch, lang):
    directory = _broken_copy(tmp_path, "reference_workload.json",
                             lambda p: _set_function_pct(p, "client_consultation", 31))
    monkeypatch.setenv("APP_DATA_DIR", str(directory))
    at = run_app(lang)
    assert not at.exception
    assert "reference_workload.json" in at.error[0].value
    texts = " ".join(visible_texts(at))
    expected = {"lv": "grupas funkciju (un kopīgo bloku) īpatsvaru summai", "en": "must add up to the group's share"}
    assert expected[lang] in texts
    assert "work_with_client" in texts  # the detail names the broken group
    assert not at.get("navigation") and not at.title  # no page ran
