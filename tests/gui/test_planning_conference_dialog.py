"""The planning conference dialog: choose cases, review texts side by side, print, record."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kimdesk import planning_conference as pc
from kimdesk import themes
from kimdesk.caseload import Caseload
from kimdesk.demo import fill_demo
from kimdesk.gui.planning_conference_dialog import RELEASE, PlanningConferenceDialog
from tests.conftest import PASSWORD, PROFILE, TODAY
from tests.gui.conftest import RecordingPrompter

SHOTS = Path(os.environ.get("KIMDESK_SHOTS", "")) if os.environ.get("KIMDESK_SHOTS") else None


@pytest.fixture
def demo(tmp_path: Path) -> Caseload:
    caseload = Caseload.create(tmp_path / "p.kimdesk", PASSWORD, PROFILE, today=lambda: TODAY)
    fill_demo(caseload, cases=14, seed=5, today=TODAY)
    yield caseload
    caseload.close()


def shot(dialog: PlanningConferenceDialog, name: str) -> None:
    if SHOTS:
        dialog.grab().save(str(SHOTS / f"{name}.png"))


def test_the_steps_from_choosing_cases_to_recording_themes(
    qtbot, demo: Caseload, prompter: RecordingPrompter, tmp_path: Path
) -> None:
    dialog = PlanningConferenceDialog(demo, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    chosen = [c.case_id for c in dialog.candidates[:4]]
    assert not dialog.next_button.isEnabled()
    dialog.choose_cases(chosen[:2])
    assert not dialog.next_button.isEnabled()
    dialog.choose_cases(chosen)
    assert dialog.next_button.isEnabled()
    shot(dialog, "1-cases")
    dialog.next_step()

    assert dialog.pages.currentIndex() == 1 and dialog.released() == {}
    texts = dialog.bundle.texts
    first, second = texts[0], texts[1]
    surname = demo.repo.report_identifiers()[0][0]
    # A text reworded to hold a name cannot be released: the check says why.
    dialog.set_conference_text(first.key, f"Gespräch mit {surname}")
    dialog.set_released(first.key, True)
    assert first.key not in dialog.released()
    assert "Name" in dialog.check_text_of(first.key)
    row = dialog._row_of(first.key)
    assert dialog.text_table.item(row, RELEASE).checkState() is Qt.CheckState.Unchecked
    dialog.set_conference_text(first.key, "Gespräch mit der Familie")
    dialog.set_released(first.key, True)
    dialog.set_conference_text(second.key, "Wohnung zu klein")
    assert dialog.released() == {first.key: "Gespräch mit der Familie"}
    shot(dialog, "2-texts")
    dialog.next_step()
    shot(dialog, "3-print")

    path = tmp_path / "bundle.pdf"
    dialog.save_to(path)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Gespräch mit der Familie" in " ".join(text.split())
    assert "Wohnung zu klein" not in text and surname not in text
    if SHOTS:
        (SHOTS / "bundle.pdf").write_bytes(path.read_bytes())
    dialog.next_step()

    dialog.theme_title.setText("Kinderbetreuung fehlt während der Sprachkurse")
    dialog.add_theme()
    [theme] = [
        t for t in themes.themes(demo) if t.title == "Kinderbetreuung fehlt während der Sprachkurse"
    ]
    assert dialog.chosen_themes() == [theme.id]
    shot(dialog, "4-result")
    dialog.next_step()
    assert dialog.result() == dialog.DialogCode.Accepted and prompter.messages == []
    recorded = pc.conferences(demo)[0]
    assert recorded.id == dialog.conference_id
    assert recorded.case_ids == tuple(chosen) and recorded.theme_ids == (theme.id,)
    assert recorded.texts == 1
    assert set(themes.theme(demo, theme.id).case_ids) == set(chosen)
