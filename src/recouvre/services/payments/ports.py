"""What the payment use cases need from storage (``uow.bank_lines``) and what they keep."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from recouvre.domain.bank_statements import BankLine
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.payments import Payment
from recouvre.services.daily_run.ports import PlanRow, PlanUnitOfWork, StoredAction


@dataclass(frozen=True, slots=True)
class AccountHolder:
    """Who a statement's account belongs to: a creditor, or an agency for all its clients."""

    name: str
    creditor_ids: tuple[int, ...]
    creditor_id: int | None
    agency_id: int | None


@dataclass(frozen=True, slots=True)
class OpenInvoice:
    case_id: int
    case_reference: str
    creditor_id: int
    debtor_id: int
    number: str
    due_date: date
    outstanding: Decimal
    debtor_name: str = ""
    payment_reference: str = ""  # BT-83 of the e-invoice it was imported from, if any


@dataclass(frozen=True, slots=True)
class NewBankLine:
    line: BankLine
    account: str
    creditor_id: int | None
    agency_id: int | None
    amount_cents: int
    source_file: str
    imported_at: str


@dataclass(frozen=True, slots=True)
class LineOutcome:
    """What became of a line: ``applied``, ``review``, ``unmatched`` or ``ignored``."""

    status: str
    reason: str
    case_id: int | None = None
    applied_cents: int = 0
    surplus_cents: int = 0
    confidence: int | None = None
    allocations: tuple[tuple[str, int], ...] = ()  # (invoice number, cents) it paid


@dataclass(frozen=True, slots=True)
class Counterpart:
    """A stored line a reversal may undo (an applied credit), or a reversal waiting in review
    that an applied credit may meet: what the two are compared on."""

    id: int
    value_on: date
    amount_cents: int
    credit: bool
    payer_name: str
    payer_iban: str
    bank_reference: str
    texts: tuple[str, ...]  # remittance and structured references
    case_id: int | None
    allocations: tuple[tuple[str, int], ...]
    reason: str


@dataclass(frozen=True, slots=True)
class StoredBankLine:
    id: int
    account: str
    creditor_id: int | None
    agency_id: int | None
    value_on: date
    amount: Decimal
    credit: bool
    reversal: bool
    currency: str
    remittance: str
    payer_name: str
    status: str
    case_reference: str | None
    applied: Decimal
    surplus: Decimal
    confidence: int | None
    reason: str
    source_file: str
    source_line: int
    payer_iban: str = ""
    references: tuple[str, ...] = ()
    bank_reference: str = ""
    case_id: int | None = None


class BankLineStore(Protocol):
    def holder(self, iban: str) -> AccountHolder | None: ...

    def latest_by_holder(self) -> list[tuple[str, date | None]]: ...

    def known_keys(self, keys: Sequence[str]) -> set[str]: ...

    def add(self, line: NewBankLine) -> int: ...

    def add_many(self, lines: Sequence[tuple[NewBankLine, LineOutcome]]) -> None: ...

    def case_invoices(
        self, creditor_ids: Iterable[int], case_ids: Iterable[int] | None = None
    ) -> list[OpenInvoice]:
        """Every invoice of these creditors' cases (only of ``case_ids`` when given)."""
        ...

    def index_cases(self, creditor_ids: Sequence[int]) -> Iterator[list[tuple[int, str, int]]]:
        """(case, reference, debtor) of every case, a part at a time (``open_index``)."""
        ...

    def index_invoices(
        self, creditor_ids: Sequence[int]
    ) -> Iterator[list[tuple[int, str, int, str]]]:
        """(debtor, number, cents still owed, its e-invoice's payment reference or '') of every
        invoice, a part at a time."""
        ...

    def index_names(self, creditor_ids: Sequence[int]) -> Iterator[list[tuple[int, str]]]:
        """(debtor, name) of every debtor with a case, a part at a time."""
        ...

    def reversible_cases(self, account: str, amounts_cents: Iterable[int]) -> set[int]:
        """The cases of the applied credits of ``account`` of these amounts."""
        ...

    def set_outcome(self, line_id: int, outcome: LineOutcome) -> None: ...

    def listing(self, statuses: Sequence[str], limit: int) -> list[StoredBankLine]: ...

    def get(self, line_id: int) -> StoredBankLine | None: ...

    def counterparts(
        self, account: str, amount_cents: int, since: date, until: date, *, applied: bool
    ) -> list[Counterpart]:
        """The lines of ``account`` of that amount valued between the two dates: the applied
        credits (``applied``) or the debits waiting in review."""
        ...

    def mark_reversed(self, line_id: int, reason: str) -> None: ...

    def counterpart(self, line_id: int) -> Counterpart | None: ...

    def waiting_reversal_amounts(self, account: str) -> set[int]:
        """The amounts, in cents, of the debits of ``account`` waiting in review."""
        ...

    def known_ibans(self, creditor_ids: Iterable[int]) -> list[tuple[str, int]]: ...

    def learn_iban(self, debtor_id: int, iban: str, on: date, line_id: int) -> None: ...

    def apply_from(self, creditor_ids: Iterable[int]) -> dict[int, int]: ...

    def set_apply_from(self, creditor_id: int, apply_from: int) -> None: ...


class PaymentBatchStore(Protocol):
    """The reads and writes of a batch of payments applied at once (``bulk_apply``)."""

    def cases(self, case_ids: Sequence[int]) -> dict[int, Case]:
        """Tracked by the unit of work, in the order of ``case_ids``."""
        ...

    def invoices(self, case_ids: Sequence[int]) -> list[tuple[int, Invoice, str]]: ...

    def actions(self, case_ids: Sequence[int]) -> list[StoredAction]: ...

    def fees_claimed_cases(
        self, creditor_ids: Sequence[int], kinds: Collection[str], on: date
    ) -> set[int]: ...

    def upsert_plans(self, rows: Sequence[tuple[PlanRow, str]]) -> None: ...

    def write(
        self,
        paid: Sequence[tuple[int, int, str]],
        added: Sequence[tuple[Payment, str]],
        statuses: Sequence[tuple[int, str, str, str | None]],
        withdrawn: Sequence[tuple[int, date]],
    ) -> None: ...


class PaymentsUnitOfWork(PlanUnitOfWork, Protocol):
    @property
    def bank_lines(self) -> BankLineStore: ...

    @property
    def payment_batch(self) -> PaymentBatchStore: ...
