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

>>> from helpers import sounds
>>> sounds.notes()
<Notes: 130 notes, 10 instruments × 13 pitches, 1.0 s each at 8000 Hz>
>>> timbre = sounds.embed("timbre"); timbre
Space(130 points, 47 dimensions)
>>> sounds.sounds_like(timbre, "violin G4", k=3).columns.tolist()
['distance', 'instrument', 'note']

scipy, scikit-learn, matplotlib and IPython load only inside the functions.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .errors import CourseError, check_k, choice, shorten, unknown, whole
from .plots import figure
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


def show_spectrograms(names, title: str = "What the notes look like: time across, pitch (mel bands) up"):
    """The log-mel spectrogram of each note in ``names``: brighter is louder."""
    rows = _names(names)
    if len(rows) > 12:
        raise CourseError("Show at most 12 spectrograms at once.")
    spec = _log_mel()
    fig = figure((2.2 * len(rows), 2.6))
    axes = np.atleast_1d(fig.subplots(1, len(rows), sharey=True))
    for ax, i in zip(axes, rows):
        ax.imshow(spec[i], origin="lower", aspect="auto", cmap="magma", vmin=spec.max() - 14, vmax=spec.max(),
                  extent=(0, 1, 0, BANDS))
        ax.set_title(notes().names[i], fontsize=9)
        ax.set_xlabel("seconds")
    axes[0].set_ylabel("mel band")
    fig.suptitle(title)
    return fig


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
    table = table.rename(columns={table.columns[0]: "distance"})[["distance"]]
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


def plot_map(space: Space, colour_by: str = "instrument", title: str = ""):
    """The notes on the plane of their two main directions (PCA), one colour per instrument (or
    per note), each group's name at its centre."""
    from sklearn.decomposition import PCA

    space = _space(space)
    colour_by = choice(colour_by, ["instrument", "note"], "colour_by")
    data = notes()
    groups = data.instrument if colour_by == "instrument" else np.array([note_name(p) for p in data.pitch])
    xy = PCA(2, random_state=0).fit_transform(space.vectors)
    fig = figure((8, 5.5))
    ax = fig.subplots()
    import matplotlib.pyplot as plt

    palette = plt.get_cmap("tab20").colors
    for i, g in enumerate(dict.fromkeys(groups.tolist())):
        m = groups == g
        ax.scatter(xy[m, 0], xy[m, 1], s=28, color=palette[(2 * i) % 20 + (i // 10)], label=g, alpha=0.85)
        ax.annotate(g, xy[m].mean(axis=0), fontsize=9, weight="bold", ha="center",
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.7))
    ax.set_xlabel("direction 1")
    ax.set_ylabel("direction 2")
    ax.set_title(title or f"130 notes, coloured by {colour_by}")
    return fig


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
