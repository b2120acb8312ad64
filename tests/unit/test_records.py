"""Value types: search keys, and no personal data in their repr (tracebacks, logs)."""

from __future__ import annotations

from datetime import date

from kimdesk.domain.records import (
    Consent,
    Contact,
    FormInstance,
    Goal,
    PersonData,
    Referral,
    search_key,
)
from kimdesk.domain.vocabulary import ConsentKind, FormStatus, Setting

DAY = date(2026, 5, 4)


def test_search_key_ignores_case_and_diacritics() -> None:
    assert search_key("Müller", "Ayşe") == "muller ayse"
    assert search_key("Yılmaz", "Łucja") == "yilmaz lucja"
    assert search_key("ŞAHİN", "", "  ") == search_key("şahin")
    assert search_key("Ștefănescu") == "stefanescu"
    assert search_key("Шевченко") == "шевченко"


def test_reprs_hold_no_personal_text() -> None:
    secret = "Geheimnis-Müller"
    values = [
        PersonData(surname=secret, given_names=secret, note=secret, phone=secret),
        Contact(1, DAY, 30, Setting.PHONE, note=secret),
        Consent(
            1,
            ConsentKind.CONFIDENTIALITY_RELEASE,
            DAY,
            "de",
            agencies=(secret,),
            restrictions=secret,
        ),
        FormInstance(1, "assessment_health", 1, FormStatus.FINAL, DAY, {"remark": secret}),
        Goal(1, 1, secret, DAY, achievement_note=secret),
        Referral(1, DAY, note=secret),
    ]
    for value in values:
        assert secret not in repr(value), type(value).__name__
