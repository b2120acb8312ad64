"""The form wizard: the paper forms of ``forms/`` as dialogs, one page per section.

``FormWizard`` is the dialog; ``editor_for`` builds the editor widget of one field.
"""

from __future__ import annotations

from kimdesk.gui.wizard.base import FieldEditor
from kimdesk.gui.wizard.editors import editor_for
from kimdesk.gui.wizard.wizard import FormWizard

__all__ = ["FieldEditor", "FormWizard", "editor_for"]
