"""The history database: schema and migrations, recording reviews, the review cache, and
finding the draft of the round before."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from review.data import data_path
from review.errors import ConfigError
from review.history import History, rules_version, store
from review.model import Finding, Review, Submission
from review.rules.schema import Rule

TOOL = "0.1.0"
RULES_A, RULES_B = "a" * 64, "b" * 64

TEXT = "\n".join([
    "河口镇学习贯彻习近平新时代中国特色社会主义思想主题教育实施方案",
    "一、主要措施",
    "（一）理论学习。镇党委要高度重视理论学习，采取多种形式认真组织学习，切实提高学习效果。",
    "（二）检视整改。对照XX同志提出的要求，认真查找问题，立行立改。",
])
VAGUE = "镇党委要高度重视理论学习，采取多种形式认真组织学习，切实提高学习效果。"


def submission(unit: str, round_name: str, name: str = "主题教育实施方案.docx", *,
               text: str = TEXT, doc_type: str = "implementation_plan") -> Submission:
    return Submission(
        path=Path("/ws/inbox") / round_name / unit / name,
        rel_path=f"inbox/{round_name}/{unit}/{name}", round=round_name, unit=unit,
        unit_known=True, unit_category="town", level="section_leadership", doc_type=doc_type,
        sha256=hashlib.sha256(f"{round_name}{unit}{name}{text}".encode()).hexdigest(),
    )


def findings(text: str = TEXT) -> list[Finding]:
    return [
        Finding(rule="plan.measures.theory_study.thin", category="thin_required_action",
                dimension="规定动作", severity="error",
                message="理论学习安排笼统：未写明学习书目、集中学习时间和方式。", quote=VAGUE,
                start=text.index(VAGUE), end=text.index(VAGUE) + len(VAGUE), weight=4.0,
                suggestion="写明读书班天数、书目和研讨安排。"),
        Finding(rule="copying.template", category="copied_template", dimension="照搬照抄",
                severity="warning", message="此段与《县委实施方案》相似度 93%。",
                quote="认真查找问题，立行立改",
                start=text.index("认真查找"), end=text.index("认真查找") + 11, weight=2.0,
                source={"path": "corpus/templates/县委实施方案.docx", "unit": None, "similarity": 0.93},
                marks=((text.index("认真查找"), text.index("认真查找") + 6),)),
        Finding(rule="plan.local_features", category="no_local_features", dimension="自选动作",
                severity="warning", message="未体现本单位特色。", quote="", start=0,
                end=text.index("\n")),
    ]


def review_of(sub: Submission, score: float = 72.5, found: list[Finding] | None = None) -> Review:
    return Review(
        submission=sub, status="reviewed", doc_type=sub.doc_type, score=score, verdict="revise",
        dimension_scores={"规定动作": 30.0, "自选动作": 8.0}, copy_ratio=0.31,
        boilerplate_ratio=0.12, findings=findings() if found is None else found,
        annotated=f"outbox/{sub.round}/{sub.unit}/主题教育实施方案.审阅.docx",
        copy={"excluding_quotes": 0.28, "largest_source": 0.2},
    )


def unreadable(sub: Submission) -> Review:
    return Review(submission=sub, status="unreadable",
                  error="PDF 没有文字层（可能是扫描件或图片），请报送 Word 原稿。")


def test_open_creates_a_versioned_wal_database(tmp_path):
    with History.open(tmp_path) as h:
        assert h.path == tmp_path / ".review" / "history.sqlite"
        assert h.schema_version == len(store.MIGRATIONS) == 3
    conn = sqlite3.connect(tmp_path / ".review" / "history.sqlite")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"units", "submissions", "reviews", "findings", "arrivals"}
    conn.close()
    with History.open(tmp_path) as h:  # opening again migrates nothing
        assert h.schema_version == 3


def test_a_version_0_database_is_migrated(tmp_path):
    path = tmp_path / ".review" / "history.sqlite"
    path.parent.mkdir()
    sqlite3.connect(path).close()  # what an interrupted first run could leave
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 0
    with History.open(tmp_path) as h:
        assert h.schema_version == 3
        h.record(review_of(submission("河口镇", "第1轮")), TEXT, RULES_A, TOOL)


def test_a_version_1_database_keeps_its_reviews(tmp_path, monkeypatch):
    # A workspace reviewed by the first release: its rounds must still be compared with.
    monkeypatch.setattr(store, "MIGRATIONS", store.MIGRATIONS[:1])
    with History.open(tmp_path) as h:
        h._conn.execute("BEGIN")
        h._conn.execute("INSERT INTO units VALUES ('河口镇', 'town', NULL, 1)")
        h._conn.execute("INSERT INTO submissions VALUES (1, 'inbox/第1轮/河口镇/方案.docx', 'ab', "
                        "'河口镇', 'implementation_plan', '第1轮', '2026-11-01T09:00:00+08:00')")
        h._conn.execute("INSERT INTO reviews (id, submission_id, rules_version, tool_version, status, "
                        "score, verdict, dimension_scores, reviewed_at, text) VALUES (1, 1, 'r', "
                        "'0.1.0', 'reviewed', 66, 'revise', '{}', '2026-11-01T09:01:00+08:00', '正文')")
        h._conn.execute("COMMIT")
    monkeypatch.undo()
    with History.open(tmp_path) as h:
        assert h.schema_version == 3
        old = h.previous("河口镇", "implementation_plan", "第2轮")
        assert (old.score, old.text, old.inputs, old.rounds) == (66, "正文", None, None)


def test_a_later_migration_is_one_function(tmp_path, monkeypatch):
    with History.open(tmp_path) as h:
        review_id = h.record(review_of(submission("河口镇", "第1轮")), TEXT, RULES_A, TOOL)

    def v4(conn):
        conn.execute("ALTER TABLE reviews ADD COLUMN reviewer TEXT")
        conn.execute("UPDATE reviews SET reviewer = '县委第三指导组'")

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, v4])
    with History.open(tmp_path) as h:
        assert h.schema_version == 4
        assert h.review(review_id).score == 72.5
    conn = sqlite3.connect(tmp_path / ".review" / "history.sqlite")
    assert conn.execute("SELECT reviewer FROM reviews").fetchall() == [("县委第三指导组",)]


def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    History.open(tmp_path).close()

    def broken(conn):
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, broken])
    with pytest.raises(sqlite3.OperationalError):
        History.open(tmp_path)
    conn = sqlite3.connect(tmp_path / ".review" / "history.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'notes'").fetchall()


def test_a_database_from_a_newer_tool_is_refused(tmp_path):
    History.open(tmp_path).close()
    conn = sqlite3.connect(tmp_path / ".review" / "history.sqlite")
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    with pytest.raises(ConfigError, match="请升级 review"):
        History.open(tmp_path)


def test_record_keeps_everything_a_report_needs(tmp_path):
    sub = submission("河口镇", "第1轮")
    review = review_of(sub)
    with History.open(tmp_path) as h:
        review_id = h.record(review, TEXT, RULES_A, TOOL, received_at="2023-09-20T09:30:00+08:00")
        got = h.review(review_id)
    assert (got.rel_path, got.sha256, got.unit, got.doc_type, got.round, got.received_at) == (
        sub.rel_path, sub.sha256, "河口镇", "implementation_plan", "第1轮", "2023-09-20T09:30:00+08:00")
    assert (got.rules_version, got.tool_version, got.status, got.error) == (RULES_A, TOOL, "reviewed", None)
    assert (got.score, got.verdict, got.copy_ratio, got.boilerplate_ratio) == (72.5, "revise", 0.31, 0.12)
    assert got.dimension_scores == {"规定动作": 30.0, "自选动作": 8.0}
    assert got.copy == review.copy and got.annotated == review.annotated and got.text == TEXT
    assert list(got.findings) == review.findings  # source, marks and suggestion included
    assert got.findings[0].quote == TEXT[got.findings[0].start:got.findings[0].end]
    assert got.reviewed_at[:4].isdigit() and got.reviewed_at[10] == "T"
    assert got.as_review(sub) == review


def test_recording_the_same_review_again_replaces_it(tmp_path):
    """A batch killed after recording and run again must not duplicate anything."""
    sub = submission("河口镇", "第1轮")
    with History.open(tmp_path) as h:
        h.record(review_of(sub, 60.0), TEXT, RULES_A, TOOL, received_at="2023-09-20T09:30:00+08:00",
                 inputs="x")
        h.record(review_of(sub, 61.0), TEXT, RULES_A, TOOL, received_at="2023-09-21T10:00:00+08:00",
                 inputs="x")
        kept = h.reusable(sub.round, sub.rel_path, sub.sha256, RULES_A, TOOL, "x")
        assert (kept.score, kept.received_at) == (61.0, "2023-09-20T09:30:00+08:00")
    conn = sqlite3.connect(tmp_path / ".review" / "history.sqlite")
    assert [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("units", "submissions", "reviews", "findings")] == [1, 1, 1, 3]


def test_a_failed_record_leaves_no_trace(tmp_path):
    sub = submission("河口镇", "第1轮")
    bad = review_of(sub)
    bad.findings[1].source = {"similarity": object()}  # not JSON: fails after the first inserts
    with History.open(tmp_path) as h:
        with pytest.raises(TypeError):
            h.record(bad, TEXT, RULES_A, TOOL)
        assert h.reusable(sub.round, sub.rel_path, sub.sha256, RULES_A, TOOL, None) is None
        assert h.rounds() == [] and h.drafts_so_far("河口镇", "implementation_plan") == 0


def test_reusable_needs_the_same_bytes_rules_tool_and_inputs(tmp_path):
    sub = submission("河口镇", "第1轮")
    where = (sub.round, sub.rel_path, sub.sha256)
    with History.open(tmp_path) as h:
        h.record(review_of(sub), TEXT, RULES_A, TOOL, inputs="batch-1")
        hit = h.reusable(*where, RULES_A, TOOL, "batch-1")
        assert hit is not None and hit.score == 72.5 and len(hit.findings) == 3
        assert h.reusable(*where, RULES_B, TOOL, "batch-1") is None  # rules changed
        assert h.reusable(*where, RULES_A, "0.2.0", "batch-1") is None  # tool upgraded
        assert h.reusable(*where, RULES_A, TOOL, "batch-2") is None  # a peer copied it since
        assert h.reusable(sub.round, sub.rel_path, "f" * 64, RULES_A, TOOL, "batch-1") is None
        assert h.reusable("第2轮", sub.rel_path, sub.sha256, RULES_A, TOOL, "batch-1") is None

        h.record(review_of(sub, 80.0), TEXT, RULES_A, TOOL, inputs="batch-2")
        assert h.reusable(*where, RULES_A, TOOL, "batch-2").score == 80.0
        assert h.reusable(*where, RULES_A, TOOL, "batch-1") is None  # replaced, not kept beside

        # An unreadable file stays unreadable under the same tool, whatever the batch: a run
        # can skip it before reading it.
        broken = submission("石桥乡", "第1轮", "扫描件.pdf", text="")
        h.record(unreadable(broken), "", RULES_A, TOOL)
        again = h.reusable(broken.round, broken.rel_path, broken.sha256, RULES_A, TOOL, None)
        assert again.error.startswith("PDF 没有文字层")


def test_the_round_comparison_is_kept_with_the_review(tmp_path):
    sub = submission("河口镇", "第2轮")
    review = review_of(sub)
    review.rounds = {"previous_round": "第1轮", "previous_score": 58.0, "score_change": 14.5,
                     "resolved": 3, "unrevised": 1}
    with History.open(tmp_path) as h:
        h.record(review, TEXT, RULES_A, TOOL, inputs="x")
        kept = h.reusable(sub.round, sub.rel_path, sub.sha256, RULES_A, TOOL, "x")
    assert kept.as_review(sub).rounds == review.rounds


def test_previous_orders_rounds_by_number(tmp_path):
    with History.open(tmp_path) as h:
        for round_name, score in [("第10轮", 90.0), ("第1轮", 60.0), ("第2轮", 75.0)]:
            h.record(review_of(submission("河口镇", round_name), score), TEXT, RULES_A, TOOL)
        assert h.rounds() == ["第1轮", "第2轮", "第10轮"]
        plan = "implementation_plan"
        assert h.previous("河口镇", plan, "第1轮") is None
        assert h.previous("河口镇", plan, "第2轮").round == "第1轮"
        assert h.previous("河口镇", plan, "第3轮").score == 75.0  # nothing sent in 第3轮
        assert h.previous("河口镇", plan, "第10轮").round == "第2轮"
        assert h.previous("河口镇", plan, "第11轮").round == "第10轮"
        assert h.previous("河口镇", "problem_list", "第2轮") is None
        assert h.previous("石桥乡", plan, "第2轮") is None


def test_previous_takes_the_latest_readable_review(tmp_path):
    plan = "implementation_plan"
    with History.open(tmp_path) as h:
        first = submission("柳溪村", "第1轮")
        h.record(review_of(first, 55.0), TEXT, RULES_A, TOOL)
        h.record(review_of(first, 58.0), TEXT, RULES_B, TOOL)  # the rules changed mid-round
        h.record(unreadable(submission("柳溪村", "第2轮", "扫描件.pdf", text="")), "", RULES_B, TOOL)
        got = h.previous("柳溪村", plan, "第3轮")
        assert (got.round, got.score, got.rules_version) == ("第1轮", 58.0, RULES_B)


def test_drafts_so_far_counts_each_draft_once(tmp_path):
    plan = "implementation_plan"
    with History.open(tmp_path) as h:
        r1 = submission("城关街道", "第1轮")
        h.record(review_of(r1), TEXT, RULES_A, TOOL)
        h.record(review_of(r1), TEXT, RULES_B, TOOL)  # re-reviewed, still one draft
        assert h.drafts_so_far("城关街道", plan) == 1
        h.record(review_of(submission("城关街道", "第2轮", text=TEXT + "（修改）")), TEXT, RULES_B, TOOL)
        h.record(review_of(submission("城关街道", "第3轮")), TEXT, RULES_B, TOOL)
        assert h.drafts_so_far("城关街道", plan) == 3
        assert h.drafts_so_far("城关街道", "problem_list") == 0


def test_two_connections_see_each_others_writes(tmp_path):
    """`review watch` and a batch run may have the database open at once."""
    with History.open(tmp_path) as watcher, History.open(tmp_path) as batch:
        sub = submission("河口镇", "第1轮")
        batch.record(review_of(sub), TEXT, RULES_A, TOOL, inputs="x")
        assert watcher.reusable(sub.round, sub.rel_path, sub.sha256, RULES_A, TOOL, "x") is not None


def _placeholder_rules() -> list[Rule]:
    path = data_path("rules", "copying", "placeholders.yaml")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Rule.model_validate(entry) for entry in (raw if isinstance(raw, list) else [raw])]


def test_rules_version_follows_the_rules_not_their_order():
    rules = _placeholder_rules()
    other = Rule.model_validate({**rules[0].model_dump(exclude_unset=True), "id": "copying.placeholder_b"})
    version = rules_version([*rules, other])
    assert len(version) == 64 and version == rules_version([other, *rules])
    reweighted = rules[0].model_copy(update={"weight": rules[0].weight + 1})
    assert rules_version([reweighted, other]) != version
    assert rules_version([]) == hashlib.sha256(b"[]").hexdigest()


def test_rules_version_follows_the_word_lists_and_models(tmp_path):
    rules = _placeholder_rules()
    data = tmp_path / "rules"
    (data / "lexicon").mkdir(parents=True)
    (data / "lexicon" / "stock_phrases.yaml").write_text("- 高度重视\n", encoding="utf-8")
    version = rules_version(rules, [data])
    assert version != rules_version(rules)
    (data / "lexicon" / "stock_phrases.yaml").write_text("- 高度重视\n- 狠抓落实\n", encoding="utf-8")
    assert rules_version(rules, [data]) != version
    moved = tmp_path / "elsewhere" / "rules"
    shutil.copytree(data, moved)
    assert rules_version(rules, [moved]) == rules_version(rules, [data])  # where it is installed
    assert rules_version(rules, [tmp_path / "missing"]) == rules_version(rules)


def test_rules_version_is_the_same_in_another_process():
    version = rules_version(_placeholder_rules())
    script = (
        "import sys, yaml\n"
        "from review.history import rules_version\n"
        "from review.rules.schema import Rule\n"
        "raw = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))\n"
        "print(rules_version(Rule.model_validate(e) for e in (raw if isinstance(raw, list) else [raw])))"
    )
    path = data_path("rules", "copying", "placeholders.yaml")
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert out.stdout.strip() == version


def test_stored_json_is_readable_chinese(tmp_path):
    """Someone will open the database in a SQLite browser: Chinese stays Chinese."""
    with History.open(tmp_path) as h:
        h.record(review_of(submission("河口镇", "第1轮")), TEXT, RULES_A, TOOL)
    conn = sqlite3.connect(tmp_path / ".review" / "history.sqlite")
    dims = conn.execute("SELECT dimension_scores FROM reviews").fetchone()[0]
    assert "规定动作" in dims and json.loads(dims)["规定动作"] == 30.0


def test_a_draft_keeps_the_time_it_was_first_seen(tmp_path):
    first = [("inbox/第1轮/河口镇/方案.docx", "ab"), ("inbox/第1轮/石桥乡/方案.docx", "cd")]
    with History.open(tmp_path) as h:
        assert set(h.arrived("第1轮", first, "2026-11-01T09:00:00+08:00").values()) == {
            "2026-11-01T09:00:00+08:00"}
        later = h.arrived("第1轮", [*first, ("inbox/第1轮/柳溪村/方案.docx", "ef")],
                          "2026-11-02T10:00:00+08:00")
    assert [later[d] for d in first] == ["2026-11-01T09:00:00+08:00"] * 2
    assert later[("inbox/第1轮/柳溪村/方案.docx", "ef")] == "2026-11-02T10:00:00+08:00"
