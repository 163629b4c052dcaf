"""privacy.selectors.audit_object_types: the audit log's filter lists only readable kinds."""

from __future__ import annotations

from kausa.core.audit import audit
from kausa.privacy.selectors import audit_object_types


def test_the_types_come_from_the_admins_own_organisation(org_admin, office, other_office):
    audit(actor=None, action="view", organisation_id=office.pk, object_type="people.youngperson")
    audit(actor=None, action="view", organisation_id=office.pk, object_type="counselling.case")
    audit(actor=None, action="view", organisation_id=office.pk, object_type="counselling.case")
    audit(actor=None, action="view", organisation_id=other_office.pk, object_type="events.event")
    assert audit_object_types(user=org_admin) == ["counselling.case", "people.youngperson"]


def test_an_advisor_reads_no_types(advisor, office):
    audit(actor=None, action="view", organisation_id=office.pk, object_type="counselling.case")
    assert audit_object_types(user=advisor) == []
