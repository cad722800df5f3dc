"""The Try-it checks of notebooks 10–14: faces, sounds, sentences and pictures, translation, your own points."""
from __future__ import annotations

from ..errors import number as checked_number, whole
from ._shared import _course_error, _given, _placeholder, _real, _same_text, _say, _unfilled, _words


def reject_at_accept(my_reject, table, at_most: float = 0.01) -> None:
    """Notebook 10: ``my_reject`` is the false reject rate at the largest threshold of ``table``
    (faces.unlock_table) whose false accept rate is at most ``at_most``: the table's own value,
    so a number copied from the rounded print, a rate of another threshold, a false accept rate
    or a threshold all fail."""
    from ..errors import table as checked_table

    table = checked_table(table, "table", ["false accept", "false reject"])
    at_most = checked_number(at_most, "at_most", 0, 1)
    value = _real(my_reject)
    if value is None:
        _say(False, "my_reject should be a number taken from the table, such as table.loc[0.5, 'false reject'] "
                    "(with the right threshold in place of 0.5), written without quotes")
        return
    accept, reject = table["false accept"], table["false reject"]
    allowed = [t for t in table.index if accept[t] <= at_most]
    truth = float(reject[max(allowed)])
    on_reject = [t for t in table.index if abs(reject[t] - value) < 1e-9]
    if abs(value - truth) < 1e-9:
        _say(True, "")
    elif not 0 <= value <= 1:
        _say(False, "a rate is a share from 0 to 1, not a percentage: read the 'false reject' column as it is")
    elif on_reject and all(accept[t] > at_most for t in on_reject):
        _say(False, f"at that threshold more than 1 stranger in {round(1 / at_most)} gets in (its false accept "
                    f"is above {at_most}); look at smaller thresholds")
    elif on_reject:
        _say(False, f"that threshold keeps strangers out well enough, but it is not the largest that does: "
                    f"a larger one refuses the owner less often; take the last row with false accept ≤ {at_most}")
    elif abs(value - truth) < 0.01:
        _say(False, "close, but not the table's own number: store table.loc[threshold, 'false reject'] itself, "
                    "not a number copied from the rounded print")
    elif any(abs(accept[t] - value) < 1e-9 for t in table.index):
        _say(False, "that number is from the 'false accept' column; the question asks for the false reject rate")
    elif any(abs(t - value) < 1e-9 for t in table.index):
        _say(False, "that is a threshold, not a rate: read the 'false reject' column in its row")
    else:
        _say(False, f"filter the rows with table[table['false accept'] <= {at_most}], take the last one, "
                    "and read its 'false reject'")


def stranger_gets_in(owner, visitor, model, threshold: float = 1.0, people=range(31, 41)) -> None:
    """Notebook 10: photos ``owner`` and ``visitor`` show two different people among ``people``
    (the strangers the network never saw) and unlock at ``threshold``: their points are at most
    that far apart."""
    import numpy as np

    from ..errors import unknown

    model = _given(model, "nearest", "model", "the trained face model, model = faces.train()")
    threshold = checked_number(threshold, "threshold", 0)
    if _unfilled(owner) or _unfilled(visitor):
        _say(False, 'put two photo names between quotes, such as the names model.nearest("person 33 #2") lists')
        return
    data = model.data
    names = data.names
    for name in (owner, visitor):
        if not isinstance(name, str) or name not in names:
            print(f"✘ Not yet: {unknown(name, names, 'photo', 'Copy a name from model.nearest(...).')}")
            return
    a, b = names.index(owner), names.index(visitor)
    pa, pb = int(data.person[a]), int(data.person[b])
    if pa not in people or pb not in people:
        _say(False, f"pick photos of people {people[0]}–{people[-1]}, the strangers the network never saw "
                    "(model.nearest lists only those)")
    elif pa == pb:
        _say(False, "those two photos show the same person, and letting an owner in is what the phone should do; "
                    "find two different people")
    else:
        distance = float(np.linalg.norm(model.vectors[a] - model.vectors[b]))
        _say(distance <= threshold, f"those two are more than {threshold:g} apart, so the phone stays locked; look down "
                                    "the nearest lists of a few photos for a row whose 'same person' is False "
                                    f"and whose distance is at most {threshold:g}")


def other_instrument_note(my_note, timbre) -> None:
    """Notebook 11: ``my_note`` names a note whose nearest note in ``timbre`` is played by
    another instrument."""
    from .. import sounds

    if _placeholder(my_note):
        _say(False, "write a note's name between the quotes, an instrument and a note, as sounds.sounds_like lists them")
        return
    data = sounds.notes()
    row, error = _course_error(lambda: data.index(my_note.strip()))
    if error:
        print(error)
        return
    nearest = sounds.sounds_like(timbre, my_note.strip(), k=1)["instrument"].iloc[0]
    _say(nearest != data.instrument[row],
         "that note's nearest note is the same instrument; try notes of instruments that sit close together "
         "on the map of section 4, and compare the instrument in the answer with yours")


def cello_rail(my_history, timbre, instrument: str = "cello", fewest: int = 2, most: int = 4) -> None:
    """Notebook 11: ``my_history`` is a list of ``fewest``–``most`` different notes, none played
    by ``instrument``, whose recommendation rail (sounds.rail) suggests an ``instrument`` note first."""
    from .. import sounds

    fewest = whole(fewest, "fewest", 1)
    most = whole(most, "most", fewest)
    if not isinstance(my_history, (list, tuple)) or any(_placeholder(n) for n in my_history) or not my_history:
        _say(False, f"my_history should be a list of {fewest} to {most} note names, each in quotes, "
                    "separated by commas, inside [ ]")
        return
    data = sounds.notes()
    history = [n.strip() for n in my_history]
    for name in history:
        _, error = _course_error(lambda: data.index(name))
        if error:
            print(error)
            return
    if len(set(history)) != len(history):
        _say(False, "each note once: a note listened to twice is still one point of your history")
    elif not fewest <= len(history) <= most:
        _say(False, f"a history of {fewest} to {most} notes, please (yours has {len(history)})")
    elif any(data.instrument[data.index(n)] == instrument for n in history):
        _say(False, f"no {instrument} note in the history: the rail should find the {instrument} by itself")
    else:
        first = sounds.rail(timbre, history, k=1)["instrument"].iloc[0]
        _say(first == instrument, f"the rail suggests another instrument first; on the map the {instrument} notes sit "
                                  "among the violin and organ notes: try low notes of those")


def giraffe_sentence(my_sentence, model, animal: str = "giraffe", at_least: int = 8, k: int = 10) -> None:
    """Notebook 12: a sentence of one's own (at least three words, none of the course's 60
    sentences whatever its case or punctuation) whose ``k`` nearest kept-out pictures hold at
    least ``at_least`` ``animal``s."""
    from .. import captions

    model = _given(model, "pictures_for", "model", "the trained picture model, model = captions.train()")
    at_least, k = whole(at_least, "at_least", 1), whole(k, "k", 1)
    if _placeholder(my_sentence):
        _say(False, "write your sentence between the quotes, in place of the example's dots")
        return
    if len(_words(my_sentence)) < 3:
        _say(False, f"one word or two is not a sentence: describe the {animal} as the table's sentences do, "
                    "in a dozen plain words")
        return
    if any(_same_text(my_sentence, s) for s in captions.sentences()["sentence"]):
        _say(False, "that sentence is in the course's table; write one of your own")
        return
    found = int((model.pictures_for(my_sentence, k=k)["animal"] == animal).sum())
    _say(found >= at_least, f"{found} of its {k} nearest pictures are {animal}s; describe the {animal} as the "
                            "table's sentences do (how tall it is, its neck, its legs, where it lives)")


def bird_caption(my_captions, model, picture: int, animals=("bird", "horse", "sheep")) -> None:
    """Notebook 12: three different sentences about ``animals``, in that order (each read by the
    sentence model as nearest its own animal's training sentences, ``model.targets``), and the
    first is the best caption of ``picture`` among the three."""
    import numpy as np

    from .. import captions

    model = _given(model, "caption", "model", "the trained picture model, model = captions.train()")
    picture = whole(picture, "picture", 0)
    n = len(animals)
    listing = ", ".join(animals)
    if (not isinstance(my_captions, (list, tuple)) or len(my_captions) != n
            or any(_placeholder(c) for c in my_captions)):
        _say(False, f"my_captions should be a list of {n} sentences, each in quotes: about a {listing}, in that order")
        return
    texts = [c.strip() for c in my_captions]
    if any(_same_text(a, b) for i, a in enumerate(texts) for b in texts[i + 1:]):
        _say(False, f"{n} different sentences: copies of one sentence cannot show that the picture picked the right one")
        return
    classes = list(model.data.classes)
    read_as = [classes[i] for i in np.argmax(captions._encode(texts) @ model.targets.T, axis=1)]
    for position, (want, got) in enumerate(zip(animals, read_as)):
        if got != want:
            _say(False, f"sentence {position + 1} should be about a {want}, but the sentence model reads it as nearer "
                        f"the {got} sentences; say more that only fits a {want}")
            return
    best = model.caption(picture, texts, k=1).index[0]
    _say(best == texts[0], f"the picture chose another of your sentences; make the {animals[0]} one about what its "
                           "silhouette shows: words like wings, feathers or flying help")


_ENGLISH = {"the", "at", "every", "each", "of", "and", "is", "are", "my", "his", "her", "its", "their", "our",
            "your", "to", "with", "when", "he", "she", "it", "they", "this", "that", "for", "from", "by", "a",
            "an", "on", "in"}


def _english(text: str, target: str) -> bool:
    """A rough test: English when it has "the", one of ``target``'s own words (or a form of one:
    barks, barking, postmen), or when a third of its words are common English small words."""
    words = _words(text)
    forms = set()
    for w in _words(target):
        base = w[:-1] if w.endswith("s") and len(w) > 3 else w
        forms |= {base, base + "s", base + "es", base + "ed", base + "ing"}
        if base.endswith("man"):
            forms.add(base[:-3] + "men")
    if "the" in words or forms & set(words):
        return True
    return sum(w in _ENGLISH for w in words) * 3 >= len(words)


def _word_count(text: str) -> int:
    """Words, counting each character of a script written without spaces (Chinese, Japanese, Thai) as one."""
    import re

    return len(_words(re.sub(r"[\u0e00-\u0e7f\u2e80-\u9fff\uac00-\ud7af]", " x ", text)))


def dog_sentence(my_sentence, table, target: str = "the dog barks at the postman every morning") -> None:
    """Notebook 13: a sentence in another language than English (by a rough test: see ``_english``),
    not copied from ``table`` whatever its case or punctuation, whose nearest English sentence is ``target``."""
    from .. import translation

    table = _given(table, "stack", "table", "the table of sentences, translation.pairs()")
    if _placeholder(my_sentence):
        _say(False, "write your sentence between the quotes, in place of the example's dots")
        return
    if _word_count(my_sentence) < 3:
        _say(False, "one word or two is not a sentence: say the whole thing, the dog, the postman and the morning")
        return
    if any(_same_text(my_sentence, s) for s in table.stack()):
        _say(False, "that sentence is in the table; write one of your own (a different wording, or another language)")
        return
    if _english(my_sentence, target):
        _say(False, "that looks like English; the exercise asks for another language: French, German, Spanish, "
                    "Italian, Portuguese, ...")
        return
    nearest = translation.translate(my_sentence, into="english", k=1).index[0]
    _say(nearest == target, "its nearest English sentence is another one; write the sentence about the dog and the "
                            "postman in a language you know (or with a dictionary); it need not be perfect")


def top1_of(my_top1, source: str = "german", target: str = "spanish") -> None:
    """Notebook 13: ``my_top1`` is the table translation.top1(``source``, ``target``) returns.
    The check asks for the table, not the share: every share of 40 sentences is a short decimal,
    so a typed share could not be told from a computed one."""
    import numpy as np
    import pandas as pd

    from .. import translation

    if not isinstance(my_top1, pd.DataFrame) or list(my_top1.columns) != ["sentence", "nearest", "similarity", "right"]:
        _say(False, "my_top1 should be the table translation.top1(...) returns, one row per sentence, not a number: "
                    "the check reads the share of right answers from it")
        return
    table = translation.pairs()
    if list(my_top1["sentence"]) != list(table[source]):
        _say(False, f"its sentences are not the {source} ones: the first language top1 takes is the one you translate from")
        return
    if not set(my_top1["nearest"]) <= set(table[target]):
        _say(False, f"its nearest sentences are not {target}: the second language top1 takes is the one searched")
        return
    expected = translation.top1(source, target)
    if (list(my_top1["nearest"]) != list(expected["nearest"])
            or not np.array_equal(np.asarray(my_top1["right"], bool), np.asarray(expected["right"], bool))):
        _say(False, f"that is not what translation.top1({source!r}, {target!r}) gives; compute it again rather than edit it")
        return
    right = int(expected["right"].sum())
    _say(True, "", success=f"Correct! {source.title()} → {target.title()}: {right} of {len(expected)} nearest "
                           f"sentences are the translation, a top-1 of {right / len(expected):.0%}.")


def weather_query(my_query, mine, example, topic: str = "weather") -> None:
    """Notebook 14: a query of one's own (not one of the sentences whatever its case or punctuation,
    nor three or more words of mostly one sentence) whose nearest sentence in ``mine`` is one of
    ``example``'s ``topic`` sentences."""
    from .. import own
    from ..errors import table as checked_table

    example = checked_table(example, "example", ["topic", "sentence"])
    mine = _given(mine, "nearest", "mine", "your points, mine = own.from_texts(...)")
    if _placeholder(my_query):
        _say(False, "write your query between the quotes, in place of the example's dots")
        return
    wanted = set(example.loc[example["topic"] == topic, "sentence"]) & set(mine.names)
    if not wanted:
        _say(False, f"this Try-it uses the example sentences, and yours have none about the {topic}: "
                    "run section 1 with the example text, then this cell")
        return
    words = set(_words(my_query))
    for sentence in mine.names:
        theirs = set(_words(sentence))
        if _same_text(my_query, sentence) or (len(words) >= 3 and len(words & theirs) * 4 >= len(words) * 3):
            _say(False, "that is (nearly) one of the sentences; the exercise asks for a query in your own words")
            return
    first = own.search(mine, my_query, k=1).index[0]
    _say(first in wanted, "its nearest sentence is about something else; ask something you would ask before "
                          "going out, in your own words")


def _metadata_file(my_metadata):
    """The metadata.tsv path the learner stored, or None after one ✘ saying what it is instead."""
    from pathlib import Path

    if isinstance(my_metadata, (tuple, list)):
        return _say(False, "that is both paths; keep only the second, the metadata file")
    if _unfilled(my_metadata) or not isinstance(my_metadata, (str, Path)):
        return _say(False, "put the second path export_projector returns in my_metadata (it returns two: vectors first)")
    path = Path(my_metadata)
    if not path.is_file():
        return _say(False, "there is no file at that path; store the second path export_projector returns")
    if path.name != "metadata.tsv":
        return _say(False, "that is not the metadata file; export_projector returns two paths, vectors first, "
                           "metadata second")
    return path


def _topics_fit(lines: list, mine, example, column: str) -> bool:
    """Whether metadata.tsv's ``lines`` name ``mine``'s sentences with their topics from
    ``example``, in order; one ✘ at the first thing that does not fit."""
    header = lines[0].split("\t") if lines else []
    if header != ["name", column]:
        _say(False, f"its columns should be the name and one more, called {column!r}: "
                    "metadata is a dict of columns, {column name: list of values}")
        return False

    def clean(value) -> str:   # as own.export_projector writes a value
        return " ".join(str(value).split())

    rows = [line.split("\t") for line in lines[1:]]
    if [r[0] for r in rows] != [clean(n) for n in mine.names]:
        _say(False, "its rows are not your sentences; export mine")
        return False
    topic_of = dict(zip(example["sentence"], example[column]))
    if any(n not in topic_of for n in mine.names):
        _say(False, "this Try-it uses the example sentences: run section 1 with the example text, then export again")
        return False
    if [r[1] for r in rows] != [clean(topic_of[n]) for n in mine.names]:
        _say(False, "its topic column does not give each sentence its own topic in the same order: "
                    "use example['topic'] as it is")
        return False
    return True


def topic_export(my_metadata, mine, example, column: str = "topic") -> None:
    """Notebook 14: ``my_metadata`` is the path of a metadata.tsv that own.export_projector wrote
    for ``mine``: a ``column`` giving each sentence its topic from ``example``, in order, and
    beside it a vectors.tsv holding ``mine``'s points."""
    import numpy as np

    from ..errors import table as checked_table

    example = checked_table(example, "example", ["topic", "sentence"])
    mine = _given(mine, "nearest", "mine", "your points, mine = own.from_texts(...)")
    path = _metadata_file(my_metadata)
    if path is None or not _topics_fit(path.read_text(encoding="utf-8").splitlines(), mine, example, column):
        return
    vectors = path.with_name("vectors.tsv")
    try:
        written = np.loadtxt(vectors, delimiter="\t", ndmin=2)
    except (OSError, ValueError):
        written = None
    _say(written is not None and written.shape == mine.vectors.shape and np.allclose(written, mine.vectors, atol=1e-6),
         "the vectors.tsv beside it does not hold your sentences' points: write both files with one "
         "export_projector call")
