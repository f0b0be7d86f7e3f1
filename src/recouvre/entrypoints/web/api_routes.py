"""The REST API under ``/api/v1`` and its OpenAPI description at ``/openapi.json`` (docs/api.md).
The description holds the API's routes only (not the HTML pages); a path under ``/api/v1``
that no route serves answers the API's JSON 404 (or 405 for a known path with another method),
never the HTML error page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.openapi.utils import get_openapi
from starlette.responses import JSONResponse, Response
from starlette.routing import Match

from recouvre.entrypoints.web import api_actions, api_cases
from recouvre.entrypoints.web.api_core import error_response

VERSION = "1"
v1 = APIRouter(prefix="/api/v1")
v1.include_router(api_cases.router)
v1.include_router(api_actions.router)
_API_ROUTES = list(v1.routes)

router = APIRouter()
router.include_router(v1)
_schema: dict[str, Any] = {}


@router.get("/openapi.json", include_in_schema=False)
def openapi() -> JSONResponse:
    if not _schema:
        _schema.update(
            get_openapi(
                title="recouvre API",
                version=VERSION,
                description="API REST de recouvre (docs/api.md) : jeton `Authorization: "
                "Bearer`, pagination `limit`/`offset`, en-tête `Idempotency-Key` sur chaque "
                'POST, erreurs `{"error": {"code", "message"}}`.',
                routes=_API_ROUTES,
            )
        )
    return JSONResponse(_schema)


def unknown(request: Request) -> Response:
    """Any method on a path under ``/api/v1`` no route serves (TRACE and QUERY included)."""
    scope = {**request.scope, "method": "GET"}
    for route in _API_ROUTES:
        if (
            route.matches(scope)[0] is not Match.NONE
            or route.matches({**scope, "method": "POST"})[0] is not Match.NONE
        ):
            return error_response(
                405, "method_not_allowed", "Cette adresse ne s'utilise pas avec cette méthode."
            )
    return error_response(404, "not_found", "Cette adresse n'existe pas dans l'API.")


router.add_api_route(
    "/api/v1/{rest:path}",
    unknown,
    methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY"],
    include_in_schema=False,
)
