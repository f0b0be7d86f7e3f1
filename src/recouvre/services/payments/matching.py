"""Which case a payment received settles, with how sure recouvre is and why.

Why: a payment applied to the wrong debtor is two errors at once (a reminder to the one who
paid, a debt wrongly reduced for the other); a payment left aside is a reminder for a debt
already settled. So a payment is applied only on evidence the debtor gave, in this order:

1. the structured creditor reference (ISO 11649 « RF… ») of a case, printed on its letters,
   emails and QR codes: exact, its check digits guard against a typing slip (100);
2. the case reference (« D-2026-000123 ») in the remittance information (95);
3. the number of an open invoice of the account's creditors, tolerant to spaces, dashes, dots,
   case and leading zeros (90); the invoice is then the debtor's designation for the
   imputation (C. civ. 1342-10 al. 1). A number too short to be told from a date or an amount
   in the text (under four characters, or under six digits alone) is never used.

Evidence pointing at two different cases is no evidence: the payment waits in review with both
named. A payment with no evidence waits, unmatched, and is never lost.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.domain.bank_statements import BankLine
from recouvre.domain.creditor_reference import creditor_reference
from recouvre.services.payments.ports import OpenInvoice

_SEPARATORS = re.compile(r"[^0-9A-Z]")
_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")
_WORDS = re.compile(r"[^\s,;:()\[\]]+")
_MAX_WORDS_JOINED = 3  # « F 2026 0012 » written in three groups


def normalised(text: str) -> str:
    """The letters and digits of ``text``, upper case, each number without its leading zeros
    (« F-2026-0200 », « F 2026 200 » and « f2026/00200 » are one key)."""
    return _SEPARATORS.sub("", _LEADING_ZEROS.sub("", text.upper()))


@dataclass(frozen=True, slots=True)
class Match:
    case_id: int
    case_reference: str
    invoice: str | None
    confidence: int
    reason: str


@dataclass(frozen=True, slots=True)
class Ambiguous:
    reason: str


@dataclass(slots=True)
class CaseIndex:
    """The open cases of the account's creditors, by each key a payer may quote."""

    by_rf: dict[str, tuple[int, str]]
    by_reference: dict[str, tuple[int, str]]
    by_invoice: dict[str, list[OpenInvoice]]
    invoices_of: dict[int, list[OpenInvoice]]
    remaining: dict[tuple[int, str], Decimal]

    @classmethod
    def of(cls, invoices: Iterable[OpenInvoice]) -> CaseIndex:
        index = cls({}, {}, defaultdict(list), defaultdict(list), {})
        for invoice in invoices:
            case = (invoice.case_id, invoice.case_reference)
            index.by_rf.setdefault(creditor_reference(invoice.case_reference), case)
            index.by_reference.setdefault(normalised(invoice.case_reference), case)
            key = normalised(invoice.number)
            if len(key) >= 4 and not (key.isdigit() and len(key) < 6):
                index.by_invoice[key].append(invoice)
            index.invoices_of[invoice.case_id].append(invoice)
            index.remaining[(invoice.case_id, invoice.number)] = invoice.outstanding
        return index

    def payable(self, case_id: int, on: date, designated: str | None) -> list[OpenInvoice]:
        """What a payment on ``on`` settles without a person: the invoices due by then, oldest
        first, and the one the debtor designated even if not yet due (C. civ. 1342-10). An
        advance on invoices not yet due, or the penalties and indemnity a letter claimed, are
        not silently put on a later invoice: they stay as a surplus to look at."""
        chosen = [
            i for i in self.invoices_of.get(case_id, ())
            if i.due_date <= on or i.number == designated
        ]  # fmt: skip
        return sorted(chosen, key=lambda i: (i.number != designated, i.due_date, i.number))

    def owed(self, case_id: int, on: date, designated: str | None) -> Decimal:
        return sum(
            (self.remaining[(case_id, i.number)] for i in self.payable(case_id, on, designated)),
            Decimal(0),
        )

    def settle(self, case_id: int, on: date, designated: str | None, amount: Decimal) -> None:
        """Lower what later lines of the same import find owed (the store has the exact
        imputation; this keeps two lines of one file from paying the same euro twice)."""
        for invoice in self.payable(case_id, on, designated):
            key = (case_id, invoice.number)
            taken = min(amount, self.remaining[key])
            self.remaining[key] -= taken
            amount -= taken


def _keys_of(text: str) -> list[str]:
    """The normalised words of a remittance text and their runs of up to three."""
    words = [normalised(w) for w in _WORDS.findall(text)]
    words = [w for w in words if w]
    keys: list[str] = []
    for start in range(len(words)):
        for size in range(1, _MAX_WORDS_JOINED + 1):
            if start + size <= len(words):
                keys.append("".join(words[start : start + size]))
    return keys


def match_line(line: BankLine, index: CaseIndex) -> Match | Ambiguous | None:
    """The case ``line`` pays, by the first rule that finds one (see the module)."""
    for reference in line.references:
        found = index.by_rf.get(reference.replace(" ", "").upper())
        if found is not None:
            return Match(*found, None, 100, f"référence structurée {reference} du dossier")
    keys = _keys_of(" ".join((line.remittance, *line.references)))
    cases = {index.by_reference[k] for k in keys if k in index.by_reference}
    if len(cases) == 1:
        (case_id, reference) = cases.pop()
        return Match(case_id, reference, None, 95, f"référence de dossier {reference} citée")
    if len(cases) > 1:
        named = ", ".join(sorted(r for _, r in cases))
        return Ambiguous(f"plusieurs dossiers cités ({named}) : à répartir par une personne")
    invoices = {
        (i.case_id, i.case_reference, i.number): i
        for k in dict.fromkeys(keys)
        for i in index.by_invoice.get(k, ())
    }
    by_case = {(case_id, ref) for case_id, ref, _ in invoices}
    if len(by_case) > 1:
        named = ", ".join(sorted(f"{n} ({r})" for _, r, n in invoices))
        return Ambiguous(f"factures de plusieurs dossiers citées : {named}")
    if by_case:
        numbers = sorted(n for _, _, n in invoices)
        case_id, reference = by_case.pop()
        designated = numbers[0] if len(numbers) == 1 else None
        return Match(
            case_id, reference, designated, 90,
            f"facture{'s' if len(numbers) > 1 else ''} {', '.join(numbers)} citée"
            f"{'s' if len(numbers) > 1 else ''}",
        )  # fmt: skip
    return None
