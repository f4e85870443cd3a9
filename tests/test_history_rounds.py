"""Round 1 → round 2: which earlier comments were acted on, which came back untouched.

Four units send an implementation plan in 第1轮 with the same four comments (theory study
too vague, research too vague, an "XX" placeholder, no local features), then in 第2轮:
柳溪村 fixes everything, 石桥乡 sends the same file again, 城关街道 fixes some of it and
adds a paragraph, 河口镇 renames its file “（修改稿）” and fixes the placeholder only.
"""

from __future__ import annotations

import hashlib
import time
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from review.categories import CATEGORIES
from review.data import data_path
from review.history import History, compare, same_draft_key, unrevised_findings
from review.history.rounds import UNREVISED_RULE, align
from review.history.store import StoredReview
from review.model import Finding, Review, Submission

RULES, TOOL = "r" * 64, "0.1.0"

THEORY = "（一）理论学习。{org}要高度重视理论学习，采取多种形式认真组织学习，切实提高学习效果。"
RESEARCH = "（二）调查研究。围绕中心工作深入开展调查研究，形成一批高质量调研成果。"
CHECK = "（三）检视整改。对照XX同志提出的要求，认真查找问题，立行立改、边学边改。"
SCHEDULE = ("9月15日前召开动员部署会议；9月至11月集中开展理论学习和调查研究；10月至12月推进问题整改；"
            "2024年1月中旬完成总结评估。")


def plan(unit: str, org: str, *, theory: str = THEORY, research: str = RESEARCH,
         check: str = CHECK, schedule: str = SCHEDULE, intro: tuple[str, ...] = ()) -> str:
    return "\n".join([
        f"{unit}学习贯彻习近平新时代中国特色社会主义思想主题教育实施方案",
        f"根据县委统一部署，{org}决定自2023年9月至2024年1月在全体党员中开展主题教育，结合实际制定本方案。",
        *intro,
        "一、总体要求",
        "以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神，牢牢把握“学思想、强党性、"
        "重实践、建新功”的总要求，推动主题教育取得实效。",
        "二、主要措施",
        theory.format(org=org),
        research,
        check,
        "三、时间安排",
        schedule,
        "四、组织领导",
        f"成立主题教育领导小组，由{org}书记任组长，领导小组办公室负责日常工作。",
    ])


def finding(text: str, rule: str, category: str, message: str, quote: str = "",
            severity: str = "error") -> Finding:
    if quote:
        start = text.index(quote)
        end = start + len(quote)
    else:  # document-level: anchored on the title
        start, end = 0, text.index("\n")
    return Finding(rule=rule, category=category, dimension=CATEGORIES[category][1],
                   severity=severity, message=message, quote=quote, start=start, end=end,
                   weight=3.0)


def theory_vague(text: str) -> Finding:
    quote = next(line for line in text.splitlines() if line.startswith("（一）"))
    return finding(text, "plan.measures.theory_study.thin", "thin_required_action",
                   "理论学习安排笼统：未写明学习书目、集中学习时间和方式。", quote.split("。", 1)[1])


def research_vague(text: str) -> Finding:
    quote = next(line for line in text.splitlines() if line.startswith("（二）"))
    return finding(text, "plan.measures.research.thin", "thin_required_action",
                   "调查研究未明确调研课题、对象和时间安排。", quote.split("。", 1)[1])


def placeholder(text: str) -> Finding:
    return finding(text, "copying.placeholder", "placeholder_left",
                   "模板占位符“XX”未替换，请填写实际内容。", "XX")


def no_local(text: str) -> Finding:
    return finding(text, "plan.local_features", "no_local_features",
                   "未体现本单位特色：方案中没有本单位的具体问题、具体工作或地名。", severity="warning")


def round1_findings(text: str) -> list[Finding]:
    return [theory_vague(text), research_vague(text), placeholder(text), no_local(text)]


def submission(unit: str, name: str, round_name: str, text: str) -> Submission:
    return Submission(
        path=Path("/ws/inbox") / round_name / unit / name,
        rel_path=f"inbox/{round_name}/{unit}/{name}", round=round_name, unit=unit,
        unit_known=True, unit_category="village" if unit.endswith("村") else "town",
        level="section_leadership", doc_type="implementation_plan",
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def reviewed(sub: Submission, findings: list[Finding], score: float) -> Review:
    return Review(submission=sub, status="reviewed", doc_type=sub.doc_type, score=score,
                  verdict="pass" if score >= 85 else "revise",
                  dimension_scores={"规定动作": score / 2, "自选动作": score / 2}, findings=findings)


def stored(text: str, findings: list[Finding], round_name: str = "第1轮") -> StoredReview:
    return StoredReview(
        id=1, rel_path=f"inbox/{round_name}/单位/方案.docx", sha256="0" * 64, unit="单位",
        doc_type="implementation_plan", round=round_name, received_at="2023-09-20T09:00:00+08:00",
        rules_version=RULES, tool_version=TOOL, status="reviewed", error=None, score=70.0,
        verdict="revise", dimension_scores={}, copy_ratio=None, boilerplate_ratio=None, copy=None,
        reviewed_at="2023-09-20T09:00:00+08:00", text=text, annotated=None, inputs=None, rounds=None,
        findings=tuple(findings),
    )


# --- the four units' drafts --------------------------------------------------------------

LIUXI_1 = plan("柳溪村", "村党支部")
LIUXI_2 = plan(
    "柳溪村", "村党支部",
    theory="（一）理论学习。{org}每月第一个周五开展集中学习，通读《习近平著作选读》第一卷、第二卷，"
           "对年老体弱党员由党小组长每月上门送学。",
    research="（二）调查研究。支部书记牵头，9月至10月围绕茶叶合作社销路不畅问题走访30户茶农，"
             "11月底前形成调研报告。",
    check="（三）检视整改。对照县委第三指导组反馈的意见，逐项查找问题，建立整改台账。",
)
SHIQIAO = plan("石桥乡", "乡党委")
CHENGGUAN_1 = plan("城关街道", "街道党工委")
CHENGGUAN_2 = plan(
    "城关街道", "街道党工委",
    intro=("城关街道辖8个社区，常住人口4.2万人，党员1260名，老旧小区改造和物业纠纷是群众反映最集中的问题。",),
    theory="（一）理论学习。{org}班子举办为期5天的读书班，通读《习近平著作选读》第一卷、第二卷，"
           "每名班子成员作1次重点发言。",
    research="（二）调查研究。围绕中心工作和基层治理深入开展调查研究，形成一批高质量调研成果。",
    schedule=SCHEDULE.replace("2024年1月中旬", "2024年3月中旬"),
)
HEKOU_1 = plan("河口镇", "镇党委")
HEKOU_BRANCH = plan("河口镇机关党支部", "机关党支部")
HEKOU_2 = plan("河口镇", "镇党委", check=CHECK.replace("XX同志", "县委主要负责同志"))


def out_of_period(text: str) -> Finding:
    return finding(text, "plan.schedule.in_period", "schedule_inconsistent",
                   "时间节点“2024年3月中旬”超出主题教育期限（2023年9月至2024年1月）。",
                   "2024年3月中旬完成总结评估")


def current_findings(text: str) -> list[Finding]:
    """What the rules find in each 第2轮 draft."""
    if text == LIUXI_2:
        return []
    if text == SHIQIAO:
        return round1_findings(text)
    if text == CHENGGUAN_2:
        return [research_vague(text), placeholder(text), no_local(text), out_of_period(text)]
    if text == HEKOU_2:
        return [theory_vague(text), research_vague(text), no_local(text)]
    raise AssertionError("unknown draft")


@pytest.fixture
def history(tmp_path):
    """第1轮 recorded: one plan per unit, and for 河口镇 also its office branch's plan,
    received after it and of the same doc type."""
    with History.open(tmp_path) as h:
        for i, (unit, name, text) in enumerate([
            ("柳溪村", "柳溪村主题教育实施方案.docx", LIUXI_1),
            ("石桥乡", "石桥乡主题教育实施方案.docx", SHIQIAO),
            ("城关街道", "城关街道主题教育实施方案.docx", CHENGGUAN_1),
            ("河口镇", "河口镇实施方案.docx", HEKOU_1),
            ("河口镇", "河口镇机关党支部实施方案.docx", HEKOU_BRANCH),
        ]):
            sub = submission(unit, name, "第1轮", text)
            h.record(reviewed(sub, round1_findings(text), 68.0), text, RULES, TOOL,
                     received_at=f"2023-09-2{i}T09:00:00+08:00")
        yield h


def round2(history: History, unit: str, name: str, text: str):
    sub = submission(unit, name, "第2轮", text)
    previous = history.previous(unit, sub.doc_type, sub.round, name=name)
    assert previous is not None
    return previous, compare(previous, text, current_findings(text))


def statuses(comparison) -> dict[str, str]:
    return {m.previous.rule: m.status for m in comparison.matches}


def test_fixed_draft_resolves_every_comment(history):
    previous, c = round2(history, "柳溪村", "柳溪村主题教育实施方案.docx", LIUXI_2)
    assert previous.text == LIUXI_1 and previous.score == 68.0
    assert not c.identical
    assert c.counts() == {"resolved": 4, "unrevised": 0, "changed": 0, "new": 0}
    assert unrevised_findings(c) == []
    # Three of twelve lines were rewritten; the rest came back as they were.
    rewritten = sum(len(line) for line in LIUXI_1.splitlines() if line not in LIUXI_2.splitlines())
    assert 1 - rewritten / len(LIUXI_1) <= c.unchanged_ratio < 0.9


def test_unchanged_draft_is_identical_and_every_comment_unrevised(history):
    previous, c = round2(history, "石桥乡", "石桥乡主题教育实施方案.docx", SHIQIAO)
    assert c.identical and c.unchanged_ratio == 1.0
    assert c.counts() == {"resolved": 0, "unrevised": 4, "changed": 0, "new": 0}

    notes = unrevised_findings(c)
    assert len(notes) == 4
    for note, earlier in zip(notes, previous.findings, strict=True):
        assert (note.rule, note.category, note.dimension, note.severity) == (
            UNREVISED_RULE, "unrevised", "轮次", "warning")
        assert (note.start, note.end, note.quote) == (earlier.start, earlier.end, earlier.quote)
        assert note.quote in ("", SHIQIAO[note.start:note.end])
    assert notes[0].message == (
        "上轮意见未修改：“理论学习安排笼统：未写明学习书目、集中学习时间和方式。”（第1轮已提出，此处原文未改动）")
    assert notes[3].message == (
        "上轮意见未修改：“未体现本单位特色：方案中没有本单位的具体问题、具体工作或地名。”"
        "（第1轮已提出，本稿仍存在此问题）")
    assert notes[3].quote == "" and (notes[3].start, notes[3].end) == (0, SHIQIAO.index("\n"))


def test_partly_fixed_draft(history):
    _, c = round2(history, "城关街道", "城关街道主题教育实施方案.docx", CHENGGUAN_2)
    assert statuses(c) == {
        "plan.measures.theory_study.thin": "resolved",
        "plan.measures.research.thin": "changed",
        "copying.placeholder": "unrevised",
        "plan.local_features": "unrevised",
    }
    assert [f.rule for f in c.new] == ["plan.schedule.in_period"]
    assert c.counts() == {"resolved": 1, "unrevised": 2, "changed": 1, "new": 1}

    # The inserted paragraph moved everything after it; the placeholder's comment follows.
    placeholder_note, local_note = unrevised_findings(c)
    assert placeholder_note.quote == "XX"
    assert placeholder_note.start == CHENGGUAN_2.index("XX") != CHENGGUAN_1.index("XX")
    assert "模板占位符“XX”未替换" in placeholder_note.message
    assert local_note.quote == ""
    # The research point was edited, and the rule fires on the edited sentence.
    (changed,) = c.changed
    assert CHENGGUAN_2[slice(*changed.span)] == changed.current.quote
    assert "基层治理" in changed.current.quote
    assert 0.7 < c.unchanged_ratio < 0.95


def test_renamed_draft_pairs_with_its_earlier_version(history):
    name = "河口镇实施方案（修改稿）.docx"
    assert same_draft_key(name) == same_draft_key("河口镇实施方案.docx")
    previous, c = round2(history, "河口镇", name, HEKOU_2)
    # The branch's plan came in later in 第1轮, but the file name picks the unit's own.
    assert previous.rel_path == "inbox/第1轮/河口镇/河口镇实施方案.docx"
    assert statuses(c) == {
        "plan.measures.theory_study.thin": "unrevised",
        "plan.measures.research.thin": "unrevised",
        "copying.placeholder": "resolved",
        "plan.local_features": "unrevised",
    }
    assert c.counts()["new"] == 0
    assert [f.quote for f in unrevised_findings(c)] == [
        "镇党委要高度重视理论学习，采取多种形式认真组织学习，切实提高学习效果。",
        "围绕中心工作深入开展调查研究，形成一批高质量调研成果。",
        "",
    ]
    assert c.unchanged_ratio > 0.95


def test_round_three_does_not_pair_derived_unrevised_findings(history):
    """第2轮's stored findings include its `unrevised` notes; 第3轮 pairs the comments they
    came from, once each."""
    sub = submission("石桥乡", "石桥乡主题教育实施方案.docx", "第2轮", SHIQIAO)
    _, c2 = round2(history, "石桥乡", "石桥乡主题教育实施方案.docx", SHIQIAO)
    findings2 = [*round1_findings(SHIQIAO), *unrevised_findings(c2)]
    history.record(reviewed(sub, findings2, 68.0), SHIQIAO, RULES, TOOL)

    previous = history.previous("石桥乡", "implementation_plan", "第3轮")
    assert previous.round == "第2轮" and len(previous.findings) == 8
    c3 = compare(previous, SHIQIAO, [*round1_findings(SHIQIAO), *unrevised_findings(c2)])
    assert c3.counts() == {"resolved": 0, "unrevised": 4, "changed": 0, "new": 0}
    assert all("第2轮已提出" in f.message for f in unrevised_findings(c3))


def test_moved_passage_still_counts_as_unrevised():
    old = plan("石桥乡", "乡党委")
    # The research point moved below the check point, word for word.
    new = old.replace(RESEARCH + "\n" + CHECK, CHECK + "\n" + RESEARCH)
    earlier = research_vague(old)
    c = compare(stored(old, [earlier]), new, [research_vague(new)])
    (m,) = c.matches
    assert m.status == "unrevised"
    assert new[slice(*m.span)] == earlier.quote and m.span[0] > old.index(earlier.quote)


def boilerplate_at(text: str, start: int) -> Finding:
    return Finding(rule="style.boilerplate", category="boilerplate", dimension="文风",
                   severity="warning", message="空话套话，请写明具体做法。",
                   quote=text[start:start + len(BOILER)], start=start, end=start + len(BOILER))


BOILER = "切实增强学习的自觉性和主动性，确保主题教育取得实效。"


def test_a_sentence_written_twice_keeps_each_comment_in_its_place():
    old = "\n".join(["一、理论学习", BOILER, "二、检视整改", BOILER])
    earlier = [boilerplate_at(old, old.index(BOILER)), boilerplate_at(old, old.rindex(BOILER))]
    # The first one was rewritten; the second came back unchanged.
    new = old.replace(BOILER, "镇党委班子每月集中学习2天，全程不少于8天。", 1)
    c = compare(stored(old, earlier), new, [boilerplate_at(new, new.index(BOILER))])
    assert [m.status for m in c.matches] == ["resolved", "unrevised"]
    assert c.matches[1].span == (new.index(BOILER), new.index(BOILER) + len(BOILER))


def test_document_level_finding_is_resolved_when_its_rule_stops_firing():
    old = plan("柳溪村", "村党支部")
    c = compare(stored(old, [no_local(old)]), old, [placeholder(old)])
    assert c.identical
    assert [m.status for m in c.matches] == ["resolved"]
    assert [f.rule for f in c.new] == ["copying.placeholder"]


def test_unchanged_ratio_counts_surviving_characters():
    a, b, c = "一、总体要求\n", "以习近平新时代中国特色社会主义思想为指导。\n", "二、主要措施"
    assert compare(stored(a + b + c, []), a + c, []).unchanged_ratio == len(a + c) / len(a + b + c)
    assert compare(stored("", []), "", []).unchanged_ratio == 1.0
    assert compare(stored("", []), a, []).unchanged_ratio == 0.0
    # A rewritten sentence shares 的、党 and the like with the old one; those do not count.
    assert align("坚持以人民为中心的发展思想。", "推动党的建设和乡村振兴。") == []


@pytest.mark.parametrize("name", [
    "河口镇实施方案（修改稿）.docx", "河口镇实施方案(修改稿).docx", "河口镇实施方案修改稿.docx",
    "河口镇实施方案修订稿.docx", "河口镇实施方案第二稿.docx", "河口镇实施方案二稿.docx",
    "河口镇实施方案v2.docx", "河口镇实施方案V3.docx", "河口镇实施方案_改.docx",
    "河口镇实施方案（定稿）.docx", "河口镇实施方案终稿.docx", "河口镇实施方案20231015.docx",
    "河口镇实施方案(1).docx", "河口镇实施方案（修改稿）(1).pdf", "河口镇实施方案 - 副本.docx",
    "河口镇实施方案-2023.10.15.docx", "河口镇实施方案（第2轮）.docx", "河口镇实施方案 Ｖ２.wps",
])
def test_same_draft_key_strips_revision_markers(name):
    assert same_draft_key(name) == same_draft_key("河口镇实施方案.docx") == "河口镇实施方案"


def test_same_draft_key_keeps_what_tells_drafts_apart():
    assert same_draft_key("河口镇整改方案.docx") == "河口镇整改方案"
    assert same_draft_key("问题清单（班子）.docx") != same_draft_key("问题清单（个人）.docx")
    assert same_draft_key("河口镇2023年实施方案.docx") == "河口镇2023年实施方案"


def test_compare_is_fast_on_a_long_draft():
    """20k characters with every sentence touched (a global replace): the sentence pass
    finds nothing equal, so the unique-stretch anchors must keep the character pass small."""
    sources = sorted(data_path("corpus", "sample_src").glob("*.md"))
    old = "\n".join(p.read_text(encoding="utf-8") for p in sources)[:20000]
    new = old.replace("，", "，具体").replace("党员", "全体党员")
    quote = old[5000:5040]
    earlier = finding(old, "style.boilerplate", "boilerplate", "空话套话。", quote)
    started = time.perf_counter()
    c = compare(stored(old, [earlier]), new, [])
    assert time.perf_counter() - started < 1.0
    assert 0.9 < c.unchanged_ratio <= 1.0


def test_a_punctuation_fix_is_not_a_revision():
    old = plan("石桥乡", "乡党委")
    new = old.replace("切实提高学习效果。", "切实提高学习效果；")
    c = compare(stored(old, [theory_vague(old)]), new, [theory_vague(new)])
    assert [m.status for m in c.matches] == ["unrevised"]
    assert not c.identical and c.unchanged_ratio == 1 - 1 / len(old)


@pytest.mark.parametrize("old, new", [(LIUXI_1, LIUXI_2), (CHENGGUAN_1, CHENGGUAN_2),
                                      (HEKOU_1, HEKOU_2)])
def test_align_finds_what_a_character_diff_finds(old, new):
    new = new.replace("主题教育", "主题教育工作")  # and a global replace on top
    blocks = align(old, new)
    assert all(old[i:i + n] == new[j:j + n] for i, j, n in blocks)
    assert all(i1 + n1 <= i2 and j1 + n1 <= j2
               for (i1, j1, n1), (i2, j2, _) in zip(blocks, blocks[1:], strict=False))
    plain = SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks()
    assert sum(n for *_, n in blocks) >= 0.97 * sum(n for *_, n in plain if n >= 3)
