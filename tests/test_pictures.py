"""helpers.pictures: the offline visual-semantic model, and the CLIP code on a tiny local model."""
import json

import numpy as np
import pytest

import helpers
from helpers import environment, pictures, plots, real_photos, widgets


@pytest.fixture(scope="module")
def model():
    return pictures.train(held_out="cat", seed=0, verbose=False)


def test_silhouettes_load_without_pickle():
    data = pictures.silhouettes()
    assert data.images.shape == (10000, 28, 28) and data.images.dtype == np.uint8
    assert data.classes == pictures.CLASSES
    assert np.bincount(data.labels).tolist() == [1000] * 10


def test_training_is_reproducible():
    a = pictures.train(held_out="cat", seed=3, epochs=1, verbose=False)
    b = pictures.train(held_out="cat", seed=3, epochs=1, verbose=False)
    c = pictures.train(held_out="cat", seed=4, epochs=1, verbose=False)
    for pa, pb in zip(a.net.parameters(), b.net.parameters()):
        assert np.array_equal(pa.detach().numpy(), pb.detach().numpy())
    assert np.array_equal(a.vectors, b.vectors)
    assert a.pictures_for("horse", 20).index.tolist() == b.pictures_for("horse", 20).index.tolist()
    assert not np.array_equal(a.vectors, c.vectors)


def test_held_out_class_never_trained_on(model):
    cat = pictures.CLASSES.index("cat")
    assert not (model.trained_on & (model.data.labels == cat)).any()
    assert not (model.trained_on & model.test).any()
    assert np.bincount(model.data.labels[model.test]).tolist() == [200] * 10  # 20% of every class


def test_accuracy_is_the_share_whose_own_word_ranks_first(model):
    acc = model.accuracy()
    rows = np.flatnonzero(model.test & (model.data.labels != pictures.CLASSES.index("cat")))
    best = (model.vectors[rows] @ model.class_vectors.T).argmax(axis=1)
    assert acc["top-1"] == pytest.approx((best == model.data.labels[rows]).mean())
    assert acc["top-1"] < acc["top-5"] <= 1


def test_pictures_are_checked(model):
    one = model.data.images[7]
    with pytest.raises(helpers.CourseError, match="multiply them by 255"):
        model.embed(one / 255.0)            # scaled 0–1: would read as almost blank
    with pytest.raises(helpers.CourseError, match="NaN"):
        model.embed(np.where(one > 0, np.nan, 0.0))
    with pytest.raises(helpers.CourseError, match="numbers .*not text"):
        model.embed(np.full((28, 28), "x"))
    with pytest.raises(helpers.CourseError, match="28×28"):
        model.embed(np.zeros((27, 28)))
    with pytest.raises(helpers.CourseError, match="from 0 to 255"):
        model.embed(one * 2.0)
    assert np.allclose(model.embed(one.astype(float))[0], model.vectors[7], atol=1e-5)


def test_accuracy_above_floor(model):
    # Floor: 0.85 top-1 / 0.97 top-5. Measured 0.93 / 0.996 with this seed (and 0.91-0.95
    # over the classes held out in trials); a plain 784-256-50 MLP reaches ~0.90, so a floor
    # of 0.85 catches a broken encoder or loss while leaving room for platform differences.
    acc = model.accuracy()
    assert acc["pictures"] == 1800
    assert acc["top-1"] >= 0.85
    assert acc["top-5"] >= 0.97


def test_class_names_find_their_class(model):
    table = model.class_queries(k=10)
    seen = table[~table["held out"]]["precision@10"]
    assert seen.mean() >= 0.9 and seen.min() >= 0.7


def test_zero_shot_above_chance(model):
    zs = model.zero_shot(k=10)
    chance = zs.loc["plain", "chance"]
    assert chance == pytest.approx(0.1, abs=0.01)
    # calibrated: measured 0.5 at k=10 and 0.6 at k=100; p@100 is the less noisy check
    assert zs.loc["calibrated", "precision@100"] >= 2 * chance
    assert zs.loc["calibrated", "precision@10"] > chance


def test_unseen_words_find_sensible_pictures(model):
    assert model.precision("milk", "cow") >= 0.6
    assert model.precision("savanna", "zebra") + model.precision("savanna", "giraffe") >= 0.7


def test_words_for_a_picture(model):
    bear = int(np.flatnonzero(model.test & (model.data.labels == 0))[0])
    words = model.words_for(bear, k=5)
    assert len(words) == 5 and words.index[0] == "bear" and words.iloc[0]["class word"] == "✔"
    same = model.words_for(model.data.images[bear], k=5)
    assert same.index.tolist() == words.index.tolist()


def test_bad_input_is_a_course_error(model):
    with pytest.raises(helpers.CourseError, match="Did you mean"):
        model.pictures_for("zebraa")
    with pytest.raises(helpers.CourseError):
        model.pictures_for("")
    with pytest.raises(helpers.CourseError, match="k="):
        model.pictures_for("cat", k=10**6)
    with pytest.raises(helpers.CourseError):
        model.words_for(10**6)
    with pytest.raises(helpers.CourseError):
        model.words_for("a picture")
    with pytest.raises(helpers.CourseError, match="Did you mean"):
        pictures.train(held_out="zebr")
    with pytest.raises(helpers.CourseError):
        plots.thumbnails([])


def test_search_box_updates_and_shows_errors_inline(model):
    box = widgets.PictureSearch(model, "farm", k=6)
    assert list(box.result["class"]) and len(box.result) == 6
    assert repr(box) == "<PictureSearch: the 6 pictures nearest 'farm'>"
    result = box.use("milk")
    assert box.text.value == "milk" and (result["class"] == "cow").sum() >= 4
    with pytest.raises(helpers.CourseError, match="Did you mean: milk"):
        box.use("mlik")
    assert box.result.startswith("✘") and 'class="pis-error"' in box.message.value and "milk" in box.message.value
    assert box.gallery.value == ""
    with pytest.raises(helpers.CourseError):  # the examples fit the pictures: animals, not 'king'
        box.use("")
    assert "king" not in box.result and "'cat'" in box.result and "zebra" in box.result
    with pytest.raises(helpers.CourseError):
        box.use("<img src=x onerror=alert(1)>")
    assert "<img src=x" not in box.message.value and "&lt;img src=x" in box.message.value
    box.text.value = "cow"                  # typing in the page does the same
    assert box.message.value == "" and len(box.result) == 6 and box.gallery.value.count("<img ") == 6
    assert box.use("cow") is box.result     # the same word again: the same answer


def test_reprs_are_one_short_line(model):
    for obj in (model, model.data):
        assert len(repr(obj)) < 120 and "\n" not in repr(obj) and "array" not in repr(obj)


def test_figures(model):
    assert len(plots.thumbnails(model.data.images[:5], list("abcde"), columns=3).axes) == 6
    assert plots.pictures_for(model, "horse", k=4).axes[0].get_title().startswith("horse")
    assert plots.joint_map(model, per_class=2).axes[0].get_title()


def test_photos_ship_offline():
    photos = real_photos.photos()
    assert {"astronaut", "chelsea", "coffee", "rocket", "horse", "china", "flower", "grace_hopper"} <= set(photos)
    assert all(p.mode == "RGB" for p in photos.values())


# -- CLIP code, on a tiny random CLIP model built here (no download) ------------------
def _tiny_clip(folder):
    from transformers import CLIPConfig, CLIPImageProcessor, CLIPModel, CLIPProcessor, CLIPTokenizer

    byte_symbols = [chr(c) for c in range(33, 127)] + [chr(c) for c in range(161, 173)] + \
                   [chr(c) for c in range(174, 256)]
    byte_symbols += [chr(256 + n) for n in range(256 - len(byte_symbols))]  # GPT-2's byte map
    vocab = {}
    for s in byte_symbols + [s + "</w>" for s in byte_symbols] + ["<|startoftext|>", "<|endoftext|>"]:
        vocab.setdefault(s, len(vocab))
    (folder / "vocab.json").write_text(json.dumps(vocab))
    (folder / "merges.txt").write_text("#version: 0.2\n")
    tokenizer = CLIPTokenizer(str(folder / "vocab.json"), str(folder / "merges.txt"))
    config = CLIPConfig(
        text_config=dict(vocab_size=len(vocab), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=2, max_position_embeddings=77,
                         bos_token_id=vocab["<|startoftext|>"], eos_token_id=vocab["<|endoftext|>"]),
        vision_config=dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                           image_size=32, patch_size=8),
        projection_dim=16)
    import torch

    torch.manual_seed(0)
    CLIPModel(config).save_pretrained(folder)
    image_processor = CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32})
    CLIPProcessor(image_processor=image_processor, tokenizer=tokenizer).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_clip_folder(tmp_path_factory):
    return _tiny_clip(tmp_path_factory.mktemp("tiny_clip"))


def test_clip_code_runs_offline_on_a_tiny_model(tiny_clip_folder, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(environment, "online", lambda *a, **k: False)
    monkeypatch.setattr(real_photos, "online", lambda *a, **k: False)
    clip = real_photos.load_clip(str(tiny_clip_folder))
    assert clip is not None
    photos = {k: v for k, v in real_photos.photos().items() if k in ("astronaut", "chelsea", "coffee")}
    img = real_photos.embed_photos(clip, photos)
    txt = real_photos.embed_sentences(clip, ["a cat", "a cup of coffee"])
    assert img.shape == (3, 16) and txt.shape == (2, 16)
    assert np.allclose(np.linalg.norm(img, axis=1), 1, atol=1e-4)
    found = real_photos.find_photo(clip, "a ginger cat", photos, k=2)
    assert len(found) == 2 and set(found.index) <= set(photos)
    ranked = real_photos.best_caption(clip, photos["chelsea"], ["a cat", "a dog", "a rocket"])
    assert sorted(ranked.index) == ["a cat", "a dog", "a rocket"]
    with pytest.raises(helpers.CourseError):
        real_photos.embed_sentences(clip, ["", "a cat"])


def test_clip_encodes_the_same_photos_once(tiny_clip_folder, monkeypatch):
    # notebook 06 asks eight sentences of the same photos: they are encoded once, not eight times
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    clip = real_photos.load_clip(str(tiny_clip_folder))
    photos = {k: v for k, v in real_photos.photos().items() if k in ("astronaut", "chelsea", "coffee")}
    first = real_photos.find_photo(clip, "a ginger cat", photos, k=3)
    encoded = []
    encode = clip.encode
    monkeypatch.setattr(clip, "encode", lambda items, **kw: encoded.append(len(items)) or encode(items, **kw))
    again = real_photos.find_photo(clip, "a ginger cat", photos, k=3)
    assert encoded == [1]                                   # the sentence only
    assert again.equals(first)
    fewer = {k: photos[k] for k in ("chelsea", "coffee")}   # other photos: encoded afresh
    assert real_photos.embed_photos(clip, fewer).shape == (2, 16) and encoded[-1] == 2


def test_clip_saved_as_sentence_transformer_reloads(tiny_clip_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    clip = real_photos.load_clip(str(tiny_clip_folder))
    clip.save(str(tmp_path / "st"))
    again = real_photos.load_clip(str(tmp_path / "st"))
    a = real_photos.embed_sentences(clip, "a horse")
    b = real_photos.embed_sentences(again, "a horse")
    assert np.allclose(a, b, atol=1e-5)


def test_offline_skip_path(monkeypatch, capsys):
    monkeypatch.setattr(real_photos, "online", lambda *a, **k: False)
    assert real_photos.load_clip("clip-ViT-B-32") is None
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("⚠ Offline")

