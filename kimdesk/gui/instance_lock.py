"""One kimdesk per caseload file: a lock file beside it, held while the caseload is open or
locked, and a local socket through which a second start brings the first one to the front.

The lock file is Qt's: process id, program name, host name and machine/boot ids, no personal
data. A lock left by a process that died is taken over. The socket's name is a hash of the
caseload's path, so the path appears nowhere outside the caseload's own folder.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QSysInfo, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import heading, hint
from kimdesk.i18n import _

log = logging.getLogger(__name__)

FRONT_REQUEST = b"front\n"
TRY_LOCK_MS = 250  # a first instance just quitting gets this long to let go
CONNECT_MS = 2000
READ_MS = 500


def lock_path(caseload: Path) -> Path:
    return caseload.with_name(caseload.name + ".lock")


def server_name(caseload: Path) -> str:
    digest = hashlib.sha256(str(caseload.resolve()).encode("utf-8")).hexdigest()
    return f"kimdesk-{digest[:32]}"


@dataclass(frozen=True)
class LockHolder:
    """Who has the caseload open, as far as the lock file tells."""

    pid: int
    hostname: str

    @property
    def on_this_machine(self) -> bool:
        return not self.hostname or self.hostname == QSysInfo.machineHostName()


class CaseloadLock(QObject):
    """The lock of one caseload file; ``front_requested`` when a second start asks for us."""

    front_requested = Signal()

    def __init__(self, caseload: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = caseload
        self._file = QLockFile(str(lock_path(caseload)))
        # Held for hours: only a dead process, never its age, makes the lock stale.
        self._file.setStaleLockTime(0)
        self._server: QLocalServer | None = None

    @property
    def held(self) -> bool:
        return self._file.isLocked()

    def acquire(self) -> bool:
        """False only when another running kimdesk holds the caseload.

        A folder where no lock file can be written (read-only medium) does not stop the
        caseload from opening: the lock is then simply not held.
        """
        if self._file.tryLock(TRY_LOCK_MS):
            self._listen()
            return True
        if self._file.error() == QLockFile.LockError.LockFailedError:
            return False
        log.warning("no lock file beside the caseload (%s)", self._file.error().name)
        return True

    def holder(self) -> LockHolder | None:
        """The holder after a failed ``acquire()``; None if the lock file cannot be read."""
        pid, hostname, _app = self._file.getLockInfo()
        return LockHolder(int(pid), str(hostname)) if pid else None

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._file.unlock()

    def _listen(self) -> None:
        name = server_name(self.path)
        # We hold the lock, so a socket of that name is left over from a crash.
        QLocalServer.removeServer(name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._connected)
        if server.listen(name):
            self._server = server
        else:  # the caseload stays usable; only "bring to the front" will not reach it
            log.warning("no local socket for this caseload (%s)", server.errorString())

    def _connected(self) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            # The request is one short line written right after connecting: wait for it here
            # rather than keep the socket around.
            if socket.bytesAvailable() or socket.waitForReadyRead(READ_MS):
                if bytes(socket.readAll().data()) == FRONT_REQUEST:
                    self.front_requested.emit()
            socket.abort()
            socket.deleteLater()


def request_front(caseload: Path, holder: LockHolder | None = None) -> bool:
    """Ask the kimdesk that holds ``caseload`` to show its window; True if it was asked."""
    if holder is not None and sys.platform == "win32":
        # Windows lets a program in the background come forward only with our consent.
        ctypes.windll.user32.AllowSetForegroundWindow(holder.pid)  # type: ignore[attr-defined]
    socket = QLocalSocket()
    socket.connectToServer(server_name(caseload))
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(FRONT_REQUEST)
    sent = socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return sent


def bring_to_front(*windows: QWidget | None) -> None:
    """Show the windows above all others, the last one on top and active."""
    for window in windows:
        if window is None or not window.isVisible():
            continue
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()


class AlreadyOpenDialog(QDialog):
    """Says that another kimdesk has the caseload open; accepted means "bring it forward"."""

    def __init__(
        self, caseload: Path, holder: LockHolder | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Caseload already open – kimdesk"))
        self.setMinimumWidth(scaled(520))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(heading(_("This caseload is already open"), self))
        self.message_label = QLabel(already_open_text(caseload, holder), self)
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(_("Message"))
        layout.addWidget(self.message_label)
        layout.addWidget(
            hint(
                _(
                    "A caseload can be open in only one kimdesk window at a time, so that no "
                    "entry overwrites another."
                ),
                self,
            )
        )
        layout.addStretch(1)
        buttons = QDialogButtonBox(self)
        self.front_button = QPushButton(_("Bring the open window to the front"), self)
        self.front_button.setObjectName("primary")  # before the button box polishes it
        self.front_button.setDefault(True)
        buttons.addButton(self.front_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # A window on another computer cannot be brought forward from here.
        reachable = holder is None or holder.on_this_machine
        self.front_button.setVisible(reachable)
        if not reachable:
            self.cancel_button.setText(_("Close"))
            self.cancel_button.setDefault(True)


def already_open_text(caseload: Path, holder: LockHolder | None) -> str:
    if holder is None:
        where = _("kimdesk has the caseload “{name}” open already.")
    elif holder.on_this_machine:
        where = _(
            "kimdesk has the caseload “{name}” open already on this computer (process {pid})."
        )
    else:
        where = _(
            "kimdesk has the caseload “{name}” open already on the computer “{host}” "
            "(process {pid})."
        )
    pid, host = (holder.pid, holder.hostname) if holder else (0, "")
    return where.format(name=caseload.name, pid=pid, host=host)
