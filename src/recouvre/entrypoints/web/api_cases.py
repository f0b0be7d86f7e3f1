"""The REST API's reading routes (docs/api.md): cases (a page, one case), their invoices,
payments, documents (list, download as sent) and statement, and the review queue's page.
Everything reads within the token's scope; a case outside it is ``404 case_not_found``, like a
case that does not exist."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import FileResponse

from recouvre.bootstrap.outbox import sent_documents
from recouvre.bootstrap.web import case_finder
from recouvre.domain.cases import Attitude, Phase
from recouvre.entrypoints.web import api_models as m
from recouvre.entrypoints.web.api_core import (
    CASE,
    COMMON,
    ErrorBody,
    JsonRoute,
    Viewer,
    application,
    case_of,
    refuse,
)
from recouvre.services.cases.case_search import MAX_PAGE_SIZE, CaseQuery, CaseSort, find_cases

router = APIRouter(route_class=JsonRoute, tags=["dossiers"])
CaseKey = Annotated[
    str,
    Path(
        max_length=40,
        description="Référence (D-AAAA-NNNNNN) ou numéro.",
        examples=["D-2026-000001"],
    ),
]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Taille de la page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rang du premier élément.")]
_MONEY = Decimal("0.01")


def _money(value: Decimal) -> str:
    return str(value.quantize(_MONEY))


@router.get("/cases", response_model=m.CasePage, responses=COMMON)
def list_cases(
    request: Request,
    who: Viewer,
    creditor: Annotated[str | None, Query(max_length=14, description="SIREN.")] = None,
    phase: Phase | None = None,
    attitude: Attitude | None = None,
    min_outstanding: Annotated[
        Decimal | None, Query(ge=0, lt=10**12, max_digits=14, decimal_places=2)
    ] = None,
    q: Annotated[str, Query(max_length=100, description="Débiteur, SIREN, facture.")] = "",
    sort: CaseSort = CaseSort.OUTSTANDING,
    limit: Limit = 25,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Cases in the token's scope, filtered, sorted, from ``offset`` (at most ``limit``)."""
    finder = case_finder(application(request))
    base = CaseQuery(
        scope=who.scope, creditor_siren=creditor, phase=phase, attitude=attitude,
        min_outstanding=min_outstanding, text=q, sort=sort, page_size=limit,
    )  # fmt: skip
    first = offset // limit + 1
    page = find_cases(finder, _page(base, first))
    rows = list(page.rows)
    if offset % limit:
        rows += find_cases(finder, _page(base, first + 1)).rows
    items = rows[offset % limit : offset % limit + limit]
    return {
        "items": [row.as_json() for row in items],
        "total": page.total,
        "limit": limit,
        "offset": offset,
    }


def _page(query: CaseQuery, number: int) -> CaseQuery:
    return CaseQuery(
        scope=query.scope, creditor_siren=query.creditor_siren, phase=query.phase,
        attitude=query.attitude, min_outstanding=query.min_outstanding, text=query.text,
        sort=query.sort, page=number, page_size=query.page_size,
    )  # fmt: skip


@router.get("/cases/{case}", response_model=m.Case, responses=CASE)
def get_case(request: Request, who: Viewer, case: CaseKey) -> dict[str, Any]:
    """One case: its debtor, invoices, payments and evidence journal."""
    return case_of(request, who, case).as_json()


@router.get("/cases/{case}/invoices", response_model=m.InvoiceList, responses=CASE)
def case_invoices(request: Request, who: Viewer, case: CaseKey) -> dict[str, Any]:
    return {"items": [i.as_json() for i in case_of(request, who, case).invoices]}


@router.get("/cases/{case}/payments", response_model=m.PaymentList, responses=CASE)
def case_payments(request: Request, who: Viewer, case: CaseKey) -> dict[str, Any]:
    return {"items": [p.as_json() for p in case_of(request, who, case).payments]}


@router.get("/cases/{case}/documents", response_model=m.DocumentList, responses=CASE)
def case_documents(request: Request, who: Viewer, case: CaseKey) -> dict[str, Any]:
    """The documents the case sent; ``downloadable``: a copy is kept and can be fetched."""
    detail = case_of(request, who, case)
    documents = sent_documents(application(request), detail.reference).documents
    return {
        "items": [
            {**d.as_json(), "downloadable": d.path is not None and d.path.suffix in _MEDIA}
            for d in documents
        ]
    }


_MEDIA = {".pdf": "application/pdf", ".eml": "message/rfc822"}
_FILE_DOC = {
    200: {
        "description": "Le document tel qu'il est parti (PDF de la lettre, courriel `.eml`).",
        "content": {"application/pdf": {}, "message/rfc822": {}},
    },
    **CASE,
}


@router.get(
    "/cases/{case}/documents/{action_id}",
    response_class=FileResponse,
    responses=_FILE_DOC,
)
def case_document(
    request: Request,
    who: Viewer,
    case: CaseKey,
    action_id: Annotated[int, Path(ge=1, le=2**62)],
) -> FileResponse:
    """Download a sent document as it left (attachment)."""
    detail = case_of(request, who, case)
    documents = sent_documents(application(request), detail.reference).documents
    found = next((d for d in documents if d.action_id == action_id), None)
    if found is None or found.path is None or found.path.suffix not in _MEDIA:
        refuse(404, "document_not_found", "Aucun document envoyé de ce numéro dans ce dossier.")
    return FileResponse(
        found.path,
        media_type=_MEDIA[found.path.suffix],
        filename=f"{detail.reference}-{found.step_id}-{action_id}{found.path.suffix}",
        content_disposition_type="attachment",
    )


_STATEMENT = {
    **CASE,
    409: {"model": ErrorBody, "description": "Décompte impossible (`statement_unavailable`)."},
}


@router.get("/cases/{case}/statement", response_model=m.Statement, responses=_STATEMENT)
def case_statement(request: Request, who: Viewer, case: CaseKey) -> dict[str, Any]:
    """What is owed today and its parts: principal, late interest (C. com. L441-10), the fixed
    indemnity (D441-5), costs."""
    from recouvre.bootstrap import judicial_service
    from recouvre.bootstrap.errors import USER_ERRORS

    app = application(request)
    detail = case_of(request, who, case)
    on = app.clock.today()
    try:
        statement = judicial_service(app).advise(detail.reference, on).statement
    except USER_ERRORS as refused:
        refuse(409, "statement_unavailable", str(refused))
    t = statement.totals
    return {
        "case": detail.reference,
        "on": on,
        "totals": {
            "principal": _money(t.principal_outstanding),
            "interest": _money(t.interest_outstanding),
            "indemnity": _money(t.indemnity_outstanding),
            "costs": _money(t.costs_outstanding),
            "total_due": _money(t.total_due),
        },
        "invoices": [
            {
                "number": i.number,
                "due_date": i.due_date,
                "amount": _money(i.amount),
                "principal": _money(i.principal_outstanding),
                "interest": _money(i.interest_outstanding),
                "indemnity": _money(i.indemnity_outstanding),
                "costs": _money(i.costs_outstanding),
                "total_due": _money(i.total_due),
            }
            for i in statement.invoices
        ],
    }
