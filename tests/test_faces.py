"""helpers.faces on the real photos: the shipped data, the network the notebook trains, face unlock."""
import numpy as np
import pytest

from helpers import faces


def test_the_shipped_photos():
    data = faces.photos()
    assert data.images.shape == (400, 56, 46) and data.images.dtype == np.uint8
    assert np.bincount(data.person).tolist() == [0] + [10] * 40
    assert sorted(set(data.photo.tolist())) == list(range(1, 11))
    assert len(set(data.names)) == 400
    # 40 different people: no two people's average faces are the same picture
    means = np.stack([data.images[data.person == p].mean(0) for p in range(1, 41)])
    assert np.min([np.abs(means[a] - means[b]).mean() for a in range(40) for b in range(a)]) > 3


@pytest.fixture(scope="module")
def model():
    return faces.train(epochs=20, verbose=False)   # what notebook 10 trains


def test_training_is_repeatable_and_never_sees_the_held_out_people(model):
    again = faces.train(epochs=2, verbose=False)
    assert np.allclose(again.vectors, faces.train(epochs=2, verbose=False).vectors)
    assert model.held_out.sum() == 100 and set(model.data.person[model.held_out].tolist()) == set(range(31, 41))
    assert np.allclose(np.linalg.norm(model.vectors, axis=1), 1, atol=1e-5)


def test_a_stranger_lands_among_their_own_photos(model):
    near = model.nearest("person 31 #1", k=6)
    assert near["same person"].sum() >= 4   # notebook 10: "mostly person 31's other photos"
    assert list(near["distance"]) == sorted(near["distance"])


def test_unlock_rates_by_hand(model):
    """The table's rates recounted pair by pair, with a plain loop."""
    v, p = model.vectors[model.held_out], model.data.person[model.held_out]
    table = faces.unlock_table(v, p, [0.8, 1.0])
    same = different = accepted = refused = 0
    for a in range(len(v)):
        for b in range(a + 1, len(v)):
            d = float(np.sqrt(((v[a].astype(float) - v[b]) ** 2).sum()))
            if p[a] == p[b]:
                same += 1
                refused += d > 1.0
            else:
                different += 1
                accepted += d <= 1.0
    assert (same, different) == (450, 4500)
    assert table.loc[1.0, "false accept"] == pytest.approx(accepted / different, abs=1e-3)
    assert table.loc[1.0, "false reject"] == pytest.approx(refused / same, abs=1e-3)


def test_training_for_identity_beats_pixels_and_eigenfaces(model):
    ways = faces.compare(model)
    assert ways.loc["network", "equal error rate"] < 0.7 * ways.loc[["pixels", "eigenfaces"], "equal error rate"].min()
    assert (ways["nearest photo is the same person"] >= 0.95).all()
    threshold, rate = faces.equal_error(model.vectors[model.held_out], model.data.person[model.held_out])
    table = faces.unlock_table(model.vectors[model.held_out], model.data.person[model.held_out], [threshold])
    assert abs(table.iloc[0].mean() - rate) < 0.01
