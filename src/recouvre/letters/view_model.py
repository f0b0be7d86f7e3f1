"""The letters' own view model: everything a document says, as plain values.

Letters do not compute anything legal: the amounts, rates and periods of the statement
(décompte) come from the legal engine (``recouvre.law``) or from the caller, already rounded.
A ``LetterContext`` is built from plain domain data (``from_domain`` below) so the letters do not
depend on how the legal engine shapes its results; a converter from the law's statement fills
``statement`` and ``totals``.

Why a view model: the mentions a document must carry (C. com. L441-10; CPCE R124-4; practice
for the mise en demeure, C. civ. 1344) are checked against these values by
``recouvre.letters.mentions``: the checker looks for each invoice number, due date and amount
in the text that is actually sent.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel import Locale

from recouvre.domain.claims import Invoice
from recouvre.domain.money import ZERO
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind


class Language(enum.StrEnum):
    """Language of a document: French first, English on request."""

    FR = "fr"
    EN = "en"


class SenderKind(enum.StrEnum):
    """Who signs: the creditor itself, or an agency collecting for it (CPCE L124-1, R124-4)."""

    CREDITOR = "creditor"
    AGENCY = "agency"


class LegalAction(enum.StrEnum):
    """Judicial steps a formal notice may announce, only when they are actually possible
    (C. conso L121-6: a threat of an action that is not legally possible is aggressive)."""

    PAYMENT_ORDER = "payment_order"  # injonction de payer (CPC 1405)
    SMALL_CLAIMS = "small_claims"  # procédure simplifiée (CPCE L125-1)
    INTERIM_PAYMENT = "interim_payment"  # référé-provision (CPC 835 al. 2)
    SUMMONS_ON_MERITS = "summons_on_merits"  # assignation au fond


@dataclass(frozen=True, slots=True)
class AgencyGuarantees:
    """The CPCE R124-2 facts an agency prints under its identity: its professional
    civil-liability insurance, the account exclusively dedicated to the funds received for
    creditors (compte de cantonnement) and its declaration to the procureur de la République.
    Free text kept by the user (``domain.agencies.Agency``); an empty one is not printed."""

    liability_insurance: str = ""
    funds_account: str = ""
    prosecutor_declaration: str = ""


@dataclass(frozen=True, slots=True)
class PartyView:
    """A name and a postal address as printed (street lines, then ``postal_code city``).

    For an agency only: ``activity`` is its stored R124-4 1° activity text (``None``: the
    shipped default, ``sections.agency_activity``) and ``guarantees`` its R124-2 lines."""

    name: str
    address_lines: tuple[str, ...]
    siren: str | None = None
    email: str | None = None
    phone: str | None = None
    attention: str | None = None  # "À l'attention de ..." line for a company
    activity: str | None = None
    guarantees: AgencyGuarantees | None = None

    @property
    def postal_lines(self) -> tuple[str, ...]:
        """The lines of the window-envelope address block: name, attention, address."""
        head = (self.name,) if self.attention is None else (self.name, self.attention)
        return head + self.address_lines


@dataclass(frozen=True, slots=True)
class InvoiceView:
    number: str
    issue_date: date
    due_date: date
    amount: Decimal
    paid: Decimal = ZERO

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One slice of interest or penalty: on ``base`` from ``start`` to ``end`` inclusive at
    ``rate`` percent a year, giving ``amount`` (already rounded by the legal engine)."""

    invoice_number: str
    base: Decimal
    start: date
    end: date
    days: int
    rate: Decimal  # percent per year, e.g. Decimal("12.15")
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Totals:
    """What is claimed, split as CPCE R124-4 3° requires: principal, interest, other accessories.

    ``indemnities`` is the fixed indemnity (C. com. L441-10 II, D441-5) summed over invoices;
    ``other_accessories`` any justified supplementary compensation. Never agency fees: those stay
    with the creditor (CPCE L111-8 al. 2)."""

    principal: Decimal
    interest: Decimal = ZERO
    indemnities: Decimal = ZERO
    other_accessories: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.indemnities + self.other_accessories


@dataclass(frozen=True, slots=True)
class PaymentDetails:
    """Where and how to pay: the payment block and its EPC QR code."""

    beneficiary: str
    iban: str
    bic: str | None
    reference: str  # the reference the debtor quotes on the transfer
    portal_url: str = ""  # the debtor portal's link for this case; "" prints none


@dataclass(frozen=True, slots=True)
class FirstLetter:
    """The agency's first letter, quoted on every later contact (CPCE R124-4, last paragraph)."""

    reference: str
    sent_on: date


@dataclass(frozen=True, slots=True)
class Instalment:
    due_on: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class ReceivedPayment:
    """A payment acknowledged by a receipt (quittance, CPCE R124-6)."""

    received_on: date
    amount: Decimal
    method: str  # "virement", "chèque", ...
    receipt_number: str
    remaining: Decimal


@dataclass(frozen=True, slots=True)
class LetterContext:
    """Everything a document of any kind may say. ``on`` is the document's date, passed in.

    ``grace_days`` is the extra delay granted by a reminder; ``notice_days`` the period the
    formal notice gives to pay; ``rate_basis`` says in words how the late-payment rate is set
    (contract or L441-10 default); ``indemnity_amount`` is the per-invoice fixed indemnity from
    the dated legal tables (40 € since 2013, D441-5), never a literal here.

    ``time_barred`` lists the numbers of the invoices whose claim is time-barred on ``on``
    (the daily run's ``time_barred_invoices``, from ``compliance.time_bar``): they stay
    listed as unpaid, but no legal action may be announced for them and ``totals`` and
    ``statement`` must not claim them (C. conso L121-6).
    """

    on: date
    place: str
    reference: str
    creditor: PartyView
    debtor: PartyView
    debtor_is_professional: bool
    invoices: tuple[InvoiceView, ...]
    totals: Totals
    payment: PaymentDetails
    indemnity_amount: Decimal
    rate_basis: str
    sender_kind: SenderKind = SenderKind.CREDITOR
    agency: PartyView | None = None
    first_letter: FirstLetter | None = None
    statement: tuple[StatementLine, ...] = ()
    statement_on: date | None = None
    grace_days: int = 8
    notice_days: int = 8
    possible_actions: tuple[LegalAction, ...] = ()
    signatory: str = ""
    signatory_title: str = ""
    instalments: tuple[Instalment, ...] = ()
    received: ReceivedPayment | None = None
    language: Language = Language.FR
    contact_line: str = ""
    previous_reminder_on: date | None = None
    claim_basis: str = ""
    time_barred: tuple[str, ...] = ()
    upcoming: tuple[InvoiceView, ...] = ()  # not yet due on ``on``: named apart, never claimed
    # False: the creditor does not claim penalties and the 40 € at this step (``fees_clause``)
    fees_claimed: bool = True
    # The date of the last published rate used where a half-year's rate is not published yet
    # (a creditor's « dernier taux publié »): the document says « montant à parfaire ».
    provisional_rate_on: date | None = None

    @property
    def sender(self) -> PartyView:
        """Who writes: the agency when there is one, else the creditor."""
        match self.sender_kind:
            case SenderKind.AGENCY:
                assert self.agency is not None, "une agence expéditrice doit être renseignée"
                return self.agency
            case SenderKind.CREDITOR:
                return self.creditor

    @property
    def outstanding(self) -> Decimal:
        return sum((inv.outstanding for inv in self.invoices), ZERO)

    @property
    def barred_invoices(self) -> tuple[InvoiceView, ...]:
        """The invoices of ``time_barred``, in the order of ``invoices``."""
        barred = set(self.time_barred)
        return tuple(inv for inv in self.invoices if inv.number in barred)

    @property
    def enforceable_invoices(self) -> tuple[InvoiceView, ...]:
        """The invoices a court could still be asked to enforce (not time-barred)."""
        barred = set(self.time_barred)
        return tuple(inv for inv in self.invoices if inv.number not in barred)

    @property
    def all_time_barred(self) -> bool:
        """Every invoice is time-barred: no legal action may be announced at all."""
        return bool(self.invoices) and not self.enforceable_invoices


def party_from_creditor(creditor: Creditor) -> PartyView:
    return PartyView(
        name=creditor.name,
        address_lines=printed_address(creditor.address),
        siren=creditor.siren,
        email=creditor.email,
        phone=creditor.phone,
    )


def party_from_debtor(debtor: Debtor, attention: str | None = None) -> PartyView:
    return PartyView(
        name=debtor.name,
        address_lines=printed_address(debtor.address),
        siren=debtor.siren,
        email=debtor.emails[0] if debtor.emails else None,
        phone=debtor.phones[0] if debtor.phones else None,
        attention=attention if debtor.kind is DebtorKind.COMPANY else None,
    )


def invoice_views(invoices: Iterable[Invoice]) -> tuple[InvoiceView, ...]:
    return tuple(
        InvoiceView(i.number, i.issue_date, i.due_date, i.amount, i.paid) for i in invoices
    )


def printed_address(address: Address) -> tuple[str, ...]:
    """An address as the window envelope shows it: the street lines, ``postal_code city``, and
    when abroad the country's name in capitals on the last line, in French, the language of
    the country of posting (UPU S42, La Poste). The overseas départements are France: no
    country line (971 Pointe-à-Pitre is a French address). The town is what gets a letter
    delivered."""
    city = f"{address.postal_code} {address.city}".strip()
    tail = (city,) if city else ()
    country = (country_line(address.country),) if address.is_abroad else ()
    return address.lines + tail + country


def country_line(code: str) -> str:
    """``"BE"`` -> ``"BELGIQUE"``: the country's French name (CLDR), in capitals; an unknown
    code is printed as given."""
    name = str(Locale("fr").territories.get(code.upper(), code))
    return name.upper()
