"""Specificity of sentences (review.nlp.specificity): concrete (见人见事) versus stock (套话)."""

from __future__ import annotations

import math

import pytest

from review.nlp.specificity import BIAS, THRESHOLD, Specificity, score_of, specificity

# Sentences a reviewer accepts as concrete: a number, a date, a name, a thing done. Several
# are full of political vocabulary (中心组, 《…》, 民主生活会) and must still score high.
CONCRETE = [
    "2023年1—8月党委理论学习中心组学习6次，其中4次只传达文件，未安排研讨发言。",
    "9月12日党委理论学习中心组围绕《习近平新时代中国特色社会主义思想专题摘编》开展专题研讨，班子成员7人逐一发言。",
    "今年以来本人下村调研仅3次，联系的5户困难群众中有2户全年未走访。",
    "截至10月底，12345热线转办的87件群众诉求已办结79件，办结率90.8%。",
    "发放征求意见表412份，收集意见建议56条，已梳理形成问题清单。",
    "10月15日前召开专题组织生活会，党员逐一开展批评与自我批评。",
    "上半年机关召开各类会议43次，其中以会议落实会议的有11次。",
    "党委书记张明带队走访河口镇石桥村，召开群众座谈会2场。",
    "建立“周五学习日”制度，每周五下午集中学习2小时。",
    "2023年11月底前修订《机关公务接待管理办法》，印发全体干部执行。",
    "组织党员干部赴红岩革命纪念馆开展现场教学，参加人员35名。",
    "9月份组织全体教师学习《新时代中小学教师职业行为十项准则》，撰写心得体会68篇。",
    "对排查出的23个软弱涣散党支部逐一制定整顿方案，年底前完成整顿。",
    "医务科9月抽查门诊病历300份，发现不合理用药处方14张。",
    "财务科于11月30日前清退违规发放的津贴补贴4.6万元。",
    "本人分管的项目审批平均用时由15个工作日压缩到7个工作日。",
    "2022年全年参加理论学习中心组学习12次，撰写调研报告仅1篇。",
    "8月23日召开全镇党员大会，传达学习主题教育部署要求，参会党员126人。",
    "镇纪委对3名履职不力的村干部进行约谈，给予1人党内警告处分。",
    "建立党员积分管理制度，按月公示积分，年底评出10名星级党员。",
    "在学习《论党的自我革命》时，只读了前两章，没有撰写读书笔记。",
    "今年6月本人参加的4次调研中，有3次是听汇报、看材料，没有走进农户家中。",
    "10月20日召开专题民主生活会，班子成员对照“六个方面”逐一作对照检查发言，相互批评意见42条。",
    "9月5日至7日举办党支部书记读书班，围绕习近平总书记关于“三农”工作的重要论述集中学习3天。",
    "河口镇党委在石桥村建立“红色夜校”，每月开课2次。",
    "本人联系的向阳社区有6件群众反映的停车难问题至今未解决。",
    "发现问题12个。",
]
# Sentences that could stand in any unit's material. Some are dressed with a number, a
# date, a role or a quoted slogan and must still score low.
VAGUE = [
    "理论学习不够深入。",
    "进一步加强理论学习，切实提高思想认识。",
    "要进一步提高3个方面的能力。",
    "高度重视主题教育，狠抓落实。",
    "认真开展学习教育，切实解决群众急难愁盼问题，扎实推进整改落实。",
    "思想认识不够到位，工作作风有待改进。",
    "严格落实中央八项规定精神。",
    "建立健全学习制度，完善长效机制。",
    "不断增强“四个意识”，坚定“四个自信”，做到“两个维护”。",
    "宗旨意识有所淡化，联系服务群众不够紧密。",
    "在上级党委的正确领导下，全镇上下齐心协力，作出新的更大贡献。",
    "成绩是肯定的，问题是存在的。",
    "进一步强化责任担当，全面提升工作水平。",
    "调查研究不够扎实，存在走过场现象。",
    "持续深化作风建设，营造风清气正的良好氛围。",
    "担当作为方面还有差距，攻坚克难的勇气不足。",
    "学习的系统性不强，学用结合不够紧密。",
    "纪律规矩意识需要加强。",
    "要把主题教育成果落到实处，确保取得实效。",
    "坚持问题导向，着力解决突出问题。",
    "对标对表找差距，举一反三抓整改。",
    "廉洁自律方面要求不严，有时放松了对自己的要求。",
    "2023年要切实加强党的建设，全面提升工作水平。",
    "坚持“两个确立”、做到“两个维护”，增强“四个意识”。",
    "着力在5个方面下功夫，切实做到学思用贯通。",
    "扎实推进“十个一”工作，确保取得实效。",
    "认真召开专题组织生活会，深入开展批评与自我批评。",
    "党委书记要切实履行第一责任人职责，做到亲自部署、亲自过问。",
    "要在9月底前全面完成各项任务，确保主题教育取得实效。",
    "主题教育期间，全体党员要认真学习，做到学有所获。",
]


def test_the_labelled_set_is_big_enough():
    assert len(CONCRETE) + len(VAGUE) >= 40
    assert len(CONCRETE) >= 20 and len(VAGUE) >= 20


@pytest.mark.parametrize("sentence", CONCRETE)
def test_concrete_sentences_score_at_or_above_the_threshold(sentence):
    assert specificity(sentence).score >= THRESHOLD, specificity(sentence)


@pytest.mark.parametrize("sentence", VAGUE)
def test_vague_sentences_score_below_the_threshold(sentence):
    assert specificity(sentence).score < THRESHOLD, specificity(sentence)


def test_every_concrete_sentence_outscores_every_vague_one():
    lowest_concrete = min(specificity(s).score for s in CONCRETE)
    highest_vague = max(specificity(s).score for s in VAGUE)
    assert highest_vague < THRESHOLD <= lowest_concrete


def test_the_hard_cases():
    political = specificity(
        "9月12日党委理论学习中心组围绕《习近平新时代中国特色社会主义思想专题摘编》开展专题研讨，"
        "班子成员7人逐一发言。"
    )
    assert political.score > 0.9
    assert (political.dates, political.numbers, political.names) == (1, 1, 1)
    dressed = specificity("要进一步提高3个方面的能力。")
    assert dressed.score < 0.2
    assert (dressed.numbers, dressed.stock) == (0, 1)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("发放征求意见表412份，收集意见建议56条", 2),
        ("办结率达到100%", 1),
        ("每次学习不少于40分钟", 1),
        ("全年开展三次专题研讨", 1),
        ("受理信访87件，涉及资金4.6万元", 2),
        ("要进一步提高3个方面的能力", 0),
        ("增强4个“意识”", 0),
        ("2023年9月12日", 0),  # a date, not a count
        ("一是加强学习；二是改进作风", 0),
    ],
)
def test_numbers(text, numbers):
    assert specificity(text).numbers == numbers


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("2023年1—8月", 1),
        ("9月12日", 1),
        ("9月5日至7日", 1),
        ("2023.10.15", 1),
        ("10月底前完成", 1),
        ("9月份和11月各召开一次", 2),
        ("15日前报送", 0),  # a day without its month is no checkable date
        ("3个月内完成", 0),
        ("年底前完成", 1),  # a deadline review.nlp.dates resolves
    ],
)
def test_dates(text, dates):
    assert specificity(text).dates == dates


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("学习《论党的自我革命》", 1),
        ("党委书记张明带队", 1),
        ("到石桥村走访", 1),
        ("建立党员积分管理制度", 1),
        ("建立“周五学习日”制度", 1),
        ("建立健全学习制度，完善长效机制", 0),
        ("增强“四个意识”", 0),
        ("党委书记要带头", 0),  # a role names nobody
    ],
)
def test_names(text, names):
    assert specificity(text).names == names


def test_roster_names_count_as_names():
    assert specificity("东方红农场召开职工大会").names == 0
    assert specificity("东方红农场召开职工大会", ["东方红农场"]).names == 1


@pytest.mark.parametrize(
    ("text", "actions", "stock"),
    [
        ("召开专题组织生活会", 1, 0),
        ("走访群众120户", 1, 0),
        ("班子成员逐一发言", 1, 0),
        ("87件已全部办结", 1, 0),
        ("切实解决群众急难愁盼问题", 0, 1),
        ("认真开展批评与自我批评", 0, 1),
        ("进一步加强理论学习，切实提高思想认识", 0, 3),
        ("高度重视，狠抓落实", 0, 2),
        ("理论学习不够深入", 0, 1),
        ("纪律规矩意识需要加强。", 0, 1),
        ("在上级党委的正确领导下", 0, 1),
        ("抓好整改落实", 0, 1),
    ],
)
def test_actions_and_stock(text, actions, stock):
    result = specificity(text)
    assert (result.actions, result.stock) == (actions, stock)


def test_length_is_in_characters():
    assert specificity("召开专题组织生活会。").length == 10


def test_the_score_is_the_documented_formula():
    assert specificity("") == Specificity(score_of(0, 0, 0, 0, 0), 0, 0, 0, 0, 0, 0)
    assert score_of(0, 0, 0, 0, 0) == pytest.approx(1 / (1 + math.exp(2.5 * BIAS)))
    date, number, name, action = (score_of(*row) for row in ((1, 0, 0, 0, 0), (0, 1, 0, 0, 0),
                                                             (0, 0, 1, 0, 0), (0, 0, 0, 1, 0)))
    assert date > number == name > action
    assert score_of(0, 1, 0, 0, 1) < THRESHOLD <= score_of(0, 1, 0, 0, 0)
    assert score_of(0, 0, 0, 2, 0) > THRESHOLD > score_of(0, 0, 0, 1, 0)
    for counts in [(0, 0, 0, 0, 9), (9, 9, 9, 9, 0)]:
        assert 0.0 <= score_of(*counts) <= 1.0
