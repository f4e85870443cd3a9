"""Training and evaluating the boilerplate model.

Honest figures need unseen sentence *structures*, not only unseen sentences: the corpus is
generated from template families, and a model tested on siblings of its training sentences
would look better than it is. So:

- the held-out split is whole groups (template families; each hand-written sentence is its
  own group), chosen by a hash of the group name (`corpus.is_heldout`), about 20 %;
- 5-fold cross-validation on the training split keeps groups whole too (folds by a hash
  of the group name, so a workspace's additions do not reshuffle the shipped groups), and
  its out-of-fold probabilities choose the threshold (best F1);
- the shipped model is fit on the training split only, so the held-out figures describe
  exactly the model in the file and anyone can recompute them.

    python -m review.boilerplate.train     # = review train boilerplate
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import sklearn
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from review.boilerplate import corpus
from review.boilerplate.corpus import Sentence
from review.boilerplate.model import MODEL_PATH, BoilerplateModel, build_pipeline, save
from review.errors import ConfigError

FOLDS = 5
THRESHOLDS = np.round(np.arange(0.10, 0.91, 0.01), 2)


def _xy(sentences: Sequence[Sentence]) -> tuple[list[str], np.ndarray]:
    return [s.text for s in sentences], np.array([s.y for s in sentences])


def figures(y: np.ndarray, flagged: np.ndarray) -> dict:
    """Precision, recall and F1 of the boilerplate class."""
    p, r, f, _ = precision_recall_fscore_support(y, flagged, average="binary", zero_division=0)
    return {"precision": float(p), "recall": float(r), "f1": float(f), "n": int(len(y))}


def pick_threshold(y: np.ndarray, probs: np.ndarray) -> float:
    """The threshold with the best F1; among equals, the one nearest 0.5."""
    f1 = np.array([figures(y, probs >= t)["f1"] for t in THRESHOLDS])
    best = np.flatnonzero(f1 >= f1.max() - 1e-12)
    return float(THRESHOLDS[best[np.argmin(np.abs(THRESHOLDS[best] - 0.5))]])


def cross_validate(sentences: Sequence[Sentence], folds: int = FOLDS) -> tuple[np.ndarray, list[np.ndarray]]:
    """Out-of-fold P(boilerplate) for every sentence, and each fold's indices. Folds are
    whole groups (`corpus.fold_of`)."""
    texts, y = _xy(sentences)
    fold = np.array([corpus.fold_of(s.group, folds) for s in sentences])
    probs = np.zeros(len(texts))
    tests = []
    for k in range(folds):
        train_idx, test_idx = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        pipeline = build_pipeline().fit([texts[i] for i in train_idx], y[train_idx])
        probs[test_idx] = pipeline.predict_proba([texts[i] for i in test_idx])[:, 1]
        tests.append(test_idx)
    return probs, tests


def _summary(per_fold: list[dict]) -> dict:
    return {f"{key}_{stat}": float(fn([d[key] for d in per_fold]))
            for key in ("precision", "recall", "f1") for stat, fn in (("mean", np.mean), ("std", np.std))}


def train(extra: Sequence[Path] = ()) -> tuple[BoilerplateModel, dict]:
    """Cross-validate, choose the threshold, fit on the training split, test on the held-out one."""
    started = time.perf_counter()
    shipped = corpus.load_corpus()
    added = corpus.load_extra(extra) if extra else []
    sentences = shipped + added
    train_set, test_set = corpus.split(sentences)
    texts, y_train = _xy(train_set)
    oof, tests = cross_validate(train_set)
    threshold = pick_threshold(y_train, oof)
    per_fold = [figures(y_train[idx], oof[idx] >= threshold) for idx in tests]

    pipeline = build_pipeline().fit(texts, y_train)
    test_texts, y_test = _xy(test_set)
    probs = BoilerplateModel(pipeline, threshold).score(test_texts)
    flagged = probs >= threshold
    hard = np.array([s.hard for s in test_set])
    errors = sorted(
        ({"id": s.id, "text": s.text, "label": s.label, "p": round(float(p), 3), "hard": s.hard}
         for s, p, f in zip(test_set, probs, flagged, strict=True) if bool(f) != bool(s.y)),
        key=lambda e: -abs(e["p"] - threshold))
    report = {
        "sklearn_version": sklearn.__version__,
        "n_total": len(sentences),
        "n_extra": len(added),
        "n_boilerplate": int(sum(s.y for s in sentences)),
        "n_hard": int(sum(s.hard for s in sentences)),
        "n_train": len(train_set),
        "n_test": len(test_set),
        "groups_train": len({s.group for s in train_set}),
        "groups_test": len({s.group for s in test_set}),
        "threshold": threshold,
        "cv": {**_summary(per_fold), "folds": per_fold, "pooled": figures(y_train, oof >= threshold)},
        "heldout": figures(y_test, flagged),
        "heldout_hard": figures(y_test[hard], flagged[hard]),
        "heldout_at_half": figures(y_test, probs >= 0.5),
        "heldout_brier": float(np.mean((probs - y_test) ** 2)),
        "confusion": confusion_matrix(y_test, flagged, labels=[1, 0]).tolist(),
        "heldout_errors": errors,
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    return BoilerplateModel(pipeline, threshold, report), report


def print_report(report: dict, path: Path) -> None:
    n, b = report["n_total"], report["n_boilerplate"]
    extra = f"，其中工作区追加 {report['n_extra']} 句" if report["n_extra"] else ""
    print(f"语料：{n} 句（套话 {b}，非套话 {n - b}；困难样本 {report['n_hard']}）{extra}")
    print(f"训练集 {report['n_train']} 句（{report['groups_train']} 组），留出集 {report['n_test']} 句"
          f"（{report['groups_test']} 组，模板族不与训练集重合）")
    cv = report["cv"]
    print(f"{FOLDS} 折分组交叉验证（训练集）："
          f"精确率 {cv['precision_mean']:.3f} ± {cv['precision_std']:.3f}，"
          f"召回率 {cv['recall_mean']:.3f} ± {cv['recall_std']:.3f}，"
          f"F1 {cv['f1_mean']:.3f} ± {cv['f1_std']:.3f}")
    print(f"阈值（交叉验证折外概率上 F1 最高）：{report['threshold']:.2f}")
    h, hh = report["heldout"], report["heldout_hard"]
    print(f"留出集：精确率 {h['precision']:.3f}，召回率 {h['recall']:.3f}，F1 {h['f1']:.3f}"
          f"（其中困难样本 {hh['n']} 句：F1 {hh['f1']:.3f}）")
    for e in report["heldout_errors"][:10]:
        kind = "误判为套话" if e["label"] == "substantive" else "漏判套话"
        print(f"  {kind}（P={e['p']:.2f}）：{e['text']}")
    size = path.stat().st_size // 1024
    print(f"训练用时：{report['train_seconds']} 秒；模型文件：{path}（{size} KB）")


def main(extra: Sequence[Path] = (), output: Path | None = None) -> int:
    path = output or MODEL_PATH
    model, report = train(extra)
    try:
        save(model, path)
    except OSError as exc:  # e.g. the package installed read-only
        raise ConfigError(f"无法写入模型文件 {path}（{exc.strerror or exc}）。"
                          "请用 --output 指定一个可写的位置。") from exc
    print_report(report, path)
    return 0


if __name__ == "__main__":
    # Run from the imported module so pickles name review.boilerplate.features, not __main__.
    from review.boilerplate import train as _train

    sys.exit(_train.main([Path(p) for p in sys.argv[1:]]))
