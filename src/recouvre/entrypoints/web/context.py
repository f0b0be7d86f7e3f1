"""What every request of the web application shares: the wired ``App``, the sessions use case,
the cookies, the templates; and the signed-in viewer of a request (``viewer``), with the scope
of what they may read (``services.web_accounts.scope``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from fastapi import HTTPException, Request
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from recouvre.bootstrap import App
from recouvre.entrypoints.cli.labels import ATTITUDES, PHASES, word
from recouvre.entrypoints.web import views
from recouvre.entrypoints.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    Cookies,
    same_token,
)
from recouvre.entrypoints.web.texts import translator
from recouvre.services.web_accounts.model import User
from recouvre.services.web_accounts.scope import Scope, scope_of
from recouvre.services.web_accounts.sessions import Sessions

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Viewer:
    user: User
    csrf_token: str
    scope: Scope


@dataclass
class WebContext:
    app: App
    sessions: Sessions
    cookies: Cookies
    templates: Jinja2Templates
    language: str

    def render(
        self, request: Request, name: str, viewer: Viewer | None, status: int = 200, **ctx: Any
    ) -> Response:
        context = {"viewer": viewer, "csrf_token": viewer.csrf_token if viewer else "", "page": ""}
        context.update(ctx)
        return self.templates.TemplateResponse(request, name, context, status_code=status)


def templates(language: str) -> Jinja2Templates:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every value is escaped, whatever the template's name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        t=translator(language),
        lang=language,
        phases=PHASES,
        attitudes=ATTITUDES,
        word=word,
    )
    environment.filters.update(eur=views.eur, fr_date=views.fr_date, short=views.money_short)
    return Jinja2Templates(env=environment)


def web(request: Request) -> WebContext:
    context: WebContext = request.app.state.web
    return context


def address(request: Request) -> str:
    return request.client.host if request.client else "inconnue"


def _active(request: Request) -> Viewer | None:
    session = web(request).sessions.active(request.cookies.get(SESSION_COOKIE))
    if session is None:
        return None
    return Viewer(session.user, session.csrf_token, scope_of(session.user))


def optional_viewer(request: Request) -> Viewer | None:
    return _active(request)


def viewer(request: Request) -> Viewer:
    """The signed-in person; without a session, 401 (turned into the sign-in page)."""
    found = _active(request)
    if found is None:
        raise HTTPException(status_code=401)
    return found


async def posting_viewer(request: Request) -> Viewer:
    """The signed-in person of a state-changing request, once its CSRF token is checked."""
    found = await run_in_threadpool(_active, request)
    if found is None:
        raise HTTPException(status_code=401)
    form = await request.form()
    given = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    if not same_token(given if isinstance(given, str) else None, found.csrf_token):
        raise HTTPException(status_code=403)
    return found
