"""Keeps the overview and the case list in step with the caseload, in proportion to the
change: a saved contact redraws the row of its case; the overview is computed when it is
shown and something changed since; the case list is loaded when it is first needed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from kimdesk.caseload import Caseload
from kimdesk.gui.case_list import CaseListPage
from kimdesk.gui.dashboard import Dashboard
from kimdesk.overview import (
    DashboardData,
    case_count,
    cases_of_persons,
    dashboard_data,
    groups_of,
    list_groups,
    one_case,
)


class CaseloadViews:
    """The main window's overview and case list, and what each needs to be redrawn.

    ``showing``: the page the window shows now (the overview is computed only for it).
    """

    def __init__(
        self,
        caseload: Callable[[], Caseload | None],
        dashboard: Dashboard,
        case_list: CaseListPage,
        showing: Callable[[], QWidget | None],
    ) -> None:
        self._caseload = caseload
        self.dashboard = dashboard
        self.case_list = case_list
        self._showing = showing
        self.data: DashboardData | None = None  # the overview last shown
        self.overview_stale = True
        self.list_loaded = False
        self.list_stale = True

    # -- what is shown ---------------------------------------------------------------------

    def page_shown(self, page: QWidget) -> None:
        """Called before ``page`` becomes the one shown: bring it up to date if need be."""
        if page is self.dashboard:
            self.ensure_overview()
        elif page is self.case_list:
            self.ensure_list()

    def ensure_overview(self) -> None:
        caseload = self._caseload()
        if caseload is None or not self.overview_stale:
            return
        data = dashboard_data(caseload)
        self.data, self.overview_stale = data, False
        self.dashboard.show_overview(data.overview, caseload.profile(), data.labels)
        self.dashboard.erasure_card.show_due(list(data.due), data.labels)

    def ensure_list(self) -> None:
        caseload = self._caseload()
        if caseload is None or (self.list_loaded and not self.list_stale):
            return
        rows = caseload.cases()
        today = caseload.today
        # The overview's groups if it is up to date; else the same rules over the rows.
        fresh = self.data is not None and not self.overview_stale
        groups = self.data.groups if fresh and self.data else list_groups(caseload, rows, today)
        self.case_list.set_rows(rows, today, groups)
        self.list_loaded, self.list_stale = True, False

    @property
    def case_count(self) -> int:
        caseload = self._caseload()
        if self.list_loaded and not self.list_stale:
            return self.case_list.model.rowCount()
        return case_count(caseload) if caseload is not None else 0

    # -- after a change --------------------------------------------------------------------

    def case_changed(self, case_id: int) -> None:
        """One case was stored (a contact, form, consent, phase, …), created, handed over or
        erased: its rows and those of its person's other cases are brought up to date."""
        caseload = self._caseload()
        if caseload is None:
            return
        if self.list_loaded and not self.list_stale:
            model = self.case_list.model
            row = one_case(caseload, case_id)
            persons = {row.person_id} if row is not None else set()
            known = model.person_of(case_id)
            if known is not None:
                persons.add(known)
            fresh = cases_of_persons(caseload, persons)
            if row is None:  # erased or handed over: maybe with the person's other cases
                listed = {i for person in persons for i in model.case_ids_of_person(person)}
                model.remove((listed | {case_id}) - {row.id for row in fresh})
            if fresh:
                model.upsert(fresh, caseload.today, groups_of(caseload, fresh, caseload.today))
        self.overview_changed()

    def case_removed(self, case_id: int) -> None:
        self.case_changed(case_id)

    def overview_changed(self) -> None:
        """Something the overview shows changed: computed again now if it is shown, else when
        it is shown next."""
        self.overview_stale = True
        if self._showing() is self.dashboard:
            self.ensure_overview()

    def everything_changed(self) -> None:
        """Many cases may have changed (an import, discarded drafts, settings): the shown
        page is redrawn, the others when they are shown."""
        self.list_stale = True
        self.overview_stale = True
        showing = self._showing()
        if showing is not None:
            self.page_shown(showing)
