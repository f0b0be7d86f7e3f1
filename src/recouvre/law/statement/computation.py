"""The statement (décompte) of a claim on a date: what is owed, slice by slice, and why.

Legal basis: CPC 1407 asks an injonction de payer request for « le décompte des différents
éléments de la créance »; CPCE R124-4 asks an agency's letter to distinguish principal,
interest and accessories. The elements are computed by the sibling modules:

* interest: C. com. L441-10 between professionals (``interest.late_payment_pieces``), legal
  interest from the formal notice otherwise (C. civ. 1231-6, 1344-1), majorated by 5 points two
  months after the judgment's service (CMF L313-3), stopped at the opening of collective
  proceedings (C. com. L622-28), capitalised yearly only if a clause or judgment says so
  (C. civ. 1343-2);
* the 40 € indemnity and justified costs (``indemnity``);
* payments, imputed across invoices (C. civ. 1342-10) and within each (C. civ. 1343-1).

How payments and interest interact (the rule this module makes explicit): the timeline is
walked in date order. On a payment dated ``d`` each invoice's interest is accrued through
``d`` inclusive on the balance before the payment (interest runs to the payment date); the
payment is imputed (accessories, then interest, then principal by default); the reduced
principal is the new basis **from ``d + 1``**. An invoice that receives nothing from a payment
is not cut at that date, so its slices stay whole half-years.

Worked example: 12 345,67 € due 2024-03-15, paid in full
2025-02-10; on 2025-02-10 the statement shows penalties 524,78 + 886,86 + 182,36 = 1 594,00 €
and the 40 € indemnity. With the default order the payment first pays those 1 634,00 €, so
the principal still owed is 1 634,00 € and it keeps bearing penalties from 2025-02-11.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date
from typing import assert_never

from recouvre.domain.money import ZERO
from recouvre.domain.payments import Payment
from recouvre.law.imputation import Allocation, Imputation, Owed, Rule, impute
from recouvre.law.interest import InterestSlice, tables_for
from recouvre.law.parameters import LegalRow, LegalTables, provisional_rate_on
from recouvre.law.periods import ONE_DAY
from recouvre.law.statement.explain import Notice, NoticeCode, format_date, provisional_notice
from recouvre.law.statement.inputs import (
    ClaimFacts,
    ClaimInvoice,
    Cost,
    CreditorKind,
    FormalNotice,
    InterestStart,
    Judgment,
    StatementOptions,
)
from recouvre.law.statement.ledger import (
    Ledger,
    Walk,
    anniversaries,
    capitalisation_origin,
    floor_notice,
    interest_setup,
    payment_term_notice,
)
from recouvre.law.statement.result import (
    InvoiceStatement,
    PaymentImputation,
    Statement,
    StatementTotals,
)

__all__ = [
    "ClaimFacts",
    "ClaimInvoice",
    "Cost",
    "CreditorKind",
    "FormalNotice",
    "InterestStart",
    "InvoiceStatement",
    "Judgment",
    "PaymentImputation",
    "Statement",
    "StatementOptions",
    "StatementTotals",
    "statement",
]


class _Stop(enum.IntEnum):
    """What happens at a checkpoint; on one day payments come before capitalisation."""

    PAYMENT = 0
    CAPITALISATION = 1


def statement(
    invoices: Sequence[ClaimInvoice],
    payments: Sequence[Payment],
    facts: ClaimFacts,
    on: date,
    tables: LegalTables,
    options: StatementOptions | None = None,
    costs: Sequence[Cost] = (),
) -> Statement:
    """The statement of the claim on ``on`` (payments after ``on`` are left out, flagged).
    With ``options.missing_rate`` « dernier taux publié » a half-year with no published rate
    takes the last published one and the statement is provisional (``provisional_rate_on``)."""
    options = options or StatementOptions()
    walk = Walk(facts, options, tables_for(tables, options.missing_rate), costs)
    ledgers = _open_ledgers(walk, invoices, payments, on)
    kept = _payments_through(walk, payments, on)
    imputations: list[PaymentImputation] = []
    for day, stop, index in _checkpoints(ledgers, kept, facts, on):
        match stop:
            case _Stop.CAPITALISATION:
                ledger = ledgers[index]
                walk.commit(ledger, day, walk.accrue(ledger, day))
                ledger.capitalised = ledger.interest_outstanding
            case _Stop.PAYMENT:
                imputations.append(_impute(walk, ledgers, kept[index], day))
            case _:
                assert_never(stop)
    results = [_close(walk, ledger, on) for ledger in ledgers]
    rows_used: list[LegalRow] = []
    for ledger in ledgers:
        rows_used.extend(ledger.rows)
        rows_used.extend(row for s in ledger.slices for row in s.rows)
    if not facts.professional_parties and any(not c.enforcement for c in costs):
        walk.notices.append(
            Notice(
                NoticeCode.COSTS_NOT_CHARGEABLE,
                "Frais de recouvrement amiable non mis à la charge du débiteur : ils restent "
                "au créancier sans titre exécutoire (CPCE L111-8)",
            )
        )
    rate_on = provisional_rate_on(row for r in results for s in r.slices for row in s.rows)
    if rate_on is not None:
        walk.notices.append(Notice(NoticeCode.PROVISIONAL_RATE, provisional_notice(rate_on)))
    return Statement(on, tuple(results), tuple(imputations), tuple(walk.notices), tuple(rows_used))


def _open_ledgers(
    walk: Walk, invoices: Sequence[ClaimInvoice], payments: Sequence[Payment], on: date
) -> list[Ledger]:
    """One ledger per invoice, its interest regime and start set; interest stopped the day
    before an opening of collective proceedings (C. com. L622-28). An invoice's ``paid``
    already holds the principal parts of the payments recouvre imputed (``Payment.parts``):
    the ledger starts from the balance before them, which the walk then pays down on each
    payment's date, so that interest runs on the principal as it was on each day."""
    facts, options, tables = walk.facts, walk.options, walk.tables
    stop = facts.collective_opened_on
    ledgers: list[Ledger] = []
    for line in invoices:
        invoice = line.invoice
        regime, start_after, increased_from, rows, notices = interest_setup(
            invoice, facts, options, tables
        )
        walk.notices.extend(notices)
        term_notice = payment_term_notice(invoice, facts, tables)
        if term_notice is not None:
            walk.notices.append(term_notice)
        last_day = on if stop is None else min(on, stop - ONE_DAY)
        ledgers.append(
            Ledger(
                line,
                regime,
                start_after,
                last_day,
                increased_from,
                invoice.amount - invoice.paid + sum(
                    (p.principal_on(invoice.number) for p in payments), ZERO
                ),
                accrued_through=start_after,
                rows=rows,
            )
        )
    if stop is not None and stop <= on:
        walk.notices.append(
            Notice(
                NoticeCode.INTEREST_STOPPED,
                f"Intérêts arrêtés au {format_date(stop - ONE_DAY)} : procédure collective "
                f"ouverte le {format_date(stop)} (C. com. L622-28)",
            )
        )
    return ledgers


def _payments_through(walk: Walk, payments: Sequence[Payment], on: date) -> list[Payment]:
    """The payments received by ``on``; each later one is left out with a notice."""
    for p in payments:
        if p.received_on > on:
            walk.notices.append(
                Notice(
                    NoticeCode.PAYMENT_AFTER_DATE,
                    f"Paiement du {format_date(p.received_on)} postérieur au "
                    f"{format_date(on)} : non pris en compte",
                )
            )
    return [p for p in payments if p.received_on <= on]


def _checkpoints(
    ledgers: Sequence[Ledger], kept: Sequence[Payment], facts: ClaimFacts, on: date
) -> list[tuple[date, _Stop, int]]:
    """The days the walk stops at, in order: (last day accrued before the change, what
    changes, the payment's or the ledger's index)."""
    found = [(p.received_on, _Stop.PAYMENT, i) for i, p in enumerate(kept)]
    origin = capitalisation_origin(facts)
    if origin is not None:
        for i, ledger in enumerate(ledgers):
            if ledger.regime is None or ledger.start_after is None:
                continue
            # a whole year of interest: count from the later of the clause and the first day
            start = max(origin, ledger.start_after + ONE_DAY)
            found.extend((d - ONE_DAY, _Stop.CAPITALISATION, i) for d in anniversaries(start, on))
    found.sort(key=lambda c: (c[0], c[1], c[2]))
    return found


def _impute(
    walk: Walk, ledgers: Sequence[Ledger], payment: Payment, day: date
) -> PaymentImputation:
    """Accrue every invoice through ``day``, impute the payment (C. civ. 1342-10, 1343-1) and
    commit the interest of the invoices it reached. A payment recouvre imputed when it recorded
    it (``Payment.parts``) is applied as recorded, not imputed again."""
    if payment.parts:
        return _apply_recorded(walk, ledgers, payment, day)
    provisional: dict[str, list[InterestSlice]] = {}
    owed: list[Owed] = []
    for ledger in ledgers:
        walk.settle_lateness(ledger, day)
        slices = provisional[ledger.number] = walk.accrue(ledger, day)
        interest = ledger.interest_outstanding + sum((s.amount for s in slices), ZERO)
        accessories = (
            ledger.indemnity
            - ledger.indemnity_paid
            + walk.costs_on(ledger, day)
            - ledger.costs_paid
        )
        rate = slices[-1].rate if slices else ZERO
        owed.append(
            Owed(
                ledger.number,
                ledger.line.invoice.due_date,
                accessories,
                interest,
                ledger.principal,
                rate,
            )
        )
    imputation = impute(payment.amount, day, owed, payment.designated_invoice, walk.options.order)
    by_number = {ledger.number: ledger for ledger in ledgers}
    for allocation in imputation.allocations:
        ledger = by_number[allocation.invoice]
        walk.commit(ledger, day, provisional[ledger.number])
        to_indemnity = min(allocation.accessories, ledger.indemnity - ledger.indemnity_paid)
        ledger.indemnity_paid += to_indemnity
        ledger.costs_paid += allocation.accessories - to_indemnity
        ledger.interest_paid += allocation.interest
        ledger.principal -= allocation.principal
        ledger.capitalised = min(ledger.capitalised, ledger.interest_outstanding)
    walk.notices.extend(imputation.notices)
    return PaymentImputation(payment, imputation)


def _apply_recorded(
    walk: Walk, ledgers: Sequence[Ledger], payment: Payment, day: date
) -> PaymentImputation:
    """Apply ``payment``'s recorded parts on ``day``: each invoice it reached accrues through
    ``day``, then pays its accessories, interest and principal parts. A part on an invoice no
    longer in the statement (settled since) is left out with it."""
    by_number = {ledger.number: ledger for ledger in ledgers}
    allocations: list[Allocation] = []
    for part in payment.parts:
        ledger = by_number.get(part.invoice)
        if ledger is None:
            continue
        walk.settle_lateness(ledger, day)
        walk.commit(ledger, day, walk.accrue(ledger, day))
        to_indemnity = min(part.accessories, ledger.indemnity - ledger.indemnity_paid)
        ledger.indemnity_paid += to_indemnity
        ledger.costs_paid += part.accessories - to_indemnity
        ledger.interest_paid += part.interest
        ledger.principal -= part.principal
        ledger.capitalised = min(ledger.capitalised, ledger.interest_outstanding)
        allocations.append(
            Allocation(part.invoice, part.accessories, part.interest, part.principal, Rule.RECORDED)
        )
    surplus = payment.amount - sum((a.total for a in allocations), ZERO)
    return PaymentImputation(payment, Imputation(payment.amount, tuple(allocations), surplus))


def _close(walk: Walk, ledger: Ledger, on: date) -> InvoiceStatement:
    """Accrue the invoice through ``on`` and state it."""
    walk.settle_lateness(ledger, on)
    walk.commit(ledger, on, walk.accrue(ledger, on))
    invoice = ledger.line.invoice
    notice = floor_notice(ledger, walk.tables, walk.options)
    if notice is not None:
        walk.notices.append(notice)
    return InvoiceStatement(
        number=invoice.number,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        amount=invoice.amount - invoice.paid,
        regime=ledger.regime,
        interest_from=ledger.start_after + ONE_DAY if ledger.start_after else None,
        slices=tuple(ledger.slices),
        interest_paid=ledger.interest_paid,
        indemnity=ledger.indemnity,
        indemnity_paid=ledger.indemnity_paid,
        costs=walk.costs_on(ledger, on),
        costs_paid=ledger.costs_paid,
        principal_paid=invoice.amount - invoice.paid - ledger.principal,
        capitalised=ledger.capitalised,
    )
