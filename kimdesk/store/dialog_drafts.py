"""Input typed into a dialog and not stored yet, kept in the encrypted caseload (e.g. while it
is locked) until the dialog is open again: one draft per dialog and case.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlcipher3

from kimdesk.errors import KimdeskError
from kimdesk.i18n import _
from kimdesk.store.database import Database

log = logging.getLogger(__name__)

# A field's value as the dialogs keep it: text, a number, a switch, or nothing chosen.
FieldValue = str | int | float | bool | None
DIALOG_NAME = re.compile(r"[a-z][a-z_]{0,39}")


@dataclass(frozen=True)
class DialogDraft:
    dialog: str
    case_id: int | None
    values: Mapping[str, FieldValue] = field(default_factory=dict)


class DialogDrafts:
    """The drafts of one open caseload; ``dialog`` names the kind of dialog ("contact")."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, dialog: str, case_id: int | None, values: Mapping[str, FieldValue]) -> None:
        """Keep ``values`` as the draft of ``dialog`` for the case, replacing an older one."""
        if not DIALOG_NAME.fullmatch(dialog):
            raise ValueError("a dialog is named by a short lower-case key")
        text = json.dumps(dict(values), ensure_ascii=False, sort_keys=True)
        with _kept_or_explained(), self._db.transaction():
            self._delete(dialog, case_id)
            self._db.execute(
                "INSERT INTO dialog_drafts(dialog, case_id, field_values) VALUES (?, ?, ?)",
                (dialog, case_id, text),
            )

    def newest(self) -> DialogDraft | None:
        """The draft saved last, if any (the dialog that was open when the caseload closed)."""
        row = self._db.query_one(
            "SELECT dialog, case_id, field_values FROM dialog_drafts ORDER BY id DESC LIMIT 1"
        )
        return None if row is None else _draft(row)

    def discard(self, dialog: str, case_id: int | None) -> None:
        with _kept_or_explained():
            self._delete(dialog, case_id)

    def _delete(self, dialog: str, case_id: int | None) -> None:
        self._db.execute(
            "DELETE FROM dialog_drafts WHERE dialog = ? AND case_id IS ?", (dialog, case_id)
        )


@contextmanager
def _kept_or_explained() -> Iterator[None]:
    """A failed write (a full disk, a closed caseload) as a known error: the caller, about to
    lock, goes on without the draft."""
    try:
        yield
    except sqlcipher3.Error as error:
        raise KimdeskError(_("The started input could not be kept.")) from error


def _draft(row: Any) -> DialogDraft:
    try:
        values = json.loads(row["field_values"])
    except ValueError:
        values = None
    if not isinstance(values, dict):
        # Never the text itself in the log: it is what the user typed.
        log.warning("a dialog draft could not be read and is ignored")
        values = {}
    return DialogDraft(dialog=row["dialog"], case_id=row["case_id"], values=values)
