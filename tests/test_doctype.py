"""The doc-type classifier: the trained model, and classify()'s order of evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from review.data import data_path
from review.ingest.parse import parse
from review.model import Document, Paragraph, Table
from review.nlp import doctype, doctype_model
from review.nlp.doctype import _body, classify

# corpus/sample_src/README.md, "Drafts and intended faults": the doc type of each draft.
SAMPLE_TYPES = {
    "河口镇": "implementation_plan",
    "柳溪村": "implementation_plan",
    "县教育局": "study_plan",
    "县一中": "self_examination",
    "县人民医院": "problem_list",
    "县城投集团": "rectification_plan",
    "星火科技": "research_plan",
    "县委办公室": "implementation_plan",
    "城关街道": "problem_list",
    "石桥乡": "implementation_plan",
}


@pytest.fixture(scope="module")
def trained():
    return doctype_model.train()


def _doc(*lines: str) -> Document:
    return Document([Paragraph(line) for line in lines], "docx")


def _samples() -> list[tuple[Path, str]]:
    inbox = data_path("corpus", "sample_workspace", "inbox", "第1轮")
    out = []
    for path in sorted(inbox.rglob("*.*")):
        if "东风社区" in path.name:  # the truncated zip
            continue
        out.append((path, next(t for unit, t in SAMPLE_TYPES.items() if unit in path.as_posix())))
    assert len(out) == len(SAMPLE_TYPES)
    return out


# ---------------------------------------------------------------- the model


def test_corpus_has_every_type(trained):
    _, report = trained
    assert set(report["per_type"]) == set(doctype_model.DOC_TYPES)
    assert all(n >= 45 for n in report["per_type"].values())
    assert report["n_test"] == pytest.approx(0.2 * report["n_total"], abs=1)


def test_heldout_accuracy(trained):
    _, report = trained
    assert report["heldout_accuracy"] >= 0.95, report["heldout_errors"]
    assert report["cv_mean"] >= 0.95


def test_shipped_model_agrees_with_a_fresh_train(trained):
    pipeline, report = trained
    shipped, shipped_report = doctype_model.read_model()
    if shipped is None:
        pytest.skip("the shipped model was written by another scikit-learn; load() retrains")
    assert shipped_report["heldout_ids"] == report["heldout_ids"]
    _, docs, _ = doctype_model.load_corpus()
    ids, _, _ = doctype_model.load_corpus()
    held = [docs[ids.index(i)] for i in report["heldout_ids"]]
    assert list(shipped.predict(held)) == list(pipeline.predict(held))


def test_predict_gives_a_type_and_its_probability():
    doc_type, p = doctype_model.predict(
        "关于开展主题教育的有关安排",
        "一、调研题目\n乡村学校教师周转房短缺问题\n二、调研对象\n3所乡镇中心校的青年教师\n"
        "三、调研方式\n个别访谈与问卷调查相结合\n四、成果形式\n11月底前形成调研报告",
    )
    assert doc_type == "research_plan"
    assert 0.0 < p <= 1.0


def test_load_retrains_when_the_sklearn_version_differs(tmp_path, monkeypatch):
    pipeline, report = doctype_model.read_model()
    if pipeline is None:
        pytest.skip("no usable shipped model")
    path = tmp_path / "doctype.joblib"
    doctype_model.save(pipeline, report, path)
    monkeypatch.setattr(doctype_model.sklearn, "__version__", "0.1.0")
    assert doctype_model.read_model(path)[0] is None


# ---------------------------------------------------------------- classify(): order of evidence


@pytest.fixture
def model_calls(monkeypatch):
    calls = []

    def fake(title, text):
        calls.append((title, text))
        return "other", 0.5

    monkeypatch.setattr(doctype_model, "predict", fake)
    return calls


def test_file_name_comes_first(model_calls):
    document = _doc("县财政局主题教育实施方案", "一、总体要求")
    assert classify("县财政局_检视问题清单.docx", document) == "problem_list"
    assert model_calls == []


def test_unambiguous_title_comes_second(model_calls):
    document = _doc("中共县财政局党组主题教育理论学习计划", "一、学习内容")
    assert classify("材料.docx", document) == "study_plan"
    assert model_calls == []


def test_no_keyword_goes_to_the_model(model_calls):
    document = _doc("关于开展主题教育的有关安排", "一、调研题目", "二、调研对象")
    assert classify("材料.docx", document) == "other"
    assert model_calls == [("关于开展主题教育的有关安排", "一、调研题目\n二、调研对象")]


@pytest.mark.parametrize("title", [
    "县一中主题教育实施方案（含集中学习研讨安排）",  # study_plan and implementation_plan words
    "星火科技党支部主题教育调查研究工作方案",  # 工作方案 about 调查研究
    "县水务集团主题教育理论学习工作安排",  # 工作安排 about 理论学习
])
def test_ambiguous_title_goes_to_the_model(model_calls, title):
    assert classify("材料.docx", _doc(title, "正文")) == "other"
    assert model_calls and model_calls[0][0] == title


@pytest.mark.parametrize("title", [
    "关于报送主题教育检视问题清单和整改方案的通知",
    "在主题教育读书班上的交流发言",
    "主题教育第3指导组对县财政局实施方案的修改意见",
])
def test_a_title_about_some_material_goes_to_the_model(model_calls, title):
    assert classify("材料.docx", _doc(title, "正文")) == "other"
    assert model_calls and model_calls[0][0] == title


def test_ambiguous_file_name_falls_through_to_the_title(model_calls):
    document = _doc("中共星火科技有限公司支部委员会主题教育调研方案", "正文")
    assert classify("星火科技_调查研究工作方案.docx", document) == "research_plan"


def test_a_keyword_inside_a_longer_one_is_not_a_second_match():
    assert classify("城投集团调研工作方案.docx", None) == "research_plan"
    assert classify("城投集团整改工作方案.docx", None) == "rectification_plan"


def test_unreadable_draft_uses_the_name_only():
    assert classify("东风社区_实施方案.docx", None) == "implementation_plan"
    assert classify("东风社区.docx", None) == "other"


def test_a_long_first_sentence_is_not_a_title(model_calls):
    opening = "根据《中共清河县委关于在全县开展主题教育的实施方案》要求，结合我镇实际，制定本方案。"
    assert classify("材料.docx", _doc(opening, "一、总体要求")) == "other"
    assert model_calls == [("", opening + "\n一、总体要求")]


def test_the_model_sees_tables_as_tab_separated_rows():
    merged = Paragraph("1")
    from review.model import Cell

    first = Cell([merged])
    table = Table(rows=[
        [Cell([Paragraph("序号")]), Cell([Paragraph("问题表现")]), Cell([Paragraph("完成时限")])],
        [first, Cell([Paragraph("台账多"), Paragraph("报表多")]), Cell([Paragraph("10月底")])],
        [first, Cell([Paragraph("会议多")]), Cell([Paragraph("11月底")])],
    ])
    title = Paragraph("问题清单")
    document = Document([title, table], "docx")
    assert _body(document, title) == "序号\t问题表现\t完成时限\n1\t台账多 报表多\t10月底\n\t会议多\t11月底"


# ---------------------------------------------------------------- the sample workspace


@pytest.mark.parametrize("path,expected", _samples(), ids=lambda v: getattr(v, "name", v))
def test_sample_drafts_without_their_file_names(path, expected):
    document = parse(path).document
    assert classify("材料.docx", document) == expected


@pytest.mark.parametrize("path,expected", _samples(), ids=lambda v: getattr(v, "name", v))
def test_the_model_alone_on_the_sample_drafts(path, expected):
    document = parse(path).document
    title = doctype._title(document)
    body = _body(document, title)
    assert doctype_model.predict(title.text, body)[0] == expected
    assert doctype_model.predict("", body)[0] == expected  # title lost, as when pasted
