"""The open-invoice index of a statement's account, built from what its lines can match.

Why: the index (``matching.CaseIndex``) was built from every invoice of the account's
creditors as Python objects: for a million open invoices 8 s of query, 18 s of index and
1.4 GB, for a statement that can name at most one case a line. The lines say beforehand what
they can match: the RF references, the words of their remittance text (case references and
invoice numbers), the payers' names and IBANs, the amounts. So the index reads narrow columns
(``BankLineStore.index_cases``, ``index_invoices``, ``index_names``: ids, references,
numbers, amounts owed, names, a part at a time), keeps the debtors one of those keys or
amounts points at (with the known IBANs, and the cases a debit of the statement may undo:
what it restores is owed again), and reads the full rows of every case of those debtors only
(a debtor's open cases decide rules 4 and 5 of ``matching``, and an IBAN learned from a line
points at its debtor). Matching on that index finds exactly what it
finds on the whole one: every case a lookup can reach is in it, with all its invoices.

The keys of a million references, numbers and names are computed in a few passes of the
regular expressions of ``matching`` over one joined text (the same functions, element for
element: ``tests/services/payments/test_open_index.py``), not a million calls each.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from recouvre.domain.bank_statements import BankLine
from recouvre.domain.money import CENT, to_cents
from recouvre.services.payments.matching import (
    _LEADING_ZEROS,
    _LEGAL_FORMS,
    CaseIndex,
    _line_keys,
    normalised,
    payer_key,
)
from recouvre.services.payments.ports import PaymentsUnitOfWork

_SEP = "\x00"  # between two texts joined: no key, name or reference holds it
_NOT_KEY = re.compile(r"[^0-9A-Z\x00]")
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z\x00]")
_NOT_ALNUM_ALONE = re.compile(r"[^0-9A-Za-z]")  # domain.creditor_reference's
_LEGAL = re.compile(
    r"(?<![A-Z0-9])(?:" + "|".join(sorted(_LEGAL_FORMS, key=len, reverse=True)) + r")(?![A-Z0-9])"
)
_GAPS = re.compile(r"[^A-Z0-9\x00]+")
_EDGES = re.compile(r" ?\x00 ?")


def _joined(texts: Sequence[str]) -> str | None:
    """``texts`` joined by ``_SEP``, or ``None`` when one holds it (each is then done alone)."""
    joined = _SEP.join(texts)
    return joined if joined.count(_SEP) == len(texts) - 1 else None


def normalised_all(texts: Sequence[str]) -> list[str]:
    """``[matching.normalised(t) for t in texts]``, in three passes over one text."""
    joined = _joined(texts) if texts else None
    if joined is None:
        return [normalised(t) for t in texts]
    return _NOT_KEY.sub("", _LEADING_ZEROS.sub("", joined.upper())).split(_SEP)


def alnum_all(texts: Sequence[str]) -> list[str]:
    """Each text's letters and digits, upper case: the body of its RF reference
    (``domain.creditor_reference``)."""
    joined = _joined(texts) if texts else None
    if joined is None:
        return [_NOT_ALNUM_ALONE.sub("", t).upper() for t in texts]
    return _NOT_ALNUM.sub("", joined).upper().split(_SEP)


def payer_keys_all(names: Sequence[str]) -> list[str]:
    """``[matching.payer_key(n) for n in names]``, in a few passes over one text."""
    joined = _joined(names) if names else None
    if joined is None:
        return [payer_key(n) for n in names]
    plain = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode().upper()
    spaced = _GAPS.sub(" ", _LEGAL.sub("", plain))
    return _EDGES.sub(_SEP, spaced).strip(" ").split(_SEP)


@dataclass(slots=True)
class Wanted:
    """What the lines of an account's statements can match (``matching``'s lookups)."""

    keys: set[str] = field(default_factory=set)  # normalised words and runs of words
    bodies: set[str] = field(default_factory=set)  # RF references without « RF » and check
    names: set[str] = field(default_factory=set)
    ibans: set[str] = field(default_factory=set)
    amounts: set[int] = field(default_factory=set)  # credits, in cents
    debits: set[int] = field(default_factory=set)  # debits, in cents

    def add(self, line: BankLine) -> None:
        cents = to_cents(line.amount.quantize(CENT))
        if not line.credit:
            self.debits.add(cents)
            return
        self.amounts.add(cents)
        for reference in line.references:
            compact = reference.replace(" ", "").upper()
            if len(compact) > 4:
                self.bodies.add(compact[4:])
        self.keys.update(_line_keys(line))
        if line.payer_name:
            self.names.add(payer_key(line.payer_name))
        if line.payer_iban:
            self.ibans.add(line.payer_iban)


def open_index(
    uow: PaymentsUnitOfWork, creditor_ids: Sequence[int], account: str, wanted: Wanted
) -> CaseIndex:
    """The index of the cases ``wanted`` can reach (see the module), the known IBANs
    learned: every case of the debtors a key, a name, an IBAN or an amount points at."""
    store = uow.bank_lines
    known = store.known_ibans(creditor_ids)
    keys, bodies = wanted.keys, wanted.bodies
    debtors = {debtor for iban, debtor in known if iban in wanted.ibans}
    reversible = store.reversible_cases(account, wanted.debits) if wanted.debits else set()
    for part in store.index_cases(creditor_ids):
        references = [r[1] for r in part]
        debtors.update(
            debtor
            for (case_id, _, debtor), key, body in zip(
                part, normalised_all(references), alnum_all(references), strict=True
            )
            if key in keys or body in bodies or case_id in reversible
        )
    for invoices in store.index_invoices(creditor_ids):
        numbers = normalised_all([i[1] for i in invoices])
        paying = normalised_all([i[3] for i in invoices])  # e-invoices' BT-83
        debtors.update(
            debtor
            for (debtor, _, owed, _), key, reference in zip(invoices, numbers, paying, strict=True)
            if key in keys or owed in wanted.amounts or (reference and reference in keys)
        )
    for names in store.index_names(creditor_ids):
        debtors.update(
            debtor
            for (debtor, _), name in zip(names, payer_keys_all([n[1] for n in names]), strict=True)
            if name and name in wanted.names
        )
    every = [  # the cases of those debtors (a second pass: no index on cases.debtor_id)
        case_id
        for part in (store.index_cases(creditor_ids) if debtors else ())
        for case_id, _, debtor in part
        if debtor in debtors
    ]
    index = CaseIndex.of(store.case_invoices(creditor_ids, every) if every else [])
    for iban, debtor in known:
        index.learn(iban, debtor)
    return index
