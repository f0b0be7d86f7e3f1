"""Sign-in and sign-out pages (``services.web_accounts.sessions``).

Each attempt is kept by the use case (login typed, address, outcome; never the password) and
logged on the ``recouvre.web`` logger. After sign-in the browser goes back to the page it asked
for (``suite``), only if that is a path of this application (no open redirect).
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from recouvre.entrypoints.web.context import (
    Viewer,
    address,
    optional_viewer,
    posting_viewer,
    web,
)
from recouvre.entrypoints.web.security import LOGIN_COOKIE, SESSION_COOKIE
from recouvre.services.web_accounts.model import LoginOutcome

router = APIRouter()
log = logging.getLogger("recouvre.web")

FAILED = "Identifiant ou mot de passe incorrect."
THROTTLED = "Trop de tentatives de connexion : réessayez dans quinze minutes."
EXPIRED = "Le formulaire a expiré : saisissez de nouveau vos identifiants."


def _next(suite: str) -> str:
    if suite.startswith("/") and not suite.startswith("//") and "\\" not in suite:
        return suite
    return "/"


def _login_page(
    request: Request, status: int = 200, error: str = "", login: str = "", suite: str = "/"
) -> Response:
    context = web(request)
    nonce, token = context.cookies.login_form_token(request)
    response = context.render(
        request,
        "login.html",
        None,
        status=status,
        error=error,
        login=login,
        suite=_next(suite),
        login_token=token,
    )
    context.cookies.set_login_cookie(response, nonce)
    return response


@router.get("/connexion")
def login_form(
    request: Request, viewer: Annotated[Viewer | None, Depends(optional_viewer)], suite: str = "/"
) -> Response:
    if viewer is not None:
        return RedirectResponse(_next(suite), status_code=303)
    return _login_page(request, suite=suite)


@router.post("/connexion")
async def login(
    request: Request,
    login: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    suite: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    context = web(request)
    where = address(request)
    if not context.cookies.login_form_valid(request, csrf_token):
        log.warning("sign-in form refused (CSRF) login=%r address=%s", login[:64], where)
        return _login_page(request, 403, EXPIRED, login, suite)
    result = await run_in_threadpool(context.sessions.sign_in, login, password, where)
    log.info("sign-in %s login=%r address=%s", result.outcome.value, login[:64], where)
    if result.outcome is LoginOutcome.THROTTLED:
        return _login_page(request, 429, THROTTLED, login, suite)
    if result.outcome is not LoginOutcome.SUCCEEDED or result.token is None:
        return _login_page(request, 401, FAILED, login, suite)
    previous = request.cookies.get(SESSION_COOKIE)
    if previous:  # a session the browser still held ends: one session per sign-in
        await run_in_threadpool(context.sessions.sign_out, previous, where)
    response = RedirectResponse(_next(suite), status_code=303)
    context.cookies.set_session(response, result.token)
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.post("/deconnexion")
async def logout(request: Request, viewer: Annotated[Viewer, Depends(posting_viewer)]) -> Response:
    context = web(request)
    token = request.cookies.get(SESSION_COOKIE)
    await run_in_threadpool(context.sessions.sign_out, token, address(request))
    log.info("sign-out login=%r address=%s", viewer.user.login, address(request))
    response = RedirectResponse("/connexion", status_code=303)
    context.cookies.clear_session(response)
    return response
