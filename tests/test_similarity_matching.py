"""Copy detection on small hand-written texts: what a reviewer sees."""

from __future__ import annotations

import pytest

from review.nlp.sentences import split_sentences
from review.similarity import Draft, Reference, build_index, detect, foreign_names, standard_phrases
from review.similarity.align import tiles
from review.similarity.matchtext import match_text

pytestmark = pytest.mark.usefixtures("passage_builder")  # compiled and in Python

STANDARD = ("学习贯彻习近平新时代中国特色社会主义思想主题教育", "学思想、强党性、重实践、建新功",
            "学思想", "强党性", "重实践", "建新功")

COUNTY = "\n".join([
    "中共清河县委关于开展主题教育的实施方案",
    "县委决定自九月起在全县党员中开展主题教育，结合我县实际制定本方案。",
    "县委常委会带头开展集中学习，以读原著、学原文、悟原理为基本要求，每月集中学习研讨两天。"
    "县级领导干部每人牵头一个调研课题，深入基层一线蹲点调研，形成调研报告并召开成果交流会。"
    "县委办公室负责汇总各单位问题清单，逐项明确整改目标、措施、责任人和完成时限。",
    "各乡镇要把主题教育同完成县委县政府中心工作结合起来，列出推动发展项目清单。",
])
UNRELATED = "\n".join([
    "医院党委围绕门诊排队时间长的问题，推行分时段预约，平均候诊时间缩短到二十分钟以内。",
    "公司党支部组织技术工人开展岗位练兵，全年培养高级工四十名，技师十二名。",
])
TOWN_OWN = [
    "河口镇地处清河上游，辖十七个村，茶叶是全镇的主导产业。",
    "今年以来，镇里新建集镇污水管网三公里，解决了沿街商户污水直排的问题。",
]


def _sents(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((s.start, s.end) for s in split_sentences(text))


def ref(rid: str, text: str, set_: str = "template", unit: str | None = None, masks=()) -> Reference:
    return Reference(rid, text, _sents(text), set=set_, doc=f"corpus/{rid}.docx", unit=unit, masks=masks)


def draft(text: str, unit: str | None = "河口镇", masks=("河口镇",)) -> Draft:
    return Draft("d1", text, _sents(text), unit=unit, doc="inbox/d1.docx", masks=masks)


def _index(*refs: Reference):
    return build_index(refs, masks=("清河县",))


def test_masking_makes_unit_swaps_and_numbers_invisible():
    assert match_text("县委办公室", ()).masked == match_text("镇党委办公室", ()).masked
    assert match_text("2023年9月", ()).masked == match_text("2024年12月", ()).masked
    county = match_text("清河县委组织部", ("清河县",)).masked
    assert county == match_text("河口镇党委组织部", ("河口镇",)).masked
    mt = match_text("由县委书记任组长", ())
    assert mt.masked == "由@书记任组长"
    assert mt.span(1, 2) == (1, 3)  # the placeholder stands for "县委"


def test_county_plan_copied_into_town_plan_is_one_passage_with_its_source():
    county_para = COUNTY.split("\n")[2]
    town_para = (county_para.replace("县委常委会", "镇党委班子").replace("县级", "镇级")
                 .replace("县委办公室", "镇党政办公室").replace("两天", "三天"))
    text = "\n".join([TOWN_OWN[0], town_para, TOWN_OWN[1]])
    index = _index(ref("county", COUNTY), ref("hospital", UNRELATED, "history", unit="县人民医院"))
    report = detect(draft(text), index, STANDARD)
    assert len(report.passages) == 1
    p = report.passages[0]
    assert (p.source.id, p.source.set, p.source.doc) == ("county", "template", "corpus/county.docx")
    start = text.index(town_para)
    assert (p.start, p.end) == (start, start + len(town_para))
    assert p.similarity > 0.9
    assert "县委常委会带头开展集中学习" in p.source_text


def test_reordered_sentences_within_a_paragraph_are_found_as_one_passage():
    county_para = COUNTY.split("\n")[2]
    sentences = [county_para[a:b] for a, b in _sents(county_para)]
    shuffled = "".join([sentences[2], sentences[0], sentences[1]])
    text = "\n".join([TOWN_OWN[0], shuffled, TOWN_OWN[1]])
    report = detect(draft(text), _index(ref("county", COUNTY)), STANDARD)
    assert [(p.start, p.end, p.source.id) for p in report.passages] == [
        (text.index(shuffled), text.index(shuffled) + len(shuffled), "county")]


def test_short_texts_never_match():
    refs = [ref("a", "加强学习。\n狠抓落实。\n提高认识。"), ref("b", "强化担当。\n加强学习，狠抓落实。")]
    index = _index(*refs)
    for text in ("加强学习。", "加强学习。\n狠抓落实。", "", "。。。"):
        report = detect(draft(text), index, STANDARD)
        assert report.passages == () and report.matches == ()
    assert not tiles("加强学", "加强学习", 4)


def test_standard_wording_and_cited_quotations_are_excluded_not_copied():
    source = ("开展学习贯彻习近平新时代中国特色社会主义思想主题教育，"
              "要牢牢把握“学思想、强党性、重实践、建新功”的总要求。"
              "习近平总书记强调，“以学铸魂、以学增智、以学正风、以学促干”。")
    text = "\n".join([
        TOWN_OWN[0],
        "全镇党员要牢牢把握“学思想、强党性、重实践、建新功”的总要求。正如习近平总书记强调，“以学铸魂、以学增智、以学正风、以学促干”。",
        "组织党员认真学习《习近平新时代中国特色社会主义思想专题摘编》。",
    ])
    title = "认真学习《习近平新时代中国特色社会主义思想专题摘编》。"
    index = _index(ref("county", "\n".join([COUNTY, source, title])))
    report = detect(draft(text), index, STANDARD)
    assert report.passages == ()
    kinds = {e.kind for e in report.exclusions}
    assert kinds and kinds <= {"standard", "quotation", "title", "short"}
    assert report.quoted  # the regions are reported for the "excluding quotations" ratio


def test_campaign_standard_phrases_come_from_the_campaign_file():
    from review.campaigns import campaign

    phrases = standard_phrases(campaign("2023"))
    assert "学思想、强党性、重实践、建新功" in phrases
    assert campaign("2023").name in phrases


def test_own_unit_drafts_are_not_peers_but_own_prior_years_are_copies():
    para = COUNTY.split("\n")[2]
    text = "\n".join([TOWN_OWN[0], para])
    index = _index(ref("own-round1", para, "history", unit="河口镇"),
                   ref("own-2019", para, "prior", unit="河口镇"))
    report = detect(draft(text), index, STANDARD)
    assert {p.source.id for p in report.matches} == {"own-2019"}


def test_matches_with_a_central_document_are_quotations():
    para = COUNTY.split("\n")[2]
    report = detect(draft(para), _index(ref("central", para, "central")), STANDARD)
    assert report.passages == ()
    assert [e.kind for e in report.exclusions] == ["central"]


def test_foreign_name_inside_a_copied_passage():
    para = ("充分利用柳溪村微信公众号、村务公开栏等阵地，"
            "大力宣传主题教育中涌现出的先进典型和经验做法，营造良好舆论氛围。")
    text = "\n".join([TOWN_OWN[0], para])
    report = detect(draft(text), _index(ref("liuxi", para, "peer", unit="柳溪村")), STANDARD)
    found = foreign_names(text, report.passages, ["柳溪村", "河口镇", "城关街道"], own=["河口镇"])
    assert [(f.name, f.source_id) for f in found] == [("柳溪村", "liuxi")]
    assert text[found[0].start:found[0].end] == "柳溪村"


def test_drafts_received_later_do_not_push_out_a_drafts_earlier_sources():
    # A county where twenty units sent the same plan on day one; a twenty-first copies it
    # on day two. The day-one draft's sources stay the day-one units (16 at most); the
    # late copy, though it collides as often (and comes first in the index), is reported on the
    # late draft itself.
    from dataclasses import replace

    from review.similarity.index import candidate_refs, prepare
    from review.similarity.passages import aligned_refs

    def aligned(d, index):
        hits = candidate_refs(index, prepare(d.text, d.sentences, index.masks))
        return [index.refs[r].id for r in aligned_refs(d, index, hits)]

    early = [replace(ref(f"peer{k:02d}", COUNTY, "peer", unit=f"单位{k}"), received="2026-11-01")
             for k in range(20)]
    late = replace(ref("a-late", COUNTY, "peer", unit="迟报单位"), received="2026-11-02")
    index = _index(late, *early)  # first in the index: first of equally strong candidates
    mine = replace(draft(COUNTY, unit="本单位", masks=()), received="2026-11-01")
    chosen = aligned(mine, index)
    assert len(chosen) == index.settings.max_candidates and "a-late" not in chosen
    # Sent on day two itself, a draft is aligned with the strongest, whenever they came.
    assert "a-late" in aligned(replace(mine, received="2026-11-02"), index)
    # With no earlier drafts to fill its slots, a draft is aligned with later ones too.
    assert "a-late" in aligned(mine, _index(late, *early[:3]))


def test_a_draft_is_aligned_with_its_strongest_candidates_past_its_own_units():
    # Thousands of candidates where a county copies one template: the most colliding
    # `max_candidates` are aligned, ties go to the earlier in the index, and the unit's
    # own earlier drafts neither count nor take a slot.
    import numpy as np

    from review.similarity.index import Hits
    from review.similarity.passages import aligned_refs

    refs = [ref(f"peer{k:02d}", COUNTY, "peer", unit=f"单位{k}") for k in range(30)]
    refs[3] = ref("own-earlier", COUNTY, "history", unit="河口镇")
    index = _index(*refs)
    counts = [50 - k for k in range(30)]  # peer00 strongest
    counts[20] = counts[21] = 40  # ties with peer10 and each other
    hits = Hits(np.arange(30, dtype=np.int32), np.array(counts, np.int32))
    chosen = aligned_refs(draft(COUNTY), index, hits)
    assert len(chosen) == index.settings.max_candidates == 16
    assert 3 not in chosen  # the unit's own draft of an earlier round
    assert chosen == sorted([0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 20, 21, 11, 12, 13, 14])
