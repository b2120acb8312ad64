"""Getting the report to the coordinating office: Excel's own encryption in memory, the
file written atomically, and an e-mail draft (.eml) for the system's mail program.
kimdesk itself never sends anything."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tempfile
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from msoffcrypto.format.ooxml import OOXMLFile

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def encrypt_workbook(data: bytes, password: str) -> bytes:
    """The workbook protected with Excel's own password encryption (AES), all in memory."""
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def decrypt_workbook(data: bytes, password: str) -> bytes:
    """The plain workbook; raises msoffcrypto's error on a wrong password."""
    source = OOXMLFile(io.BytesIO(data))
    source.load_key(password=password)
    out = io.BytesIO()
    source.decrypt(out)
    return out.getvalue()


def write_atomically(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    """All or nothing: a temporary file beside ``path``, then a rename; refuses to
    overwrite an existing file unless ``overwrite``."""
    handle, temporary = tempfile.mkstemp(prefix=".kimdesk-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists() and not overwrite:
            raise FileExistsError(path.name)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def draft_subject(month_title: str, code: str) -> str:
    return f"KIM-CM Monatsbericht {month_title} ({code})"


def draft_body(month_title: str, *, encrypted: bool, sender: str) -> str:
    lines = [
        "Guten Tag,",
        "",
        f"anbei der pseudonymisierte KIM-CM Monatsbericht für {month_title}.",
    ]
    if encrypted:
        lines.append(
            "Die Datei ist mit einem Kennwort geschützt; das Kennwort erhalten Sie separat."
        )
    lines += ["", "Mit freundlichen Grüßen", sender or "Ihr Case Management"]
    return "\n".join(lines) + "\n"


def write_eml_draft(
    path: Path,
    *,
    to: str,
    subject: str,
    body: str,
    attachment_name: str,
    attachment_bytes: bytes,
) -> None:
    """An unsent e-mail (X-Unsent: 1) that mail programs open as a draft."""
    message = EmailMessage(policy=default)
    message["To"] = to
    message["Subject"] = subject
    message["X-Unsent"] = "1"
    message.set_content(body)
    message.add_attachment(
        attachment_bytes, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=attachment_name
    )
    write_atomically(path, message.as_bytes())


def open_with_mail_program(path: Path) -> bool:
    """Open the draft with the system's handler for .eml files; False if that fails."""
    try:
        if sys.platform == "win32":
            os.startfile(path)  # type: ignore[attr-defined]  # noqa: S606
            return True
        command = "open" if sys.platform == "darwin" else "xdg-open"
        result = subprocess.run(  # noqa: S603
            [command, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=30,
            check=False,
        )
        return result.returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
