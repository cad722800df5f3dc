"""helpers.sounds on the shipped instrument notes: the data, the two kinds of points, what the notebook says."""
import numpy as np

from helpers import clusters, sounds


def test_the_shipped_notes():
    data = sounds.notes()
    assert data.audio.shape == (130, 8000) and data.audio.dtype == np.int16 and data.rate == 8000
    assert len(set(data.names)) == 130 and len(data.instruments) == 10
    # every note sounds, and starts within the first 60 ms of its second
    loud = np.abs(data.audio.astype(float)) > 300
    assert loud.any(axis=1).all() and loud.argmax(axis=1).max() < 0.06 * data.rate
    # the pitch is what the label says: the strongest low peak of a flute note's spectrum
    i = data.index("flute A4")          # MIDI 69 = 440 Hz
    spectrum = np.abs(np.fft.rfft(data.audio[i].astype(float)))
    freqs = np.fft.rfftfreq(data.rate, 1 / data.rate)
    peak = freqs[np.argmax(spectrum * (freqs < 1000))]
    assert abs(peak - 440) < 10, peak


def test_mel_bank_by_hand_covers_the_band():
    bank = sounds._mel_bank()
    assert bank.shape == (40, 257) and bank.min() >= 0 and bank.max() <= 1
    centres = bank.argmax(axis=1)
    assert (np.diff(centres) >= 0).all() and (np.diff(np.diff(centres)) >= -1).sum() > 30   # wider up high


def test_spectrum_finds_the_note_and_timbre_the_instrument():
    spectrum, timbre = sounds.embed("spectrum"), sounds.embed("timbre")
    s, t = sounds.nearest_shares(spectrum), sounds.nearest_shares(timbre)
    assert s["same note"] > 0.6 and s["same note"] > s["same instrument"]
    assert t["same instrument"] > 0.6 and t["same instrument"] > t["same note"]
    scores = sounds.cluster_scores(k=10)
    assert scores.loc["timbre", "NMI vs instrument"] > scores.loc["timbre", "NMI vs note"]
    assert scores.loc["spectrum", "NMI vs note"] > scores.loc["spectrum", "NMI vs instrument"]


def test_the_map_and_the_clusters_as_notebook_11_describes_them():
    from sklearn.decomposition import PCA

    data, timbre = sounds.notes(), sounds.embed("timbre")
    xy = PCA(2, random_state=0).fit_transform(timbre.vectors)
    mean_x = {i: xy[data.instrument == i, 0].mean() for i in data.instruments}
    struck = max(mean_x[i] for i in ("marimba", "guitar", "piano", "harpsichord"))
    held = min(mean_x[i] for i in ("violin", "cello", "organ", "flute"))
    assert struck < held   # "struck or plucked on one side, held notes on the other"
    labels = clusters.kmeans(timbre.vectors, k=10, seed=0)

    def shared(a, b):
        return max(min((labels[data.instrument == a] == c).sum(), (labels[data.instrument == b] == c).sum())
                   for c in range(10))
    assert shared("piano", "guitar") >= 3 and shared("violin", "cello") >= 3   # "share groups"


def test_rail_by_hand():
    timbre = sounds.embed("timbre")
    history = ["flute G4", "flute B4", "clarinet D#5"]
    got = sounds.rail(timbre, history, k=3)
    x = timbre.vectors.astype(float)
    rows = [timbre.index(n) for n in history]
    d = np.linalg.norm(x - x[rows].mean(axis=0), axis=1)
    d[rows] = np.inf
    assert list(got.index) == [timbre.names[j] for j in np.argsort(d, kind="stable")[:3]]
    # the cello Try-it of notebook 11 has an answer along the hint's lines
    assert sounds.rail(timbre, ["organ G3", "violin G3"], k=1)["instrument"].iloc[0] == "cello"


def test_the_trained_network_finds_instruments_at_pitches_it_never_heard():
    model = sounds.train(seed=0, verbose=False)
    data = sounds.notes()
    assert model.vectors.shape == (130, 16) and np.allclose(np.linalg.norm(model.vectors, axis=1), 1, atol=1e-5)
    assert model.held_out.sum() == 40 and set(data.pitch[model.held_out].tolist()) == {57, 63, 69, 75}
    assert model.losses[-1] < 0.25 * model.losses[0]
    table = sounds.held_out_scores(model)
    assert list(table.index) == ["learned", "timbre", "spectrum"]
    # notebook 11: the learnt points beat both recipes on all three scores, on held-out notes only
    for column in table.columns:
        assert table.loc["learned", column] > max(table.loc["timbre", column], table.loc["spectrum", column]), column
    assert table.loc["learned", "nearest is same instrument"] >= 0.8 and table.loc["learned", "NMI vs instrument"] > 0.8
    # "the timbre recipe finds the same instrument for fewer than half of them" (most, among all 130)
    assert table.loc["timbre", "nearest is same instrument"] < 0.5 < sounds.nearest_shares(sounds.embed("timbre"))["same instrument"]
    # the nearest-instrument share by hand, for the learnt points
    x, truth = model.vectors[model.held_out].astype(float), data.instrument[model.held_out]
    d = np.linalg.norm(x[:, None] - x[None], axis=2)
    np.fill_diagonal(d, np.inf)
    assert table.loc["learned", "nearest is same instrument"] == round(float((truth[d.argmin(1)] == truth).mean()), 3)
    like = sounds.sounds_like(model.space(), "violin A4", k=5)
    assert (like["instrument"] == "violin").sum() >= 4


def test_training_never_sees_the_held_out_notes(monkeypatch):
    plain = sounds.train(epochs=3, seed=1, verbose=False)
    again = sounds.train(epochs=3, seed=1, verbose=False)
    assert np.array_equal(plain.vectors, again.vectors)   # same seed, same points
    real = sounds._net_input()
    scrambled = real.clone()
    rows = np.flatnonzero(plain.held_out)
    scrambled[rows] = scrambled[rows].flip(2)             # the held-out spectrograms upside down
    monkeypatch.setattr(sounds, "_net_input", lambda: scrambled)
    blind = sounds.train(epochs=3, seed=1, verbose=False)
    assert np.allclose(blind.vectors[~plain.held_out], plain.vectors[~plain.held_out], atol=1e-6)
    assert not np.allclose(blind.vectors[plain.held_out], plain.vectors[plain.held_out], atol=1e-3)
