"""Wiring of the debtor portal: the signed links (``adapters.portal_tokens`` with the key of
``portal_settings``), the debtor's answers (``services.portal.answers``) journaled as
``debtor:portal``, the payment block of a case (the letters' own ``payment_details``) and its
EPC QR code (``adapters.pdf.qr``, the code the letters print), and the attachments' folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import segno

from recouvre.adapters.errors import AdapterError
from recouvre.adapters.pdf.qr import epc_qr
from recouvre.adapters.portal_tokens import PortalTokens, portal_key, store_attachment
from recouvre.bootstrap.app import App
from recouvre.bootstrap.cases import case_events, plan_rules_settings
from recouvre.bootstrap.parties import debtors_service
from recouvre.domain.creditor_reference import compact_reference
from recouvre.law.statement.computation import Statement
from recouvre.letters.document import EpcTransfer
from recouvre.letters.view_model import PaymentDetails
from recouvre.portal_settings import load_portal_settings
from recouvre.services.outbox.documents import payment_details
from recouvre.services.outbox.sent_documents import SentDocument
from recouvre.services.portal.answers import DebtorAnswers

PORTAL_ACTOR = "debtor:portal"
LOCAL_BASE = "http://127.0.0.1:8000"  # ``recouvre serve``'s default address


def portal_tokens(app: App) -> PortalTokens:
    settings = load_portal_settings(data_dir=app.settings.data_dir)
    return PortalTokens(portal_key(settings.secret, settings.key_file), settings.days)


def portal_base(app: App) -> str:
    """The configured public address of the portal, ``""`` when unset."""
    return load_portal_settings(data_dir=app.settings.data_dir).url


def portal_link(app: App, reference: str, on: date, base: str | None = None) -> str:
    root = base if base is not None else (portal_base(app) or LOCAL_BASE)
    return f"{root.rstrip('/')}/portal/{portal_tokens(app).issue(reference, on)}"


def letter_portal_link(app: App) -> Callable[[str, date], str] | None:
    """What the letters and emails print as the portal's link, or ``None`` (nothing printed)
    when ``RECOUVRE_PORTAL_URL`` is unset."""
    base = portal_base(app)
    if not base:
        return None
    tokens = portal_tokens(app)
    return lambda reference, on: f"{base}/portal/{tokens.issue(reference, on)}"


def debtor_answers(app: App) -> DebtorAnswers:
    rules = plan_rules_settings(app, PORTAL_ACTOR)
    return DebtorAnswers(
        case_events(app, PORTAL_ACTOR), debtors_service(app, PORTAL_ACTOR), rules.get
    )


@dataclass(frozen=True, slots=True)
class DebtorView:
    """What the portal page reads of a case: the statement of ``case show`` on ``on`` (or why
    it cannot be computed) and the documents sent, read for this case only (the agents'
    ``case_overview`` also scans the agenda and the outbox for the next action)."""

    on: date
    statement: Statement | None
    statement_error: str | None
    documents: tuple[SentDocument, ...]


def debtor_view(app: App, reference: str) -> DebtorView:
    from recouvre.bootstrap.errors import USER_ERRORS
    from recouvre.bootstrap.judicial import judicial_service
    from recouvre.bootstrap.outbox import sent_documents

    on = app.clock.today()
    statement: Statement | None = None
    error: str | None = None
    try:
        statement = judicial_service(app).advise(reference, on).statement
    except USER_ERRORS as refused:
        error = str(refused)
    return DebtorView(on, statement, error, tuple(sent_documents(app, reference).documents))


def case_payment(app: App, case_id: int, reference: str) -> PaymentDetails:
    from recouvre.bootstrap.outbox import outbox_store

    return payment_details(outbox_store(app).facts(case_id), reference)


def epc_svg(payment: PaymentDetails, amount: Decimal) -> str | None:
    """The EPC QR code as an SVG data URI (``None``: no IBAN or nothing to pay)."""
    if not payment.iban or amount <= 0:
        return None
    transfer = EpcTransfer(
        beneficiary=payment.beneficiary,
        iban=payment.iban,
        bic=payment.bic,
        amount=amount,
        text=payment.reference,
        structured_reference=compact_reference(payment.reference),
    )
    try:
        code: segno.QRCode = epc_qr(transfer)
    except AdapterError:  # an IBAN the letters would refuse too: the page shows the text only
        return None
    return str(code.svg_data_uri(scale=4, border=2, dark="#10213a"))


def save_attachment(app: App, reference: str, data: bytes, suffix: str) -> Path:
    return store_attachment(app.settings.data_dir, reference, data, suffix)
