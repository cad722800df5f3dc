"""Clustering texts into themes, naming the themes, and drawing them on a map.

scikit-learn does the clustering (KMeans, HDBSCAN) and the scoring (NMI, ARI);
umap-learn draws the 2-D map. Written here by hand: the class-based TF-IDF that
names each cluster, and the check of how many neighbours the map keeps.

>>> import numpy as np
>>> labels = kmeans(np.eye(4).repeat(3, axis=0), k=4)
>>> len(set(labels))
4
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ._files import atomic_write, cache_dir
from .core import naming_scores
from .errors import choice, CourseError, flag, matrix, shorten, whole

NOISE = -1  # HDBSCAN's label for points in no cluster


def _as_matrix(vectors, name: str = "vectors") -> np.ndarray:
    x = matrix(vectors, name)
    if x.size == 0:
        raise CourseError(f"The {name} are empty: give one row of numbers per text.")
    return x


def _check_k(k, n: int) -> int:
    """How many clusters to make, at most one per text."""
    k = whole(k, "k", 1, what="how many clusters to make")
    if k > n:
        raise CourseError(f"k={k} is too large: there are only {n} texts, and each cluster needs at least one "
                          f"(k ≤ {n}).")
    return k


def _kmeans(x, k: int, seed) -> np.ndarray:
    """scikit-learn's KMeans; when the rows have fewer distinct places than ``k``, a ✘ says so."""
    import warnings

    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        try:
            return KMeans(n_clusters=k, n_init=4, random_state=whole(seed, "seed", 0)).fit_predict(x)
        except ConvergenceWarning:
            raise CourseError(f"The texts sit at fewer than k={k} different places, so KMeans cannot make {k} "
                              "clusters: ask for fewer.") from None


def kmeans(vectors, k: int = 12, seed: int = 0) -> np.ndarray:
    """A cluster number (0 … k-1) for each row, by scikit-learn's KMeans.

    Rows are scaled to length 1 first (``space.unit_rows``), so KMeans groups by
    direction (cosine), as the sentence model intends.
    """
    from .space import unit_rows

    x = _as_matrix(vectors)
    return _kmeans(unit_rows(x), _check_k(k, len(x)), seed)


def hdbscan(vectors, min_cluster_size: int = 40, min_samples: int | None = 10) -> np.ndarray:
    """Cluster numbers from scikit-learn's HDBSCAN; -1 marks "noise" (no cluster).

    HDBSCAN picks the number of clusters itself and may leave points out. It is
    slow in 384 dimensions, so give it a low-dimensional map (e.g. a 5-d UMAP).
    """
    from sklearn.cluster import HDBSCAN

    x = _as_matrix(vectors)
    if len(x) < 2:
        raise CourseError(f"HDBSCAN needs at least 2 points; got {len(x)}.")
    min_cluster_size = whole(min_cluster_size, "min_cluster_size", 2, len(x), what="points in the smallest cluster")
    if min_samples is not None:
        min_samples = whole(min_samples, "min_samples", 1, len(x), what="neighbours that make a point dense")
    return HDBSCAN(min_cluster_size=min_cluster_size, min_samples=min_samples, copy=True).fit_predict(x)


def tfidf_kmeans(texts: Sequence[str], k: int = 12, seed: int = 0) -> np.ndarray:
    """The keyword baseline: TF-IDF word counts clustered by KMeans (no neural model).

    Words in only one text are left out (``min_df=2``) unless that leaves none.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    from .sentences import as_texts

    texts = as_texts(texts)
    k = _check_k(k, len(texts))
    for min_df in (2, 1):  # few, short texts may share no word: then keep every word
        try:
            x = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=min_df).fit_transform(texts)
            break
        except ValueError:  # "empty vocabulary", "After pruning, no terms remain"
            continue
    else:
        raise CourseError("The texts have no words TF-IDF can use (it reads words of two or more letters "
                          "and leaves out common ones like 'the'), so they cannot be clustered by keywords.")
    return _kmeans(x, k, seed)


def name_clusters(texts: Sequence[str], labels, n_words: int = 4) -> dict[int, str]:
    """Name each cluster by its most distinctive words (class-based TF-IDF).

    All texts of a cluster are treated as one document. A word's term frequency
    ``tf`` is its share of that document; it is weighted by
    ``log(tf / share of the word in all texts)``, so a word that is equally common
    everywhere ("love", "fit") scores 0 and a word concentrated in the cluster
    scores high. (BERTopic's c-TF-IDF uses ``log(1 + average words per cluster /
    word count)`` instead; on reviews that lets the commonest words win.)
    Written by hand: scikit-learn has no class-based TF-IDF.

    >>> name_clusters(["red apple", "green apple", "fast car", "red car"], [0, 0, 1, 1], 1)
    {0: 'apple', 1: 'car'}

    Only words the cluster uses name it; a cluster of stop words only is "(no words to name it)".
    """
    texts, labels = _check_labels(texts, labels)
    n_words = whole(n_words, "n_words", 1, what="words per name")
    ids = [c for c in sorted(set(labels.tolist())) if c != NOISE]
    docs = [" ".join(t for t, l in zip(texts, labels) if l == c) for c in ids]
    vec = word_counter()
    try:
        counts = vec.fit_transform(docs).toarray().astype(float)
        words = vec.get_feature_names_out()
    except ValueError:  # "empty vocabulary": only stop words, numbers or one-letter words
        counts, words = np.zeros((len(ids), 0)), np.array([], dtype=str)
    score = naming_scores(counts)   # notebook 03's core
    names = {}
    for i, c in enumerate(ids):
        order = np.lexsort((-counts[i], -score[i]))  # highest score first; equal scores: the commoner word
        best = [j for j in order[:n_words] if counts[i, j] > 0]
        names[c] = shorten(" · ".join(words[best]), 60, quote=False) if best else "(no words to name it)"
    if NOISE in labels:
        names[NOISE] = "(noise)"
    return names


# Words every clothing review uses: they name no theme.
_EXTRA_STOP = {"im", "ive", "dont", "didnt", "doesnt", "isnt", "wasnt", "just", "really",
               "bit", "like", "got", "get", "wear", "ordered", "bought", "little"}


def word_counter():
    """The scikit-learn CountVectorizer that :func:`name_clusters` counts words with: words of
    two or more letters (no numbers), without English stop words and words every review uses.

    >>> word_counter().fit(["I just love the red apple"]).get_feature_names_out().tolist()
    ['apple', 'love', 'red']
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    return CountVectorizer(stop_words=sorted(ENGLISH_STOP_WORDS | _EXTRA_STOP),
                           token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]+\b")


def _check_labels(texts, labels) -> tuple[list[str], np.ndarray]:
    """``texts`` as a list and ``labels`` as cluster numbers, one per text."""
    from .sentences import as_texts

    texts = as_texts(texts)
    if isinstance(labels, (str, bytes)) or labels is None:
        raise CourseError(f"labels must be cluster numbers, one per text (as kmeans gives), not {shorten(labels)}.")
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise CourseError("labels must be whole cluster numbers, one per text (as kmeans or hdbscan give them; "
                          f"-1 is noise), not {shorten(labels.tolist())}.")
    if len(texts) != len(labels):
        raise CourseError(f"{len(texts)} texts but {len(labels)} labels: give one label per text.")
    return texts, labels


def cluster_table(texts: Sequence[str], labels, names: dict[int, str] | None = None,
                  examples: int = 2, width: int = 90):
    """One row per cluster: size, name, and a few example texts (nearest the
    start of the list, i.e. a random pick for a shuffled sample)."""
    import pandas as pd

    from .sentences import short

    texts, labels = _check_labels(texts, labels)
    names = names or name_clusters(texts, labels)
    if not isinstance(names, dict) or not set(labels.tolist()) <= set(names):
        raise CourseError("names must give a name to every cluster number in labels, as name_clusters(texts, labels) "
                          "does.")
    examples = whole(examples, "examples", 0, what="example texts per cluster")
    width = whole(width, "width", 2, what="characters per example")
    rows = []
    for c in sorted(names, key=lambda c: (c == NOISE, -(labels == c).sum())):
        members = [t for t, l in zip(texts, labels) if l == c][:examples]
        rows.append({"cluster": c, "size": int((labels == c).sum()), "name": names[c],
                     **{f"example {i + 1}": short(t, width) for i, t in enumerate(members)}})
    return pd.DataFrame(rows).set_index("cluster")


def agreement(labels, known) -> dict[str, float]:
    """How well clusters match known labels: NMI and ARI (1 = identical, 0 = chance).

    >>> agreement([0, 0, 1, 1], ["a", "a", "b", "b"])
    {'NMI': 1.0, 'ARI': 1.0}
    """
    import pandas as pd
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    labels, known = np.asarray(labels), np.asarray(known, dtype=object)
    if labels.ndim != 1 or known.ndim != 1 or len(labels) != len(known):
        raise CourseError(f"Give two lists of labels of one length; got {labels.shape} cluster labels and "
                          f"{known.shape} known labels.")
    if len(labels) < 2:
        raise CourseError(f"Give at least 2 labels to compare, not {len(labels)}: with fewer, any clustering "
                          "would score a perfect 1.0.")
    missing = pd.isna(known) | pd.isna(labels.astype(object))
    if missing.any():
        raise CourseError(f"Label {int(np.flatnonzero(missing)[0])} is missing (NaN or None): drop the rows without "
                          "a label, or fill them in, e.g. reviews['class'].fillna('(none)').")
    known = known.astype(str)
    return {"NMI": round(float(normalized_mutual_info_score(known, labels)), 3),
            "ARI": round(float(adjusted_rand_score(known, labels)), 3)}


def agreement_table(methods: dict, known):
    """NMI and ARI of each method's clusters against each column of ``known`` (a DataFrame,
    or one named column of it).

    >>> import pandas as pd
    >>> agreement_table({"perfect": [0, 0, 1, 1]}, pd.DataFrame({"kind": list("aabb")}))
             NMI vs kind  ARI vs kind
    perfect          1.0          1.0
    """
    import pandas as pd

    if not isinstance(methods, dict) or not methods:
        raise CourseError("Give the clusterings as a dict: {'method name': labels, ...}.")
    if isinstance(known, pd.Series):
        known = known.to_frame()
    if not isinstance(known, pd.DataFrame):
        raise CourseError(f"known must be the table of known labels, e.g. reviews[['department', 'class']], "
                          f"not {shorten(known)}.")
    return pd.DataFrame({
        method: {f"{score} vs {column}": value
                 for column in known.columns
                 for score, value in agreement(found, known[column]).items()}
        for method, found in methods.items()
    }).T


_KNN: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # rows' hash -> (distances, indices) of their neighbours


def _exact_neighbours(x: np.ndarray, n_neighbors: int, rows: str):
    """(distances, indices) of each row's ``n_neighbors`` nearest rows (cosine, scikit-learn),
    kept in memory for the latest ``rows`` (their hash), so a second map of them skips this."""
    if rows not in _KNN:
        from sklearn import config_context
        from sklearn.neighbors import NearestNeighbors

        with config_context(working_memory=128):  # MB per chunk of the distance matrix: keeps 20k points < 1 GB
            _KNN.clear()  # only the latest rows: a few hundred kB
            _KNN[rows] = NearestNeighbors(n_neighbors=n_neighbors, metric="cosine").fit(x).kneighbors(x)
    return _KNN[rows]


def umap_map(vectors, dims: int = 2, n_neighbors: int = 15, seed: int = 42, cache: bool = True,
             n_epochs: int = 200) -> np.ndarray:
    """A ``dims``-d map of the rows by umap-learn (cosine metric). Same seed, same map.

    The exact nearest neighbours come from scikit-learn (faster here than UMAP's
    own approximate search, and exact; kept in memory, so a second map of the same
    rows skips them), and each map is kept on disk in ``cache_dir("maps")``, so a
    rerun draws it instantly. ``n_epochs=200`` is UMAP's own choice for large data;
    for fewer than 10,000 rows it would take 500, which costs 3× the time (9.9 s vs
    3.0 s for 5,000 reviews in 5-d, measured) for a map that keeps 17.7 % instead of
    16.5 % of each review's 10 nearest neighbours.
    """
    import hashlib
    import warnings
    from importlib.metadata import version

    x = np.ascontiguousarray(_as_matrix(vectors))
    dims = whole(dims, "dims", 1, 50, what="numbers per point on the map")
    n_neighbors = whole(n_neighbors, "n_neighbors", 2, what="neighbours each point keeps close")
    seed, n_epochs = whole(seed, "seed", 0), whole(n_epochs, "n_epochs", 1, 10_000)
    cache = flag(cache, "cache")
    if len(x) <= dims + 1:
        raise CourseError(f"UMAP needs more than {dims + 1} points; got {len(x)}.")
    n_neighbors = min(n_neighbors, len(x) - 1)
    rows = hashlib.sha1(x.tobytes() + f"{x.shape}|{n_neighbors}".encode()).hexdigest()
    key = hashlib.sha1(f"{rows}|{dims}|{seed}|{n_epochs}|{version('umap-learn')}".encode()).hexdigest()
    path = cache_dir("maps", f"umap-{key}.npy")
    if cache and path.exists():
        try:
            return np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            pass
    dist, idx = _exact_neighbours(x, n_neighbors, rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "n_jobs overridden by setting random_state", numba chatter
        import umap

        reducer = umap.UMAP(n_components=dims, n_neighbors=n_neighbors, metric="cosine",
                            random_state=seed, min_dist=0.1, precomputed_knn=(idx, dist, None),
                            n_epochs=n_epochs)
        out = reducer.fit_transform(x).astype(np.float32)
    if not cache:
        return out
    try:
        atomic_write(path, lambda fh: np.save(fh, out))
    except OSError:  # a read-only cache folder: the map is still drawn
        pass
    return out


def pca_map(vectors, dims: int = 2) -> np.ndarray:
    """The ``dims``-d PCA projection (scikit-learn), for comparison with UMAP."""
    from sklearn.decomposition import PCA

    x = _as_matrix(vectors)
    dims = whole(dims, "dims", 1, min(x.shape), what="at most the number of points and of columns")
    return PCA(n_components=dims, random_state=0).fit_transform(x).astype(np.float32)


def _neighbour_ids(x: np.ndarray, k: int, metric: str) -> np.ndarray:
    """Each row's ``k`` nearest other rows, nearest first (scikit-learn, exact)."""
    from sklearn import config_context
    from sklearn.neighbors import NearestNeighbors

    with config_context(working_memory=128):  # MB per chunk of distances
        return NearestNeighbors(n_neighbors=k, metric=metric).fit(x).kneighbors(return_distance=False)


def _share_kept(a: np.ndarray, b: np.ndarray, k: int) -> float:
    return float(np.mean([len(set(x[:k]) & set(y[:k])) / k for x, y in zip(a, b)]))


def _check_map(full, low, k: int):
    """The full vectors, the map and ``k`` (as an int), checked against each other."""
    full, low = _as_matrix(full, "full vectors"), _as_matrix(low, "map")
    if len(full) != len(low):
        raise CourseError(f"{len(full)} points in the full space but {len(low)} on the map.")
    if len(full) < 2:
        raise CourseError("Neighbours need at least 2 points.")
    return full, low, whole(k, "k", 1, len(full) - 1, what="neighbours per point")


def neighbours_kept(full, low, k: int = 10, metric_full: str = "cosine") -> float:
    """Average share of each point's ``k`` nearest neighbours in the full space
    that are also among its ``k`` nearest on the map (1 = the map keeps them all;
    a random map keeps about k / n). Uses scikit-learn's NearestNeighbors.
    """
    full, low, k = _check_map(full, low, k)
    metric_full = choice(metric_full, ("cosine", "euclidean"), "metric_full")
    return _share_kept(_neighbour_ids(full, k, metric_full), _neighbour_ids(low, k, "euclidean"), k)


def neighbours_kept_table(full, maps: dict, ks: Sequence[int] = (5, 10, 50)):
    """:func:`neighbours_kept` for several maps (rows) and several ``k`` (columns ``k=…``);
    each space's neighbours are searched once, for the largest ``k``."""
    import pandas as pd

    if isinstance(ks, (str, bytes)) or not np.iterable(ks) or not len(ks):
        raise CourseError(f"ks must be a list of neighbour counts, like (5, 10, 50), not {shorten(ks)}.")
    ks = [whole(k, "each k", 1) for k in ks]
    top = max(ks)
    if not isinstance(maps, dict) or not maps:
        raise CourseError(f"maps must be a dict {{'name': 2-D map}}, e.g. {{'pca': pca_map(vectors)}}, not {shorten(maps)}.")
    maps = {name: _check_map(full, low, top)[1] for name, low in maps.items()}
    near = _neighbour_ids(_as_matrix(full), top, "cosine")
    on_map = {name: _neighbour_ids(low, top, "euclidean") for name, low in maps.items()}
    return pd.DataFrame({f"k={k}": {name: round(_share_kept(near, ids, k), 3) for name, ids in on_map.items()}
                         for k in ks})
