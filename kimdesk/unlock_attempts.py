"""Failed unlock attempts, counted outside the caseload until the next successful unlock.

A wrong password cannot write into the file it cannot decrypt, so the count waits in a small
per-user file (one number per caseload, keyed by a hash of the file's path: nothing personal,
never the attempted text) and goes into the audit log at the next unlock.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from kimdesk.paths import ensure_private_dir, user_data_dir

log = logging.getLogger(__name__)

ATTEMPTS_FILE = "failed-unlocks.json"


def attempts_path() -> Path:
    return user_data_dir() / ATTEMPTS_FILE


def _key(caseload_path: Path) -> str:
    return hashlib.sha256(str(Path(caseload_path).resolve()).encode("utf-8")).hexdigest()[:32]


def _load(store: Path) -> dict[str, int]:
    try:
        raw = json.loads(store.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError) as error:
        log.warning("failed-unlock counts unreadable (%s); starting again", type(error).__name__)
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, int) and v > 0}


def _save(store: Path, counts: dict[str, int]) -> None:
    """Atomically; a failure is logged, not raised: it must never stand in the way of an
    unlock (the count is then lower than it should be, which the log cannot help)."""
    try:
        ensure_private_dir(store.parent)
        handle, temporary = tempfile.mkstemp(prefix=".unlocks-", suffix=".tmp", dir=store.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(counts, file, sort_keys=True)
            os.replace(temporary, store)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        log.warning("failed-unlock counts not saved (%s)", type(error).__name__)


def failed_unlocks(caseload_path: Path, *, store: Path | None = None) -> int:
    """Wrong passwords given for this caseload since its last successful unlock."""
    return _load(store or attempts_path()).get(_key(caseload_path), 0)


def note_failed_unlock(caseload_path: Path, *, store: Path | None = None) -> int:
    """Count one more wrong password; returns the new count."""
    store = store or attempts_path()
    counts = _load(store)
    key = _key(caseload_path)
    counts[key] = counts.get(key, 0) + 1
    _save(store, counts)
    return counts[key]


def clear_failed_unlocks(caseload_path: Path, *, store: Path | None = None) -> None:
    store = store or attempts_path()
    counts = _load(store)
    if counts.pop(_key(caseload_path), None) is not None:
        _save(store, counts)


def carry_failed_unlocks(old: Path, new: Path, *, store: Path) -> None:
    """Keep the count of a caseload whose file moved from ``old`` to ``new`` (the key is the
    path's hash, so the count would otherwise wait under the old path for ever)."""
    counts = _load(store)
    count = counts.pop(_key(old), 0)
    if count:
        counts[_key(new)] = counts.get(_key(new), 0) + count
        _save(store, counts)
