"""The REST API's documented shapes (OpenAPI schemas): what each answer holds. Money is a
decimal string with two places (``"1234.56"``), dates ISO 8601; records may carry more fields
than listed (``extra="allow"``), never fewer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

Money = Annotated[str, Field(pattern=r"^-?\d+\.\d{2}$", examples=["1234.56"])]
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def _in_range(day: date | None) -> date | None:
    if day is not None and not EARLIEST <= day <= LATEST:
        raise ValueError("date hors de la plage admise (2000 à 2100)")
    return day


Day = Annotated[date, AfterValidator(_in_range)]
AMOUNT_PATTERN = r"^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{0,9}(\.[0-9]{1,2})?)$"
Amount = Annotated[
    Decimal,
    Field(gt=0, lt=10**10, max_digits=12, decimal_places=2),
    WithJsonSchema({"type": "string", "pattern": AMOUNT_PATTERN, "examples": ["120.00"]}),
]


class Record(BaseModel):
    model_config = ConfigDict(extra="allow")


class Party(Record):
    name: str
    siren: str | None = None


class CaseRow(Record):
    id: int
    reference: str
    creditor: Party
    debtor: dict[str, Any]
    phase: str
    attitude: str
    opened_on: date | None
    invoices: int
    outstanding: Money
    oldest_due_date: date | None


class Page(BaseModel):
    """One page: ``items`` from ``offset``, at most ``limit``, of ``total`` in all."""

    total: int
    limit: int
    offset: int


class CasePage(Page):
    items: list[CaseRow]


class Invoice(Record):
    id: int
    number: str
    issue_date: date
    due_date: date
    amount: Money
    paid: Money
    outstanding: Money
    status: str


class Payment(Record):
    id: int
    received_on: date
    amount: Money
    designated_invoice: str | None
    reference: str | None
    source: str


class Case(Record):
    id: int
    reference: str
    phase: str
    attitude: str
    outstanding: Money
    creditor: Party
    debtor: dict[str, Any]
    invoices: list[Invoice]
    payments: list[Payment]
    events: list[dict[str, Any]]


class InvoiceList(BaseModel):
    items: list[Invoice]


class PaymentList(BaseModel):
    items: list[Payment]


class Document(Record):
    action_id: int
    step_id: str
    channel: str
    sent_at: str | None
    sha256: str | None
    downloadable: bool


class DocumentList(BaseModel):
    items: list[Document]


class StatementTotals(BaseModel):
    principal: Money
    interest: Money
    indemnity: Money
    costs: Money
    total_due: Money


class InvoiceStatement(BaseModel):
    number: str
    due_date: date
    amount: Money
    principal: Money
    interest: Money
    indemnity: Money
    costs: Money
    total_due: Money


class Statement(BaseModel):
    """What is owed on ``on``, by part (C. com. L441-10 interest, D441-5 indemnity, costs)."""

    case: str
    on: date
    totals: StatementTotals
    invoices: list[InvoiceStatement]


class EventOutcome(Record):
    """What the event did to the case's plan (``recouvre event ... --json``)."""

    reference: str
    reason: str


class ReviewRow(Record):
    id: int
    case_reference: str
    debtor: str
    creditor: str
    step_id: str
    channel: str
    due_on: date
    owed: Money


class ReviewPage(Page):
    items: list[ReviewRow]


class ReviewDecision(Record):
    id: int


class ImportError_(BaseModel):
    line: int | None
    column: str | None
    message: str


class ImportReport(Record):
    ok: bool
    rows: int
    created: int
    changed: int
    unchanged: int
    cases_opened: int
    error_count: int
    errors: list[ImportError_]


class ImportRefused(BaseModel):
    """An import refused whole: nothing was written; every error with its line."""

    error: dict[str, Any]


class PaymentIn(BaseModel):
    amount: Amount
    received_on: Day | None = None
    invoice: Annotated[str, Field(max_length=64)] | None = None


class PromiseIn(BaseModel):
    amount: Amount
    by: Day
    on: Day | None = None


class DisputeIn(BaseModel):
    reason: Annotated[str, Field(min_length=1, max_length=500)]
    on: Day | None = None


class PlanIn(BaseModel):
    instalments: Annotated[int, Field(ge=2, le=120)]
    first: Day
    every_days: Annotated[int, Field(ge=1, le=366)] | None = None
    monthly: bool = False
    on: Day | None = None


class CancelIn(BaseModel):
    reason: Annotated[str, Field(min_length=1, max_length=500)]
