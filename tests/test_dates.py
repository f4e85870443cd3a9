"""Dates and deadlines: the expression table, things that are not dates, overlaps, several
expressions in one sentence, durations."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from review.nlp.dates import SPRING_FESTIVAL, DateExpr, cn_number, find_dates, find_durations

TABLE = Path(__file__).parent / "data" / "dates.tsv"
PERIODS = {
    "": (date(2023, 9, 1), date(2024, 1, 31)),
    "2019": (date(2019, 9, 1), date(2019, 12, 31)),
    "2014": (date(2014, 1, 1), date(2014, 9, 30)),
    "none": None,
}
P2023 = PERIODS[""]


def _day(value: str) -> date | None:
    return None if value == "-" else date.fromisoformat(value)


def _rows() -> list[dict[str, str]]:
    with open(TABLE, encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = _rows()


def test_table_is_large_and_distinct():
    assert len(ROWS) >= 200
    assert len({row["match"] for row in ROWS}) >= 200
    assert len({(row["sentence"], row["period"]) for row in ROWS}) == len(ROWS)
    assert {row["kind"] for row in ROWS} == {"point", "range", "before", "open"}
    assert {row["period"] for row in ROWS} == set(PERIODS)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['match']}|{r['period'] or '2023'}" for r in ROWS])
def test_expression_table(row):
    sentence, match = row["sentence"], row["match"]
    start = sentence.index(match)
    expected = DateExpr(start, start + len(match), match, row["kind"], _day(row["lo"]), _day(row["hi"]))
    assert find_dates(sentence, PERIODS[row["period"]]) == [expected]


NOT_DATES = [
    "集中学习研讨时间不少于3个月。",
    "每次集中学习不少于6天。",
    "问题清单第3项整改措施不具体。",
    "群众通过12345热线反映问题。",
    "5个工作日内办结。",
    "每月集中学习不少于2天。",
    "力争一年内见到成效。",
    "调研历时3月余。",
    "坚持一月一主题、一月一研讨。",
    "每年12月开展民主评议党员。",
    "每月15日前报送学习情况。",
    "每季度召开一次推进会。",
    "每半年开展一次评估。",
    "每年底前报送述职报告。",
    "2023年度考核结果为优秀。",
    "投资2023.5万元建设党群服务中心。",
    "整改完成率15.6%。",
    "上午9:00召开会议。",
    "第12期读书班。",
    "三个月内完成，每次半天。",
    "两天时间集中研讨。",
    "实施3年行动计划。",
    "24小时内响应群众诉求。",
    "长期以来，理论学习不够深入。",
    "持续时间较短，效果不明显。",
    "建立长效机制。",
    "二〇二三年是全面贯彻党的二十大精神的开局之年。",
    "对照“十四五”规划目标。",
    "2023-2024学年教师培训。",
    "联系电话13912345678。",
    "每周二至周四开放。",
    "前3个月进展缓慢。",
    "连续3天开展集中学习。",
    "党员满1年转正。",
    "“七一讲话”精神。",
    "收到12份意见。",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text):
    assert find_dates(text, P2023) == []


@pytest.mark.parametrize("text", [
    "2023年9月18日至28日", "9月18日-20日", "10月中下旬", "9月下旬至10月上旬", "2023年9月至2024年1月",
    "截至10月底前", "年底之前", "九月十八日至二十日", "12月中旬至1月上旬", "第四季度至明年一季度",
    "10月中下旬至11月上旬", "2023.9.18-2023.9.20", "2023-09-18至2023-09-20", "2023年9月15日—2023年9月20日",
])
def test_longest_match_is_one_expression(text):
    found = find_dates(text, P2023)
    assert [(e.start, e.end) for e in found] == [(0, len(text))]


def test_several_expressions_in_one_sentence():
    text = "11月底前建立制度，长期坚持"
    assert find_dates(text, P2023) == [
        DateExpr(0, 5, "11月底前", "before", None, date(2023, 11, 30)),
        DateExpr(10, 14, "长期坚持", "open", None, None),
    ]
    text = "9月下旬召开动员会，10月中旬开展研讨，12月底前完成整改，1月召开民主生活会"
    assert [(e.text, e.kind, e.lo, e.hi) for e in find_dates(text, P2023)] == [
        ("9月下旬", "point", date(2023, 9, 21), date(2023, 9, 30)),
        ("10月中旬", "point", date(2023, 10, 11), date(2023, 10, 20)),
        ("12月底前", "before", None, date(2023, 12, 31)),
        ("1月", "point", date(2024, 1, 1), date(2024, 1, 31)),
    ]
    assert [e.text for e in find_dates("立行立改、长期坚持", P2023)] == ["立行立改", "长期坚持"]


def test_further_days_take_the_month_before_them():
    found = find_dates("2023年9月18日、25日分别召开中心组学习会", None)
    assert [(e.text, e.lo) for e in found] == [
        ("2023年9月18日", date(2023, 9, 18)), ("25日", date(2023, 9, 25)),
    ]


def test_qian_that_starts_a_word_is_not_a_deadline():
    assert find_dates("12月12日前往结对村调研", P2023)[0].kind == "point"
    assert find_dates("10月8日前进行部署", P2023)[0].kind == "before"


def test_problem_list_row():
    text = "3\t调研走过场\t建立调研成果转化机制\t张三\t2023年12月底前；长期坚持"
    assert [(e.text, e.kind, e.hi) for e in find_dates(text, P2023)] == [
        ("2023年12月底前", "before", date(2023, 12, 31)),
        ("长期坚持", "open", None),
    ]


def test_without_period_the_year_written_before_is_used_as_is():
    # Not rolled forward by schedule order: an out-of-order schedule must stay visible.
    found = find_dates("2023年9月启动，1月召开民主生活会", None)
    assert [(e.text, e.lo) for e in found] == [("2023年9月", date(2023, 9, 1)), ("1月", date(2023, 1, 1))]
    assert find_dates("1月召开民主生活会", None)[0].lo is None


def test_the_nearest_year_wins_and_the_period_decides_it():
    # 8月 is a day from the 2023 period's start (preparation), 3月 is nearer after its end.
    assert find_dates("8月", P2023)[0].lo == date(2023, 8, 1)
    assert find_dates("3月", P2023)[0].lo == date(2024, 3, 1)
    assert find_dates("1月", PERIODS["2019"])[0].lo == date(2020, 1, 1)


def test_results_are_sorted_and_do_not_overlap():
    text = "\n".join(row["sentence"] for row in ROWS)
    found = find_dates(text, P2023)
    assert [e.text for e in found] == [row["match"] for row in ROWS]
    for e in found:
        assert text[e.start:e.end] == e.text
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_spring_festival_table():
    assert set(SPRING_FESTIVAL) == set(range(2014, 2031))
    assert all(date(y, 1, 20) <= d <= date(y, 2, 20) and d.year == y for y, d in SPRING_FESTIVAL.items())


def test_chinese_numbers():
    numbers = ("十", "十一", "二十八", "三十一", "二〇二三", "9")
    assert [cn_number(s) for s in numbers] == [10, 11, 28, 31, 2023, 9]


def test_durations():
    text = ("集中学习研讨不少于6天，每月不少于2天，为期3个月，每次半天，5个工作日内，30日内，"
            "两周，一年内，3个多月")
    assert [(text[s:e], days) for s, e, days in find_durations(text)] == [
        ("6天", 6), ("2天", 2), ("3个月", 90), ("半天", 0.5), ("5个工作日", 5), ("30日", 30), ("两周", 14),
        ("一年", 365), ("3个多月", 90),
    ]


@pytest.mark.parametrize("text", ["9月30日内", "2023年", "上半年", "三周年", "每周一"])
def test_not_durations(text):
    assert find_durations(text) == []
