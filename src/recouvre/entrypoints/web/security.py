"""The web application's protections, in one place.

- **Headers** on every answer: a Content-Security-Policy allowing scripts, styles and
  connections from the application's own origin only, no inline script or style, no frame
  (``frame-ancestors 'none'``), forms posted to the application only; ``X-Content-Type-Options:
  nosniff``, ``Referrer-Policy: same-origin``, and pages not kept in shared caches
  (``Cache-Control: no-store``: a case page is personal data, RGPD art. 32).
- **Session cookie** ``recouvre_session``: the session's random token only (the database
  keeps its SHA-256), ``HttpOnly`` (no script reads it), ``SameSite=Lax`` (not sent by a
  cross-site form post) and ``Secure`` (HTTPS only). ``Secure`` is dropped only when
  ``recouvre serve`` listens on a loopback address over plain HTTP (``127.0.0.1``, for a
  person on the machine itself and for the browser tests); any other address keeps it, so a
  deployment must put TLS in front.
- **CSRF**: every state-changing request of a signed-in person carries the session's own CSRF
  token (a hidden ``csrf_token`` field, or the ``X-CSRF-Token`` header), compared in constant
  time; the sign-in form, which has no session yet, carries a nonce signed with a per-process
  key and timed (itsdangerous), equal to the one in its short-lived ``recouvre_login`` cookie
  (double submit). A request without the right token is refused (403) before anything else.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from itsdangerous import BadSignature, TimestampSigner
from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE = "recouvre_session"
LOGIN_COOKIE = "recouvre_login"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
LOGIN_FORM_MAX_AGE_S = 3600
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def secure_cookies_for(host: str) -> bool:
    """``Secure`` cookies unless serving plain HTTP on a loopback address."""
    return host not in LOOPBACK_HOSTS


async def security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    for name, value in _HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.url.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def same_token(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given).encode(), expected.encode())


@dataclass
class Cookies:
    secure: bool
    signer: TimestampSigner = field(
        default_factory=lambda: TimestampSigner(secrets.token_bytes(32), salt="recouvre-login")
    )

    def set_session(self, response: Response, token: str) -> None:
        response.set_cookie(
            SESSION_COOKIE, token, httponly=True, secure=self.secure, samesite="lax", path="/"
        )

    def clear_session(self, response: Response) -> None:
        response.delete_cookie(
            SESSION_COOKIE, httponly=True, secure=self.secure, samesite="lax", path="/"
        )

    def login_form_token(self, request: Request) -> tuple[str, str]:
        """The sign-in form's nonce (for its cookie) and the signed token of its hidden field."""
        nonce = request.cookies.get(LOGIN_COOKIE) or ""
        if len(nonce) != 43:
            nonce = secrets.token_urlsafe(32)
        return nonce, self.signer.sign(nonce).decode()

    def set_login_cookie(self, response: Response, nonce: str) -> None:
        response.set_cookie(
            LOGIN_COOKIE,
            nonce,
            max_age=LOGIN_FORM_MAX_AGE_S,
            httponly=True,
            secure=self.secure,
            samesite="strict",
            path="/",
        )

    def login_form_valid(self, request: Request, token: str | None) -> bool:
        nonce = request.cookies.get(LOGIN_COOKIE)
        if not token or not nonce:
            return False
        try:
            signed = self.signer.unsign(token, max_age=LOGIN_FORM_MAX_AGE_S).decode()
        except BadSignature:
            return False
        return same_token(signed, nonce)
