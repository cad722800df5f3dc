"""Run every benchmark script in bench/ one after another (each prints its own tables).

    .venv/bin/python bench/run.py
"""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in sorted(HERE.glob("bench_*.py")):
    print(f"\n# {script.name}\n", flush=True)
    subprocess.run([sys.executable, str(script)], cwd=HERE, check=False)
