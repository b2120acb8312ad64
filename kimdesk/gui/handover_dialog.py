"""The case handover in the GUI: hand a case over, confirm the receipt, accept a handover.

The one-time password and the receipt code are shown once, large, for reading out on the
phone; the logic is kimdesk.lifecycle.handover.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.domain.names import display_name
from kimdesk.domain.records import CaseRow
from kimdesk.errors import KimdeskError
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import busy_cursor, heading, hint
from kimdesk.i18n import _
from kimdesk.lifecycle import handover
from kimdesk.lifecycle.handover_file import SUFFIX


def handover_filter() -> str:
    return _("kimdesk handover files (*{suffix});;All files (*)").format(suffix=SUFFIX)


def code_page(
    dialog: QDialog, *, title: str, advice: str, close_text: str
) -> tuple[QWidget, QLabel, QLabel]:
    """A page that shows a password or code once: heading, a line above it (filled in later),
    the code large, the advice, and a button that closes the dialog."""
    page = QWidget(dialog)
    layout = QVBoxLayout(page)
    layout.addWidget(heading(title, page))
    above = hint("", page)
    layout.addWidget(above)
    code = code_label("", page)
    layout.addWidget(code)
    layout.addWidget(hint(advice, page))
    layout.addStretch(1)
    done = QDialogButtonBox(page)
    close = done.addButton(QDialogButtonBox.StandardButton.Close)
    close.setText(close_text)
    done.rejected.connect(dialog.accept)
    layout.addWidget(done)
    return page, above, code


def code_label(text: str, parent: QWidget) -> QLabel:
    """A password or code, large, in a fixed-width font, selectable for copying."""
    label = QLabel(text, parent)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(max(font.pointSizeF(), 10) * 2.2)
    font.setWeight(QFont.Weight.Bold)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setObjectName("card")
    label.setMargin(14)
    label.setAccessibleName(text)
    return label


def _file_row(parent: QWidget, edit: QLineEdit, choose: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(choose)
    return row


# -- the sender: hand over -------------------------------------------------------------------


class HandoverExportDialog(QDialog):
    """Write the case into a handover file, then show the one-time password once."""

    def __init__(
        self,
        caseload: Caseload,
        case_id: int,
        prompter: PrompterLike,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._caseload, self._case_id, self._prompter = caseload, case_id, prompter
        self.exported: handover.Exported | None = None
        case = caseload.case(case_id)
        self.setWindowTitle(_("Hand over case"))
        self.setMinimumWidth(scaled(600))
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages)

        first = QWidget(self)
        form = QVBoxLayout(first)
        form.addWidget(heading(_("Hand over case {number}").format(number=case.case_number)))
        form.addWidget(
            hint(
                _(
                    "The case (person, forms, contacts, goals, referrals, consents and phases) "
                    "is written into an encrypted file for a KIM colleague. A one-time "
                    "password is shown afterwards, once. Nothing is deleted here until you "
                    "confirm the receipt code the colleague reads to you."
                ),
                first,
            )
        )
        folder = Path.home()
        self.path_edit = QLineEdit(
            str(folder / f"Fallübergabe-{case.pseudonym}{SUFFIX}"), first
        )
        self.path_edit.setAccessibleName(_("Handover file"))
        choose = QPushButton(_("Choose …"), first)
        choose.clicked.connect(self._choose)
        form.addLayout(_file_row(first, self.path_edit, choose))
        form.addStretch(1)
        buttons = QDialogButtonBox(first)
        self.export_button = QPushButton(_("Create handover file"), first)
        self.export_button.setObjectName("primary")
        self.export_button.setDefault(True)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        form.addWidget(buttons)
        self.pages.addWidget(first)

        second, self.written_label, self.password_label = code_page(
            self,
            title=_("One-time password"),
            advice=_(
                "Pass this password on by phone or in person – not in the same e-mail as "
                "the file. It is shown only now and is not stored anywhere. When your "
                "colleague has taken the case over, they read you a receipt code: enter "
                "it under “Confirm receipt …” in this case."
            ),
            close_text=_("I have noted the password"),
        )
        self.pages.addWidget(second)

    def _choose(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save handover file"),
            self.path_edit.text(),
            handover_filter(),
            options=QFileDialog.Option.DontConfirmOverwrite,  # refused, not overwritten
        )
        if chosen:
            self.path_edit.setText(chosen)

    def export(self) -> handover.Exported | None:
        path = Path(self.path_edit.text().strip())
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        try:
            with busy_cursor():
                self.exported = handover.export_case(self._caseload, self._case_id, path)
        except KimdeskError as error:
            self._prompter.error(self, str(error), title=_("Hand over case"))
            return None
        except OSError:
            self._prompter.error(
                self, _("The handover file could not be written."), title=_("Hand over case")
            )
            return None
        self.written_label.setText(
            _("The handover file {name} was written. The password to open it:").format(
                name=path.name
            )
        )
        self.password_label.setText(self.exported.password)
        self.pages.setCurrentIndex(1)
        return self.exported


class ConfirmReceiptDialog(QDialog):
    """Type the receiver's receipt code: the case is closed and the person erased here."""

    # The password was lost or the file did not arrive: write a new one (the receipt of
    # either file confirms the handover).
    new_file_requested = Signal()

    def __init__(
        self,
        caseload: Caseload,
        case_id: int,
        prompter: PrompterLike,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._caseload, self._case_id, self._prompter = caseload, case_id, prompter
        self.confirmed: handover.Confirmed | None = None
        case = caseload.case(case_id)
        self.setWindowTitle(_("Confirm receipt"))
        self.setMinimumWidth(scaled(560))
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(_("Confirm the receipt of case {number}").format(number=case.case_number))
        )
        layout.addWidget(
            hint(
                _(
                    "Enter the receipt code your colleague was shown when taking the case "
                    "over. Then the case is closed here as handed over, and the person's data "
                    "are erased from this caseload (unless the person has other cases here)."
                ),
                self,
            )
        )
        form = QFormLayout()
        self.code_edit = QLineEdit(self)
        self.code_edit.setPlaceholderText("XXXX-XXXX")
        self.code_edit.setAccessibleName(_("Receipt code"))
        font = self.code_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.code_edit.setFont(font)
        form.addRow(_("Receipt code:"), self.code_edit)
        layout.addLayout(form)
        buttons = QDialogButtonBox(self)
        self.confirm_button = QPushButton(_("Confirm and erase here"), self)
        self.confirm_button.setObjectName("primary")
        self.confirm_button.setDefault(True)
        buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        self.again_button = QPushButton(_("New handover file …"), self)
        self.again_button.setToolTip(
            _("If the file or the one-time password got lost: write the case out once more")
        )
        buttons.addButton(self.again_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.again_button.clicked.connect(self._again)
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _again(self) -> None:
        self.reject()
        self.new_file_requested.emit()

    def confirm(self) -> handover.Confirmed | None:
        try:
            with busy_cursor():
                self.confirmed = handover.confirm_handover(
                    self._caseload, self._case_id, self.code_edit.text()
                )
        except KimdeskError as error:
            self._prompter.error(self, str(error), title=_("Confirm receipt"))
            return None
        if self.confirmed.person_erased:
            text = _("The handover is confirmed; the person was erased from this caseload.")
        else:
            text = _(
                "The handover is confirmed and the case closed. The person has other cases "
                "here and stays until their retention period ends."
            )
        self._prompter.info(self, text, title=_("Confirm receipt"))
        self.accept()
        return self.confirmed


class HandoverButton(QPushButton):
    """The case view's button: "Hand over …", or "Confirm receipt …" once exported."""

    stored = Signal()  # the case changed (exported: now pending)
    erased = Signal()  # the case (and maybe the person) is gone from this caseload

    def __init__(self, caseload: Caseload, prompter: PrompterLike, parent: QWidget) -> None:
        super().__init__(_("Hand over …"), parent)
        self._caseload, self._prompter = caseload, prompter
        self.case_id: int | None = None
        self.pending = False
        self.dialog: QDialog | None = None
        self.clicked.connect(self.open_dialog)

    def set_case(self, case: CaseRow) -> None:
        self.case_id = case.id
        self.pending = handover.is_pending(self._caseload, case.id)
        self.setText(_("Confirm receipt …") if self.pending else _("Hand over …"))
        self.setToolTip(
            _("Enter the receipt code of the colleague who took the case over")
            if self.pending
            else _("Hand the case over to a KIM colleague in an encrypted file")
        )
        self.setEnabled(case.phase.is_open)

    def open_dialog(self, *, new_file: bool = False) -> QDialog | None:
        if self.case_id is None:
            return None
        dialog: QDialog
        if self.pending and not new_file:
            confirm = ConfirmReceiptDialog(self._caseload, self.case_id, self._prompter, self)
            confirm.accepted.connect(self.erased)
            confirm.new_file_requested.connect(lambda: self.open_dialog(new_file=True))
            dialog = confirm
        else:
            dialog = HandoverExportDialog(self._caseload, self.case_id, self._prompter, self)
            dialog.finished.connect(self._exported)
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _exported(self) -> None:
        self.dialog = None
        self.stored.emit()


# -- the receiver: accept a handover ---------------------------------------------------------


class HandoverImportDialog(QDialog):
    """Choose the file, type the password, see what comes and decide about a known person."""

    def __init__(
        self, caseload: Caseload, prompter: PrompterLike, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._caseload, self._prompter = caseload, prompter
        self.preview: handover.HandoverPreview | None = None
        self.imported: handover.Imported | None = None
        self.setWindowTitle(_("Accept handover"))
        self.setMinimumWidth(scaled(620))
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages)
        self.pages.addWidget(self._open_page())
        self.pages.addWidget(self._preview_page())
        self.pages.addWidget(self._receipt_page())

    def _open_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(heading(_("Accept a handed-over case"), page))
        layout.addWidget(
            hint(
                _(
                    "Choose the handover file your colleague sent you and type the one-time "
                    "password they told you (upper or lower case, dashes optional)."
                ),
                page,
            )
        )
        form = QFormLayout()
        self.path_edit = QLineEdit(page)
        self.path_edit.setAccessibleName(_("Handover file"))
        choose = QPushButton(_("Choose …"), page)
        choose.clicked.connect(self._choose)
        form.addRow(_("File:"), _file_row(page, self.path_edit, choose))
        self.password_edit = QLineEdit(page)
        self.password_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX")
        self.password_edit.setAccessibleName(_("One-time password"))
        form.addRow(_("One-time password:"), self.password_edit)
        layout.addLayout(form)
        layout.addStretch(1)
        buttons = QDialogButtonBox(page)
        self.open_button = QPushButton(_("Open"), page)
        self.open_button.setObjectName("primary")
        self.open_button.setDefault(True)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        buttons.accepted.connect(self.open_file)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(heading(_("What the file holds"), page))
        self.summary_label = QLabel(page)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)  # names are never HTML
        layout.addWidget(self.summary_label)
        self.match_hint = hint(
            _(
                "A person with this name is already recorded here. Does the case belong to "
                "that person? Please choose – nothing is merged without your decision."
            ),
            page,
        )
        layout.addWidget(self.match_hint)
        self.choices = QButtonGroup(page)
        self.choices.buttonToggled.connect(self._choice_changed)
        self.choice_box = QVBoxLayout()
        layout.addLayout(self.choice_box)
        layout.addStretch(1)
        buttons = QDialogButtonBox(page)
        self.import_button = QPushButton(_("Take the case over"), page)
        self.import_button.setObjectName("primary")
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        buttons.accepted.connect(self.take_over)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        return page

    def _receipt_page(self) -> QWidget:
        page, self.taken_label, self.receipt_label = code_page(
            self,
            title=_("Receipt code"),
            advice=_(
                "Read this code to your colleague: with it they confirm the handover, and "
                "the case is erased at their end. You may delete the handover file now."
            ),
            close_text=_("Close"),
        )
        return page

    def _choose(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Open handover file"), str(Path.home()), handover_filter()
        )
        if chosen:
            self.path_edit.setText(chosen)

    def open_file(self) -> handover.HandoverPreview | None:
        path = Path(self.path_edit.text().strip())
        if not self.path_edit.text().strip():
            self._prompter.error(self, _("Please choose the handover file."))
            return None
        try:
            with busy_cursor():
                self.preview = handover.preview_handover(
                    self._caseload, path, self.password_edit.text()
                )
        except KimdeskError as error:
            self._prompter.error(self, str(error), title=_("Accept handover"))
            return None
        self._show_preview(self.preview)
        self.pages.setCurrentIndex(1)
        return self.preview

    def _show_preview(self, preview: handover.HandoverPreview) -> None:
        born = preview.birth_date.strftime("%d.%m.%Y") if preview.birth_date else "–"
        counts = preview.counts
        self.summary_label.setText(
            "\n".join(
                [
                    f"{display_name(preview.surname, preview.given_names)} "
                    f"({_('born {date}').format(date=born)})",
                    _("Pseudonym {pseudonym}; case {number} at the sender; phase: {phase}").format(
                        pseudonym=preview.pseudonym,
                        number=preview.sender_case_number,
                        phase=preview.phase.label,
                    ),
                    _(
                        "{forms} forms, {contacts} contacts, {goals} goals, {referrals} "
                        "referrals, {consents} consents"
                    ).format(**counts),
                ]
            )
        )
        for button in self.choices.buttons():
            self.choices.removeButton(button)
            button.deleteLater()
        self.match_hint.setVisible(bool(preview.matches))
        for match in preview.matches:
            text = _("Belongs to the person of case {numbers} ({how})").format(
                numbers=", ".join(match.case_numbers),
                how=match.likeness,
            )
            radio = QRadioButton(text, self)
            radio.setProperty("person_id", match.person_id)
            if match.has_open_case:  # one open case per person: this choice is refused
                radio.setText(text + " – " + _("has an open case here"))
                radio.setEnabled(False)
            self.choices.addButton(radio)
            self.choice_box.addWidget(radio)
        if preview.matches:
            radio = QRadioButton(_("A different person: record them anew"), self)
            radio.setProperty("person_id", 0)
            self.choices.addButton(radio)
            self.choice_box.addWidget(radio)
        self.import_button.setEnabled(not preview.matches)

    def _choice_changed(self) -> None:
        self.import_button.setEnabled(self.choices.checkedButton() is not None)

    def choose_match(self, index: int) -> None:
        """Pick the ``index``-th choice (the last: a new person), as a click would."""
        self.choices.buttons()[index].setChecked(True)

    def take_over(self) -> handover.Imported | None:
        attach, new_person = None, False
        checked = self.choices.checkedButton()
        if self.preview is not None and self.preview.matches:
            if checked is None:
                return None
            attach = int(checked.property("person_id")) or None
            new_person = attach is None
        try:
            with busy_cursor():
                self.imported = handover.import_handover(
                    self._caseload,
                    Path(self.path_edit.text().strip()),
                    self.password_edit.text(),
                    attach_to_person_id=attach,
                    new_person=new_person,
                )
        except KimdeskError as error:
            self._prompter.error(self, str(error), title=_("Accept handover"))
            return None
        self.taken_label.setText(
            _("The case was taken over as case {number}. The receipt code for the sender:").format(
                number=self.imported.case_number
            )
        )
        self.receipt_label.setText(self.imported.receipt_code)
        self.password_edit.clear()
        self.pages.setCurrentIndex(2)
        return self.imported


def accept_handover(parent: QWidget, caseload: Caseload, prompter: PrompterLike) -> int | None:
    """Datei → Übergabe annehmen …: the id of the case taken over, if one was."""
    dialog = HandoverImportDialog(caseload, prompter, parent)
    dialog.exec()
    return dialog.imported.case_id if dialog.imported else None
