"""The workspace's memory across runs and rounds: `.review/history.sqlite`.

Every draft received (submission), every review of it under a given rule set and tool
version, and that review's findings and text. A batch asks `reusable` before reviewing a
draft, so the same bytes under the same rules, in the same batch, are reviewed once; the
next round asks `previous` for the draft to compare with.

The schema version is SQLite's `PRAGMA user_version`; `MIGRATIONS[i]` brings a database
from version i to i + 1, all pending ones in one transaction with the version bump.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from review.errors import ConfigError
from review.history.rounds import same_draft_key
from review.model import Finding, Review, Submission
from review.workspace.config import _round_number

if TYPE_CHECKING:
    from review.rules.schema import Rule

DB_DIR, DB_NAME = ".review", "history.sqlite"


def _v1(conn: sqlite3.Connection) -> None:
    for statement in (
        """CREATE TABLE units (
            name TEXT PRIMARY KEY,
            category TEXT,
            level TEXT,
            on_roster INTEGER NOT NULL
        )""",
        """CREATE TABLE submissions (
            id INTEGER PRIMARY KEY,
            rel_path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            unit TEXT NOT NULL REFERENCES units(name),
            doc_type TEXT NOT NULL,
            round TEXT NOT NULL,
            received_at TEXT NOT NULL,
            UNIQUE (round, rel_path, sha256)
        )""",
        "CREATE INDEX submissions_by_unit ON submissions (unit, doc_type)",
        "CREATE INDEX submissions_by_sha ON submissions (sha256)",
        # text: the draft's extracted text (Document.text), which findings' offsets point
        # into and the next round is compared with. JSON columns: dimension_scores, copy.
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
            rules_version TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('reviewed', 'unreadable')),
            error TEXT,
            score REAL,
            verdict TEXT,
            dimension_scores TEXT NOT NULL,
            copy_ratio REAL,
            boilerplate_ratio REAL,
            copy TEXT,
            reviewed_at TEXT NOT NULL,
            text TEXT NOT NULL,
            annotated TEXT,
            UNIQUE (submission_id, rules_version, tool_version)
        )""",
        # span_start/span_end: Finding.start/end ("end" is an SQL keyword). JSON: source, marks.
        """CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            rule TEXT NOT NULL,
            category TEXT NOT NULL,
            dimension TEXT NOT NULL,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            quote TEXT NOT NULL,
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            weight REAL NOT NULL,
            suggestion TEXT,
            source TEXT,
            marks TEXT NOT NULL
        )""",
        "CREATE INDEX findings_by_review ON findings (review_id, ordinal)",
    ):
        conn.execute(statement)


def _v2(conn: sqlite3.Connection) -> None:
    # inputs: what the review depended on besides the bytes, rules and tool (the draft's copy
    # report, its 千人一面 sentences, the earlier draft it was compared with — see
    # review.pipeline.review_inputs), so a re-run can tell a review that still holds from
    # one the batch has changed under. rounds: the comparison with the previous round (JSON).
    conn.execute("ALTER TABLE reviews ADD COLUMN inputs TEXT")
    conn.execute("ALTER TABLE reviews ADD COLUMN rounds TEXT")


def _v3(conn: sqlite3.Connection) -> None:
    # When each draft of a round was first seen by a run, written before anything is
    # reviewed: copy detection names the earliest of equally strong sources, and a run
    # killed midway must leave the next run the same times.
    conn.execute("""CREATE TABLE arrivals (
        round TEXT NOT NULL,
        rel_path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (round, rel_path, sha256)
    )""")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3]


def now() -> str:
    """Local time with its UTC offset, as results.json writes it."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def rules_version(rules: Iterable[Rule], data_dirs: Iterable[Path] = ()) -> str:
    """sha256 of the rules as configured for a run (weights and thresholds applied), in id
    order so the order files were loaded in does not matter, and of every file under
    `data_dirs` — the word lists, campaign wording, scoring schemes and models the rules
    read, which change a review as surely as a rule does."""
    dumped = sorted((r.model_dump(mode="json") for r in rules), key=lambda d: d["id"])
    blob = json.dumps(dumped, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    h = hashlib.sha256(blob.encode("utf-8"))
    for root in data_dirs:
        root = Path(root)
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        for path in files:
            # Names relative to their folder: the same data installed elsewhere is the same.
            h.update(b"\0" + path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@dataclass(frozen=True)
class StoredReview:
    id: int
    rel_path: str
    sha256: str
    unit: str
    doc_type: str
    round: str
    received_at: str
    rules_version: str
    tool_version: str
    status: str
    error: str | None
    score: float | None
    verdict: str | None
    dimension_scores: dict[str, float]
    copy_ratio: float | None
    boilerplate_ratio: float | None
    copy: dict | None
    reviewed_at: str
    text: str
    annotated: str | None
    inputs: str | None
    rounds: dict | None
    findings: tuple[Finding, ...]

    def as_review(self, submission: Submission) -> Review:
        """This result as the review of `submission` (the same bytes, found again), so a
        batch can report it without reviewing the draft again. The review takes this one's
        findings as they are: they were loaded for it (a re-run keeps 44,000 of them for
        1,000 drafts), and nothing changes a finding once it is made."""
        return Review(
            submission=submission, status=self.status, error=self.error,
            doc_type=self.doc_type, score=self.score, verdict=self.verdict,
            dimension_scores=dict(self.dimension_scores), copy_ratio=self.copy_ratio,
            boilerplate_ratio=self.boilerplate_ratio,
            findings=list(self.findings),
            annotated=self.annotated, copy=self.copy,
            rounds=None if self.rounds is None else dict(self.rounds),
        )


_REVIEW_COLUMNS = """
    r.id, s.rel_path, s.sha256, s.unit, s.doc_type, s.round, s.received_at, r.rules_version,
    r.tool_version, r.status, r.error, r.score, r.verdict, r.dimension_scores, r.copy_ratio,
    r.boilerplate_ratio, r.copy, r.reviewed_at, r.text, r.annotated, r.inputs, r.rounds
"""


class History:
    """One workspace's history database. Use as a context manager, or call `close`."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self._conn = conn
        self.path = path

    @classmethod
    def open(cls, root: Path) -> History:
        path = Path(root) / DB_DIR / DB_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode, so transactions are exactly the ones `_write` opens; the timeout
        # covers a batch run and `review watch` writing at the same time.
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        # A batch commits once per review. In WAL mode NORMAL syncs at checkpoints only: a
        # crashed process loses nothing, a power cut at most the last reviews, which the
        # next run redoes (their annotated files are checked against the history).
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        history = cls(conn, path)
        try:
            history._migrate()
        except BaseException:
            conn.close()
            raise
        return history

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front: two writers then queue on the timeout
        # instead of one failing when it upgrades a read lock.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        with self._write() as conn:
            # Read under the write lock: another process may have migrated meanwhile.
            version = self.schema_version
            if version > len(MIGRATIONS):
                raise ConfigError(
                    f"历史数据库 {self.path} 由更新版本的 review 创建（结构版本 {version}），"
                    "请升级 review 后再运行。"
                )
            for number in range(version, len(MIGRATIONS)):
                MIGRATIONS[number](conn)
            conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    def record(self, review: Review, text: str, rules_version: str, tool_version: str,
               received_at: str | None = None, inputs: str | None = None) -> int:
        """Store a review with its findings and the draft's text (Document.text; "" for an
        unreadable draft) and return its id. Recording the same draft under the same rules
        and tool again replaces the earlier record, so a re-run never duplicates one.
        `received_at` (ISO) defaults to now; a submission keeps the first one recorded.
        `inputs` is the key `reusable` compares."""
        sub = review.submission
        with self._write() as conn:
            conn.execute(
                "INSERT INTO units (name, category, level, on_roster) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET category = excluded.category, "
                "level = excluded.level, on_roster = excluded.on_roster",
                (sub.unit, sub.unit_category, sub.level, int(sub.unit_known)),
            )
            conn.execute(
                "INSERT INTO submissions (rel_path, sha256, unit, doc_type, round, received_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (round, rel_path, sha256) "
                "DO UPDATE SET unit = excluded.unit, doc_type = excluded.doc_type",
                (sub.rel_path, sub.sha256, sub.unit, review.doc_type or sub.doc_type,
                 sub.round, received_at or now()),
            )
            submission_id = conn.execute(
                "SELECT id FROM submissions WHERE round = ? AND rel_path = ? AND sha256 = ?",
                (sub.round, sub.rel_path, sub.sha256),
            ).fetchone()[0]
            conn.execute(
                "DELETE FROM reviews WHERE submission_id = ? AND rules_version = ? "
                "AND tool_version = ?", (submission_id, rules_version, tool_version),
            )
            review_id = conn.execute(
                "INSERT INTO reviews (submission_id, rules_version, tool_version, status, error, "
                "score, verdict, dimension_scores, copy_ratio, boilerplate_ratio, copy, "
                "reviewed_at, text, annotated, inputs, rounds) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (submission_id, rules_version, tool_version, review.status, review.error,
                 review.score, review.verdict,
                 json.dumps(review.dimension_scores, ensure_ascii=False), review.copy_ratio,
                 review.boilerplate_ratio,
                 None if review.copy is None else json.dumps(review.copy, ensure_ascii=False),
                 now(), text, review.annotated, inputs,
                 None if review.rounds is None else json.dumps(review.rounds, ensure_ascii=False)),
            ).lastrowid
            conn.executemany(
                "INSERT INTO findings (review_id, ordinal, rule, category, dimension, severity, "
                "message, quote, span_start, span_end, weight, suggestion, source, marks) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(review_id, i, f.rule, f.category, f.dimension, f.severity, f.message, f.quote,
                  f.start, f.end, f.weight, f.suggestion,
                  None if f.source is None else json.dumps(f.source, ensure_ascii=False),
                  json.dumps([list(m) for m in f.marks]))
                 for i, f in enumerate(review.findings)],
            )
        return review_id

    def update_copy(self, review_id: int, copy_ratio: float | None, copy: dict | None) -> None:
        """Replace a kept review's copy figures, which follow the batch around the draft."""
        with self._write() as conn:
            conn.execute("UPDATE reviews SET copy_ratio = ?, copy = ? WHERE id = ?",
                         (copy_ratio, None if copy is None else json.dumps(copy, ensure_ascii=False),
                          review_id))

    def _findings(self, review_id: int) -> tuple[Finding, ...]:
        # Plain tuples, unpacked by position: a re-run takes back every kept review's
        # findings (44,000 for 1,000 drafts), and sqlite3.Row's lookups by name cost as much
        # as the rest together.
        cursor = self._conn.cursor()
        cursor.row_factory = None
        rows = cursor.execute(
            "SELECT rule, category, dimension, severity, message, quote, span_start, span_end, "
            "weight, suggestion, source, marks FROM findings WHERE review_id = ? ORDER BY ordinal",
            (review_id,),
        ).fetchall()
        return tuple(
            Finding(rule=rule, category=category, dimension=dimension, severity=severity,
                    message=message, quote=quote, start=start, end=end, weight=weight,
                    suggestion=suggestion,
                    source=None if source is None else json.loads(source),
                    marks=tuple(map(tuple, json.loads(marks))))
            for (rule, category, dimension, severity, message, quote, start, end, weight,
                 suggestion, source, marks) in rows
        )

    def _stored(self, row: sqlite3.Row | None, findings: bool = True) -> StoredReview | None:
        if row is None:
            return None
        values = dict(row)
        values["dimension_scores"] = json.loads(values["dimension_scores"])
        for column in ("copy", "rounds"):
            values[column] = None if values[column] is None else json.loads(values[column])
        return StoredReview(**values, findings=self._findings(values["id"]) if findings else ())

    def with_findings(self, stored: StoredReview) -> StoredReview:
        """A review `reusable` gave without its findings, with them."""
        return replace(stored, findings=self._findings(stored.id))

    def review(self, review_id: int) -> StoredReview | None:
        row = self._conn.execute(
            f"SELECT {_REVIEW_COLUMNS} FROM reviews r JOIN submissions s "
            "ON s.id = r.submission_id WHERE r.id = ?", (review_id,),
        ).fetchone()
        return self._stored(row)

    def reusable(self, round_name: str, rel_path: str, sha256: str, rules_version: str,
                 tool_version: str, inputs: str | None, findings: bool = True
                 ) -> StoredReview | None:
        """The review of this file of this round that a re-run can keep: the same bytes under
        the same rules and tool, and — for a readable draft — the same `inputs`. An unreadable
        file stays unreadable under the same tool, whatever the batch around it (pass
        inputs=None to ask before reading it). `findings=False`: without its findings,
        most of the time it takes (`with_findings` adds them)."""
        row = self._conn.execute(
            f"SELECT {_REVIEW_COLUMNS} FROM reviews r JOIN submissions s "
            "ON s.id = r.submission_id "
            "WHERE s.round = ? AND s.rel_path = ? AND s.sha256 = ? AND r.rules_version = ? "
            "AND r.tool_version = ? AND (r.status = 'unreadable' OR r.inputs = ?) "
            "ORDER BY r.id DESC LIMIT 1",
            (round_name, rel_path, sha256, rules_version, tool_version, inputs),
        ).fetchone()
        return self._stored(row, findings)

    def previous(self, unit: str, doc_type: str, round_name: str,
                 name: str | None = None, findings: bool = True) -> StoredReview | None:
        """The latest review of the unit's draft of this doc type in the nearest earlier
        round it sent one (a unit that skipped a round is compared with the one before).
        Only readable drafts count: an unreadable one has no text or comments to compare.
        When that round holds several such drafts, `name` (the current file's name) picks
        the one with the same name apart from revision markers (same_draft_key).
        `findings=False`: without its findings (`with_findings`), as `reusable`."""
        rows = self._conn.execute(
            f"SELECT {_REVIEW_COLUMNS} FROM reviews r JOIN submissions s "
            "ON s.id = r.submission_id "
            "WHERE s.unit = ? AND s.doc_type = ? AND r.status = 'reviewed' "
            "ORDER BY s.received_at, r.id",
            (unit, doc_type),
        ).fetchall()
        current = _round_number(round_name)
        earlier = [r for r in rows if _round_number(r["round"]) < current]
        if not earlier:
            return None
        last_round = max((r["round"] for r in earlier), key=_round_number)
        in_round = [r for r in earlier if r["round"] == last_round]
        if name is not None:
            key = same_draft_key(name)
            in_round = [r for r in in_round
                        if same_draft_key(PurePosixPath(r["rel_path"]).name) == key] or in_round
        return self._stored(in_round[-1], findings)

    def arrived(self, round_name: str, drafts: Iterable[tuple[str, str]],
                at: str) -> dict[tuple[str, str], str]:
        """When each draft of the round, (rel_path, sha256), was first seen: `at` for those
        seen now for the first time, which are stored at once."""
        drafts = list(drafts)
        with self._write() as conn:
            conn.executemany("INSERT OR IGNORE INTO arrivals (round, rel_path, sha256, seen_at) "
                             "VALUES (?, ?, ?, ?)", [(round_name, r, s, at) for r, s in drafts])
            rows = conn.execute("SELECT rel_path, sha256, seen_at FROM arrivals WHERE round = ?",
                                (round_name,)).fetchall()
        seen = {(r["rel_path"], r["sha256"]): r["seen_at"] for r in rows}
        return {d: seen[d] for d in drafts}

    def earlier_drafts(self, round_name: str) -> list[tuple[str, str, str]]:
        """(rel_path, unit, text) of the latest readable draft of each unit and doc type in
        the rounds before `round_name`: the history copy detection compares drafts with."""
        rows = self._conn.execute(
            "SELECT s.rel_path, s.unit, s.doc_type, s.round, r.text FROM reviews r "
            "JOIN submissions s ON s.id = r.submission_id WHERE r.status = 'reviewed' "
            "ORDER BY s.received_at, r.id"
        ).fetchall()
        current = _round_number(round_name)
        latest: dict[tuple[str, str], tuple] = {}
        for row in rows:
            if _round_number(row["round"]) >= current:
                continue
            key = (row["unit"], row["doc_type"])
            if key not in latest or _round_number(row["round"]) >= _round_number(latest[key]["round"]):
                latest[key] = row
        return [(r["rel_path"], r["unit"], r["text"]) for r in latest.values()]

    def drafts_so_far(self, unit: str, doc_type: str) -> int:
        """稿次: how many different drafts of this doc type the unit has sent, counting a
        file sent again unchanged in a later round as a new submission."""
        return self._conn.execute(
            "SELECT COUNT(*) FROM (SELECT DISTINCT round, sha256 FROM submissions "
            "WHERE unit = ? AND doc_type = ?)", (unit, doc_type),
        ).fetchone()[0]

    def status_of(self, round_name: str, rel_path: str, sha256: str) -> str | None:
        """'reviewed' or 'unreadable' for a file already reviewed in this round as these bytes
        (under any rules), None when it is waiting."""
        row = self._conn.execute(
            "SELECT r.status FROM reviews r JOIN submissions s ON s.id = r.submission_id "
            "WHERE s.round = ? AND s.rel_path = ? AND s.sha256 = ? ORDER BY r.id DESC LIMIT 1",
            (round_name, rel_path, sha256),
        ).fetchone()
        return row[0] if row else None

    def rounds(self) -> list[str]:
        """Rounds with at least one submission, oldest first (第1轮 < 第2轮 < 第10轮)."""
        names = [r[0] for r in self._conn.execute("SELECT DISTINCT round FROM submissions")]
        return sorted(names, key=_round_number)
