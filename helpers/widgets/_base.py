"""The one pattern of every interactive thing in the course: :class:`CourseWidget`,
with :func:`escape` and :func:`error_html` for what a learner typed, :func:`widget_bundle`
for showing an ipywidget on ipywidgets 7 and 8, and :class:`LatestOnly` for a widget that
redraws a figure from the page's input. Each widget of the course lives in its own file
next to this one and builds on it.
"""
from __future__ import annotations

from ..errors import CourseError, shorten, some

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


ERROR_STYLE = ("color:#b03a39;font-family:var(--jp-ui-font-family,system-ui,sans-serif);"
               "font-size:var(--jp-ui-font-size1,13px);white-space:normal;line-height:1.4")


def error_html(text) -> str:
    """The one look of a ✘ message inside every widget of the course (search boxes,
    the analogy box, the picture search, ...): the explorer's status red, the page's
    own font, ``text`` HTML-escaped. A leading ✘ in ``text`` is not doubled.

    >>> error_html("'kign' is not a word. Did you mean: king?")  # doctest: +ELLIPSIS
    '<div class="pis-error" style="...">✘ &#x27;kign&#x27; is not a word. Did you mean: king?</div>'
    """
    import html

    text = str(text).strip()
    if text.startswith("✘"):
        text = text[1:].lstrip()
    return f'<div class="pis-error" style="{ERROR_STYLE}">✘ {html.escape(text)}</div>'


def escape(text) -> str:
    """``text`` made safe to put inside an HTML widget: everything a learner types
    (a query, a film title, a word) goes through here or :func:`error_html`.

    >>> escape("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    """
    import html

    return html.escape(str(text))


def _view_bundle(widget) -> dict:
    return {"text/plain": repr(widget)[:110],
            WIDGET_VIEW: {"version_major": 2, "version_minor": 0, "model_id": widget.model_id}}


def widget_bundle(widget, **kwargs):
    """The display data of an ipywidget, on ipywidgets 8 and 7 alike.

    ipywidgets 8 (and anywidget) give it through ``_repr_mimebundle_``: a dict, or
    (data, metadata). ipywidgets 7 (Colab's) has no such method and displays through
    ``_ipython_display_``, which sends the dict built here.
    """
    method = getattr(widget, "_repr_mimebundle_", None)
    if method is not None:
        return method(**kwargs)
    return _view_bundle(widget)


def _checked_call(method):
    """``method`` with its arguments checked against its signature first: a call with
    too few or too many values, or an unknown keyword, raises a CourseError that shows
    the right form, e.g. ``use(name, x, y)``."""
    import functools
    import inspect

    signature = inspect.signature(method)
    form = ", ".join(str(p).split(":")[0].split("=")[0].strip() + ("=…" if p.default is not p.empty else "")
                     for p in list(signature.parameters.values())[1:])

    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        try:
            signature.bind(self, *args, **kwargs)
        except TypeError as exc:
            reason = str(exc).replace("argument", "value")
            given = some([shorten(a, 20) for a in args] + [f"{k}={shorten(v, 20)}" for k, v in kwargs.items()], 4,
                         "values")
            raise CourseError(f"{method.__name__} takes ({form}); {reason} in {method.__name__}({given}).") from None
        return method(self, *args, **kwargs)

    checked.__signature_checked__ = True
    return checked


class CourseWidget:
    """The one pattern of every interactive thing in the course (the explorers, the search
    boxes, the analogy box, the film board, the sliders).

    * **Show it** as a cell's last value or with ``display(obj)``. It shows
      ``self.widget()``, one ipywidget (an anywidget subclass is its own widget). The
      display goes through ``_ipython_display_`` → ``display()``, which works on
      ipywidgets 7 and 8 and is the path Colab's display hook marks for its widget
      manager; ``_repr_mimebundle_`` gives the same data to code that asks for it.
    * **Drive it from code** with ``obj.use(...)``: it does exactly what a learner does in
      the page (drag a point, type a query, rate a film, move a slider), updates what the
      page shows, and returns the result the learner now sees. A bad value gets the same
      ✘ message the page would show.
    * **Learner text is escaped**: whatever a learner typed reaches HTML only through
      :func:`escape` or :func:`error_html`.
    * **Its repr is one short line** (``_summary()``), never its arrays.
    """

    def __init_subclass__(cls, **kwargs):
        """Every subclass's ``use`` checks how it was called: the wrong number of values, or
        a name it does not take, is a ✘ with the right call form, not a TypeError."""
        super().__init_subclass__(**kwargs)
        use = cls.__dict__.get("use")
        if use is not None and not hasattr(use, "__signature_checked__"):
            cls.use = _checked_call(use)

    def widget(self):
        """The ipywidget shown for this object."""
        return self

    def use(self, *args, **kwargs):
        """Do from code what a learner does in the page; returns what the page now shows."""
        raise NotImplementedError

    def _summary(self) -> str:
        return ""

    def __repr__(self) -> str:
        return f"<{type(self).__name__}{': ' + self._summary() if self._summary() else ''}>"

    def _ipython_display_(self) -> None:
        w = self.widget()
        if w is self:  # an anywidget: its own display (ipywidgets 7) or its view data (8)
            parent = getattr(super(), "_ipython_display_", None)
            if parent is not None:
                return parent()
        from IPython.display import display

        if w is self:
            bundle = self._repr_mimebundle_()
            data, metadata = bundle if isinstance(bundle, tuple) else (bundle, None)
            display(data, metadata=metadata, raw=True)
        else:
            display(w)

    def _repr_mimebundle_(self, **kwargs):
        w = self.widget()
        if w is not self:
            return widget_bundle(w, **kwargs)
        parent = getattr(super(), "_repr_mimebundle_", None)
        return parent(**kwargs) if parent is not None else _view_bundle(self)



# -- for a widget that redraws a figure from the page's input (07's film board) ----------------
class LatestOnly:
    """Run ``redraw()`` once for the latest state after a burst of input from the page.

    Stars clicked in quick succession send the kernel one value after another. A widget that
    redraws a figure (0.3–1 s on a busy machine) inside each callback keeps the kernel busy
    that long per click, so the final click is shown late, after the figures of older ones.

    So a callback updates the cheap parts at once (the state, a score line) and calls
    ``request()``; the redraw runs ``delay`` seconds later on the kernel's event loop, after
    any value that arrived meanwhile, and draws whatever the state is by then: the figure
    always belongs to the newest value, and no value waits behind a figure of an older one.
    Outside a running event loop (plain Python, tests) ``request()`` redraws at once;
    ``now()`` does too (what ``use(...)`` from code calls: its result is on screen when it
    returns).

    >>> shown = []
    >>> later = LatestOnly(lambda: shown.append(len(shown)))
    >>> later.request(); shown          # no event loop here: at once
    [0]
    """

    def __init__(self, redraw, delay: float = 0.05):
        self.redraw, self.delay, self._handle = redraw, delay, None

    @property
    def pending(self) -> bool:
        """True while a redraw is scheduled and has not run yet."""
        return self._handle is not None

    def request(self) -> None:
        """Redraw soon (once, however many requests come before it runs)."""
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return self.now()
        if self._handle is None:
            self._handle = loop.call_later(self.delay, self._run)

    def now(self) -> None:
        """Redraw now, dropping a scheduled redraw."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self.redraw()

    def _run(self) -> None:
        self._handle = None
        try:
            self.redraw()
        except Exception as exc:   # on the event loop no cell would show it: the kernel log does
            import logging

            logging.getLogger(__name__).exception("redraw failed: %s", exc)
