"""Notebook 07's film board, "you are a point": rate a few films and watch your point on
the film map and your recommendations move (the model is :mod:`helpers.recommend`'s).
"""
from __future__ import annotations

from ..errors import check_k, CourseError, flag, shorten, whole
from ..recommend import Recommender
from ._base import CourseWidget, error_html, escape, LatestOnly


STARTER_FILMS = ["Toy Story (1995)", "Star Wars (1977)", "Pulp Fiction (1994)", "Scream (1996)",
                 "Sense and Sensibility (1995)", "Aladdin (1992)", "Terminator, The (1984)",
                 "Titanic (1997)", "Godfather, The (1972)", "Fargo (1996)"]


class YouAreAPoint(CourseWidget):
    """Rate a few films; your point and your recommendations update as you click.

    Every change re-runs :meth:`Recommender.fold_in` (a tiny ridge regression)
    and redraws the map. From code, :meth:`use` does what the page does.

    >>> from helpers.datasets import movielens
    >>> data = movielens()
    >>> from helpers.recommend import train
    >>> board = you_are_a_point(train(data.ratings, data.films), draw=False)
    >>> shown = board.use("Toy Story", 5)      # what clicking 5 stars for it does
    >>> board.ratings, len(shown)
    ({'Toy Story (1995)': 5}, 8)
    >>> board
    <YouAreAPoint: 1 rating; first recommendation: Man Who Knew Too Little, The (1997)>
    """

    NOT_SEEN = "–"
    STAR_WIDTH = "34px"      # wide enough for "–" and "1"…"5" (28px showed "1‥")
    MAP_SIZE = (7.0, 5.4)    # inches; the map is a MAP_SIZE × MAP_DPI pixel PNG
    MAP_DPI = 100

    def __init__(self, model: Recommender, films=None, k: int = 8, draw: bool = True):
        import ipywidgets as w

        if not isinstance(model, Recommender):
            raise CourseError(f"Give the board a model from recommend.train(...), not {shorten(model)}.")
        self.model, self.draw_map = model, flag(draw, "draw")
        self.k = check_k(k, what="films")  # at most what model.recommend can list (it says so)
        self.map = model.film_map()
        self._stars: dict[str, w.ToggleButtons] = {}
        self.rows = w.VBox()
        if isinstance(films, str):
            films = [films]
        for title in films if films is not None else STARTER_FILMS:
            self._add_row(model.title(title))
        popular = model.films.sort_values("ratings", ascending=False)["title"].iloc[:600]
        self.search = w.Combobox(options=sorted(popular), placeholder="type another film…",
                                 ensure_option=False, layout=w.Layout(width="320px"))
        self.add_button = w.Button(description="add", layout=w.Layout(width="60px"))
        self.add_button.on_click(lambda _: self._add_from_search())
        # a message as long as it likes wraps inside the ratings' column: width 0 + min-width 100%
        # takes the column's width without widening it (a long ✘ pushed the map under the ratings)
        self.status = w.HTML(layout=w.Layout(width="0", min_width="100%", margin="2px 0"))
        self.table = w.HTML(layout=w.Layout(max_width="100%", overflow="auto"))
        width, height = (int(round(v * self.MAP_DPI)) for v in self.MAP_SIZE)
        #: the map, as PNG bytes rendered here (see helpers.plots.figure_png); empty if draw=False
        # beside the ratings: as wide as there is room for, from 440 px up to its full size (it
        # keeps its shape); where even 440 px does not fit, it goes under them
        self.figure = w.Image(format="png", layout=w.Layout(
            flex="1 1 440px", min_width="min(440px, 100%)", max_width=f"{width}px", height="auto",
            object_fit="contain") if draw else w.Layout(display="none"))
        left = w.VBox([w.HTML("<b>Your ratings</b> (– = not seen)"), self.rows,
                       w.HBox([self.search, self.add_button], layout=w.Layout(max_width="100%")), self.status,
                       w.HTML("<b>Recommended for you</b>"), self.table],
                      layout=w.Layout(flex="0 1 auto", max_width="100%"))
        self._redraw = LatestOnly(self._draw)
        self.box = w.HBox([left, self.figure], layout=w.Layout(flex_flow="row wrap", align_items="flex-start",
                                                                 grid_gap="8px"))
        self.update()

    def widget(self):
        """The ipywidget that shows the board (ratings, recommendations, map)."""
        return self.box

    def _summary(self) -> str:
        n = len(self.ratings)
        return (f"{n} rating{'s' * (n != 1)}; first recommendation: "
                f"{shorten(self.recommendations.index[0], 40, quote=False)}")

    def _add_row(self, title: str):
        import ipywidgets as w

        if title in self._stars:
            return
        buttons = w.ToggleButtons(options=[self.NOT_SEEN, "1", "2", "3", "4", "5"], value=self.NOT_SEEN,
                                  style={"button_width": self.STAR_WIDTH}, layout=w.Layout(margin="0"))
        buttons.observe(lambda _: self._clicked(), names="value")
        self._stars[title] = buttons
        self.rows.children = (*self.rows.children, w.HBox([
            w.Label(shorten(title, 30, quote=False), layout=w.Layout(width="205px")), buttons]))

    def _add(self, typed) -> str:
        """The film ``typed`` names gets a row of stars (if it has none yet); an unknown
        title shows its ✘ in the status line and raises it."""
        try:
            title = self.model.title(typed)
        except CourseError as exc:
            self.status.value = error_html(exc)
            raise
        if title not in self._stars:
            self._add_row(title)
            self.status.value = f"Added {escape(title)}: now give it some stars."
        return title

    def _add_from_search(self):
        """The "add" button: the film typed in the box gets its row of stars."""
        try:
            self._add(self.search.value)
        except CourseError:
            return  # the status line shows the ✘
        self.search.value = ""

    @property
    def ratings(self) -> dict:
        """Your ratings so far: {title: stars}."""
        return {t: int(b.value) for t, b in self._stars.items() if b.value != self.NOT_SEEN}

    def use(self, title: str, stars):
        """Give ``title`` 1–5 stars (None: back to "not seen"), as typing it in the box,
        "add" and a click on its stars do; returns the recommendations the board then
        shows. An unknown title shows its ✘ on the board too."""
        if stars is not None:
            stars = whole(stars, f"The stars for {shorten(title)}", 1, 5, what="a click gives 1 to 5, or None")
        title = self._add(title)
        self._stars[title].value = self.NOT_SEEN if stars is None else str(stars)
        self._redraw.now()   # from code: the map is on screen when use() returns
        return self.recommendations

    def position(self) -> tuple[float, float]:
        """Your point on the film map."""
        return self.map.position(self.user)

    def update(self):
        """Fold in the current ratings, then refresh the recommendations and the map.

        The map is rendered here to PNG bytes of a fixed size (``self.figure.value``),
        not ``display()``-ed into an Output from the click's callback, which JupyterLab
        showed as a blank picture."""
        self._fold_in()
        self._redraw.now()

    def _clicked(self):
        """A star clicked in the page: the status line and the table follow at once, the map
        just after, for the newest ratings (helpers.widgets.LatestOnly), so quick clicks are
        never kept waiting behind the maps of older ones."""
        self._fold_in()
        self._redraw.request()

    def _fold_in(self):
        self._folded = dict(self.ratings)
        self.user = self.model.fold_in(self._folded)
        self.recommendations = self.model.recommend(self.user, k=self.k)
        n = len(self.user.rated)
        self.status.value = ("Rate a few films: until then you get the films with the highest predicted "
                             "stars." if n == 0 else f"Fitted your point from {n} rating{'s' * (n > 1)}.")
        self.table.value = _table_html(self.recommendations[["match", "predicted rating"]])

    def _draw(self):
        if self._folded != self.ratings:   # the map is always that of the stars the page shows now
            self._fold_in()
        n = len(self.user.rated)
        if self.draw_map:
            from ..plots import figure_png, film_map, widget_figure

            fig, ax = widget_figure(*self.MAP_SIZE)
            film_map(self.map, self.user if n else None, self.recommendations, labels=12, ax=ax,
                     title="You (★) among the films")
            self.figure.value = figure_png(fig, dpi=self.MAP_DPI)
        self.drawn = dict(self.ratings)   #: the ratings the map shows (it follows the clicks)


def _table_html(table) -> str:
    """A small DataFrame as an HTML table styled inline (an HTML widget gets no notebook CSS).
    Titles longer than 36 characters are shortened (the full title shows on hover), so a long
    one never pushes the map under the ratings."""
    cell = "padding:2px 8px;border-bottom:1px solid #ddd;"
    head = "".join(f"<th style='{cell}text-align:right'>{escape(str(c))}</th>" for c in table.columns)
    rows = "".join(
        f"<tr><td style='{cell}text-align:left' title='{escape(name)}'>"
        f"{escape(shorten(name, 36, quote=False))}</td>"
        + "".join(f"<td style='{cell}text-align:right'>{v:.2f}</td>" for v in row) + "</tr>"
        for name, row in zip(table.index, table.to_numpy()))
    return (f"<table class='pis-recommendations' style='border-collapse:collapse;font-size:12px'>"
            f"<thead><tr><th style='{cell}'></th>{head}</tr></thead><tbody>{rows}</tbody></table>")


def you_are_a_point(model: Recommender, films=None, k: int = 8, draw: bool = True) -> YouAreAPoint:
    """The widget: rate films 1–5 and watch your point and recommendations move
    (``films``: the titles listed at the start; ``draw=False``: no map). Example: see
    :class:`YouAreAPoint`."""
    return YouAreAPoint(model, films, k, draw)
