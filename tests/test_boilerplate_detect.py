"""Boilerplate passages in a draft: the model's sentences, runs merged into one passage, and
the same sentence in many units' drafts (千人一面) whatever the model says."""

from __future__ import annotations

from review.boilerplate.detect import boilerplate_passages, ratio, sentence_key, shared_counts
from review.ingest.txt import parse_text
from review.nlp.analysis import analyze
from review.rules.custom import boilerplate
from review.rules.engine import Context

STOCK = "我们要高度重视，狠抓落实。进一步加强领导，切实提高认识，确保各项工作取得实效。"
CONCRETE = "9月21日至22日，镇党委班子举办读书班，由党委书记张明领学《习近平著作选读》第一卷。"


def _sentences(analysis):
    return [(s.start, s.end) for s in analysis.sentences]


def test_a_run_of_stock_sentences_is_one_passage():
    a = analyze(parse_text(f"实施方案\n{STOCK}\n{CONCRETE}"))
    passages = boilerplate_passages(a.text, _sentences(a))
    assert len(passages) == 1 and passages[0].sentences >= 2
    assert a.text[passages[0].start:passages[0].end].startswith("我们要高度重视")
    assert 0.3 < ratio(a.text, passages) < 0.8


# Plain enough for the model (P ≈ 0.05), but every village wrote it.
SHARED = "中村党支部每周三晚上组织党员在村部集中学习。"


def test_a_sentence_many_units_wrote_is_boilerplate_whatever_the_model_says():
    units = [f"{name}村" for name in "东西南北中"]
    counts, n = shared_counts([(u, [sentence_key(SHARED.replace("中村", u), tuple(units))])
                               for u in units])
    assert n == 5 and max(counts.values()) == 5
    draft = analyze(parse_text(f"实施方案\n{CONCRETE}\n{SHARED}"), unit_names=tuple(units))
    assert boilerplate(draft, Context("implementation_plan", "2023")) == []
    ctx = Context("implementation_plan", "2023", shared=counts, batch_units=n)
    hits = boilerplate(draft, ctx)
    assert [draft.text[h.start:h.end] for h in hits] == [SHARED]
    assert "千人一面" in hits[0].values["why"]
    # Written by too few of the batch's units: left to the model, which lets it pass.
    assert boilerplate(draft, Context("implementation_plan", "2023", shared=counts, batch_units=50)) == []
