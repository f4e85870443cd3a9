"""Owners named in rectification cells and clauses (review.nlp.owners)."""

from __future__ import annotations

from pathlib import Path

import pytest

from review.nlp.owners import Owner, find_owners, names_owner

DATA = Path(__file__).parent / "data" / "owners.tsv"


def _cases() -> list[tuple[str, list[tuple[str, str]], list[str]]]:
    cases = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        text, expected, *rest = line.split("\t") + [""]
        owners = [tuple(o.split(":", 1)) for o in expected.split(" | ") if o]
        units = [u for u in (rest[0] if rest else "").split(";") if u]
        cases.append(("" if text == "<empty>" else text, owners, units))
    return cases


CASES = _cases()


def test_the_table_is_big_enough_and_covers_every_kind():
    assert len(CASES) >= 50
    kinds = {kind for _, owners, _ in CASES for kind, _ in owners}
    assert kinds == {"role", "person", "department", "unit", "vague"}
    assert sum(1 for _, owners, _ in CASES if not owners) >= 10


@pytest.mark.parametrize(("text", "expected", "units"), CASES, ids=[c[0] or "<empty>" for c in CASES])
def test_owners_table(text, expected, units):
    owners = find_owners(text, units)
    assert [(o.kind, o.text) for o in owners] == expected
    for o in owners:
        assert text[o.start:o.end] == o.text
    assert names_owner(text, units) == any(kind != "vague" for kind, _ in expected)


def test_spans_are_offsets_into_the_text():
    text = "由党委书记张明牵头，办公室具体负责"
    assert find_owners(text) == [
        Owner(1, 5, "党委书记", "role"),
        Owner(5, 7, "张明", "person"),
        Owner(10, 13, "办公室", "department"),
    ]


@pytest.mark.parametrize("cell", ["", "无", "/", "—", "待定", "  ", "暂无"])
def test_empty_cells_name_nobody(cell):
    assert find_owners(cell) == []
    assert not names_owner(cell)


@pytest.mark.parametrize("cell", ["相关部门", "有关单位", "各相关方面", "责任部门", "全体", "相关部门负责人"])
def test_vague_owners_are_found_but_do_not_count(cell):
    owners = find_owners(cell)
    assert owners and all(o.kind == "vague" for o in owners)
    assert not names_owner(cell)


def test_a_named_owner_beside_a_vague_one_counts():
    assert names_owner("相关部门、财务科")
    assert names_owner("责任部门：党政办")


def test_ordinary_words_are_not_names():
    # jieba tags 文明, 高明 and 严肃查处 as person names; context decides here.
    for text in ("文明", "高明", "周全", "加强精神文明建设", "严肃查处", "以人民为中心"):
        assert not names_owner(text), text


def _persons(text: str) -> list[str]:
    return [o.text for o in find_owners(text) if o.kind == "person"]


def test_three_character_and_compound_surname_names_after_a_role():
    assert _persons("党委书记王建军牵头") == ["王建军"]
    assert _persons("书记欧阳明负责") == ["欧阳明"]
    assert _persons("由镇长李明和副镇长刘芳负责") == ["李明", "刘芳"]


def test_roster_names_are_units_with_their_organs():
    units = ["河口镇", "东方红农场"]
    owners = find_owners("中共河口镇委员会、东方红农场党支部", units)
    assert [(o.kind, o.text) for o in owners] == [
        ("unit", "中共河口镇委员会"),
        ("unit", "东方红农场党支部"),
    ]


def test_a_long_sentence_is_fast_enough():
    import time

    text = "由党委书记张明牵头，党政办、财务科具体负责，各党支部书记抓好落实。" * 20
    find_owners(text)  # warm up jieba
    start = time.perf_counter()
    for i in range(20):
        find_owners(text + str(i))
    assert (time.perf_counter() - start) / 20 < 0.1


def test_a_roster_passed_again_as_another_tuple_is_compiled_once(monkeypatch):
    # every draft brings the batch's roster as its own tuple (thousands of names at a city's
    # scale): equal rosters share the compiled names and the cached owners
    import review.nlp.owners as owners

    compiled = []
    real = owners.alternation
    monkeypatch.setattr(owners, "alternation", lambda words: compiled.append(1) or real(words))
    roster = [f"第{n}村" for n in range(3000)] + ["河口镇"]
    text = "由河口镇党委书记张明牵头，第17村具体负责。"
    first = find_owners(text, tuple(roster))
    made = len(compiled)
    again = find_owners(text, tuple(roster))  # another tuple, the same names
    assert again == first and len(compiled) == made
    assert {o.text for o in first if o.kind == "unit"} >= {"第17村"}
