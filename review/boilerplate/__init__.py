"""Boilerplate (套话空话) detection: a classifier trained on corpus/boilerplate/.

    from review.boilerplate import load_model, score_sentences
    probs = score_sentences(["高度重视，狠抓落实。", "10月15日前走访12个村。"])
    flagged = probs >= load_model().threshold

features (what the model sees), model (pipeline, file, loading), corpus (labelled
sentences and the held-out split), train (evaluation and `review train boilerplate`).
"""

from review.boilerplate.model import BoilerplateModel, ModelError, load_model, score_sentences

__all__ = ["BoilerplateModel", "ModelError", "load_model", "score_sentences"]
