"""A quotation beside or between copied text is never swallowed into the copied passage.

The benchmark's 1-in-1,000 case: a cited quotation sentence between two planted copies was
bridged into one passage, and one at the end of an enumerated point (“二是……”, which the
sentence splitter keeps whole) was taken in by snapping to the sentence's edge.
"""

from __future__ import annotations

import pytest

from review.nlp.sentences import split_sentences
from review.similarity import Draft, Reference, build_index, detect

pytestmark = pytest.mark.usefixtures("passage_builder")  # compiled and in Python

STANDARD = ("学思想、强党性、重实践、建新功", "学思想", "强党性", "重实践", "建新功")
QUOTE = "正如习近平总书记强调，“以学铸魂、以学增智、以学正风、以学促干”。"
REQUIREMENT = "本单位全体党员要牢牢把握“学思想、强党性、重实践、建新功”的总要求。"
STUDY = ("每名班子成员全程至少重点发言两次，发言稿会前交办公室审核，防止照本宣科。"
         "读书班共八天，九月至十二月每月两天，第一天上午领学、下午自学，第二天交流研讨。"
         "党组书记于十一月在全系统讲一次专题党课。"
         "班子成员每天自学不少于一小时，记好读书笔记，每人全程撰写心得体会不少于三篇。")
POINTS = ("一是理想信念有所弱化，放松了对世界观、人生观、价值观的改造，没有把理论学习作为一种政治责任。"
          "二是宗旨意识有所淡化，全心全意为人民服务的思想树得不牢，深入群众不够，调查研究浮于表面，"
          "对群众反映强烈的急难愁盼问题研究不深、解决不力，服务群众的本领有待提高。")
OWN = "河口镇地处清河上游，辖十七个村，茶叶是全镇的主导产业。"


def _sents(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((s.start, s.end) for s in split_sentences(text))


def _report(reference: str, paragraph: str):
    ref = Reference("county", reference, _sents(reference), doc="corpus/county.docx")
    text = OWN + "\n" + paragraph
    draft = Draft("d1", text, _sents(text), unit="河口镇", doc="inbox/d1.docx")
    return text, detect(draft, build_index([ref]), STANDARD)


def _outside(text: str, report, quotation: str) -> None:
    start = text.index(quotation)
    end = start + len(quotation)
    assert all(p.end <= start or p.start >= end for p in report.passages)
    assert all(p.end <= start or p.start >= end for p in report.matches)


def test_a_quotation_between_two_copies_is_not_bridged():
    sentences = [STUDY[a:b] for a, b in _sents(STUDY)]
    first, second = "".join(sentences[:2]), "".join(sentences[2:])
    text, report = _report(STUDY, first + QUOTE + second)
    _outside(text, report, QUOTE)
    spans = [(p.start, p.end) for p in report.passages]
    start = text.index(first)
    assert spans == [(start, start + len(first)), (text.index(second), len(text))]


def test_a_quotation_ending_an_enumerated_point_is_not_snapped_in():
    text, report = _report(POINTS, POINTS + REQUIREMENT)
    _outside(text, report, REQUIREMENT)
    start = text.index(POINTS)
    assert [(p.start, p.end) for p in report.passages] == [(start, start + len(POINTS))]


def test_a_quotation_the_source_also_cites_is_not_merged_into_the_copy_beside_it():
    quote = QUOTE.removeprefix("正如")
    text, report = _report("\n".join([POINTS, STUDY, quote]), POINTS + quote)
    _outside(text, report, quote)
    start = text.index(POINTS)
    assert [(p.start, p.end) for p in report.passages] == [(start, start + len(POINTS))]
    assert "quotation" in {e.kind for e in report.exclusions}
