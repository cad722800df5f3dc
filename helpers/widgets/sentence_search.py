"""Notebook 02's search box: type a query and see the nearest texts of a
:class:`helpers.sentences.Corpus` by meaning and by keywords, side by side.
"""
from __future__ import annotations

import threading

from ..errors import check_k, CourseError, number, shorten
from ..sentences import as_texts, Corpus, short
from ._base import CourseWidget, error_html, escape


class SearchBox(CourseWidget):
    """A text box over a :class:`Corpus` whose two result lists (by meaning, by keywords)
    refresh once typing pauses for ``wait`` seconds; make one with :func:`search_box`.
    ``box.use(query)`` types ``query`` and searches at once, returning the results' HTML.
    """

    def __init__(self, corpus: Corpus, k: int, placeholder: str, wait: float, value: str):
        import ipywidgets as w

        self.corpus, self.k, self.wait = corpus, k, wait
        self.text = w.Text(value=value, placeholder=placeholder, continuous_update=True,
                           layout=w.Layout(width="90%"))
        self.results = w.HTML(layout=w.Layout(max_width="100%", overflow="auto"))
        self._box = w.VBox([self.text, self.results], layout=w.Layout(max_width="100%"))
        self._timer = None
        self._lock = threading.Lock()   # one search shows at a time, and only the newest query's
        self.text.observe(self._typed, names="value")
        self._show(value)

    def widget(self):
        return self._box

    def _summary(self) -> str:
        return f"{len(self.corpus):,} texts, k={self.k}, query {shorten(self.text.value)}"

    def use(self, query: str) -> str:
        """Type ``query`` into the box; it searches at once (no pause) and returns the HTML shown.

        >>> from helpers.sentences import Corpus
        >>> box = search_box(Corpus(["patching a punctured wheel", "baking bread"]), k=1)
        >>> "punctured" in box.use("fix a flat tyre")
        True
        """
        if not isinstance(query, str):
            raise CourseError(f"Type text into the box, not {shorten(query)} ({type(query).__name__}).")
        self.text.value = query  # as typing does: this schedules a search ...
        self._cancel()  # ... which runs now instead
        self._show(query)
        return self.results.value

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _typed(self, change) -> None:
        """Debounce: each keystroke cancels the pending search and schedules a new one."""
        self._cancel()
        self._timer = threading.Timer(self.wait, self._show, args=(change["new"],))
        self._timer.daemon = True
        self._timer.start()

    def _show(self, query: str) -> None:
        """Search ``query`` and show its results, unless the box holds another query by then:
        a search that started before a later keystroke (each runs in its timer's thread) and
        ends after the later one's must not replace its results."""
        try:
            html = self._render(query)
        except CourseError as exc:
            html = error_html(exc)
        with self._lock:
            if query == self.text.value:
                self.results.value = html

    def _render(self, query: str) -> str:
        if not query.strip():
            return "<i>Type a query to search.</i>"
        a, b = self.corpus.search(query, self.k), self.corpus.keyword_search(query, self.k)
        b = b.reindex(a.index)
        cell = 'style="text-align:left;padding:2px 8px;vertical-align:top;overflow-wrap:anywhere"'
        head = (f"<tr><th {cell}>#</th><th {cell}>by meaning (MiniLM)</th>"
                f"<th {cell}>by keywords (TF-IDF)</th></tr>")
        body = "".join(
            f"<tr><td {cell}>{r}</td><td {cell}>{escape(short(ta, 90))} <small>({sa:.2f})</small></td>"
            f"<td {cell}>" + (f"{escape(short(tb, 90))} <small>({sb:.2f})</small>"
                              if isinstance(tb, str) else "—") + "</td></tr>"
            for r, ta, sa, tb, sb in zip(a.index, a["text"], a["similarity"], b["text"], b["score"]))
        return f"<table>{head}{body}</table>"


def search_box(corpus: Corpus, k: int = 5, placeholder: str = "type a query…", wait: float = 0.3,
               value: str = "") -> SearchBox:
    """A text box whose results update as you type (after a ``wait``-second pause), showing
    the ``k`` best by meaning and by keywords; ``box.use(text)`` does from code what typing does.
    """
    if not isinstance(corpus, Corpus):
        raise CourseError(f"search_box needs a Corpus, not {shorten(corpus)}: "
                          "widgets.search_box(sentences.Corpus(texts)).")
    k = check_k(k, len(corpus), "texts")
    wait = number(wait, "wait", 0, 10, what="seconds to wait after the last keystroke")
    placeholder, value = as_texts([placeholder, value], "placeholder and value")
    return SearchBox(corpus, k, placeholder, wait, value)
