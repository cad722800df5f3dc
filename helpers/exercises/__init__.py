"""Self-checks for the "Try it" exercises: ✔ or ✘ with a hint, never the answer.

One function per exercise, named for what it checks. Each prints one ✔ or ✘ line (a ✘ with a
hint that never contains the answer) and tests the idea itself, not a proxy that a wrong answer
can meet; tests/test_checks.py holds, for every one, a table of wrong answers that must each get
a ✘. They live in one module per group of notebooks (``points_and_words``: 00–05,
``pictures_to_networks``: 06–09, ``faces_to_own``: 10–14) and are all called from here, as
``helpers.exercises.<check>``.

>>> check(2 + 2 == 4, hint="add again")
✔ Correct!
"""
from ._shared import check, reveal
from .faces_to_own import (
    bird_caption, cello_rail, dog_sentence, giraffe_sentence, other_instrument_note, reject_at_accept,
    stranger_gets_in, top1_of, topic_export, weather_query,
)
from .pictures_to_networks import (
    best_row, dragged_score, held_out_model, horror_fan, nearest_film, picture_word, separation_matches,
    small_network, smallest_k,
)
from .points_and_words import (
    analogy_answer, dragged, farthest, fig, keyword_blind_query, meaning_query, nearest_word, nmi_k6,
    nmi_matches, rotation_keeps, same_similarity, swim_cluster,
)

__all__ = [
    "check", "reveal", "bird_caption", "cello_rail", "dog_sentence", "giraffe_sentence",
    "other_instrument_note", "reject_at_accept", "stranger_gets_in", "top1_of", "topic_export",
    "weather_query", "best_row", "dragged_score", "held_out_model", "horror_fan", "nearest_film",
    "picture_word", "separation_matches", "small_network", "smallest_k", "analogy_answer", "dragged",
    "farthest", "fig", "keyword_blind_query", "meaning_query", "nearest_word", "nmi_k6", "nmi_matches",
    "rotation_keeps", "same_similarity", "swim_cluster",
]

for _check in __all__:  # their public name is helpers.exercises.<check> (as numpy's set_module does)
    globals()[_check].__module__ = __name__
