"""A draft the wizard saved survives the sudden death of the program (power cut, crash).

A child process opens the caseload, types into a screening and waits until the draft is
saved; it is then killed with SIGKILL, and the test reads the draft from the file.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

from kimdesk.caseload import Caseload
from tests.conftest import PASSWORD, PROFILE, TODAY, make_person

REPO = Path(__file__).resolve().parents[2]
TYPED = "Schimmel im Bad"
WAIT_SECONDS = 60

SCRIPT = r"""
import os, sys
from datetime import date
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kimdesk.caseload import Caseload
from kimdesk.gui.wizard import FormWizard


class QuietPrompter:
    def info(self, *args, **kwargs): pass
    def warning(self, *args, **kwargs): pass
    def error(self, *args, **kwargs): print("error", flush=True)
    def question(self, *args, **kwargs): return False


path, case_id, today, typed = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
app = QApplication([])
caseload = Caseload.open(
    path, os.environ["KIMDESK_TEST_PASSWORD"], today=lambda: date.fromisoformat(today)
)
wizard = FormWizard(caseload, case_id, "screening", prompter=QuietPrompter())
wizard.show()
wizard.go_to_page(1)
QTest.keyClicks(wizard.editor("housing").edit, typed)
while not caseload.drafts():
    QTest.qWait(20)
print("saved", flush=True)
while True:  # until killed
    QTest.qWait(1000)
"""


def read_line(proc: subprocess.Popen[str], timeout: float) -> str:
    """The child's first line on stdout, or "" if it says nothing in time.

    A thread reads, because pipes cannot be polled with a timeout on Windows.
    """
    stdout = proc.stdout
    assert stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout).strip()
    except queue.Empty:
        return ""


def test_a_saved_draft_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "crash.kimdesk"
    caseload = Caseload.create(path, PASSWORD, PROFILE, today=lambda: TODAY)
    case_id = caseload.open_case(caseload.add_person(make_person())).id
    caseload.close()

    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        KIMDESK_LANG="de",
        KIMDESK_TEST_PASSWORD=PASSWORD,  # not on the command line, where ps shows it
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(path), str(case_id), TODAY.isoformat(), TYPED],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = read_line(proc, WAIT_SECONDS)
        assert line == "saved", f"the child said {line!r} (exit code {proc.poll()})"
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -9 if os.name == "posix" else proc.returncode != 0

    reopened = Caseload.open(path, PASSWORD, today=lambda: TODAY)
    try:
        (draft,) = reopened.drafts()
        assert draft.case_id == case_id and draft.form_key == "screening"
        answers = reopened.form_instance(draft.instance_id).answers
        assert answers["housing"] == TYPED
        assert answers["date"] == TODAY.isoformat()
    finally:
        reopened.close()
