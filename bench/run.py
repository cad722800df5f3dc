"""Run every benchmark script in bench/ one after another (each prints its own tables).

    .venv/bin/python bench/run.py

bench_drag.py drives Debian's chromium through a JupyterLab of its own (the explorer's drag
latency, page vs kernel, with and without a 150 ms message delay).
"""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in sorted(HERE.glob("bench_*.py")):
    print(f"\n# {script.name}\n", flush=True)
    subprocess.run([sys.executable, str(script)], cwd=HERE, check=False)
