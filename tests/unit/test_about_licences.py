"""The licences the About box names agree with what the installed packages' metadata says."""

from __future__ import annotations

import pytest

from kimdesk.licences import LIBRARIES, components, installed_version, metadata_licence
from kimdesk.paths import resources_dir


@pytest.mark.parametrize("library", LIBRARIES, ids=lambda library: library.distribution)
def test_the_declared_licence_is_the_metadata_s(library) -> None:  # type: ignore[no-untyped-def]
    """The declared value stands in for a build without metadata: it must not drift."""
    assert installed_version(library.distribution)
    said = metadata_licence(library.distribution)
    if library.distribution == "sqlcipher3":  # its metadata is silent; its LICENSE is zlib's
        text = next(c for c in components() if c.name == "sqlcipher3").licence_text()
        assert not said and "Altered source versions must be plainly marked" in text
    else:
        assert said == library.declared


def test_the_licence_texts_kimdesk_ships_are_there() -> None:
    shipped = {p.name for p in (resources_dir() / "licenses").iterdir()}
    assert {"LGPL-3.0.txt", "GPL-3.0.txt", "SQLCipher.txt", "Apache-2.0.txt"} <= shipped
    assert (resources_dir() / "fonts" / "OFL.txt").is_file()


def test_sqlcipher_and_openssl_report_their_compiled_in_versions() -> None:
    found = {c.name: c for c in components()}
    assert found["SQLCipher"].version[0].isdigit() and found["OpenSSL"].version[0].isdigit()
    assert "ZETETIC LLC" in found["SQLCipher"].licence_text()
