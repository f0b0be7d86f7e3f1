"""The REST API's acting routes (docs/api.md): a payment, a promise, a dispute, a payment plan
(``CaseEvents``, as ``recouvre event ...``), the review queue (``ReviewQueue``, as ``recouvre
review ...``) and an invoice import (``InvoiceImporter``, as ``recouvre import invoices``:
all or nothing). Each is journaled as the token's user (``api:<login>``)."""

from __future__ import annotations

import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from starlette.responses import JSONResponse

from recouvre.bootstrap import case_events, review_queue
from recouvre.bootstrap.api import invoice_importer_as
from recouvre.entrypoints.web import api_models as m
from recouvre.entrypoints.web.api_cases import CaseKey, Limit, Offset
from recouvre.entrypoints.web.api_core import (
    COMMON,
    WRITE,
    ApiViewer,
    ErrorBody,
    JsonRoute,
    Viewer,
    application,
    case_to_act_on,
    error_response,
    refuse,
    writer,
)
from recouvre.services.daily_run.ports import ReviewFilter

router = APIRouter(route_class=JsonRoute)
_KEY_DOC = {
    "parameters": [
        {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "schema": {"type": "string", "pattern": "^[!-~]{1,200}$"},
            "description": "Même clé et même requête : la réponse gardée est rejouée.",
        }
    ]
}
MAX_UPLOAD = 20 * 1024 * 1024


def _events(request: Request, who: ApiViewer) -> Any:
    return case_events(application(request), who.actor)


def _today(request: Request) -> Any:
    return application(request).clock.today()


@router.post(
    "/cases/{case}/payments", status_code=201, response_model=m.EventOutcome,
    responses=WRITE, tags=["paiements"], openapi_extra=_KEY_DOC,
)  # fmt: skip
def post_payment(request: Request, who: Viewer, case: CaseKey, body: m.PaymentIn) -> Any:
    """A payment received: imputed, the plan recomputed (``recouvre event payment``)."""
    detail = case_to_act_on(request, who, case)
    day = body.received_on or _today(request)
    return _events(request, who).payment(detail.reference, body.amount, day, body.invoice).as_json()


@router.post(
    "/cases/{case}/events/promise", status_code=201, response_model=m.EventOutcome,
    responses=WRITE, tags=["événements"], openapi_extra=_KEY_DOC,
)  # fmt: skip
def post_promise(request: Request, who: Viewer, case: CaseKey, body: m.PromiseIn) -> Any:
    """A promise to pay: the case waits until the promised date (``recouvre event promise``)."""
    detail = case_to_act_on(request, who, case)
    day = body.on or _today(request)
    return _events(request, who).promise(detail.reference, body.amount, body.by, day).as_json()


@router.post(
    "/cases/{case}/events/dispute", status_code=201, response_model=m.EventOutcome,
    responses=WRITE, tags=["événements"], openapi_extra=_KEY_DOC,
)  # fmt: skip
def post_dispute(request: Request, who: Viewer, case: CaseKey, body: m.DisputeIn) -> Any:
    """A dispute: every contact freezes until a person decides (``recouvre event dispute``)."""
    detail = case_to_act_on(request, who, case)
    day = body.on or _today(request)
    return _events(request, who).dispute(detail.reference, body.reason, day).as_json()


@router.post(
    "/cases/{case}/events/payment-plan", status_code=201, response_model=m.EventOutcome,
    responses=WRITE, tags=["événements"], openapi_extra=_KEY_DOC,
)  # fmt: skip
def post_plan(request: Request, who: Viewer, case: CaseKey, body: m.PlanIn) -> Any:
    """An agreed payment plan (``recouvre event payment-plan``)."""
    detail = case_to_act_on(request, who, case)
    day = body.on or _today(request)
    outcome = _events(request, who).payment_plan(
        detail.reference, day, body.instalments, body.first, body.every_days, body.monthly
    )
    return outcome.as_json()


def _review_rows(request: Request, who: ApiViewer) -> list[Any]:
    queue = review_queue(application(request), who.actor)
    if who.scope.creditor_sirens is None:
        return list(queue.listing(ReviewFilter(everything=True), None)[0])
    rows: list[Any] = []
    for siren in sorted(who.scope.creditor_sirens):
        rows += queue.listing(ReviewFilter(creditor_siren=siren), None)[0]
    return sorted(rows, key=lambda r: (r.due_on, r.id))


def _row(r: Any) -> dict[str, Any]:
    return {
        "id": r.id, "case_id": r.case_id, "case_reference": r.case_reference,
        "debtor": r.debtor, "creditor": r.creditor, "scenario_id": r.scenario_id,
        "step_id": r.step_id, "channel": r.channel, "due_on": r.due_on.isoformat(),
        "extra_delay_days": r.extra_delay_days, "reason": r.reason, "owed": f"{r.owed:.2f}",
    }  # fmt: skip


@router.get("/review", response_model=m.ReviewPage, responses={**COMMON, 403: WRITE[403]},
            tags=["validation"])  # fmt: skip
def list_review(request: Request, who: Viewer, limit: Limit = 50, offset: Offset = 0) -> Any:
    """Actions awaiting a person's approval, in the token's scope."""
    rows = _review_rows(request, writer(who))
    return {
        "items": [_row(r) for r in rows[offset : offset + limit]],
        "total": len(rows),
        "limit": limit,
        "offset": offset,
    }


ActionId = Annotated[int, Path(ge=1, le=2**62)]
_REVIEW = {**WRITE, 404: {"model": ErrorBody, "description": "Action absente de la file "
           "ou hors du périmètre (`action_not_found`)."}}  # fmt: skip


def _pending(request: Request, who: ApiViewer, action_id: int) -> None:
    if not any(r.id == action_id for r in _review_rows(request, writer(who))):
        refuse(404, "action_not_found", "Aucune action de ce numéro en attente de validation.")


@router.post("/review/{action_id}/approve", response_model=m.ReviewDecision, responses=_REVIEW,
             tags=["validation"], openapi_extra=_KEY_DOC)  # fmt: skip
def approve(request: Request, who: Viewer, action_id: ActionId) -> Any:
    """Approve an action: it joins the sending queue (``recouvre review approve``)."""
    _pending(request, who, action_id)
    queue = review_queue(application(request), who.actor)
    return queue.approve(action_id, _today(request)).as_json()


@router.post("/review/{action_id}/cancel", response_model=m.ReviewDecision, responses=_REVIEW,
             tags=["validation"], openapi_extra=_KEY_DOC)  # fmt: skip
def cancel(request: Request, who: Viewer, action_id: ActionId, body: m.CancelIn) -> Any:
    """Cancel an action with a journaled reason (``recouvre review cancel``)."""
    _pending(request, who, action_id)
    queue = review_queue(application(request), who.actor)
    return queue.cancel(action_id, body.reason, _today(request)).as_json()


_IMPORT = {
    **COMMON,
    403: WRITE[403],
    409: WRITE[409],
    404: {"model": ErrorBody, "description": "Créancier hors du périmètre (`not_found`)."},
    413: {"model": ErrorBody, "description": "Fichier trop lourd (`file_too_large`)."},
    415: {"model": ErrorBody, "description": "Pas un fichier texte CSV (`unsupported_file`)."},
    422: {"model": m.ImportRefused, "description": "Import refusé (`import_refused`, chaque "
          "erreur avec sa ligne), ou requête illisible (`invalid_request`)."},
}  # fmt: skip


def _creditor_for(who: ApiViewer, creditor: str | None) -> str | None:
    sirens = who.scope.creditor_sirens
    if sirens is None:
        return creditor
    if creditor is None and len(sirens) == 1:
        return next(iter(sirens))
    if creditor is None or creditor not in sirens:
        refuse(404, "not_found", "Ce créancier n'est pas dans votre périmètre.")
    return creditor


def _text_csv(data: bytes) -> bool:
    """Checked by content, not by name: a text file (UTF-8 or Windows-1252, no NUL byte)."""
    if not data or b"\x00" in data[:65536]:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return all(b >= 0x20 or b in b"\t\r\n" for b in data[:65536])
    return True


@router.post("/imports", status_code=201, response_model=m.ImportReport, responses=_IMPORT,
             tags=["imports"], openapi_extra=_KEY_DOC)  # fmt: skip
async def post_import(
    request: Request,
    who: Viewer,
    file: Annotated[UploadFile, File(description="Fichier de factures CSV.")],
    creditor: Annotated[str | None, Form(max_length=14, description="SIREN.")] = None,
) -> Any:
    """Import an invoice CSV (``recouvre import invoices``): all or nothing."""
    siren = _creditor_for(who, creditor)
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        refuse(413, "file_too_large", "Fichier trop lourd (20 Mio au plus).")
    if not _text_csv(data):
        refuse(
            415, "unsupported_file", "Le fichier n'est pas un CSV texte (UTF-8 ou Windows-1252)."
        )
    from starlette.concurrency import run_in_threadpool

    report = await run_in_threadpool(_run_import, request, who, data, siren)
    if not report.ok:
        body = report.as_json()
        return JSONResponse(
            {"error": {"code": "import_refused", "message":
             f"Import refusé : {report.issue_count} erreur(s), rien n'a été enregistré.",
             "errors": body["errors"], "error_count": report.issue_count}},
            status_code=422,
        )  # fmt: skip
    return report.as_json()


def _run_import(request: Request, who: ApiViewer, data: bytes, siren: str | None) -> Any:
    importer = invoice_importer_as(application(request), who.actor)
    with tempfile.TemporaryDirectory(prefix="recouvre-api-") as folder:
        path = FilePath(folder) / "factures.csv"
        path.write_bytes(data)
        return importer.run(importer.open(path), creditor_siren=siren)


__all__ = ["error_response", "router"]
