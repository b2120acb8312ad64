"""Every printable document by id — consent documents, the forms, the comparison, the case
file — and rendering one of them for a case or blank, as PDF bytes in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kimdesk.caseload import Caseload
from kimdesk.domain.names import display_name
from kimdesk.domain.records import CaseRow
from kimdesk.domain.vocabulary import ASSESSMENT_DOMAINS, ConsentKind
from kimdesk.errors import BadInput
from kimdesk.forms.model import FieldType, FormDefinition, FormKind
from kimdesk.i18n import N_, _

# The printed document behind each kind of consent the case manager records.
DOCUMENT_OF_CONSENT = {
    ConsentKind.DATA_PROCESSING: "consent",
    ConsentKind.CONFIDENTIALITY_RELEASE: "release-of-confidentiality",
    ConsentKind.NEEDS_CONFERENCE: "needs-conference-consent",
    ConsentKind.PRIVACY_NOTICE: "privacy-notice",
}
COMPARISON = "comparison"
CASE_FILE = "case-file"
CASE_FILE_ANONYMISED = "case-file-anonymised"
ACCESS_REPORT = "access-report"
# Interim and closure sheets for the coordinating office (kimdesk.printing.pseudonymised_sheets).
PSEUDONYMISED_SHEETS = {"interim-pseudonymised": "interim", "closure-pseudonymised": "closure"}
# A case's latest case conference: its preparation sheet, the minutes of the latest one held.
CONFERENCE_DOCUMENTS = {"case-conference-preparation": False, "case-conference-minutes": True}
CONFERENCE_TITLES = {
    "case-conference-preparation": N_("Case conference: preparation"),
    "case-conference-minutes": N_("Case conference: minutes"),
}
# The start of a saved file's name where the id would not tell the reader what it is.
FILE_STEMS = {ACCESS_REPORT: "auskunft_art15"}
# Short names for choosing a document: the paper's name without the heading's common prefix,
# the occasion or legal basis in brackets — one pattern for every entry of a list.
FORM_TITLE_PREFIX = "Case Management: "
NAMES = {
    "consent": N_("Consent to data processing"),
    "release-of-confidentiality": N_("Release from confidentiality"),
    "privacy-notice": N_("Privacy notice (Art. 13 GDPR)"),
    "needs-conference-consent": N_("Consent to a needs conference"),
    COMPARISON: N_("Assessment comparison"),
    CASE_FILE: N_("Case file (case conference)"),
    CASE_FILE_ANONYMISED: N_("Case file anonymised (planning conference)"),
    ACCESS_REPORT: N_("Information to the client (Art. 15 GDPR)"),
    "case-conference-preparation": N_("Preparation sheet (case conference)"),
    "case-conference-minutes": N_("Minutes (case conference)"),
    "interim-pseudonymised": N_("Interim sheet pseudonymised (coordinating office)"),
    "closure-pseudonymised": N_("Closure sheet pseudonymised (coordinating office)"),
}


@dataclass(frozen=True)
class Document:
    """``title`` is the document's full heading; ``name`` its short name in lists."""

    id: str
    title: str
    kind: str  # "consent", "form", "comparison", "case-file" or "access-report"
    name: str

    @property
    def needs_case(self) -> bool:
        return self.kind in (
            "comparison",
            "case-file",
            "access-report",
            "pseudonymised-sheet",
            "case-conference",
        )

    @property
    def file_stem(self) -> str:
        return FILE_STEMS.get(self.id, self.id)


def documents(forms: Iterable[FormDefinition]) -> list[Document]:
    """Every printable document in the order of the process: consent documents, the forms
    (screening, cover sheet, assessments by life domain as on paper, goals … closure), then
    the documents made from a whole case."""
    from kimdesk.printing.consent import CONSENT_DOCUMENTS

    found = [
        Document(doc_id, title, "consent", _(NAMES[doc_id]))
        for doc_id, title in CONSENT_DOCUMENTS.items()
    ]
    found += [Document(d.key, d.title, "form", form_name(d)) for d in in_process_order(forms)]
    case_documents = (
        (COMPARISON, _("Assessment comparison"), "comparison"),
        (CASE_FILE, _("Case file summary (case conference)"), "case-file"),
        (
            CASE_FILE_ANONYMISED,
            _("Case file summary, anonymised (planning conference)"),
            "case-file",
        ),
        (ACCESS_REPORT, _("Information to the client (Art. 15 GDPR)"), "access-report"),
    )
    found += [Document(i, title, kind, _(NAMES[i])) for i, title, kind in case_documents]
    found += [
        Document(i, _(CONFERENCE_TITLES[i]), "case-conference", _(NAMES[i]))
        for i in CONFERENCE_DOCUMENTS
    ]
    found += [
        Document(i, _(NAMES[i]), "pseudonymised-sheet", _(NAMES[i])) for i in PSEUDONYMISED_SHEETS
    ]
    return found


def in_process_order(forms: Iterable[FormDefinition]) -> list[FormDefinition]:
    """The forms in the order they are filled: by kind as in the Regelkreis, assessments by
    life domain in the paper's order; forms of the same kind keep their given order."""
    kinds, domains = list(FormKind), list(ASSESSMENT_DOMAINS)

    def position(definition: FormDefinition) -> tuple[int, int]:
        domain = definition.domain
        return kinds.index(definition.kind), domains.index(domain) if domain in domains else 0

    return sorted(forms, key=position)


def form_name(definition: FormDefinition) -> str:
    """The paper's name of a form without the prefix most of the headings share."""
    return definition.title.removeprefix(FORM_TITLE_PREFIX).strip() or definition.title


def find_case(caseload: Caseload, case_number: str) -> CaseRow:
    for row in caseload.find_cases(case_number):
        if row.case_number == case_number.strip():
            return row
    raise BadInput(_("There is no case with the number {number}.").format(number=case_number))


def client_language(caseload: Caseload, case_id: int) -> str:
    """The language of the case's latest consent, else German."""
    consents = caseload.consents(case_id)
    return consents[-1].language if consents else "de"


def cover_sheet_agencies(caseload: Caseload, case_id: int) -> list[tuple[str, str]]:
    """(agency, contact person) of every agency line filled on the latest cover sheet (a
    draft too: it is often filled in the same meeting), in the order of the paper form; the
    agency as "line label: name"."""
    sheets = caseload.form_instances(case_id, FormKind.COVER_SHEET)
    if not sheets:
        return []
    latest = max(sheets, key=lambda sheet: (sheet.recorded_on, sheet.id or 0))
    definition = caseload.definition_of(latest)
    agencies = []
    for field in definition.fields:
        value = latest.answers.get(field.key)
        if field.type is FieldType.AGENCY_CONTACT and isinstance(value, dict):
            name = str(value.get("name") or "").strip()
            if name:
                person = str(value.get("contact_person") or "").strip()
                agencies.append((f"{field.label}: {name}", person))
    return agencies


def render_document(
    caseload: Caseload,
    doc_id: str,
    *,
    case_number: str | None = None,
    lang: str | None = None,
    blank: bool = False,
    printed_on: date | None = None,
) -> bytes:
    """The PDF of one document: blank, or for the case with ``case_number``."""
    printed_on = printed_on or caseload.today
    known = {d.id: d for d in documents(caseload.forms)}
    document = known.get(doc_id)
    if document is None:
        raise BadInput(
            _("Unknown document “{id}”; `kimdesk print --list` shows them.").format(id=doc_id)
        )
    case = None if case_number is None else find_case(caseload, case_number)
    if case is None and (document.needs_case or not blank):
        raise BadInput(_("This document needs a case (--case) or --blank."))
    if document.kind == "consent":
        return _consent(caseload, doc_id, case if not blank else None, lang, printed_on)
    if document.kind == "form":
        return _form(caseload, doc_id, case, blank, printed_on)
    assert case is not None
    if document.kind == "comparison":
        from kimdesk.printing.comparison import render_comparison

        return render_comparison(
            caseload.assessment_changes(case.id),
            case_number=case.case_number,
            printed_on=printed_on,
        )
    if document.kind == "pseudonymised-sheet":
        from kimdesk.printing.pseudonymised_sheets import latest_sheet, render_pseudonymised_sheet

        line = latest_sheet(caseload, case.id, FormKind(PSEUDONYMISED_SHEETS[doc_id]))
        return render_pseudonymised_sheet(line, printed_on=printed_on)
    if document.kind == "case-conference":
        from kimdesk.printing.case_conference import render_latest

        minutes = CONFERENCE_DOCUMENTS[doc_id]
        return render_latest(caseload, case.id, minutes=minutes, printed_on=printed_on)
    if document.kind == "access-report":
        from kimdesk.printing.access_report import render_access_report

        language = lang or client_language(caseload, case.id)
        return render_access_report(caseload, case.id, lang=language, printed_on=printed_on)
    if doc_id == CASE_FILE_ANONYMISED:
        # The planning conference's reconstruction: no date, age or free text of the person.
        from kimdesk.planning_conference import anonymised_case
        from kimdesk.printing.planning_conference import render_bundle

        return render_bundle(anonymised_case(caseload, case.id, printed_on), {})
    from kimdesk.printing.case_file import render_case_file

    return render_case_file(caseload, case.id, printed_on=printed_on)


def _consent(
    caseload: Caseload, doc_id: str, case: CaseRow | None, lang: str | None, printed_on: date
) -> bytes:
    from kimdesk.printing.consent import CONSENT_LANGUAGES, Organisation, render_consent

    language = lang or (client_language(caseload, case.id) if case else "de")
    if language not in CONSENT_LANGUAGES:
        raise BadInput(
            _("The consent documents are not available in “{lang}”; available: {known}.").format(
                lang=language, known=", ".join(CONSENT_LANGUAGES)
            )
        )
    profile = caseload.profile()
    organisation = Organisation(
        name=printed_line(profile.organisation),
        address=printed_line(profile.organisation_address),
        data_protection_officer=printed_line(profile.data_protection_officer),
        retention_years=profile.retention_years,
    )
    if case is None:
        return render_consent(doc_id, language, organisation=organisation)
    return render_consent(
        doc_id,
        language,
        organisation=organisation,
        client_name=display_name(case.surname, case.given_names),
        date=printed_on,
        agencies=tuple(cover_sheet_agencies(caseload, case.id)),
    )


def printed_line(text: str) -> str:
    """A value typed over several lines as the one line a document prints it on:
    "Musterstraße 1\n12345 Musterstadt" becomes "Musterstraße 1, 12345 Musterstadt"."""
    parts = (" ".join(line.split()).rstrip(",;") for line in text.splitlines())
    return ", ".join(part for part in parts if part)


def _form(
    caseload: Caseload, form_key: str, case: CaseRow | None, blank: bool, printed_on: date
) -> bytes:
    from kimdesk.printing.forms_pdf import render_form

    definition = caseload.forms.get(form_key)
    answers = None
    if case is not None and not blank:
        filled = [f for f in caseload.form_instances(case.id) if f.form_key == form_key]
        if not filled:
            raise BadInput(_("This case has no such form yet; print it --blank."))
        definition = caseload.definition_of(filled[-1])
        answers = filled[-1].answers
    return render_form(
        definition,
        answers,
        case_number=case.case_number if case else "",
        printed_on=printed_on,
    )
