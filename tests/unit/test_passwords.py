"""One password rule for the caseload and the report export: length and a zxcvbn estimate,
explained in German, applied by the store, the command line and the export alike."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.cli import EXPORT_PASSWORD_ENV, NEW_PASSWORD_ENV, PASSWORD_ENV, main
from kimdesk.demo import DEMO_PASSWORD, DEMO_PROFILE, OLD_DEMO_PASSWORD, open_demo
from kimdesk.errors import BadInput
from kimdesk.passwords import (
    ESTIMATED_CHARS,
    MIN_LENGTH,
    MIN_SCORE,
    PasswordEstimate,
    check_new_password,
    estimate_password,
    personal_words,
    profile_words,
)
from kimdesk.report import export_month
from kimdesk.store.database import Database, check_password_rule
from tests.conftest import PASSWORD, PROFILE, TODAY

WEAK = [
    "1111111111",
    "passwort123",
    "qwertzuiop",
    "kimdesk2026",
    "kimdesk-2026",
    "Erika Beispiel1234",  # the case manager's name (PROFILE) and digits
    "erikabeispiel2026",
    "Solingen-2026",  # the municipality and a year
]
GOOD = [
    "Tulpe Kompass Regen Fahrrad",  # four unrelated words
    "pferd batterie heftklammer korrekt",
    "Laterne-Brezel-Wolke",
    PASSWORD,
]
# Passwords the other tests use for new caseloads, password changes and exports.
TEST_PASSWORDS = [
    PASSWORD,
    "ganz-neu-und-lang-7",
    "ein-anderes-passwort",
    "bericht-2026-geheim",
    "ein-neues-passwort",
    "ein-ganz-neues-passwort",
    "export-geheim",
]


def _german_sentence(text: str) -> bool:
    return text.endswith(".") and any(word in text for word in ("sind", "ist", "muss", "Besser"))


@pytest.mark.parametrize("password", WEAK)
def test_weak_passwords_are_refused_with_a_german_reason(password: str) -> None:
    estimate = estimate_password(password, user_inputs=profile_words(PROFILE))
    assert not estimate.acceptable and estimate.score < MIN_SCORE
    assert _german_sentence(estimate.reason)
    assert password.lower() not in estimate.reason.lower()  # never echoed
    with pytest.raises(BadInput) as refused:
        check_new_password(password, user_inputs=profile_words(PROFILE))
    assert str(refused.value) == estimate.reason


@pytest.mark.parametrize("password", GOOD)
def test_passphrases_are_accepted(password: str) -> None:
    estimate = check_new_password(password, user_inputs=profile_words(PROFILE))
    assert estimate.acceptable and estimate.score >= MIN_SCORE and estimate.reason == ""
    assert estimate.label in ("stark", "sehr stark")


@pytest.mark.parametrize("password", TEST_PASSWORDS)
def test_the_passwords_of_the_test_suite_pass_the_rule(password: str) -> None:
    assert estimate_password(password, user_inputs=profile_words(PROFILE)).acceptable


def test_the_demo_password_passes_the_rule() -> None:
    assert estimate_password(DEMO_PASSWORD, user_inputs=profile_words(DEMO_PROFILE)).acceptable


def test_the_case_managers_name_counts_only_as_a_known_word() -> None:
    name_and_digits = "Beispiel2026!"
    assert estimate_password(name_and_digits).acceptable  # an unknown word would do
    refused = estimate_password(name_and_digits, user_inputs=personal_words("Erika Beispiel"))
    assert not refused.acceptable and "Ihr Name" in refused.reason


def test_short_passwords_name_the_length_and_are_never_called_strong() -> None:
    estimate = estimate_password("x7#Qp!2vZ")  # random, but 9 characters
    assert estimate.reason == f"Das Passwort muss mindestens {MIN_LENGTH} Zeichen lang sein."
    assert estimate.score < MIN_SCORE


def test_labels_are_german_and_the_estimate_holds_no_password() -> None:
    labels = {estimate_password(p).label for p in ("aaaaaaaaaa", "kimdesk2026", PASSWORD)}
    assert labels <= {"sehr schwach", "schwach", "mittel", "stark", "sehr stark"}
    assert len(labels) == 3
    fields = {f.name for f in dataclasses.fields(PasswordEstimate)}
    assert fields == {"score", "label", "acceptable", "reason"}
    assert dataclasses.is_dataclass(PasswordEstimate)
    with pytest.raises(dataclasses.FrozenInstanceError):
        estimate_password(PASSWORD).score = 0  # type: ignore[misc]


def test_personal_words_cover_the_parts_of_names() -> None:
    assert personal_words("Erika Beispiel", "", "Kreis Gütersloh") == (
        "erika beispiel",
        "erikabeispiel",
        "erika",
        "beispiel",
        "kreis gütersloh",
        "kreisgütersloh",
        "kreis",
        "gütersloh",
    )


def test_very_long_passwords_are_estimated_from_their_start() -> None:
    long = "Tulpe Kompass Regen Fahrrad " * 40  # zxcvbn alone refuses more than 72 characters
    assert len(long) > ESTIMATED_CHARS and check_new_password(long).acceptable
    assert not estimate_password("a" * 500).acceptable


# -- the same rule everywhere a password is set --------------------------------------------


def test_the_store_applies_the_rule(tmp_path: Path) -> None:
    with pytest.raises(BadInput):
        check_password_rule("1111111111")  # long enough for the old rule
    with pytest.raises(BadInput):
        Database.create(tmp_path / "a.kimdesk", "qwertzuiop")
    assert not (tmp_path / "a.kimdesk").exists()
    check_password_rule(PASSWORD)


def test_a_caseload_refuses_its_owners_name(tmp_path: Path, caseload: Caseload) -> None:
    with pytest.raises(BadInput) as refused:
        Caseload.create(tmp_path / "b.kimdesk", "Erika Beispiel1234", PROFILE)
    assert "Name" in str(refused.value) and not (tmp_path / "b.kimdesk").exists()
    with pytest.raises(BadInput):
        caseload.change_password("Solingen-2026")
    assert caseload.password_matches(PASSWORD)


def test_the_export_password_follows_the_same_rule(caseload: Caseload, tmp_path: Path) -> None:
    out = tmp_path / "bericht.xlsx"
    for weak in ("kurz", "1111111111", "Erika Beispiel1234"):
        with pytest.raises(BadInput) as refused:
            export_month(caseload, "2026-11", out, password=weak)
        expected = estimate_password(weak, user_inputs=profile_words(PROFILE))
        assert str(refused.value) == expected.reason
    assert not out.exists() and caseload.exported_months() == set()
    assert export_month(caseload, "2026-11", out, password="Laterne-Brezel-Wolke").encrypted


# -- the command line: exit 2 and the German reason ------------------------------------------


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (PASSWORD_ENV, NEW_PASSWORD_ENV, EXPORT_PASSWORD_ENV):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_cli_init_refuses_a_weak_password(
    cli_env: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli_env.setenv(PASSWORD_ENV, "1111111111")
    assert main(["init", "--db", str(db_path), "--name", "Erika Beispiel"]) == 2
    assert "Wiederholungen" in capsys.readouterr().err and not db_path.exists()
    cli_env.setenv(PASSWORD_ENV, "Erika Beispiel1234")
    assert main(["init", "--db", str(db_path), "--name", "Erika Beispiel"]) == 2
    assert "Ihr Name" in capsys.readouterr().err and not db_path.exists()


def test_cli_passwd_refuses_a_weak_password(
    cli_env: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: TODAY).close()
    cli_env.setenv(PASSWORD_ENV, PASSWORD)
    cli_env.setenv(NEW_PASSWORD_ENV, "passwort123")
    assert main(["passwd", "--db", str(db_path)]) == 2
    assert "häufigsten Passwörter" in capsys.readouterr().err
    reopened = Caseload.open(db_path, PASSWORD)
    reopened.close()


@pytest.mark.parametrize("weak", ["x", "kimdesk2026"])
def test_cli_export_refuses_a_weak_export_password(
    cli_env: pytest.MonkeyPatch,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    weak: str,
) -> None:
    Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: TODAY).close()
    cli_env.setenv(PASSWORD_ENV, PASSWORD)
    cli_env.setenv(EXPORT_PASSWORD_ENV, weak)
    out = tmp_path / "bericht.xlsx"
    argv = ["export-month", "2026-11", "--db", str(db_path), "--out", str(out), "--encrypt"]
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert error.startswith("kimdesk: ") and estimate_password(weak).reason in error
    assert not out.exists()


def test_a_demo_made_with_the_old_demo_password_gets_the_new_one(tmp_path: Path) -> None:
    path = tmp_path / "demo.kimdesk"
    old = Caseload.create(path, DEMO_PASSWORD, DEMO_PROFILE)
    old.db.execute(f"PRAGMA rekey = '{OLD_DEMO_PASSWORD}'")  # as an older kimdesk made it
    old.close()
    open_demo(path).close()
    Caseload.open(path, DEMO_PASSWORD).close()


def test_an_empty_password_is_refused_for_its_length() -> None:
    estimate = estimate_password("")  # zxcvbn itself fails on ""
    assert (estimate.score, estimate.acceptable) == (0, False)
    assert "mindestens 10 Zeichen" in estimate.reason
