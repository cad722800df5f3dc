"""Static figures (matplotlib), one module per kind: ``maps`` (labelled points in 2-D and 3-D,
with neighbour lines and shadows), ``pictures`` (grids of thumbnails), ``grids`` (heat maps and
colour stripes) and ``curves`` (lines and arrows). Call them as ``plots.scatter_2d(...)``.

>>> from helpers import fruit_space, plots
>>> plots.scatter_2d(fruit_space(), axes=("sweet", "crunchy")).get_xlabel()
'sweet'
"""
from __future__ import annotations

from ._figure import PALETTE, check_ax, figure, figure_png, widget_figure
from .curves import by_dimension, cosine_arrows
from .grids import colour_stripes, distance_heatmap
from .maps import scatter_2d, scatter_3d, shadow
from .pictures import as_pictures, thumbnails

__all__ = ["PALETTE", "check_ax", "figure", "figure_png", "widget_figure", "by_dimension", "cosine_arrows",
           "colour_stripes", "distance_heatmap", "scatter_2d", "scatter_3d", "shadow", "as_pictures", "thumbnails"]

for _name in __all__:  # one public name each: plots.scatter_2d, as numpy's set_module does
    if callable(globals()[_name]):
        globals()[_name].__module__ = __name__
