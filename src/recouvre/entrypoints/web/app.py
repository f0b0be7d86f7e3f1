"""The FastAPI application on a wired ``bootstrap.App``: routes, static files (the pinned HTMX
and its licence, the stylesheet), the security headers, and the error pages (French, never a
traceback: a refusal of any layer shows its message, anything else a plain « erreur interne »
logged with its traceback on the server)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from recouvre.bootstrap import App
from recouvre.bootstrap.errors import USER_ERRORS
from recouvre.bootstrap.web import sessions_service
from recouvre.entrypoints.web import api_routes, auth, pages, portal
from recouvre.entrypoints.web.context import HERE, WebContext, optional_viewer, templates, web
from recouvre.entrypoints.web.security import Cookies, security_headers

log = logging.getLogger("recouvre.web")

_TITLES = {
    403: "Requête refusée",
    404: "Page introuvable",
    405: "Méthode non permise",
    422: "Requête illisible",
}
_TEXTS = {
    403: "Le jeton de sécurité du formulaire manque ou ne correspond pas : rechargez la page.",
    404: "Ce dossier ou cette page n'existe pas, ou vous n'y avez pas accès.",
    405: "Cette adresse ne s'utilise pas ainsi.",
    422: "Les paramètres de la requête ne sont pas lisibles.",
}


def create_app(app: App, *, secure_cookies: bool = True) -> FastAPI:
    """The web application; ``secure_cookies=False`` only for plain HTTP on a loopback
    address (``security.secure_cookies_for``)."""
    language = "en" if app.settings.language.lower().startswith("en") else "fr"
    api = FastAPI(title="recouvre", docs_url=None, redoc_url=None, openapi_url=None)
    api.state.web = WebContext(
        app=app,
        sessions=sessions_service(app),
        cookies=Cookies(secure=secure_cookies),
        templates=templates(language),
        language=language,
    )
    api.middleware("http")(security_headers)
    api.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    api.include_router(auth.router)
    api.include_router(pages.router)
    api.include_router(portal.router)
    api.include_router(api_routes.router)
    api.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    for error in USER_ERRORS:
        api.add_exception_handler(error, _refused)
    api.add_exception_handler(Exception, _internal)
    return api


def _error_page(request: Request, status: int, title: str, text: str) -> Response:
    context = web(request)
    try:
        who = optional_viewer(request)
    except Exception:  # the session store itself failing must not hide the first error
        who = None
    return context.render(request, "error.html", who, status=status, title=title, text=text)


def _http_error(request: Request, error: HTTPException) -> Response:
    if error.status_code == 401:
        suite = request.url.path if request.method == "GET" else "/"
        if request.url.query and request.method == "GET":
            suite += "?" + request.url.query
        response: Response = RedirectResponse(
            "/connexion?" + _query({"suite": suite}), status_code=303
        )
        if request.headers.get("hx-request"):
            response = Response(status_code=401, headers={"HX-Redirect": "/connexion"})
        return response
    status = error.status_code
    return _error_page(
        request, status, _TITLES.get(status, "Erreur"), _TEXTS.get(status, "Requête refusée.")
    )


def _query(values: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(values)


def _refused(request: Request, error: Exception) -> Response:
    return _error_page(request, 400, "Action impossible", str(error))


def _internal(request: Request, error: Exception) -> Response:
    log.exception("internal error on %s %s", request.method, request.url.path, exc_info=error)
    return _error_page(
        request,
        500,
        "Erreur interne",
        "Une erreur inattendue s'est produite ; elle a été consignée. Réessayez plus tard.",
    )
