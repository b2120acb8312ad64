"""Backups in the GUI: one to a place the user chooses, restoring one (checked and summarised
before anything is replaced), the automatic backups, and the setting how many to keep.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.errors import KimdeskError
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import busy_cursor, heading, hint
from kimdesk.i18n import _
from kimdesk.lifecycle.backup import (
    BACKUP_SUFFIX,
    MAX_KEEP,
    MIN_KEEP,
    BackupSummary,
    RestoreResult,
    automatic_backup,
    automatic_backup_name,
    backup_due,
    backups_to_keep,
    last_automatic_backup,
    make_backup,
    restore_backup,
    set_backups_to_keep,
    verify_backup,
)
from kimdesk.store.faults import file_fault

log = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 60 * 60 * 1000  # is a daily backup due? asked once an hour


def backup_filter() -> str:
    return _("kimdesk backups (*{suffix});;All files (*)").format(suffix=BACKUP_SUFFIX)


# -- a backup by hand ------------------------------------------------------------------------


def create_backup(
    parent: QWidget,
    caseload: Caseload,
    prompter: PrompterLike,
    *,
    target: Path | None = None,
    now: Callable[[], datetime] = datetime.now,
) -> Path | None:
    """Ask where (a USB stick, say) unless ``target`` is given, write the backup, tell."""
    if target is None:
        chosen, _filter = QFileDialog.getSaveFileName(
            parent,
            _("Create backup"),
            str(Path.home() / automatic_backup_name(now())),
            backup_filter(),
            options=QFileDialog.Option.DontConfirmOverwrite,  # refused below, not overwritten
        )
        if not chosen:
            return None
        target = Path(chosen)
    try:
        with busy_cursor():
            make_backup(caseload, target)
    except KimdeskError as error:
        prompter.error(parent, str(error), title=_("Create backup"))
        return None
    except OSError as error:
        problem = file_fault(error, caseload=False)
        prompter.error(
            parent,
            str(problem) if problem else _("The backup could not be written."),
            title=_("Create backup"),
        )
        return None
    prompter.info(
        parent,
        _(
            "The backup was saved as {name}. It is encrypted with the caseload's password; "
            "keep it in a safe place."
        ).format(name=target.name),
        title=_("Create backup"),
    )
    return target


# -- restoring -------------------------------------------------------------------------------


def summary_text(summary: BackupSummary) -> str:
    return "\n".join(
        (
            _("Persons: {persons}, cases: {cases}, contacts: {contacts}").format(
                persons=summary.persons, cases=summary.cases, contacts=summary.contacts
            ),
            _("Last change: {when}").format(when=_format_stamp(summary.last_change)),
            _("Integrity: ok") if summary.integrity_ok else _("Integrity: PROBLEMS FOUND"),
        )
    )


def _format_stamp(stamp: str | None) -> str:
    if not stamp:
        return "–"
    try:
        return datetime.fromisoformat(stamp).strftime("%d.%m.%Y %H:%M")
    except ValueError:
        return stamp


class RestoreDialog(QDialog):
    """Choose a backup, check it with its password, see what it holds, then restore it.

    ``before_restore`` runs right before the caseload's file is replaced (the main window
    closes the open caseload there). Ends accepted with ``restored`` set.
    """

    def __init__(
        self,
        caseload_path: Path,
        prompter: PrompterLike,
        parent: QWidget | None = None,
        *,
        before_restore: Callable[[], None] | None = None,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self.restored: RestoreResult | None = None
        self.summary: BackupSummary | None = None
        self._path = caseload_path
        self._prompter = prompter
        self._before_restore = before_restore
        self._now = now
        self.setWindowTitle(_("Restore from backup – kimdesk"))
        self.setMinimumWidth(scaled(560))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(heading(_("Restore from backup"), self))
        layout.addWidget(
            hint(
                _(
                    "The backup is checked and summarised first. The current caseload file "
                    "is not overwritten but kept beside it under another name."
                ),
                self,
            )
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        file_label = QLabel(_("&Backup file"), self)
        self.file_edit = QLineEdit(self)
        self.file_edit.setAccessibleName(_("Backup file"))
        file_label.setBuddy(self.file_edit)
        self.choose_button = QPushButton(_("Choose …"), self)
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_file)
        grid.addWidget(file_label, 0, 0)
        grid.addWidget(self.file_edit, 0, 1)
        grid.addWidget(self.choose_button, 0, 2)
        password_label = QLabel(_("&Password of the backup"), self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(_("Password of the backup"))
        password_label.setBuddy(self.password_edit)
        self.check_button = QPushButton(_("C&heck"), self)
        self.check_button.setAutoDefault(False)
        self.check_button.clicked.connect(self.check)
        grid.addWidget(password_label, 1, 0)
        grid.addWidget(self.password_edit, 1, 1)
        grid.addWidget(self.check_button, 1, 2)
        layout.addLayout(grid)

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setMinimumHeight(self.summary_label.fontMetrics().height() * 3)
        layout.addWidget(self.summary_label)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(_("Message"))
        layout.addWidget(self.message_label)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.restore_button = QPushButton(_("&Restore"), self)
        self.restore_button.setObjectName("primary")
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.restore_button)
        layout.addLayout(buttons)
        self.file_edit.textChanged.connect(self._forget_summary)
        self.password_edit.textChanged.connect(self._forget_summary)
        self.file_edit.setFocus()

    @property
    def message(self) -> str:
        return self.message_label.text()

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Choose backup"), str(self._path.parent), backup_filter()
        )
        if chosen:
            self.file_edit.setText(chosen)
            self.password_edit.setFocus()

    def _forget_summary(self) -> None:
        self.summary = None
        self.summary_label.clear()
        self.message_label.clear()

    def check(self) -> BackupSummary | None:
        """Verify the chosen backup; show what it holds, or why it is refused."""
        self._forget_summary()
        text = self.file_edit.text().strip()
        if not text:
            self.message_label.setText(_("Please choose the backup file."))
            self.file_edit.setFocus()
            return None
        if not self.password_edit.text():
            self.message_label.setText(_("Please enter the password."))
            self.password_edit.setFocus()
            return None
        try:
            with busy_cursor():
                summary = verify_backup(Path(text), self.password_edit.text())
        except KimdeskError as error:  # wrong password, damaged, not a kimdesk backup
            self.message_label.setText(str(error))
            return None
        self.summary = summary
        self.summary_label.setText(summary_text(summary))
        return summary

    def restore(self) -> None:
        summary = self.summary or self.check()
        if summary is None:
            return
        if not self._prompter.question(
            self,
            _(
                "Replace the caseload with this backup?\n\n{summary}\n\nThe current file is "
                "kept beside it."
            ).format(summary=summary_text(summary)),
            title=_("Restore from backup"),
        ):
            return
        if self._before_restore is not None:
            self._before_restore()
        try:
            with busy_cursor():
                self.restored = restore_backup(
                    self._path,
                    Path(self.file_edit.text().strip()),
                    self.password_edit.text(),
                    now=self._now(),
                )
        except KimdeskError as error:
            self.message_label.setText(str(error))
            return
        self.password_edit.clear()
        kept = self.restored.kept_aside
        self._prompter.info(
            self,
            _("The backup was restored.")
            + (
                " " + _("The previous caseload was kept as {path}.").format(path=kept.name)
                if kept is not None
                else ""
            ),
            title=_("Restore from backup"),
        )
        self.accept()


# -- automatic backups -----------------------------------------------------------------------


class AutoBackup(QObject):
    """Automatic backups of the open caseload: at closing, and once a day while it runs.

    A demo caseload gets none. A failure is logged and reported through ``failed``.
    """

    failed = Signal(str)

    def __init__(
        self,
        caseload: Callable[[], Caseload | None],
        parent: QObject | None = None,
        *,
        now: Callable[[], datetime] = datetime.now,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._caseload = caseload
        self._now = now
        self._environ = environ
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> Path | None:
        """A backup if none was made in the last day."""
        caseload = self._caseload()
        if caseload is None or not backup_due(last_automatic_backup(caseload.db.path), self._now()):
            return None
        return self.run()

    def run(self) -> Path | None:
        caseload = self._caseload()
        if caseload is None or caseload.profile().is_demo:
            return None
        try:
            return automatic_backup(caseload, now=self._now(), environ=self._environ)
        except (KimdeskError, OSError) as error:
            log.warning("automatic backup not made (%s)", type(error).__name__)
            self.failed.emit(str(error) if isinstance(error, KimdeskError) else "")
            return None

    def stop(self) -> None:
        self.timer.stop()


# -- the setting -----------------------------------------------------------------------------


def backup_keep_spin(caseload: Caseload, parent: QWidget) -> QSpinBox:
    """The number of automatic backups to keep (one per day), for the settings dialog."""
    spin = QSpinBox(parent)
    spin.setRange(MIN_KEEP, MAX_KEEP)
    spin.setValue(backups_to_keep(caseload))
    return spin


def save_backup_keep(caseload: Caseload, spin: QSpinBox) -> None:
    if spin.value() != backups_to_keep(caseload):
        set_backups_to_keep(caseload, spin.value())
