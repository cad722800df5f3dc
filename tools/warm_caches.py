"""Build once what is slow the first time: postBuild runs this on Binder, into the image.

- numba's compile cache for UMAP and pynndescent (their ``cache=True`` functions land in
  their ``__pycache__``, or in ``$NUMBA_CACHE_DIR`` when that is set);
- notebook 03's two UMAP maps of its 5,000 reviews (2-d and 5-d, the notebook's own
  parameters), in the course's map cache, where the notebook then finds them as on a rerun;
- matplotlib's font cache (in ``$MPLCONFIGDIR`` or ``~/.cache/matplotlib``).

    python tools/warm_caches.py
"""
import time
import warnings

start = time.perf_counter()
import matplotlib.font_manager  # noqa: E402,F401  (the first import builds the font cache)

fonts = time.perf_counter() - start

from helpers import clusters, sentences  # noqa: E402

vectors = sentences.encode(sentences.reviews(5000)["text"])  # the shipped vectors: no model needed
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for dims in (2, 5):  # notebook 03 draws a 2-d map and clusters a 5-d one
        clusters.umap_map(vectors, dims=dims)
print(f"warmed caches: matplotlib fonts {fonts:.1f} s, UMAP compile and notebook 03's maps "
      f"{time.perf_counter() - start - fonts:.1f} s")
