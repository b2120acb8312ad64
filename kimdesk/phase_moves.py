"""Moving a case along the Regelkreis: the hard rules of a phase change (allowed steps, the
consent before the assessment, exactly one closure reason) and what the change writes (the
case's phase and dates, the phase history, the audit log)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kimdesk.domain.phases import Phase, allowed_transitions, requires_consent
from kimdesk.domain.records import CaseRow
from kimdesk.domain.vocabulary import ClosureReason
from kimdesk.errors import BadInput, ConsentRequired, PhaseTransitionError
from kimdesk.i18n import _

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload


def check_move(
    caseload: Caseload,
    case: CaseRow,
    target: Phase,
    on: date,
    closure_reason: ClosureReason | None,
    closure_note: str,
) -> None:
    """Raise if ``case`` may not move to ``target`` on ``on``; writes nothing."""
    if target not in allowed_transitions(case.phase):
        raise PhaseTransitionError(
            _("A case in the phase “{current}” cannot move to “{target}”.").format(
                current=case.phase.label, target=target.label
            )
        )
    if requires_consent(target) and not caseload.has_valid_consent(case.id, on):
        raise ConsentRequired(
            _("Record the signed consent to data processing before the assessment.")
        )
    if (target is Phase.CLOSED) != (closure_reason is not None):
        raise BadInput(_("A closure needs exactly one closure reason."))
    if closure_reason is ClosureReason.OTHER and not closure_note.strip():
        raise BadInput(_("Please explain the other closure reason."))


def apply_move(
    caseload: Caseload,
    case: CaseRow,
    target: Phase,
    on: date,
    closure_reason: ClosureReason | None,
    closure_note: str,
) -> None:
    """Write the move, inside the caller's transaction, after check_move."""
    admitted_on = case.admitted_on
    if admitted_on is None and requires_consent(target):
        admitted_on = on
    caseload.repo.update_case_phase(
        case.id,
        phase=target,
        admitted_on=admitted_on,
        closed_on=on if target in (Phase.CLOSED, Phase.NOT_ADMITTED) else None,
        closure_reason=closure_reason,
        closure_note=closure_note,
    )
    caseload.repo.insert_phase_change(case.id, case.phase, target, on)
    caseload.repo.append_audit("case.phase", case.id, f"{case.phase.value}->{target.value}")
