"""From an outbox action to the document it sends: the payload snapshot, completed by the case.

The daily run writes a canonical JSON snapshot in ``actions.payload`` when it plans a step (what
the credit manager approved in review is what goes out). Keys read here, all optional; what is
missing is taken from the case as stored (creditor, debtor, open invoices)::

    {"document": "formal_notice",            # a letters DocumentKind; else from kind/template
     "language": "fr",
     "case_reference": "D-2026-000001",
     "place": "Lyon",
     "recipient": {"name": ..., "address_lines": [...], "email": ..., "phone": ...},
     "invoices": [{"number", "issue_date", "due_date", "amount", "paid"}],   # amounts "12.30"
     "totals": {"principal", "interest", "indemnities", "other_accessories"},
     "statement": [{"invoice_number", "base", "start", "end", "days", "rate", "amount"}],
     "statement_on": "2026-11-23", "indemnity_amount": "40.00", "rate_basis": "...",
     "grace_days": 8, "notice_days": 8, "possible_actions": ["payment_order"],
     "signatory": ..., "signatory_title": ..., "contact_line": ...,
     "first_letter": {"reference", "sent_on"}, "previous_reminder_on": "2026-10-06",
     "time_barred_invoices": ["F-2020-17"],   # the daily run's prescription screening
     "instalments": [{"due_on", "amount"}]}   # a payment plan's schedule (proposed or agreed)

Time-barred invoices (``time_barred_invoices``, written by ``services.daily_run.actions`` when
some open invoices of the case are time-barred: C. com. L110-4, C. consom. L218-2) stay in the
document as unpaid, but the sum demanded leaves them out: without ``totals`` in the payload, the
principal is the other invoices' balance and the fixed indemnity (D441-5) is counted for the
other invoices only; the letters then announce no legal action for them
(``letters.sections.announced_actions``) and the mentions checker refuses a document that
claims them as enforceable.

When the creditor is an agency's client (``CaseFacts.agency``), the agency writes
(``SenderKind.AGENCY``: the CPCE R124-4 mentions with the agency's and creditor's stored
details), the payment block shows the account ``CaseFacts.payment_to`` names, and every later
contact quotes the first letter (``CaseFacts.first_letter``) unless the payload names one. The
signatory comes from the payload, else from the creditor's settings.

Nothing legal is computed here: amounts come from the snapshot (the legal engine's statement)
or, failing that, the principal outstanding only. The mentions checker then decides whether the
document may go (``recouvre.letters.mentions``): a missing mention fails the action.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, assert_never

from recouvre.domain.agencies import Agency, PaymentTo
from recouvre.domain.creditor_reference import payment_reference
from recouvre.domain.money import ZERO
from recouvre.domain.parties import Address
from recouvre.letters.document import DocumentKind
from recouvre.letters.view_model import (
    AgencyGuarantees,
    FirstLetter,
    Instalment,
    InvoiceView,
    Language,
    LegalAction,
    LetterContext,
    PartyView,
    PaymentDetails,
    SenderKind,
    StatementLine,
    Totals,
    invoice_views,
    party_from_creditor,
    party_from_debtor,
    printed_address,
)
from recouvre.scenarios.model import StepKind
from recouvre.services.errors import ServiceError
from recouvre.services.outbox.claim_statement import ClaimStatement
from recouvre.services.outbox.model import CaseFacts, OutboxAction

# What the L441-10 default rate is, in words; a creditor's contract rate comes in the payload.
DEFAULT_RATE_BASIS = {
    Language.FR: (
        "égal au taux de refinancement de la Banque centrale européenne majoré de 10 points"
    ),
    Language.EN: "the European Central Bank refinancing rate plus 10 percentage points",
}


class PayloadError(ServiceError):
    """The action's payload cannot be read; the message names the field (in French)."""


def document_kind(action: OutboxAction) -> DocumentKind | None:
    """The document an action sends: the payload's ``document``, else the template when it
    names a document kind, else the step kind's usual document; ``None`` for internal steps."""
    named = action.payload.get("document") or action.template
    if named in {k.value for k in DocumentKind}:
        return DocumentKind(named)
    try:
        kind = StepKind(action.kind)
    except ValueError:
        return None
    match kind:
        case StepKind.COURTESY_EMAIL | StepKind.REMINDER_EMAIL:
            return DocumentKind.REMINDER_EMAIL
        case StepKind.SMS:
            return DocumentKind.SMS
        case StepKind.PHONE_CALL:
            return DocumentKind.CALL_SCRIPT
        case StepKind.REMINDER_LETTER:
            return DocumentKind.REMINDER_LETTER
        case StepKind.PAYMENT_PLAN_PROPOSAL:
            return DocumentKind.PAYMENT_PLAN
        case StepKind.FORMAL_NOTICE:
            return DocumentKind.FORMAL_NOTICE
        case StepKind.INTERNAL_REVIEW | StepKind.JUDICIAL_REVIEW:
            return None
        case _:
            assert_never(kind)


def left_out_on(action: OutboxAction, facts: CaseFacts, on: date) -> frozenset[str]:
    """The invoices a letter of ``action`` does not claim on ``on``: the time-barred ones
    (C. conso L121-6) and those not yet due (C. civ. 1305-2)."""
    p = action.payload
    barred = [str(x) for x in p.get("time_barred_invoices") or []]
    rows = p.get("invoices")
    if rows:
        due = {
            str(r.get("number")): str(r.get("due_date") or "")
            for r in rows
            if isinstance(r, Mapping)
        }
    else:
        due = {i.number: i.due_date.isoformat() for i in facts.invoices}
    upcoming = [number for number, day in due.items() if day >= on.isoformat()]
    overdue = [number for number, day in due.items() if day < on.isoformat()]
    return frozenset(barred + (upcoming if overdue else []))


MIN_PAYMENT_DELAY_DAYS = 8
"""Good practice, not law: the shortest delay a document gives (« délai de huit jours »)."""


def letter_context(
    action: OutboxAction,
    facts: CaseFacts,
    on: date,
    indemnity: Decimal,
    *,
    computed: ClaimStatement | None = None,
) -> LetterContext:
    """The letters' view of the action on ``on``; ``indemnity`` is the D441-5 amount in force
    (from the legal tables) unless the payload states it."""
    p = action.payload
    where = f"action {action.id}"
    language = _language(p.get("language") or facts.debtor.preferences.language)
    debtor_party = _recipient(p.get("recipient"), party_from_debtor(facts.debtor))
    invoices = (
        tuple(_invoice(row, f"{where}, factures[{n}]") for n, row in enumerate(p["invoices"]))
        if p.get("invoices")
        else invoice_views(i for i in facts.invoices if i.outstanding > 0)
    )
    professional = facts.debtor.is_professional
    indemnity = _amount(p.get("indemnity_amount", indemnity), f"{where}, indemnity_amount")
    barred = _time_barred(p.get("time_barred_invoices"), f"{where}, time_barred_invoices")
    invoices, upcoming = _due_on(invoices, on)
    claimed = tuple(i for i in invoices if i.number not in barred)
    totals = _totals(p.get("totals"), claimed, professional, indemnity, where)
    statement = tuple(
        _slice(row, f"{where}, statement[{n}]") for n, row in enumerate(p.get("statement", []))
    )
    provisional_on = None
    if computed is not None:  # the legal engine's, on the letter's date, without those left out
        totals, statement = computed.totals, computed.lines
        provisional_on = computed.provisional_rate_on  # « taux en vigueur au … ; à parfaire »
    elif upcoming:
        totals, statement = _without(upcoming, totals, statement, claimed, indemnity, professional)
    reference = str(p.get("case_reference") or facts.reference)
    creditor = facts.creditor
    creditor_party = party_from_creditor(creditor)
    agency = facts.agency
    agency_party = party_from_agency(agency) if agency is not None else None
    sender_party = agency_party or creditor_party
    first = p.get("first_letter")
    return LetterContext(
        on=on,
        place=str(p.get("place") or (agency or creditor).address.city or ""),
        reference=reference,
        creditor=creditor_party,
        debtor=debtor_party,
        debtor_is_professional=professional,
        invoices=invoices,
        totals=totals,
        payment=payment_details(facts, reference),
        indemnity_amount=indemnity,
        rate_basis=str(p.get("rate_basis") or DEFAULT_RATE_BASIS[language]),
        sender_kind=SenderKind.CREDITOR if agency is None else SenderKind.AGENCY,
        agency=agency_party,
        first_letter=(
            FirstLetter(str(first["reference"]), _date(first["sent_on"], f"{where}, first_letter"))
            if isinstance(first, Mapping)
            else facts.first_letter
        ),
        statement=statement,
        statement_on=_date(p["statement_on"], where) if p.get("statement_on") else on,
        grace_days=granted_delay(action),
        notice_days=max(int(p.get("notice_days", 0)), granted_delay(action)),
        possible_actions=tuple(LegalAction(a) for a in p.get("possible_actions", [])),
        signatory=str(p.get("signatory") or facts.signatory),
        signatory_title=str(p.get("signatory_title") or facts.signatory_title),
        language=language,
        contact_line=str(p.get("contact_line") or _contact(sender_party)),
        previous_reminder_on=(
            _date(p["previous_reminder_on"], where) if p.get("previous_reminder_on") else None
        ),
        time_barred=barred,
        upcoming=upcoming,
        instalments=_instalments(p.get("instalments"), f"{where}, instalments"),
        provisional_rate_on=provisional_on,
    )


def _recipient(recipient: object, debtor: PartyView) -> PartyView:
    """The debtor as the run's snapshot names them (the address the letter is posted to)."""
    if not isinstance(recipient, Mapping):
        return debtor
    return PartyView(
        name=str(recipient.get("name") or debtor.name),
        address_lines=_recipient_address(recipient) or debtor.address_lines,
        siren=debtor.siren,
        email=recipient.get("email") or debtor.email,
        phone=recipient.get("phone") or debtor.phone,
        attention=debtor.attention,
    )


def _recipient_address(recipient: Mapping[str, Any]) -> tuple[str, ...]:
    """The address the payload snapshot names (street lines, postcode, town, country), as the
    window envelope prints it; empty when the snapshot holds no street line."""
    lines = tuple(str(line) for line in recipient.get("address_lines") or ())
    if not lines:
        return ()
    address = Address(
        lines,
        str(recipient.get("postal_code") or ""),
        str(recipient.get("city") or ""),
        str(recipient.get("country") or "FR"),
    )
    return printed_address(address)


def party_from_agency(agency: Agency) -> PartyView:
    """The agency as the letters print it: the R124-4 1° identity (name, address, stored
    activity) and its R124-2 guarantee lines (insurance, dedicated funds account, declaration
    to the procureur), all from the agencies table."""
    return PartyView(
        name=agency.name,
        address_lines=printed_address(agency.address),
        siren=agency.siren,
        email=agency.email,
        phone=agency.phone,
        activity=agency.activity,
        guarantees=AgencyGuarantees(
            liability_insurance=agency.liability_insurance,
            funds_account=agency.funds_account,
            prosecutor_declaration=agency.prosecutor_declaration,
        ),
    )


def payment_details(facts: CaseFacts, reference: str) -> PaymentDetails:
    """Whose account the payment block shows: the creditor's, or, when an agency writes with
    ``payment_to`` set to it, the agency's account dedicated to the funds it receives for
    creditors (CPCE R124-2 2°)."""
    agency = facts.agency
    match facts.payment_to:
        case PaymentTo.AGENCY if agency is not None:
            name, iban, bic = agency.name, agency.iban, agency.bic
        case PaymentTo.AGENCY | PaymentTo.CREDITOR:
            name, iban, bic = facts.creditor.name, facts.creditor.iban, facts.creditor.bic
        case _:
            assert_never(facts.payment_to)
    return PaymentDetails(
        beneficiary=name, iban=iban or "", bic=bic, reference=payment_reference(reference)
    )


def _contact(party: PartyView) -> str:
    return " — ".join(x for x in (party.phone, party.email) if x)


def _language(value: object) -> Language:
    return Language.EN if str(value).lower().startswith("en") else Language.FR


def granted_delay(action: OutboxAction) -> int:
    """The days the debtor is given to pay, counted from the document's date: the step's grace
    (``grace_days`` of the payload), extended by a person's review delay (``extra_delay_days``),
    and never under ``MIN_PAYMENT_DELAY_DAYS``: a reminder asking for payment the same day, or a
    formal notice giving less than the usual eight days, asks the impossible (C. civ. 1344
    wants an « interpellation suffisante »)."""
    stated = int(action.payload.get("grace_days", 0) or 0)
    return max(stated, action.extra_delay_days, MIN_PAYMENT_DELAY_DAYS)


def _due_on(
    invoices: tuple[InvoiceView, ...], on: date
) -> tuple[tuple[InvoiceView, ...], tuple[InvoiceView, ...]]:
    """The invoices past due on ``on`` (claimed) and those not yet due (« à échoir », named
    apart): a debt is owed from the day after its due date (C. civ. 1305-2; C. com. L441-10:
    penalties run from the day after the due date). A document about nothing past due keeps
    them all (it is not a claim)."""
    overdue = tuple(i for i in invoices if i.due_date < on)
    upcoming = tuple(i for i in invoices if i.due_date >= on)
    return (overdue, upcoming) if overdue and upcoming else (invoices, ())


def _without(
    upcoming: tuple[InvoiceView, ...],
    totals: Totals,
    statement: tuple[StatementLine, ...],
    claimed: tuple[InvoiceView, ...],
    indemnity: Decimal,
    professional: bool,
) -> tuple[Totals, tuple[StatementLine, ...]]:
    """The totals and statement once the invoices not yet due are taken out: their principal,
    any slice of theirs, and no fixed indemnity for them (D441-5 is owed per invoice paid late)."""
    numbers = {i.number for i in upcoming}
    kept = tuple(line for line in statement if line.invoice_number not in numbers)
    dropped_interest = sum((line.amount for line in statement if line not in kept), ZERO)
    indemnities = min(totals.indemnities, indemnity * len(claimed)) if professional else ZERO
    return (
        Totals(
            principal=sum((i.outstanding for i in claimed), ZERO),
            interest=totals.interest - dropped_interest,
            indemnities=indemnities,
            other_accessories=totals.other_accessories,
        ),
        kept,
    )


def _totals(
    raw: object,
    invoices: tuple[InvoiceView, ...],
    professional: bool,
    indemnity: Decimal,
    where: str,
) -> Totals:
    if isinstance(raw, Mapping):
        return Totals(
            principal=_amount(raw.get("principal", "0"), f"{where}, totals.principal"),
            interest=_amount(raw.get("interest", "0"), f"{where}, totals.interest"),
            indemnities=_amount(raw.get("indemnities", "0"), f"{where}, totals.indemnities"),
            other_accessories=_amount(
                raw.get("other_accessories", "0"), f"{where}, totals.other_accessories"
            ),
        )
    principal = sum((i.outstanding for i in invoices), ZERO)
    indemnities = indemnity * len(invoices) if professional else ZERO
    return Totals(principal=principal, indemnities=indemnities)


def _time_barred(raw: object, where: str) -> tuple[str, ...]:
    """The invoice numbers of ``time_barred_invoices``: a list of strings, or nothing."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise PayloadError(f"{where} : liste de numéros de facture attendue, reçu « {raw!r} »")
    return tuple(raw)


def _instalments(raw: object, where: str) -> tuple[Instalment, ...]:
    """The payment plan's schedule (``[{"due_on", "amount"}]``), or nothing."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, Mapping) for x in raw):
        raise PayloadError(f"{where} : liste d'échéances attendue, reçu « {raw!r} »")
    try:
        return tuple(
            Instalment(_date(x["due_on"], where), _amount(x["amount"], where)) for x in raw
        )
    except KeyError as missing:
        raise PayloadError(f"{where} : champ {missing} manquant") from None


def _invoice(row: Mapping[str, Any], where: str) -> InvoiceView:
    try:
        return InvoiceView(
            number=str(row["number"]),
            issue_date=_date(row["issue_date"], where),
            due_date=_date(row["due_date"], where),
            amount=_amount(row["amount"], where),
            paid=_amount(row.get("paid", "0"), where),
        )
    except KeyError as missing:
        raise PayloadError(f"{where} : champ {missing} manquant") from None


def _slice(row: Mapping[str, Any], where: str) -> StatementLine:
    try:
        return StatementLine(
            invoice_number=str(row["invoice_number"]),
            base=_amount(row["base"], where),
            start=_date(row["start"], where),
            end=_date(row["end"], where),
            days=int(row["days"]),
            rate=Decimal(str(row["rate"])),
            amount=_amount(row["amount"], where),
        )
    except KeyError as missing:
        raise PayloadError(f"{where} : champ {missing} manquant") from None


def _amount(value: object, where: str) -> Decimal:
    if isinstance(value, float):
        raise PayloadError(f"{where} : montant en virgule flottante refusé ({value!r})")
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise PayloadError(f"{where} : montant illisible « {value} »") from None


def _date(value: object, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise PayloadError(f"{where} : date illisible « {value} »") from None
