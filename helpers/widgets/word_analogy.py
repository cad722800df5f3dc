"""The analogy box of notebook 04: a is to b as c is to ...? The answer updates as you type.

>>> analogy_box().use("france", "paris", "italy").index[0]
'rome'
"""
from __future__ import annotations

from ..errors import check_k, CourseError, shorten
from ..words import analogy
from ._base import CourseWidget, error_html, escape


def analogy_box(a: str = "man", b: str = "woman", c: str = "king", k: int = 5) -> "AnalogyBox":
    """Three text boxes: a is to b as c is to ...? The answer updates as you type."""
    return AnalogyBox(a, b, c, check_k(k, 1000, "words"))


class AnalogyBox(CourseWidget):
    """The analogy box (make one with :func:`analogy_box`): mistakes (unknown words, empty
    boxes) show up in the box instead of the answer. ``use(a, b, c)`` types into the boxes
    from code. Its page parts: ``inputs`` (the three Text widgets) and ``answer`` (HTML)."""

    def __init__(self, a: str, b: str, c: str, k: int):
        import ipywidgets as W

        self.k = k
        # the three boxes wrap onto a new line where the output is too narrow for them side by side
        self.inputs = [W.Text(value=v, description=d, continuous_update=True,
                              layout=W.Layout(width="220px", max_width="100%"), style={"description_width": "60px"})
                       for v, d in zip((a, b, c), ("a", "is to b", "as c"))]
        self.answer = W.HTML(layout=W.Layout(max_width="100%"))
        self.table, self.error = None, None
        for t in self.inputs:
            t.observe(self._update, names="value")
        self._update()
        self._box = W.VBox([W.HBox(self.inputs, layout=W.Layout(flex_flow="row wrap", max_width="100%")),
                            self.answer], layout=W.Layout(max_width="100%"))

    def _update(self, _=None) -> None:
        try:
            self.table, self.error = analogy(*(t.value for t in self.inputs), k=self.k), None
        except CourseError as exc:
            self.table, self.error = None, exc
            self.answer.value = error_html(exc)
            return
        words, sims = [escape(w) for w in self.table.index], self.table["similarity"]
        rest = ", ".join(f"{w} ({s:.2f})" for w, s in zip(words[1:], sims.iloc[1:]))
        self.answer.value = (f"is to <b style='font-size:120%'>{words[0]}</b> (similarity {sims.iloc[0]:.2f})"
                             + (f"<br>runners-up: {rest}" if rest else ""))

    def widget(self):
        return self._box

    def use(self, a: str | None = None, b: str | None = None, c: str | None = None):
        """Type into the boxes (None leaves a box as it is); returns the answers shown, or raises
        the ✘ message the box shows.

        >>> analogy_box().use(c="boy").index[0]      # man : woman :: boy : ?
        'girl'
        """
        typed = [t.value if v is None else v for t, v in zip(self.inputs, (a, b, c))]
        if not all(isinstance(v, str) for v in typed):
            raise CourseError(f"Type words in quotes, e.g. use('man', 'woman', 'king'); got {shorten(typed)}.")
        for t, v in zip(self.inputs, typed):
            t.value = v    # each change updates the answer, as typing does
        if self.error is not None:
            raise CourseError(str(self.error))
        return self.table

    def _summary(self) -> str:
        a, b, c = (shorten(t.value, 20, quote=False) for t in self.inputs)
        return f"{a} : {b} :: {c} : {self.table.index[0] if self.table is not None else '✘'}"
