"""helpers.sentences: offline model, embedding cache, search by meaning vs keywords, bad input."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import numpy as np
import pytest

import helpers
from helpers import _encoder, plots, sentences, widgets

FLAT = "how do I fix a flat tyre"
PATCH = "patching a punctured wheel"


@pytest.fixture(scope="module", autouse=True)
def private_cache(tmp_path_factory):
    """Every test here uses a fresh, private embedding cache."""
    mp = pytest.MonkeyPatch()
    mp.setenv("POINTS_IN_SPACE_CACHE", str(tmp_path_factory.mktemp("emb-cache")))
    yield
    mp.undo()


@pytest.fixture(scope="module", autouse=True)
def offline_model(private_cache):
    """The network is cut for every test here (any socket connection raises), and the model
    is loaded afresh under the cut."""
    def refuse(*args, **kwargs):
        raise OSError("network disabled in test")

    mp = pytest.MonkeyPatch()
    mp.setenv("HF_HUB_OFFLINE", "1")
    mp.setattr(socket.socket, "connect", refuse)
    mp.setattr(socket, "create_connection", refuse)
    sentences.reset()
    yield sentences.model(), sentences.encode(["a sentence encoded with the network off"])
    mp.undo()


@pytest.fixture(scope="module")
def howto():
    return sentences.Corpus(sentences.howto()["text"], progress=False)


def test_model_loads_offline(offline_model):
    m, v = offline_model
    dimension = getattr(m, "get_embedding_dimension", None) or m.get_sentence_embedding_dimension  # 5.x renamed it
    assert dimension() == 384
    assert v.shape == (1, 384)
    assert np.isclose(np.linalg.norm(v), 1, atol=1e-5)
    assert sentences.max_words() == 256


def test_cache_hit_encodes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("POINTS_IN_SPACE_CACHE", str(tmp_path))
    texts = ["the dress runs small", "lovely soft sweater", "the dress runs small"]
    before = sentences.encoded_count()
    first = sentences.encode(texts)
    assert sentences.encoded_count() - before == 2  # the repeat is encoded once
    again = sentences.encode(texts)
    assert sentences.encoded_count() - before == 2
    np.testing.assert_array_equal(first, again)
    # a new kernel: forget the in-memory copy, read the shards from disk
    sentences.reset()
    from_disk = sentences.encode(texts[::-1])
    assert sentences.encoded_count() - before == 2
    np.testing.assert_array_equal(from_disk, first[::-1])
    # one new text costs one encoding
    sentences.encode(texts + ["a brand new review"])
    assert sentences.encoded_count() - before == 3
    assert len(list((tmp_path).rglob("*.npz"))) == 2


def test_cache_merges_shards_and_ignores_junk(tmp_path, monkeypatch):
    monkeypatch.setenv("POINTS_IN_SPACE_CACHE", str(tmp_path))
    texts = [f"review number {i}" for i in range(21)]
    first = np.concatenate([sentences.encode([t], progress=False) for t in texts])  # 21 encodes, 21 shards
    folder = next(tmp_path.rglob("shard-*.npz")).parent
    assert len(list(folder.glob("shard-*.npz"))) == 21
    (folder / "junk.npz").write_bytes(b"not an npz")
    sentences.reset()
    before = sentences.encoded_count()
    np.testing.assert_array_equal(sentences.encode(texts), first)
    assert sentences.encoded_count() == before
    assert len(list(folder.glob("merged-*.npz"))) == 1 and not list(folder.glob("shard-*.npz"))


def test_long_cold_encode_runs_in_a_child_process(tmp_path):
    """A kernel without torch hands a long cold encode to a child process: the kernel never
    loads the model, and the vectors are exactly those the kernel would have made."""
    texts = list(sentences.howto()["text"])
    script = (
        "import json, sys\n"
        "from helpers import _encoder, sentences\n"
        f"_encoder.OUT_OF_KERNEL = {len(texts) - 1}\n"
        "v = sentences.encode(json.loads(sys.argv[1]), progress=False)\n"
        "print(json.dumps({'torch': 'torch' in sys.modules, 'count': sentences.encoded_count(),\n"
        "                  'vectors': v.tolist()}))\n")
    env = {**os.environ, "POINTS_IN_SPACE_CACHE": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", script, json.dumps(texts)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["torch"] is False
    assert result["count"] == len(texts)
    np.testing.assert_allclose(np.array(result["vectors"]), sentences.encode(texts), atol=1e-6)


def test_child_process_failure_falls_back(monkeypatch, capsys):
    monkeypatch.setattr(_encoder.sys, "executable", "/bin/false")
    assert _encoder.encode_elsewhere(["a review"], progress=False) is False
    assert "runs here instead" in capsys.readouterr().out


def test_flat_tyre_meaning_beats_keywords(howto):
    meaning = howto.search(FLAT, k=5)
    keywords = howto.keyword_search(FLAT, k=5)
    assert meaning["text"].iloc[0] == PATCH
    assert "repairing a flat screen tv" in set(howto.texts)
    assert PATCH not in set(keywords["text"])  # no word in common with the query
    assert keywords["text"].iloc[0] != PATCH
    table = howto.compare(FLAT, k=3)
    assert table["by meaning (MiniLM)"].iloc[0] == PATCH


def test_keyword_search_drops_zero_scores(howto):
    res = howto.keyword_search("puncture", k=5)  # no how-to sentence says "puncture"
    assert len(res) == 0
    assert len(howto.compare("puncture", k=3)) == 3


def test_search_more_like_and_space(howto):
    res = sentences.search("my sink will not drain", list(howto.texts), k=3)
    assert list(res.columns) == ["text", "similarity", "row"]
    assert res["similarity"].is_monotonic_decreasing
    assert "unblocking a slow kitchen sink" == res["text"].iloc[0]
    row = howto.texts.index("unblocking a slow kitchen sink")
    more = howto.more_like(row, k=4)
    assert row not in set(more["row"]) and len(more) == 4
    excl = howto.search(FLAT, k=2, exclude=[howto.texts.index(PATCH)])
    assert PATCH not in set(excl["text"])
    space = howto.space()
    assert isinstance(space, helpers.Space) and len(space) == len(howto)
    assert space.nearest(sentences.short(PATCH, 40), k=1).shape[0] == 1


def test_k_up_to_the_corpus_size():
    c = sentences.Corpus(["red dress", "blue jeans", "green coat"])
    assert len(c.search("clothes", k=3)) == 3
    assert len(c.more_like(0, k=2)) == 2
    assert len(c.keyword_search("red dress", k=3)) == 1  # only one text shares a word
    with pytest.raises(helpers.CourseError, match=r"k=50 is too large: there are only 3 texts"):
        c.search("clothes", k=50)
    with pytest.raises(helpers.CourseError, match=r"k=3 is too large: there are only 2 other texts"):
        c.more_like(0, k=3)
    with pytest.raises(helpers.CourseError, match=r"only 2 texts not excluded"):
        c.search("clothes", k=3, exclude=[1])


def test_keyword_search_without_usable_words():
    """TF-IDF reads words of two or more letters: a corpus without any gives no keyword
    results (scikit-learn's "empty vocabulary"), while search by meaning still works."""
    cjk = sentences.Corpus(["我", "你"], progress=False)
    assert len(cjk.keyword_search("我", k=2)) == 0
    assert cjk.search("我", k=1)["text"].iloc[0] == "我"
    table = sentences.Corpus(["a", "I"], progress=False).compare("a", k=2)
    assert list(table["by keywords (TF-IDF)"]) == ["— (no word in common)"] * 2
    assert list(table["score"]) == [0, 0]


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_empty_query_is_a_course_error(howto, query):
    with pytest.raises(helpers.CourseError, match="empty"):
        howto.search(query)
    with pytest.raises(helpers.CourseError, match="empty"):
        howto.keyword_search(query)


@pytest.mark.parametrize("bad", [0, -1, 2.5, "3", True])
def test_bad_k(howto, bad):
    with pytest.raises(helpers.CourseError, match="k"):
        howto.search(FLAT, k=bad)


def test_bad_texts():
    with pytest.raises(helpers.CourseError, match="not text"):
        sentences.encode(["fine", None])
    with pytest.raises(helpers.CourseError, match="string"):
        sentences.encode(42)
    with pytest.raises(helpers.CourseError, match="empty"):
        sentences.Corpus(["fine", "  "])
    with pytest.raises(helpers.CourseError, match="empty"):
        sentences.Corpus([])
    with pytest.raises(helpers.CourseError, match="text"):
        sentences.Corpus(["a"]).search(123)
    with pytest.raises(helpers.CourseError, match="row"):
        sentences.Corpus(["a", "b"]).more_like(5)
    assert sentences.encode([]).shape == (0, 384)


def test_long_text_is_cut_at_256_word_pieces(capsys):
    head = " ".join(["the fabric is soft and the fit is true to size"] * 40)  # ~440 word pieces
    a, b = sentences.encode([head + " but the zip broke on day one",
                             head + " and I wore it to a wedding"])
    out = capsys.readouterr().out
    assert "256 word pieces" in out and "2 text(s)" in out
    np.testing.assert_allclose(a, b, atol=1e-5)  # the different endings were never read


def test_emoji_and_non_english(howto):
    vecs = sentences.encode(["🙂🚲💥", "Wie repariere ich einen platten Reifen?", "自転車のパンク修理"])
    assert np.isfinite(vecs).all() and np.allclose(np.linalg.norm(vecs, axis=1), 1, atol=1e-5)
    assert len(howto.search("🚲💥", k=3)) == 3
    assert len(howto.keyword_search("🚲💥", k=3)) == 0  # no words at all for TF-IDF


def test_precision_at_k(howto):
    assert sentences.precision_at_k([1, 2, 3, 4, 5], {1, 3, 9}, k=5) == 0.4
    assert sentences.precision_at_k([1], {1}, k=5) == 0.2  # missing results count as misses
    topics = sentences.howto()["topic"].tolist()
    table = sentences.score_queries(
        howto, ["the drain in the bathroom is clogged"],
        lambda q: {i for i, t in enumerate(topics) if t == "plumbing"}, k=5)
    assert table.loc["the drain in the bathroom is clogged", "by meaning (MiniLM) precision@5"] >= 0.6
    import matplotlib

    matplotlib.use("Agg")
    ax = plots.search_scores({"how-to": table})
    assert len(ax.patches) == 2


def test_reviews_data():
    everything = sentences.all_reviews()
    assert len(everything) == 23486
    assert everything["text"].isna().sum() == 845
    assert list(everything.columns) == ["title", "text", "rating", "department", "class"]
    small, big = sentences.reviews(50), sentences.reviews(200)
    assert small["text"].tolist() == big["text"].tolist()[:50]  # nested samples share the cache
    assert small["text"].str.strip().str.len().min() > 0
    with pytest.raises(helpers.CourseError, match="n must be a whole number from 1 to 22641"):
        sentences.reviews(10**6)


def test_search_box_use_searches_at_once(howto):
    box = widgets.search_box(howto, k=3)
    html = box.use(FLAT)
    assert PATCH in html and html == box.results.value and box.text.value == FLAT
    assert "Type a query" in box.use("   ")
    assert repr(box) == f"<SearchBox: {len(howto)} texts, k=3, query '   '>"
    with pytest.raises(helpers.CourseError, match="k must be a whole number of at least 1"):
        widgets.search_box(howto, k=0)
    with pytest.raises(helpers.CourseError, match="Type text into the box"):
        box.use(42)


def test_search_box_escapes_what_it_shows():
    evil = "<img src=x onerror=alert(1)>"
    box = widgets.search_box(sentences.Corpus([evil, "a plain review"], progress=False), k=2)
    html = box.use(evil)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_search_box_debounce(howto, monkeypatch):
    """Each keystroke cancels the pending search and schedules one ``wait`` seconds later;
    only the last one runs. The timers are recorded, not started: no race with a clock."""
    timers = []

    class Recorded:
        def __init__(self, wait, function, args):
            self.wait, self.function, self.args, self.cancelled, self.daemon = wait, function, args, False, False
            timers.append(self)

        def start(self):
            pass

        def cancel(self):
            self.cancelled = True

    from helpers.widgets import sentence_search

    monkeypatch.setattr(sentence_search.threading, "Timer", Recorded)
    box = widgets.search_box(howto, k=3, wait=0.3)
    before = box.results.value
    for typed in ("s", "si", "sin", "sink"):
        box.text.value = typed
    assert [t.args for t in timers] == [("s",), ("si",), ("sin",), ("sink",)]
    assert [t.cancelled for t in timers] == [True, True, True, False] and timers[-1].wait == 0.3
    assert box.results.value == before  # nothing searched yet
    timers[-1].function(*timers[-1].args)  # the pause is over
    assert "sink" in box.results.value
    box.use("how to bake bread")  # use() searches at once and cancels what typing scheduled
    assert timers[-1].cancelled and "bread" in box.results.value


def test_long_encodes_are_saved_in_pieces(tmp_path, monkeypatch):
    monkeypatch.setenv("POINTS_IN_SPACE_CACHE", str(tmp_path))
    monkeypatch.setattr(_encoder, "BATCH", 2)
    monkeypatch.setattr(_encoder, "SAVE_EVERY", 2)
    texts = [f"a short review, number {i}" for i in range(5)]
    vecs = sentences.encode(texts)
    assert len(list(tmp_path.rglob("*.npz"))) == 3  # 2 + 2 + 1
    sentences.reset()
    np.testing.assert_array_equal(sentences.encode(texts), vecs)


def test_shipped_vectors_cover_the_notebooks_reviews():
    """data/review_vectors.npy holds one vector per review of sentences.reviews(5000)
    (notebook 03; notebook 02 uses the first 2,500), in that order, keyed like the cache."""
    table = np.load(helpers.datasets.data_dir() / sentences.SHIPPED_FILE, allow_pickle=False)
    texts = sentences.reviews(5000)["text"].tolist()
    assert table.dtype == sentences.SHIPPED_DTYPE
    assert table["key"].tolist() == [_encoder.key(t) for t in texts]
    before = sentences.encoded_count()
    vectors = sentences.encode(texts)
    assert sentences.encoded_count() == before  # nothing went through the model
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-6)


def test_shipped_vectors_equal_a_fresh_encode():
    """A random subset of the shipped reviews, encoded again now, gives the same vectors
    (up to float16 rounding): the file is what the model says, not a stale copy."""
    seed = int.from_bytes(os.urandom(4), "little")
    texts = sentences.reviews(5000)["text"].tolist()
    rows = np.random.default_rng(seed).choice(len(texts), 24, replace=False)
    subset = [texts[i] for i in rows]
    live = sentences.encode(subset, cached=False, progress=False)
    shipped = sentences.shipped(subset)
    cosine = (live * shipped).sum(axis=1)
    assert cosine.min() > 0.99999, (seed, cosine.min())
    assert np.abs(live - shipped).max() < 5e-4, seed  # float16 keeps ~3 decimal digits of a number < 1


def test_encode_uncached_touches_neither_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("POINTS_IN_SPACE_CACHE", str(tmp_path))
    text = sentences.reviews(1)["text"].iloc[0]
    before = sentences.encoded_count()
    fresh = sentences.encode([text, "a text nobody wrote before"], cached=False, progress=False)
    assert sentences.encoded_count() == before + 2
    assert not list(tmp_path.rglob("*.npz"))
    np.testing.assert_allclose(fresh[0], sentences.encode([text])[0], atol=5e-4)


def test_shipped_rejects_other_texts():
    with pytest.raises(helpers.CourseError, match="not one of the reviews"):
        sentences.shipped(["a text that is not a review"])


@pytest.mark.slow
def test_review_vectors_rebuild_byte_identical():
    """tools/build_review_vectors.py, run again, writes exactly the shipped bytes (on another
    CPU, whose kernels may round differently, at most one float16 step apart)."""
    from conftest import ROOT

    run = subprocess.run([sys.executable, str(ROOT / "tools" / "build_review_vectors.py"), "--check"],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]


def test_query_vector_is_a_fresh_writable_copy(howto):
    """A caller cannot change the cached query vector, and a search warns about nothing."""
    import warnings

    first = sentences._query_vector(FLAT)
    assert first.flags.writeable
    first[:] = 0
    assert np.any(sentences._query_vector(FLAT))  # the cached one is untouched
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert howto.search(FLAT, k=2)["text"].iloc[0] == PATCH
