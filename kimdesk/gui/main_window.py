"""The main window: for now the unlocked caseload at a glance; case list and forms follow."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from kimdesk import __version__
from kimdesk.caseload import Caseload
from kimdesk.domain.records import Profile
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.widgets import heading, hint
from kimdesk.i18n import _, ngettext

CARD_WIDTH = 600


def window_title(profile: Profile) -> str:
    title = _("kimdesk – {name}").format(name=profile.case_manager or _("Caseload"))
    return _("{title} (Demo)").format(title=title) if profile.is_demo else title


class MainWindow(QMainWindow):
    """Owns the open caseload and closes it with the window.

    ``closed`` carries True when the user locked the caseload (the application then asks
    for the password again) and False when the window was simply closed.
    """

    closed = Signal(bool)

    def __init__(
        self, caseload: Caseload, prompter: PrompterLike, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._caseload: Caseload | None = caseload
        self._prompter = prompter
        self._locking = False
        self.path = caseload.db.path
        self.profile = caseload.profile()
        self.case_count = len(caseload.cases())
        self.setWindowTitle(window_title(self.profile))
        self.resize(960, 640)
        self._build_menus()
        self.setCentralWidget(self._build_overview())
        self._build_status_bar(caseload)

    @property
    def caseload(self) -> Caseload | None:
        return self._caseload

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.lock_action = QAction(_("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setStatusTip(_("Close the caseload and ask for the password again"))
        self.lock_action.triggered.connect(self.lock)
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        help_menu = self.menuBar().addMenu(_("&Help"))
        self.about_action = QAction(_("&About kimdesk"), self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def _build_overview(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(40, 28, 40, 28)
        outer.setSpacing(16)
        if self.profile.is_demo:
            banner = QLabel(_("Demo caseload: all persons and cases are invented."), page)
            banner.setObjectName("demoBanner")
            banner.setWordWrap(True)
            banner.setFixedWidth(CARD_WIDTH)
            outer.addWidget(banner, 0, Qt.AlignmentFlag.AlignHCenter)

        card = QFrame(page)
        card.setObjectName("card")
        card.setFixedWidth(CARD_WIDTH)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        layout.addWidget(heading(_("Caseload unlocked"), card))
        self.count_label = QLabel(
            ngettext("{n} case", "{n} cases", self.case_count).format(n=self.case_count), card
        )
        self.count_label.setObjectName("bigNumber")
        self.count_label.setAccessibleName(_("Number of cases"))
        layout.addWidget(self.count_label)

        details = QFormLayout()
        details.setHorizontalSpacing(24)
        details.setVerticalSpacing(8)
        details.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        share = round(self.profile.full_time_share * 100)
        rows = [
            (_("Case manager"), self.profile.case_manager),
            (_("Organisation (Träger)"), self.profile.organisation),
            (_("Municipality or district"), self.profile.municipality),
            (_("Full-time share"), f"{share} %"),
            (_("Coordinating office"), self.profile.coordination_email or "–"),
        ]
        self.detail_labels: dict[str, QLabel] = {}
        for caption, value in rows:
            value_label = QLabel(value or "–", card)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value_label.setAccessibleName(caption)
            self.detail_labels[caption] = value_label
            caption_label = QLabel(caption, card)
            caption_label.setObjectName("caption")
            details.addRow(caption_label, value_label)
        layout.addLayout(details)
        layout.addWidget(
            hint(_("The case list and the forms follow in the next versions of kimdesk."), card)
        )

        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        return page

    def _build_status_bar(self, caseload: Caseload) -> None:
        path = caseload.db.path
        location = QLabel(_("Encrypted caseload: {name}").format(name=path.name), self)
        location.setToolTip(str(path))
        self.statusBar().addPermanentWidget(location)
        self.statusBar().showMessage(_("Ready"), 5000)

    # -- actions ---------------------------------------------------------------------------

    def show_about(self) -> None:
        self._prompter.info(
            self,
            _(
                "kimdesk {version}\n\nCase management for KIM case managers in North "
                "Rhine-Westphalia. The caseload is stored encrypted on this computer and "
                "works without a network."
            ).format(version=__version__),
            title=_("About kimdesk"),
        )

    def lock(self) -> None:
        self._locking = True
        self.close()

    def close_caseload(self) -> None:
        if self._caseload is not None:
            self._caseload.close()
            self._caseload = None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.close_caseload()
        event.accept()
        locking, self._locking = self._locking, False
        self.closed.emit(locking)
