"""The phases of a KIM case (Reis' Regelkreis) as an explicit state machine.

The seeds stress that the steps are ideal-typical and need not come in a fixed order, so
the machine is permissive between the working phases. It is strict only where the
documents are: screening and intake come first, entering the assessment requires the
signed consent, "not admitted" ends a case before admission, and closed cases stay closed
(a new episode is a new case).
"""

from __future__ import annotations

from kimdesk.domain.vocabulary import Labelled, _with_labels
from kimdesk.i18n import N_


class Phase(Labelled):
    SCREENING = "screening"
    INTAKE = "intake"
    ASSESSMENT = "assessment"
    GOALS = "goals"
    PLANNING = "planning"
    LINKING = "linking"
    MONITORING = "monitoring"
    REASSESSMENT = "reassessment"
    CLOSED = "closed"
    NOT_ADMITTED = "not_admitted"

    @property
    def is_open(self) -> bool:
        return self not in TERMINAL

    @property
    def is_admitted(self) -> bool:
        """Past intake: the person has entered case management."""
        return self in WORKING or self is Phase.CLOSED


_with_labels(
    Phase,
    {
        "screening": N_("Screening"),
        "intake": N_("First counselling/intake"),
        "assessment": N_("Assessment"),
        "goals": N_("Goal agreement"),
        "planning": N_("Help and needs planning"),
        "linking": N_("Linking"),
        "monitoring": N_("Monitoring"),
        "reassessment": N_("Re-assessment"),
        "closed": N_("Closure"),
        "not_admitted": N_("Not admitted/referral"),
    },
)

# The phases in which the case manager works with an admitted person.
WORKING = (
    Phase.ASSESSMENT,
    Phase.GOALS,
    Phase.PLANNING,
    Phase.LINKING,
    Phase.MONITORING,
    Phase.REASSESSMENT,
)
TERMINAL = frozenset({Phase.CLOSED, Phase.NOT_ADMITTED})

# The ideal path: what the case view suggests as "next".
IDEAL_NEXT: dict[Phase, tuple[Phase, ...]] = {
    Phase.SCREENING: (Phase.INTAKE, Phase.NOT_ADMITTED),
    Phase.INTAKE: (Phase.ASSESSMENT, Phase.NOT_ADMITTED),
    Phase.ASSESSMENT: (Phase.GOALS,),
    Phase.GOALS: (Phase.PLANNING,),
    Phase.PLANNING: (Phase.LINKING,),
    Phase.LINKING: (Phase.MONITORING,),
    Phase.MONITORING: (Phase.REASSESSMENT, Phase.CLOSED),
    Phase.REASSESSMENT: (Phase.GOALS, Phase.CLOSED),
    Phase.CLOSED: (),
    Phase.NOT_ADMITTED: (),
}


def allowed_transitions(current: Phase) -> frozenset[Phase]:
    """Every phase a case may move to from ``current`` (consent is checked elsewhere)."""
    if current in TERMINAL:
        return frozenset()
    if current is Phase.SCREENING:
        return frozenset({Phase.INTAKE, Phase.NOT_ADMITTED})
    if current is Phase.INTAKE:
        return frozenset({Phase.ASSESSMENT, Phase.NOT_ADMITTED})
    # Between the working phases anything goes, except that the first assessment
    # happens once: later assessments are re-assessments.
    targets = set(WORKING) - {current, Phase.ASSESSMENT}
    targets.add(Phase.CLOSED)
    return frozenset(targets)


def can_move(current: Phase, target: Phase) -> bool:
    return target in allowed_transitions(current)


def requires_consent(target: Phase) -> bool:
    """Entering the assessment means recording personal data: consent must exist."""
    return target in WORKING
