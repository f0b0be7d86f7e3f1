"""Which customer lines of a FEC are invoices, what of each is still owed, and when it fell due.

The rules, pure (a ``Ledger`` in, ``Receivables`` out):

- **an invoice** is a sales entry debiting a customer account: the lines of one entry on one
  customer account, netted, when the entry credits a revenue account (PCG class 7) and the net
  is a debit. Its number is the ``PieceRef`` (the invoice's reference), its issue date the
  ``PieceDate`` (else the ``EcritureDate``). A placeholder reference (empty, ``-``, ``/``,
  ``sans``) gives way to the ``EcritureNum``; a reference shared by several invoices of the
  file (a monthly batch piece ``VE 0123``) gets the ``EcritureNum`` (else the customer's
  account) appended, so that each invoice keeps one number import after import;
- **the due date** is not in a FEC: it is the issue date plus the creditor's payment term, by
  default 30 days, the term of C. com. L441-10 I al. 1 when nothing was agreed (« le délai de
  règlement des sommes dues est fixé au trentième jour suivant la date de réception des
  marchandises ou d'exécution de la prestation »). The report says the due dates were derived;
- **lettering** (``EcritureLet``, ``DateLet``) matches debits with the credits that settle them,
  per customer account and code. A code whose credits cover its debits settles its invoices;
  a code whose credits fall short (a partial lettering) pays its invoices oldest first and
  leaves the rest open; a code without any credit in the file (its counterpart is in another
  file) settles its invoices, as the accountant's lettering says;
- **an unlettered credit** on a customer account (payment, credit note) reduces the invoices of
  that customer whose reference it bears (``PieceRef``), oldest first; otherwise it is listed,
  never applied by guess (the bank-statement matcher deals with payments);
- a customer debit outside a sales entry (opening balance ``à nouveaux``, refund, returned
  payment) is not an invoice: listed with its line, not imported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from recouvre.services.imports.fec.ledger import CustomerLine, EntryKey, Ledger

DEFAULT_PAYMENT_TERM_DAYS = 30  # C. com. L441-10 I al. 1, when nothing is agreed
MAX_PAYMENT_TERM_DAYS = 365
_PLACEHOLDERS = frozenset({"", "-", "/", ".", "0", "sans", "néant", "neant", "n/a"})
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class FecInvoice:
    """An invoice read from the customer lines of one sales entry."""

    line: int  # the first debit line of the entry on the customer's account
    number: str
    account: str
    name: str
    issue_date: date
    due_date: date
    amount: Decimal
    paid: Decimal
    lettering: str

    @property
    def settled(self) -> bool:
        return self.paid >= self.amount

    @property
    def open_amount(self) -> Decimal:
        return self.amount - self.paid


@dataclass(frozen=True, slots=True)
class LooseLine:
    """A customer line the import does not turn into an invoice, listed in the report."""

    line: int
    account: str
    name: str
    piece_ref: str
    amount: Decimal  # positive: what it debits or credits, by the list it is in


@dataclass(frozen=True, slots=True)
class Receivables:
    """The invoices of a FEC and the customer lines left aside (each list in file order)."""

    invoices: tuple[FecInvoice, ...]
    unallocated_credits: tuple[LooseLine, ...]
    other_debits: tuple[LooseLine, ...]
    payment_term_days: int

    @property
    def settled(self) -> int:
        return sum(1 for i in self.invoices if i.settled)

    @property
    def partly_paid(self) -> int:
        return sum(1 for i in self.invoices if _ZERO < i.paid < i.amount)

    @property
    def open(self) -> int:
        return sum(1 for i in self.invoices if not i.settled)


@dataclass(slots=True)
class _Item:
    """The customer lines of one entry on one account, netted."""

    lines: list[CustomerLine]
    net: Decimal = _ZERO
    sale: bool = False
    paid: Decimal = _ZERO
    number: str = ""

    @property
    def first(self) -> CustomerLine:
        return self.lines[0]

    @property
    def lead(self) -> CustomerLine:
        """The line that names the item: its first debit (or credit) line."""
        debit = self.net > 0
        return next((x for x in self.lines if (x.amount > 0) == debit), self.first)

    @property
    def lettering(self) -> str:
        return self.lead.lettering or next((x.lettering for x in self.lines if x.lettering), "")

    @property
    def issue_date(self) -> date:
        return self.lead.piece_date or self.lead.entry_date

    @property
    def owed(self) -> Decimal:
        return self.net - self.paid


def receivables(ledger: Ledger, payment_term_days: int = DEFAULT_PAYMENT_TERM_DAYS) -> Receivables:
    """The invoices of ``ledger`` with what was paid of each, and the lines left aside."""
    items = _items(ledger.customer_lines, ledger.sales_entries)
    debits = [i for i in items if i.net > 0]
    credits = [i for i in items if i.net < 0]
    leftovers = _apply_lettering(debits, credits)
    unlettered = [c for c in credits if not c.lettering]
    leftovers += _apply_references([i for i in debits if i.sale], unlettered)
    invoices = [i for i in debits if i.sale]
    _number(invoices)
    term = timedelta(days=payment_term_days)
    return Receivables(
        invoices=tuple(
            FecInvoice(
                line=i.lead.line,
                number=i.number,
                account=i.lead.account,
                name=i.lead.name or i.lead.account,
                issue_date=i.issue_date,
                due_date=i.issue_date + term,
                amount=i.net,
                paid=i.paid,
                lettering=i.lettering,
            )
            for i in invoices
        ),
        unallocated_credits=tuple(sorted(leftovers, key=lambda x: x.line)),
        other_debits=tuple(_loose(i, i.net) for i in debits if not i.sale),
        payment_term_days=payment_term_days,
    )


def _items(lines: tuple[CustomerLine, ...], sales: frozenset[EntryKey]) -> list[_Item]:
    grouped: dict[tuple[str, EntryKey], _Item] = {}
    for line in lines:
        item = grouped.get((line.account, line.entry))
        if item is None:
            item = grouped[(line.account, line.entry)] = _Item([], sale=line.entry in sales)
        item.lines.append(line)
        item.net += line.amount
    return [i for i in grouped.values() if i.net]


def _loose(item: _Item, amount: Decimal) -> LooseLine:
    lead = item.lead
    return LooseLine(lead.line, lead.account, lead.name or lead.account, lead.piece_ref, amount)


def _pay(debits: list[_Item], available: Decimal) -> Decimal:
    """Pay ``debits`` oldest first out of ``available``; returns what is left of it."""
    for debit in sorted(debits, key=lambda d: (d.issue_date, d.first.line)):
        if available <= 0:
            break
        paid = min(debit.owed, available)
        debit.paid += paid
        available -= paid
    return available


def _apply_lettering(debits: list[_Item], credits: list[_Item]) -> list[LooseLine]:
    """Settle what each lettering code settles (module docstring); credits left over."""
    by_code: dict[tuple[str, str], tuple[list[_Item], list[_Item]]] = {}
    for item in debits:
        if item.lettering:
            by_code.setdefault((item.first.account, item.lettering), ([], []))[0].append(item)
    for item in credits:
        if item.lettering:
            by_code.setdefault((item.first.account, item.lettering), ([], []))[1].append(item)
    leftovers: list[LooseLine] = []
    for lettered_debits, lettered_credits in by_code.values():
        available = -sum((c.net for c in lettered_credits), _ZERO)
        if not lettered_credits:
            for debit in lettered_debits:  # the counterpart is outside the file
                debit.paid = debit.net
            continue
        left = _pay(lettered_debits, available)
        if left > 0:
            leftovers.append(_loose(lettered_credits[0], left))
    return leftovers


def _apply_references(invoices: list[_Item], credits: list[_Item]) -> list[LooseLine]:
    """Unlettered credits reduce the open invoices of their customer bearing their reference."""
    by_reference: dict[tuple[str, str], list[_Item]] = {}
    for invoice in invoices:
        reference = invoice.lead.piece_ref
        if reference.casefold() not in _PLACEHOLDERS:
            by_reference.setdefault((invoice.first.account, reference), []).append(invoice)
    leftovers: list[LooseLine] = []
    for credit in credits:
        reference = credit.lead.piece_ref
        tied = by_reference.get((credit.first.account, reference), [])
        left = _pay(tied, -credit.net)
        if left > 0:
            leftovers.append(_loose(credit, left))
    return leftovers


def _number(invoices: list[_Item]) -> None:
    """Give each invoice its number (module docstring), unique in the file."""
    bases = [_base_number(i.lead) for i in invoices]
    shared = Counter(bases)
    for item, base in zip(invoices, bases, strict=True):
        lead = item.lead
        if shared[base] == 1:
            item.number = base
        elif lead.entry_number.strip("0") and lead.entry_number != base:
            item.number = f"{base}-{lead.entry_number}"
        else:
            item.number = f"{base}-{lead.account}"
    seen = Counter(i.number for i in invoices)
    rank: Counter[str] = Counter()
    for item in invoices:  # still shared (one customer, one journal day): ordinal in the file
        if seen[item.number] > 1:
            rank[item.number] += 1
            item.number = f"{item.number}-{rank[item.number]}"


def _base_number(line: CustomerLine) -> str:
    if line.piece_ref.casefold() not in _PLACEHOLDERS:
        return line.piece_ref
    if line.entry_number.strip("0"):
        return line.entry_number
    return f"{line.journal}-{line.entry_date:%Y%m%d}"


__all__ = [
    "DEFAULT_PAYMENT_TERM_DAYS",
    "MAX_PAYMENT_TERM_DAYS",
    "FecInvoice",
    "LooseLine",
    "Receivables",
    "receivables",
]
