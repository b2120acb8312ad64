"""packaging/bundle.py and packaging/kimdesk.spec loaded for the tests (neither is a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load_bundle() -> ModuleType:
    """packaging/bundle.py as a module (the name `packaging` is taken by the PyPI library)."""
    name = "kimdesk_packaging_bundle"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PACKAGING / "bundle.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


class Recorded:
    """Stands in for PyInstaller's Analysis, PYZ, EXE and COLLECT: keeps what it was given."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs
        self.datas = list(kwargs.get("datas", []))
        self.binaries: list[tuple[str, str, str]] = []
        self.scripts: list[Any] = []
        self.pure: list[Any] = []


def run_spec(workpath: Path) -> dict[str, Any]:
    """The spec's namespace after running it as PyInstaller would, without building anything."""
    namespace: dict[str, Any] = {
        "__name__": "kimdesk_spec",
        "SPECPATH": str(PACKAGING),
        "workpath": str(workpath),
        "Analysis": Recorded,
        "PYZ": Recorded,
        "EXE": Recorded,
        "COLLECT": Recorded,
    }
    source = (PACKAGING / "kimdesk.spec").read_text(encoding="utf-8")
    exec(compile(source, str(PACKAGING / "kimdesk.spec"), "exec"), namespace)
    return namespace
