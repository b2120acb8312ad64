"""Decrypt every page of a SQLCipher 4 caseload and its write-ahead log, free pages included,
so that tests can look for values in the file's bytes (this SQLCipher has no sqlite_dbpage,
and an export would copy only the live rows).

SQLCipher 4 defaults: 4096-byte pages, each ending in a reserve of a 16-byte IV and a 64-byte
HMAC; AES-256-CBC over the rest; the key is PBKDF2-HMAC-SHA512 of the password with the salt
that fills the first 16 bytes of page 1, at SQLCipher's default iteration count (256,000; the
test run lowers it, tests/plugins/fast_kdf.py).
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator
from pathlib import Path

import sqlcipher3
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_SIZE = 4096
SALT_SIZE = 16
IV_SIZE = 16
HMAC_SIZE = 64
RESERVE = IV_SIZE + HMAC_SIZE
WAL_HEADER = 32
WAL_FRAME_HEADER = 24
SQLITE_HEADER = b"SQLite format 3\x00"


def kdf_iterations() -> int:
    """The iteration count SQLCipher keys new connections with in this process."""
    conn = sqlcipher3.connect(":memory:")
    try:
        return int(conn.execute("PRAGMA cipher_default_kdf_iter").fetchone()[0])
    finally:
        conn.close()


def page_key(path: Path, password: str) -> bytes:
    salt = path.read_bytes()[:SALT_SIZE]
    return hashlib.pbkdf2_hmac("sha512", password.encode(), salt, kdf_iterations(), 32)


def decrypt_page(key: bytes, page: bytes, number: int) -> bytes:
    """The plaintext of one page; page 1 gets SQLite's header back in place of the salt."""
    start = SALT_SIZE if number == 1 else 0
    end = PAGE_SIZE - RESERVE
    iv = page[end : end + IV_SIZE]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    plain = decryptor.update(page[start:end]) + decryptor.finalize()
    return (SQLITE_HEADER if number == 1 else b"") + plain


def file_pages(path: Path, key: bytes) -> Iterator[bytes]:
    data = path.read_bytes()
    for index in range(len(data) // PAGE_SIZE):
        yield decrypt_page(key, data[index * PAGE_SIZE : (index + 1) * PAGE_SIZE], index + 1)


def wal_pages(path: Path, key: bytes) -> Iterator[bytes]:
    """Every frame of the WAL, also those of old checkpoints that a later one overwrote."""
    wal = Path(f"{path}-wal")
    if not wal.exists():
        return
    data = wal.read_bytes()
    offset = WAL_HEADER
    while offset + WAL_FRAME_HEADER + PAGE_SIZE <= len(data):
        (number,) = struct.unpack(">I", data[offset : offset + 4])
        page = data[offset + WAL_FRAME_HEADER : offset + WAL_FRAME_HEADER + PAGE_SIZE]
        yield decrypt_page(key, page, number or 2)
        offset += WAL_FRAME_HEADER + PAGE_SIZE


def decrypted_bytes(path: Path, password: str) -> bytes:
    """All pages of the file and its WAL, decrypted and joined."""
    key = page_key(path, password)
    first = next(file_pages(path, key))
    # A wrong key or another format would make the check below find nothing and prove nothing.
    assert first[16:18] == struct.pack(">H", PAGE_SIZE) and first[20] == RESERVE, "not decrypted"
    return b"".join([*file_pages(path, key), *wal_pages(path, key)])


def encodings(value: str) -> tuple[bytes, ...]:
    """The ways a text can be stored: UTF-8, and as JSON escapes (form answers, drafts)."""
    import json

    escaped = json.dumps(value, ensure_ascii=True)[1:-1].encode()
    return tuple({value.encode(), escaped})


def found_values(path: Path, password: str, values: list[str]) -> list[str]:
    """Those of ``values`` that occur in any decrypted page of the file or its WAL."""
    plain = decrypted_bytes(path, password)
    return [value for value in values if any(form in plain for form in encodings(value))]
