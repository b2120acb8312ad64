"""Getting the report to the coordinating office: Excel's own encryption in memory, the
file written atomically, and an e-mail draft (.eml) for the system's mail program.
kimdesk itself never sends anything."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from urllib.parse import quote

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
_SPELT_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
_FALLBACK_LENGTH = 60  # with 'filename=""' the header line stays under 78 characters
_SEGMENT = 50  # likewise for filename*NN*= with its charset


def encrypt_workbook(data: bytes, password: str) -> bytes:
    """The workbook protected with Excel's own password encryption (AES), all in memory.
    msoffcrypto loads here, on the first export with a password, not with kimdesk.report."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def decrypt_workbook(data: bytes, password: str) -> bytes:
    """The plain workbook; raises msoffcrypto's error on a wrong password."""
    from msoffcrypto.format.ooxml import OOXMLFile

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
    """An unsent e-mail (X-Unsent: 1) that mail programs open as a draft; without an address
    it has no To: line at all (an empty one makes some programs refuse the draft)."""
    message = EmailMessage(policy=default)
    if to.strip():
        message["To"] = to.strip()
    message["Subject"] = subject
    message["X-Unsent"] = "1"
    message.set_content(body)
    fallback = ascii_filename(attachment_name)
    message.add_attachment(
        attachment_bytes, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], params={"name": fallback}
    )
    (attachment,) = message.iter_attachments()
    del attachment["Content-Disposition"]
    # The header model keeps one value per parameter, so it cannot hold filename= beside
    # filename*=: the header is stored as written (as the parser stores what it reads), in
    # lines short enough that the generator leaves them as they are.
    attachment.set_raw("Content-Disposition", attachment_disposition(attachment_name))
    write_atomically(path, message.as_bytes())


def ascii_filename(name: str) -> str:
    """A plain ASCII stand-in for ``name`` for mail programs that ignore RFC 2231 (munpack
    saved the attachment as "part2"): umlauts spelt out, accents dropped, other characters
    "_"; at most 60 characters, the extension kept."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem, extension = _ascii(stem) or "anhang", _ascii(extension)
    room = _FALLBACK_LENGTH - len(extension) - 1
    return f"{stem[:room]}.{extension}" if extension else stem[:_FALLBACK_LENGTH]


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.translate(_SPELT_OUT))
    plain = plain.encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9-]+", "_", plain).strip("_")


def attachment_disposition(name: str) -> str:
    """``attachment`` with the ASCII ``filename=`` first and the exact UTF-8 name as RFC 2231
    ``filename*=`` after it (continued over lines when long), as RFC 6266 advises."""
    segments = _encoded_segments(name)
    if len(segments) == 1:
        extended = [f"filename*=utf-8''{segments[0]}"]
    else:
        extended = [f"filename*0*=utf-8''{segments[0]}"] + [
            f"filename*{number}*={segment}" for number, segment in enumerate(segments[1:], 1)
        ]
    return ";\n ".join(["attachment", f'filename="{ascii_filename(name)}"', *extended])


def _encoded_segments(name: str) -> list[str]:
    """``name`` percent-encoded as UTF-8 in pieces of at most _SEGMENT characters, each
    ending on a whole character (some programs decode every piece on its own)."""
    segments = [""]
    for character in name:
        encoded = quote(character, safe="")
        if len(segments[-1]) + len(encoded) > _SEGMENT:
            segments.append("")
        segments[-1] += encoded
    return segments


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
