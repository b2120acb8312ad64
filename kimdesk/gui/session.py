"""The running application: Qt set-up (style, German, error hook) and the way from the first
window to the main window and back after locking.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QStyleFactory

from kimdesk.app_settings import load_app_settings
from kimdesk.caseload import Caseload
from kimdesk.forms.loader import FormDefinitionError, default_forms
from kimdesk.gui.contrast import (
    follow_system_contrast,
    high_contrast_palette,
    high_contrast_style_sheet_path,
    system_prefers_high_contrast,
    wants_high_contrast,
)
from kimdesk.gui.first_start import FirstStartDialog
from kimdesk.gui.instance_lock import (
    AlreadyOpenDialog,
    CaseloadLock,
    bring_to_front,
    request_front,
)
from kimdesk.gui.machine_settings import report_problems
from kimdesk.gui.main_window import MainWindow
from kimdesk.gui.prompter import Prompter, PrompterLike
from kimdesk.gui.text_size import base_points
from kimdesk.gui.unlock import UnlockDialog
from kimdesk.i18n import _, language
from kimdesk.paths import APP_NAME, default_demo_path, resources_dir, ui_dir
from kimdesk.relocation import relocate_user_data

log = logging.getLogger(__name__)

ORGANISATION_NAME = "kimdesk"
# Qt style sheets know points and pixels but no relative font size; ui/kimdesk.qss writes
# ``font-size: 167%`` (of the application font) and apply_style turns that into points.
_RELATIVE_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)%")
_follow_font: Callable[[QFont], None] | None = None
ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def stylesheet_path() -> Path:
    return ui_dir() / "kimdesk.qss"


def icon_path() -> Path:
    return resources_dir() / "icons" / "kimdesk.svg"


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(argv or [sys.argv[0] if sys.argv else APP_NAME])
    )
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION_NAME)
    app.setWindowIcon(QIcon(str(icon_path())))  # every window's title bar and task bar
    if language() == "de":
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    apply_style(app)
    return app


def quiet_offscreen_platform() -> None:
    """Drop the offscreen platform's warning about window size hints, printed for every window
    (screenshots and self-test run offscreen); pass every other Qt message on to stderr."""

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if "propagateSizeHints" not in message:
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def office_palette(high_contrast: bool = False) -> QPalette:
    """Fusion's palette in quiet office colours; every text colour at least 4.5:1. With
    ``high_contrast``: black on white, every pair at least 7:1 (kimdesk.gui.contrast)."""
    palette = QStyleFactory.create("Fusion").standardPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#f4f5f7"),
        (QPalette.ColorRole.Base, "#ffffff"),
        (QPalette.ColorRole.AlternateBase, "#f7f9fb"),
        (QPalette.ColorRole.WindowText, "#1f2933"),
        (QPalette.ColorRole.Text, "#1f2933"),
        # Fusion derives a grey of about 4:1 on white for placeholders ("nicht verfügbar").
        (QPalette.ColorRole.PlaceholderText, "#5f6b7a"),
        (QPalette.ColorRole.Highlight, "#2b5d8c"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.Link, "#2b5d8c"),
    ):
        palette.setColor(role, QColor(colour))
    return high_contrast_palette(palette) if high_contrast else palette


def scaled_style_sheet(template: str, points: float) -> str:
    """The style sheet with every ``font-size: N%`` as N % of ``points``, so headings and the
    navigation grow with the text size the user chose in the system."""
    return _RELATIVE_FONT_SIZE.sub(
        lambda match: f"font-size: {float(match[1]) * points / 100:.2f}pt", template
    )


def apply_style(app: QApplication, high_contrast: bool | None = None) -> None:
    """Fusion (the same everywhere), a quiet palette and the stylesheet in ui/, if present.

    The application font stays the system's (its size is the user's choice); the style sheet's
    sizes follow it, also when it changes while kimdesk runs. High contrast (None: as the
    settings and the system say) adds its palette and style sheet, and follows the system.
    """
    global _follow_font
    if high_contrast is None:
        high_contrast = wants_high_contrast(
            load_app_settings().contrast, system_prefers_high_contrast(app)
        )
    follow_system_contrast(
        app,
        lambda system_high: apply_style(
            app, wants_high_contrast(load_app_settings().contrast, system_high)
        ),
    )
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    app.setPalette(office_palette(high_contrast))
    try:
        template = stylesheet_path().read_text(encoding="utf-8")
        if high_contrast:  # after the main sheet: its rules win
            template += "\n" + high_contrast_style_sheet_path().read_text(encoding="utf-8")
    except OSError:
        log.warning("stylesheet not found; using the plain style")
        return
    applied = scaled_style_sheet(template, base_points(app.font()))
    app.setStyleSheet(applied)

    def follow(font: QFont) -> None:
        # The signal comes with QEvent.ApplicationFontChange; a sheet set by someone else
        # since (a test, another style) is left alone.
        nonlocal applied
        if app.styleSheet() == applied:
            applied = scaled_style_sheet(template, base_points(font))
            app.setStyleSheet(applied)

    if _follow_font is not None:
        try:
            app.fontChanged.disconnect(_follow_font)
        except (RuntimeError, TypeError):  # connected to an application that is gone
            pass
    _follow_font = follow
    app.fontChanged.connect(follow)


def install_qt_translations(app: QApplication) -> list[QTranslator]:
    """Qt's own texts (OK, Cancel, Yes, No, context menus) in German; missing files are fine.

    The returned translators must be kept alive as long as the application runs.
    """
    if language() == "en":
        return []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = []
    for catalog in (f"qtbase_{language()}",):
        translator = QTranslator(app)
        if translator.load(catalog, folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.info("Qt translation %s not found", catalog)
    return installed


def traceback_locations(tb: TracebackType | None) -> str:
    """Where an error happened — file, line, function — without any values or source text."""
    frames = traceback.extract_tb(tb)
    return " <- ".join(
        f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}" for frame in reversed(frames)
    )


def install_excepthook(prompter: PrompterLike) -> ExceptHook:
    """Log bugs by type and location only and show a generic message; returns the old hook.

    The exception's message is never logged or shown: it may quote personal data.
    """
    previous = sys.excepthook
    showing = False

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        log.error("internal error %s at %s", kind.__name__, traceback_locations(tb))
        if showing or QApplication.instance() is None:
            return
        showing = True
        try:
            prompter.error(
                None,
                _(
                    "An internal error occurred ({kind}). The details are not shown because they "
                    "may contain personal data. If something no longer works, please restart "
                    "kimdesk; your saved entries are kept."
                ).format(kind=kind.__name__),
            )
        except Exception:  # noqa: BLE001 - the error box must never raise from the hook
            log.error("the error message could not be shown")
        finally:
            showing = False

    sys.excepthook = hook
    return previous


class Session:
    """From the first window to the main window, and back to unlocking after "Lock"."""

    def __init__(
        self,
        app: QApplication,
        caseload_path: Path,
        prompter: PrompterLike,
        *,
        demo_path: Path | None = None,
    ) -> None:
        self._app = app
        self._caseload_path = caseload_path
        self._demo_path = demo_path or default_demo_path()
        self._prompter = prompter
        self.window: MainWindow | None = None
        # Held from before the password is asked until quitting, also while locked.
        self.lock: CaseloadLock | None = None

    def begin(self) -> bool:
        """Show the first window; False if the user quit before a caseload was open."""
        report_problems(self._prompter)  # IT's kimdesk.toml: bad keys fall back to defaults
        moved = relocate_user_data().message()  # done before; said here, once, in a window
        if moved:
            self._prompter.info(None, moved, title=_("Data moved"))
        try:
            default_forms()  # a broken forms/ stops here, with file, field and problem named
        except FormDefinitionError as error:
            self._prompter.error(None, str(error), title=_("Form definitions"))
            return False
        if self._caseload_path.exists():
            caseload = self._unlock(self._caseload_path)
        else:
            dialog = FirstStartDialog(self._caseload_path, self._demo_path, self._prompter)
            dialog.exec()
            caseload = dialog.caseload
            if caseload is not None and not self.claim(caseload.db.path):
                caseload.close()  # the demo, open in another kimdesk
                caseload = None
        if caseload is None:
            return False
        self._show_main_window(caseload)
        return True

    def claim(self, path: Path) -> bool:
        """Hold the lock of the caseload at ``path`` (letting go of another one held before);
        False after telling the user, when another kimdesk has it open."""
        if self.lock is not None and self.lock.path.resolve() == path.resolve():
            return True
        lock = CaseloadLock(path)
        if not lock.acquire():
            self._already_open(lock)
            return False
        self.release_lock()
        self.lock = lock
        lock.front_requested.connect(self.bring_to_front)
        return True

    def release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def bring_to_front(self) -> None:
        """Another start asked for this caseload: show our window (and a dialog on top)."""
        bring_to_front(self.window, QApplication.activeModalWidget())

    def _already_open(self, lock: CaseloadLock) -> None:
        holder = lock.holder()
        dialog = AlreadyOpenDialog(lock.path, holder)
        if dialog.exec() == QDialog.DialogCode.Accepted and not request_front(lock.path, holder):
            self._prompter.info(
                None,
                _(
                    "The open kimdesk window could not be brought to the front. Please switch "
                    "to it yourself, for example with the taskbar."
                ),
            )

    def _unlock(self, path: Path) -> Caseload | None:
        if not self.claim(path):
            return None
        while True:
            dialog = UnlockDialog(path, self._prompter, demo_path=self._demo_path)
            dialog.exec()
            caseload = dialog.caseload
            if caseload is None or self.claim(caseload.db.path):
                return caseload
            caseload.close()  # the demo, open in another kimdesk: back to the password

    def _show_main_window(self, caseload: Caseload) -> None:
        self.window = MainWindow(caseload, self._prompter)
        self.window.closed.connect(self._on_window_closed)
        self.window.show()
        self.window.resume_dialog_draft()

    def _on_window_closed(self, locked: bool) -> None:
        window, self.window = self.window, None
        if window is None:
            return
        window.deleteLater()
        if locked:
            # Leave the close event first; then ask for the password of the same file.
            path = window.path
            QTimer.singleShot(0, lambda: self._relock(path))
        else:
            self._app.quit()

    def _relock(self, path: Path) -> None:
        caseload = self._unlock(path)
        if caseload is None:
            self._app.quit()
        else:
            self._show_main_window(caseload)


def start(caseload_path: Path, *, demo_path: Path | None = None) -> int:
    app = create_application()
    translators = install_qt_translations(app)  # noqa: F841 - kept alive until exec returns
    prompter = Prompter()
    previous_hook = install_excepthook(prompter)
    app.setQuitOnLastWindowClosed(False)  # between "Lock" and the unlock dialog, no window
    session = Session(app, caseload_path, prompter, demo_path=demo_path)
    try:
        if not session.begin():
            return 0
        return app.exec()
    finally:
        if session.window is not None:
            session.window.close_caseload()
        session.release_lock()
        sys.excepthook = previous_hook
