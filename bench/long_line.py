"""The CSV separator guess on one long line (the upload that stalled the server): the app's one-pass
count over a bounded prefix against the old per-separator regex (quadratic in the line's length),
in the same run.

    .venv/bin/python bench/long_line.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lib import domain
from lib.intake import reading


def old_delimiter(text: str) -> str:
    """The guess as it was before (kept here only to measure against)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: len(re.findall(re.escape(d) + r'(?=(?:[^"]*"[^"]*")*[^"]*$)', first)) for d in (";", "\t", ",")}
    best = max(counts.values())
    return next(d for d in (";", "\t", ",") if counts[d] == best) if best else ";"


def timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def main() -> None:
    ctx = reading.context(domain.load())
    print("line size | old guess | app: guess | app: whole upload read and refused")
    for kb in (8, 16, 32, 64, 256, 4096):
        text = ("1234;" * (kb * 1024 // 5 + 1))[: kb * 1024]
        old = f"{timed(old_delimiter, text):8.3f} s" if kb <= 256 else "  (not run)"
        new = timed(reading._delimiter, text)
        whole = timed(reading.parse_upload, "long.csv", text.encode(), ctx)
        print(f"{kb:6d} KB | {old} | {new * 1000:7.2f} ms | {whole * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
