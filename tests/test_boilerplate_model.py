"""The boilerplate (套话空话) model: its corpus, the shipped model's held-out figures, how it
scores sentences it never saw, the model file's version check and `review train boilerplate`."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from test_specificity import CONCRETE as SPECIFICITY_CONCRETE
from test_specificity import VAGUE as SPECIFICITY_VAGUE
from typer.testing import CliRunner

from review.boilerplate import ModelError, corpus, load_model, model, score_sentences, train
from review.boilerplate.features import CharNgramTfidf, describe, mask_digits
from review.categories import DOC_TYPES, UNIT_CATEGORIES
from review.cli import app

# Written for these tests; none is in the corpus (asserted below).
STOCK = [
    "在乡党委的坚强领导下，全乡上下同心同德、奋发有为，各项事业蒸蒸日上。",
    "我们要进一步统一思想、提高认识，切实增强做好工作的责任感和使命感。",
    "要以更加饱满的热情、更加务实的作风，推动各项工作迈上新台阶。",
    "高度重视，周密部署，狠抓落实，务求实效。",
    "理论学习的自觉性还不够高，学习成果转化运用还不够好。",
    "全面加强党的建设，推动各项工作提质增效，实现2个突破。",
    "坚持问题导向，强化责任落实，确保整改工作取得实实在在的成效。",
    "为建设更加美好的家园作出新的更大贡献。",
]
CONCRETE_POLITICAL = [
    "乡党委书记陈某于11月20日前带队走访8个自然村，形成2份调研报告。",
    "深入贯彻党的二十大精神，局党组9月26日召开专题会议，研究解决窗口排队超时问题4项。",
    "坚持以人民为中心，卫生院11月起每周三下午在马家沟村开设巡回诊疗点。",
    "社区党支部10月10日组织23名党员清理南苑小区楼道堆放杂物，清运垃圾1.5吨。",
    "本人今年只参加了3次支部组织生活，有2次中途离会处理业务工作。",
    "局机关12月15日前将公务接待审批单由三级审批改为两级审批。",
    "学校党支部11月组织党员教师家访42户，形成家访记录42份。",
    "责任人：办公室主任刘晓东；完成时限：2023年12月20日。",
]


@pytest.fixture(scope="module")
def sentences():
    return corpus.load_corpus()


@pytest.fixture(scope="module")
def shipped():
    try:
        return model.read_model()
    except ModelError:
        # Another scikit-learn than the one that wrote the shipped file: the figures must
        # still hold for a model retrained here (the version check has its own tests).
        trained, _ = train.train()
        return trained


# ---------------------------------------------------------------- the corpus


def test_corpus_is_large_varied_and_distinct(sentences):
    assert len(sentences) >= 4000
    assert len({s.text for s in sentences}) == len(sentences)
    assert {s.label for s in sentences} == set(corpus.LABELS)
    assert {s.doc_type for s in sentences} == set(DOC_TYPES) - {"other"}
    assert {s.unit_category for s in sentences} == set(UNIT_CATEGORIES)
    assert all(8 <= len(s.text) <= 80 for s in sentences)
    hard = Counter(s.label for s in sentences if s.hard)
    assert min(hard.values()) >= 100, hard
    assert sum(s.source == "handwritten.txt" for s in sentences) >= 300
    shares = Counter(s.label for s in sentences)
    assert 0.4 <= shares["boilerplate"] / len(sentences) <= 0.6


def test_heldout_split_keeps_template_families_apart(sentences):
    train_set, test_set = corpus.split(sentences)
    assert not {s.group for s in train_set} & {s.group for s in test_set}
    assert 0.15 <= len(test_set) / len(sentences) <= 0.3
    assert {s.label for s in test_set} == set(corpus.LABELS)


def test_test_sentences_are_not_in_the_corpus(sentences):
    texts = {s.text for s in sentences}
    assert not texts & set(STOCK + CONCRETE_POLITICAL)


# ---------------------------------------------------------------- the shipped model


def test_shipped_model_reaches_its_heldout_figures(shipped, sentences):
    _, test_set = corpus.split(sentences)
    y = np.array([s.y for s in test_set])
    flagged = shipped.score([s.text for s in test_set]) >= shipped.threshold
    figures = train.figures(y, flagged)
    print(f"held-out: precision {figures['precision']:.3f}, recall {figures['recall']:.3f}, "
          f"F1 {figures['f1']:.3f} on {figures['n']} sentences")
    assert figures["f1"] >= 0.92
    assert figures["precision"] >= 0.9 and figures["recall"] >= 0.9
    if shipped.report:
        assert figures == pytest.approx(shipped.report["heldout"])


def test_threshold_comes_from_the_training_folds(shipped):
    report = shipped.report or pytest.skip("no report in a model retrained without one")
    assert shipped.threshold == report["threshold"]
    assert 0.1 <= shipped.threshold <= 0.9
    assert report["cv"]["f1_mean"] >= 0.9


@pytest.mark.parametrize("text", STOCK)
def test_stock_phrases_score_high(shipped, text):
    assert shipped.score([text])[0] >= shipped.threshold


@pytest.mark.parametrize("text", CONCRETE_POLITICAL)
def test_concrete_sentences_full_of_political_vocabulary_score_low(shipped, text):
    assert shipped.score([text])[0] < shipped.threshold


def test_another_authors_sentences(shipped):
    """The 57 labelled sentences of the specificity tests, written independently of the corpus."""
    probs = shipped.score(SPECIFICITY_CONCRETE + SPECIFICITY_VAGUE)
    y = np.array([0] * len(SPECIFICITY_CONCRETE) + [1] * len(SPECIFICITY_VAGUE))
    assert ((probs >= shipped.threshold) == y).mean() >= 0.95


def test_score_sentences_is_the_shipped_model_loaded_once():
    probs = score_sentences(["高度重视，狠抓落实。", "10月15日前走访12个村。"])
    assert probs.shape == (2,) and probs.dtype == float
    assert probs[0] > probs[1]
    assert load_model() is load_model()
    assert score_sentences([]).shape == (0,)


# ---------------------------------------------------------------- features


def test_char_ngrams_weigh_like_tfidf_vectorizer(sentences):
    texts = [s.text for s in sentences[:600]]
    ours = CharNgramTfidf().fit(texts).transform(texts[:50])
    reference = TfidfVectorizer(analyzer="char", ngram_range=(1, 4), sublinear_tf=True, min_df=2,
                                lowercase=False, preprocessor=mask_digits).fit(texts).transform(texts[:50])
    assert ours.shape[1] == reference.shape[1]
    for a, b in zip(ours, reference, strict=True):
        assert np.sort(a.data) == pytest.approx(np.sort(b.data))


def test_feature_counts_agree_with_the_analysis_layer():
    """The regex counts put through specificity's formula separate the analysis layer's own
    labelled sentences just as specificity() does."""
    assert all(describe(t)["specificity"] >= 0.5 for t in SPECIFICITY_CONCRETE)
    assert all(describe(t)["specificity"] < 0.5 for t in SPECIFICITY_VAGUE)


def test_quotations_of_the_campaign_are_measured():
    assert describe("深入贯彻学思想、强党性、重实践、建新功的总要求。")["official_share"] > 0.5
    assert describe("理论学习不够深入。")["official_share"] == 0
    assert describe("全面加强党的建设，实现1个提升。")["generic_numbers"] > 0


# ---------------------------------------------------------------- the model file


def test_another_sklearn_release_is_refused_with_a_chinese_message(shipped, tmp_path, monkeypatch):
    path = tmp_path / "boilerplate.joblib"
    model.save(shipped, path)
    written = model.sklearn.__version__
    monkeypatch.setattr(model.sklearn, "__version__", "0.1.0")
    with pytest.raises(ModelError) as caught:
        model.read_model(path)
    message = str(caught.value)
    assert f"scikit-learn {written} 训练" in message and "0.1.0" in message
    assert "review train boilerplate" in message


def test_another_format_is_refused(shipped, tmp_path, monkeypatch):
    path = tmp_path / "boilerplate.joblib"
    model.save(shipped, path)
    monkeypatch.setattr(model, "FORMAT", model.FORMAT + 1)
    with pytest.raises(ModelError, match="格式版本.*review train boilerplate"):
        model.read_model(path)


def test_a_missing_model_says_how_to_make_one(tmp_path):
    with pytest.raises(ModelError, match="找不到套话空话识别模型.*review train boilerplate"):
        model.read_model(tmp_path / "none.joblib")


# ---------------------------------------------------------------- review train boilerplate


def test_train_command_adds_a_workspaces_sentences_and_writes_elsewhere(tmp_path):
    extra = tmp_path / "ws" / "corpus" / "boilerplate"
    extra.mkdir(parents=True)
    rows = [{"text": "本单位要切实提高思想认识，狠抓工作落实。", "label": "套话"},
            {"text": "11月8日前为北坡村修好3处漏水的水管。", "label": "substantive"}]
    (extra / "ours.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                      encoding="utf-8")
    (extra / "more.csv").write_text("句子,标签\n由党政办牵头修订值班制度。,具体\n", encoding="utf-8")
    shipped_before = model.MODEL_PATH.stat().st_mtime_ns
    output = tmp_path / "model.joblib"
    result = CliRunner().invoke(app, ["train", "boilerplate", "--extra", str(tmp_path / "ws"),
                                      "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "工作区追加 3 句" in result.output
    assert "留出集：精确率" in result.output and "交叉验证" in result.output
    trained = model.read_model(output)
    assert trained.report["n_extra"] == 3
    assert trained.report["heldout"]["f1"] >= 0.92
    assert model.MODEL_PATH.stat().st_mtime_ns == shipped_before


def test_train_command_names_a_bad_label(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "进一步加强学习。", "label": "也许"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "boilerplate", "--extra", str(bad),
                                      "--output", str(tmp_path / "m.joblib")])
    assert result.exit_code == 2
    assert "bad.jsonl 第 1 行" in result.output and "也许" in result.output
    assert not (tmp_path / "m.joblib").exists()
