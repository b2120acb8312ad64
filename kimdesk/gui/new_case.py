"""A new case ("Neuer Fall"): the person's first details and the access route.

The case starts at the screening. Before creating, the dialog warns when a person of the
same or a similar name (and the same birth date, where known) is already recorded.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.domain.dates import DateInputError, parse_german_date
from kimdesk.domain.records import CaseRow, PersonData
from kimdesk.domain.vocabulary import AccessRoute, Gender
from kimdesk.errors import KimdeskError
from kimdesk.gui.dialog_input import DialogInput
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import (
    FieldNote,
    chain_tab_order,
    heading,
    hint,
    noted_row,
    submit_shortcuts,
)
from kimdesk.i18n import _

EARLIEST_BIRTH_YEAR = 1900


def parse_birth_date(text: str, *, today: date | None = None) -> date | None:
    """A date typed as dd.mm.yyyy (or as any date field takes it); None for an empty field.

    Raises DateInputError (a ValueError) with the wording of every date field.
    """
    text = text.strip()
    if not text:
        return None
    return parse_german_date(text, today=today)


class NewCaseDialog(QDialog):
    """Ends accepted with ``case_id`` (and ``person_id``) set once person and case exist."""

    def __init__(
        self, caseload: Caseload, prompter: PrompterLike, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.case_id: int | None = None
        self.person_id: int | None = None
        self._caseload = caseload
        self._prompter = prompter
        self.notes: dict[QWidget, FieldNote] = {}
        self.setWindowTitle(_("New case"))
        self.setMinimumWidth(scaled(560))
        self._build()
        # Typed input is kept as a draft when the caseload locks, and offered after unlocking.
        self.dialog_input = DialogInput(
            self,
            caseload,
            kind="new_case",
            case_id=None,
            fields={
                "surname": self.surname_edit,
                "given_names": self.given_names_edit,
                "birth_date": self.birth_edit,
                "gender": self.gender_combo,
                "phone": self.phone_edit,
                "access_route": self.route_combo,
            },
        )
        self.surname_edit.setFocus()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(heading(_("New case"), self))
        layout.addWidget(
            hint(
                _(
                    "The case starts with the screening. Further personal data belong on the "
                    "cover sheet once the signed consent is recorded. Fields marked * are required."
                ),
                self,
            )
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(2)
        layout.addLayout(form)

        self.surname_edit = QLineEdit(self)
        noted_row(self.notes, form, _("&Surname *"), self.surname_edit, _("Surname"))
        self.given_names_edit = QLineEdit(self)
        noted_row(self.notes, form, _("&Given names *"), self.given_names_edit, _("Given names"))
        self.birth_edit = QLineEdit(self)
        self.birth_edit.setPlaceholderText(_("dd.mm.yyyy"))
        self.birth_edit.setMaxLength(10)
        noted_row(
            self.notes,
            form,
            _("&Birth date"),
            self.birth_edit,
            _("Birth date"),
            note_hint=_("Optional; as day.month.year, e.g. 07.03.1988."),
        )
        self.gender_combo = QComboBox(self)
        self.gender_combo.addItem(_("not stated"), "")
        for gender in Gender:
            self.gender_combo.addItem(gender.label, gender.value)
        self.gender_combo.setMinimumWidth(scaled(220))
        noted_row(self.notes, form, _("Gen&der"), self.gender_combo, _("Gender"))
        self.phone_edit = QLineEdit(self)
        noted_row(self.notes, form, _("&Phone"), self.phone_edit, _("Phone"))
        self.route_combo = QComboBox(self)
        self.route_combo.addItem(_("not stated"), "")
        for route in AccessRoute:
            self.route_combo.addItem(route.label, route.value)
        noted_row(self.notes, form, _("&Access route"), self.route_combo, _("Access route"))

        buttons = QDialogButtonBox(self)
        self.create_button = QPushButton(_("&Create case"), self)
        self.create_button.setObjectName("primary")  # before the button box polishes it
        self.create_button.setToolTip(_("Create case (Ctrl+Return)"))
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        # The default button: Enter in any field (also the last one) creates the case.
        self.create_button.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        buttons.accepted.connect(self.create_case)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        submit_shortcuts(self, self.create_case)

        order: list[QWidget] = [
            self.surname_edit,
            self.given_names_edit,
            self.birth_edit,
            self.gender_combo,
            self.phone_edit,
            self.route_combo,
            self.create_button,
            cancel,
        ]
        chain_tab_order(order)

    # -- values ----------------------------------------------------------------------------

    def field_errors(self) -> dict[QWidget, str]:
        errors: dict[QWidget, str] = {}
        if not self.surname_edit.text().strip():
            errors[self.surname_edit] = _("Please enter the surname.")
        if not self.given_names_edit.text().strip():
            errors[self.given_names_edit] = _("Please enter the given names.")
        try:
            born = parse_birth_date(self.birth_edit.text(), today=self._caseload.today)
        except DateInputError as error:
            errors[self.birth_edit] = str(error)
        else:
            if born is not None and born > self._caseload.today:
                errors[self.birth_edit] = _("The birth date cannot lie in the future.")
            elif born is not None and born.year < EARLIEST_BIRTH_YEAR:
                errors[self.birth_edit] = _("Please check the year of birth.")
        return errors

    def person(self) -> PersonData:
        """The person as entered; call only when field_errors() is empty."""
        return PersonData(
            surname=self.surname_edit.text().strip(),
            given_names=self.given_names_edit.text().strip(),
            birth_date=parse_birth_date(self.birth_edit.text(), today=self._caseload.today),
            gender=str(self.gender_combo.currentData()),
            phone=self.phone_edit.text().strip(),
        )

    def access_route(self) -> str:
        return str(self.route_combo.currentData())

    def possible_duplicates(self, person: PersonData) -> list[CaseRow]:
        """One case of each person with the same or a similar name whose birth date is the
        same or unknown on one side (``kimdesk.domain.duplicates``)."""
        # Imported here, not at the top: it loads rapidfuzz, not needed to start (cold start).
        from kimdesk.domain.duplicates import possible_duplicates

        rows = self._caseload.cases()
        first = {row.person_id: row for row in reversed(rows)}
        found = possible_duplicates(
            person.surname,
            person.given_names,
            person.birth_date,
            rows,
            lambda person_id: self._caseload.person(person_id).birth_date,
        )
        return [first[match.person_id] for match in found]

    # -- action ----------------------------------------------------------------------------

    def create_case(self) -> None:
        if self.case_id is not None:
            return
        errors = self.field_errors()
        for field, note in self.notes.items():
            note.set_error(errors.get(field, ""))
        if errors:
            next(iter(errors)).setFocus()
            return
        person = self.person()
        duplicates = self.possible_duplicates(person)
        # Only a birth date that was entered is spoken of (else it would puzzle the user).
        message = (
            _(
                "A person with the same or a similar name and the same birth date (or without "
                "one) is already recorded (case {numbers}). Create a new person and case anyway?"
            )
            if person.birth_date
            else _(
                "A person with the same or a similar name is already recorded (case {numbers}). "
                "Create a new person and case anyway?"
            )
        )
        if duplicates and not self._prompter.question(
            self,
            message.format(numbers=", ".join(row.case_number for row in duplicates)),
            title=_("Possible duplicate"),
        ):
            return
        try:
            # Person and case in one transaction: a failure leaves neither behind, so a
            # second attempt cannot add the person twice.
            admitted = self._caseload.admit_person(person, access_route=self.access_route())
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return
        self.person_id, self.case_id = admitted.person_id, admitted.case.id
        self.accept()
