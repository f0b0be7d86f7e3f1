"""What a person needs to decide the bank lines recouvre could not place: each line waiting
(``review`` or ``unmatched``) with the best candidate cases, their confidence and reasons
(``matching.candidates``); and each creditor's threshold, the confidence from which its
payments are applied without a person.

Why: a payment applied to the wrong debtor is two errors at once; a creditor whose customers
rarely quote a reference may want more caution (or less) than the default 80. The threshold
changes the creditor, so it is journaled like any creditor change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from recouvre.domain.bank_statements import BankLine
from recouvre.domain.events.parties import CreditorUpdated
from recouvre.services.errors import PaymentImportError
from recouvre.services.payments.matching import APPLY_FROM, CaseIndex, Match, candidates
from recouvre.services.payments.ports import PaymentsUnitOfWork, StoredBankLine

WAITING = ("review", "unmatched")


@dataclass(frozen=True, slots=True)
class ReviewItem:
    line: StoredBankLine
    candidates: tuple[Match, ...]


def review(uow_factory: Callable[[], PaymentsUnitOfWork], limit: int) -> list[ReviewItem]:
    """The lines waiting for a person, oldest first, each credit with its best candidates."""
    with uow_factory() as uow:
        lines = uow.bank_lines.listing(WAITING, limit)
        indexes: dict[str, CaseIndex] = {}
        items: list[ReviewItem] = []
        for x in lines:
            if not x.credit:  # a reversal answering no payment: nothing to assign
                items.append(ReviewItem(x, ()))
                continue
            index = indexes.get(x.account)
            if index is None:
                holder = uow.bank_lines.holder(x.account)
                ids = holder.creditor_ids if holder is not None else ()
                index = indexes[x.account] = CaseIndex.of(uow.bank_lines.case_invoices(ids))
                for iban, debtor in uow.bank_lines.known_ibans(ids):
                    index.learn(iban, debtor)
            items.append(ReviewItem(x, tuple(candidates(_bank_line(x), index))))
    return items


def _bank_line(x: StoredBankLine) -> BankLine:
    return BankLine(
        str(x.id), x.value_on, None, x.amount, x.currency, x.credit, x.reversal, x.remittance,
        x.references, x.payer_name, x.payer_iban, x.bank_reference, x.source_line,
    )  # fmt: skip


def threshold(
    uow_factory: Callable[[], PaymentsUnitOfWork], siren: str, value: int | None, on: date
) -> int:
    """The creditor's threshold (``value`` set first when given, and journaled)."""
    if value is not None and not 1 <= value <= 100:
        raise PaymentImportError(
            f"seuil {value} : un nombre de 1 à 100 (100 : seule la référence RF d'un dossier "
            "fait affecter un paiement sans personne)"
        )
    with uow_factory() as uow:
        creditor = uow.creditors.by_siren(siren.strip())
        if creditor is None or creditor.id is None:
            raise PaymentImportError(f"créancier {siren} inconnu")
        before = uow.bank_lines.apply_from([creditor.id]).get(creditor.id, APPLY_FROM)
        if value is None or value == before:
            return before
        uow.bank_lines.set_apply_from(creditor.id, value)
        uow.journal.record(
            CreditorUpdated(None, on, creditor.siren, {"seuil_affectation": [before, value]})
        )
        uow.commit()
        return value
