"""A payment the bank takes back: a reversal (ISO 20022 ``RvslInd``), a returned direct debit,
a chargeback. What it paid is owed again, so the case must say so before the next reminder.

Why: a payment returned unpaid never extinguished the debt (C. civ. 1342-10 imputes only what
the creditor actually received; C. mon. fin. L133-25 lets a payer have a direct debit refunded
within eight weeks, L133-24 an unauthorised one within thirteen months). recouvre would
otherwise keep a case closed while its debtor owes, or a statement claiming too little.

A debit line undoes the applied payment it answers, on evidence, in this order:

1. the same bank reference (the transaction's ``AcctSvcrRef``, else the entry's, else the
   payer's end-to-end id; ``NOTPROVIDED`` is no reference), and the same amount;
2. for a line the bank flags as a reversal (``RvslInd``) or whose text says a return
   (« retour », « rejet », « impayé », « chargeback »…): the same amount, the same payer
   (the same IBAN when both lines give one, else the same normalised name) and the same
   reference (remittance text or structured reference).

The payment must be valued on or before the reversal and at most ``WINDOW_DAYS`` (13 months,
the longest refund right above) earlier. Exactly one payment must answer; several are named
and left to a person. The undoing restores what the payment paid on each invoice (kept on the
line when it was applied), reopens the case it had settled (the unsent steps its closure
cancelled become withdrawn, to be planned again), resumes the scenario and journals
« paiement annulé par la banque (contre-passation) » with both lines' references, in the
import's transaction. A reversal that finds nothing waits in review; a payment imported later
that it answers is undone as soon as it is applied, so the order of the statements does not
change the end state. Other debits (fees, transfers sent) stay ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from recouvre.domain.bank_statements import BankLine
from recouvre.domain.cases import Closure
from recouvre.domain.events.cases import PaymentReversed
from recouvre.domain.money import ZERO, from_cents, to_cents
from recouvre.services.cases.case_events import CaseEvents
from recouvre.services.payments.matching import normalised, payer_key
from recouvre.services.payments.ports import Counterpart, LineOutcome, PaymentsUnitOfWork

SETTLED = "dossier soldé"  # the reason the lifecycle gives when a payment settles a case
WINDOW_DAYS = 400  # 13 months (C. mon. fin. L133-24) and a little more for the bank's delay
_RETURN_WORDS = ("RETOUR", "REJET", "IMPAYE", "RETURN", "CHARGEBACK", "REVERSAL", "CONTREPASS")
NOTHING_FOUND = (
    "contre-passation (rejet, impayé) : aucun paiement affecté ne lui correspond (même référence "
    "bancaire, ou même montant, même payeur et même référence dans les 13 mois) : à examiner"
)


T = TypeVar("T")


def paid_by(
    uow: PaymentsUnitOfWork, case_id: int, pay: Callable[[], T]
) -> tuple[T, tuple[tuple[str, int], ...]]:
    """What ``pay`` (a payment through ``CaseEvents``) paid on each invoice of the case, in
    cents: kept on the line, it is exactly what a reversal restores."""
    before = {i.number: to_cents(i.paid) for i in uow.invoices.for_case(case_id)}
    done = pay()
    after = {i.number: to_cents(i.paid) for i in uow.invoices.for_case(case_id)}
    split = tuple(
        (n, cents - before.get(n, 0)) for n, cents in after.items() if cents != before.get(n, 0)
    )
    return done, split


def counterpart_of(line: BankLine, line_id: int) -> Counterpart:
    """``line`` as it is compared with the stored lines."""
    return Counterpart(
        line_id, line.value_on, to_cents(line.amount), line.credit, line.payer_name,
        line.payer_iban, line.bank_reference, (line.remittance, *line.references), None, (), "",
    )  # fmt: skip


def says_return(line: BankLine) -> bool:
    """A reversal flagged by the bank, or a debit whose text says a payment came back."""
    words = payer_key(line.remittance).replace(" ", "")
    return line.reversal or any(w in words for w in _RETURN_WORDS)


def _bank_reference(x: Counterpart) -> str:
    ref = x.bank_reference.strip().upper()
    return "" if ref in {"", "NOTPROVIDED"} else ref


def evidence(reversal: Counterpart, payment: Counterpart, flagged: bool) -> str | None:
    """Why ``reversal`` undoes ``payment`` (same amount assumed), or ``None``."""
    ref = _bank_reference(reversal)
    if ref and ref == _bank_reference(payment):
        return f"même référence bancaire {reversal.bank_reference}"
    if not flagged:
        return None
    if reversal.payer_iban and payment.payer_iban:
        same_payer = reversal.payer_iban == payment.payer_iban
    else:
        name = payer_key(reversal.payer_name)
        same_payer = bool(name) and name == payer_key(payment.payer_name)
    texts = {normalised(t) for t in reversal.texts} & {normalised(t) for t in payment.texts}
    if same_payer and texts - {""}:
        return "même montant, même payeur et même référence"
    return None


def reverse_line(
    uow: PaymentsUnitOfWork, events: CaseEvents, line: BankLine, line_id: int, account: str
) -> tuple[LineOutcome, tuple[tuple[str, int], ...]]:
    """What becomes of debit ``line``: the payment it undoes undone (``reversal``), or in
    review when flagged as a return, else ``ignored``. Returns the allocations restored."""
    flagged = says_return(line)
    reversal = counterpart_of(line, line_id)
    candidates = uow.bank_lines.counterparts(
        account, reversal.amount_cents, line.value_on - timedelta(days=WINDOW_DAYS),
        line.value_on, applied=True,
    )  # fmt: skip
    found = [(c, e) for c in candidates if (e := evidence(reversal, c, flagged)) is not None]
    by_reference = [x for x in found if x[1].startswith("même référence")]
    chosen = by_reference or found
    if len(chosen) > 1:
        named = ", ".join(f"n° {c.id}" for c, _ in chosen)
        return LineOutcome("review", f"contre-passation : plusieurs paiements possibles "
                           f"(lignes {named}) : à rapprocher par une personne"), ()  # fmt: skip
    if not chosen:
        if flagged:
            return LineOutcome("review", NOTHING_FOUND), ()
        return LineOutcome("ignored", "débit du compte (frais, virement émis)"), ()
    payment, why = chosen[0]
    return undo(uow, events, payment, reversal, why)


def meet_waiting(
    uow: PaymentsUnitOfWork, events: CaseEvents, payment: Counterpart, account: str
) -> Counterpart | None:
    """A reversal imported before the payment it undoes, waiting in review: undone now that
    the payment is applied. Returns the reversal line if one was met."""
    waiting = uow.bank_lines.counterparts(
        account, payment.amount_cents, payment.value_on,
        payment.value_on + timedelta(days=WINDOW_DAYS), applied=False,
    )  # fmt: skip
    for reversal in waiting:
        if reversal.reason != NOTHING_FOUND:
            continue
        why = evidence(reversal, payment, True)
        if why is not None:
            outcome, _ = undo(uow, events, payment, reversal, why)
            uow.bank_lines.set_outcome(reversal.id, outcome)
            return reversal if outcome.status == "reversal" else None
    return None


def undo(
    uow: PaymentsUnitOfWork, events: CaseEvents, payment: Counterpart, reversal: Counterpart,
    why: str,
) -> tuple[LineOutcome, tuple[tuple[str, int], ...]]:  # fmt: skip
    """Restore what ``payment`` paid, reopen its case if it had settled it, resume the plan,
    journal it; ``reversal``'s outcome and the allocations restored."""
    case = None if payment.case_id is None else uow.cases.get(payment.case_id)
    if case is None or case.id is None or case.reference is None or not payment.allocations:
        return LineOutcome("review", f"contre-passation du paiement de la ligne n° {payment.id} "
                           "dont la répartition n'est pas connue : à annuler par une personne",
                           payment.case_id), ()  # fmt: skip
    other = uow.cases.open_for(case.creditor_id, case.debtor_id)  # stored phase until commit
    if not case.is_open and (
        case.closure is not Closure.PAID or (other is not None and other.id != case.id)
    ):
        return LineOutcome("review", f"contre-passation du paiement de la ligne n° {payment.id} "
                           f": le dossier {case.reference} ne peut être rouvert (clos autrement "
                           "que par paiement, ou un autre dossier ouvert pour ce débiteur)",
                           case.id), ()  # fmt: skip
    by_number = {i.number: i for i in uow.invoices.for_case(case.id)}
    for number, cents in payment.allocations:
        invoice = by_number.get(number)
        if invoice is not None and invoice.id is not None:
            uow.invoices.set_paid(invoice.id, max(ZERO, invoice.paid - from_cents(cents)))
    # the payment counts no more in any statement (its accessories parts included)
    uow.payments.reverse(case.id, payment.value_on, payment.allocations, reversal.value_on)
    amount = from_cents(reversal.amount_cents)
    reason = (
        f"paiement annulé par la banque (contre-passation) : la ligne n° {reversal.id} du "
        f"{reversal.value_on:%d/%m/%Y} (référence bancaire {reversal.bank_reference or 'aucune'}"
        f") annule le paiement de {amount} € de la ligne n° {payment.id} du "
        f"{payment.value_on:%d/%m/%Y} (référence bancaire {payment.bank_reference or 'aucune'}) "
        f"; {why}"
    )
    if not case.is_open:
        case.reopen(reversal.value_on, reason)
        for action in uow.actions.for_case(case.id):  # what the payment's closure cancelled
            if action.status == "cancelled" and not action.withdrawn and (
                action.reason or ""
            ).endswith(SETTLED):
                uow.actions.mark_withdrawn(action.id, reversal.value_on)
    uow.journal.record(PaymentReversed(case.id, reversal.value_on, amount, reason))
    events.within(uow).payment_reversed(case.reference, reversal.value_on, reason)
    uow.bank_lines.mark_reversed(
        payment.id, f"{payment.reason} ; annulé par la banque : contre-passé par la ligne n° "
        f"{reversal.id}",
    )  # fmt: skip
    return LineOutcome("reversal", reason, case.id), payment.allocations
