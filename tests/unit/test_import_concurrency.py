"""Two imports of the same list at the same time: every person is imported exactly once."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from kimdesk.caseload import Caseload
from tests.conftest import PASSWORD, PROFILE, TODAY

ROWS = 1500  # enough rows that the two runs overlap while they check and write


def write_list(path: Path) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nachname", "Vorname", "Geburtsdatum"])
    for n in range(ROWS):
        writer.writerow([f"Nachname{n}", f"Vorname{n}", f"{n % 28 + 1:02d}.03.1980"])
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def start_import(db_path: Path, csv_path: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_PASSWORD")}
    env |= {"KIMDESK_LANG": "de", "KIMDESK_PASSWORD": PASSWORD}
    # Output to files, not pipes: the loser's report (a line per row) would fill a pipe.
    with (out / "stdout").open("wb") as stdout, (out / "stderr").open("wb") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "kimdesk", "import", "--db", str(db_path), str(csv_path)],
            stdout=stdout,
            stderr=stderr,
            env=env,
        )


def outcome(run: subprocess.Popen[bytes], out: Path) -> tuple[int, str, str]:
    code = run.wait(timeout=240)
    read = lambda name: (out / name).read_text(encoding="utf-8")  # noqa: E731
    return code, read("stdout"), read("stderr")


def test_two_simultaneous_imports_of_one_list_import_each_person_once(
    db_path: Path, tmp_path: Path
) -> None:
    Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: TODAY).close()
    csv_path = write_list(tmp_path / "liste.csv")

    folders = [tmp_path / "first", tmp_path / "second"]
    for folder in folders:
        folder.mkdir()
    # Both are started, then both waited for.
    runs = [start_import(db_path, csv_path, folder) for folder in folders]
    results = [outcome(run, folder) for run, folder in zip(runs, folders, strict=True)]

    caseload = Caseload.open(db_path, PASSWORD)
    try:
        counts = caseload.repo.table_counts()
        imports = [e for e in caseload.audit_log() if e.action == "import"]
    finally:
        caseload.close()
    assert counts["persons"] == ROWS and counts["cases"] == ROWS
    assert len(imports) == 1
    for code, _out, err in results:
        assert code in (0, 2), err
        assert "Traceback" not in err and "interner Fehler" not in err
    assert sorted(code for code, _out, _err in results) == [0, 2]
    [(_code, loser_out, loser_err)] = [r for r in results if r[0] == 2]
    # The loser either found every person already there, or (without a busy timeout) found
    # the caseload in use; either way it says so in German and wrote nothing.
    assert (
        "bereits im Caseload" in loser_out and "Es wurde nichts importiert" in loser_out
    ) or ("kimdesk:" in loser_err and loser_err.strip()), (loser_out, loser_err)
