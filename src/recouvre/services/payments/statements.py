"""``recouvre import statement``: bank statements in, payments applied before the next reminder.

Why: the daily run must not remind a debtor who has paid (C. conso L121-6; C. pén. 222-16
for pressure); the bank's statement is where a payment is first known. The import:

1. takes the statements read from every file given (a file that cannot be read whole is refused
   before anything is written);
2. finds each statement's account among the creditors' and agencies' IBANs; an unknown account
   refuses the whole command, naming the IBAN (a statement of another business's account must
   never reduce a debt);
3. keeps each line once under its key (a duplicate copy, or overlapping statements, add
   nothing);
4. for each new credit in euros, finds the case it pays (``matching``) and applies it through
   the same use case as ``recouvre event payment`` (imputation of C. civ. 1342-10 with the
   designated invoice first, the case closed and its pending actions withdrawn when paid in
   full, every fact journaled); the part beyond what the case owes is kept as a surplus;
5. undoes the payment a reversal or a returned debit takes back (``reversals``: the case
   reopened, its scenario resumed), whichever of the two lines is imported first;
6. keeps everything else, said in words: debits and other currencies ``ignored``, reversals
   answering no payment and ambiguous payments in ``review``, payments quoting nothing
   ``unmatched``.

It is one transaction: a crash at any point leaves the database as it was, and the same files
imported again apply each payment once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from recouvre.domain.bank_statements import BankLine, BankStatement
from recouvre.domain.money import CENT, ZERO, from_cents, to_cents
from recouvre.services.cases.case_events import CaseEvents
from recouvre.services.cases.payment_parts import CLAIMING_KIND_NAMES, owed_with_fees
from recouvre.services.errors import PaymentImportError
from recouvre.services.payments.batch import BULK_FROM, PROGRESS_EVERY, LineWriter, Progress
from recouvre.services.payments.bulk_apply import Deferred, apply_batch
from recouvre.services.payments.matching import (
    APPLY_FROM,
    Ambiguous,
    CaseIndex,
    Match,
    match_line,
)
from recouvre.services.payments.open_index import Wanted, open_index
from recouvre.services.payments.ports import (
    AccountHolder,
    LineOutcome,
    NewBankLine,
    PaymentsUnitOfWork,
)
from recouvre.services.payments.reversals import (
    NOTHING_FOUND,
    counterpart_of,
    meet_waiting,
    paid_by,
    reverse_line,
)
from recouvre.services.ports import Clock

EURO = "EUR"


@dataclass(frozen=True, slots=True)
class StatementFile:
    name: str
    statements: Sequence[BankStatement]


@dataclass(slots=True)
class StatementImportReport:
    files: int = 0
    statements: int = 0
    lines: int = 0
    already_known: int = 0
    applied: int = 0
    applied_amount: Decimal = ZERO
    surplus_amount: Decimal = ZERO
    review: int = 0
    unmatched: int = 0
    ignored: int = 0
    reversed: int = 0
    closed_cases: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    outcomes: list[dict[str, object]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "files": self.files, "statements": self.statements, "lines": self.lines,
            "already_known": self.already_known, "applied": self.applied,
            "applied_amount": str(self.applied_amount),
            "surplus_amount": str(self.surplus_amount), "review": self.review,
            "unmatched": self.unmatched, "ignored": self.ignored, "reversed": self.reversed,
            "closed_cases": self.closed_cases,
            "warnings": self.warnings,
            "lines_detail": self.outcomes,
        }  # fmt: skip


class StatementImport:
    def __init__(
        self, uow_factory: Callable[[], PaymentsUnitOfWork], events: CaseEvents, clock: Clock
    ) -> None:
        self.uow_factory = uow_factory
        self.events = events
        self.clock = clock
        self.bulk_from = BULK_FROM

    def run(
        self, files: Sequence[StatementFile], progress: Progress | None = None
    ) -> StatementImportReport:
        """Import ``files``; ``progress`` (a progress bar) is told the lines done so far."""
        report = StatementImportReport(files=len(files))
        self._progress = progress
        self._closed: list[str] = []
        self._apply_from: dict[int, int] = {}  # each creditor's own threshold, if it set one
        stamp = self.clock.now().isoformat()
        with self.uow_factory() as uow:
            holders = {s.account: _holder(uow, f.name, s) for f in files for s in f.statements}
            wanted: dict[str, Wanted] = defaultdict(Wanted)
            for file in files:
                for statement in file.statements:
                    for line in statement.lines:
                        wanted[statement.account].add(line)
            indexes: dict[str, CaseIndex] = {}
            for file in files:
                for statement in file.statements:
                    report.statements += 1
                    _say_balance(report, file.name, statement)
                    holder = holders[statement.account]
                    if statement.account not in indexes:
                        indexes[statement.account] = open_index(
                            uow, holder.creditor_ids, statement.account,
                            wanted.pop(statement.account, Wanted()),
                        )  # fmt: skip
                        self._apply_from.update(uow.bank_lines.apply_from(holder.creditor_ids))
                    self._lines(uow, report, file.name, statement, holder,
                                indexes[statement.account], stamp)  # fmt: skip
            uow.commit()
        report.closed_cases = self._closed
        return report

    def _lines(
        self, uow: PaymentsUnitOfWork, report: StatementImportReport, name: str,
        statement: BankStatement, holder: AccountHolder, index: CaseIndex, stamp: str,
    ) -> None:  # fmt: skip
        known = uow.bank_lines.known_keys([x.key for x in statement.lines])
        writer = LineWriter(uow.bank_lines, len(statement.lines) - len(known) >= self.bulk_from)
        self._writer = writer
        self._waiting = waiting = uow.bank_lines.waiting_reversal_amounts(statement.account)
        self._fees: set[int] | None = None  # the cases that take the scalar path (bulk_apply)
        if writer.bulk and statement.lines:
            last = max(x.value_on for x in statement.lines)
            self._fees = uow.payment_batch.fees_claimed_cases(
                holder.creditor_ids, CLAIMING_KIND_NAMES, last
            )
        self._deferred: list[Deferred] = []
        self._slots: list[int] = []
        self._touched: list[int] = []
        for line in statement.lines:
            report.lines += 1
            if self._progress is not None and report.lines % PROGRESS_EVERY == 0:
                self._progress(report.lines)
            if line.key in known:
                report.already_known += 1
                continue
            known.add(line.key)
            new = NewBankLine(
                line, statement.account, holder.creditor_id, holder.agency_id,
                to_cents(line.amount.quantize(CENT)), name, stamp,
            )  # fmt: skip
            if not line.credit:  # it may undo a payment: the lines before it are stored first
                self._apply_deferred(uow)
                line_id = writer.now(new)
                outcome = self._outcome(uow, line, line_id, statement.account, index)
                uow.bank_lines.set_outcome(line_id, outcome)
                if outcome.status == "review" and outcome.reason == NOTHING_FOUND:
                    waiting.add(new.amount_cents)
            else:
                deferred = len(self._deferred)
                outcome = self._outcome(uow, line, None, statement.account, index)
                if outcome.status == "applied" and outcome.case_id is not None and (
                    self._learns(line, outcome.case_id, statement.account, index)
                    or new.amount_cents in waiting
                ):
                    line_id = writer.now(new)
                    uow.bank_lines.set_outcome(line_id, outcome)
                    self._applied(uow, report, line, line_id, outcome.case_id, outcome,
                                  statement, index)  # fmt: skip
                else:
                    writer.write(new, outcome)
                    if len(self._deferred) > deferred:  # its allocations once applied
                        self._slots.append(len(writer.pending) - 1)
            _count(report, line, outcome)
        self._apply_deferred(uow)
        writer.flush()

    def _apply_deferred(self, uow: PaymentsUnitOfWork) -> None:
        """Apply the payments deferred so far (``bulk_apply``), before anything reads or
        writes the cases through the scalar path, and at the statement's end; each line's
        allocations are set as the payment made them."""
        if not self._deferred and not self._touched:
            return
        assert self._fees is not None
        done = apply_batch(uow, self.events, self._deferred, self._touched, self._fees)
        pending = self._writer.pending
        for slot, (outcome, split) in zip(self._slots, done, strict=True):
            pending[slot] = (pending[slot][0], replace(pending[slot][1], allocations=split))
            if outcome.closure:
                self._closed.append(outcome.reference)
        self._deferred, self._slots, self._touched = [], [], []

    def _batched(self, uow: PaymentsUnitOfWork, found: Match, line: BankLine, account: str,
                 index: CaseIndex, kept: bool) -> bool:  # fmt: skip
        """Whether the payment ``found`` waits for its batch (the plain path, see
        ``bulk_apply``); if not, the batch so far is applied first."""
        if self._fees is None:
            return False
        plain = kept and not found.invoices and found.case_id not in self._fees and not (
            self._learns(line, found.case_id, account, index)
            or to_cents(line.amount) in self._waiting
        )  # fmt: skip
        if not plain:
            self._apply_deferred(uow)
        return plain

    @staticmethod
    def _learns(line: BankLine, case_id: int, account: str, index: CaseIndex) -> bool:
        """Whether an applied payment teaches an IBAN not yet known for its debtor (stored
        with the line it came from, so that line is written at once)."""
        debtor = index.debtor_of.get(case_id)
        return bool(
            line.payer_iban and line.payer_iban != account and debtor is not None
            and debtor not in index.by_iban.get(line.payer_iban, ())
        )  # fmt: skip

    def _applied(
        self, uow: PaymentsUnitOfWork, report: StatementImportReport, line: BankLine,
        line_id: int, case_id: int, outcome: LineOutcome, statement: BankStatement,
        index: CaseIndex,
    ) -> None:  # fmt: skip
        """After a payment is applied: its IBAN known for the debtor (``matching`` rule 4), and
        the reversal waiting for it, if any, undoes it."""
        debtor = index.debtor_of.get(case_id)
        if debtor is not None and self._learns(line, case_id, statement.account, index):
            uow.bank_lines.learn_iban(debtor, line.payer_iban, line.value_on, line_id)
            index.learn(line.payer_iban, debtor)
        paid = replace(counterpart_of(line, line_id), case_id=case_id,
                       allocations=outcome.allocations)  # fmt: skip
        if meet_waiting(uow, self.events, paid, statement.account) is not None:
            index.restore(case_id, outcome.allocations)
            report.reversed += 1

    def _outcome(
        self, uow: PaymentsUnitOfWork, line: BankLine, line_id: int | None, account: str,
        index: CaseIndex,
    ) -> LineOutcome:  # fmt: skip
        """What ``line`` is; ``line_id`` (a debit's, stored already) names it to what it undoes."""
        if line.currency not in (EURO, ""):
            return LineOutcome(
                "ignored", f"devise {line.currency} : seuls les euros sont rapprochés"
            )
        if not line.credit:
            assert line_id is not None
            outcome, restored = reverse_line(uow, self.events, line, line_id, account)
            if outcome.case_id is not None and restored:
                index.restore(outcome.case_id, restored)
            return outcome
        if line.reversal:
            return LineOutcome("ignored", "annulation d'un débit : pas un paiement")
        if line.amount != line.amount.quantize(CENT):
            return LineOutcome("review", f"montant {line.amount} au-delà du centime")
        found = match_line(line, index)
        if found is None:
            return LineOutcome("unmatched", "aucune référence de dossier ni de facture reconnue")
        if isinstance(found, Ambiguous):
            return LineOutcome("review", found.reason)
        creditor = index.invoices_of[found.case_id][0].creditor_id
        if found.confidence < self._apply_from.get(creditor, APPLY_FROM):
            return LineOutcome(
                "review", f"candidat : dossier {found.case_reference} ({found.reason}, confiance "
                f"{found.confidence}) : à confirmer (recouvre payments assign)",
                found.case_id, 0, 0, found.confidence,
            )  # fmt: skip
        kept = True
        if found.invoice and index.remaining.get((found.case_id, found.invoice), 0) <= 0:
            # the invoice quoted was settled by an earlier line: the designation has no object
            # left, the payment goes to the other debts (C. civ. 1342-10, al. 2)
            found, kept = replace(found, invoice=None), False
        owed = index.owed(found.case_id, line.value_on, found.invoice)
        if line.amount > owed and found.invoice is None and not found.invoices:
            # beyond the principal due: the accessories a document claimed (C. civ. 1343-1)
            owed = max(owed, self._owed_with_fees(uow, found.case_id, line.value_on))
        applied = min(line.amount, owed)
        parts = [(found.invoice, applied)]
        if found.invoices:  # a combination: each invoice designated and paid in full
            parts = [(n, index.remaining[(found.case_id, n)]) for n in found.invoices]
            applied = sum((part for _, part in parts), Decimal(0))
        surplus = line.amount - applied
        if applied <= 0:
            return LineOutcome("review", f"{found.reason} ; rien d'échu dans le dossier "
                               f"{found.case_reference} : trop-perçu à rembourser ou affecter",
                               found.case_id, 0, to_cents(surplus), found.confidence)  # fmt: skip
        split: tuple[tuple[str, int], ...] = ()  # a batched payment's: once applied
        if self._batched(uow, found, line, account, index, kept):
            self._touched.append(found.case_id)
            self._deferred.append(
                Deferred(found.case_id, found.case_reference, line.value_on, tuple(parts))
            )
        else:
            done, split = paid_by(uow, found.case_id, lambda: [self.events.within(uow).payment(
                found.case_reference, part, line.value_on, invoice=number, source="bank"
            ) for number, part in parts][-1])  # fmt: skip
            if done.closure:
                self._closed.append(done.reference)
        for number, part in parts:
            index.settle(found.case_id, line.value_on, number, part)
        reason = found.reason + (
            f" ; {surplus} € au-delà de ce qui est échu (avance sur une facture à échoir, "
            "pénalités et indemnité non encore réclamées, ou trop-perçu) gardés à part, à affecter"
            if surplus
            else ""
        )
        return LineOutcome("applied", reason, found.case_id, to_cents(applied), to_cents(surplus),
                           found.confidence, split)  # fmt: skip


    def _owed_with_fees(self, uow: PaymentsUnitOfWork, case_id: int, on: date) -> Decimal:
        """What the case owes on its invoices due with the accessories a document claimed
        (zero when none did: the principal is what is owed). On the bulk path a case no
        document claimed the fees of owes its principal: no query, the case only noted as
        loaded (``bulk_apply``)."""
        if self._fees is not None and case_id not in self._fees:
            self._touched.append(case_id)
            return ZERO
        if self._fees is not None:
            self._apply_deferred(uow)
        case = uow.cases.get(case_id)
        assert case is not None
        found = owed_with_fees(uow, case, on, self.events.imputer)
        return ZERO if found is None else found


def _holder(uow: PaymentsUnitOfWork, name: str, statement: BankStatement) -> AccountHolder:
    holder = uow.bank_lines.holder(statement.account)
    if holder is None:
        raise PaymentImportError(
            f"{name} : compte {statement.account} inconnu : aucun créancier ni agence n'a cet "
            "IBAN (recouvre creditor set SIREN --iban …) ; rien n'a été enregistré"
        )
    return holder


def _say_balance(report: StatementImportReport, name: str, statement: BankStatement) -> None:
    off = statement.unbalanced_by()
    if off:
        report.warnings.append(
            f"{name}, relevé {statement.statement_id or '?'} : solde d'ouverture + mouvements "
            f"≠ solde de clôture (écart {off}) : une écriture manque peut-être"
        )
    if statement.copy:
        report.warnings.append(
            f"{name}, relevé {statement.statement_id or '?'} : copie ou duplicata ; ses lignes "
            "déjà connues ne sont pas comptées deux fois"
        )


def _count(report: StatementImportReport, line: BankLine, outcome: LineOutcome) -> None:
    if outcome.status == "applied":
        report.applied += 1
        report.applied_amount += from_cents(outcome.applied_cents)
    elif outcome.status == "review":
        report.review += 1
    elif outcome.status == "reversal":
        report.reversed += 1
    elif outcome.status == "unmatched":
        report.unmatched += 1
    else:
        report.ignored += 1
    report.surplus_amount += from_cents(outcome.surplus_cents)
    report.outcomes.append({
        "key": line.key, "value_on": line.value_on.isoformat(), "amount": str(line.amount),
        "credit": line.credit, "status": outcome.status, "reason": outcome.reason,
        "payer": line.payer_name,
    })  # fmt: skip
