"""Static figures (matplotlib), one module per kind: ``maps`` (points in 2-D and 3-D: a space with
neighbour lines and shadows, and each topic's map), ``pictures`` (grids of thumbnails), ``grids``
(heat maps and colour stripes), ``films`` (notebook 07's map of films), ``curves`` (a score against a setting), ``bars`` (how well each
method did) and ``arrows`` (angles and word pairs). Call them as ``plots.scatter_2d(...)``.

>>> from helpers import fruit_space, plots
>>> plots.scatter_2d(fruit_space(), axes=("sweet", "crunchy")).get_xlabel()
'sweet'
"""
from __future__ import annotations

from ._figure import PALETTE, check_ax, figure, figure_png, widget_figure
from .arrows import cosine_arrows, parallelogram
from .bars import agreement, face_distances, search_scores
from .films import film_map
from .curves import auc_by_k, by_dimension, separation, unlock_rates
from .grids import colour_stripes, distance_heatmap
from .maps import (cluster_map, joint_map, layer_maps, oddness_map, scatter_2d, scatter_3d, shadow, sound_map,
                   translation_pairs)
from .pictures import face_photos, nearest_faces, people, pictures_for, spectrograms, thumbnails, weirdest

__all__ = ["PALETTE", "check_ax", "figure", "figure_png", "widget_figure",
           "cosine_arrows", "parallelogram",
           "agreement", "face_distances", "search_scores",
           "auc_by_k", "by_dimension", "separation", "unlock_rates",
           "colour_stripes", "distance_heatmap",
           "cluster_map", "film_map", "joint_map", "layer_maps", "oddness_map", "scatter_2d", "scatter_3d", "shadow", "sound_map", "translation_pairs",
           "face_photos", "nearest_faces", "people", "pictures_for", "spectrograms", "thumbnails", "weirdest"]

for _name in __all__:  # one public name each: plots.scatter_2d, as numpy's set_module does
    if callable(globals()[_name]):
        globals()[_name].__module__ = __name__
