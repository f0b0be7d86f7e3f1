"""What every REST API route shares (docs/api.md): the JSON error shape with its stable codes,
the bearer-token check, the ``Idempotency-Key`` replay, the scope check of a case.

- **Errors**: ``{"error": {"code": "...", "message": "<français>"}}``, never a traceback. Each
  route runs inside ``JsonRoute``, which turns a refusal of any layer (``USER_ERRORS``), a
  validation error and anything unexpected (logged with its trace, answered 500) into that
  shape, so the HTML error pages of the web application never answer an API request.
- **Tokens**: ``Authorization: Bearer rcv_…`` (``services.api_tokens``); missing, unknown,
  revoked, or of a disabled user: 401. A token acts as its user: its role, its scope.
- **Idempotency**: a POST with an ``Idempotency-Key`` is answered once; the same key with the
  same request replays the kept answer (header ``Idempotency-Replayed: true``) without doing
  anything again; the same key with another request is refused (422
  ``idempotency_key_reused``). The key is reserved before the work starts, so a second
  request arriving while the first runs is told so (409 ``idempotency_in_progress``) instead
  of doing it twice; a request that fails (5xx) frees its key. Keys belong to the user.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any, NoReturn

from fastapi import Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from recouvre.bootstrap import App
from recouvre.bootstrap.api import api_actor, api_tokens_service
from recouvre.bootstrap.errors import USER_ERRORS
from recouvre.services.api_tokens.model import KeptAnswer
from recouvre.services.queries import CaseDetail
from recouvre.services.web_accounts.model import Role, User
from recouvre.services.web_accounts.scope import Scope, scope_of, visible

log = logging.getLogger("recouvre.web")

IDEMPOTENCY_HEADER = "idempotency-key"
MAX_KEY_LENGTH = 200
KEY_PATTERN = re.compile(r"[!-~]{1,200}")  # printable ASCII, no space (a UUID, a reference)


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def _doc(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


COMMON: dict[int | str, dict[str, Any]] = {
    401: _doc("Jeton absent, inconnu ou révoqué (`unauthorized`)."),
    422: _doc("Requête illisible (`invalid_request`) ou clé d'idempotence déjà employée."),
    500: _doc("Erreur interne, consignée (`internal_error`)."),
}
CASE: dict[int | str, dict[str, Any]] = {
    **COMMON,
    404: _doc("Dossier inexistant ou hors du périmètre du jeton (`case_not_found`)."),
}
WRITE: dict[int | str, dict[str, Any]] = {
    **CASE,
    400: _doc("Action refusée par la règle métier (`refused`)."),
    403: _doc("Rôle sans droit d'écriture (`forbidden`)."),
    409: _doc("Requête de même clé d'idempotence en cours (`idempotency_in_progress`)."),
}


def refuse(status: int, code: str, message: str) -> NoReturn:
    raise HTTPException(status_code=status, detail={"code": code, "message": message})


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


_HTTP_CODES = {
    401: ("unauthorized", "Jeton d'accès absent, inconnu ou révoqué."),
    403: ("forbidden", "Votre rôle ne permet pas cette action."),
    404: ("not_found", "Cette ressource n'existe pas, ou vous n'y avez pas accès."),
    405: ("method_not_allowed", "Cette adresse ne s'utilise pas avec cette méthode."),
}


def _answer(error: Exception, request: Request) -> JSONResponse:
    if isinstance(error, StarletteHTTPException) and error.status_code == 400:
        return error_response(422, "invalid_request", "Corps de requête illisible.")
    if isinstance(error, StarletteHTTPException):
        if isinstance(error.detail, dict):
            answer = error_response(error.status_code, **error.detail)
        else:
            code, message = _HTTP_CODES.get(error.status_code, ("refused", "Requête refusée."))
            answer = error_response(error.status_code, code, message)
        if error.status_code == 401:
            answer.headers["WWW-Authenticate"] = "Bearer"
        return answer
    if isinstance(error, RequestValidationError):
        where = [".".join(str(p) for p in e.get("loc", ())) for e in error.errors()][:5]
        return error_response(
            422, "invalid_request", "Requête illisible : " + ", ".join(where) + " à corriger."
        )
    if isinstance(error, USER_ERRORS):
        return error_response(400, "refused", str(error))
    log.exception("internal error on %s %s", request.method, request.url.path, exc_info=error)
    return error_response(
        500, "internal_error", "Une erreur inattendue s'est produite ; elle a été consignée."
    )


@dataclass(frozen=True, slots=True)
class ApiViewer:
    user: User
    scope: Scope

    @property
    def actor(self) -> str:
        return api_actor(self.user.login)


def application(request: Request) -> App:
    found: App = request.app.state.web.app
    return found


_bearer = HTTPBearer(auto_error=False, description="Jeton `recouvre token create`.")


def _holder(request: Request, secret: str | None) -> ApiViewer | None:
    if hasattr(request.state, "api_viewer"):
        cached: ApiViewer | None = request.state.api_viewer
        return cached
    found = api_tokens_service(application(request)).holder(secret)
    who = None if found is None else ApiViewer(found.user, scope_of(found.user))
    request.state.api_viewer = who
    return who


def api_viewer(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> ApiViewer:
    who = _holder(request, credentials.credentials if credentials else None)
    if who is None:
        refuse(401, "unauthorized", "Jeton d'accès absent, inconnu ou révoqué.")
    return who


Viewer = Annotated[ApiViewer, Depends(api_viewer)]


def writer(who: ApiViewer) -> ApiViewer:
    """Creditor clients read their cases; acting on them is the agency's (issue 14)."""
    if who.user.role is Role.CREDITOR_CLIENT:
        refuse(403, "forbidden", "Votre rôle ne permet pas cette action.")
    return who


def case_of(request: Request, who: ApiViewer, key: str) -> CaseDetail:
    detail = visible(application(request).case_queries.case_detail(key[:40]), who.scope)
    if detail is None:
        refuse(404, "case_not_found", "Aucun dossier de ce numéro dans votre périmètre.")
    return detail


def case_to_act_on(request: Request, who: ApiViewer, key: str) -> CaseDetail:
    """The case, in scope first (404, whoever asks), then the right to act on it (403)."""
    detail = case_of(request, who, key)
    writer(who)
    return detail


def _fingerprint(request: Request, body: bytes) -> str:
    kind = request.headers.get("content-type", "")
    if "boundary=" in kind:  # the same file posted twice comes with two random boundaries
        body = body.replace(kind.split("boundary=", 1)[1].strip('"').encode(), b"")
    seen = hashlib.sha256(f"{request.method} {request.url.path}?{request.url.query}\n".encode())
    seen.update(body)
    return seen.hexdigest()


async def _idempotent(request: Request, run: Callable[[Request], Awaitable[Response]]) -> Response:
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None or request.method != "POST":
        return await run(request)
    if not KEY_PATTERN.fullmatch(key):
        return error_response(
            422,
            "invalid_idempotency_key",
            "Clé d'idempotence vide, trop longue ou hors de l'ASCII imprimable.",
        )
    bearer = request.headers.get("authorization", "")
    secret = bearer[7:].strip() if bearer[:7].lower() == "bearer " else None
    who = await run_in_threadpool(_holder, request, secret)
    if who is None:
        return await run(request)
    tokens = api_tokens_service(application(request))
    fingerprint = _fingerprint(request, await request.body())
    user_id = who.user.id
    kept = await run_in_threadpool(tokens.claim, user_id, key, fingerprint)
    if kept is not None:
        return _replay(kept, fingerprint)
    try:
        response = await run(request)
    except BaseException:
        await run_in_threadpool(tokens.release, user_id, key)
        raise
    body = getattr(response, "body", None)
    if response.status_code < 500 and isinstance(body, bytes):
        await run_in_threadpool(tokens.settle, user_id, key, response.status_code, body.decode())
    else:
        await run_in_threadpool(tokens.release, user_id, key)
    return response


def _replay(kept: KeptAnswer, fingerprint: str) -> Response:
    if kept.request_sha256 != fingerprint:
        return error_response(
            422,
            "idempotency_key_reused",
            "Cette clé d'idempotence a déjà servi pour une autre requête.",
        )
    if kept.status == 0:
        return error_response(
            409,
            "idempotency_in_progress",
            "Une requête de même clé d'idempotence est en cours : réessayez dans un instant.",
        )
    replay = Response(kept.body, status_code=kept.status, media_type="application/json")
    replay.headers["Idempotency-Replayed"] = "true"
    return replay


class JsonRoute(APIRoute):
    """An API route: its errors are JSON, its POSTs idempotent under a key."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as error:  # every error becomes the API's JSON, never a trace
                return _answer(error, request)

        async def route(request: Request) -> Response:
            try:
                return await _idempotent(request, guarded)
            except Exception as error:
                return _answer(error, request)

        return route
