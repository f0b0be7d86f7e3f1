"""schemathesis against the API's own ``/openapi.json``, in-process on the ASGI app with a
valid administrator's token: generated requests for every operation, checked for server
errors (5xx), for answers that match their documented schema and content type, and for
status codes the description documents. A few examples per operation keep it well under a
minute; it must find nothing."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from recouvre.bootstrap import App
from recouvre.bootstrap.api import api_tokens_service
from recouvre.entrypoints.web.app import create_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def api_schema(world: App) -> schemathesis.schemas.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(world))


@pytest.fixture(scope="module")
def token(world: App) -> str:
    return api_tokens_service(world).create("admin", "schemathesis").secret


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
def test_api_conforms_to_its_description(case: schemathesis.Case, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
