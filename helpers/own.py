"""Your own points: turn your sentences, a CSV of your own, or a folder of your pictures into a
Space, then explore it, search it, cluster it and export it for the Embedding Projector.

Every way in checks what it is given and answers a bad file with one ✘ line that says what to fix
(empty, not UTF-8, too big, a column mixing numbers and text, no usable column, no pictures).

>>> from helpers import own
>>> space = own.from_csv("name,sweet,crunchy\\napple,7,8\\nlemon,1,3\\npear,8,5\\n")
>>> space.names, space.axes
(['apple', 'lemon', 'pear'], ['sweet', 'crunchy'])

scikit-learn, sentence-transformers and PIL load only inside the functions.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from .errors import CourseError, check_k, shorten, whole
from .space import Space, unique_names

MAX_BYTES = 20 * 2**20      # a CSV larger than this is refused
MAX_ROWS = 20_000           # rows of numbers
MAX_TEXTS = 2_000           # sentences (each is encoded by MiniLM: about 1 s per 50 on one CPU)
MAX_PICTURES = 500
PICTURE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp")


# -- sentences -------------------------------------------------------------------------------
def _lines(texts) -> list[str]:
    if isinstance(texts, str):
        texts = texts.splitlines()
    if not hasattr(texts, "__iter__"):
        raise CourseError(f"Give your sentences as text (one per line) or a list of texts; not {shorten(texts)}.")
    texts = list(texts)
    odd = [t for t in texts if not isinstance(t, str)]
    if odd:
        raise CourseError(f"Every sentence must be text; found {shorten(odd[0])}.")
    texts = [t.strip() for t in texts if t.strip()]
    if len(texts) < 3:
        raise CourseError(f"Give at least 3 sentences (one per line) to have points to compare; got {len(texts)}.")
    if len(texts) > MAX_TEXTS:
        raise CourseError(f"{len(texts):,} sentences is more than this notebook encodes in reasonable time "
                          f"(at most {MAX_TEXTS:,}): use the first {MAX_TEXTS:,}, e.g. texts[:{MAX_TEXTS}].")
    return texts


def from_texts(texts) -> Space:
    """Your sentences as points: one per line of ``texts`` (or a list), encoded by the course's
    sentence model (all-MiniLM-L6-v2, 384 numbers each). Blank lines are skipped.

    >>> from_texts("a red apple\\na green pear\\na fast car").dim
    384
    """
    from . import sentences

    texts = _lines(texts)
    return Space(unique_names(texts), sentences.encode(texts, progress=len(texts) > 100))


# -- a CSV -----------------------------------------------------------------------------------
def _read_text(source) -> str:
    """The CSV's text from a path, raw bytes, or the text itself."""
    if isinstance(source, bytes):
        raw = source
    elif isinstance(source, (str, Path)) and ("\n" not in str(source)) and Path(str(source)).suffix:
        path = Path(source)
        if not path.exists():
            raise CourseError(f"There is no file {shorten(str(path))}: upload it next to the notebook (the file "
                              "browser's ↑ button, or files.upload() on Colab), and check the name.")
        if path.stat().st_size > MAX_BYTES:
            raise CourseError(f"{path.name} is {path.stat().st_size / 2**20:.0f} MB; this notebook takes CSV files up "
                              f"to {MAX_BYTES // 2**20} MB. Keep fewer rows (a sample) and save it again.")
        raw = path.read_bytes()
    elif isinstance(source, str):
        return source
    else:
        raise CourseError(f"Give a CSV file's name, its text or its bytes; not {shorten(source)}.")
    if len(raw) > MAX_BYTES:
        raise CourseError(f"That CSV is {len(raw) / 2**20:.0f} MB; this notebook takes up to {MAX_BYTES // 2**20} MB.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CourseError(f"The file is not UTF-8 text (byte {exc.start} cannot be read): save it again as "
                          "'CSV UTF-8' (Excel: Save As → CSV UTF-8; LibreOffice: character set Unicode (UTF-8)).") from None


def _read_table(source):
    """The CSV as a DataFrame (leading ``#`` comment lines skipped, column names stripped), or a
    CourseError saying what to fix: unreadable, empty, under 3 or over ``MAX_ROWS`` rows."""
    import pandas as pd

    lines = _read_text(source).splitlines(keepends=True)
    while lines and lines[0].startswith("#"):   # leading comment lines, as in the course's fruit.csv
        lines.pop(0)
    text = "".join(lines)
    if not text.strip():
        raise CourseError("The CSV is empty: it needs a header line and at least 3 rows.")
    try:
        table = pd.read_csv(io.StringIO(text), skipinitialspace=True)
    except pd.errors.ParserError as exc:
        raise CourseError(f"This is not a CSV pandas can read ({str(exc).splitlines()[0]}): every row needs the same "
                          "number of commas; put text that contains commas in double quotes.") from None
    except pd.errors.EmptyDataError:
        raise CourseError("The CSV is empty: it needs a header line and at least 3 rows.") from None
    if len(table) < 3:
        raise CourseError(f"The CSV has {len(table)} row(s) under its header; give at least 3.")
    if len(table) > MAX_ROWS:
        raise CourseError(f"The CSV has {len(table):,} rows; this notebook takes up to {MAX_ROWS:,}. Keep a sample, "
                          f"e.g. table.sample({MAX_ROWS}).")
    table.columns = [str(c).strip() for c in table.columns]
    return table


def _column_kinds(table) -> tuple[list, list]:
    """(columns of numbers, columns of text); a column mostly of numbers with some text is a ✘."""
    import pandas as pd

    numeric, textual = [], []
    for column in table.columns:
        values = table[column].dropna()
        as_numbers = pd.to_numeric(values, errors="coerce")
        if len(values) and as_numbers.notna().all():
            numeric.append(column)
        elif as_numbers.notna().any() and as_numbers.isna().any() and as_numbers.notna().mean() > 0.5:
            bad = values[as_numbers.isna()].iloc[0]
            raise CourseError(f"Column {column!r} mixes numbers and text (e.g. {shorten(str(bad))} in row "
                              f"{int(values[as_numbers.isna()].index[0]) + 2} of the file): fix or delete those cells.")
        else:
            textual.append(column)
    return numeric, textual


def _number_points(table, numeric: list, textual: list, name_column) -> Space:
    """The rows as points, one axis per column of numbers, named by ``name_column`` (default: the
    first column of text, else the row numbers)."""
    import pandas as pd

    if name_column in numeric:
        numeric.remove(name_column)
    if not numeric:
        raise CourseError("No column of numbers is left once the names are taken out.")
    names_from = name_column or (textual[0] if textual else None)
    names = (table[names_from].astype(str).str.strip().tolist() if names_from
             else [f"row {i + 1}" for i in range(len(table))])
    vectors = table[numeric].apply(pd.to_numeric)
    missing = vectors.isna().any(axis=1)
    if missing.any():
        row = int(np.flatnonzero(missing.to_numpy())[0])
        column = next(c for c in numeric if pd.isna(vectors[c].iloc[row]))
        raise CourseError(f"Row {row + 2} of the file has no number in column {column!r}: fill it in or delete the row.")
    return Space(unique_names(names), vectors.to_numpy(dtype=np.float32), axes=numeric)


def from_csv(source, name_column: str | None = None, text_column: str | None = None) -> Space:
    """A CSV of your own as points. Either

    - **numbers**: every column of numbers is an axis; the names come from ``name_column`` (default:
      the first column of text, else the row numbers); or
    - **texts**: ``text_column`` (default: the only column of text, when there are no number columns)
      is encoded like :func:`from_texts`.

    ``source`` is a file name, the file's bytes (what an upload gives) or its text.

    >>> from_csv("review\\nlovely soft fabric\\ntoo small for me\\nsoft and lovely\\n").dim
    384
    """
    table = _read_table(source)
    for column in (name_column, text_column):
        if column is not None and column not in table.columns:
            from .errors import unknown

            raise unknown(column, list(table.columns), "column")
    numeric, textual = _column_kinds(table)
    if text_column is not None or (not numeric and len(textual) == 1):
        texts = table[text_column or textual[0]].fillna("").astype(str).tolist()
        return from_texts([t for t in texts if t.strip()])
    if not numeric:
        raise CourseError(f"No column of numbers, and {len(textual)} columns of text ({', '.join(textual[:5])}): "
                          "say which text to use, e.g. from_csv(file, text_column='" + textual[0] + "').")
    return _number_points(table, numeric, textual, name_column)


# -- a folder of pictures ----------------------------------------------------------------------
def picture_files(folder) -> list[Path]:
    """The pictures in ``folder`` (PNG, JPEG, GIF, BMP, WebP), sorted by name."""
    if not isinstance(folder, (str, Path)):
        raise CourseError(f"Give the folder's name, e.g. 'my_pictures'; not {shorten(folder)}.")
    path = Path(folder)
    if not path.is_dir():
        raise CourseError(f"There is no folder {shorten(str(path))}: make it next to the notebook and upload your "
                          "pictures into it, then check the name.")
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in PICTURE_TYPES)
    if len(files) < 3:
        raise CourseError(f"{path.name} holds {len(files)} picture(s) (PNG, JPEG, GIF, BMP or WebP); give at least 3.")
    if len(files) > MAX_PICTURES:
        raise CourseError(f"{path.name} holds {len(files):,} pictures; this notebook takes up to {MAX_PICTURES}.")
    return files


def _picture_features(path: Path) -> np.ndarray:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            rgb = img.convert("RGB")
    except (UnidentifiedImageError, OSError):
        raise CourseError(f"{path.name} is not a picture this notebook can read: open it and save it again as PNG "
                          "or JPEG, or remove it from the folder.") from None
    small = np.asarray(rgb.resize((16, 16)), dtype=np.float32) / 255.0
    grey = small.mean(axis=2).ravel()
    colours = np.concatenate([np.histogram(small[..., c], bins=8, range=(0, 1))[0] / 256.0 for c in range(3)])
    return np.concatenate([grey - grey.mean(), 2 * colours])


def from_folder(folder, dims: int = 10) -> Space:
    """Your pictures as points: each shrunk to a 16 × 16 grey thumbnail plus how much of each
    colour it has, then scikit-learn's PCA keeps the ``dims`` directions they differ most in. Near
    means *looks alike at a glance* (layout, brightness, colour); this knows nothing of what is in them.

    >>> import skimage
    >>> from_folder(skimage.data_dir, dims=5).dim
    5
    """
    from sklearn.decomposition import PCA

    files = picture_files(folder)
    features = np.stack([_picture_features(p) for p in files])
    dims = whole(dims, "dims", 1, min(50, len(files) - 1), "directions to keep")
    points = PCA(dims, random_state=0).fit_transform(features)
    return Space(unique_names([p.name for p in files]), points)


# -- what to do with them ------------------------------------------------------------------------
def named_clusters(space: Space, k: int = 4, seed: int = 0):
    """Group the points with KMeans (helpers.clusters.kmeans) into ``k`` groups and name each: by its
    most distinctive words when the names are sentences (helpers.clusters.name_clusters), else by the
    member nearest its centre. Returns a table: group, name, size, members."""
    import pandas as pd

    from . import clusters

    if not isinstance(space, Space):
        raise CourseError(f"Give your points (a Space from own.from_texts, from_csv or from_folder); not {shorten(space)}.")
    k, seed = whole(k, "k", 2, max(2, len(space) - 1), "how many groups"), whole(seed, "seed", 0)
    if len(space) < 3:
        raise CourseError("Clustering needs at least 3 points.")
    labels = clusters.kmeans(space.vectors, k=k, seed=seed)
    wordy = np.mean([len(n.split()) for n in space.names]) >= 3
    if wordy:
        names = clusters.name_clusters(space.names, labels, n_words=3)
    else:
        unit = space.unit
        names = {}
        for c in sorted(set(labels.tolist())):
            members = np.flatnonzero(labels == c)
            centre = unit[members].mean(axis=0)
            names[c] = f"like {space.names[members[np.argmax(unit[members] @ centre)]]}"
    rows = []
    for c in sorted(set(labels.tolist())):
        members = [space.names[i] for i in np.flatnonzero(labels == c)]
        rows.append({"group": c, "name": names[c], "size": len(members),
                     "members": "; ".join(shorten(m, 40, quote=False) for m in members[:6])
                                + (" …" if len(members) > 6 else "")})
    return pd.DataFrame(rows).set_index("group")


def export_projector(space: Space, folder="projector", metadata=None) -> tuple[Path, Path]:
    """Write the two files projector.tensorflow.org loads ("Load" → step 1 and step 2):
    ``vectors.tsv`` (one point per line, numbers separated by tabs, no header) and ``metadata.tsv``
    (a header line, then one line per point: its name, plus any columns of ``metadata``, a dict of
    lists). Returns the two paths.

    >>> import tempfile
    >>> v, m = export_projector(Space(["a", "b"], [[0, 1], [1, 0]]), tempfile.mkdtemp())
    >>> v.read_text().splitlines(), m.read_text().splitlines()
    (['0.0\\t1.0', '1.0\\t0.0'], ['name', 'a', 'b'])
    """
    if not isinstance(space, Space):
        raise CourseError(f"Give your points (a Space); not {shorten(space)}.")
    if not isinstance(folder, (str, Path)):
        raise CourseError(f"folder must be a folder name, e.g. 'projector'; not {shorten(folder)}.")
    extra = {} if metadata is None else metadata
    if not isinstance(extra, dict) or any(len(list(v)) != len(space) for v in extra.values()):
        raise CourseError(f"metadata must be a dict of columns, each a list of {len(space)} values (one per point).")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)

    def clean(value) -> str:   # a tab or newline would break the TSV
        return " ".join(str(value).split())

    vectors = out / "vectors.tsv"
    vectors.write_text("".join("\t".join(repr(float(x)) for x in row) + "\n" for row in space.vectors),
                       encoding="utf-8")
    columns = ["name", *map(clean, extra)]
    lines = ["\t".join(columns)] + ["\t".join([clean(n), *(clean(list(v)[i]) for v in extra.values())])
                                    for i, n in enumerate(space.names)]
    meta = out / "metadata.tsv"
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return vectors, meta


def search(space: Space, query: str, k: int = 5):
    """The ``k`` points nearest to ``query``: a sentence when the points are sentences (encoded by
    the same model), else the name of one of the points."""
    from . import sentences

    if not isinstance(space, Space):
        raise CourseError(f"Give your points (a Space); not {shorten(space)}.")
    if not isinstance(query, str) or not query.strip():
        raise CourseError(f"Give a query as text; not {shorten(query)}.")
    if query not in space and space.dim != 384:
        from .errors import unknown

        raise unknown(query, space.names, "point", "Only sentence points can be searched with new text.")
    k = check_k(k, len(space) - (query in space), "points")
    if query in space:
        return space.nearest(query, k=k)
    return space.nearest(sentences.encode([query.strip()], progress=False)[0], k=k)


EXAMPLE = {
    "football": ["the match went to extra time after a late equaliser", "our striker scored twice in the second half",
                 "the referee showed him a red card", "the goalkeeper saved a penalty in the last minute"],
    "cooking": ["simmer the sauce for twenty minutes and stir often", "knead the dough until it is smooth and elastic",
                "add a pinch of salt to the boiling water", "roast the vegetables in a hot oven until golden"],
    "weather": ["heavy rain is expected over the weekend", "a cold wind is blowing from the north",
                "the forecast says sunshine and clear skies tomorrow", "thick fog covered the valley this morning"],
    "computers": ["my laptop will not turn on after the update", "restart the router if the internet is slow",
                  "the program crashed and I lost my work", "back up your files before you install anything"],
}


def example_sentences():
    """Sixteen sentences on four topics, for trying things before pasting your own.

    >>> example_sentences().groupby("topic").size().tolist()
    [4, 4, 4, 4]
    """
    import pandas as pd

    return pd.DataFrame([(t, s) for t, texts in EXAMPLE.items() for s in texts], columns=["topic", "sentence"])
