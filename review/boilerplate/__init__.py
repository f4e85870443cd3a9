"""Boilerplate (套话空话) detection: a classifier trained on corpus/boilerplate/.

    from review.boilerplate import load_model, score_sentences
    probs = score_sentences(["高度重视，狠抓落实。", "10月15日前走访12个村。"])
    flagged = probs >= load_model().threshold

features (what the model sees), model (pipeline, file, loading), corpus (labelled
sentences and the held-out split), train (evaluation and `review train boilerplate`).
"""

__all__ = ["BoilerplateModel", "ModelError", "load_model", "score_sentences"]


def __getattr__(name: str):
    # scikit-learn takes 0.7 s to import: the commands that only load the rules (review
    # --help, checking a rule file) need not wait for it. A batch imports it at its start.
    if name in __all__:
        from review.boilerplate import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
