"""helpers.own: the learner's own sentences, CSV and pictures as points; the Projector export."""
import numpy as np
import pytest

from helpers import Space, own


def test_export_is_what_the_projector_reads(tmp_path):
    space = Space(["a\tb", "line\nbreak", "c"], [[0.5, 1], [1, 0], [2, -3.25]])
    v, m = own.export_projector(space, tmp_path, metadata={"kind": ["x", "y", "z"]})
    rows = [line.split("\t") for line in v.read_text(encoding="utf-8").splitlines()]
    assert np.allclose(np.array(rows, dtype=float), space.vectors)           # no header, tabs, one row per point
    meta = [line.split("\t") for line in m.read_text(encoding="utf-8").splitlines()]
    assert meta[0] == ["name", "kind"] and len(meta) == 4 and all(len(r) == 2 for r in meta)
    assert meta[1] == ["a b", "x"] and meta[2] == ["line break", "y"]          # tabs and newlines cannot break it


def test_csv_numbers_texts_and_names():
    s = own.from_csv("fruit,sweet,long\napple,7,2\napple,6,3\nbanana,8,9\n")
    assert s.names == ["apple", "apple (2)", "banana"] and s.axes == ["sweet", "long"]
    t = own.from_csv(b"\xef\xbb\xbfreview\nlovely soft fabric\ntoo small\nruns large\n")   # Excel's UTF-8 with BOM
    assert t.dim == 384 and t.names[0] == "lovely soft fabric"
    chosen = own.from_csv("title,genre\nthe cat sat,poem\na dog ran,story\nbirds sing,poem\n", text_column="title")
    assert chosen.names == ["the cat sat", "a dog ran", "birds sing"]


def test_pictures_from_a_folder_of_real_photos():
    import skimage

    space = own.from_folder(skimage.data_dir, dims=10)
    assert len(space) >= 20 and space.dim == 10
    # the two motorcycle photos (the same scene, left and right camera) are each other's nearest
    assert space.nearest("motorcycle_left.png", k=1, metric="euclidean").index[0] == "motorcycle_right.png"


def test_example_groups_and_search():
    example = own.example_sentences()
    mine = own.from_texts(example["sentence"].tolist())
    groups = own.named_clusters(mine, k=4)
    assert sorted(groups["size"]) == [4, 4, 4, 4]
    assert own.search(mine, "who won the game?", k=1).index[0] in set(example.query("topic == 'football'")["sentence"])
    assert own.search(mine, "should I take an umbrella?", k=1).index[0] in set(example.query("topic == 'weather'")["sentence"])
