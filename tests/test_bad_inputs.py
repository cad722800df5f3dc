"""Bad inputs, as a learner types them in a notebook: every case runs inside IPython
(the course's ✘ handler installed, exactly as in Jupyter) and must end in ONE ✘ line
that says what to do, or in a correct result. Never a traceback, never a silent NaN,
and the object must still work afterwards.

A case is ``(code, expect)``:

* ``expect`` a string: a regular expression the ✘ message must match (it should name
  the fix: the valid range, the choices, a close spelling);
* ``expect`` an ``Ok("expression")``: the code runs without a ✘ and the expression,
  evaluated afterwards in the same namespace, is true (a correct result, a status line
  that says a widget ignored the input, ...).

Each area has a SETUP (run once) and an AFTER check (run after every case: the
objects still answer).
"""
from __future__ import annotations

import io
import re
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Ok:
    check: str


# ---------------------------------------------------------------------------- areas
# name -> (setup code, after-check expression, cases)
AREAS: dict[str, tuple[str, str, list]] = {}

AREAS["space"] = (
    "from helpers import Space, fruit_space\n"
    "import numpy as np\n"
    "fruit = fruit_space()\n"
    "one = Space(['solo'], [[1, 2]])\n",
    "fruit.nearest('apple', k=1, metric='euclidean').index[0] == 'pear'",
    [
        ("fruit.nearest('aple')", r"'aple' is not a point here\. Did you mean: apple"),
        ("fruit.nearest('apple', k=0)", r"k must be a whole number of at least 1"),
        ("fruit.nearest('apple', k='5')", r"not '5' \(it is text: remove the quotes\)"),
        ("fruit.nearest('apple', k=True)", r"k must be a whole number.*not True"),
        ("fruit.nearest('apple', k=10**9)", r"k=1000000000 is too large: there are only \d+ other points"),
        ("fruit.nearest('apple', metric='cos')", r"metric must be one of 'cosine', 'euclidean'; not 'cos'"),
        ("one.nearest('solo')", r"There are no other points to show here"),
        ("fruit.nearest('x' * 10000)", r"^(?!.{400}).*is not a point here"),
        ("fruit.nearest([1, float('nan'), 3])", r"Coordinate 2 \(crunchy\) is NaN"),
        ("r = fruit.nearest([7, 8, 3], k=2, metric='euclidean')", Ok("r.index[0] == 'apple'")),
    ],
)


# -- words: AREAS['words'] = (setup, after, cases) goes here


# -- explorer: AREAS['explorer'] = (setup, after, cases) goes here


# -- widgets: AREAS['widgets'] = (setup, after, cases) goes here


AREAS["sentences"] = (
    "from helpers import sentences\n"
    "c = sentences.Corpus(['patching a punctured wheel', 'baking bread at home', 'repairing a flat screen tv'],\n"
    "                     progress=False)\n"
    "box = sentences.search_box(c, k=2)\n",
    "c.search('fix a flat tyre', k=1)['text'].iloc[0] == 'patching a punctured wheel' "
    "and 'punctured' in box.use('fix a flat tyre')",
    [
        ("c.search('')", r"The query is empty: type some words"),
        ("c.search('   \\n')", r"The query is empty"),
        ("c.search(123)", r"The query must be text, not 123 \(int\)"),
        ("c.search(None)", r"The query must be text, not None"),
        ("c.search(['a', 'b'])", r"The query must be text, not \['a', 'b'\] \(list\)"),
        ("c.search('bike', k=0)", r"k must be a whole number of at least 1"),
        ("c.search('bike', k=-3)", r"k must be a whole number of at least 1.*not -3"),
        ("c.search('bike', k='2')", r"not '2' \(it is text: remove the quotes\)"),
        ("c.search('bike', k=True)", r"k must be a whole number.*not True"),
        ("c.search('bike', k=2.5)", r"k must be a whole number.*not 2\.5"),
        ("c.search('bike', k=float('nan'))", r"k must be a whole number.*not nan"),
        ("c.search('bike', k=float('inf'))", r"k must be a whole number.*not inf"),
        ("c.search('bike', k=10**9)", r"k=1000000000 is too large: there are only 3 texts"),
        ("r = c.search('bike', k=2.0)", Ok("len(r) == 2")),
        ("c.search('bike', exclude=5)", r"exclude must be a list of row numbers, like \[3, 7\], not 5"),
        ("c.search('bike', exclude=[7])", r"each row to exclude must be a whole number from 0 to 2"),
        ("c.search('bike', exclude=['0'])", r"remove the quotes"),
        ("c.search('bike', exclude=[0, 1, 2])", r"There are no texts not excluded"),
        ("r = c.search('bike', k=2, exclude=[0])", Ok("0 not in set(r['row']) and len(r) == 2")),
        ("r = c.search('x' * 10000, k=1)", Ok("len(r) == 1")),
        ("r = c.search('自転車のパンク修理', k=1)", Ok("r['text'].iloc[0] == 'patching a punctured wheel'")),
        ("r = c.search('<img src=x onerror=alert(1)>', k=1)", Ok("len(r) == 1")),
        ("c.more_like(5)", r"row must be a whole number from 0 to 2"),
        ("c.more_like(-1)", r"row must be a whole number from 0 to 2.*not -1"),
        ("c.more_like('0')", r"remove the quotes"),
        ("c.more_like(True)", r"row must be a whole number.*not True"),
        ("c.more_like(float('inf'))", r"row must be a whole number.*not inf"),
        ("c.more_like(0, k=3)", r"k=3 is too large: there are only 2 other texts"),
        ("r = c.more_like(0, k=2)", Ok("0 not in set(r['row']) and len(r) == 2")),
        ("c.keyword_search('')", r"The query is empty"),
        ("c.keyword_search('bread', k=0)", r"k must be a whole number of at least 1"),
        ("c.keyword_search(b'bread')", r"The query must be text"),
        ("r = c.keyword_search('the and of', k=3)", Ok("len(r) == 0")),
        ("r = sentences.Corpus(['我', '你'], progress=False).keyword_search('我', k=2)", Ok("len(r) == 0")),
        ("t = sentences.Corpus(['a', 'I'], progress=False).compare('a', k=2)", Ok("list(t['score']) == [0, 0]")),
        ("c.compare('bike', k='all')", r"k must be a whole number.*not 'all'"),
        ("sentences.Corpus([])", r"The corpus is empty: give at least one text"),
        ("sentences.Corpus(['fine', '  '])", r"1 corpus text\(s\) are empty \(first at position 1\)"),
        ("sentences.Corpus(['fine', None])", r"Item 1 of the corpus texts is None"),
        ("sentences.Corpus(['fine', float('nan')])", r"Item 1 of the corpus texts is nan.*Drop missing values"),
        ("sentences.Corpus(42)", r"Give the corpus texts as a string or a list of strings, not 42"),
        ("sentences.Corpus(['a'], progress='yes')", r"progress must be True or False, not 'yes'"),
        ("sentences.encode(['a', 5])", r"Item 1 of the texts is 5 \(int\), not text"),
        ("sentences.encode(['a'], cached=1)", r"cached must be True or False, not 1"),
        ("v = sentences.encode([])", Ok("v.shape == (0, 384)")),
        ("sentences.reviews(0)", r"n must be a whole number from 1 to 22641"),
        ("sentences.reviews(10**6)", r"n must be a whole number from 1 to 22641.*not 1000000"),
        ("sentences.reviews('50')", r"remove the quotes"),
        ("sentences.reviews(5, seed=-1)", r"seed must be a whole number of at least 0"),
        ("sentences.shipped(['not a review'])", r"not one of the reviews whose vectors ship"),
        ("box.use(42)", r"Type text into the box, not 42"),
        ("h = box.use('<img src=x onerror=alert(1)>')", Ok("'<img' not in h and '<table>' in h")),
        ("h = box.use('')", Ok("'Type a query' in h")),
        ("h = box.use('x' * 10000)", Ok("'<table>' in h and 'xxxxxxxxxx' not in h")),
        ("sentences.search_box(c, k=0)", r"k must be a whole number of at least 1"),
        ("sentences.search_box(c, k=5)", r"k=5 is too large: there are only 3 texts"),
        ("sentences.search_box(['a', 'b'])", r"search_box needs a Corpus"),
        ("sentences.search_box(c, k=2, wait=-1)", r"wait must be a number from 0 to 10"),
        ("sentences.search_box(c, k=2, value=None)", r"Item 1 of the placeholder and value is None"),
        ("sentences.shared_words(None, 'a')", r"Item 0 of the query and text is None"),
        ("sentences.precision_at_k([1, 2], {1}, k=0)", r"k must be a whole number of at least 1"),
        ("sentences.unique_labels(['a', 'b'], width='5')", r"width must be a whole number.*remove the quotes"),
        ("sentences.plot_scores({})", r"Give the score tables as a dict"),
        ("sentences.score_queries(c, ['bike'], {1, 2})", r"a function that gives the right rows"),
        ("r = sentences.search('bike', ['a bicycle', 'a cake'], k=1)", Ok("r['text'].iloc[0] == 'a bicycle'")),
    ],
)


AREAS["clusters"] = (
    "from helpers import clusters\n"
    "import numpy as np\n"
    "rng = np.random.default_rng(0)\n"
    "pts = np.vstack([rng.normal(0, .1, (10, 5)) + 1, rng.normal(0, .1, (10, 5)) - 1]).astype('float32')\n"
    "nanpts = pts.copy()\n"
    "nanpts[3, 2] = np.nan\n"
    "texts = ['red car'] * 5 + ['blue car'] * 5 + ['warm wool sweater'] * 5 + ['cosy knit sweater'] * 5\n",
    "sorted(np.bincount(clusters.kmeans(pts, k=2))) == [10, 10] "
    "and clusters.name_clusters(texts, [0] * 10 + [1] * 10, 1) == {0: 'car', 1: 'sweater'}",
    [
        ("clusters.kmeans(nanpts, k=2)", r"vectors: row 4, column 3 is NaN"),
        ("clusters.kmeans(pts[:3], k=12)", r"k=12 is too large: there are only 3 texts"),
        ("clusters.kmeans(pts, k=0)", r"k must be a whole number of at least 1 \(how many clusters to make\)"),
        ("clusters.kmeans(pts, k='5')", r"remove the quotes"),
        ("clusters.kmeans(pts, k=True)", r"k must be a whole number.*not True"),
        ("clusters.kmeans(pts, k=2.5)", r"k must be a whole number.*not 2\.5"),
        ("clusters.kmeans(pts, k=float('nan'))", r"k must be a whole number.*not nan"),
        ("clusters.kmeans(pts, k=10**9)", r"k=1000000000 is too large: there are only 20 texts"),
        ("clusters.kmeans('vectors', k=2)", r"vectors must be numbers"),
        ("clusters.kmeans(None, k=2)", r"vectors must be numbers"),
        ("clusters.kmeans([], k=1)", r"The vectors are empty"),
        ("clusters.kmeans([[1, 2], [3]], k=1)", r"rows of one length"),
        ("clusters.kmeans(np.zeros((2, 3, 4)), k=1)", r"not 3-dimensional"),
        ("clusters.kmeans(np.full((5, 3), np.inf), k=2)", r"row 1, column 1 is infinite"),
        ("clusters.kmeans(np.ones((5, 3)), k=3)", r"fewer than k=3 different places.*ask for fewer"),
        ("clusters.kmeans(pts, k=2, seed=-1)", r"seed must be a whole number of at least 0"),
        ("lab = clusters.kmeans(pts, k=2.0)", Ok("len(set(lab)) == 2")),
        ("clusters.hdbscan(pts, min_cluster_size='5')", r"min_cluster_size must be a whole number.*remove the quotes"),
        ("clusters.hdbscan(pts, min_cluster_size=1)", r"min_cluster_size must be a whole number from 2 to 20"),
        ("clusters.hdbscan(pts, min_cluster_size=10**6)", r"min_cluster_size must be a whole number from 2 to 20"),
        ("clusters.hdbscan(pts, min_cluster_size=5, min_samples=0)", r"min_samples must be a whole number from 1 to 20"),
        ("clusters.hdbscan(nanpts)", r"row 4, column 3 is NaN"),
        ("clusters.hdbscan(pts[:1], min_cluster_size=2)", r"HDBSCAN needs at least 2 points"),
        ("hd = clusters.hdbscan(pts, min_cluster_size=5, min_samples=2)", Ok("len(hd) == 20 and hd.max() == 1")),
        ("lab = clusters.tfidf_kmeans(['red dress', 'blue jeans', 'warm coat'], k=3)", Ok("sorted(lab) == [0, 1, 2]")),
        ("clusters.tfidf_kmeans(['the', 'a', 'I'], k=2)", r"no words TF-IDF can use"),
        ("clusters.tfidf_kmeans(['a b', 'c d', 'e f'], k=12)", r"k=12 is too large: there are only 3 texts"),
        ("clusters.tfidf_kmeans([None, 'a'], k=1)", r"Item 0 of the texts is None"),
        ("clusters.tfidf_kmeans(['red car'] * 5, k=3)", r"fewer than k=3 different places"),
        ("names = clusters.name_clusters(['the', 'and it', 'is'], [0, 0, 1])",
         Ok("names == {0: '(no words to name it)', 1: '(no words to name it)'}")),
        ("names = clusters.name_clusters(['我 你', '汉字'], [0, 1])", Ok("set(names.values()) == {'(no words to name it)'}")),
        ("names = clusters.name_clusters(['<b>bold</b> move', 'x' * 10000], [0, 1])", Ok("names[0] == 'bold' and len(names[1]) <= 60")),
        ("clusters.name_clusters(texts, [0, 1])", r"20 texts but 2 labels: give one label per text"),
        ("clusters.name_clusters(texts, 'abc')", r"labels must be cluster numbers"),
        ("clusters.name_clusters(texts, [0.5] * 20)", r"labels must be whole cluster numbers"),
        ("clusters.name_clusters(texts, [0] * 20, n_words=0)", r"n_words must be a whole number of at least 1"),
        ("clusters.name_clusters(42, [0])", r"Give the texts as a string or a list of strings, not 42"),
        ("clusters.cluster_table(texts, [0] * 20, names={5: 'x'})", r"names must give a name to every cluster"),
        ("clusters.cluster_table(texts, [0] * 20, examples=-1)", r"examples must be a whole number of at least 0"),
        ("t = clusters.cluster_table(texts, [0] * 10 + [1] * 10, examples=1, width=10)",
         Ok("len(t) == 2 and t['example 1'].str.len().max() <= 10")),
        ("clusters.agreement([0, 1], ['a'])", r"Give two lists of labels of one length"),
        ("clusters.agreement([0, 1, 1], ['a', None, 'b'])", r"Label 1 is missing \(NaN or None\)"),
        ("clusters.agreement([0, 1], ['a', float('nan')])", r"Label 1 is missing"),
        ("s = clusters.agreement([0, 0, 1, 1], ['a', 'a', 1, 1])", Ok("s == {'NMI': 1.0, 'ARI': 1.0}")),
        ("clusters.umap_map(pts[:3])", r"UMAP needs more than 3 points; got 3"),
        ("clusters.umap_map(pts, dims=0)", r"dims must be a whole number from 1 to 50"),
        ("clusters.umap_map(pts, n_neighbors='15')", r"n_neighbors must be a whole number.*remove the quotes"),
        ("clusters.umap_map(nanpts)", r"row 4, column 3 is NaN"),
        ("clusters.umap_map(pts, cache='yes')", r"cache must be True or False"),
        ("clusters.pca_map(pts, dims=50)", r"dims must be a whole number from 1 to 5"),
        ("m = clusters.pca_map(pts)", Ok("m.shape == (20, 2)")),
        ("clusters.neighbours_kept(pts, pts[:5, :2])", r"20 points in the full space but 5 on the map"),
        ("clusters.neighbours_kept(pts, pts[:, :2], k=0)", r"k must be a whole number from 1 to 19"),
        ("clusters.neighbours_kept(pts, pts[:, :2], metric_full='cos')",
         r"metric_full must be one of 'cosine', 'euclidean'; not 'cos'"),
        ("clusters.neighbours_kept_table(pts, {'pca': pts[:, :2]}, ks=5)", r"ks must be a list of neighbour counts"),
        ("clusters.neighbours_kept_table(pts, {'pca': pts[:, :2]}, ks=(5, 100))", r"k must be a whole number from 1 to 19"),
        ("kept = clusters.neighbours_kept(pts, pts, k=3, metric_full='euclidean')", Ok("kept == 1.0")),
        ("clusters.plot_map(pts[:, :2], [0, 1])", r"20 points on the map but 2 labels"),
        ("clusters.plot_map(pts, [0] * 20)", r"xy must have 2 numbers per row, not 5"),
        ("clusters.plot_map(pts[:, :2], [0] * 20, names={1: 'x'})", r"names must give a name to every cluster"),
    ],
)


AREAS["recommend"] = (
    "from helpers import datasets, recommend\n"
    "import numpy as np\n"
    "data = datasets.movielens()\n"
    "train, test = recommend.split(data.ratings)\n"
    "model = recommend.train(train, data.films)\n"
    "me = model.fold_in({'Toy Story': 5, 'Scream': 1})\n"
    "fmap = model.film_map()\n"
    "board = recommend.you_are_a_point(model, draw=False)\n"
    "rare = data.films['title'][data.films['ratings'] < 5].iloc[0]\n",
    "model.nearest_films('Star Wars', k=1).index[0] == 'Empire Strikes Back, The (1980)' "
    "and len(model.recommend(me, k=3)) == 3 and np.isfinite(fmap.position(me)).all() "
    "and len(board.recommendations) == 8",
    [
        # titles, wherever a title is typed
        *[(call.format(title), expect)
          for call in ("model.nearest_films({})", "model.fold_in({{{}: 5}})", "fmap.xy({})", "board.use({}, 4)")
          for title, expect in [
              ("'Toy Stroy'", r"^'Toy Stroy' is not a film in MovieLens 100k\. Did you mean: Toy Story \(1995\)\?"),
              ("''", r"Type a film title, e\.g\. 'Toy Story \(1995\)'; got ''"),
              ("None", r"Type a film title.*got None"), ("42", r"Type a film title.*got 42"),
              ("'x' * 10000", r"^'x{20,40}… is not a film in MovieLens 100k\. Check the spelling"),
              ("'我爱电影'", r"'我爱电影' is not a film in MovieLens 100k\. Check the spelling"),
              ("'<img src=x onerror=alert(1)>'", r"^'<img src=x onerror=alert\(1\)>' is not a film in MovieLens"),
              ("'sabrina'", r"'sabrina' matches 2 films: Sabrina \(1995\); Sabrina \(1954\)\. Add the year")]],
        ("model.nearest_films(['Star Wars'])", r"Type a film title"),
        ("r = model.nearest_films('  STAR WARS ', k=3)", Ok("'Star Wars (1977)' not in r.index and len(r) == 3")),
        ("r = model.nearest_films(rare, k=3)", Ok("rare not in r.index and len(r) == 3")),
        # k and min_ratings of nearest_films
        *[(f"model.nearest_films('Star Wars', k={k})", rf"k must be a whole number of at least 1 .*not {shown}")
          for k, shown in [("0", "0"), ("-3", "-3"), ("'5'", r"'5' \(it is text: remove the quotes\)"),
                           ("True", "True"), ("2.5", r"2\.5"), ("float('nan')", "nan")]],
        ("model.nearest_films('Star Wars', k=2000)", r"k=2000 is too large: there are only 938 other films"),
        ("model.nearest_films('Star Wars', min_ratings=-1)", r"min_ratings must be a whole number from 0 to 583"),
        ("model.nearest_films('Star Wars', min_ratings=10**6)", r"min_ratings must be a whole number from 0 to 583"),
        ("model.nearest_films('Star Wars', min_ratings='20')", r"min_ratings.*remove the quotes"),
        ("model.nearest_films('Toy Story', k=3, min_ratings=583)", r"k=3 is too large: there are only 1 other films"),
        # fold_in
        *[(f"model.fold_in({{'Toy Story': {stars}}})",
           rf"The stars for 'Toy Story' must be a number from 1 to 5 .*, not {shown}")
          for stars, shown in [("7", "7"), ("0", "0"), ("'5'", "'5' .*remove the quotes"), ("True", "True"),
                               ("float('nan')", "nan .*NaN"), ("float('inf')", "inf .*infinite"), ("None", "None")]],
        ("model.fold_in(['Toy Story', 5])", r"Give ratings as a dictionary \{film title: stars\}"),
        ("model.fold_in('Toy Story')", r"Give ratings as a dictionary"),
        ("model.fold_in({'Toy Story': 5, 'toy story (1995)': 4})", r"'Toy Story \(1995\)' is rated twice"),
        ("model.fold_in({'Toy Story': 5}, bias_penalty=-1)", r"bias_penalty must be a number of at least 0"),
        ("model.fold_in({'Toy Story': 5}, bias_penalty='x')", r"bias_penalty.*remove the quotes"),
        ("u = model.fold_in({})", Ok("not u.vector.any() and u.bias == 0")),
        ("u = model.fold_in({'Toy Story': 4.5})", Ok("u.rated == {model.find('Toy Story'): 4.5}")),
        # recommend
        ("model.recommend(me, k=700)", r"k=700 is too large: there are only 601 films with ≥ 50 ratings not yet"),
        ("model.recommend(me, k=10**9)", r"k=1000000000 is too large: there are only 601 films"),
        ("r = model.recommend(me, k=601)",
         Ok("len(r) == 601 and not {'Toy Story (1995)', 'Scream (1996)'} & set(r.index) and r['ratings'].min() >= 50")),
        ("model.recommend(me, by='genre')", r"by must be one of 'match', 'stars'; not 'genre'"),
        *[(f"{call}({user})", rf"user must be a whole number from 0 to 942 .*model\.fold_in.*not {shown}")
          for call in ("model.recommend", "fmap.position")
          for user, shown in [("99999", "99999"), ("-1", "-1"), ("'me'", "'me' .*remove the quotes"), ("True", "True"),
                              ("None", "None"), ("float('inf')", "inf"), ("{'Toy Story': 5}", "{'Toy Story': 5}")]],
        ("model.recommend(me, min_ratings=-5)", r"min_ratings must be a whole number from 0 to 583"),
        ("r = model.recommend(me, k=3, by='stars')", Ok("len(r) == 3 and r['predicted rating'].between(1, 5).all()")),
        ("r = model.recommend(np.int64(5), k=2)", Ok("len(r) == 2")),
        ("r = model.recommend(0, k=50)", Ok("not set(r.index) & set(data.films['title'].iloc[model.seen[0].indices])")),
        # the film map
        ("fmap.xy(rare)", r"is not on this map: it has fewer ratings"),
        ("model.film_map(min_ratings=583)", r"Only 1 films have ≥ 583 ratings: a map needs at least 3"),
        ("model.film_map(min_ratings=None)", r"min_ratings must be a whole number.*not None"),
        ("fmap.genre_positions(min_films=0)", r"min_films must be a whole number of at least 1"),
        ("fmap.readable_labels(-3)", r"labels must be a whole number of at least 0"),
        ("fmap.draw(labels='many')", r"labels must be a whole number.*remove the quotes"),
        ("fmap.draw(labels=['Toy Stroy'])", r"Did you mean: Toy Story"),
        ("fmap.draw(recommendations='x')", r"recommendations must be the table model\.recommend\(\.\.\.\) returns"),
        # split, train, rmse, baselines
        ("recommend.split(data.ratings, test_share=2)", r"test_share must be a number from 0\.01 to 0\.99"),
        ("recommend.split(data.ratings, test_share=0)", r"test_share must be a number from 0\.01 to 0\.99"),
        ("recommend.split(data.ratings, test_share='0.1')", r"test_share.*remove the quotes"),
        ("recommend.split(data.ratings, seed=-1)", r"seed must be a whole number of at least 0"),
        ("recommend.split([1, 2, 3])", r"ratings must be a ratings table with columns user, film and rating"),
        ("recommend.split(data.ratings.iloc[:0])", r"ratings is empty"),
        ("recommend.train(train, data.films, dim=True)", r"dim must be a whole number from 1 to 500.*not True"),
        ("recommend.train(train, data.films, dim=0)", r"dim must be a whole number from 1 to 500"),
        ("recommend.train(train, data.films, dim='16')", r"dim.*remove the quotes"),
        ("recommend.train(train, data.films, dim=10**9)", r"dim must be a whole number from 1 to 500"),
        ("recommend.train(train, data.films, epochs=-1)", r"epochs must be a whole number from 1 to 1000"),
        ("recommend.train(train, data.films, reg=float('nan'))", r"reg must be a number of at least 0, not nan"),
        ("recommend.train(train, data.films, reg=-1)", r"reg must be a number of at least 0"),
        ("recommend.train(train.assign(rating=np.nan), data.films)", r"every rating must be 1 to 5 stars \(no NaN\)"),
        ("recommend.train(train.assign(rating=7), data.films)", r"every rating must be 1 to 5 stars"),
        ("recommend.train(train, [1, 2])", r"films must be the films table of MovieLens"),
        ("recommend.train(train.assign(film=5000), data.films)", r"films must be rows 0–1681"),
        ("model.rmse([1, 2])", r"ratings must be a ratings table"),
        ("model.rmse(test.assign(film=99999))", r"films 0–1681"),
        ("recommend.baselines(train, 'x')", r"test must be a ratings table"),
        ("datasets.movielens(download='yes')", r"download must be True or False"),
        # the board
        *[(f"board.use('Toy Story', {stars})",
           rf"The stars for 'Toy Story' must be a whole number from 1 to 5 .*, not {shown}")
          for stars, shown in [("9", "9"), ("0", "0"), ("'5'", "'5' .*remove the quotes"), ("True", "True"),
                               ("4.5", r"4\.5"), ("float('nan')", "nan")]],
        ("board.use('Lion Kong', 5)", r"Did you mean: Lion King, The \(1994\)"),
        ("board.search.value = '<img src=x onerror=alert(1)>'\nboard.add_button.click()",
         Ok("'&lt;img src=x' in board.status.value and '<img' not in board.status.value")),
        ("r = board.use('Toy Story', 5)",
         Ok("board.ratings['Toy Story (1995)'] == 5 and 'Toy Story (1995)' not in r.index")),
        ("r = board.use('Toy Story', None)", Ok("'Toy Story (1995)' not in board.ratings")),
        ("recommend.you_are_a_point(model, k=0)", r"k must be a whole number of at least 1"),
        ("recommend.you_are_a_point(model, k=10**6)", r"k=1000000 is too large: there are only 603 films with"),
        ("recommend.you_are_a_point('model')", r"Give the board a model from recommend\.train"),
        ("recommend.you_are_a_point(model, films=['Toy Stroy'], draw=False)", r"Did you mean: Toy Story"),
        ("recommend.you_are_a_point(model, draw='yes')", r"draw must be True or False"),
        ("text = repr(model) + repr(me) + repr(board) + repr(fmap) + repr(data)",
         Ok("len(text) < 450 and 'array' not in text and '\\n' not in text")),
    ],
)


# -- pictures: AREAS['pictures'] = (setup, after, cases) goes here


# -- anomaly: AREAS['anomaly'] = (setup, after, cases) goes here


# -- layers: AREAS['layers'] = (setup, after, cases) goes here


# ---------------------------------------------------------------------------- runner
def _run(shell, code: str):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        result = shell.run_cell(code, store_history=False)
    return result, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    result, out, err = _run(shell, "import helpers\nhelpers.errors.install_handler()  # in this shell, even if helpers was imported earlier")
    assert result.success, out + err
    shell.set_up_areas = set()
    yield shell
    InteractiveShell.clear_instance()


CASES = [pytest.param(area, code, expect, id=f"{area}:{code[:60]}")
         for area, (_, _, cases) in AREAS.items() for code, expect in cases]


def test_there_are_enough_cases():
    assert len(CASES) >= 200, len(CASES)


@pytest.mark.parametrize("area, code, expect", CASES)
def test_bad_input(shell, area, code, expect):
    setup, after, _ = AREAS[area]
    if area not in shell.set_up_areas:
        result, out, err = _run(shell, setup)
        assert result.success and "✘" not in err, f"setup of {area} failed:\n{out}{err}"
        shell.set_up_areas.add(area)
    result, out, err = _run(shell, code)
    text = out + err
    assert "Traceback" not in text and result.error_before_exec is None and result.error_in_exec is None, text
    marks = [line for line in err.splitlines() if line.startswith("✘")]
    if isinstance(expect, Ok):
        assert not marks, err
        result, out, err = _run(shell, f"assert {expect.check}, 'not the right result'")
        assert result.success, f"{expect.check!r} is not true after {code!r}:\n{out}{err}"
    else:
        assert len(marks) == 1, f"expected one ✘ line, got:\n{text}"
        assert re.search(expect, marks[0][2:]), f"{marks[0]!r} does not match {expect!r}"
        assert len(marks[0]) < 400, "a message must stay short"
    result, out, err = _run(shell, f"assert {after}, 'the object no longer works'")
    assert result.success, f"after {code!r}: {out}{err}"
