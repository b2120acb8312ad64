"""The four consent documents as bilingual A4 PDFs: the client's language, then binding German.

``render_consent()`` returns the PDF bytes in memory; the caller decides where (and whether)
they are written, since a PDF printed for a case carries the client's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from kimdesk.printing.consent_texts import BINDING_LANGUAGE, CONSENT_LANGUAGES, consent_text
from kimdesk.printing.metadata import PdfMetadata
from kimdesk.printing.text import Sheet

# document id -> German title (the binding catalog's text of the title msgid)
CONSENT_DOCUMENTS: dict[str, str] = {
    "consent": "Einverständniserklärung zur Verarbeitung personenbezogener Daten "
    "im KIM Case Management",
    "release-of-confidentiality": "Schweigepflichtentbindung",
    "privacy-notice": "Datenschutzhinweise nach Art. 13 DSGVO",
    "needs-conference-consent": "Einverständnis zur Bedarfskonferenz",
}

TITLES: dict[str, str] = {
    "consent": "Consent to the processing of personal data in KIM case management",
    "release-of-confidentiality": "Release from confidentiality",
    "privacy-notice": "Privacy notice under Art. 13 GDPR",
    "needs-conference-consent": "Consent to the needs conference",
}

SUPERVISORY_AUTHORITY = (
    "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen, "
    "Kavalleriestraße 2–4, 40213 Düsseldorf, poststelle@ldi.nrw.de"
)

RIGHTS = (
    "Art. 15: to get information about your data",
    "Art. 16: to have wrong data corrected",
    "Art. 17: to have your data deleted",
    "Art. 18: to have the processing restricted",
    "Art. 20: to receive your data",
    "Art. 21: to object to the processing",
)
TOPICS = (
    "Residence and documents",
    "Language and school",
    "Work and income",
    "Housing",
    "Health",
    "Family and children",
)

Party = tuple[str, str]  # (agency or person, contact person or role)


@dataclass(frozen=True)
class Organisation:
    """The Träger printed on the documents; empty fields print as lines to fill in."""

    name: str = ""
    address: str = ""
    data_protection_officer: str = ""
    retention_years: int = 3


def render_consent(
    doc_id: str,
    lang: str,
    *,
    organisation: Organisation,
    client_name: str | None = None,
    date: dt.date | None = None,
    agencies: Sequence[Party] = (),
    participants: Sequence[Party] = (),
    printed_on: dt.date | None = None,
) -> bytes:
    """One consent document as PDF bytes, in ``lang`` and in binding German."""
    if doc_id not in CONSENT_DOCUMENTS:
        raise ValueError(f"unknown consent document {doc_id!r}")
    if lang not in CONSENT_LANGUAGES:
        raise ValueError(f"no consent texts for language {lang!r}")
    german = partial(consent_text, BINDING_LANGUAGE)
    printed = (printed_on or dt.date.today()).strftime("%d.%m.%Y")
    footer = (
        f"{german('Page {page} of {pages}')}  ·  {german('Printed on {date}').format(date=printed)}"
    )
    # The title in the client's language first, as on the page, then the binding German.
    titles = dict.fromkeys([consent_text(lang, TITLES[doc_id]), CONSENT_DOCUMENTS[doc_id]])
    sheet = Sheet(
        partial(consent_text, lang),
        german if lang != BINDING_LANGUAGE else None,
        TITLES[doc_id],
        footer=footer,
        metadata=PdfMetadata(" – ".join(titles), lang),
    )
    if sheet.bilingual:
        sheet.text(
            "The German text is binding. The translation helps you to understand it.", bold=True
        )
    _WRITERS[doc_id](sheet, organisation, agencies, participants)
    _signatures(sheet, _DECLARATIONS.get(doc_id), client_name, date)
    return sheet.pdf()


def _organisation(sheet: Sheet, organisation: Organisation) -> None:
    sheet.labelled_line("Responsible organisation", organisation.name or None)
    sheet.labelled_line("Address", organisation.address or None)
    sheet.labelled_line("Data protection officer", organisation.data_protection_officer or None)


def _rights(sheet: Sheet) -> None:
    sheet.heading("Your rights")
    sheet.text("Under the General Data Protection Regulation, GDPR, you have these rights:")
    for right in RIGHTS:
        sheet.text(right, indent=12)


def _consent(sheet: Sheet, organisation: Organisation, *_: Sequence[Party]) -> None:
    _organisation(sheet, organisation)
    sheet.heading("Purpose")
    sheet.text(
        "Kommunales Integrationsmanagement, KIM for short, supports you with questions about "
        "residence, language, work, housing, health and family. Your case manager coordinates "
        "the help of different agencies for you. For this we need to process data about you."
    )
    sheet.heading("Which data we process")
    sheet.text(
        "Name, date of birth, address, contact details, nationality, residence status, language "
        "skills, school and work, family situation, your goals and the agreed steps."
    )
    sheet.text(
        "If it is necessary for your support, we also process data about your health. Health "
        "data are specially protected by Art. 9 GDPR."
    )
    _recipients(sheet)
    _retention(sheet, organisation)
    _rights(sheet)
    sheet.heading("Voluntary consent and withdrawal")
    sheet.text(
        "Your consent is voluntary. If you do not consent, you will have no disadvantage. You "
        "can still get advice, but we cannot coordinate help with other agencies."
    )
    _withdrawal(sheet)


def _recipients(sheet: Sheet) -> None:
    sheet.heading("Who receives your data")
    sheet.text(
        "Only your case manager and their team work with your personal data. Other agencies "
        "receive data only if you release us from confidentiality in a separate declaration."
    )
    sheet.text(
        "The coordinating office receives only pseudonymised data for statistics: no names, "
        "no addresses, no dates of birth."
    )


def _retention(sheet: Sheet, organisation: Organisation) -> None:
    sheet.heading("How long we keep your data")
    sheet.text(
        "We delete your data {years} years after the end of the case management, unless a law "
        "requires us to keep them longer.",
        years=organisation.retention_years,
    )


def _withdrawal(sheet: Sheet) -> None:
    sheet.text(
        "You can withdraw your consent at any time, without giving reasons, orally or in "
        "writing. The withdrawal applies to the future. Processing before the withdrawal "
        "remains lawful."
    )


def _release(
    sheet: Sheet, organisation: Organisation, agencies: Sequence[Party], _: Sequence[Party]
) -> None:
    _organisation(sheet, organisation)
    sheet.text(
        "I release my case manager from the duty of confidentiality towards the agencies listed "
        "below. My case manager and these agencies may exchange information about me, as far "
        "as it is necessary for my support."
    )
    sheet.text("Cross the box of anything you do not agree to.", bold=True)
    sheet.table(("Agency", "Contact person"), agencies, box_header="Excluded")
    sheet.text(
        "This release is valid until the end of the case management, at the longest for two "
        "years from the date of signature."
    )
    sheet.text(
        "You can revoke this release at any time, completely or for single agencies. The "
        "release is voluntary. Without it you will have no disadvantage."
    )


def _privacy(sheet: Sheet, organisation: Organisation, *_: Sequence[Party]) -> None:
    sheet.text(
        "This information explains how we process your personal data in KIM case management."
    )
    _organisation(sheet, organisation)
    sheet.text("If you have questions about your data, please contact the data protection officer.")
    sheet.heading("Purpose")
    sheet.text(
        "Kommunales Integrationsmanagement, KIM for short, supports you with questions about "
        "residence, language, work, housing, health and family. Your case manager coordinates "
        "the help of different agencies for you. For this we need to process data about you."
    )
    sheet.heading("Legal basis")
    sheet.text(
        "The legal basis is your consent: Art. 6 paragraph 1 letter a GDPR, for health data "
        "Art. 9 paragraph 2 letter a GDPR."
    )
    _recipients(sheet)
    _retention(sheet, organisation)
    _rights(sheet)
    _withdrawal(sheet)
    sheet.heading("Right to complain")
    sheet.text(
        "You can complain to the data protection supervisory authority. In North "
        "Rhine-Westphalia this is the LDI NRW:"
    )
    sheet.paragraph(SUPERVISORY_AUTHORITY, indent=12)


def _conference(
    sheet: Sheet, organisation: Organisation, _: Sequence[Party], participants: Sequence[Party]
) -> None:
    _organisation(sheet, organisation)
    sheet.text(
        "In a needs conference, you and the agencies that support you meet to plan the next "
        "steps together."
    )
    sheet.text("Cross the box of anything you do not agree to.", bold=True)
    sheet.text("I agree that these persons take part:")
    sheet.table(("Participant", "Role"), participants, box_header="Excluded")
    sheet.text("These topics may be discussed:")
    sheet.checklist(TOPICS)
    sheet.text("Other things that must not be discussed:")
    for _line in range(3):
        sheet.labelled_line("", None)
    sheet.text("You can withdraw this consent at any time, also during the conference.")


def _signatures(
    sheet: Sheet, declaration: str | None, client_name: str | None, date: dt.date | None
) -> None:
    """The client's declaration and the signature lines, kept together on one page."""
    rows = 90  # the two rows of lines below, labels of up to two lines included
    sheet.ensure((sheet.text_height(declaration, bold=True) if declaration else 0) + rows)
    if declaration:
        sheet.text(declaration, bold=True)
    sheet.labelled_row(
        [
            ("Name of the client", client_name or None),
            ("Place and date", date.strftime("%d.%m.%Y") if date else None),
        ]
    )
    sheet.labelled_row(
        [("Signature of the client", None), ("Signature of the case manager", None)], space=34
    )


# The sentence the client signs under, printed together with the signature lines.
_DECLARATIONS = {
    "consent": (
        "I have read this information, or it was explained to me in a language I understand. "
        "I consent to the processing of my data as described."
    ),
    "release-of-confidentiality": "I agree to this release from confidentiality.",
    "needs-conference-consent": "I agree to the needs conference as described above.",
}

_WRITERS: dict[str, Callable[[Sheet, Organisation, Sequence[Party], Sequence[Party]], None]] = {
    "consent": _consent,
    "release-of-confidentiality": _release,
    "privacy-notice": _privacy,
    "needs-conference-consent": _conference,
}
