"""The OpenAPI schema of the API validates, and a property-based run over it
(schemathesis: every operation, parameters and bodies drawn from the schema, sent to
the WSGI application in the test's transaction) meets no server error."""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from core import roles
from portal.services import api_token_create
from tests.factories import (
    FundingLineFactory,
    MeasurementFactory,
    MembershipFactory,
    MissionFactory,
    MissionStepFactory,
    ParticipantFactory,
    PartnershipFactory,
    ProgrammeFactory,
    ProjectFactory,
    UserFactory,
)

# Each operation gets this many drawn requests (and the examples schemathesis
# derives itself): the whole run stays under a minute.
EXAMPLES_PER_OPERATION = 6


def api_schema_dict() -> dict:
    """The schema as /api/v1/schema/ serves it, as plain JSON data."""
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


def test_the_schema_validates_without_warnings():
    schema = api_schema_dict()

    validate_schema(schema)  # raises on a schema that OpenAPI 3 refuses
    assert not GENERATOR_STATS._error_cache
    assert not GENERATOR_STATS._warn_cache
    assert "/api/v1/projets/{id}/" in schema["paths"]
    assert "/api/v1/missions/{id}/compte-rendu/" in schema["paths"]


@pytest.mark.django_db
def test_the_schema_is_served_to_a_logged_in_person_only():
    coordinator = UserFactory(role=roles.COORDINATOR)
    client = Client()

    refused = client.get(reverse("api:schema"))
    client.force_login(coordinator)
    served = client.get(reverse("api:schema"), {"format": "json"})

    assert refused.status_code == 401
    assert served.status_code == 200
    assert "/api/v1/evaluations/" in served.json()["paths"]


@pytest.fixture
def api_records(db):
    """A few records of each kind the operations read or write, and the token of a
    coordinator (who may write) and of a partner (who reads a part of them)."""
    own = PartnershipFactory()
    ProgrammeFactory(partnership=own)
    project = ProjectFactory(partnership=own)
    FundingLineFactory(project=project)
    mission = MissionFactory(partnership=own, project=project)
    MissionStepFactory(mission=mission)
    ParticipantFactory(mission=mission)
    MeasurementFactory(indicator__question__evaluation__project=project)
    ProjectFactory(partnership=PartnershipFactory())
    coordinator = UserFactory(username="schema-coordinatrice", role=roles.COORDINATOR)
    partner = UserFactory(username="schema-partenaire", role=roles.PARTNER)
    MembershipFactory(user=partner, organisation=own.partner)
    return {
        role: api_token_create(user=user, name="schemathesis")[1]
        for role, user in (("coordinator", coordinator), ("partner", partner))
    }


@pytest.fixture
def api_schema(api_records):
    """The schema, its requests sent to the WSGI application. As Django's test client
    does, the connection is not closed at the end of each request: the test's
    transaction holds the records."""
    # the drawn requests only (the "coverage" phase would send some hundred fixed
    # ones per operation, twice the time of the whole run)
    config = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
    schema = schemathesis.openapi.from_dict(api_schema_dict(), config=config)
    schema.app = WSGIHandler()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_drawn_from_the_schema_meets_a_server_error(case, api_records):
    for secret in api_records.values():
        response = case.call(headers={"Authorization": f"Bearer {secret}"})

        assert response.status_code < 500, (case.method, case.formatted_path)
        where = (response.status_code, case.method, case.formatted_path)
        assert response.text.startswith(("{", "[")), where  # JSON, errors too


@pytest.mark.django_db
def test_the_documentation_page_loads_swagger_ui_from_our_static_files():
    coordinator = UserFactory(role=roles.COORDINATOR)
    client = Client()
    client.force_login(coordinator)

    response = client.get(reverse("api:docs"))

    page = response.content.decode()
    assert "Documentation de l'API" in page
    assert (
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    )
    assert "/static/js/api-docs.js" in page
    assert 'data-schema-url="/api/v1/schema/"' in page
    assert "<script>" not in page  # nothing inline: the CSP would refuse it
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "cdn" not in page.lower()
