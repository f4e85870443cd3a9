"""The labelled sentences: the shipped corpus, a workspace's own additions, the held-out split.

The shipped corpus is corpus/boilerplate/sentences.jsonl (written by corpus/boilerplate/make.py,
labels explained in corpus/boilerplate/GUIDE.md). A workspace adds its own labelled sentences
as JSONL (one object a line with `text` and `label`) or CSV (columns text,label or 句子,标签)
under <workspace>/corpus/boilerplate/.
"""

from __future__ import annotations

import csv
import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from review.data import data_path
from review.errors import ConfigError

LABELS = ("boilerplate", "substantive")
# Reviewers label in Chinese as often as not.
LABEL_ALIASES = {
    "boilerplate": "boilerplate", "套话": "boilerplate", "空话": "boilerplate", "套话空话": "boilerplate",
    "substantive": "substantive", "具体": "substantive", "实在": "substantive", "非套话": "substantive",
}
TEXT_COLUMNS = ("text", "句子", "文本")
LABEL_COLUMNS = ("label", "标签")
HELDOUT_SHARE = 0.2
SPLIT_SALT = "boilerplate-2023"


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    label: str  # boilerplate | substantive
    group: str  # template family; train/test and CV folds never split a group
    hard: bool = False
    source: str = ""
    doc_type: str = ""
    unit_category: str = ""

    @property
    def y(self) -> int:
        return int(self.label == "boilerplate")


def corpus_file() -> Path:
    return data_path("corpus", "boilerplate", "sentences.jsonl")


def load_corpus(path: Path | None = None) -> list[Sentence]:
    """The shipped corpus (or another file in its format)."""
    path = path or corpus_file()
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                out.append(Sentence(d["id"], d["text"], d["label"], d["group"], d.get("hard", False),
                                    d.get("source", ""), d.get("doc_type", ""), d.get("unit_category", "")))
    return out


def extra_files(paths: Iterable[Path]) -> list[Path]:
    """The labelled files `paths` name: files as given; for a folder, its *.jsonl and *.csv,
    or those of its corpus/boilerplate/ when the folder is a workspace."""
    out = []
    for path in paths:
        if path.is_file():
            out.append(path)
        elif path.is_dir():
            folder = path / "corpus" / "boilerplate" if (path / "corpus" / "boilerplate").is_dir() else path
            found = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".jsonl", ".csv"))
            if not found:
                raise ConfigError(f"{folder} 中没有 .jsonl 或 .csv 标注文件。")
            out += found
        else:
            raise ConfigError(f"找不到追加语料 {path}。请给出 JSONL/CSV 文件或工作区目录。")
    return out


def _label(raw, where: str) -> str:
    label = LABEL_ALIASES.get(str(raw or "").strip())
    if label is None:
        allowed = "、".join(LABEL_ALIASES)
        raise ConfigError(f"{where}：标签“{raw}”无法识别，应为 {allowed} 之一。")
    return label


def _rows(path: Path) -> Iterable[tuple[int, dict]]:
    if path.suffix.lower() == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for number, row in enumerate(csv.DictReader(fh), 2):
                yield number, row
        return
    with open(path, encoding="utf-8-sig") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ConfigError(f"{path.name} 第 {number} 行不是合法的 JSON：{exc.msg}。") from exc


def load_extra(paths: Sequence[Path]) -> list[Sentence]:
    """A workspace's labelled sentences. Each is its own group: they were written one by one."""
    out = []
    for path in extra_files(paths):
        for number, row in _rows(path):
            where = f"{path.name} 第 {number} 行"
            text = next((str(row[c]).strip() for c in TEXT_COLUMNS if row.get(c)), "")
            raw_label = next((row[c] for c in LABEL_COLUMNS if row.get(c)), None)
            if not text:
                raise ConfigError(f"{where}：缺少句子（列名 text 或 句子）。")
            out.append(Sentence(f"{path.stem}-{number}", text, _label(raw_label, where),
                                f"extra:{path.name}:{number}", bool(row.get("hard", False)),
                                f"extra:{path.name}"))
    return out


def _bucket(group: str, purpose: str) -> int:
    return zlib.crc32(f"{SPLIT_SALT}:{purpose}:{group}".encode())


def is_heldout(group: str) -> bool:
    """Whether a group belongs to the held-out split: decided by a hash of its name alone,
    so adding a workspace's sentences never moves a shipped sentence across the split."""
    return _bucket(group, "heldout") % 1000 < HELDOUT_SHARE * 1000


def fold_of(group: str, folds: int) -> int:
    """The cross-validation fold of a group, by the same kind of hash and for the same reason."""
    return _bucket(group, "fold") % folds


def split(sentences: Sequence[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(training, held-out), whole groups on one side."""
    train = [s for s in sentences if not is_heldout(s.group)]
    test = [s for s in sentences if is_heldout(s.group)]
    return train, test
