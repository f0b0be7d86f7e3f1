"""The portfolio summary: how much is owed, by whom, and how old it is on a given date.

The ageing balance (balance âgée) sorts every open invoice by how many days past its due date
it is on ``on``, in the buckets credit managers use: not yet due, 1-30, 31-60, 61-90, 91-180
and more than 180 days. It is the first thing the demo shows and the way a creditor sees which
part of the book needs reminders and which part the judicial route.

Days late follow ``Invoice.days_late``: ``on - due_date`` in calendar days; an invoice due
today is 0 days late, hence not yet due. Bucketing is a pure function over columns (NumPy
``searchsorted`` on the upper bounds), written beside the scalar ``bucket_of`` it must agree
with; money totals are summed in integer cents, never as floats.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol, assert_never

import numpy as np
import numpy.typing as npt

from recouvre.domain.money import from_cents


class AgeingBucket(enum.IntEnum):
    """Ageing buckets in order; the value is the column index ``searchsorted`` returns."""

    NOT_YET_DUE = 0
    DAYS_1_30 = 1
    DAYS_31_60 = 2
    DAYS_61_90 = 3
    DAYS_91_180 = 4
    OVER_180 = 5

    @property
    def label(self) -> str:
        """The French label, as printed."""
        match self:
            case AgeingBucket.NOT_YET_DUE:
                return "non échu"
            case AgeingBucket.DAYS_1_30:
                return "1 à 30 jours"
            case AgeingBucket.DAYS_31_60:
                return "31 à 60 jours"
            case AgeingBucket.DAYS_61_90:
                return "61 à 90 jours"
            case AgeingBucket.DAYS_91_180:
                return "91 à 180 jours"
            case AgeingBucket.OVER_180:
                return "plus de 180 jours"
            case _:
                assert_never(self)


# The last day late of each bucket but the open-ended one: bucket i holds
# UPPER_DAYS[i-1] < days_late <= UPPER_DAYS[i].
UPPER_DAYS: tuple[int, ...] = (0, 30, 60, 90, 180)
_UPPER = np.asarray(UPPER_DAYS, dtype=np.int64)

IntColumn = npt.NDArray[np.int64]


def bucket_of(days_late: int) -> AgeingBucket:
    """The reference scalar rule (days late <= 0 means not yet due)."""
    for bucket, upper in zip(AgeingBucket, UPPER_DAYS, strict=False):
        if days_late <= upper:
            return bucket
    return AgeingBucket.OVER_180


def bucket_indexes(days_late: IntColumn) -> IntColumn:
    """Bucket index (``AgeingBucket`` value) of each days-late value, vectorised."""
    return np.searchsorted(_UPPER, days_late, side="left").astype(np.int64)


def days_late_on(due_dates: npt.NDArray[np.datetime64], on: date) -> IntColumn:
    """``on - due_date`` in days for a column of ``datetime64[D]`` due dates."""
    return (np.datetime64(on, "D") - due_dates.astype("datetime64[D]")).astype(np.int64)


@dataclass(frozen=True, slots=True)
class BucketTotal:
    bucket: AgeingBucket
    invoices: int
    outstanding: Decimal


def ageing(days_late: IntColumn, outstanding_cents: IntColumn) -> tuple[BucketTotal, ...]:
    """Count and outstanding total per bucket, every bucket present (zeros included)."""
    if days_late.shape != outstanding_cents.shape:
        raise ValueError("colonnes de longueurs différentes")
    index = bucket_indexes(days_late)
    size = len(AgeingBucket)
    counts = np.bincount(index, minlength=size)
    totals = np.zeros(size, dtype=np.int64)
    np.add.at(totals, index, outstanding_cents.astype(np.int64))  # exact integer cents
    return tuple(
        BucketTotal(bucket, int(counts[bucket]), from_cents(int(totals[bucket])))
        for bucket in AgeingBucket
    )


@dataclass(frozen=True, slots=True)
class OpenInvoiceColumns:
    """Open invoices as columns: due dates (``datetime64[D]``) and outstanding cents."""

    due_dates: npt.NDArray[np.datetime64]
    outstanding_cents: IntColumn


@dataclass(frozen=True, slots=True)
class OpenAccount:
    """What one debtor owes one creditor (the case, when the import opened one)."""

    case_reference: str | None
    creditor_name: str
    debtor_name: str
    debtor_kind: str
    city: str
    departement: str | None
    open_invoices: int
    outstanding_cents: int
    oldest_due_date: date


class PortfolioReader(Protocol):
    """The port the summary reads through (``adapters.db.queries.portfolio``)."""

    def count_creditors(self) -> int: ...

    def count_debtors(self) -> int: ...

    def count_open_cases(self) -> int: ...

    def open_invoice_columns(self) -> OpenInvoiceColumns: ...

    def open_accounts(self, limit: int) -> Sequence[OpenAccount]:
        """The accounts with open invoices, largest outstanding first."""
        ...


@dataclass(frozen=True, slots=True)
class AccountLine:
    account: OpenAccount
    outstanding: Decimal
    oldest_days_late: int
    why: str  # why it is shown, in French


@dataclass(frozen=True, slots=True)
class PortfolioSummary:
    on: date
    creditors: int
    debtors: int
    open_cases: int
    open_invoices: int
    outstanding: Decimal
    buckets: tuple[BucketTotal, ...]
    sample_accounts: tuple[AccountLine, ...]


_ALSACE_MOSELLE = frozenset({"57", "67", "68"})


def _line(account: OpenAccount, on: date, why: str) -> AccountLine:
    return AccountLine(
        account, from_cents(account.outstanding_cents), (on - account.oldest_due_date).days, why
    )


def showcase(accounts: Sequence[OpenAccount], on: date) -> tuple[AccountLine, ...]:
    """A few accounts that show the variety of the book: the largest, the oldest, a consumer,
    one in Alsace-Moselle and one overseas; an account picked twice says both reasons."""
    reasons: dict[int, list[str]] = {}

    def take(index: int | None, why: str) -> None:
        if index is not None:
            reasons.setdefault(index, []).append(why)

    def first(predicate: Callable[[OpenAccount], bool]) -> int | None:
        return next((i for i, a in enumerate(accounts) if predicate(a)), None)

    if accounts:
        take(0, "encours le plus élevé")
        oldest = min(range(len(accounts)), key=lambda i: accounts[i].oldest_due_date)
        take(oldest, "retard le plus ancien")
    take(first(lambda a: a.debtor_kind == "consumer"), "particulier")
    take(first(lambda a: a.departement in _ALSACE_MOSELLE), "Alsace-Moselle")
    take(first(lambda a: (a.departement or "").startswith("97")), "outre-mer")
    return tuple(_line(accounts[i], on, ", ".join(whys)) for i, whys in reasons.items())


def summarise(reader: PortfolioReader, on: date, accounts_scanned: int = 500) -> PortfolioSummary:
    """The summary use case: counts, outstanding total, ageing buckets and sample accounts."""
    columns = reader.open_invoice_columns()
    buckets = ageing(days_late_on(columns.due_dates, on), columns.outstanding_cents)
    return PortfolioSummary(
        on=on,
        creditors=reader.count_creditors(),
        debtors=reader.count_debtors(),
        open_cases=reader.count_open_cases(),
        open_invoices=int(columns.outstanding_cents.shape[0]),
        outstanding=from_cents(int(columns.outstanding_cents.sum(dtype=np.int64))),
        buckets=buckets,
        sample_accounts=showcase(reader.open_accounts(accounts_scanned), on),
    )
