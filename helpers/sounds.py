"""A sound is a point: instrument notes, "sounds like this one", and a recommendation rail.

The sounds are 130 real instrument notes: 10 instruments (piano, harpsichord, marimba, organ,
guitar, violin, cello, trumpet, clarinet, flute), each playing the 13 notes from G3 to G5 a whole
tone apart, one second each, 8,000 samples a second (data/notes.npz, played by FluidSynth from
the FluidR3 GM soundfont, which is built largely from recordings of real instruments; see
data/README.md).

Each note becomes a point in one of two ways, both computed here from its spectrogram (scipy's
STFT and a mel filter bank written out below, as no installed library provides one):

- ``"spectrum"``: the note's average loudness in each of 40 frequency bands. Mostly says *which
  note* is played.
- ``"timbre"``: the classic recipe of early music search and recommendation, MFCCs: the *shape* of
  the spectrum (13 numbers), its average, its wobble and its change from frame to frame, plus how
  the loudness rises and dies away over the second. Mostly says *which instrument* plays.

A third way is learnt rather than designed: :func:`train` fits a small network (torch, on the
CPU) to the spectrograms of 90 notes, told only their instruments, and :func:`held_out_scores`
compares it with the two recipes on the 40 notes of the 4 pitches it never heard.

>>> from helpers import sounds
>>> sounds.notes()
<Notes: 130 notes, 10 instruments × 13 pitches, 1.0 s each at 8000 Hz>
>>> timbre = sounds.embed("timbre"); timbre
Space(130 points, 47 dimensions)
>>> sounds.sounds_like(timbre, "violin G4", k=3).columns.tolist()
['distance', 'instrument', 'note']

scipy, scikit-learn, torch and IPython load only inside the functions; its figures are in helpers.plots.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ._training import run_settings, fit, margin_loss, TrainedNet
from .errors import CourseError, check_k, choice, shorten, unknown, whole
from .space import Space

NOTE_NAMES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
KINDS = ["timbre", "spectrum"]
BANDS, MFCCS, ENVELOPE = 40, 13, 8


def note_name(pitch: int) -> str:
    """MIDI note number → name: 60 is middle C.

    >>> note_name(60), note_name(67)
    ('C4', 'G4')
    """
    pitch = whole(pitch, "pitch", 0, 127)
    return f"{NOTE_NAMES[pitch % 12]}{pitch // 12 - 1}"


@dataclass(frozen=True, repr=False)
class Notes:
    """The 130 notes: ``audio`` (130×8000 int16), ``rate`` (8000), ``instrument``, ``pitch`` (MIDI)."""

    audio: np.ndarray
    rate: int
    instrument: np.ndarray
    pitch: np.ndarray

    def __len__(self) -> int:
        return len(self.pitch)

    def __repr__(self) -> str:
        return (f"<Notes: {len(self)} notes, {len(self.instruments)} instruments × {len(set(self.pitch.tolist()))} "
                f"pitches, {self.audio.shape[1] / self.rate:.1f} s each at {self.rate} Hz>")

    @property
    def instruments(self) -> list[str]:
        return list(dict.fromkeys(self.instrument.tolist()))

    @property
    def names(self) -> list[str]:
        """``"violin G4"``: the instrument and the note."""
        return [f"{i} {note_name(p)}" for i, p in zip(self.instrument.tolist(), self.pitch.tolist())]

    def index(self, name) -> int:
        """Row of the note called ``name`` (close spellings suggested when unknown).

        >>> notes().index("piano G3")
        0
        """
        names = self.names
        if not isinstance(name, str) or name not in names:
            raise unknown(name, names, "note", 'Names look like "violin G4": an instrument and a note from G3 to G5 '
                                               "(G3, A3, B3, C#4, D#4, F4, G4, ...).")
        return names.index(name)


@lru_cache(maxsize=1)
def notes() -> Notes:
    """The notes shipped in data/notes.npz (loaded with ``allow_pickle=False``).

    >>> notes().audio.shape
    (130, 8000)
    """
    from ._files import data_dir

    with np.load(data_dir() / "notes.npz", allow_pickle=False) as f:
        return Notes(f["audio"], int(f["rate"]), np.array([str(s) for s in f["instrument"]]),
                     f["pitch"].astype(np.int64))


def _names(names) -> list[int]:
    data = notes()
    if isinstance(names, str):
        names = [names]
    if not hasattr(names, "__iter__"):
        raise CourseError(f'Give a note name like "violin G4", or a list of them; not {shorten(names)}.')
    rows = [data.index(n) for n in names]
    if not rows:
        raise CourseError('Give at least one note name, e.g. "violin G4".')
    if len(rows) > 20:
        raise CourseError(f"{len(rows)} players is too many for one cell: play at most 20 notes at once.")
    return rows


def play(names):
    """A player for each note in ``names`` (one name or a list), labelled with its name.

    >>> type(play("violin G4")).__name__
    'HTML'
    """
    from IPython.display import HTML, Audio

    data = notes()
    rows = _names(names)
    cells = []
    for i in rows:
        player = Audio(data.audio[i].astype(np.float32) / 32768, rate=data.rate, normalize=False)._repr_html_()
        cells.append(f'<div style="display:inline-block;margin:2px 8px;text-align:center">'
                     f'<div style="font-size:90%">{data.names[i]}</div>{player}</div>')
    return HTML("".join(cells))


# -- from sound to point ----------------------------------------------------------------------
@lru_cache(maxsize=1)
def _mel_bank(bands: int = BANDS, n_fft: int = 512, rate: int = 8000) -> np.ndarray:
    """Triangular filters evenly spaced on the mel scale (how far apart pitches *sound*) from
    50 Hz to half the sample rate: bands × (n_fft/2 + 1). Written out here: no installed
    library (scipy, scikit-learn) has one."""
    def mel(hz):
        return 2595 * np.log10(1 + hz / 700)

    def hz(m):
        return 700 * (10 ** (m / 2595) - 1)

    edges = hz(np.linspace(mel(50), mel(rate / 2), bands + 2))
    freqs = np.linspace(0, rate / 2, n_fft // 2 + 1)
    lo, mid, hi = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    return np.clip(np.minimum((freqs - lo) / (mid - lo), (hi - freqs) / (hi - mid)), 0, None)


@lru_cache(maxsize=1)
def _log_mel() -> np.ndarray:
    """Every note's log-mel spectrogram: notes × 40 bands × frames (scipy's STFT, 64 ms windows)."""
    from scipy import signal

    data = notes()
    _, _, z = signal.stft(data.audio.astype(np.float64) / 32768, fs=data.rate, nperseg=512, noverlap=384)
    return np.log(np.einsum("bf,nft->nbt", _mel_bank(), np.abs(z) ** 2) + 1e-6)


@lru_cache(maxsize=2)
def _features(kind: str) -> np.ndarray:
    from scipy.fft import dct
    from sklearn.preprocessing import StandardScaler

    spec = _log_mel()
    if kind == "spectrum":
        x = spec.mean(axis=2)
    else:
        mfcc = dct(spec, axis=1, norm="ortho")[:, 1:MFCCS + 1]       # the spectrum's shape, not its loudness
        loud = np.log(np.exp(spec).sum(axis=1))                        # loudness of each frame
        step = loud.shape[1] // ENVELOPE
        envelope = loud[:, ::step][:, :ENVELOPE] - loud.max(axis=1, keepdims=True)
        x = np.hstack([mfcc.mean(axis=2), mfcc.std(axis=2), np.abs(np.diff(mfcc, axis=2)).mean(axis=2), envelope])
    return StandardScaler().fit_transform(x).astype(np.float32)


def embed(kind: str = "timbre") -> Space:
    """Every note as a point: ``"timbre"`` (47 numbers: MFCC statistics and the loudness
    envelope) or ``"spectrum"`` (40 numbers: average loudness per frequency band). Each
    number is standardised (mean 0, spread 1 over the 130 notes) by scikit-learn.

    >>> embed("spectrum").dim
    40
    """
    kind = choice(kind, KINDS, "kind")
    return Space(notes().names, _features(kind))


def _space(space) -> Space:
    if not isinstance(space, Space) or len(space) != len(notes()) or space.names != notes().names:
        raise CourseError(f"Give the notes' points, e.g. sounds.embed('timbre'); not {shorten(space)}.")
    return space


def sounds_like(space: Space, name: str, k: int = 5):
    """The ``k`` notes nearest to ``name`` in ``space`` (Euclidean distance), with their
    instrument and note: "find sounds like this one"."""
    space = _space(space)
    data = notes()
    data.index(name)
    table = space.nearest(name, k=check_k(k, len(space) - 1, "other notes"), metric="euclidean")
    rows = [data.index(n) for n in table.index]
    table["instrument"] = data.instrument[rows]
    table["note"] = [note_name(p) for p in data.pitch[rows]]
    return table


def nearest_shares(space: Space) -> dict:
    """For each note, its nearest other note: the share that is the same instrument, and the
    share that is the same note (pitch).

    >>> sorted(nearest_shares(embed("timbre")))
    ['same instrument', 'same note']
    """
    space = _space(space)
    data = notes()
    x = space.vectors.astype(np.float64)
    d = ((x[:, None] - x[None]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    nn = d.argmin(axis=1)
    return {"same instrument": round(float((data.instrument[nn] == data.instrument).mean()), 3),
            "same note": round(float((data.pitch[nn] == data.pitch).mean()), 3)}


def cluster_scores(k: int = 10, seed: int = 0):
    """KMeans with ``k`` groups (helpers.clusters.kmeans) on each kind of point, scored against the
    true instrument and the true note with NMI and ARI (helpers.clusters.agreement_table)."""
    import pandas as pd

    from . import clusters

    k, seed = whole(k, "k", 2, 60, "how many groups"), whole(seed, "seed", 0)
    data = notes()
    found = {kind: clusters.kmeans(embed(kind).vectors, k=k, seed=seed) for kind in KINDS}
    known = pd.DataFrame({"instrument": data.instrument, "note": [note_name(p) for p in data.pitch]})
    return clusters.agreement_table(found, known)


def rail(space: Space, history, k: int = 5):
    """A recommendation rail: what to play next after the notes in ``history``. The listener is
    the average of the points they played; the rail is the ``k`` nearest notes not yet played,
    each with the played note that is nearest to it ("because you listened to ...").

    >>> rail(embed("timbre"), ["flute G4", "flute A4"], k=2).columns.tolist()
    ['distance', 'instrument', 'because you listened to']
    """
    space = _space(space)
    data = notes()
    played = _names(history)
    k = check_k(k, len(space) - len(set(played)), "notes not yet played")
    x = space.vectors.astype(np.float64)
    you = x[played].mean(axis=0)
    d = np.sqrt(((x - you) ** 2).sum(axis=1))
    d[played] = np.inf
    from .space import top_k

    best = top_k(d, k)
    import pandas as pd

    because = [data.names[played[int(np.argmin(((x[played] - x[j]) ** 2).sum(axis=1)))]] for j in best]
    return pd.DataFrame({"distance": np.round(d[best], 3), "instrument": data.instrument[best],
                         "because you listened to": because},
                        index=pd.Index([data.names[j] for j in best], name="next"))


# -- a small network trained here on the spectrograms -----------------------------------------
DIM = 16
HELD_OUT_PITCHES = (57, 63, 69, 75)   # A3, D#4, A4, D#5: every third note, never shown in training


def _spectrogram_net():
    """A small CNN: a 40-band × 64-frame log-mel spectrogram → 16 numbers (three convolutions,
    the strongest response kept in each quarter of the second, one linear layer)."""
    from torch import nn

    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),    # 16 × 20 × 32
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 32 × 10 × 16
        nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(),
        nn.AdaptiveMaxPool2d((1, 4)), nn.Flatten(),                    # any pitch, 4 moments: 128
        nn.Linear(128, DIM),
    )


def _net_input():
    """The spectrograms as the network sees them: the loudest point of each note at 1, 14 (natural
    log units) below it at −1 and anything quieter clipped: notes × 1 × 40 × 64."""
    import torch

    spec = _log_mel()
    x = np.maximum(spec - spec.max(axis=(1, 2), keepdims=True), -14) / 7 + 1
    return torch.from_numpy(x.astype(np.float32))[:, None]


def train(epochs: int = 60, seed: int = 0, verbose: bool = True) -> "SoundModel":
    """Train a small network (:func:`_spectrogram_net`) to turn each note's spectrogram into 16
    numbers, on the 90 notes of 9 pitches; the 40 notes of A3, D#4, A4 and D#5 are never shown.

    Each of the 10 instruments gets a direction of its own, learnt along with the network; the
    loss (cross-entropy of the cosine to every instrument's direction, scaled by 16, with a
    margin of 0.2 for the right one, as in notebook 10's faces) pulls a note towards its
    instrument's direction. Each batch is shifted up or down by up to 2 mel bands, so the
    network must recognise the instrument at pitches it has not heard. Only the network is
    kept: every note (seen or not) becomes a point of length 1. Same ``seed`` → same weights.

    >>> train(epochs=0)
    Traceback (most recent call last):
    ...
    helpers.errors.CourseError: epochs must be a whole number from 1 to 200, not 0.
    """
    epochs, seed, verbose = run_settings(epochs, seed, verbose, most_epochs=200)
    import torch

    data = notes()
    held_out = np.isin(data.pitch, HELD_OUT_PITCHES)
    labels = np.array([data.instruments.index(i) for i in data.instrument])
    x_all = _net_input()
    x, y = x_all[torch.from_numpy(~held_out)], torch.from_numpy(labels[~held_out])

    def batch_loss(net, rows, order, directions):
        shift = int(torch.randint(-2, 3, (1,), generator=order))
        return margin_loss(net(torch.roll(x[rows], shift, 2)), directions, y[rows])  # up or down a band or two

    trained = fit(_spectrogram_net, batch_loss, x_all, len(x), seed=seed, epochs=epochs, batch=30, lr=3e-3,
                  directions=(len(data.instruments), DIM))
    model = SoundModel(**trained, held_out=held_out)
    if verbose:
        print(f"Trained on {(~held_out).sum()} notes ({len(data.instruments)} instruments × "
              f"{len(set(data.pitch[~held_out].tolist()))} pitches) in {model.seconds:.1f} s; loss "
              f"{model.losses[0]:.2f} → {model.losses[-1]:.2f}. The {held_out.sum()} notes of "
              f"{', '.join(note_name(p) for p in HELD_OUT_PITCHES)} were never shown.")
    return model


@dataclass(eq=False, repr=False, kw_only=True)
class SoundModel(TrainedNet):
    """A trained spectrogram network and every note's point: ``vectors[i]`` is note i's point
    (16 numbers, length 1); ``held_out`` marks the 40 notes of the pitches never used in training."""

    held_out: np.ndarray

    def __repr__(self) -> str:
        return (f"<SoundModel: {len(self.vectors)} notes as {self.vectors.shape[1]}-d points, "
                f"{', '.join(note_name(p) for p in HELD_OUT_PITCHES)} held out, seed {self.seed}, "
                f"trained in {self.seconds:.1f} s>")

    def space(self) -> Space:
        """All 130 notes as a Space, for :func:`sounds_like`, ``plots.sound_map`` and :func:`rail`.

        >>> train(epochs=1, verbose=False).space()
        Space(130 points, 16 dimensions)
        """
        return Space(notes().names, self.vectors)


def held_out_scores(model, k: int = 10, seed: int = 0):
    """How well each kind of point tells the instruments apart on the 40 held-out notes only
    (the pitches the network never heard), with the network's points and the two recipes
    side by side: the share of notes whose nearest other held-out note is the same instrument
    (chance: 3 of 39), and KMeans with ``k`` groups on the 40 points scored against the true
    instrument (NMI, ARI).

    >>> held_out_scores(train(epochs=1, verbose=False)).columns.tolist()
    ['nearest is same instrument', 'NMI vs instrument', 'ARI vs instrument']
    """
    import pandas as pd
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from . import clusters

    if not isinstance(model, SoundModel):
        raise CourseError(f"held_out_scores needs the trained model: model = sounds.train(); not {shorten(model)}.")
    k, seed = whole(k, "k", 2, 40, "how many groups"), whole(seed, "seed", 0)
    data = notes()
    rows = model.held_out
    truth = data.instrument[rows]
    table = {}
    for kind, x in [("learned", model.vectors), ("timbre", _features("timbre")), ("spectrum", _features("spectrum"))]:
        x = x[rows].astype(np.float64)
        d = ((x[:, None] - x[None]) ** 2).sum(-1)
        np.fill_diagonal(d, np.inf)
        found = clusters.kmeans(x, k=k, seed=seed)
        table[kind] = {"nearest is same instrument": round(float((truth[d.argmin(axis=1)] == truth).mean()), 3),
                       "NMI vs instrument": round(float(normalized_mutual_info_score(truth, found)), 3),
                       "ARI vs instrument": round(float(adjusted_rand_score(truth, found)), 3)}
    return pd.DataFrame(table).T.rename_axis(f"{rows.sum()} held-out notes")
