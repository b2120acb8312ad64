"""Starting the graphical interface: check the system first, then hand over to Qt.

This module imports no Qt at load time, so that a missing display or library ends in one
plain sentence instead of Qt's abort.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kimdesk.gui.environment import check_gui_environment, explain_import_error
from kimdesk.paths import default_caseload_path
from kimdesk.relocation import relocate_user_data


def run_gui(db_path: Path | None = None) -> int:
    """Run the application on ``db_path`` (default: the user's caseload); the exit code."""
    problem = check_gui_environment()
    if problem:
        print(f"kimdesk: {problem}", file=sys.stderr)
        return 1
    try:
        from kimdesk.gui.session import start
    except ImportError as error:
        print(f"kimdesk: {explain_import_error(error)}", file=sys.stderr)
        return 1
    relocate_user_data()  # before the default path is taken; the session shows the message
    return start(Path(db_path) if db_path else default_caseload_path())
