"""Correcting stored records from a list: Enter or a double click opens a record to correct,
Del removes it after a question. The rules and the log are in ``kimdesk.corrections``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QWidget

from kimdesk.corrections import FormVersion
from kimdesk.domain.vocabulary import FormStatus
from kimdesk.errors import KimdeskError
from kimdesk.gui.prompter import PrompterLike
from kimdesk.i18n import _


class DeleteKey(QObject):
    """Calls ``remove`` when Del is pressed in a list (not while a cell is edited)."""

    def __init__(self, view: QAbstractItemView, remove: Callable[[], object]) -> None:
        super().__init__(view)
        self._remove = remove
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self._remove()
            return True
        return super().eventFilter(watched, event)


def correctable(
    view: QAbstractItemView, *, edit: Callable[[int], object], remove: Callable[[], object]
) -> None:
    """Make a read-only list of records correctable from the keyboard and the mouse: ``edit``
    gets the row (in the view's model). A double click may also activate the row: the
    second call finds the dialog open and does nothing."""
    view.activated.connect(lambda index: edit(index.row()))  # Enter (and, by style, clicks)
    view.doubleClicked.connect(lambda index: edit(index.row()))
    DeleteKey(view, remove)
    view.setToolTip(_("Enter or double click corrects the entry, Del removes it."))


def confirm_and_remove(
    parent: QWidget, prompter: PrompterLike, question: str, remove: Callable[[], None]
) -> bool:
    """Ask, then remove; a refusal (e.g. an offer still named) is shown. True if removed."""
    if not prompter.question(parent, question, title=_("Remove")):
        return False
    try:
        remove()
    except KimdeskError as error:
        prompter.error(parent, str(error))
        return False
    return True


def version_status(version: FormVersion, corrected: bool) -> str:
    """The status column of a form in the case view: finished, corrected, a draft."""
    day = version.superseded_on.strftime("%d.%m.%Y") if version.superseded_on else ""
    if not version.is_current:
        return _("corrected on {date}").format(date=day)
    if version.instance.status is FormStatus.DRAFT and version.corrects_id is not None:
        return _("correction (draft)")
    if corrected:
        return _("finished, corrected")
    return version.instance.status.label
