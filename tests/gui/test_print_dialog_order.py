"""The print dialog lists the documents in the order of the process, by short German names
of one pattern, none of them cut — in the closed box and in the open list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionComboBox

from kimdesk.caseload import Caseload
from kimdesk.gui.print_dialog import PrintDialog
from kimdesk.paths import ui_dir
from kimdesk.printing.documents import documents
from tests.conftest import make_person

PROCESS_ORDER = [
    ("consent", "Einverständniserklärung zur Datenverarbeitung"),
    ("release-of-confidentiality", "Schweigepflichtentbindung"),
    ("privacy-notice", "Datenschutzhinweise (Art. 13 DSGVO)"),
    ("needs-conference-consent", "Einverständnis zur Bedarfskonferenz"),
    ("screening", "Screening"),
    ("cover_sheet", "Aktendeckblatt"),
    ("assessment_residence", "Assessment Aufenthaltsstatus/Rechtliches"),
    ("assessment_education_work", "Assessment Bildung/Sprache/Ausbildung/Arbeit"),
    ("assessment_family", "Assessment familiäre Situation"),
    ("assessment_finances", "Assessment finanzielle Situation"),
    ("assessment_health", "Assessment Gesundheit"),
    ("assessment_migration", "Assessment Migration/Integration"),
    ("assessment_social", "Assessment soziale Situation und Freizeit"),
    ("assessment_housing", "Assessment Wohnsituation"),
    ("goals", "Zielerreichungsbogen"),
    ("goal_review", "Überprüfung der Planung"),
    ("needs_plan", "Bedarfsplan/Hilfeplan"),
    ("interim", "Zwischenstandsbogen"),
    ("closure", "Abschlussbogen"),
    ("comparison", "Vergleich der Assessments"),
    ("case-file", "Fallakte (Fallkonferenz)"),
    ("case-file-anonymised", "Fallakte anonymisiert (Planungskonferenz)"),
    ("access-report", "Auskunft an die Klientin/den Klienten (Art. 15 DSGVO)"),
    ("case-conference-preparation", "Vorbereitungsblatt (Fallkonferenz)"),
    ("case-conference-minutes", "Protokoll (Fallkonferenz)"),
    ("interim-pseudonymised", "Zwischenstandsbogen pseudonymisiert (Koordinierungsstelle)"),
    ("closure-pseudonymised", "Abschlussbogen pseudonymisiert (Koordinierungsstelle)"),
]
CASE_DOCUMENTS = {
    "comparison",
    "case-file",
    "case-file-anonymised",
    "access-report",
    "case-conference-preparation",
    "case-conference-minutes",
    "interim-pseudonymised",
    "closure-pseudonymised",
}


def entries(dialog: PrintDialog) -> list[tuple[str, str]]:
    """(id, shown name) of every entry; separators (no id) left out."""
    combo = dialog.document_combo
    return [
        (combo.itemData(i), combo.itemText(i))
        for i in range(combo.count())
        if combo.itemData(i) is not None
    ]


def open_dialog(qtbot, caseload: Caseload, prompter, case_id: int | None = None) -> PrintDialog:
    dialog = PrintDialog(caseload, prompter, case_id=case_id)
    qtbot.addWidget(dialog)
    dialog.setStyleSheet((ui_dir() / "kimdesk.qss").read_text(encoding="utf-8"))
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_documents_come_in_the_order_of_the_process(caseload: Caseload) -> None:
    listed = [(d.id, d.name) for d in documents(caseload.forms)]
    assert listed == PROCESS_ORDER


def test_the_dialog_lists_them_in_that_order(qtbot, caseload: Caseload, prompter) -> None:
    case = caseload.open_case(caseload.add_person(make_person("Haddad", "Amal")))
    dialog = open_dialog(qtbot, caseload, prompter, case.id)
    assert entries(dialog) == PROCESS_ORDER
    blank = open_dialog(qtbot, caseload, prompter)
    assert entries(blank) == [e for e in PROCESS_ORDER if e[0] not in CASE_DOCUMENTS]


def test_one_naming_pattern_and_the_full_heading_as_tooltip(
    qtbot, caseload: Caseload, prompter
) -> None:
    dialog = open_dialog(qtbot, caseload, prompter)
    combo = dialog.document_combo
    for index in range(combo.count()):
        if combo.itemData(index) is None:
            continue
        name = combo.itemText(index)
        assert not name.startswith("Case Management"), name
        assert combo.itemData(index, Qt.ItemDataRole.ToolTipRole)  # the full heading
    assert combo.itemData(combo.findData("screening"), Qt.ItemDataRole.ToolTipRole) == (
        "Case Management: Screening"
    )


def test_a_document_after_a_separator_is_the_one_chosen(
    qtbot, caseload: Caseload, prompter
) -> None:
    case = caseload.open_case(caseload.add_person(make_person("Haddad", "Amal")))
    dialog = open_dialog(qtbot, caseload, prompter, case.id)
    combo = dialog.document_combo
    for document_id in ("screening", "comparison", "access-report", "consent"):
        combo.setCurrentIndex(combo.findData(document_id))
        assert dialog.document.id == document_id
    assert dialog.suggested_name() == "consent_de_" + case.case_number + ".pdf"


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen popup
def test_no_name_is_cut(qtbot, caseload: Caseload, prompter) -> None:
    case = caseload.open_case(caseload.add_person(make_person("Haddad", "Amal")))
    dialog = open_dialog(qtbot, caseload, prompter, case.id)
    combo = dialog.document_combo
    # the closed box: every name fits its text field
    for index in range(combo.count()):
        if combo.itemData(index) is None:
            continue
        combo.setCurrentIndex(index)
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            combo,
        )
        assert combo.fontMetrics().horizontalAdvance(combo.itemText(index)) <= field.width()
    # the open list: every entry shown whole, all at once
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    QApplication.processEvents()
    metrics = view.fontMetrics()
    for index in range(combo.count()):
        if combo.itemData(index) is None:
            continue
        text = combo.itemText(index)
        assert metrics.horizontalAdvance(text) <= view.viewport().width(), text
        rect = view.visualRect(combo.model().index(index, 0))
        assert rect.left() + metrics.horizontalAdvance(text) <= view.viewport().width(), text
        assert 0 <= rect.top() and rect.bottom() <= view.viewport().height(), text  # no scrolling
    combo.hidePopup()
