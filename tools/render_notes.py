"""Record the instrument notes of notebook 11 from the FluidR3 GM soundfont into data/notes.npz.

Run once, on Debian/Ubuntu (the course never needs FluidSynth or the soundfont itself):

    apt-get install -y fluidsynth fluid-soundfont-gm
    python tools/render_notes.py

FluidR3 GM (Frank Wen, MIT licence) is a General MIDI soundfont built "largely from recordings"
of real instruments. This script writes one MIDI file that plays every note of ``INSTRUMENTS``
at every pitch of ``PITCHES`` in turn (0.8 s each, 1.5 s apart, channel 1, velocity 100), has
FluidSynth play it into a WAV file (8,000 samples a second, mono mix, no reverb, no chorus), cuts
one second from the start of each note, and writes data/notes.npz: ``audio`` (130×8000 int16),
``rate`` (8000), ``instrument`` (130 names), ``pitch`` (130 MIDI note numbers; 60 is middle C).
Loads with allow_pickle=False. Also writes data/LICENSE-fluid-soundfont.txt.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
COPYRIGHT = Path("/usr/share/doc/fluid-soundfont-gm/copyright")
DATA = Path(__file__).resolve().parent.parent / "data"
# General MIDI program numbers (0-based) and the names the course uses
INSTRUMENTS = {"piano": 0, "harpsichord": 6, "marimba": 12, "organ": 19, "guitar": 24,
               "violin": 40, "cello": 42, "trumpet": 56, "clarinet": 71, "flute": 73}
PITCHES = list(range(55, 80, 2))   # G3 to G5, every whole tone: 13 pitches
RATE, TICKS, STEP, HELD = 8000, 480, 1.5, 0.8   # tempo 120: 480 ticks = 0.5 s


def _varlen(n: int) -> bytes:
    out = [n & 0x7F]
    while n > 127:
        n >>= 7
        out.append(0x80 | (n & 0x7F))
    return bytes(reversed(out))


def midi_file(notes) -> bytes:
    """A format-0 standard MIDI file that plays ``notes`` = [(program, pitch), ...] one after another."""
    per_second = 2 * TICKS
    events, now = bytearray(), 0
    for i, (program, pitch) in enumerate(notes):
        start = round(i * STEP * per_second)
        events += _varlen(start - now) + bytes([0xC0, program])        # program change, channel 1
        events += _varlen(0) + bytes([0x90, pitch, 100])                # note on
        events += _varlen(round(HELD * per_second)) + bytes([0x80, pitch, 0])   # note off
        now = start + round(HELD * per_second)
    events += _varlen(round(STEP * per_second)) + b"\xff\x2f\x00"       # end of track, after the last release
    header = b"MThd" + (6).to_bytes(4, "big") + (0).to_bytes(2, "big") + (1).to_bytes(2, "big") + TICKS.to_bytes(2, "big")
    return header + b"MTrk" + len(events).to_bytes(4, "big") + bytes(events)


def main() -> None:
    from scipy.io import wavfile

    if not SOUNDFONT.exists():
        sys.exit(f"{SOUNDFONT} is missing: apt-get install -y fluidsynth fluid-soundfont-gm")
    notes = [(program, pitch) for program in INSTRUMENTS.values() for pitch in PITCHES]
    names = [name for name in INSTRUMENTS for _ in PITCHES]
    with tempfile.TemporaryDirectory() as tmp:
        mid, wav = Path(tmp) / "notes.mid", Path(tmp) / "notes.wav"
        mid.write_bytes(midi_file(notes))
        subprocess.run(["fluidsynth", "-ni", "-q", "-R", "0", "-C", "0", "-g", "0.6", "-r", str(RATE),
                        "-F", str(wav), str(SOUNDFONT), str(mid)], check=True)
        rate, sound = wavfile.read(wav)
    assert rate == RATE, rate
    mono = sound.astype(np.float64).mean(axis=1) if sound.ndim == 2 else sound.astype(np.float64)
    starts = [round(i * STEP * RATE) for i in range(len(notes))]
    audio = np.stack([mono[s:s + RATE] for s in starts])
    assert audio.shape == (len(notes), RATE), audio.shape
    peak = np.abs(audio).max(axis=1)
    assert peak.min() > 300, f"a silent note: {names[int(peak.argmin())]}"
    audio = np.clip(np.rint(audio), -32768, 32767).astype(np.int16)
    DATA.mkdir(exist_ok=True)
    np.savez_compressed(DATA / "notes.npz", audio=audio, rate=np.int64(RATE),
                        instrument=np.array(names, dtype="<U16"), pitch=np.array([p for _, p in notes], dtype=np.int64))
    header = ("Instrument notes (data/notes.npz) were played by FluidSynth from the FluidR3 GM soundfont\n"
              "(Debian package fluid-soundfont-gm 3.1), by tools/render_notes.py. The soundfont's\n"
              "copyright and licence, as Debian ships them, follow.\n\n")
    (DATA / "LICENSE-fluid-soundfont.txt").write_text(header + COPYRIGHT.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"{len(notes)} notes, {(DATA / 'notes.npz').stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
