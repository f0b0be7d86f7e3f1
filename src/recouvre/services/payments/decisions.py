"""A person's decision on a bank line recouvre could not place: assign it to a case, or set it
aside with a reason. Both are one transaction with the payment they apply, and both keep the
line: nothing is ever deleted."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from recouvre.domain.money import ZERO, to_cents
from recouvre.services.cases.case_events import CaseEvents
from recouvre.services.cases.payment_parts import owed_with_fees
from recouvre.services.errors import PaymentImportError
from recouvre.services.payments.ports import LineOutcome, PaymentsUnitOfWork, StoredBankLine
from recouvre.services.payments.reversals import paid_by

OPEN_STATUSES = ("review", "unmatched")


def _undecided(uow: PaymentsUnitOfWork, line_id: int) -> StoredBankLine:
    line = uow.bank_lines.get(line_id)
    if line is None:
        raise PaymentImportError(f"ligne de relevé n° {line_id} introuvable")
    if line.status not in OPEN_STATUSES:
        raise PaymentImportError(
            f"ligne de relevé n° {line_id} déjà traitée ({line.status}) : rien n'a été changé"
        )
    return line


def assign(
    uow_factory: Callable[[], PaymentsUnitOfWork], events: CaseEvents, line_id: int,
    case_key: str | None, invoice: str | None, actor: str,
) -> tuple[Decimal, Decimal, str | None]:  # fmt: skip
    """Apply line ``line_id`` to ``case_key`` (the invoice the person names designated first,
    C. civ. 1342-10), or, without ``case_key``, confirm the candidate the import proposed;
    returns what was applied, the surplus kept, and the closure if any."""
    with uow_factory() as uow:
        line = _undecided(uow, line_id)
        if not line.credit or line.reversal:
            raise PaymentImportError(
                f"ligne n° {line_id} : un débit ou une contre-passation n'est pas un paiement à "
                "affecter"
            )
        if case_key is None:
            if line.case_reference is None:
                raise PaymentImportError(
                    f"ligne n° {line_id} : aucun candidat proposé ; nommez le dossier "
                    "(recouvre payments review montre les candidats)"
                )
            case_key = line.case_reference
        case = uow.cases.by_key(case_key)
        if case is None or case.id is None or case.reference is None:
            raise PaymentImportError(f"dossier « {case_key} » introuvable")
        owed = sum((i.outstanding for i in uow.invoices.for_case(case.id, open_only=True)), ZERO)
        if line.amount > owed and invoice is None:  # the accessories a document claimed
            owed = max(owed, owed_with_fees(uow, case, line.value_on, events.imputer) or ZERO)
        applied = min(line.amount, owed)
        if applied <= 0:
            raise PaymentImportError(f"dossier {case.reference} : plus rien n'est dû")
        reference = case.reference
        done, split = paid_by(uow, case.id, lambda: events.within(uow).payment(
            reference, applied, line.value_on, invoice=invoice, source="bank"
        ))  # fmt: skip
        surplus = line.amount - applied
        if line.payer_iban and line.payer_iban != line.account:  # known for this debtor now
            uow.bank_lines.learn_iban(case.debtor_id, line.payer_iban, line.value_on, line_id)
        uow.bank_lines.set_outcome(line_id, LineOutcome(
            "applied", f"affecté par {actor} au dossier {case.reference}", case.id,
            to_cents(applied), to_cents(surplus), None, split,
        ))  # fmt: skip
        uow.commit()
        return applied, surplus, done.closure


def set_aside(
    uow_factory: Callable[[], PaymentsUnitOfWork], line_id: int, reason: str, actor: str
) -> None:
    """Keep the line as ``ignored`` with the person's reason (a refund made, a payment for
    another business...)."""
    if not reason.strip():
        raise PaymentImportError("motif obligatoire pour écarter une ligne de relevé")
    with uow_factory() as uow:
        _undecided(uow, line_id)
        uow.bank_lines.set_outcome(
            line_id, LineOutcome("ignored", f"écarté par {actor} : {reason.strip()}")
        )
        uow.commit()
