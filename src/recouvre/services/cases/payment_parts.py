"""What a payment recorded on a case pays on each invoice: its parts (C. civ. 1342-10, 1343-1).

Across the invoices the debtor's designation comes first, then the debts due, the one the
debtor had most interest to pay, the oldest, pro rata (C. civ. 1342-10, ``law.imputation``).
Within an invoice a partial payment goes first to the interest (C. civ. 1343-1) and, the
case law extending it to recovery costs (Cass. 1re civ., 7 Feb. 1995), to the accessories:
the late-payment penalties (C. com. L441-10), the 40 € indemnity (D441-5) and the costs.

The rule recouvre follows: the accessories come first once the case has been sent a document
that claimed them (``ActionStore.fees_claimed``). Before that the creditor has asked for the
principal only (a courtesy reminder under its ``fees_from`` setting, or nothing sent yet), and
the creditor accepts that the payment of that principal settles it: 1343-1 protects the
creditor, who may accept another imputation. Imputing such a payment on penalties the debtor
was never asked for would leave the invoice open and chase the debtor again for money they
believe paid. When a rate of the period is not published the statement cannot say what the
accessories are: the payment then goes to the principal, the debtor's side of the doubt.

The parts are stored with the payment (``Payment.parts``); the principal parts are added to
the invoices' ``paid``; every later statement applies them as recorded.

Example: 1 000 € due 2025-01-31 between professionals, a formal notice claiming penalties and
40 € sent; 500 € paid on 2025-03-01: 40 € to the indemnity, the penalties accrued through the
payment date to the interest, the rest to the principal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.money import ZERO
from recouvre.domain.payments import Payment, PaymentPart
from recouvre.law.imputation import Imputation, Owed, impute
from recouvre.law.parameters import MissingLegalData
from recouvre.scenarios.fees import CLAIMING_KINDS
from recouvre.services.daily_run.ports import PlanUnitOfWork

CLAIMING_KIND_NAMES = frozenset(kind.value for kind in CLAIMING_KINDS)


class CaseImputer(Protocol):
    """The legal engine on the case's statement (the composition root wires it): both raise
    ``MissingLegalData`` when a rate of the period is not published."""

    def impute(self, uow: PlanUnitOfWork, case: Case, payment: Payment) -> Imputation:
        """``payment`` imputed on the statement at its date, the earlier payments applied."""
        ...

    def owed_due(self, uow: PlanUnitOfWork, case: Case, on: date) -> Decimal:
        """What the invoices due by ``on`` owe on ``on``, accessories included."""
        ...


def payment_parts(
    uow: PlanUnitOfWork,
    case: Case,
    payment: Payment,
    open_invoices: Sequence[Invoice],
    imputer: CaseImputer | None,
) -> tuple[PaymentPart, ...]:
    """How ``payment`` is imputed on the case (the rule of the module docstring)."""
    assert case.id is not None
    on = payment.received_on
    if imputer is not None and uow.actions.fees_claimed(case.id, CLAIMING_KIND_NAMES, on):
        try:
            return parts_of(imputer.impute(uow, case, payment))
        except MissingLegalData:
            pass
    return principal_parts(payment.amount, on, open_invoices, payment.designated_invoice)


def owed_with_fees(
    uow: PlanUnitOfWork, case: Case, on: date, imputer: CaseImputer | None
) -> Decimal | None:
    """What the case's invoices due owe on ``on``, accessories included, when a document
    claimed them; ``None`` when none did or a rate is not published (the principal is owed)."""
    assert case.id is not None
    if imputer is None or not uow.actions.fees_claimed(case.id, CLAIMING_KIND_NAMES, on):
        return None
    try:
        return imputer.owed_due(uow, case, on)
    except MissingLegalData:
        return None


def principal_parts(
    amount: Decimal, on: date, open_invoices: Sequence[Invoice], designated: str | None
) -> tuple[PaymentPart, ...]:
    """``amount`` imputed on the principal of ``open_invoices`` alone (C. civ. 1342-10)."""
    owed = [
        Owed(i.number, i.due_date, ZERO, ZERO, i.outstanding)
        for i in open_invoices
        if i.outstanding > 0
    ]
    return parts_of(impute(amount, on, owed, designated=designated))


def parts_of(imputation: Imputation) -> tuple[PaymentPart, ...]:
    return tuple(
        PaymentPart(a.invoice, a.principal, a.interest, a.accessories)
        for a in imputation.allocations
        if a.total > 0
    )
