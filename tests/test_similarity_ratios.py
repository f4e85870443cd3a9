"""CNKI-style ratios and peer clusters on a hand-built example, against hand-computed numbers."""

from __future__ import annotations

import pytest

from review.similarity import CopyReport, Passage, Source, copy_ratios, peer_clusters, peer_pairs

LINE1 = "春夏秋冬，东西南北。"  # 8 content characters
LINE2 = "金木水火土，“赤橙黄绿青蓝紫”。"  # 12, of which 7 quoted
LINE3 = "天地玄黄宇宙洪荒。"  # 8, not copied
TEXT = "\n".join([LINE1, LINE2, LINE3])
L2 = len(LINE1) + 1
L3 = L2 + len(LINE2) + 1


def passage(start: int, end: int, source: str) -> Passage:
    return Passage(start, end, Source(source, "template", f"{source}.docx", None, 0.9), (), "", end - start)


def test_ratios_equal_the_hand_computed_numbers():
    a1 = passage(0, len(LINE1), "A")
    b = passage(L2, L2 + len(LINE2), "B")
    a2 = passage(L2, L2 + 5, "A")  # a weaker source for 金木水火土, in matches only
    quote = (TEXT.index("“"), TEXT.index("”") + 1)
    report = CopyReport("d", passages=(a1, b), matches=(a1, a2, b), quoted=(quote,))
    r = copy_ratios(TEXT, report, [("一、", 0, L3 - 1), ("二、", L3, len(TEXT))])
    assert r.chars == 28 and r.copied_chars == 20
    assert r.total == pytest.approx(round(20 / 28, 4))
    assert r.excluding_quotes == pytest.approx(round(13 / 28, 4))
    assert [(s.id, s.chars) for s in r.sources] == [("A", 13), ("B", 12)]
    assert r.largest_source == pytest.approx(round(13 / 28, 4))
    assert [(s.title, s.chars, s.copied_chars, s.ratio) for s in r.sections] == [
        ("一、", 20, 20, 1.0), ("二、", 8, 0, 0.0)]


def test_a_draft_without_copies_has_zero_ratios():
    r = copy_ratios(TEXT, CopyReport("d", (), ()))
    assert (r.total, r.excluding_quotes, r.largest_source, r.sources) == (0.0, 0.0, 0.0, ())


def test_peer_pairs_and_clusters():
    texts = {"X": "春夏秋冬东西南北", "Y": "春夏秋冬金木水火", "Z": "甲乙丙丁", "W": "春夏秋冬"}
    reports = [
        CopyReport("X", (passage(0, 4, "Y"),), (passage(0, 4, "Y"),), chars=8),
        CopyReport("Y", (passage(0, 4, "X"),), (passage(0, 4, "X"),), chars=8),
        CopyReport("Z", (), (), chars=4),
        CopyReport("W", (passage(0, 4, "X"),), (passage(0, 4, "X"),), chars=4),
    ]
    ratios = {r.draft_id: copy_ratios(texts[r.draft_id], r) for r in reports}
    pairs = peer_pairs({d: {s.id: s.chars for s in r.sources} for d, r in ratios.items()},
                       {d: r.chars for d, r in ratios.items()})
    assert [(p.a, p.b, p.similarity, p.shared_chars) for p in pairs] == [
        ("X", "Y", 0.5, 8), ("W", "X", round(4 / 12, 4), 4)]
    assert peer_clusters(pairs, 0.3) == [("W", "X", "Y")]
    assert peer_clusters(pairs, 0.4) == [("X", "Y")]
    assert peer_clusters(pairs, 0.6) == []
