"""The desktop interface: every PySide6 import of kimdesk lives in this package.

Only ``environment`` and ``app`` may be imported without Qt being importable; they decide
whether the graphical interface can start and explain in one sentence what is missing.
"""
