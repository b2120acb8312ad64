#!/usr/bin/env python3
"""Consent documents benchmark: all 4 documents in all 14 languages, against German only.

    .venv/bin/python bench/bench_consent.py [--runs 3]

Each language's time is the median of the runs for its four documents, printed for a case
(client name in Arabic script, two agencies, one participant). German only (one language,
no second text, no bidi) is the same-process baseline, so the ratio is what matters, not
the machine. Fonts are registered and catalogs loaded once before timing, as in the app.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kimdesk.printing.consent import CONSENT_DOCUMENTS, Organisation, render_consent  # noqa: E402
from kimdesk.printing.consent_texts import CONSENT_LANGUAGES  # noqa: E402

ORGANISATION = Organisation("Caritasverband Musterstadt e.V.", "Hauptstraße 12, 33330 Gütersloh")


def render_language(lang: str) -> int:
    """Render the four documents in one language; the total PDF size in bytes."""
    size = 0
    for doc_id in CONSENT_DOCUMENTS:
        size += len(
            render_consent(
                doc_id,
                lang,
                organisation=ORGANISATION,
                client_name="محمد الأحمد",
                date=dt.date(2026, 11, 23),
                agencies=(("Jobcenter", "Herr Schmidt"), ("Ausländerbehörde", "Frau Yilmaz")),
                participants=(("Anna Müller", "Jobcenter"),),
            )
        )
    return size


def median_seconds(lang: str, runs: int) -> tuple[float, int]:
    times = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        size = render_language(lang)
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for lang in CONSENT_LANGUAGES:  # warm-up: fonts, catalogs, caches
        render_language(lang)
    baseline, _ = median_seconds("de", args.runs)
    print(f"{'language':<10}{'4 documents (s)':>17}{'ratio to de':>13}{'PDF kB':>9}")
    total = 0.0
    for lang in CONSENT_LANGUAGES:
        seconds, size = median_seconds(lang, args.runs)
        total += seconds
        print(f"{lang:<10}{seconds:>17.3f}{seconds / baseline:>13.2f}{size / 1024:>9.0f}")
    count = len(CONSENT_DOCUMENTS) * len(CONSENT_LANGUAGES)
    print(f"\nall {count} documents: {total:.2f} s (median of {args.runs} runs per language)")
    print(
        f"German only (baseline, 4 documents): {baseline:.3f} s; ratio all/German-only "
        f"{total / baseline:.1f}"
    )


if __name__ == "__main__":
    main()
