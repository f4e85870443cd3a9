"""The trained boilerplate model: its pipeline, saving and loading, scoring sentences.

The model file (review/models/boilerplate.joblib) holds the pipeline, the decision threshold
chosen on the training folds and the training report. Loading checks the file's format and
the scikit-learn release that wrote it; a mismatch is an error telling the user to retrain
(`review train boilerplate`), never a silent unpickling of foreign estimators.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

from review.boilerplate.features import DEFAULT_FEATURES, CharNgramTfidf, SpecificityFeatures
from review.errors import ConfigError
from review.models import MODEL_DIR

MODEL_PATH = MODEL_DIR / "boilerplate.joblib"
FORMAT = 1
RETRAIN = "请运行 review train boilerplate 重新训练（只需几秒钟）。"


class ModelError(ConfigError):
    """The model file is missing or cannot be used with this installation."""


def build_pipeline(C: float = 16.0, specificity_weight: float = 0.5,  # noqa: N803 (sklearn's name)
                   features: tuple[str, ...] = DEFAULT_FEATURES) -> Pipeline:
    """Character n-gram TF-IDF and the scaled specificity features, side by side, into a
    logistic regression. liblinear, not lbfgs: one thread, so a training run does not
    oversubscribe the cores a batch review is using (and it is ten times faster here)."""
    union = FeatureUnion(
        [("chars", CharNgramTfidf()),
         ("specificity", Pipeline([("counts", SpecificityFeatures(features)), ("scale", StandardScaler())]))],
        transformer_weights={"chars": 1.0, "specificity": specificity_weight},
    )
    classifier = LogisticRegression(C=C, solver="liblinear", random_state=0)  # liblinear shuffles
    return Pipeline([("features", union), ("clf", classifier)])


@dataclass(frozen=True)
class BoilerplateModel:
    pipeline: Pipeline
    threshold: float  # P(boilerplate) at or above which a sentence is boilerplate
    report: dict = field(default_factory=dict, compare=False)

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """P(boilerplate) for each text."""
        if not texts:
            return np.empty(0)
        classes = list(self.pipeline.classes_)
        return self.pipeline.predict_proba(list(texts))[:, classes.index(1)]

    def is_boilerplate(self, texts: Sequence[str]) -> np.ndarray:
        return self.score(texts) >= self.threshold


def save(model: BoilerplateModel, path: Path = MODEL_PATH) -> None:
    # Pickled bytes inside a plain dict: read_model() checks the versions before unpickling.
    blob = {"format": FORMAT, "sklearn_version": sklearn.__version__, "threshold": model.threshold,
            "report": model.report,
            "pipeline": pickle.dumps(model.pipeline, protocol=pickle.HIGHEST_PROTOCOL)}
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(blob, path, compress=3)


def _major_minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def read_model(path: Path = MODEL_PATH) -> BoilerplateModel:
    """The model in `path`; ModelError (in Chinese, saying what to do) when it is missing,
    in another format or written by another scikit-learn major.minor."""
    if not path.is_file():
        raise ModelError(f"找不到套话空话识别模型 {path}。{RETRAIN}")
    try:
        blob = joblib.load(path)
    except Exception as exc:  # a truncated or foreign file: any unpickling error
        raise ModelError(f"套话空话识别模型 {path} 无法读取（{type(exc).__name__}）。{RETRAIN}") from exc
    if not isinstance(blob, dict) or blob.get("format") != FORMAT:
        found = blob.get("format") if isinstance(blob, dict) else "未知"
        raise ModelError(f"套话空话识别模型 {path} 的格式版本为 {found}，本程序需要 {FORMAT}。{RETRAIN}")
    written = blob.get("sklearn_version", "")
    if _major_minor(written) != _major_minor(sklearn.__version__):
        raise ModelError(f"套话空话识别模型 {path} 由 scikit-learn {written} 训练，当前安装的是 "
                         f"{sklearn.__version__}，模型不能跨版本使用。{RETRAIN}")
    return BoilerplateModel(pickle.loads(blob["pipeline"]), float(blob["threshold"]), blob.get("report", {}))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> BoilerplateModel:
    """The model in `path`, read once per process."""
    return read_model(path)


def score_sentences(texts: list[str]) -> np.ndarray:
    """P(boilerplate) for each sentence, from the shipped model; compare with
    `load_model().threshold`."""
    return load_model().score(texts)
