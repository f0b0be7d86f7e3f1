"""The sample portfolio: a seeded, deterministic French-looking book of unpaid invoices.

Two creditors (an SME and a client of a collection agency), about 300 debtors and about 2,000
invoices, as they stand on the date ``on``. Amounts, payment terms, the share of disputed
invoices and how late invoices get paid follow ``params.toml``, fitted on IBM's late-payment
data (``scripts/fit_sample_params.py``). That data only holds invoices that were eventually
settled, so it says nothing about invoices that never are: the share of debtors who stop paying
and what they still pay is the ``Shape`` below, an explicit assumption (docs/sample-portfolio.md).

The story of one invoice, drawn in this order from ``random.Random(seed)`` (no global state):

1. issue date uniform over the ``history_days`` before ``on``; due date = issue + a fitted term;
2. disputed with the fitted share;
3. if its debtor stopped paying before the issue date, it stays unpaid (some partly paid);
4. otherwise it is paid on time with the fitted share (days to settle from the on-time
   quantiles) or late (days late from the late quantiles), disputed and undisputed apart;
5. it is paid in full if that settlement date is on or before ``on``, else still open.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from recouvre.domain.claims import Invoice
from recouvre.domain.money import ZERO, from_cents
from recouvre.domain.parties import Debtor, DebtorKind
from recouvre.simulation.sample.params import Delay, SampleParams, load_params
from recouvre.simulation.sample.parties import (
    ALSACE_MOSELLE,
    METROPOLITAN,
    OVERSEAS,
    Region,
    SampleCreditor,
    make_company,
    make_consumer,
    make_creditors,
    moved_abroad,
)

DEFAULT_SEED = 20240315


@dataclass(frozen=True, slots=True)
class Shape:
    """What the portfolio looks like beyond the fitted distributions (assumptions, not fits)."""

    debtors: int = 300
    invoices: int = 2000
    consumer_share: float = 0.15
    alsace_moselle_share: float = 0.05
    overseas_share: float = 0.04
    abroad_consumer_share: float = 0.15  # of the consumers: living abroad (BE, DE, LU, CH)
    company_without_email_share: float = 0.15
    consumer_without_email_share: float = 0.35
    both_creditors_share: float = 0.05  # debtors owing both creditors
    agency_client_share: float = 0.55  # of the other debtors, those of the agency's client
    # The IBM amounts have no stated unit (median about 60): euros per source unit.
    company_amount_scale: int = 20
    consumer_amount_scale: int = 4
    history_days: int = 540
    defaulting_debtor_share: float = 0.30
    unpaid_after_default_share: float = 0.85
    partial_payment_share: float = 0.25  # of the unpaid invoices
    partial_payment_range: tuple[float, float] = (0.10, 0.70)


@dataclass(frozen=True, slots=True)
class SampleInvoice:
    """One invoice of the sample, with the parties it links and the story behind it."""

    creditor_siren: str
    debtor: Debtor
    invoice: Invoice
    disputed: bool
    settled_on: date | None  # paid in full on that date (on or before ``on``)


@dataclass(frozen=True, slots=True)
class SamplePortfolio:
    on: date
    seed: int
    creditors: tuple[SampleCreditor, ...]
    debtors: tuple[Debtor, ...]
    invoices: tuple[SampleInvoice, ...] = field(repr=False)

    def invoices_of(self, creditor_siren: str) -> tuple[SampleInvoice, ...]:
        return tuple(i for i in self.invoices if i.creditor_siren == creditor_siren)


@dataclass(frozen=True, slots=True)
class _Account:
    """A (creditor, debtor) pair and the date the debtor stopped paying, if it did."""

    creditor: SampleCreditor
    debtor: Debtor
    stopped_paying_on: date | None


# issue date, due date, amount cents, paid cents, disputed, settled on
_Story = tuple[date, date, int, int, bool, date | None]


def _region(rng: random.Random, shape: Shape) -> Region:
    u = rng.random()
    if u < shape.alsace_moselle_share:
        return ALSACE_MOSELLE
    if u < shape.alsace_moselle_share + shape.overseas_share:
        return OVERSEAS
    return METROPOLITAN


def _debtors(rng: random.Random, shape: Shape, taken: set[str]) -> list[Debtor]:
    out: list[Debtor] = []
    for _ in range(shape.debtors):
        region = _region(rng, shape)
        if rng.random() < shape.consumer_share:
            with_email = rng.random() >= shape.consumer_without_email_share
            out.append(make_consumer(rng, region, with_email, taken))
        else:
            with_email = rng.random() >= shape.company_without_email_share
            out.append(make_company(rng, region, with_email, taken))
    return out


def _abroad(seed: int, shape: Shape, debtors: list[Debtor], taken: set[str]) -> list[Debtor]:
    """A share of the consumers live abroad. Drawn from a generator of its own, so that the
    rest of the portfolio (accounts, invoices, amounts) is the one the seed always gave."""
    rng = random.Random(f"{seed}:abroad")
    return [
        moved_abroad(rng, d, taken)
        if d.kind is DebtorKind.CONSUMER and rng.random() < shape.abroad_consumer_share
        else d
        for d in debtors
    ]


def _accounts(
    rng: random.Random, shape: Shape, on: date, creditors: tuple[SampleCreditor, ...],
    debtors: list[Debtor],
) -> list[_Account]:  # fmt: skip
    sme, client = creditors
    start = on - timedelta(days=shape.history_days)
    accounts: list[_Account] = []
    for debtor in debtors:
        u = rng.random()
        if u < shape.both_creditors_share:
            owed_to = [sme, client]
        elif rng.random() < shape.agency_client_share:
            owed_to = [client]
        else:
            owed_to = [sme]
        stopped: date | None = None
        if rng.random() < shape.defaulting_debtor_share:
            stopped = start + timedelta(days=rng.randrange(shape.history_days))
        accounts.extend(_Account(c, debtor, stopped) for c in owed_to)
    return accounts


def _invoice_counts(rng: random.Random, shape: Shape, accounts: list[_Account]) -> list[int]:
    """At least one invoice per account, the rest spread with skewed weights (consumers few)."""
    counts = [1] * len(accounts)
    weights = [
        rng.lognormvariate(0.0, 0.9) * (0.25 if a.debtor.kind is DebtorKind.CONSUMER else 1.0)
        for a in accounts
    ]
    for index in rng.choices(range(len(accounts)), weights, k=shape.invoices - len(accounts)):
        counts[index] += 1
    return counts


def _term(rng: random.Random, params: SampleParams) -> int:
    return rng.choices(params.term_days, params.term_shares)[0]


def _settlement(rng: random.Random, delay: Delay, issue: date, due: date) -> date:
    if rng.random() < delay.share_on_time:
        days = round(delay.days_to_settle_on_time.sample(rng))
        return min(issue + timedelta(days=days), due)
    return due + timedelta(days=max(1, round(delay.days_late.sample(rng))))


def _amount_cents(rng: random.Random, params: SampleParams, shape: Shape, debtor: Debtor) -> int:
    scale = (
        shape.consumer_amount_scale
        if debtor.kind is DebtorKind.CONSUMER
        else shape.company_amount_scale
    )
    return max(100, round(params.amount.sample(rng) * scale * 100))


def _invoice_story(
    rng: random.Random, params: SampleParams, shape: Shape, on: date, account: _Account
) -> _Story:
    issue = on - timedelta(days=rng.randrange(shape.history_days))
    due = issue + timedelta(days=_term(rng, params))
    amount = _amount_cents(rng, params, shape, account.debtor)
    disputed = rng.random() < params.share_disputed
    stopped = account.stopped_paying_on
    if stopped is not None and issue >= stopped and rng.random() < shape.unpaid_after_default_share:
        paid = 0
        if rng.random() < shape.partial_payment_share:
            low, high = shape.partial_payment_range
            paid = round(amount * rng.uniform(low, high) / 100) * 100  # whole euros
        return issue, due, amount, min(paid, amount - 100), disputed, None
    delay = params.disputed if disputed else params.undisputed
    settled = _settlement(rng, delay, issue, due)
    if settled <= on:
        return issue, due, amount, amount, disputed, settled
    return issue, due, amount, 0, disputed, None


def generate(
    on: date,
    seed: int = DEFAULT_SEED,
    params: SampleParams | None = None,
    shape: Shape | None = None,
) -> SamplePortfolio:
    """The sample portfolio as it stands on ``on``; the same seed and date give the same one."""
    params = params or load_params()
    shape = shape or Shape()
    rng = random.Random(seed)
    taken: set[str] = set()
    creditors = make_creditors(rng, taken)
    debtors = _abroad(seed, shape, _debtors(rng, shape, taken), taken)
    accounts = _accounts(rng, shape, on, creditors, debtors)
    stories: list[tuple[_Account, _Story]] = []
    for account, count in zip(accounts, _invoice_counts(rng, shape, accounts), strict=True):
        stories.extend(
            (account, _invoice_story(rng, params, shape, on, account)) for _ in range(count)
        )
    # Number each creditor's invoices in issue order, like a real invoice book.
    stories.sort(key=lambda s: (s[0].creditor.creditor.siren, s[1][0]))
    sequence: dict[tuple[str, int], int] = {}
    invoices: list[SampleInvoice] = []
    for account, (issue, due, amount, paid, disputed, settled) in stories:
        siren = account.creditor.creditor.siren
        book = (siren, issue.year)
        sequence[book] = sequence.get(book, 0) + 1
        number = f"{account.creditor.invoice_prefix}-{issue.year}-{sequence[book]:05d}"
        consumer = account.debtor.kind is DebtorKind.CONSUMER
        invoice = Invoice(
            id=None,
            creditor_id=None,
            debtor_id=None,
            number=number,
            issue_date=issue,
            due_date=due,
            amount=from_cents(amount),
            paid=from_cents(paid) if paid else ZERO,
            completed_on=issue - timedelta(days=rng.randrange(15)) if consumer else None,
        )
        invoices.append(SampleInvoice(siren, account.debtor, invoice, disputed, settled))
    return SamplePortfolio(on, seed, creditors, tuple(debtors), tuple(invoices))
