"""Rendering the main screens to PNG, offscreen, for the README and the documentation.

Everything is shown read-only or left untouched, so rendering writes nothing to the caseload.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from kimdesk.caseload import Caseload
from kimdesk.domain.records import CaseRow
from kimdesk.domain.vocabulary import FormStatus
from kimdesk.errors import BadInput
from kimdesk.forms.model import FieldType, FormKind
from kimdesk.gui.contact_dialog import ContactDialog
from kimdesk.gui.main_window import MainWindow
from kimdesk.gui.print_dialog import PrintDialog
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.settings_dialog import SettingsDialog
from kimdesk.gui.unlock import UnlockDialog
from kimdesk.gui.wizard import FormWizard
from kimdesk.i18n import _

WINDOW_SIZE = (1280, 800)
WIZARD_SIZE = (1100, 760)


class SilentPrompter:
    """Answers every question with "no" and shows nothing."""

    def info(self, parent: object, text: str, *, title: str = "") -> None:
        pass

    def warning(self, parent: object, text: str, *, title: str = "") -> None:
        pass

    def error(self, parent: object, text: str, *, title: str = "") -> None:
        pass

    def question(self, parent: object, text: str, *, title: str = "") -> bool:
        return False

    def confirm(self, parent: object, text: str, *, action: str, title: str = "") -> bool:
        return False


def _settle() -> None:
    for _round in range(3):
        QApplication.processEvents()


def _save(widget: QWidget, path: Path) -> Path:
    _settle()
    if not widget.grab().save(str(path)):
        raise BadInput(_("The picture {path} cannot be written.").format(path=path))
    return path


def showcase_case(caseload: Caseload) -> CaseRow:
    """A case worth showing: re-assessed (the comparison has two rounds) and with goals."""
    rows = caseload.cases()
    if not rows:
        raise BadInput(_("The caseload has no cases to show."))
    for row in rows:
        changes = caseload.assessment_changes(row.id)
        if any(change.later for change in changes) and caseload.goals(row.id):
            return row
    return rows[0]


def _final(caseload: Caseload, case_id: int, kind: FormKind, rated: bool = False) -> int | None:
    for instance in reversed(caseload.form_instances(case_id, kind)):
        if instance.status is not FormStatus.FINAL:
            continue
        if rated and not any(
            isinstance(v, dict) and "value" in v for v in instance.answers.values()
        ):
            continue
        return instance.id
    return None


def render_screenshots(caseload: Caseload, out_dir: Path) -> list[Path]:
    """Render each main screen with this caseload; the PNG files written, in order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    prompter: PrompterLike = SilentPrompter()
    written: list[Path] = []

    def shot(name: str, widget: QWidget, prepare: Callable[[], None] | None = None) -> None:
        if prepare is not None:
            prepare()
        written.append(_save(widget, out_dir / f"{len(written) + 1:02d}-{name}.png"))

    unlock = UnlockDialog(caseload.db.path, prompter)
    unlock.show()
    shot("unlock", unlock)
    unlock.close()

    window = MainWindow(caseload, prompter)
    window.idle_watch.set_minutes(0)
    window.resize(*WINDOW_SIZE)
    window.show()
    shot("dashboard", window)
    shot("case-list", window, lambda: window._go(1))
    case = showcase_case(caseload)
    shot("case-view", window, lambda: window.show_case(case.id))

    def wizard_shot(name: str, kind: FormKind, page_of: Callable[[FormWizard], int]) -> None:
        instance_id = _final(caseload, case.id, kind, rated=kind is FormKind.ASSESSMENT)
        if instance_id is None:
            return
        instance = caseload.form_instance(instance_id)
        wizard = FormWizard(
            caseload, case.id, instance.form_key, prompter=prompter, instance_id=instance_id
        )
        wizard.resize(*WIZARD_SIZE)
        wizard.show()
        wizard.go_to_page(page_of(wizard))
        shot(name, wizard)
        wizard.close()
        wizard.deleteLater()

    wizard_shot("screening", FormKind.SCREENING, lambda w: 1)
    wizard_shot("assessment-ratings", FormKind.ASSESSMENT, _rating_page)
    wizard_shot("goal-sheet", FormKind.GOALS, lambda w: 1)

    contact = ContactDialog(caseload, case.id, prompter)
    contact.show()
    shot("contact-entry", contact)
    contact.reject()

    shot(
        "assessment-comparison",
        window,
        lambda: window.case_view.tabs.setCurrentWidget(window.case_view.comparison),
    )

    settings = SettingsDialog(caseload, prompter)
    settings.show()
    shot("settings", settings)
    settings.reject()

    printing = PrintDialog(caseload, prompter, case_id=case.id)
    printing.show()
    shot("print", printing)
    preview = printing.open_preview()
    if preview is not None:
        preview.resize(*WIZARD_SIZE)
        preview.show()
        shot("print-preview", preview)
        preview.reject()
    printing.reject()

    shot("service-directory", window, lambda: window._go(2))
    window.idle_watch.stop()
    window.hide()
    window.deleteLater()
    _settle()
    return written


def _rating_page(wizard: FormWizard) -> int:
    """The page of an assessment sheet that holds its 1–10 ratings."""
    definition = wizard.definition
    for index, section in enumerate(definition.sections):
        if any(field.type is FieldType.SCALE_10 for field in section.fields):
            return index
    return 0
