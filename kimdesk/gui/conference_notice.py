"""The needs plan's conference page says, while the plan is prepared, whether the client
signed the consent to a needs conference and what they excluded from it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kimdesk.caseload import Caseload
from kimdesk.consent_scope import CONFERENCE_FIELD, conference_notice, plans_conference
from kimdesk.forms.model import FormDefinition
from kimdesk.gui.widgets import hint
from kimdesk.gui.wizard.pages import SectionPage


def add_conference_notice(
    pages: Sequence[SectionPage], caseload: Caseload, case_id: int, definition: FormDefinition
) -> QLabel | None:
    """The notice under the title of the page that asks for the conference; None for a form
    that plans none."""
    if not plans_conference(definition):
        return None
    page = next((p for p in pages if any(e.field.key == CONFERENCE_FIELD for e in p.editors)), None)
    content = page.findChild(QWidget, "wizardPageContent") if page is not None else None
    layout = content.layout() if content is not None else None
    if not isinstance(layout, QVBoxLayout):
        return None
    label = hint(conference_notice(caseload, case_id), content)
    label.setObjectName("notice")
    label.setAccessibleName(label.text())
    layout.insertWidget(1, label)  # after the page's title and help
    return label
