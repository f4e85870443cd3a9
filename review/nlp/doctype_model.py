"""The doc-type model: which of the seven kinds of material a draft is, from its title and body.

A scikit-learn pipeline trained on the shipped corpus (corpus/doctypes/<doc_type>.jsonl):
TF-IDF character 1–3-grams on the title and on the first `body_chars` characters of the
body, a few layout features (table rows, 一是/二是 enumerations, dates, first person), and a
logistic regression. Tables are given as tab-separated lines, as in the corpus.

    python -m review.nlp.doctype_model     # retrain, print the report, write the model file
"""

from __future__ import annotations

import json
import pickle
import re
import sys
import time
from functools import lru_cache
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.pipeline import Pipeline

from review.data import data_path
from review.models import MODEL_DIR

DOC_TYPES = ("implementation_plan", "study_plan", "research_plan", "problem_list",
             "rectification_plan", "self_examination", "other")
MODEL_PATH = MODEL_DIR / "doctype.joblib"
SEED = 20231018
FORMAT = 1


def corpus_dir() -> Path:
    return data_path("corpus", "doctypes")


def load_corpus(folder: Path | None = None) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """(ids, [(title, text)], labels) from every <doc_type>.jsonl in `folder`."""
    folder = folder or corpus_dir()
    ids, docs, labels = [], [], []
    for doc_type in DOC_TYPES:
        with open(folder / f"{doc_type}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    d = json.loads(line)
                    ids.append(d["id"])
                    docs.append((d["title"], d["text"]))
                    labels.append(doc_type)
    return ids, docs, labels


# ---------------------------------------------------------------- features

_INDENT = re.compile(r"^[ \u3000]+", re.MULTILINE)


class DocFields(BaseEstimator, TransformerMixin):
    """[(title, text)] -> object array of [title, body]: the body without a repeated title,
    without indentation, cut to `body_chars` characters."""

    def __init__(self, body_chars: int = 1500):
        self.body_chars = body_chars

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        rows = []
        for title, text in X:
            title = (title or "").strip()
            body = _INDENT.sub("", (text or "").replace("\r", "")).strip()
            if title and body.startswith(title):
                body = body[len(title):].lstrip()
            rows.append([title, body[: self.body_chars]])
        return np.array(rows, dtype=object).reshape(len(rows), 2)


_ENUM = re.compile(r"[一二三四五六七八九十]是")
_DATE = re.compile(r"\d{1,2}月(\d{1,2}日|底|中旬|上旬|下旬)")
_FIRST_PERSON = re.compile(r"我|本人")
_TABLE_HEADER_FIX = re.compile(r"整改措施|整改目标")
_TABLE_HEADER_TIME = re.compile(r"时限|完成时间|时间")
_LABEL = re.compile(r"^(问题\d+|整改目标|整改措施|责任人|完成时限)[：:]", re.MULTILINE)


class LayoutFeatures(BaseEstimator, TransformerMixin):
    """Layout that TF-IDF sees poorly: share of table rows, a 整改 table header, and the
    density (per `per_chars` characters, capped at 1) of 一是/二是, dates, first person and
    labelled lines (问题1：/整改措施：). Densities, not counts, so that a short draft does
    not look like an “other” just for having fewer of everything."""

    def __init__(self, per_chars: int = 500):
        self.per_chars = per_chars

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        out = []
        for body in X:
            lines = [ln for ln in body.split("\n") if ln.strip()] or [""]
            rows = [ln for ln in lines if ln.count("\t") >= 2]
            header = rows[0] if rows else ""
            fix_table = bool(_TABLE_HEADER_FIX.search(header) and _TABLE_HEADER_TIME.search(header))
            scale = self.per_chars / max(len(body), 1)

            def density(pattern: re.Pattern) -> float:
                return min(len(pattern.findall(body)) * scale, 1.0)  # noqa: B023

            out.append([len(rows) / len(lines), float(fix_table), density(_ENUM), density(_DATE),
                        density(_FIRST_PERSON), density(_LABEL)])
        return np.array(out, dtype=float).reshape(len(out), 6)

    def get_feature_names_out(self, input_features=None):
        return np.array(["table_rows", "fix_table", "enumerations", "dates", "first_person", "labels"])


def build_pipeline(body_chars: int = 1500, title_weight: float = 1.5, layout_weight: float = 0.5,
                   C: float = 20.0) -> Pipeline:  # noqa: N803 (sklearn's name)
    def tfidf(min_df: int) -> TfidfVectorizer:
        return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=min_df)

    features = ColumnTransformer(
        [("title", tfidf(1), 0), ("body", tfidf(2), 1), ("layout", LayoutFeatures(), 1)],
        transformer_weights={"title": title_weight, "body": 1.0, "layout": layout_weight},
    )
    return Pipeline([
        ("fields", DocFields(body_chars=body_chars)),
        ("features", features),
        ("clf", LogisticRegression(C=C, max_iter=5000)),
    ])


# ---------------------------------------------------------------- training


def fit(docs: list[tuple[str, str]], labels: list[str]) -> Pipeline:
    """A pipeline fit on `docs` plus a title-less copy of each: drafts often come without a
    title line (or with one that says nothing), and the copies make the body carry its
    own weight instead of leaning on the title."""
    docs = list(docs) + [("", text) for _, text in docs]
    return build_pipeline().fit(docs, list(labels) * 2)


def train(folder: Path | None = None, seed: int = SEED) -> tuple[Pipeline, dict]:
    """Evaluate on the corpus, then fit the final model on all of it.

    The report has 5-fold stratified CV accuracy on the training 80%, and the accuracy of
    a model fit on that 80% on the stratified held-out 20%. The returned pipeline is then
    fit on every document (the held-out numbers are the estimate of its quality)."""
    started = time.perf_counter()
    ids, docs, labels = load_corpus(folder)
    idx = np.arange(len(docs))
    tr, te = train_test_split(idx, test_size=0.2, stratify=labels, random_state=seed)
    x_tr, y_tr = [docs[i] for i in tr], [labels[i] for i in tr]
    x_te, y_te = [docs[i] for i in te], [labels[i] for i in te]
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    scores = []
    for a, b in cv.split(x_tr, y_tr):
        model = fit([x_tr[i] for i in a], [y_tr[i] for i in a])
        scores.append(accuracy_score([y_tr[i] for i in b], model.predict([x_tr[i] for i in b])))
    scores = np.array(scores)
    held = fit(x_tr, y_tr)
    pred = held.predict(x_te)
    pred_untitled = held.predict([("", text) for _, text in x_te])
    final = fit(docs, labels)
    report = {
        "sklearn_version": sklearn.__version__,
        "seed": seed,
        "n_total": len(docs),
        "n_train": len(tr),
        "n_test": len(te),
        "per_type": {t: labels.count(t) for t in DOC_TYPES},
        "cv_mean": float(scores.mean()),
        "cv_std": float(scores.std()),
        "cv_scores": [float(s) for s in scores],
        "heldout_accuracy": float(accuracy_score(y_te, pred)),
        "heldout_accuracy_untitled": float(accuracy_score(y_te, pred_untitled)),
        "labels": list(DOC_TYPES),
        "confusion": confusion_matrix(y_te, pred, labels=list(DOC_TYPES)).tolist(),
        "heldout_ids": [ids[i] for i in te],
        "heldout_errors": [(ids[i], t, p) for i, t, p in zip(te, y_te, pred, strict=True) if t != p],
        "train_seconds": round(time.perf_counter() - started, 2),
    }
    return final, report


def save(pipeline: Pipeline, report: dict, path: Path = MODEL_PATH) -> None:
    # The pipeline is stored as pickled bytes inside a plain dict, so load() can read the
    # sklearn version first and never unpickle estimators from a different release.
    blob = {"format": FORMAT, "sklearn_version": sklearn.__version__, "report": report,
            "pipeline": pickle.dumps(pipeline, protocol=pickle.HIGHEST_PROTOCOL)}
    joblib.dump(blob, path, compress=3)


def _major_minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def read_model(path: Path = MODEL_PATH) -> tuple[Pipeline | None, dict]:
    """The shipped pipeline, or None when the file is missing, in an unknown format or was
    written by another scikit-learn major.minor (pickles do not carry across those)."""
    if not path.is_file():
        return None, {}
    blob = joblib.load(path)
    same = _major_minor(blob.get("sklearn_version", "")) == _major_minor(sklearn.__version__)
    if blob.get("format") != FORMAT or not same:
        return None, blob.get("report", {})
    return pickle.loads(blob["pipeline"]), blob["report"]


@lru_cache(maxsize=1)
def load() -> Pipeline:
    """The model, once per process. If the shipped file was written by a different
    scikit-learn major.minor, refit from the shipped corpus in memory instead of
    unpickling (about a second; no cross-validation), so an upgrade never breaks review."""
    pipeline, _ = read_model()
    if pipeline is None:
        _, docs, labels = load_corpus()
        pipeline = fit(docs, labels)
    return pipeline


def predict(title: str, text: str) -> tuple[str, float]:
    """(doc type, its probability) for a draft's title and body text."""
    pipeline = load()
    probs = pipeline.predict_proba([(title, text)])[0]
    best = int(np.argmax(probs))
    return str(pipeline.classes_[best]), float(probs[best])


def main(argv: list[str] | None = None) -> int:
    pipeline, report = train()
    save(pipeline, report)
    print(f"文档：{report['n_total']} 篇（训练 {report['n_train']}，留出 {report['n_test']}）")
    print("  " + "，".join(f"{t} {n}" for t, n in report["per_type"].items()))
    print(f"5 折交叉验证准确率：{report['cv_mean']:.3f} ± {report['cv_std']:.3f}")
    print(f"留出集准确率：{report['heldout_accuracy']:.3f}（去掉标题：{report['heldout_accuracy_untitled']:.3f}）")
    for doc_id, truth, pred in report["heldout_errors"]:
        print(f"  误判：{doc_id} 应为 {truth}，判为 {pred}")
    size = MODEL_PATH.stat().st_size // 1024
    print(f"训练用时：{report['train_seconds']} 秒；模型文件：{MODEL_PATH}（{size} KB）")
    return 0


if __name__ == "__main__":
    # Run main() from the imported module, so the pickled classes are
    # review.nlp.doctype_model.DocFields and not __main__.DocFields.
    from review.nlp import doctype_model

    sys.exit(doctype_model.main(sys.argv[1:]))
