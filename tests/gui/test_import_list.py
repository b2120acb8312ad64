"""Importing a caseload list from the window: a progress bar fed by the import, the report."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kimdesk.caseload import Caseload
from kimdesk.gui.import_list import ImportProgressDialog, import_list, import_with_progress
from kimdesk.gui.main_window import MainWindow
from tests.gui.conftest import RecordingPrompter


def write_list(path: Path, rows: int, *, invalid: int = 0) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nachname", "Vorname", "Geburtsdatum"])
    for n in range(rows):
        writer.writerow([f"Nachname{n}", f"Vorname{n}", f"{n % 28 + 1:02d}.04.1975"])
    for n in range(invalid):
        writer.writerow(["", f"OhneNachname{n}", ""])
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def test_the_progress_dialog_counts_up_to_the_persons_written(
    qtbot, caseload: Caseload, tmp_path: Path
) -> None:
    dialog = ImportProgressDialog(None)
    qtbot.addWidget(dialog)
    report = import_with_progress(
        None, caseload, write_list(tmp_path / "l.csv", 1200), dialog=dialog
    )
    assert report.persons_imported == 1200
    assert dialog.steps[-1] == (1200, 1200)
    done = [d for d, _total in dialog.steps]
    assert done == sorted(done) and len(done) > 2
    assert dialog.maximum() == 1200
    assert caseload.repo.table_counts()["cases"] == 1200


def test_the_window_imports_a_list_and_shows_the_new_cases(
    qtbot, caseload: Caseload, prompter: RecordingPrompter, tmp_path: Path
) -> None:
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    window.import_caseload_list(path=write_list(tmp_path / "l.csv", 30))
    assert prompter.kinds() == ["info"]
    assert "30 Personen importiert" in prompter.messages[0][1]
    assert window.case_count == 30
    window.close()


def test_with_some_invalid_rows_the_valid_ones_are_imported_when_wanted(
    qtbot, caseload: Caseload, prompter: RecordingPrompter, tmp_path: Path
) -> None:
    path = write_list(tmp_path / "l.csv", 5, invalid=20)
    prompter.answer = False
    report = import_list(None, caseload, prompter, path)
    assert not report.imported and caseload.repo.table_counts()["persons"] == 0
    assert prompter.kinds() == ["question"]  # declined: the question named the problems
    question = prompter.messages[0][1]
    assert "--skip-invalid" not in question  # a command line option means nothing here
    assert "… und 5 weitere Probleme" in question  # a message box holds 15 of the 20
    assert question.count("Zeile ") == 15

    prompter.messages.clear()
    prompter.answer = True
    report = import_list(None, caseload, prompter, path)
    assert report.persons_imported == 5 and caseload.repo.table_counts()["persons"] == 5
    assert prompter.kinds() == ["question", "info"]


def test_a_file_that_cannot_be_imported_is_an_error(
    qtbot, caseload: Caseload, prompter: RecordingPrompter, tmp_path: Path
) -> None:
    empty = tmp_path / "leer.csv"
    empty.write_text("", encoding="utf-8")
    report = import_list(None, caseload, prompter, empty)
    assert report.file_errors and prompter.kinds() == ["error"]
