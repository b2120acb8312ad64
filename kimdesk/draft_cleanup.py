"""Discarding unfinished forms (drafts) the case manager has abandoned, one or several at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kimdesk.domain.vocabulary import FormStatus
from kimdesk.errors import BadInput
from kimdesk.i18n import _

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload

FORM_DISCARDED = "form.discarded"


def discard_drafts(caseload: Caseload, instance_ids: Sequence[int]) -> int:
    """Delete these drafts, all or none; each gets an audit entry with its case and form key
    only (never a value). A finished form among them refuses the whole lot. Returns how
    many were discarded."""
    instances = [caseload.form_instance(instance_id) for instance_id in dict.fromkeys(instance_ids)]
    if any(instance.status is not FormStatus.DRAFT for instance in instances):
        raise BadInput(_("A finished form cannot be discarded."))
    with caseload.db.transaction():
        for instance in instances:
            caseload.repo.delete_form_instance(instance.id or 0)
            caseload.repo.append_audit(FORM_DISCARDED, instance.case_id, instance.form_key)
    return len(instances)
