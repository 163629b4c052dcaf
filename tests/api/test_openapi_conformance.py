"""The OpenAPI is true: schemathesis calls every operation and checks each answer against it.

Anonymous callers and a signed-in advisor (session cookie and CSRF token, as the site's own
pages send them). Checks: no server error, the status code is documented, the content type
is the documented one, the body matches the documented schema. Some records exist, so the
generated calls also meet real offers, events, tours and network entries, not only 404s.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import _member
from tests.events.factories import EventFactory
from tests.factories import OfferFactory, OrganisationFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def _schema() -> schemathesis.BaseSchema:
    from kausa.api.api import api

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The raw WSGI app starts and ends each request by closing old database connections; inside a
    test's transaction that would close the test's own connection (PostgreSQL). Django's
    test client switches this off the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _records(db, _keep_the_test_connection):
    office = OrganisationFactory(slug="schema-office")
    OfferFactory.create_batch(3)
    EventFactory(organisation=office)


@schema.parametrize()
@EXAMPLES
def test_every_operation_answers_as_documented_to_anonymous_callers(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@EXAMPLES
def test_every_operation_answers_as_documented_to_a_signed_in_advisor(case, office, client):
    from django.conf import settings as django_settings

    from kausa.accounts.models import Membership

    user = _member(office, Membership.Role.ADVISOR)
    client.force_login(user)
    secret = _get_new_csrf_string()
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    cookies = {django_settings.SESSION_COOKIE_NAME: session, "csrftoken": secret}
    headers = {"X-CSRFToken": _mask_cipher_secret(secret)}
    case.call_and_validate(checks=CHECKS, cookies=cookies, headers=headers)
