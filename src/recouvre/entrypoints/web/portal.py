"""The debtor portal (``/portal/<token>``): one case, opened by the signed link its letters and
emails print (``bootstrap.portal``), without an account.

The token opens that case only and only until it expires; a token changed by one character,
expired, signed with another key or naming a case that does not exist answers 404, like any
page that does not exist (nothing to probe). Every answer of the debtor goes through the
service the command line uses (``services.portal.answers``), journaled as ``debtor:portal``.

Protections, beyond the application's headers (no inline script or style, ``no-store``):
- **CSRF**: each form carries a field signed with the portal key binding the link to a random
  nonce kept in the ``recouvre_portal`` cookie (``HttpOnly``, ``SameSite=Strict``, path
  ``/portal/``): a form posted from another site has neither (403).
- **Rate limit**: at most ``POSTS_PER_WINDOW`` answers per link in ``WINDOW_S`` seconds (429),
  kept in this process (``recouvre serve`` runs one).
- **Attachments** of a dispute: at most ``MAX_ATTACHMENT`` bytes, accepted by their content
  (PDF, PNG or JPEG magic bytes), never by their name; kept under the data folder named by
  their SHA-256, which the journal quotes.
"""

from __future__ import annotations

import secrets
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.responses import FileResponse, RedirectResponse, Response

from recouvre.bootstrap.errors import USER_ERRORS
from recouvre.bootstrap.portal import (
    case_payment,
    debtor_answers,
    debtor_view,
    epc_svg,
    portal_tokens,
    save_attachment,
)
from recouvre.domain.cases import Attitude
from recouvre.entrypoints.web.context import web
from recouvre.entrypoints.web.pages import _amount
from recouvre.services.cases.instalments import CaseEventError as Refused
from recouvre.services.queries import CaseDetail

router = APIRouter(prefix="/portal")

PORTAL_COOKIE = "recouvre_portal"
POSTS_PER_WINDOW = 10
WINDOW_S = 600
MAX_ATTACHMENT = 5 * 1024 * 1024
_MAGIC = ((b"%PDF-", ".pdf"), (b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"))
_MEDIA_TYPES = {".pdf": "application/pdf", ".eml": "message/rfc822"}
TOO_HEAVY = "pièce jointe trop lourde (5 Mo au plus)"
NOT_A_DOCUMENT = "pièce jointe refusée : un PDF, une image PNG ou JPEG seulement"
TOO_MANY = "trop de réponses en peu de temps : réessayez dans quelques minutes"
DONE = {
    "paiement": "Merci : votre paiement est noté. Nous le rapprochons de notre relevé "
    "bancaire ; aucune relance ne vous sera envoyée pendant ce temps.",
    "contestation": "Votre contestation est enregistrée. Le dossier est suspendu : un "
    "chargé de recouvrement l'examine et vous répond.",
    "contact": "Votre préférence de contact est enregistrée.",
    "echeancier": "Votre échéancier est accepté. Vous recevrez l'accord écrit à signer.",
    "demande": "Votre proposition d'échéancier est transmise : un chargé de recouvrement "
    "l'examine et vous répond.",
}


@dataclass(frozen=True, slots=True)
class Opened:
    token: str
    detail: CaseDetail


def _tokens(request: Request) -> Any:
    state = request.app.state
    if getattr(state, "portal_tokens", None) is None:
        state.portal_tokens = portal_tokens(web(request).app)
    return state.portal_tokens


def _open(request: Request, token: str) -> Opened:
    app = web(request).app
    reference = _tokens(request).read(token, app.clock.today())
    detail = app.case_queries.case_detail(reference) if reference else None
    if detail is None:
        raise HTTPException(status_code=404)
    return Opened(token, detail)


def _nonce(request: Request) -> str:
    nonce = request.cookies.get(PORTAL_COOKIE) or ""
    return nonce if len(nonce) == 43 else secrets.token_urlsafe(32)


def _render(
    request: Request, opened: Opened, status: int = 200, error: str = "", done: str = ""
) -> Response:
    context = web(request)
    overview = debtor_view(context.app, opened.detail.reference)
    detail = opened.detail
    payment = case_payment(context.app, detail.id, detail.reference)
    s = overview.statement
    due = s.totals.total_due if s is not None else detail.outstanding
    nonce = _nonce(request)
    response = context.render(
        request,
        "portal/page.html",
        None,
        status=status,
        case=detail,
        overview=overview,
        due=due,
        payment=payment,
        iban=" ".join(payment.iban[i : i + 4] for i in range(0, len(payment.iban), 4)),
        qr=epc_svg(payment, due),
        token=opened.token,
        form_token=_tokens(request).form_token(opened.token, nonce),
        disputed=detail.attitude is Attitude.DISPUTING,
        error=error,
        done=DONE.get(done, ""),
        today=overview.on,
        open_invoices=[i for i in detail.invoices if i.outstanding > 0],
    )
    response.set_cookie(
        PORTAL_COOKIE,
        nonce,
        httponly=True,
        secure=context.cookies.secure,
        samesite="strict",
        path="/portal/",
    )
    return response


@router.get("/{token}")
def portal_page(request: Request, token: str, fait: str = "") -> Response:
    return _render(request, _open(request, token), done=fait)


@router.get("/{token}/documents/{action_id}")
def portal_document(request: Request, token: str, action_id: int) -> Response:
    """A letter sent to this debtor, as sent; another case's document is « not found »."""
    from recouvre.bootstrap.outbox import sent_documents

    opened = _open(request, token)
    documents = sent_documents(web(request).app, opened.detail.reference).documents
    found = next((d for d in documents if d.action_id == action_id), None)
    if found is None or found.path is None or found.path.suffix not in _MEDIA_TYPES:
        raise HTTPException(status_code=404)
    return FileResponse(
        found.path,
        media_type=_MEDIA_TYPES[found.path.suffix],
        filename=f"{opened.detail.reference}-{action_id}{found.path.suffix}",
        content_disposition_type="attachment",
    )


# --- the answers ------------------------------------------------------------------------------

_recent: defaultdict[str, deque[float]] = defaultdict(deque)


def _throttled(token: str) -> bool:
    now = time.monotonic()
    stamps = _recent[token]
    while stamps and now - stamps[0] > WINDOW_S:
        stamps.popleft()
    if len(stamps) >= POSTS_PER_WINDOW:
        return True
    stamps.append(now)
    return False


async def _posted(request: Request, token: str) -> tuple[Opened, FormData | None]:
    """The case and the form of an answer, once its CSRF field is checked; no form when the
    link answered too often (the page says so, 429)."""
    opened = await run_in_threadpool(_open, request, token)
    if int(request.headers.get("content-length") or 0) > MAX_ATTACHMENT + 65536:
        raise HTTPException(status_code=413)
    form = await request.form(max_files=1, max_fields=20)
    given = form.get("csrf_token")
    nonce = request.cookies.get(PORTAL_COOKIE) or ""
    if not isinstance(given, str) or not nonce:
        raise HTTPException(status_code=403)
    if not _tokens(request).form_valid(given, token, nonce):
        raise HTTPException(status_code=403)
    return opened, None if _throttled(token) else form


def _text(form: FormData, name: str, limit: int = 2000) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _day(form: FormData, name: str) -> date:
    try:
        return date.fromisoformat(_text(form, name, 10))
    except ValueError:
        raise Refused("date illisible : choisissez une date dans le calendrier") from None


async def _answer(
    request: Request, token: str, apply: Callable[[Opened, FormData, date], str]
) -> Response:
    opened, form = await _posted(request, token)
    if form is None:
        return await run_in_threadpool(_render, request, opened, 429, TOO_MANY)
    return await _applied(request, opened, form, apply)


async def _applied(
    request: Request, opened: Opened, form: FormData, apply: Callable[[Opened, FormData, date], str]
) -> Response:
    """The answer applied, then the page again (303) saying it is noted; a refusal shows the
    page with its French reason (400)."""
    today = web(request).app.clock.today()
    try:
        done = await run_in_threadpool(apply, opened, form, today)
    except USER_ERRORS as refused:
        return await run_in_threadpool(_render, request, opened, 400, str(refused))
    return RedirectResponse(f"/portal/{opened.token}?fait={done}#reponse", status_code=303)


@router.post("/{token}/paiement")
async def declare_payment(request: Request, token: str) -> Response:
    def apply(opened: Opened, form: FormData, today: date) -> str:
        amount = _amount(_text(form, "montant", 40))
        if amount is None or amount <= 0:
            raise Refused("montant illisible : écrivez par exemple 1 250,00")
        answers = debtor_answers(web(request).app)
        answers.declare_payment(opened.detail.reference, amount, _day(form, "date"), today)
        return "paiement"

    return await _answer(request, token, apply)


@router.post("/{token}/contestation")
async def contest(request: Request, token: str) -> Response:
    upload = None

    def apply(opened: Opened, form: FormData, today: date) -> str:
        invoice = _text(form, "facture", 60)
        if invoice and invoice not in {i.number for i in opened.detail.invoices}:
            raise Refused("facture inconnue dans ce dossier")
        if not _text(form, "motif"):  # before keeping the attachment
            raise Refused("contestation : motif obligatoire")
        note = ""
        if upload is not None:
            data, suffix = upload
            path = save_attachment(web(request).app, opened.detail.reference, data, suffix)
            note = f"{path.name}, SHA-256 {path.stem}"
        answers = debtor_answers(web(request).app)
        answers.contest(opened.detail.reference, invoice, _text(form, "motif"), today, note)
        return "contestation"

    opened, form = await _posted(request, token)
    if form is None:
        return await run_in_threadpool(_render, request, opened, 429, TOO_MANY)
    file = form.get("piece")
    if isinstance(file, UploadFile) and file.filename:
        data = await file.read(MAX_ATTACHMENT + 1)
        suffix = next((s for magic, s in _MAGIC if data.startswith(magic)), None)
        if len(data) > MAX_ATTACHMENT:
            return await run_in_threadpool(_render, request, opened, 413, TOO_HEAVY)
        if suffix is None:
            return await run_in_threadpool(_render, request, opened, 415, NOT_A_DOCUMENT)
        upload = (data, suffix)
    return await _applied(request, opened, form, apply)


@router.post("/{token}/contact")
async def contact(request: Request, token: str) -> Response:
    def apply(opened: Opened, form: FormData, today: date) -> str:
        debtor_answers(web(request).app).contact(
            opened.detail.reference, _text(form, "canal", 20), today
        )
        return "contact"

    return await _answer(request, token, apply)


@router.post("/{token}/echeancier")
async def propose_plan(request: Request, token: str) -> Response:
    def apply(opened: Opened, form: FormData, today: date) -> str:
        raw = _text(form, "nombre", 3)
        if not raw.isdigit() or not 1 <= int(raw) <= 60:
            raise Refused("nombre d'échéances : de 1 à 60")
        detail = opened.detail
        answer = debtor_answers(web(request).app).propose_plan(
            detail.reference, detail.creditor.siren, detail.outstanding, int(raw),
            _day(form, "premiere"), today,
        )  # fmt: skip
        return "echeancier" if answer.agreed else "demande"

    return await _answer(request, token, apply)
