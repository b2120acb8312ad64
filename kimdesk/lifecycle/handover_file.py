"""The `.kimhandover` file: a JSON payload sealed with AES-256-GCM under a one-time password.

Layout: a fixed header (magic, format version, scrypt parameters, salt, nonce, key check)
followed by the ciphertext; the header is the AEAD's associated data, so changing any byte
of the file fails the authentication. The key check (derived with the key, not from it)
tells a wrong password (exit 3) from a damaged file (exit 4).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import struct
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from kimdesk.errors import BadInput, DamagedDatabase, WrongPassword
from kimdesk.i18n import _

SUFFIX = ".kimhandover"
MAGIC = b"KIMDESK-HANDOVER"
FILE_VERSION = 1
# scrypt with 2**17 x 8 (128 MiB, about half a second): every guess at the 100-bit
# password costs the same; stored in the header so that later versions may raise it.
SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P = 17, 8, 1
_HEADER = struct.Struct(f">{len(MAGIC)}sBBBB16s12s16s")

# No 0/O, 1/I/L: the password and the receipt code are read out on the phone.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PASSWORD_GROUPS, GROUP_LENGTH = 5, 4  # 20 characters of 31: about 99 bits
RECEIPT_LENGTH = 8  # about 40 bits: a check that the file arrived, not a secret


def new_password() -> str:
    """A one-time password such as ``K7QM-2XHP-...``, shown once and never stored."""
    groups = (
        "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH))
        for _ in range(PASSWORD_GROUPS)
    )
    return "-".join(groups)


def normalise(code: str) -> str:
    """What was typed, without spaces and dashes, in capitals."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def receipt_code(password: str, payload_id: str) -> str:
    """The code the receiver reads to the sender: it proves the file was opened."""
    mac = hmac.new(
        normalise(password).encode(), f"kimdesk-handover-receipt:{payload_id}".encode(), "sha256"
    ).digest()
    number = int.from_bytes(mac[:8], "big")
    chars = []
    for _position in range(RECEIPT_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    code = "".join(chars)
    return f"{code[:4]}-{code[4:]}"


def receipt_digest(payload_id: str, code: str) -> str:
    """What the sender keeps to check the receipt code later."""
    return hashlib.sha256(f"{payload_id}:{normalise(code)}".encode()).hexdigest()


def _derive(password: str, salt: bytes, log_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    material = Scrypt(salt=salt, length=48, n=2**log_n, r=r, p=p).derive(
        normalise(password).encode()
    )
    return material[:32], material[32:]


def seal(payload: dict[str, Any], password: str) -> bytes:
    """The file's bytes: header and encrypted JSON."""
    salt, nonce = os.urandom(16), os.urandom(12)
    key, check = _derive(password, salt, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P)
    header = _HEADER.pack(
        MAGIC, FILE_VERSION, SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P, salt, nonce, check
    )
    plain = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return header + AESGCM(key).encrypt(nonce, plain, header)


def open_sealed(data: bytes, password: str) -> dict[str, Any]:
    """The payload; WrongPassword or DamagedDatabase (exit 4) for a damaged or foreign file."""
    if len(data) < _HEADER.size + 16 or not data.startswith(MAGIC):
        raise DamagedDatabase(_not_a_handover())
    magic, version, log_n, r, p, salt, nonce, check = _HEADER.unpack_from(data)
    del magic
    if version != FILE_VERSION:
        raise DamagedDatabase(
            _("This handover file was written by a newer kimdesk. Please update kimdesk.")
        )
    if not (10 <= log_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
        raise DamagedDatabase(_not_a_handover())
    if not normalise(password):
        raise WrongPassword(_("Please enter the one-time password of the handover."))
    key, expected = _derive(password, salt, log_n, r, p)
    if not hmac.compare_digest(check, expected):
        raise WrongPassword(_("The one-time password does not fit this handover file."))
    try:
        plain = AESGCM(key).decrypt(nonce, data[_HEADER.size :], data[: _HEADER.size])
        payload = json.loads(plain.decode("utf-8"))
    except (InvalidTag, ValueError):
        raise DamagedDatabase(_damaged()) from None
    if not isinstance(payload, dict) or payload.get("format") != "kimdesk-handover":
        raise DamagedDatabase(_not_a_handover())
    return payload


def write_atomically(path: Path, data: bytes) -> None:
    """Write under a temporary name in the target folder, then rename: never half a file."""
    if path.suffix.lower() != SUFFIX:
        raise BadInput(_("The handover file must end in {suffix}.").format(suffix=SUFFIX))
    if path.exists():
        raise BadInput(_("{path} already exists; it is not overwritten.").format(path=path))
    temp = path.with_name(f".{secrets.token_hex(8)}.part")
    try:
        with open(temp, "xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise BadInput(_("The handover file {path} does not exist.").format(path=path)) from None
    except IsADirectoryError:
        raise BadInput(_("{path} is a folder, not a handover file.").format(path=path)) from None


def _not_a_handover() -> str:
    return _("This file is not a kimdesk handover file (or it is damaged).")


def _damaged() -> str:
    return _(
        "The handover file is damaged: it cannot be read completely. Please ask the sender "
        "for the file again."
    )
