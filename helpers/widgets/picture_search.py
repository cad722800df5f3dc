"""Notebook 06's picture search box: type any word, see the pictures nearest it in the
space the model learned (:meth:`helpers.pictures.PictureModel.pictures_for` finds them).
"""
from __future__ import annotations

import numpy as np

from ..errors import check_k, CourseError, flag, shorten
from ..pictures import PictureModel
from ._base import CourseWidget, error_html, escape


class PictureSearch(CourseWidget):
    """The picture search box: type a word, see its ``k`` nearest pictures (one <img> each,
    captioned with the true class). A mistake shows under the box as one ✘ line.

    ``box.use(word)`` does what typing does: the page updates, and it returns the pictures
    (a DataFrame), or raises the ✘ the page shows. ``box.result`` holds the last answer
    (a DataFrame, or the ✘ text).

    >>> from helpers import pictures
    >>> model = pictures.train(held_out="cat", epochs=1, verbose=False)   # the notebook trains 10 epochs
    >>> box = PictureSearch(model, "stripes", k=3)          # what typing "wool" into the box does:
    >>> box.use("wool")["class"].tolist()                  # (one epoch of training; ten do better)
    ['sheep', 'elephant', 'cow']
    """

    def __init__(self, model: PictureModel, word: str = "kitten", k: int = 12, calibrated: bool = False):
        import ipywidgets as widgets

        if not isinstance(model, PictureModel):
            raise CourseError(f"Give the search box a model from pictures.train(...), not {shorten(model)}.")
        self.model = model
        self.k = check_k(k, int(model.test.sum()), "pictures")
        self.calibrated = flag(calibrated, "calibrated")
        self.text = widgets.Text(value="", description="word:", continuous_update=True,
                                 placeholder="type any word, e.g. stripes", layout=widgets.Layout(max_width="100%"))
        fit = widgets.Layout(max_width="100%")   # as wide as the output, never wider: long messages wrap
        self.message = widgets.HTML(layout=fit)  # a ✘ message (empty when all is well)
        self.gallery = widgets.HTML(layout=fit)  # the k pictures, one <figure> each
        self._box = widgets.VBox([self.text, self.message, self.gallery], layout=fit)
        self.result = None
        self.text.observe(lambda change: self._search(change["new"]), names="value")
        self.use(word)

    def widget(self):
        return self._box

    def _summary(self) -> str:
        return f"the {self.k} pictures nearest {shorten(self.text.value)}"

    def use(self, word: str):
        """Type ``word`` into the box; returns the pictures the page now shows."""
        if not isinstance(word, str):
            raise CourseError(f"Type a word (text), not {shorten(word)}.")
        if self.text.value != word:
            self.text.value = word      # the page's own path: the observer searches
        else:
            self._search(word)
        if isinstance(self.result, str):
            raise CourseError(self.result[2:])
        return self.result

    def _search(self, word: str) -> None:
        try:
            self.result = found = self.model.pictures_for(word, self.k, calibrated=self.calibrated)
        except CourseError as exc:
            self.result = f"✘ {exc}"
            self.message.value, self.gallery.value = error_html(exc), ""
            return
        how = "calibrated " if self.calibrated else ""
        cells = "".join(
            f'<figure class="pis-picture" style="margin:0;text-align:center">'
            f'<img src="{_png_uri(self.model.data.images[i])}" width="72" height="72" alt="{escape(c)}" '
            f'style="image-rendering:pixelated;border:1px solid #ddd">'
            f'<figcaption style="font-size:11px">{escape(c)} {sim:.2f}</figcaption></figure>'
            for i, c, sim in zip(found.index, found["class"], found["similarity"]))
        self.message.value = ""
        self.gallery.value = (f"<div style='font-size:13px;margin:4px 0'>Nearest pictures to the word "
                              f"<b>{escape(shorten(word.strip(), quote=False))}</b> ({how}cosine similarity):</div>"
                              f"<div style='display:grid;grid-template-columns:repeat(auto-fill,76px);"
                              f"gap:6px'>{cells}</div>")


def _png_uri(image) -> str:
    """A 28×28 picture (0–255) as a data: URI of a PNG, dark on light as in :func:`plots.thumbnails`."""
    import base64
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(255 - np.asarray(image, dtype=np.uint8)).save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
