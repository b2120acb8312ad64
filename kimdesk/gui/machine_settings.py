"""IT's machine-wide settings (kimdesk.toml) in the GUI: locked fields, and the problems shown
once at the start."""

from __future__ import annotations

import logging

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QWidget

from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.widgets import FieldNote
from kimdesk.i18n import _
from kimdesk.system_config import problem_report, system_config

log = logging.getLogger(__name__)


def lock_field(field: QWidget, note: FieldNote | None = None) -> None:
    """Show a value IT set in kimdesk.toml read-only (still readable and selectable), on the
    window's grey, with the note "set by your IT department"."""
    locked_note = _("set by your IT department")
    if isinstance(field, QLineEdit | QAbstractSpinBox):
        field.setReadOnly(True)
        if isinstance(field, QAbstractSpinBox):
            field.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        palette = field.palette()
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        field.setPalette(palette)
    else:
        field.setEnabled(False)  # a choice has no read-only state
    field.setToolTip(locked_note)
    if note is not None:
        note.set_hint(locked_note)


def report_problems(prompter: PrompterLike, parent: QWidget | None = None) -> bool:
    """Log and show what is wrong with kimdesk.toml (file, key, problem; never a value of a
    text key); True if there was something. kimdesk goes on with the defaults for those keys."""
    config = system_config()
    for problem in config.problems:
        log.warning("machine-wide settings: %s", problem.english())
    if not config.problems:
        return False
    prompter.warning(parent, problem_report(config), title=_("Machine-wide settings"))
    return True
