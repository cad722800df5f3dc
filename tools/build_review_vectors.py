"""Rebuild data/review_vectors.npy: the MiniLM vectors of the reviews the notebooks use.

Notebooks 02 and 03 work with ``sentences.reviews(5000)`` (02 with its first 2,500).
Encoding them takes a minute on two cores and several on mybinder.org's one CPU, so
the course ships their vectors, and ``sentences.encode`` takes a text's vector from
this file when it is there. Learners still encode live: every query, the how-to
sentences, and a small batch of reviews in notebook 02 that shows the speed and how
closely a fresh encode matches what ships (tests/test_sentences.py does the same).

The file is one NumPy array (``np.save``: a fixed header and the raw bytes, so the same
input gives the same file) with two fields per review, ``key`` (sha1 of the text, as the
cache uses) and ``vector`` (384 float16 numbers: the unit-length MiniLM vector, rounded).
Encoding runs on one thread in one fixed order, so a rebuild is byte-identical.

    python tools/build_review_vectors.py           # rewrite the file
    python tools/build_review_vectors.py --check   # rebuild in memory, exit 1 if it differs
"""
from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers import _encoder, sentences  # noqa: E402

N_REVIEWS = 5000  # notebook 03's sample; notebook 02 uses its first half
OUT = ROOT / "data" / sentences.SHIPPED_FILE


def build() -> bytes:
    """The file's bytes: encode the reviews with the packaged model, one thread, fixed order."""
    import torch

    torch.set_num_threads(1)  # a fixed reduction order: the same bits on any machine with this wheel
    texts = sentences.reviews(N_REVIEWS)["text"].tolist()
    vectors = sentences.model().encode(texts, batch_size=16, show_progress_bar=False,
                                       convert_to_numpy=True, normalize_embeddings=True)
    table = np.zeros(len(texts), dtype=sentences.SHIPPED_DTYPE)
    table["key"] = [_encoder.key(t) for t in texts]
    table["vector"] = vectors.astype(np.float16)
    buffer = io.BytesIO()
    np.save(buffer, table, allow_pickle=False)
    return buffer.getvalue()


def main(check: bool = False) -> int:
    data = build()
    digest = hashlib.sha256(data).hexdigest()[:16]
    if not check:
        OUT.write_bytes(data)
        print(f"wrote {OUT} ({len(data) / 1e6:.1f} MB, sha256 {digest}…)")
        return 0
    if OUT.read_bytes() == data:
        print(f"{OUT.name}: rebuilt sha256 {digest}…, identical to the shipped file")
        return 0
    new, old = (np.load(io.BytesIO(b), allow_pickle=False) for b in (data, OUT.read_bytes()))
    if new["key"].tolist() != old["key"].tolist():
        print(f"{OUT.name}: the reviews changed; rebuild it")
        return 1
    # float16 bit patterns of same-sign numbers are ordered: their difference counts roundings
    steps = np.abs(new["vector"].view(np.int16).astype(int) - old["vector"].view(np.int16).astype(int))
    print(f"{OUT.name}: differs from the rebuild in {int((steps > 0).sum()):,} of {steps.size:,} numbers, "
          f"by at most {int(steps.max())} float16 step(s)")
    if steps.max() <= 1:
        print("(last-bit rounding only: this CPU's arithmetic kernels differ from the machine that built the file)")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
