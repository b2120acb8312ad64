"""The Art. 15 information's part on system work: the generative themes and the service gaps
or interface problems a case is linked to. The link is data about the client (their case is
counted under the theme), so it is listed; nothing is printed for a case without one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable

from kimdesk import service_gaps, themes
from kimdesk.i18n import _
from kimdesk.printing.case_file import grid_table
from kimdesk.printing.layout import german_date

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload
    from kimdesk.printing.bilingual import Words


def access_section(caseload: Caseload, case_id: int, words: Words) -> list[Flowable]:
    linked_themes = themes.themes_of_case(caseload, case_id)
    linked_gaps = service_gaps.gaps_of_case(caseload, case_id)
    if not linked_themes and not linked_gaps:
        return []
    rows = [
        [
            _("Generative theme"),
            t.title,
            t.domain.label if t.domain else "",
            f"{t.status.label} ({german_date(t.status_on)})" if t.status_on else t.status.label,
        ]
        for t in linked_themes
    ]
    rows += [
        [g.kind.label, g.description, g.domain.label if g.domain else "", german_date(g.noted_on)]
        for g in linked_gaps
    ]
    heading = _("Themes and gaps your case is counted under")
    story = words.heading("Themes and gaps your case is counted under", base=heading)
    story.append(
        grid_table(
            [_("Kind"), _("Theme or description"), _("Life domain"), _("Status or date")],
            rows,
            [0.17, 0.36, 0.27, 0.2],
        )
    )
    return story
