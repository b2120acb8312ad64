"""The end of every benchmark script: its Markdown on stdout and in bench/out/ (not versioned)."""

from __future__ import annotations

import sys
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent / "out"


def publish(text: str, name: str) -> None:
    """Print ``text`` and write it to bench/out/``name``."""
    print(text)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / name).write_text(text, encoding="utf-8")
    print(f"written to bench/out/{name}", file=sys.stderr)
