"""A case's finished interim or closure sheet as a PDF for the coordinating office,
pseudonymised as in the monthly report (kimdesk.report.sheets_out): the pseudonym, the month,
the case manager's initials, and only the free texts that pass the identifier check."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from kimdesk.caseload import Caseload
from kimdesk.errors import BadInput
from kimdesk.forms.model import FormKind
from kimdesk.i18n import _
from kimdesk.printing.layout import CONTENT_WIDTH, RULE, PageInfo, build_pdf, styles
from kimdesk.report.sheets_out import SheetLine, caseload_identifiers, pseudonymise


def latest_sheet(caseload: Caseload, case_id: int, kind: FormKind) -> SheetLine:
    """The case's latest finished sheet of ``kind``, pseudonymised."""
    finished = [
        sheet for sheet in caseload.form_instances(case_id, kind) if sheet.status.value == "final"
    ]
    if not finished:
        raise BadInput(_("This case has no finished sheet of this kind yet."))
    instance = finished[-1]
    return pseudonymise(
        instance,
        caseload.definition_of(instance),
        pseudonym=caseload.case(case_id).pseudonym,
        ids=caseload_identifiers(caseload),
        case_manager=caseload.profile().case_manager,
    )


def render_pseudonymised_sheet(line: SheetLine, *, printed_on: date) -> bytes:
    """The sheet as PDF: the pseudonym in the header, never a name or a person's date."""
    style = styles()
    story: list[Flowable] = [
        Paragraph(escape(f"{line.title} ({_('pseudonymised')})"), style["title"]),
        Paragraph(escape(_("For the coordinating office.")), style["description"]),
    ]
    facts = [
        (_("Pseudonym"), line.pseudonym),
        (_("Month"), line.month),
        (_("Case manager (initials)"), line.case_manager),
        (_("Type of closure"), line.closure_type),
        (
            _("Duration (months)"),
            "" if line.duration_months is None else str(line.duration_months),
        ),
        (_("Overall change"), line.overall_change),
    ]
    story.append(_table([(k, v) for k, v in facts if v], style))
    if line.areas:
        story.append(Paragraph(escape(_("Goals achieved by area")), style["section"]))
        story.append(_table(list(line.areas), style))
    if line.texts:
        story.append(Paragraph(escape(_("Free texts (checked)")), style["section"]))
        for question, answer in line.texts:
            story.append(Paragraph(escape(question), style["small_bold"]))
            story.append(Paragraph(escape(answer).replace("\n", "<br/>"), style["answer"]))
            story.append(Spacer(1, 3 * mm))
    return build_pdf(story, PageInfo(line.title, "", printed_on))


def _table(rows: list[tuple[str, str]], style: dict) -> Table:
    table = Table(
        [
            [Paragraph(escape(k), style["label"]), Paragraph(escape(v), style["answer"])]
            for k, v in rows
        ],
        colWidths=[CONTENT_WIDTH * 0.45, CONTENT_WIDTH * 0.55],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table
