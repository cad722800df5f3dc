"""Build once what is slow the first time: postBuild runs this on Binder, into the image.

- numba's compile cache for UMAP and pynndescent (their ``cache=True`` functions land in
  their ``__pycache__``, or in ``$NUMBA_CACHE_DIR`` when that is set), by one tiny UMAP fit
  through the course's own ``clusters.umap_map`` so the same specialisations are compiled;
- matplotlib's font cache (in ``$MPLCONFIGDIR`` or ``~/.cache/matplotlib``).

    python tools/warm_caches.py
"""
import time
import warnings

start = time.perf_counter()
import matplotlib.font_manager  # noqa: E402,F401  (the first import builds the font cache)

fonts = time.perf_counter() - start

import numpy as np  # noqa: E402

from helpers import clusters  # noqa: E402

x = np.random.default_rng(0).normal(size=(200, 16)).astype(np.float32)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for dims in (2, 5):  # notebook 03 draws a 2-d and a 5-d map
        clusters.umap_map(x, dims=dims, cache=False)
print(f"warmed caches: matplotlib fonts {fonts:.1f} s, UMAP/numba {time.perf_counter() - start - fonts:.1f} s")
