"""Recording a contact ("Kontakt erfassen") in a few keystrokes.

The dialog opens with the duration selected (the date is today); every setting and topic
has an Alt mnemonic, Enter in a single-line field or Ctrl+Return anywhere saves. Switched to
"contact attempt" it records an unanswered attempt: only the date, how it was tried and a note.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.contact_attempts import attempt
from kimdesk.domain.records import Contact
from kimdesk.domain.vocabulary import AttemptChannel, LifeDomain, Setting
from kimdesk.errors import KimdeskError
from kimdesk.gui.dialog_input import DialogInput
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import chain_tab_order, heading, save_cancel_buttons, submit_shortcuts
from kimdesk.i18n import _

DATE_FORMAT = "dd.MM.yyyy"
MAX_MINUTES = 600


def taken_mnemonics(*texts: str) -> set[str]:
    """The letters already marked with "&" in ``texts`` (lower case)."""
    taken = set()
    for text in texts:
        index = text.replace("&&", "").find("&")
        if 0 <= index < len(text) - 1:
            taken.add(text.replace("&&", "")[index + 1].casefold())
    return taken


def with_mnemonic(text: str, taken: set[str]) -> str:
    """``text`` with an "&" before its first letter not yet taken; records the letter.

    The labels come from the catalogue, so the letters are chosen at run time and stay
    unique in any language.
    """
    plain = text.replace("&", "&&")
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    starts = [i for i in letters if i == 0 or not text[i - 1].isalpha()]
    others = [i for i in letters if i not in starts]
    for index in [*starts, *others]:
        letter = text[index].casefold()
        if letter.isascii() and letter not in taken:
            taken.add(letter)
            offset = text[:index].count("&")  # each "&" before it was doubled
            return plain[: index + offset] + "&" + plain[index + offset :]
    return plain


def with_mnemonics(texts: list[str], taken: set[str]) -> list[str]:
    """Each text with its own mnemonic; texts with fewest letters to choose from go first."""
    order = sorted(range(len(texts)), key=lambda i: len(set(texts[i].casefold())))
    result = list(texts)
    for index in order:
        result[index] = with_mnemonic(texts[index], taken)
    return result


class DateField(QDateEdit):
    """A date edit whose Tab leaves the field (typing "." moves between day, month, year)."""

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt API)
        return QWidget.focusNextPrevChild(self, forward)


def date_edit(today: QDate, parent: QWidget) -> QDateEdit:
    """A keyboard-friendly date field: dd.MM.yyyy, today by default, never in the future."""
    edit = DateField(today, parent)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setMaximumDate(today)
    edit.setMinimumDate(QDate(2000, 1, 1))
    return edit


def mark_attempts(table: QTableWidget, contacts: Sequence[Contact]) -> None:
    """Set the rows of unanswered attempts apart (italic): they are no contacts."""
    for row, contact in enumerate(contacts):
        if contact.attempt is None:
            continue
        for column in range(table.columnCount()):
            item = table.item(row, column)
            if item is not None:
                font = item.font()
                font.setItalic(True)
                item.setFont(font)


class CorrectionInput(DialogInput):
    """The fields of a dialog correcting a stored record: closed at a lock like any input
    dialog, but its input is not kept (the record is there to be opened again)."""

    def keep(self) -> bool:
        self._kept = True
        return False


class ContactDialog(QDialog):
    """Ends accepted with ``contact_id`` set once the contact is stored; given ``editing``
    (the id and the stored contact) it corrects that contact instead."""

    def __init__(
        self,
        caseload: Caseload,
        case_id: int,
        prompter: PrompterLike,
        parent: QWidget | None = None,
        *,
        editing: tuple[int, Contact] | None = None,
    ) -> None:
        super().__init__(parent)
        self.contact_id: int | None = editing[0] if editing else None
        self._editing = editing
        self._caseload = caseload
        self._case_id = case_id
        self._prompter = prompter
        self.title = _("Correct contact") if editing else _("Record contact")
        self.setWindowTitle(self.title)
        self.setMinimumWidth(scaled(640))
        self._build()
        if editing is not None:
            self.show_contact(editing[1])
        fields: dict[str, QWidget] = {"date": self.date_edit, "minutes": self.minutes_spin}
        fields |= {"kind.contact": self.contact_button, "kind.attempt": self.attempt_button}
        fields |= {f"attempt.{c.value}": b for c, b in self.channel_buttons.items()}
        fields |= {f"setting.{s.value}": b for s, b in self.setting_buttons.items()}
        fields |= {f"topic.{d.value}": b for d, b in self.topic_boxes.items()}
        fields |= {"short_referral": self.short_referral_box, "note": self.note_edit}
        input_type = CorrectionInput if editing else DialogInput
        self.dialog_input = input_type(
            self,
            caseload,
            kind="contact_correction" if editing else "contact",
            case_id=case_id,
            fields=fields,
        )
        self._show_kind()
        if self.is_attempt():
            self.channel_buttons[self.channel()].setFocus()
        else:
            self.minutes_spin.setFocus()
            self.minutes_spin.selectAll()

    def show_contact(self, contact: Contact) -> None:
        """Fill the fields with a stored contact (to correct it)."""
        day = QDate(contact.contact_on)
        if day > self.date_edit.maximumDate():
            self.date_edit.setMaximumDate(day)
        self.date_edit.setDate(day)
        self.minutes_spin.setValue(contact.minutes)
        self.setting_buttons[contact.setting].setChecked(True)
        if contact.attempt is not None:
            self.attempt_button.setChecked(True)
            self.channel_buttons[contact.attempt].setChecked(True)
        for domain, box in self.topic_boxes.items():
            box.setChecked(domain in contact.topics)
        self.short_referral_box.setChecked(contact.short_referral)
        self.note_edit.setPlainText(contact.note)

    def _build(self) -> None:
        taken = taken_mnemonics(
            _("&Date"), _("D&uration"), _("&Note"), _("Short &referral (Kurzvermittlung)")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(heading(self.title, self))
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        layout.addLayout(form)
        self._form = form

        kinds = with_mnemonics([_("Contact"), _("Contact attempt (not reached)")], taken)
        self.contact_button = QRadioButton(kinds[0], self)
        self.attempt_button = QRadioButton(kinds[1], self)
        self.attempt_button.setToolTip(
            _(
                "Called and not reached, a letter or message without answer, a visit with "
                "nobody there. It does not count as a contact."
            )
        )
        self.kind_group = QButtonGroup(self)
        kind_row = QHBoxLayout()
        kind_row.setSpacing(16)
        for button in (self.contact_button, self.attempt_button):
            self.kind_group.addButton(button)
            kind_row.addWidget(button)
        kind_row.addStretch(1)
        self.contact_button.setChecked(True)
        self.attempt_button.toggled.connect(self._show_kind)
        form.addRow("", kind_row)

        today = QDate(self._caseload.today)
        self.date_edit = date_edit(today, self)
        self.date_edit.setAccessibleName(_("Date of the contact"))
        self.date_label = self._buddy(_("&Date"), self.date_edit)
        form.addRow(self.date_label, self.date_edit)

        self.minutes_spin = QSpinBox(self)
        self.minutes_spin.setRange(0, MAX_MINUTES)
        self.minutes_spin.setSingleStep(5)
        self.minutes_spin.setValue(30)
        self.minutes_spin.setSuffix(" " + _("min"))
        self.minutes_spin.setAccessibleName(_("Duration in minutes"))
        self.minutes_label = self._buddy(_("D&uration"), self.minutes_spin)
        form.addRow(self.minutes_label, self.minutes_spin)

        self.setting_group = QButtonGroup(self)
        self.setting_buttons: dict[Setting, QRadioButton] = {}
        settings_row = QGridLayout()
        settings_row.setHorizontalSpacing(16)
        settings_row.setVerticalSpacing(4)
        labels = with_mnemonics([item.label for item in (*Setting, *LifeDomain)], taken)
        for index, setting in enumerate(Setting):
            button = QRadioButton(labels[index], self)
            button.setAccessibleName(_("Setting: {setting}").format(setting=setting.label))
            self.setting_group.addButton(button)
            self.setting_buttons[setting] = button
            settings_row.addWidget(button, index // 3, index % 3)
        self.setting_buttons[Setting.IN_PERSON].setChecked(True)
        form.addRow(QLabel(_("Setting"), self), settings_row)

        topics = QGridLayout()
        topics.setHorizontalSpacing(16)
        topics.setVerticalSpacing(4)
        self.topic_boxes: dict[LifeDomain, QCheckBox] = {}
        for index, domain in enumerate(LifeDomain):
            box = QCheckBox(labels[len(Setting) + index], self)
            box.setAccessibleName(_("Topic: {domain}").format(domain=domain.label))
            self.topic_boxes[domain] = box
            topics.addWidget(box, index // 2, index % 2)
        form.addRow(QLabel(_("Topics"), self), topics)

        # Shown instead of duration, setting and topics: their letters are free again.
        channel_labels = with_mnemonics(
            [c.label for c in AttemptChannel], taken_mnemonics(_("&Date"), _("&Note"), *kinds)
        )
        self.channel_group = QButtonGroup(self)
        self.channel_buttons: dict[AttemptChannel, QRadioButton] = {}
        channels = QGridLayout()
        channels.setHorizontalSpacing(16)
        channels.setVerticalSpacing(4)
        for index, channel in enumerate(AttemptChannel):
            button = QRadioButton(channel_labels[index], self)
            button.setAccessibleName(_("Attempt: {channel}").format(channel=channel.label))
            self.channel_group.addButton(button)
            self.channel_buttons[channel] = button
            channels.addWidget(button, index // 2, index % 2)
        self.channel_buttons[AttemptChannel.PHONE].setChecked(True)
        self.channels_label = QLabel(_("Attempt"), self)
        form.addRow(self.channels_label, channels)

        self.short_referral_box = QCheckBox(_("Short &referral (Kurzvermittlung)"), self)
        self.short_referral_box.setAccessibleName(_("Short referral"))
        self.short_referral_box.setToolTip(
            _("A brief referral to another service; it does not count as counselling.")
        )
        form.addRow("", self.short_referral_box)

        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setAccessibleName(_("Note"))
        self.note_edit.setPlaceholderText(_("What was discussed, agreed, next step …"))
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.note_label = self._buddy(_("&Note"), self.note_edit)
        form.addRow(self.note_label, self.note_edit)

        self.buttons, self.save_button, cancel = save_cancel_buttons(self, self.save)
        layout.addWidget(self.buttons)
        submit_shortcuts(self, self.save)

        order: list[QWidget] = [self.contact_button, self.attempt_button]
        order += [self.date_edit, self.minutes_spin]
        order += list(self.setting_buttons.values())
        order += list(self.topic_boxes.values())
        order += [*self.channel_buttons.values(), self.short_referral_box]
        order += [self.note_edit, self.save_button, cancel]
        chain_tab_order(order)

    def is_attempt(self) -> bool:
        return self.attempt_button.isChecked()

    def _show_kind(self) -> None:
        """A contact shows duration, setting, topics and short referral; an attempt only how
        it was tried (it has no duration)."""
        attempt_mode = self.is_attempt()
        contact_rows = (
            self._row_of(self.minutes_spin),
            self._row_of(self.setting_buttons[Setting.IN_PERSON]),
            self._row_of(self.topic_boxes[LifeDomain.OTHER]),
            self._row_of(self.short_referral_box),
        )
        for row in contact_rows:
            self._form.setRowVisible(row, not attempt_mode)
        self._form.setRowVisible(self.channels_label, attempt_mode)
        self.date_edit.setAccessibleName(
            _("Date of the attempt") if attempt_mode else _("Date of the contact")
        )
        self.adjustSize()

    def _row_of(self, widget: QWidget) -> int:
        """The form row holding ``widget`` (also inside a row's nested layout)."""
        for row in range(self._form.rowCount()):
            item = self._form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if item is None:
                continue
            if item.widget() is widget:
                return row
            nested = item.layout()
            if nested is not None and nested.indexOf(widget) >= 0:
                return row
        raise LookupError(widget.objectName())

    def _buddy(self, text: str, field: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(field)
        return label

    # -- values ----------------------------------------------------------------------------

    def setting(self) -> Setting:
        checked: QAbstractButton | None = self.setting_group.checkedButton()
        return next(s for s, b in self.setting_buttons.items() if b is checked)

    def topics(self) -> frozenset[LifeDomain]:
        return frozenset(d for d, box in self.topic_boxes.items() if box.isChecked())

    def channel(self) -> AttemptChannel:
        checked: QAbstractButton | None = self.channel_group.checkedButton()
        return next(c for c, b in self.channel_buttons.items() if b is checked)

    def contact(self) -> Contact:
        if self.is_attempt():
            note = self.note_edit.toPlainText().strip()
            return attempt(self._case_id, self.date_edit.date().toPython(), self.channel(), note)
        return Contact(
            case_id=self._case_id,
            contact_on=self.date_edit.date().toPython(),
            minutes=self.minutes_spin.value(),
            setting=self.setting(),
            topics=self.topics(),
            note=self.note_edit.toPlainText().strip(),
            short_referral=self.short_referral_box.isChecked(),
        )

    def save(self) -> None:
        self.minutes_spin.interpretText()
        try:
            if self._editing is not None:
                self._caseload.corrections.update_contact(self._editing[0], self.contact())
            else:
                self.contact_id = self._caseload.add_contact(self.contact())
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return
        self.accept()
