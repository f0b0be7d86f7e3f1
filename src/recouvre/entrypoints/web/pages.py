"""The pages of agents, managers and creditor clients: the dashboard, the case list and the
case page. Each reads through a service within the viewer's scope; a case outside it is
« not found » (404), like a case that does not exist."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.responses import FileResponse, Response

from recouvre.bootstrap.outbox import sent_documents
from recouvre.bootstrap.web import case_finder, dashboard_reader
from recouvre.domain.cases import Attitude, Phase
from recouvre.entrypoints.case_overview import case_overview
from recouvre.entrypoints.cli.labels import (
    ACTION_STATUSES,
    CHANNELS,
    DEBTOR_KINDS,
    INVOICE_STATUSES,
    event_detail,
    event_kind,
)
from recouvre.entrypoints.web import views
from recouvre.entrypoints.web.context import Viewer, viewer, web
from recouvre.services.cases.case_search import CaseQuery, CaseSort, find_cases
from recouvre.services.cases.dashboard import dashboard
from recouvre.services.web_accounts.scope import visible

router = APIRouter()
Signed = Annotated[Viewer, Depends(viewer)]

SORTS: dict[str, str] = {
    CaseSort.OUTSTANDING: "reste dû décroissant",
    CaseSort.OLDEST: "plus ancienne échéance",
    CaseSort.REFERENCE: "référence",
    CaseSort.DEBTOR: "débiteur",
    CaseSort.OPENED: "ouverture la plus récente",
}


def _today(request: Request) -> date:
    return web(request).app.clock.today()


@router.get("/")
def dashboard_page(request: Request, who: Signed) -> Response:
    context = web(request)
    board = dashboard(dashboard_reader(context.app, who.scope), _today(request))
    bars = views.ageing_bars(board.buckets)
    return context.render(
        request,
        "dashboard.html",
        who,
        board=board,
        bars=bars,
        chart_height=views.chart_height(bars),
        chart=views,
        channels=CHANNELS,
        statuses=ACTION_STATUSES,
        page="dashboard",
    )


E = TypeVar("E", Phase, Attitude, CaseSort)


def _enum(kind: type[E], raw: str | None) -> E | None:
    try:
        return kind(raw) if raw else None
    except ValueError:
        return None


def _amount(raw: str) -> Decimal | None:
    text = raw.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "")
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() and 0 <= value < 10**12 else None


@router.get("/dossiers")
def case_list(
    request: Request,
    who: Signed,
    creancier: str = "",
    phase: str = "",
    attitude: str = "",
    minimum: str = "",
    q: str = "",
    tri: str = "",
    page: int = 1,
) -> Response:
    context = web(request)
    query = CaseQuery(
        scope=who.scope,
        creditor_siren=creancier.strip() or None,
        phase=_enum(Phase, phase),
        attitude=_enum(Attitude, attitude),
        min_outstanding=_amount(minimum) if minimum.strip() else None,
        text=q,
        sort=_enum(CaseSort, tri) or CaseSort.OUTSTANDING,
        page=max(1, min(page, 1_000_000)),
    )
    result = find_cases(case_finder(context.app), query)
    filters = {
        "creancier": creancier,
        "phase": phase,
        "attitude": attitude,
        "minimum": minimum,
        "q": q,
        "tri": tri,
    }
    kept = {k: v for k, v in filters.items() if v}

    def page_link(number: int) -> str:
        return "/dossiers?" + urlencode({**kept, "page": number})

    partial = request.headers.get("hx-request") == "true" and not request.headers.get(
        "hx-history-restore-request"
    )
    response = context.render(
        request,
        "case_rows.html" if partial else "cases.html",
        who,
        result=result,
        filters=filters,
        amount_error=bool(minimum.strip()) and query.min_outstanding is None,
        creditors=case_finder(context.app).creditors(who.scope),
        sorts=SORTS,
        page_link=page_link,
        today=_today(request),
        days_late=views.days_late,
        page="cases",
    )
    response.headers["Vary"] = "HX-Request"
    return response


@router.get("/dossiers/{key}")
def case_page(request: Request, who: Signed, key: str) -> Response:
    context = web(request)
    detail = visible(context.app.case_queries.case_detail(key[:40]), who.scope)
    if detail is None:
        raise HTTPException(status_code=404)
    overview = case_overview(context.app, detail)
    on = overview.on
    upcoming = sum(
        (i.outstanding for i in detail.invoices if i.due_date > on and i.outstanding > 0),
        Decimal(0),
    )
    timeline = [
        {
            "on": e.occurred_on,
            "kind": event_kind(e.kind),
            "raw_kind": e.kind,
            "detail": event_detail(e.payload),
            "actor": e.actor,
        }
        for e in reversed(detail.events)
    ]
    return context.render(
        request,
        "case.html",
        who,
        case=detail,
        overview=overview,
        upcoming=upcoming,
        timeline=timeline,
        channels=CHANNELS,
        statuses=ACTION_STATUSES,
        invoice_statuses=INVOICE_STATUSES,
        debtor_kinds=DEBTOR_KINDS,
        days_late=views.days_late,
        page="cases",
    )


_MEDIA_TYPES = {".pdf": "application/pdf", ".eml": "message/rfc822"}


@router.get("/dossiers/{key}/documents/{action_id}")
def case_document(request: Request, who: Signed, key: str, action_id: int) -> Response:
    """A document as it was sent (the letter's PDF from the tray, the email from the archive),
    downloaded rather than shown: it is opened by the person's own viewer, outside the page's
    Content-Security-Policy. Same scope as the case page; anything else is « not found »."""
    context = web(request)
    detail = visible(context.app.case_queries.case_detail(key[:40]), who.scope)
    if detail is None:
        raise HTTPException(status_code=404)
    documents = sent_documents(context.app, detail.reference).documents
    found = next((d for d in documents if d.action_id == action_id), None)
    if found is None or found.path is None or found.path.suffix not in _MEDIA_TYPES:
        raise HTTPException(status_code=404)
    name = f"{detail.reference}-{found.step_id}-{action_id}{found.path.suffix}"
    return FileResponse(
        found.path,
        media_type=_MEDIA_TYPES[found.path.suffix],
        filename=name,
        content_disposition_type="attachment",
    )
