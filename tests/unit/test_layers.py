"""The architecture kept honest: the core never imports Qt, the GUI never writes SQL."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import kimdesk

PACKAGE = Path(kimdesk.__file__).parent
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA)\b",
    re.IGNORECASE | re.DOTALL,
)


def modules(*, gui: bool) -> list[Path]:
    found = [p for p in PACKAGE.rglob("*.py") if ("gui" in p.relative_to(PACKAGE).parts) == gui]
    assert found
    return found


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_modules_never_import_qt() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in modules(gui=False)
        if any(name.split(".")[0] in {"PySide6", "shiboken6"} for name in imported_modules(path))
    ]
    assert offenders == []


def test_nobody_uses_unencrypted_sqlite() -> None:
    offenders = [str(p) for p in PACKAGE.rglob("*.py") if "sqlite3" in imported_modules(p)]
    assert offenders == []


def test_gui_code_writes_no_sql() -> None:
    offenders = []
    for path in modules(gui=True):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if SQL.search(node.value):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
