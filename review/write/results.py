"""`outbox/<round>/results.json`: the machine-readable result of one run.

The shape is a contract (DESIGN.md): other systems and the acceptance checks read these
field names, so they are built here in one place and checked against
`review/schema/results.schema.json`. Extra fields are allowed and used sparingly.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator

from review import __version__
from review.categories import CATEGORIES
from review.model import Finding, Review
from review.write.atomic import write_atomically

SCHEMA_RESOURCE = "results.schema.json"


def results_dict(
    reviews: list[Review], *, campaign: str, round_name: str, generated_at: datetime
) -> dict:
    """The results.json content for one run, documents in path order."""
    documents = [document_dict(r) for r in sorted(reviews, key=lambda r: r.submission.rel_path)]
    return {**results_head(campaign=campaign, round_name=round_name, generated_at=generated_at),
            "documents": documents}


def results_head(*, campaign: str, round_name: str, generated_at: datetime) -> dict:
    """results.json's fields besides "documents"."""
    return {
        "tool": {"name": "review", "version": __version__},
        "campaign": campaign,
        "round": round_name,
        "generated_at": iso_timestamp(generated_at),
    }


def iso_timestamp(moment: datetime) -> str:
    """ISO 8601 with an explicit offset.

    A naive datetime is taken as the machine's local time: reviewers' machines run on
    Beijing time, and writing a bare local time would let a reader on a UTC server
    misplace it by eight hours.
    """
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def document_dict(review: Review) -> dict:
    sub = review.submission
    findings = sorted(review.findings, key=_finding_order)
    return {
        "path": sub.rel_path,
        "unit": sub.unit,
        "unit_known": sub.unit_known,
        "unit_category": sub.unit_category,
        "level": sub.level,
        # The reviewer may have corrected the doc type guessed from the file name.
        "doc_type": review.doc_type or sub.doc_type,
        "round": sub.round,
        "sha256": sub.sha256,
        "status": review.status,
        "error": review.error,
        "score": review.score,
        "verdict": review.verdict,
        "dimension_scores": dict(review.dimension_scores),
        "copy_ratio": review.copy_ratio,
        "boilerplate_ratio": review.boilerplate_ratio,
        "counts": category_counts(findings),
        "findings": [finding_dict(f) for f in findings],
        "annotated": review.annotated,
        **({"opinion": review.opinion} if review.opinion is not None else {}),
        **({"copy": review.copy} if review.copy is not None else {}),
        **({"rounds": review.rounds} if review.rounds is not None else {}),
        **({"drafts": review.drafts} if review.drafts is not None else {}),
    }


def finding_dict(finding: Finding) -> dict:
    out: dict[str, Any] = {
        "rule": finding.rule,
        "category": finding.category,
        "dimension": finding.dimension,
        "severity": finding.severity,
        "message": finding.message,
        "quote": finding.quote,
        "start": finding.start,
        "end": finding.end,
    }
    # Optional keys are left out rather than written as null: DESIGN.md says `source`
    # is present on copy findings only, and consumers test for the key.
    if finding.suggestion is not None:
        out["suggestion"] = finding.suggestion
    if finding.source is not None:
        out["source"] = dict(finding.source)
    return out


def category_counts(findings: list[Finding]) -> dict[str, int]:
    """Findings per category id, in the stable order of CATEGORIES (unknown ids last)."""
    counts = Counter(f.category for f in findings)
    order = [c for c in CATEGORIES if c in counts] + sorted(set(counts) - set(CATEGORIES))
    return {c: counts[c] for c in order}


def _finding_order(finding: Finding) -> tuple:
    # Checks run in whatever order the engine schedules them; reading order makes the
    # file stable across re-runs and matches how a reviewer walks the draft.
    return (finding.start, finding.end, finding.category, finding.rule, finding.message)


def write_results(path: Path, data: dict) -> None:
    """Write results.json as readable UTF-8 (Chinese unescaped), atomically: a document's
    fields one per line, each finding and source on a line of its own. `data["documents"]`
    may be any iterable: each document is checked against the schema, laid out and written
    before the next is asked for, so a round of 10,000 drafts is never in memory whole.
    A document breaking the contract raises ResultsSchemaError and leaves the old file."""
    head = {k: v for k, v in data.items() if k != "documents"}
    validate({**head, "documents": []})
    write_atomically(path, _pieces(head, data.get("documents", ())))


def _pieces(head: dict, documents: Iterable[dict]) -> Iterator[bytes]:
    fields = [f"{_encode(str(k))}: {_layout(v, 1)}" for k, v in head.items()]
    yield ("{\n  " + ",\n  ".join(fields) + ',\n  "documents": [').encode("utf-8")
    n = 0
    for n, document in enumerate(documents, 1):
        validate_document(document, n - 1)
        yield (("," if n > 1 else "") + "\n    " + _layout(document, 2)).encode("utf-8")
    yield ("\n  ]\n}\n" if n else "]\n}\n").encode("utf-8")


# A document's fields (depth 2) and its lists of findings (depth 3) are laid out line by
# line; what lies deeper is written on one line by json's C encoder. indent=2 throughout
# takes json's pure-Python encoder, five times slower on a round's tens of megabytes.
_LAID_OUT = 4
# allow_nan=False: NaN/Infinity are not JSON and would break strict readers downstream.
_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": ")).encode


def _layout(value: Any, depth: int) -> str:
    if depth >= _LAID_OUT or not value or not isinstance(value, dict | list):
        return _encode(value)
    pad = "\n" + "  " * (depth + 1)
    if isinstance(value, dict):
        items = [f"{_encode(str(k))}: {_layout(v, depth + 1)}" for k, v in value.items()]
        return "{" + pad + ("," + pad).join(items) + "\n" + "  " * depth + "}"
    items = [_layout(v, depth + 1) for v in value]
    return "[" + pad + ("," + pad).join(items) + "\n" + "  " * depth + "]"


class ResultsSchemaError(ValueError):
    """results.json content that breaks the contract; `paths` names each failing spot."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.paths = [p for p, _ in problems]
        lines = "\n".join(f"  {p}: {msg}" for p, msg in problems)
        super().__init__(f"results.json 不符合约定格式（{len(problems)} 处）：\n{lines}")


def validate(data: dict) -> None:
    """Raise ResultsSchemaError (a ValueError) listing every failing JSON path.

    The schema compiled to Python checks a round in a twentieth of jsonschema's time (two
    seconds for 200 drafts, a fifth of re-running a round with a few new drafts); it stops
    at the first fault, so what it rejects is walked again by jsonschema, which names
    every one."""
    _check(data, ROUND, "$")


def validate_document(document: dict, position: int) -> None:
    """`validate` for the document at `position` of a round's "documents"."""
    _check(document, DOCUMENT, f"$.documents[{position}]")


ROUND = "#"
DOCUMENT = "#/$defs/document"


def _check(data: dict, part: str, at: str) -> None:
    try:
        _compiled(part)(data)
        return
    except fastjsonschema.JsonSchemaException:
        pass
    errors = sorted(_validator(part).iter_errors(data), key=lambda e: (e.json_path, e.message))
    if errors:
        raise ResultsSchemaError([(at + e.json_path[1:], e.message) for e in errors])


def load_schema() -> dict:
    text = resources.files("review.schema").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    return json.loads(text)


def _schema(part: str) -> dict:
    """The schema, or one of its definitions with all the definitions it may refer to."""
    schema = load_schema()
    if part == ROUND:
        return schema
    return {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": part}


@lru_cache(maxsize=2)
def _validator(part: str) -> Draft202012Validator:
    # The schema is package data that cannot change while the process runs: parse and
    # check it once.
    schema = _schema(part)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@lru_cache(maxsize=2)
def _compiled(part: str) -> Callable[[dict], Any]:
    return fastjsonschema.compile(_schema(part))
