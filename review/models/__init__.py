"""Trained models shipped with the package (see review.nlp.doctype_model)."""

from __future__ import annotations

from pathlib import Path

MODEL_DIR = Path(__file__).parent
