"""Imputation of a payment: across invoices (C. civ. 1342-10), within one (C. civ. 1343-1).

Legal basis
-----------
* **C. civ. 1342-10**: « Le débiteur de plusieurs dettes peut indiquer, lorsqu'il paie, celle
  qu'il entend acquitter. A défaut d'indication par le débiteur, l'imputation a lieu comme
  suit : d'abord sur les dettes échues ; parmi celles-ci, sur les dettes que le débiteur avait
  le plus d'intérêt d'acquitter. A égalité d'intérêt, l'imputation se fait sur la plus
  ancienne ; toutes choses égales, elle se fait proportionnellement. »
  Algorithm: (1) the debtor's designation; (2) due invoices before the others;
  (3) « most interest to pay » is not computable in general: when the due invoices bear
  different rates the result is flagged for a human, and by default the higher rate goes
  first; (4) then the oldest (earliest due date); (5) all equal: pro rata, the cents split by
  largest remainder so that the parts add up exactly.
* **C. civ. 1343-1**: « Le paiement partiel s'impute d'abord sur les intérêts », extended to
  recovery costs (Cass. 1re civ., 7 Feb. 1995). Default order: accessories (indemnity and
  costs), then interest, then principal; the order between costs and interest is practice
  [U] and is configurable (``order``).

Money is never lost: whatever no invoice can absorb is returned as ``surplus`` (an
overpayment, flagged), so ``sum(allocations) + surplus == amount`` always.

Worked example: 1 000 € paid without designation on 2025-03-01; invoice A (due 2025-01-31,
owes 40 € indemnity, 12,50 € interest, 600 € principal) and invoice B (due 2025-02-15, owes
800 € principal). A is older: 40 + 12,50 + 600 = 652,50 € to A, then 347,50 € to B's principal.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import assert_never

from recouvre.domain.money import CENT, ZERO
from recouvre.law.statement.explain import Notice, NoticeCode, format_date, format_euros


class Component(enum.StrEnum):
    """What a payment pays within an invoice."""

    ACCESSORIES = "accessories"  # the 40 € indemnity and justified costs
    INTEREST = "interest"
    PRINCIPAL = "principal"


DEFAULT_ORDER: tuple[Component, ...] = (
    Component.ACCESSORIES,
    Component.INTEREST,
    Component.PRINCIPAL,
)


class Rule(enum.StrEnum):
    """Which rule of 1342-10 decided (the first one that applied)."""

    DESIGNATION = "designation"
    DUE_DEBTS = "due_debts"
    OLDEST = "oldest"
    PRO_RATA = "pro_rata"
    RECORDED = "recorded"  # imputed when recouvre recorded the payment (``Payment.parts``)


@dataclass(frozen=True, slots=True)
class Owed:
    """What one invoice owes on the payment date, and how costly it is for the debtor."""

    invoice: str
    due_date: date
    accessories: Decimal
    interest: Decimal
    principal: Decimal
    rate: Decimal = ZERO  # interest rate running on the payment date (« most interest »)

    @property
    def total(self) -> Decimal:
        return self.accessories + self.interest + self.principal

    def part(self, component: Component) -> Decimal:
        match component:
            case Component.ACCESSORIES:
                return self.accessories
            case Component.INTEREST:
                return self.interest
            case Component.PRINCIPAL:
                return self.principal
            case _:
                assert_never(component)


@dataclass(frozen=True, slots=True)
class Allocation:
    invoice: str
    accessories: Decimal
    interest: Decimal
    principal: Decimal
    rule: Rule

    @property
    def total(self) -> Decimal:
        return self.accessories + self.interest + self.principal


@dataclass(frozen=True, slots=True)
class Imputation:
    amount: Decimal
    allocations: tuple[Allocation, ...]
    surplus: Decimal
    notices: tuple[Notice, ...] = ()


def within_invoice(
    amount: Decimal, owed: Owed, rule: Rule, order: Sequence[Component] = DEFAULT_ORDER
) -> tuple[Allocation, Decimal]:
    """Apply ``amount`` to one invoice in ``order`` (1343-1); return the allocation, the rest."""
    if sorted(order) != sorted(Component):
        raise ValueError("ordre d'imputation : chaque composante exactement une fois")
    left = amount
    parts: dict[Component, Decimal] = {}
    for component in order:
        take = min(left, owed.part(component))
        parts[component] = take
        left -= take
    allocation = Allocation(
        owed.invoice,
        parts[Component.ACCESSORIES],
        parts[Component.INTEREST],
        parts[Component.PRINCIPAL],
        rule,
    )
    return allocation, left


def pro_rata(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``amount`` (whole cents) in proportion to ``weights``; exact to the cent
    (largest remainder, ties to the first)."""
    total = sum(weights, ZERO)
    if total <= 0:
        raise ValueError("répartition au prorata sans base")
    exact = [amount * w / total for w in weights]
    shares = [e.quantize(CENT, rounding=ROUND_FLOOR) for e in exact]
    missing = int((amount - sum(shares, ZERO)) / CENT)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[:missing]:
        shares[i] += CENT
    return shares


def impute(
    amount: Decimal,
    on: date,
    owed: Sequence[Owed],
    designated: str | None = None,
    order: Sequence[Component] = DEFAULT_ORDER,
) -> Imputation:
    """Impute a payment of ``amount`` received ``on`` across the invoices ``owed``."""
    if amount <= 0:
        raise ValueError("paiement nul ou négatif")
    remaining = {o.invoice: o for o in owed if o.total > 0}
    allocations: list[Allocation] = []
    notices: list[Notice] = []
    left = amount

    if designated is not None:
        left = _designated(left, on, designated, owed, remaining, order, allocations, notices)

    due = [o for o in remaining.values() if o.due_date <= on]
    not_due = [o for o in remaining.values() if o.due_date > on]
    if left > 0 and len({o.rate for o in due}) > 1:
        notices.append(
            Notice(
                NoticeCode.IMPUTATION_NEEDS_REVIEW,
                f"Paiement du {format_date(on)} : les dettes échues portent des taux différents ; "
                "la dette que le débiteur avait le plus d'intérêt d'acquitter est à vérifier "
                "(imputée par défaut sur le taux le plus élevé)",
            )
        )
    for group, first_rule in ((due, Rule.DUE_DEBTS), (not_due, Rule.OLDEST)):
        left = _in_legal_order(left, group, first_rule, order, allocations)
    if left > 0:
        notices.append(
            Notice(
                NoticeCode.OVERPAYMENT,
                f"Paiement du {format_date(on)} : {format_euros(left)} excèdent toutes les dettes "
                "(trop-perçu à restituer ou à affecter)",
            )
        )
    return Imputation(amount, tuple(a for a in allocations if a.total > 0), left, tuple(notices))


def _designated(
    left: Decimal,
    on: date,
    designated: str,
    owed: Sequence[Owed],
    remaining: dict[str, Owed],
    order: Sequence[Component],
    allocations: list[Allocation],
    notices: list[Notice],
) -> Decimal:
    """The debtor's choice first (C. civ. 1342-10 al. 1): the designated invoice takes what
    it owes; what is left (returned) goes by the legal order. The invoice leaves
    ``remaining``; a designation of a paid or unknown invoice is noted and ignored."""
    target = remaining.get(designated)
    if target is None:
        known = any(o.invoice == designated for o in owed)
        notices.append(
            Notice(
                NoticeCode.DESIGNATION_EXCEEDED,
                f"Paiement du {format_date(on)} désignant la facture {designated} "
                + ("déjà soldée" if known else "inconnue")
                + " : imputation selon l'article 1342-10 du Code civil",
                designated,
            )
        )
        return left
    allocation, left = within_invoice(left, target, Rule.DESIGNATION, order)
    allocations.append(allocation)
    del remaining[designated]
    if left > 0:
        notices.append(
            Notice(
                NoticeCode.DESIGNATION_EXCEEDED,
                f"Paiement du {format_date(on)} supérieur au solde de la facture "
                f"{designated} : {format_euros(left)} imputés sur les autres dettes",
                designated,
            )
        )
    return left


def _in_legal_order(
    left: Decimal,
    group: Sequence[Owed],
    first_rule: Rule,
    order: Sequence[Component],
    allocations: list[Allocation],
) -> Decimal:
    """Impute ``left`` across one group (debts due, then not due) in the order of C. civ.
    1342-10 al. 2: the highest rate first (the debt the debtor had most interest in paying),
    then the oldest, and pro rata between equals; what is left is returned."""
    ranked = sorted(group, key=lambda o: (-o.rate, o.due_date, o.invoice))
    index = 0
    while index < len(ranked) and left > 0:
        head = ranked[index]
        tie = [o for o in ranked[index:] if (o.rate, o.due_date) == (head.rate, head.due_date)]
        index += len(tie)
        if len(tie) == 1:
            rule = Rule.OLDEST if len(ranked) > 1 else first_rule
            allocation, left = within_invoice(left, head, rule, order)
            allocations.append(allocation)
            continue
        tie_total = sum((o.total for o in tie), ZERO)
        if left >= tie_total:
            for o in tie:
                allocation, _ = within_invoice(o.total, o, Rule.PRO_RATA, order)
                allocations.append(allocation)
            left -= tie_total
            continue
        for o, share in zip(tie, pro_rata(left, [o.total for o in tie]), strict=True):
            allocation, rest = within_invoice(share, o, Rule.PRO_RATA, order)
            allocations.append(allocation)
            left -= share - rest
        break
    return left
