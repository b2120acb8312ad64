"""The main window: navigation between the overview, the case list, a case and the service
directory; it opens the wizards and locks the caseload after idle time.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from kimdesk.case_groups import CaseGroup
from kimdesk.caseload import Caseload
from kimdesk.domain.records import Profile
from kimdesk.errors import KimdeskError
from kimdesk.gui.about_dialog import open_about_dialog
from kimdesk.gui.audit_viewer import AuditViewer
from kimdesk.gui.backup_dialog import AutoBackup, RestoreDialog, create_backup
from kimdesk.gui.case_list import CaseListPage
from kimdesk.gui.case_view import CaseView
from kimdesk.gui.caseload_views import CaseloadViews
from kimdesk.gui.dashboard import Dashboard
from kimdesk.gui.dialog_input import DialogInput
from kimdesk.gui.drafts_dialog import DraftsDialog
from kimdesk.gui.erasure_dialog import erase_due_cases
from kimdesk.gui.handover_dialog import accept_handover
from kimdesk.gui.idle import IdleWatch
from kimdesk.gui.import_list import choose_list, import_list
from kimdesk.gui.new_case import NewCaseDialog
from kimdesk.gui.print_dialog import PrintDialog
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.report_dialog import ReportDialog
from kimdesk.gui.services_page import ServiceDirectoryPage
from kimdesk.gui.settings_dialog import SettingsDialog
from kimdesk.gui.system_page import SystemWorkPage
from kimdesk.gui.text_size import scaled
from kimdesk.gui.wizard import FormWizard
from kimdesk.gui.worker import run_with_progress
from kimdesk.i18n import _, ngettext
from kimdesk.store.dialog_drafts import FieldValue

log = logging.getLogger(__name__)

NAVIGATION_WIDTH = 200


def window_title(profile: Profile) -> str:
    title = _("kimdesk – {name}").format(name=profile.case_manager or _("Caseload"))
    return _("{title} (Demo)").format(title=title) if profile.is_demo else title


class MainWindow(QMainWindow):
    """Owns the open caseload and closes it with the window.

    ``closed`` carries True when the caseload was locked (by the user or after idle time; the
    application then asks for the password again) and False when the window was closed.
    """

    closed = Signal(bool)

    def __init__(
        self, caseload: Caseload, prompter: PrompterLike, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._caseload: Caseload | None = caseload
        self._prompter = prompter
        self._locking = False
        self.wizard: FormWizard | None = None
        self._wizard_case: int | None = None  # the case the open wizard's form is for
        self.path = caseload.db.path
        self.profile = caseload.profile()
        self.setWindowTitle(window_title(self.profile))
        self.resize(1240, 780)

        self.dashboard = Dashboard()
        self.case_list = CaseListPage()
        self.case_view = CaseView(caseload, prompter)
        self.services_page = ServiceDirectoryPage(caseload, prompter)
        self.system_page = SystemWorkPage(caseload, prompter)
        self.stack = QStackedWidget()
        for page in (self.dashboard, self.case_list, self.case_view, self.services_page):
            self.stack.addWidget(page)
        self.stack.addWidget(self.system_page)
        self.navigation = self._build_navigation()
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.views = CaseloadViews(
            lambda: self._caseload, self.dashboard, self.case_list, self.stack.currentWidget
        )
        self._build_menus()
        self._build_status_bar()
        self._connect_pages()

        self.idle_watch = IdleWatch(self)
        self.idle_watch.idle.connect(self.lock_after_idle)
        self.idle_watch.set_minutes(self.profile.idle_lock_minutes)
        self.auto_backup = AutoBackup(lambda: self._caseload, self)
        self.auto_backup.failed.connect(self.status)

        # The overview is the first screen: computed now; the case list when it is shown.
        self.show_page(self.dashboard)

    @property
    def caseload(self) -> Caseload | None:
        return self._caseload

    # -- building --------------------------------------------------------------------------

    def _build_navigation(self) -> QListWidget:
        navigation = QListWidget(self)
        navigation.setObjectName("navigation")
        navigation.setAccessibleName(_("Navigation"))
        navigation.setFixedWidth(scaled(NAVIGATION_WIDTH))
        navigation.setIconSize(QSize(0, 0))
        navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._nav_pages: list[QWidget] = []
        for text, page in (
            (_("Overview"), self.dashboard),
            (_("Cases"), self.case_list),
            (_("Service directory"), self.services_page),
            (_("System work"), self.system_page),
        ):
            QListWidgetItem(text, navigation)
            self._nav_pages.append(page)
        navigation.currentRowChanged.connect(self._navigate)
        return navigation

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.new_case_action = self._action(_("&New case …"), "Ctrl+N", self.new_case)
        file_menu.addAction(self.new_case_action)
        self.print_action = self._action(_("&Print …"), "Ctrl+P", self.print_document)
        file_menu.addAction(self.print_action)
        self.import_action = self._action(
            _("&Import caseload list …"), "", self.import_caseload_list
        )
        file_menu.addAction(self.import_action)
        self.backup_action = self._action(_("Create &backup …"), "", self.create_backup)
        file_menu.addAction(self.backup_action)
        self.restore_action = self._action(
            _("&Restore from backup …"), "", self.restore_from_backup
        )
        file_menu.addAction(self.restore_action)
        self.accept_handover_action = self._action(
            _("Accept &handover …"), "", self.accept_handover
        )
        file_menu.addAction(self.accept_handover_action)
        file_menu.addSeparator()
        self.report_action = self._action(_("&Monthly report …"), "Ctrl+E", self.export_report)
        file_menu.addAction(self.report_action)
        self.merge_action = self._action(
            _("Merge monthly reports (coordinating office) …"), "", self.merge_reports
        )
        file_menu.addAction(self.merge_action)
        self.planning_action = self._action(
            _("Prepare a planning conference …"), "", self.prepare_planning_conference
        )
        file_menu.addAction(self.planning_action)
        file_menu.addSeparator()
        self.settings_action = self._action(_("&Settings …"), "Ctrl+,", self.show_settings)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        self.lock_action = self._action(_("&Lock"), "Ctrl+L", self.lock)
        self.lock_action.setStatusTip(_("Close the caseload and ask for the password again"))
        # From every window of the application: a wizard or an input dialog is a window of
        # its own (see reach_lock), and locking keeps what is open in it.
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        file_menu.addAction(self.lock_action)
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        view_menu = self.menuBar().addMenu(_("&View"))
        self.page_actions = []
        for index, text in enumerate(
            (_("&Overview"), _("&Cases"), _("Service &directory")), start=1
        ):
            action = self._action(text, f"Ctrl+{index}", lambda _c=False, i=index: self._go(i - 1))
            view_menu.addAction(action)
            self.page_actions.append(action)

        help_menu = self.menuBar().addMenu(_("&Help"))
        self.audit_action = self._action(_("Audit &log …"), "", self.show_audit_log)
        help_menu.addAction(self.audit_action)
        self.about_action = self._action(_("&About kimdesk"), "", self.show_about)
        help_menu.addAction(self.about_action)

    def _action(self, text: str, shortcut: str, slot: object) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_status_bar(self) -> None:
        location = QLabel(_("Encrypted caseload: {name}").format(name=self.path.name), self)
        location.setToolTip(str(self.path))
        self.statusBar().addPermanentWidget(location)
        self.statusBar().showMessage(_("Ready"), 5000)

    def _connect_pages(self) -> None:
        self.dashboard.open_case.connect(self.show_case)
        self.dashboard.open_draft.connect(self.open_instance)
        self.dashboard.show_cases.connect(lambda: self._go(1))
        self.dashboard.show_group.connect(self.show_group)
        self.dashboard.manage_drafts.connect(self.manage_drafts)
        self.dashboard.export_report.connect(self.export_report)
        self.dashboard.erasure_card.erase_requested.connect(self.erase_due)
        self.case_list.open_case.connect(self.show_case)
        self.case_list.new_case.connect(self.new_case)
        self.case_view.open_form.connect(self.open_form)
        self.case_view.open_instance.connect(self.open_instance)
        self.case_view.back.connect(lambda: self._go(1))
        self.case_view.print_requested.connect(self.print_document)
        self.case_view.case_changed.connect(self.views.case_changed)
        self.case_view.case_removed.connect(self.views.case_removed)
        self.case_view.saved.connect(self.status)
        self.case_view.dialog_opened.connect(self.reach_lock)
        # Only the overview names services (the referrals without news): the rows stay.
        self.services_page.changed.connect(self.views.overview_changed)

    # -- pages -----------------------------------------------------------------------------

    def _go(self, row: int) -> None:
        self.navigation.setCurrentRow(row)
        self._navigate(row)

    def _navigate(self, row: int) -> None:
        if 0 <= row < len(self._nav_pages):
            self.show_page(self._nav_pages[row])

    def show_page(self, page: QWidget) -> None:
        self.views.page_shown(page)  # brought up to date before it is painted
        self.stack.setCurrentWidget(page)
        if page in self._nav_pages:
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(self._nav_pages.index(page))
            self.navigation.blockSignals(False)
        else:
            self.navigation.clearSelection()

    def refresh(self) -> None:
        """After a change that may touch many cases: the page shown is redrawn, the others
        when they are shown; the case shown is read again."""
        self.refresh_lists()
        if self.stack.currentWidget() is self.case_view and self.case_view.case_id is not None:
            self.case_view.refresh()

    def refresh_lists(self) -> None:
        """The case list and the overview, for a change to many cases (kimdesk.gui.
        caseload_views; a change to one case goes through ``views.case_changed``)."""
        self.views.everything_changed()

    @property
    def case_count(self) -> int:
        return self.views.case_count

    def erase_due(self) -> None:
        """The overview's button: erase the persons past the retention period, after asking."""
        if self._caseload is not None and erase_due_cases(self, self._caseload, self._prompter):
            self.refresh_lists()

    def show_group(self, group: CaseGroup) -> None:
        """The overview's "+ n more": the case list with exactly the cases of that card."""
        self.views.ensure_list()
        self.case_list.show_group(group)
        self.show_page(self.case_list)

    def manage_drafts(self) -> None:
        """The drafts list: continue a draft or discard abandoned ones."""
        if self._caseload is None:
            return
        dialog = DraftsDialog(self._caseload, self._prompter, self)
        dialog.exec()
        if dialog.discarded:
            self.status(
                ngettext("{n} draft discarded", "{n} drafts discarded", dialog.discarded).format(
                    n=dialog.discarded
                )
            )
            self.refresh_lists()
        if dialog.chosen is not None:
            self.open_instance(dialog.chosen)

    def show_case(self, case_id: int) -> None:
        self.case_view.show_case(case_id)
        self.show_page(self.case_view)
        # The keyboard follows into the case (its shortcuts, Ctrl+K, act within it): on its
        # first control, as a page is read, unless the focus is in it already.
        current = self.focusWidget()
        if current is None or not self.case_view.isAncestorOf(current):
            self.case_view.back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- forms -----------------------------------------------------------------------------

    def open_form(self, case_id: int, form_key: str) -> None:
        """Start a form for a case, or continue its unfinished draft if the user wants."""
        caseload = self._caseload
        if caseload is None or self._wizard_open():
            return
        drafts = [d for d in caseload.drafts() if (d.case_id, d.form_key) == (case_id, form_key)]
        if drafts and self._prompter.question(
            self,
            _("There is an unfinished draft of “{title}” for this case. Continue it?").format(
                title=drafts[0].title
            ),
            title=_("Draft"),
        ):
            self.open_instance(drafts[0].instance_id)
            return
        self._wizard_case = case_id
        self._show_wizard(FormWizard(caseload, case_id, form_key, prompter=self._prompter))

    def open_instance(self, instance_id: int) -> None:
        caseload = self._caseload
        if caseload is None or self._wizard_open():
            return
        try:
            instance = caseload.form_instance(instance_id)
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return
        self._wizard_case = instance.case_id
        self._show_wizard(
            FormWizard(
                caseload,
                instance.case_id,
                instance.form_key,
                prompter=self._prompter,
                instance_id=instance_id,
            )
        )

    def resume_dialog_draft(self) -> QDialog | None:
        """After unlocking: reopen the dialog that was open at the lock, its input filled in."""
        caseload = self._caseload
        draft = caseload.dialog_drafts.newest() if caseload is not None else None
        if caseload is None or draft is None:
            return None
        if draft.dialog == "new_case":
            # That dialog runs modally (exec): after this start, not inside it.
            QTimer.singleShot(0, lambda: self._new_case(draft.values))
            return None
        dialog = self._reopen(draft.dialog, draft.case_id)
        dialog_input = dialog.findChild(DialogInput) if dialog is not None else None
        if dialog_input is None:
            # Nowhere to put it back (that dialog cannot open for the case any more).
            log.info("a %s draft could not be reopened and was dropped", draft.dialog)
            caseload.dialog_drafts.discard(draft.dialog, draft.case_id)
            return None
        dialog_input.restore(draft.values)
        self.status(_("The input you had started was restored."))
        return dialog

    def _reopen(self, kind: str, case_id: int | None) -> QDialog | None:
        if case_id is None:
            return None
        self.show_case(case_id)
        if kind == "contact":
            return self.case_view.record_contact()
        if kind == "referral":
            return self.case_view.record_referral()
        if kind == "consent":
            return self.case_view.record_consent()
        return None

    def _wizard_open(self) -> bool:
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            return True
        return False

    def reach_lock(self, window: QWidget) -> None:
        """Let Ctrl+L lock from ``window`` too: a window-modal window blocks the main
        window's own shortcuts, even the application-wide ones."""
        window.addAction(self.lock_action)

    def _show_wizard(self, wizard: FormWizard) -> None:
        self.wizard = wizard
        wizard.setParent(self, wizard.windowFlags())
        wizard.setWindowModality(Qt.WindowModality.WindowModal)
        self.reach_lock(wizard)
        wizard.finished.connect(self._wizard_closed)
        wizard.show()

    def _wizard_closed(self) -> None:
        wizard, self.wizard = self.wizard, None
        if wizard is not None:
            wizard.deleteLater()
        case_id, self._wizard_case = self._wizard_case, None
        if case_id is None:
            self.refresh()
        else:  # the form's case only: its row, its view, the overview when shown
            self.views.case_changed(case_id)
            if self.case_view.case_id == case_id:
                self.case_view.refresh()
        self.activateWindow()  # the keys go back to the case the form was for

    # -- dialogs ---------------------------------------------------------------------------

    def new_case(self) -> None:
        self._new_case()

    def _new_case(self, draft: Mapping[str, FieldValue] | None = None) -> None:
        caseload = self._caseload
        if caseload is None:
            return
        dialog = NewCaseDialog(caseload, self._prompter, self)
        dialog_input = dialog.findChild(DialogInput)
        if draft is not None and dialog_input is not None:
            dialog_input.restore(draft)
        if dialog.exec() and dialog.case_id is not None:
            self.views.case_changed(dialog.case_id)
            self.show_case(dialog.case_id)
            self.open_form(dialog.case_id, "screening")

    def print_document(self) -> None:
        """Print for the case shown, or blank forms from elsewhere."""
        caseload = self._caseload
        if caseload is None:
            return
        showing_case = self.stack.currentWidget() is self.case_view
        case_id = self.case_view.case_id if showing_case else None
        dialog = PrintDialog(caseload, self._prompter, self, case_id=case_id)
        if dialog.exec():
            if dialog.saved is not None:
                self.status(_("PDF saved: {name}").format(name=dialog.saved.name))
            elif dialog.printed:
                self.status(_("Sent to the printer."))

    def export_report(self) -> None:
        caseload = self._caseload
        if caseload is None:
            return
        dialog = ReportDialog(caseload, self._prompter, self)
        if dialog.exec() and dialog.result is not None:
            self.status(_("Monthly report saved: {name}").format(name=dialog.result.path.name))
            self.views.overview_changed()  # the report is no longer due

    def prepare_planning_conference(self) -> None:
        from kimdesk.gui.planning_conference_dialog import PlanningConferenceDialog

        if self._caseload is not None:
            PlanningConferenceDialog(self._caseload, self._prompter, self).exec()
            self.views.overview_changed()

    def import_caseload_list(self, _checked: bool = False, *, path: Path | None = None) -> None:
        caseload = self._caseload
        path = path or (choose_list(self) if caseload is not None else None)
        if caseload is None or path is None:
            return
        if import_list(self, caseload, self._prompter, path).imported:
            self.refresh()

    def merge_reports(self) -> None:
        """For the coordinating office: many case managers' reports into one overview."""
        files, _filter = QFileDialog.getOpenFileNames(
            self, _("Monthly reports to merge"), "", _("Excel workbooks (*.xlsx)")
        )
        if not files:
            return
        password, given = QInputDialog.getText(
            self,
            _("Merge monthly reports"),
            _("Password of the encrypted reports (empty if none):"),
            QLineEdit.EchoMode.Password,
        )
        if not given:
            return
        out, _filter = QFileDialog.getSaveFileName(
            self, _("Save the district overview"), "Bezirk.xlsx", _("Excel workbooks (*.xlsx)")
        )
        if not out:
            return
        paths, passwords = [Path(f) for f in files], [password] if password else []
        from kimdesk.report.merge import merge_files  # here, not at the top: cold start

        try:
            merged = run_with_progress(
                self, _("Merging the reports …"), lambda: merge_files(paths, passwords, Path(out))
            )
        except KimdeskError as error:
            self._prompter.error(self, str(error), title=_("Merge monthly reports"))
            return
        notes = "\n".join(merged.notes())
        self._prompter.info(
            self,
            _("{n} reports merged into {name}.").format(n=len(merged.reports), name=Path(out).name)
            + (f"\n\n{notes}" if notes else ""),
            title=_("Merge monthly reports"),
        )

    def show_settings(self) -> None:
        caseload = self._caseload
        if caseload is None:
            return
        dialog = SettingsDialog(caseload, self._prompter, self)
        if dialog.exec() and dialog.saved_profile is not None:
            self.profile = dialog.saved_profile
            self.setWindowTitle(window_title(self.profile))
            self.idle_watch.set_minutes(self.profile.idle_lock_minutes)
            self.refresh()

    def show_audit_log(self) -> None:
        if self._caseload is not None:
            AuditViewer(self._caseload, self).exec()

    def accept_handover(self) -> None:
        """Datei → Übergabe annehmen …: then show the case taken over."""
        if self._caseload is None:
            return
        case_id = accept_handover(self, self._caseload, self._prompter)
        if case_id is not None:
            self.views.case_changed(case_id)
            self.show_case(case_id)

    def create_backup(self) -> None:
        if self._caseload is not None:
            create_backup(self, self._caseload, self._prompter)

    def restore_from_backup(self) -> None:
        """The caseload closes before its file is replaced; then the password is asked again."""
        if self._caseload is None:
            return
        RestoreDialog(self.path, self._prompter, self, before_restore=self.close_caseload).exec()
        if self._caseload is None:
            self.lock()

    def show_about(self) -> None:
        open_about_dialog(self, self.path)

    def status(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    def case_count_text(self) -> str:
        return ngettext("{n} case", "{n} cases", self.case_count).format(n=self.case_count)

    # -- locking and closing ---------------------------------------------------------------

    def lock(self) -> None:
        self._locking = True
        self.close()

    def lock_after_idle(self) -> None:
        """Idle too long: save what is open, then lock (the password is asked again)."""
        self.lock()

    def close_caseload(self, *, backup: bool = False) -> None:
        # An open wizard saves its pending changes when it closes: before the caseload goes.
        if self.wizard is not None:
            self.wizard.close()
            self.wizard = None
        # So does an open input dialog: its fields become a draft, offered after unlocking.
        if self._caseload is not None:
            for dialog_input in self.findChildren(DialogInput):
                dialog_input.keep()
                dialog_input.dialog.reject()
        if self._caseload is not None:
            if backup:  # closing the application, not locking: the automatic backup
                self.auto_backup.run()
            self._caseload.close()
            self._caseload = None

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.FontChange:  # the user's text size changed meanwhile
            self.navigation.setFixedWidth(scaled(NAVIGATION_WIDTH))
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.idle_watch.stop()
        self.auto_backup.stop()
        self.close_caseload(backup=not self._locking)
        event.accept()
        locking, self._locking = self._locking, False
        self.closed.emit(locking)
