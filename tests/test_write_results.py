"""results.json: shape, schema, and how it is written."""

from __future__ import annotations

import copy
import json
import os
from datetime import datetime, timedelta, timezone

import fastjsonschema
import pytest
from factories import submission

import review
from review.categories import CATEGORIES, DOC_TYPES, LEVELS, UNIT_CATEGORIES
from review.model import Finding, Review
from review.write.results import (
    ROUND,
    ResultsSchemaError,
    _compiled,
    load_schema,
    results_dict,
    validate,
    write_atomically,
    write_results,
)

BEIJING = timezone(timedelta(hours=8))
GENERATED = datetime(2026, 11, 23, 10, 0, tzinfo=BEIJING)
QUOTE = "深入开展调查研究，\n切实解决群众“急难愁盼”问题"


def make_reviews() -> list[Review]:
    reviewed = Review(
        submission=submission("河口镇", "河口镇主题教育实施方案.docx"),
        status="reviewed",
        score=72.5,
        verdict="revise",
        dimension_scores={"规定动作": 30, "自选动作": 8, "时间进度": 18, "问题导向": 16.5},
        copy_ratio=0.31,
        boilerplate_ratio=0.12,
        findings=[
            Finding(
                rule="copy.template",
                category="copied_template",
                dimension="照搬照抄",
                severity="warning",
                message="此段与《县委实施方案》高度相似",
                quote=QUOTE,
                start=2000,
                end=2000 + len(QUOTE),
                source={
                    "path": "corpus/templates/县委实施方案.docx",
                    "unit": None,
                    "similarity": 0.93,
                },
            ),
            Finding(
                rule="plan.measures.research",
                category="missing_required_action",
                dimension="规定动作",
                severity="error",
                message="未见“调查研究”的具体安排",
                quote="",
                start=0,
                end=12,
                suggestion="补充调研课题、牵头领导和完成时限",
            ),
        ],
        annotated="outbox/第1轮/河口镇/河口镇主题教育实施方案.审阅.docx",
    )
    unreadable = Review(
        submission=submission("城关镇", "城关镇学习计划.pdf", doc_type="study_plan"),
        status="unreadable",
        error="PDF 为扫描件，没有文字层，请报送 Word 版本",
    )
    unknown = Review(
        submission=submission("新华社区", "新华社区问题清单.docx", known=False, doc_type="other"),
        status="reviewed",
        doc_type="problem_list",  # corrected from the file name's guess
        score=91,
        verdict="pass",
        annotated="outbox/第1轮/新华社区/新华社区问题清单.审阅.docx",
    )
    return [reviewed, unreadable, unknown]


@pytest.fixture
def data() -> dict:
    return results_dict(make_reviews(), campaign="2023", round_name="第1轮", generated_at=GENERATED)


def test_shape_follows_design(data):
    assert data["tool"] == {"name": "review", "version": review.__version__}
    assert data["campaign"] == "2023"
    assert data["round"] == "第1轮"
    assert data["generated_at"] == "2026-11-23T10:00:00+08:00"
    assert [d["path"] for d in data["documents"]] == sorted(d["path"] for d in data["documents"])

    doc = next(d for d in data["documents"] if d["unit"] == "河口镇")
    for key in (
        "path",
        "unit",
        "unit_category",
        "level",
        "doc_type",
        "status",
        "error",
        "score",
        "verdict",
        "dimension_scores",
        "copy_ratio",
        "boilerplate_ratio",
        "findings",
        "annotated",
    ):
        assert key in doc
    assert doc["path"] == "inbox/第1轮/河口镇/河口镇主题教育实施方案.docx"
    assert doc["unit_known"] is True
    assert doc["round"] == "第1轮"
    assert len(doc["sha256"]) == 64
    assert doc["counts"] == {"missing_required_action": 1, "copied_template": 1}
    # Reading order, whatever order the checks produced them in.
    first, second = doc["findings"]
    assert first["category"] == "missing_required_action"
    assert first["suggestion"] == "补充调研课题、牵头领导和完成时限"
    assert "source" not in first
    assert second["quote"] == QUOTE
    assert second["source"]["similarity"] == 0.93
    assert "suggestion" not in second
    assert second["dimension"] == "照搬照抄"


def test_doc_type_prefers_the_reviews_own(data):
    doc = next(d for d in data["documents"] if d["unit"] == "新华社区")
    assert doc["doc_type"] == "problem_list"
    assert doc["unit_known"] is False
    assert doc["unit_category"] is None


def test_unreadable_document(data):
    doc = next(d for d in data["documents"] if d["status"] == "unreadable")
    assert doc["error"] == "PDF 为扫描件，没有文字层，请报送 Word 版本"
    assert doc["score"] is None and doc["verdict"] is None
    assert doc["findings"] == [] and doc["counts"] == {}
    assert doc["doc_type"] == "study_plan"


def test_naive_timestamp_gets_an_offset():
    out = results_dict(
        [], campaign="2023", round_name="第1轮", generated_at=datetime(2026, 11, 23, 10, 0)
    )
    assert out["generated_at"][-6] in "+-"
    validate(out)


def test_valid_data_passes(data):
    validate(data)


def _hekou(data: dict) -> int:
    return next(i for i, d in enumerate(data["documents"]) if d["unit"] == "河口镇")


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (
            lambda d, doc: doc["findings"][0].update(category="no_such_category"),
            "$.documents[{i}].findings[0].category",
        ),
        (lambda d, doc: doc.pop("status"), "$.documents[{i}]"),
        (lambda d, doc: doc.update(score=120), "$.documents[{i}].score"),
        (lambda d, doc: doc.update(copy_ratio=1.5), "$.documents[{i}].copy_ratio"),
        (
            lambda d, doc: doc["findings"][0].update(severity="fatal"),
            "$.documents[{i}].findings[0].severity",
        ),
        (lambda d, doc: doc["findings"][0].update(start=-1), "$.documents[{i}].findings[0].start"),
        (lambda d, doc: doc.update(verdict="maybe"), "$.documents[{i}].verdict"),
        (lambda d, doc: doc.update(doc_type="memo"), "$.documents[{i}].doc_type"),
        (lambda d, doc: doc.update(unit_category="city"), "$.documents[{i}].unit_category"),
        (lambda d, doc: d.update(generated_at="2026-11-23T10:00:00"), "$.generated_at"),
        (lambda d, doc: d.pop("tool"), "$"),
    ],
)
def test_broken_data_is_rejected_with_its_path(data, mutate, path):
    broken = copy.deepcopy(data)
    i = _hekou(broken)
    mutate(broken, broken["documents"][i])
    with pytest.raises(ValueError) as info:
        validate(broken)
    assert path.format(i=i) in info.value.paths
    assert path.format(i=i) in str(info.value)
    # the compiled check that runs first rejects it too: it never lets through what
    # jsonschema would refuse
    with pytest.raises(fastjsonschema.JsonSchemaException):
        _compiled(ROUND)(broken)


def test_unreadable_needs_an_error_and_reviewed_needs_a_score(data):
    unreadable = copy.deepcopy(data)
    doc = next(d for d in unreadable["documents"] if d["status"] == "unreadable")
    doc["error"] = None
    with pytest.raises(ResultsSchemaError):
        validate(unreadable)

    reviewed = copy.deepcopy(data)
    reviewed["documents"][_hekou(reviewed)]["score"] = None
    with pytest.raises(ResultsSchemaError):
        validate(reviewed)


def test_extra_fields_are_allowed(data):
    extended = copy.deepcopy(data)
    extended["reviewer"] = "县委第三指导组"
    extended["documents"][0]["pages"] = 7
    extended["documents"][_hekou(extended)]["findings"][0]["weight"] = 2.0
    validate(extended)


def test_schema_enums_match_categories():
    defs = load_schema()["$defs"]
    assert defs["category"]["enum"] == list(CATEGORIES)
    assert defs["doc_type"]["enum"] == list(DOC_TYPES)
    assert defs["unit_category"]["enum"] == [*UNIT_CATEGORIES, None]
    assert defs["level"]["enum"] == [*LEVELS, None]


def test_write_results_is_readable_utf8(tmp_path, data):
    target = tmp_path / "outbox" / "第1轮" / "results.json"
    write_results(target, data)
    raw = target.read_bytes().decode("utf-8")
    assert "河口镇" in raw and "\\u" not in raw
    assert "切实解决群众“急难愁盼”问题" in raw
    assert json.loads(raw) == data
    assert os.listdir(target.parent) == ["results.json"]  # no temp file left behind
    # a document's fields one per line, each finding whole on a line of its own
    lines = raw.splitlines()
    assert '      "unit": "河口镇",' in lines
    findings = [json.loads(line.strip().rstrip(",")) for line in lines if '"rule": ' in line]
    assert findings == [f for d in data["documents"] for f in d["findings"]]


def test_documents_are_written_as_they_come_and_checked_one_by_one(tmp_path, data):
    target = tmp_path / "results.json"
    target.write_text("old", encoding="utf-8")
    asked = []

    def documents():
        for document in data["documents"]:
            asked.append(document["path"])
            yield document

    write_results(target, {**data, "documents": documents()})
    assert json.loads(target.read_text(encoding="utf-8")) == data
    assert asked == [d["path"] for d in data["documents"]]

    broken = copy.deepcopy(data)
    i = _hekou(broken)
    broken["documents"][i]["findings"][0]["severity"] = "fatal"
    with pytest.raises(ResultsSchemaError) as info:
        write_results(target, {**broken, "documents": iter(broken["documents"])})
    assert info.value.paths == [f"$.documents[{i}].findings[0].severity"]
    assert json.loads(target.read_text(encoding="utf-8")) == data  # the last good file stays
    assert os.listdir(tmp_path) == ["results.json"]


def test_a_round_without_documents_is_written_as_an_empty_list(tmp_path, data):
    target = tmp_path / "results.json"
    write_results(target, {**data, "documents": iter(())})
    assert json.loads(target.read_text(encoding="utf-8")) == {**data, "documents": []}


def test_write_results_rejects_nan(tmp_path, data):
    target = tmp_path / "results.json"
    target.write_text("old", encoding="utf-8")
    data["documents"][_hekou(data)]["score"] = float("nan")
    with pytest.raises(ValueError):
        write_results(target, data)
    assert target.read_text(encoding="utf-8") == "old"


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "results.json"
    target.write_text("old", encoding="utf-8")

    def fail(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomically(target, b"new")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["results.json"]
