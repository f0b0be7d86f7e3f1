"""Explicit row mappers: table rows <-> domain dataclasses, one pair of functions per type.

Written by hand rather than by an ORM so that the domain stays free of storage concerns and
every conversion is visible: cents <-> ``Decimal``, newline-separated lists <-> tuples, text
rates <-> ``Decimal``, enum values <-> enums.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Row

from recouvre.domain.agencies import Agency
from recouvre.domain.cases import Attitude, Case, Closure, Phase
from recouvre.domain.claim_settings import ClaimSettings
from recouvre.domain.claims import Invoice
from recouvre.domain.money import from_cents, to_cents
from recouvre.domain.parties import (
    Address,
    Channel,
    ContactPreferences,
    Creditor,
    Debtor,
    DebtorKind,
    SenderIdentity,
)
from recouvre.domain.parties import debtor_key as parties_debtor_key
from recouvre.domain.payments import Payment, PaymentPart
from recouvre.domain.rate_policy import MissingRatePolicy


def as_date(value: object) -> date:
    """Dates come back as ``date`` (PostgreSQL) or ISO text (raw SQLite expressions)."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def optional_date(value: object) -> date | None:
    return None if value is None else as_date(value)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in text.split("\n") if line)


def _address(row: Row[Any]) -> Address:
    return Address(
        lines=_lines(row.address_lines),
        postal_code=row.postal_code,
        city=row.city,
        country=row.country,
    )


def _address_values(address: Address) -> dict[str, Any]:
    return {
        "address_lines": "\n".join(address.lines),
        "postal_code": address.postal_code,
        "city": address.city,
        "country": address.country,
    }


def creditor_from_row(row: Row[Any]) -> Creditor:
    return Creditor(
        id=row.id,
        name=row.name,
        siren=row.siren,
        siret=row.siret,
        vat_number=row.vat_number,
        iban=row.iban,
        bic=row.bic,
        address=_address(row),
        logo_path=row.logo_path,
        email=row.email,
        phone=row.phone,
        missing_rate=MissingRatePolicy(row.missing_rate),
        agency_id=row.agency_id,
        identity=identity_from_row(row),
        claims=claim_settings_from_row(row),
    )


def claim_settings_from_row(row: Row[Any]) -> ClaimSettings:
    """The courtesy settings columns of a ``creditors`` row (``domain.claim_settings``)."""
    return ClaimSettings(row.first_reminder_days, row.fees_from)


def claim_settings_values(settings: ClaimSettings) -> dict[str, Any]:
    """Written by the party store only (``creditor set``), like the sender identity."""
    return {"first_reminder_days": settings.first_reminder_days, "fees_from": settings.fees_from}


def identity_from_row(row: Row[Any]) -> SenderIdentity:
    """The sender identity columns of a ``creditors`` or ``agencies`` row."""
    return SenderIdentity(row.mail_from, row.mail_reply_to, row.mail_signature, row.sms_sender)


def identity_values(identity: SenderIdentity) -> dict[str, Any]:
    """Written by the party store only (``creditor set``/``agency set``): an import never
    touches a creditor's identity."""
    return {
        "mail_from": identity.mail_from,
        "mail_reply_to": identity.reply_to,
        "mail_signature": identity.signature,
        "sms_sender": identity.sms_sender,
    }


def creditor_values(creditor: Creditor) -> dict[str, Any]:
    """The columns of ``creditor``; ``via_agency`` follows ``agency_id`` when one is set (a
    creditor without an agency keeps the flag it had: imports never clear it)."""
    values = {
        "name": creditor.name,
        "siren": creditor.siren,
        "siret": creditor.siret,
        "vat_number": creditor.vat_number,
        "iban": creditor.iban,
        "bic": creditor.bic,
        "logo_path": creditor.logo_path,
        "email": creditor.email,
        "phone": creditor.phone,
        "agency_id": creditor.agency_id,
        **_address_values(creditor.address),
    }
    if creditor.agency_id is not None:
        values["via_agency"] = True
    return values


def agency_from_row(row: Row[Any]) -> Agency:
    return Agency(
        id=row.id,
        name=row.name,
        siren=row.siren,
        siret=row.siret,
        address=_address(row),
        email=row.email,
        phone=row.phone,
        iban=row.iban,
        bic=row.bic,
        activity=row.activity,
        liability_insurance=row.liability_insurance,
        funds_account=row.funds_account,
        prosecutor_declaration=row.prosecutor_declaration,
        logo_path=row.logo_path,
        identity=identity_from_row(row),
        signatory=row.signatory or "",
        signatory_title=row.signatory_title or "",
    )


def agency_values(agency: Agency) -> dict[str, Any]:
    return {
        "name": agency.name,
        "siren": agency.siren,
        "siret": agency.siret,
        "email": agency.email,
        "phone": agency.phone,
        "iban": agency.iban,
        "bic": agency.bic,
        "activity": agency.activity,
        "liability_insurance": agency.liability_insurance,
        "funds_account": agency.funds_account,
        "prosecutor_declaration": agency.prosecutor_declaration,
        "logo_path": agency.logo_path,
        "signatory": agency.signatory or None,
        "signatory_title": agency.signatory_title or None,
        **_address_values(agency.address),
        **identity_values(agency.identity),
    }


def debtor_key(debtor: Debtor) -> str:
    """The natural key imports match debtors on (``domain.parties.debtor_key``)."""
    return parties_debtor_key(debtor.kind, debtor.siren, debtor.name, debtor.address.postal_code)


def debtor_from_row(row: Row[Any]) -> Debtor:
    return Debtor(
        id=row.id,
        kind=DebtorKind(row.kind),
        name=row.name,
        siren=row.siren,
        siret=row.siret,
        address=_address(row),
        emails=_lines(row.emails),
        phones=_lines(row.phones),
        preferences=ContactPreferences(
            do_not_contact=bool(row.do_not_contact),
            only_channel=Channel(row.only_channel) if row.only_channel else None,
            language=row.language,
        ),
    )


def debtor_values(debtor: Debtor) -> dict[str, Any]:
    return {
        "key": debtor_key(debtor),
        "kind": debtor.kind.value,
        "name": debtor.name,
        "siren": debtor.siren,
        "siret": debtor.siret,
        "departement": debtor.address.departement,
        "emails": "\n".join(debtor.emails),
        "phones": "\n".join(debtor.phones),
        "language": debtor.preferences.language,
        "do_not_contact": debtor.preferences.do_not_contact,
        "only_channel": (
            None
            if debtor.preferences.only_channel is None
            else debtor.preferences.only_channel.value
        ),
        **_address_values(debtor.address),
    }


def invoice_from_row(row: Row[Any]) -> Invoice:
    return Invoice(
        id=row.id,
        creditor_id=row.creditor_id,
        debtor_id=row.debtor_id,
        number=row.number,
        issue_date=as_date(row.issue_date),
        due_date=as_date(row.due_date),
        amount=from_cents(row.amount_cents),
        paid=from_cents(row.paid_cents),
        currency=row.currency,
        contractual_rate=None if row.contractual_rate is None else Decimal(row.contractual_rate),
        completed_on=optional_date(row.completed_on),
    )


def invoice_values(invoice: Invoice, case_id: int | None) -> dict[str, Any]:
    rate = invoice.contractual_rate
    return {
        "creditor_id": invoice.creditor_id,
        "debtor_id": invoice.debtor_id,
        "case_id": case_id,
        "number": invoice.number,
        "issue_date": invoice.issue_date,
        "due_date": invoice.due_date,
        "amount_cents": to_cents(invoice.amount),
        "paid_cents": to_cents(invoice.paid),
        "currency": invoice.currency,
        "contractual_rate": None if rate is None else str(rate),
        "completed_on": invoice.completed_on,
        "status": invoice.status.value,
    }


def payment_from_row(row: Row[Any]) -> Payment:
    return Payment(
        id=row.id,
        case_id=row.case_id,
        received_on=as_date(row.received_on),
        amount=from_cents(row.amount_cents),
        designated_invoice=row.designated_invoice,
        reference=row.reference,
        parts=parts_from_text(row.parts),
    )


def parts_text(parts: Sequence[PaymentPart]) -> str:
    """``payments.parts``: compact JSON of cents, '' when the payment has no parts."""
    if not parts:
        return ""
    rows = [
        [p.invoice, to_cents(p.principal), to_cents(p.interest), to_cents(p.accessories)]
        for p in parts
    ]
    return json.dumps(rows, separators=(",", ":"), ensure_ascii=False)


def parts_from_text(text: str | None) -> tuple[PaymentPart, ...]:
    if not text:
        return ()
    return tuple(
        PaymentPart(str(n), from_cents(p), from_cents(i), from_cents(a))
        for n, p, i, a in json.loads(text)
    )


def payment_values(payment: Payment, source: str) -> dict[str, Any]:
    return {
        "case_id": payment.case_id,
        "received_on": payment.received_on,
        "amount_cents": to_cents(payment.amount),
        "designated_invoice": payment.designated_invoice,
        "reference": payment.reference,
        "source": source,
        "parts": parts_text(payment.parts),
    }


def case_from_row(row: Row[Any]) -> Case:
    return Case(
        id=row.id,
        creditor_id=row.creditor_id,
        debtor_id=row.debtor_id,
        opened_on=as_date(row.opened_on),
        phase=Phase(row.phase),
        attitude=Attitude(row.attitude),
        closure=Closure(row.closure) if row.closure else None,
        closed_on=optional_date(row.closed_on),
        reference=row.reference,
    )


def case_state(case: Case) -> dict[str, Any]:
    """The columns a case's methods may change (compared at commit to save only changes)."""
    return {
        "phase": case.phase.value,
        "attitude": case.attitude.value,
        "closure": None if case.closure is None else case.closure.value,
        "closed_on": case.closed_on,
    }


def case_reference(case_id: int, opened_on: date) -> str:
    """The human-readable case reference: ``D-<opening year>-<id on 6 digits>``.

    Unique because the id is; readable on the phone (« dossier D-2026-000123 »); the year
    tells at a glance how old the file is. Ids beyond 999 999 simply get more digits.
    """
    return f"D-{opened_on.year}-{case_id:06d}"
