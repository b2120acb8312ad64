#!/usr/bin/env python3
"""Set-up and everyday tasks for kimdesk, needing nothing but python3.

    python3 tasks.py run [ARGS]   start kimdesk (creates .venv and installs on first use)
    python3 tasks.py test [ARGS]  run the whole test suite offscreen
    python3 tasks.py bench [ARGS] measure the performance targets (bench/bench_targets.py);
                                  `bench store` (report, import, ...) runs bench/bench_store.py
    python3 tasks.py lint         ruff and mypy on the core
    python3 tasks.py pot          extract user-visible strings into i18n/kimdesk.pot
    python3 tasks.py bundle       build the frozen program (PyInstaller), smoke-test it, pack it

On Debian, the system libraries Qt needs are installed with apt-get when this runs as
root (CI, a fresh machine); otherwise the missing packages are named.
"""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")

# Debian packages behind the shared libraries PySide6 loads (QtGui, the xcb and
# offscreen platform plugins, the CUPS print support), and fonts so that offscreen
# rendering has glyphs.
DEBIAN_QT_PACKAGES = [
    "libegl1",
    "libgl1",
    "libglib2.0-0",
    "libxkbcommon0",
    "libfontconfig1",
    "libdbus-1-3",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xkb1",
    "libx11-xcb1",
    "libcups2",
    "fonts-dejavu-core",
]
# Tools the tests use: poppler to look at documents, the validators of the Linux desktop
# metadata, and strace, with which the bundle's smoke test proves the frozen program reads
# nothing from the source checkout.
DEBIAN_TEST_PACKAGES = [
    "poppler-utils",
    "desktop-file-utils",
    "appstream",
    "strace",
    # tests/packaging/test_workbook_libreoffice.py prints the workbooks; Carlito is the
    # metric-compatible Calibri they name, so the columns keep the widths Excel gives them.
    "libreoffice-calc-nogui",
    "fonts-crosextra-carlito",
    # tests/gui/test_atspi_tree.py lists the accessibility tree as a screen reader sees it:
    # a virtual display, a session bus, the AT-SPI registry and its Python bindings.
    "xvfb",
    "xauth",
    "dbus-daemon",
    "at-spi2-core",
    "python3-pyatspi",
]


def say(message: str) -> None:
    print(f"[tasks] {message}", flush=True)


def run(*args: str | Path, **kwargs) -> None:
    subprocess.run([str(a) for a in args], check=True, **kwargs)


def missing_debian_packages(packages: list[str]) -> list[str]:
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for name in packages:
        probe = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name],
            capture_output=True,
            text=True,
        )
        if "install ok installed" not in probe.stdout:
            missing.append(name)
    return missing


def ensure_debian_packages(packages: list[str]) -> None:
    missing = missing_debian_packages(packages)
    if not missing:
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing system packages: " + " ".join(missing))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for command in (
            ["apt-get", "update"],
            ["apt-get", "install", "-y", "--no-install-recommends", *missing],
        ):
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                print(done.stdout[-4000:], done.stderr[-4000:], sep="\n")
                raise SystemExit(f"[tasks] {' '.join(command[:2])} failed")
    else:
        say("please install the system packages: sudo apt-get install " + " ".join(missing))


def ensure_venv(extras: str) -> None:
    if not PYTHON.exists():
        say("creating the virtual environment in .venv")
        probe = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
        if probe.returncode != 0:
            shutil.rmtree(VENV, ignore_errors=True)
            # Debian ships venv's pip bootstrap separately.
            ensure_debian_packages(["python3-venv"])
            run(sys.executable, "-m", "venv", VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    say("installing kimdesk and its dependencies into .venv")
    target = f".[{extras}]" if extras else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", target, cwd=ROOT)
    stamp.write_text(wanted)


def task_run(args: list[str]) -> int:
    if sys.platform.startswith("linux"):
        ensure_debian_packages(DEBIAN_QT_PACKAGES)
    ensure_venv("")
    compile_catalogs()
    return subprocess.call([str(PYTHON), "-m", "kimdesk", *args])


def compile_catalogs() -> None:
    """i18n/<lang>.mo from the .po where older (not versioned): the start reads the compiled
    catalog, as the installed program does, instead of parsing the .po each time."""
    run(PYTHON, "-c", "from kimdesk.i18n import compile_catalogs; compile_catalogs()", cwd=ROOT)


# The days the unit tests run on again, with the clock moved (tests/plugins/clock.py): New
# Year's Day (a 1st), a leap day, the 25th (the report reminder) and one minute before the
# year ends.
TEST_CLOCKS = [
    "2027-01-01T09:00",
    "2028-02-29T12:00",
    "2027-03-25T16:00",
    "2026-12-31T23:59",
]
BUNDLE_JOB = "the frozen program (packaging/bundle.py build, smoke)"


def task_test(args: list[str]) -> int:
    """The whole suite and, with no arguments, the frozen program's build and smoke test and
    the unit tests on every day of TEST_CLOCKS.

    pytest uses one core and the machines have two: the bundle and the calendar runs take
    the second core while the suite runs, and both once it is done. The unit tests run on the
    four days of TEST_CLOCKS, not a fifth time on today's date (that kept the run over 15
    minutes on two cores); the GUI and packaging tests run on today's date.
    """
    if sys.platform.startswith("linux"):
        ensure_debian_packages(DEBIAN_QT_PACKAGES + DEBIAN_TEST_PACKAGES)
    ensure_venv("test,bundle")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    pytest = [str(PYTHON), "-m", "pytest"]
    if args:
        return subprocess.call([*pytest, *args], cwd=ROOT, env=env)
    jobs: queue.SimpleQueue[str] = queue.SimpleQueue()
    for job in (BUNDLE_JOB, *TEST_CLOCKS):
        jobs.put(job)
    outcomes: dict[str, tuple[int, list[str]]] = {}
    with tempfile.TemporaryDirectory(prefix="kimdesk-clock-") as tmp:

        def take_jobs() -> None:
            while True:
                try:
                    job = jobs.get_nowait()
                except queue.Empty:
                    return
                if job == BUNDLE_JOB:
                    outcomes[job] = run_bundle(env, Path(tmp))
                else:
                    outcomes[job] = run_on_clock(pytest, env, job, Path(tmp))

        second_core = threading.Thread(target=take_jobs)
        second_core.start()
        say("the GUI and packaging tests; the frozen program and the calendar runs alongside")
        not_unit = [*pytest, "--ignore", str(ROOT / "tests" / "unit")]
        code = subprocess.call(not_unit, cwd=ROOT, env=env)
        if code:
            while not jobs.empty():  # start no more jobs
                jobs.get_nowait()
        else:
            take_jobs()
        second_core.join()
    for job in (BUNDLE_JOB, *TEST_CLOCKS):
        if job not in outcomes:
            continue
        returncode, lines = outcomes[job]
        title = job if job == BUNDLE_JOB else f"the unit tests with the clock at {job}"
        say(f"{title}:")
        print(*(lines[-60:] if returncode else lines[-3:]), sep="\n", flush=True)
        if returncode:
            say(f"failed: {title} (see above)")
            code = code or returncode
    return code


def run_bundle(env: dict[str, str], tmp: Path) -> tuple[int, list[str]]:
    """Build the frozen program into a temporary folder and run its smoke test."""
    script = str(ROOT / "packaging" / "bundle.py")
    log = tmp / "bundle.log"
    out = tmp / "bundle"
    returncode = 0
    with log.open("wb") as sink:
        for step in ("build", "smoke"):
            returncode = subprocess.call(
                [str(PYTHON), script, step, "--out", str(out)],
                cwd=ROOT,
                env=env,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
            if returncode:
                break
    shutil.rmtree(out, ignore_errors=True)
    return returncode, log.read_text(encoding="utf-8", errors="replace").splitlines()


def run_on_clock(
    pytest: list[str], env: dict[str, str], clock: str, tmp: Path
) -> tuple[int, list[str]]:
    """The unit tests with the clock at ``clock``: exit code and output lines."""
    name = clock.replace(":", "")
    log = tmp / f"{name}.log"
    with log.open("wb") as out:
        returncode = subprocess.call(
            [*pytest, "-q", f"--basetemp={tmp / name}", "tests/unit"],
            cwd=ROOT,
            env=dict(env, KIMDESK_TEST_CLOCK=clock),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return returncode, log.read_text(encoding="utf-8", errors="replace").splitlines()


def task_bench(args: list[str]) -> int:
    """The targets of issue 17 (bench/bench_targets.py, arguments passed on); with a first
    argument naming another benchmark (store, report, import, case_list, consent) that one."""
    ensure_venv("test")
    compile_catalogs()
    script = ROOT / "bench" / "bench_targets.py"
    if args and (ROOT / "bench" / f"bench_{args[0]}.py").is_file():
        script, args = ROOT / "bench" / f"bench_{args[0]}.py", args[1:]
    return subprocess.call([str(PYTHON), str(script), *args], cwd=ROOT)


def task_lint(args: list[str]) -> int:
    ensure_venv("test,dev")
    code = subprocess.call([str(BIN / "ruff"), "check", "kimdesk", "tests", "bench"], cwd=ROOT)
    return code or subprocess.call([str(BIN / "mypy")], cwd=ROOT)


def task_pot(args: list[str]) -> int:
    """Extract the strings into i18n/kimdesk.pot and merge them into every catalog."""
    ensure_venv("")
    pybabel = str(BIN / "pybabel")
    pot = ROOT / "i18n" / "kimdesk.pot"
    run(
        pybabel,
        "extract",
        "--no-location",
        "--sort-output",
        "--project=kimdesk",
        "-k",
        "N_",
        "-o",
        pot,
        "kimdesk",
        cwd=ROOT,
    )
    for po in sorted((ROOT / "i18n").glob("*.po")):
        run(
            pybabel,
            "update",
            "--no-fuzzy-matching",
            "--ignore-obsolete",
            "--omit-header",
            "-l",
            po.stem,
            "-i",
            pot,
            "-o",
            po,
            cwd=ROOT,
        )
    return 0


def task_bundle(args: list[str]) -> int:
    """packaging/bundle.py: build, smoke test on a demo caseload, tarball (build/bundle/)."""
    if sys.platform.startswith("linux"):
        ensure_debian_packages(DEBIAN_QT_PACKAGES + DEBIAN_TEST_PACKAGES)
    ensure_venv("bundle")
    script = str(ROOT / "packaging" / "bundle.py")
    steps = ["build", "smoke"] + (["tarball"] if sys.platform.startswith("linux") else [])
    for step in steps:
        code = subprocess.call([str(PYTHON), script, step, *args], cwd=ROOT)
        if code:
            return code
    return 0


TASKS = {
    "run": task_run,
    "test": task_test,
    "bench": task_bench,
    "lint": task_lint,
    "pot": task_pot,
    "bundle": task_bundle,
}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        print(__doc__)
        return 2
    return TASKS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
