"""Which case a payment received settles, with how sure recouvre is and why.

Why: a payment applied to the wrong debtor is two errors at once (a reminder to the one who
paid, a debt wrongly reduced for the other); a payment left aside is a reminder for a debt
already settled. So a payment is applied only on evidence the debtor gave, in this order:

1. the structured creditor reference (ISO 11649 « RF… ») of a case, printed on its letters,
   emails and QR codes: exact, its check digits guard against a typing slip (100);
2. the case reference (« D-2026-000123 ») in the remittance information (95);
3. the number of an open invoice of the account's creditors, or the payment reference (BT-83)
   its e-invoice gave the debtor to quote, tolerant to spaces, dashes, dots, case and leading
   zeros (90); the invoice is then the debtor's designation for the imputation (C. civ.
   1342-10 al. 1). A structured reference of the line (camt ``Strd``) is also tried whole, as
   the RF reference is. A number or reference too short to be told from a date or an amount in
   the text (under four characters, or under six digits alone) is never used.

4. without any reference: the payer's IBAN, when a payment from it was already applied to a
   debtor (automatically or by a person) and that debtor has exactly one open case (85);
   an IBAN known for several debtors (a shared account) proves nothing;

5. without any of those: the payer's name, normalised (case, accents, punctuation and the
   legal forms SARL, SAS, EURL... dropped), naming the debtor of exactly one open case, and the
   amount: exactly the principal due on that case, on one of its invoices, or on a combination
   of its due invoices (80), else a partial payment (60); or, with no name, an amount equal
   to the principal due of exactly one open invoice of the account's creditors (40).

A combination is searched among the ``COMBINE_AMONG`` (12) oldest due invoices of the one case
the payer's name or known IBAN designates, up to ``COMBINE_UP_TO`` (6) invoices at once (at most
2 497 sums per line); exactly one combination must give the amount (two would be a guess).
The invoices it names are then the debtor's designation (C. civ. 1342-10 al. 1), each paid in
full. Without the payer identified no combination is searched: among a million open invoices
some sum would match any amount by chance.

A match of ``APPLY_FROM`` (80) or more is applied; below, the payment waits in review with its
best candidate and why. Evidence pointing at two different cases is no evidence: the payment
waits in review with both named. A payment with no evidence waits, unmatched, never lost.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import combinations

from recouvre.domain.bank_statements import BankLine
from recouvre.domain.creditor_reference import creditor_reference
from recouvre.services.payments.ports import OpenInvoice

_SEPARATORS = re.compile(r"[^0-9A-Z]")
_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")
_WORDS = re.compile(r"[^\s,;:()\[\]]+")
_MAX_WORDS_JOINED = 3  # « F 2026 0012 » written in three groups
APPLY_FROM = 80
COMBINE_AMONG = 12
COMBINE_UP_TO = 6
_LEGAL_FORMS = frozenset(
    ("SARL", "SAS", "SASU", "EURL", "SA", "SNC", "SCI", "SCP", "SCM", "SELARL", "SELAS", "EI",
     "EIRL", "GIE", "SCA", "SCS", "ETS", "STE", "SOC")
)  # fmt: skip


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
    invoices: tuple[str, ...] = ()  # a combination the amount pays exactly, each in full


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
    by_name: dict[str, set[int]]
    open_cases_of: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    debtor_of: dict[int, int] = field(default_factory=dict)
    by_iban: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    # The payment reference (BT-83) of an e-invoice, when it is not the invoice's number.
    by_payment_reference: dict[str, list[OpenInvoice]] = field(
        default_factory=lambda: defaultdict(list)
    )

    @classmethod
    def of(cls, invoices: Iterable[OpenInvoice]) -> CaseIndex:
        index = cls({}, {}, defaultdict(list), defaultdict(list), {}, defaultdict(set))
        for invoice in invoices:
            case = (invoice.case_id, invoice.case_reference)
            index.by_rf.setdefault(creditor_reference(invoice.case_reference), case)
            index.by_reference.setdefault(normalised(invoice.case_reference), case)
            key = normalised(invoice.number)
            if _quotable(key):
                index.by_invoice[key].append(invoice)
            paying = normalised(invoice.payment_reference)
            if paying != key and _quotable(paying):
                index.by_payment_reference[paying].append(invoice)
            index.invoices_of[invoice.case_id].append(invoice)
            index.debtor_of[invoice.case_id] = invoice.debtor_id
            if invoice.outstanding > 0:
                index.open_cases_of[invoice.debtor_id].add(invoice.case_id)
            if invoice.outstanding > 0 and (name := payer_key(invoice.debtor_name)):
                index.by_name[name].add(invoice.case_id)
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


    def combination(self, case_id: int, on: date, amount: Decimal) -> tuple[str, ...]:
        """The one set of 2 to ``COMBINE_UP_TO`` due invoices of the case, among its
        ``COMBINE_AMONG`` oldest, whose principal left sums to ``amount`` (empty when none, or
        when several do)."""
        due = [
            (i.number, left) for i in self.payable(case_id, on, None)
            if (left := self.remaining[(case_id, i.number)]) > 0
        ][:COMBINE_AMONG]  # fmt: skip
        found: list[tuple[str, ...]] = []
        for size in range(2, min(COMBINE_UP_TO, len(due)) + 1):
            for chosen in combinations(due, size):
                if sum((left for _, left in chosen), Decimal(0)) == amount:
                    found.append(tuple(number for number, _ in chosen))
                    if len(found) > 1:
                        return ()
        return found[0] if found else ()

    def learn(self, iban: str, debtor_id: int) -> None:
        """An IBAN a payment was applied from, known for its debtor from now on."""
        if iban:
            self.by_iban[iban].add(debtor_id)

    def restore(self, case_id: int, allocations: Iterable[tuple[str, int]]) -> None:
        """What a reversal gave back to the case is owed again for the next lines."""
        for number, cents in allocations:
            key = (case_id, number)
            if key in self.remaining:
                self.remaining[key] += Decimal(cents) / 100


def payer_key(name: str) -> str:
    """A name as payers and banks write it: upper case, no accents, no punctuation, no legal
    form (« Métallerie Lorraine SARL » and « METALLERIE LORRAINE » are one key)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    words = re.findall(r"[A-Z0-9]+", plain)
    return " ".join(w for w in words if w not in _LEGAL_FORMS)


def _quotable(key: str) -> bool:
    """Whether a normalised number is long enough not to be taken for a date or an amount."""
    return len(key) >= 4 and not (key.isdigit() and len(key) < 6)


def _line_keys(line: BankLine) -> list[str]:
    """What a line may quote: the keys of its remittance and references (``_keys_of``), and
    each structured reference whole (a reference of more than three words stays one key)."""
    keys = _keys_of(" ".join((line.remittance, *line.references)))
    keys.extend(normalised(r) for r in line.references)
    return keys


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
    keys = _line_keys(line)
    cases = {index.by_reference[k] for k in keys if k in index.by_reference}
    if len(cases) == 1:
        (case_id, reference) = cases.pop()
        return Match(case_id, reference, None, 95, f"référence de dossier {reference} citée")
    if len(cases) > 1:
        named = ", ".join(sorted(r for _, r in cases))
        return Ambiguous(f"plusieurs dossiers cités ({named}) : à répartir par une personne")
    unique = list(dict.fromkeys(keys))
    quoted = {(i.case_id, i.case_reference, i.number): i
              for k in unique for i in index.by_invoice.get(k, ())}  # fmt: skip
    by_reference = {(i.case_id, i.case_reference, i.number): i
                    for k in unique for i in index.by_payment_reference.get(k, ())}  # fmt: skip
    invoices = {**by_reference, **quoted}
    by_case = {(case_id, ref) for case_id, ref, _ in invoices}
    if len(by_case) > 1:
        named = ", ".join(sorted(f"{n} ({r})" for _, r, n in invoices))
        return Ambiguous(f"factures de plusieurs dossiers citées : {named}")
    if by_case:
        numbers = sorted(n for _, _, n in invoices)
        case_id, reference = by_case.pop()
        designated = numbers[0] if len(numbers) == 1 else None
        return Match(case_id, reference, designated, 90, _quoted(invoices, quoted))
    return _by_known_iban(line, index) or _by_payer_and_amount(line, index)


def _quoted(
    invoices: dict[tuple[int, str, str], OpenInvoice],
    by_number: dict[tuple[int, str, str], OpenInvoice],
) -> str:
    """Why rule 3 matched: the invoices quoted by number, and those quoted by the payment
    reference (BT-83) of their e-invoice, each named with it."""
    parts = []
    numbers = sorted(key[2] for key in invoices if key in by_number)
    if numbers:
        plural = "s" if len(numbers) > 1 else ""
        parts.append(f"facture{plural} {', '.join(numbers)} citée{plural}")
    for key in sorted(k for k in invoices if k not in by_number):
        invoice = invoices[key]
        parts.append(f"référence de paiement {invoice.payment_reference} de la facture "
                     f"{invoice.number} citée")  # fmt: skip
    return " ; ".join(parts)


def _by_known_iban(line: BankLine, index: CaseIndex) -> Match | None:
    """Rule 4 of the module: the payer's IBAN already known for exactly one debtor."""
    debtors = index.by_iban.get(line.payer_iban, set()) if line.payer_iban else set()
    if len(debtors) != 1:
        return None
    cases = index.open_cases_of.get(next(iter(debtors)), set())
    if len(cases) != 1:
        return None
    case_id = next(iter(cases))
    reference = index.invoices_of[case_id][0].case_reference
    reason = f"IBAN déjà connu pour ce débiteur ({line.payer_iban})"
    numbers = index.combination(case_id, line.value_on, line.amount)
    return Match(case_id, reference, None, 85, reason + _paying(numbers), numbers)


def _paying(numbers: tuple[str, ...]) -> str:
    return f" ; montant des factures {', '.join(numbers)}" if numbers else ""


def _by_payer_and_amount(line: BankLine, index: CaseIndex) -> Match | None:
    """Rule 5 of the module: the payer's name and the amount, or the amount alone."""
    cases = index.by_name.get(payer_key(line.payer_name), set()) if line.payer_name else set()
    if len(cases) == 1:
        case_id = next(iter(cases))
        due = index.payable(case_id, line.value_on, None)
        reference = index.invoices_of[case_id][0].case_reference
        amounts = [index.remaining[(case_id, i.number)] for i in due]
        payer = f"payeur « {line.payer_name} »"
        if line.amount == sum(amounts, Decimal(0)) or line.amount in amounts:
            return Match(case_id, reference, None, 80, f"{payer} et montant du principal échu")
        if numbers := index.combination(case_id, line.value_on, line.amount):
            return Match(case_id, reference, None, 80, f"{payer}{_paying(numbers)}", numbers)
        return Match(case_id, reference, None, 60, f"{payer} ; montant autre que le dû")
    if line.payer_name and cases:
        return None  # a name shared by several debtors proves nothing
    exact = [
        (case_id, number)
        for (case_id, number), left in index.remaining.items()
        if left == line.amount and left > 0
    ]
    if len(exact) == 1:
        case_id, number = exact[0]
        reference = index.invoices_of[case_id][0].case_reference
        return Match(case_id, reference, number, 40,
                     f"seul montant égal : facture {number} ({line.amount} €)")  # fmt: skip
    return None


def candidates(line: BankLine, index: CaseIndex, limit: int = 3) -> list[Match]:
    """The cases any evidence points at, best first, each with its best confidence and reason:
    what a person chooses from in ``recouvre payments review`` (the rules of the module, each
    case kept even when the evidence is ambiguous; a name several debtors share counts 30)."""
    found: dict[int, Match] = {}

    def keep(match: Match) -> None:
        if match.case_id not in found or found[match.case_id].confidence < match.confidence:
            found[match.case_id] = match

    first = match_line(line, index)
    if isinstance(first, Match):
        keep(first)
    for key in _line_keys(line):
        if key in index.by_reference:
            case_id, reference = index.by_reference[key]
            keep(Match(case_id, reference, None, 95, f"référence de dossier {reference} citée"))
        for i in index.by_invoice.get(key, ()):
            keep(Match(i.case_id, i.case_reference, i.number, 90, f"facture {i.number} citée"))
        for i in index.by_payment_reference.get(key, ()):
            keep(Match(i.case_id, i.case_reference, i.number, 90,
                       f"référence de paiement {i.payment_reference} de la facture {i.number} "
                       "citée"))  # fmt: skip
    for debtor in index.by_iban.get(line.payer_iban, ()) if line.payer_iban else ():
        for case_id in index.open_cases_of.get(debtor, ()):
            keep(Match(case_id, index.invoices_of[case_id][0].case_reference, None, 85,
                       "IBAN déjà connu pour ce débiteur"))  # fmt: skip
    named = index.by_name.get(payer_key(line.payer_name), set()) if line.payer_name else set()
    for case_id in named:
        shared = " (nom porté par plusieurs débiteurs)" if len(named) > 1 else ""
        keep(Match(case_id, index.invoices_of[case_id][0].case_reference, None,
                   30 if shared else 60, f"payeur « {line.payer_name} »{shared}"))  # fmt: skip
    for (case_id, number), left in index.remaining.items():
        if left == line.amount and left > 0:
            keep(Match(case_id, index.invoices_of[case_id][0].case_reference, number, 40,
                       f"montant égal à la facture {number}"))  # fmt: skip
    return sorted(found.values(), key=lambda m: (-m.confidence, m.case_reference))[:limit]
