"""What a FEC reader (``adapters.importers.fec``) hands to the FEC import: the customer lines of
a file whose entries were checked to balance, and the facts of that check.

The FEC (fichier des écritures comptables) is the export every French accounting package must
give the tax administration on request (LPF L47 A, format of LPF A47 A-1): one line per line of
an accounting entry. Only the customer accounts matter to collection: the collective account
``411`` (PCG 411 « Clients ») or, on it, the auxiliary account of each customer
(``CompAuxNum``). The reader keeps those lines whole and, for every other line, only what the
balance check and the sales rule need (which entries credit a revenue account, class 7).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.services.imports.rows import ImportIssue

CUSTOMER_ACCOUNT_PREFIX = "411"  # PCG 411 « Clients »
REVENUE_ACCOUNT_PREFIX = "7"  # PCG class 7, « Comptes de produits »


def is_customer_account(account: str) -> bool:
    """A general account of customers (PCG 411 and its sub-accounts: ``411``, ``41100000``)."""
    return account.startswith(CUSTOMER_ACCOUNT_PREFIX)


def is_revenue_account(account: str) -> bool:
    """A revenue account (PCG class 7: sales ``70``, other income...)."""
    return account.startswith(REVENUE_ACCOUNT_PREFIX)


class EntryGrouping(enum.StrEnum):
    """How the lines of a file are grouped into entries for the check debits = credits.

    ``NUMBER``: ``JournalCode`` + ``EcritureNum``, the entry as the FEC names it. ``JOURNAL_DAY``:
    ``JournalCode`` + ``EcritureDate``, when ``EcritureNum`` is ``0`` on every line (the cash-basis
    variant some packages write): the entries cannot be told apart and a journal's day is the
    smallest group the file still balances on (a ``PieceRef`` can span several days)."""

    NUMBER = "number"
    JOURNAL_DAY = "journal_day"

    @property
    def label(self) -> str:
        match self:
            case EntryGrouping.NUMBER:
                return "par écriture (JournalCode + EcritureNum)"
            case EntryGrouping.JOURNAL_DAY:
                return (
                    "par journal et par jour (JournalCode + EcritureDate) : EcritureNum vaut 0 "
                    "sur toutes les lignes"
                )


EntryKey = tuple[str, str]  # (JournalCode, EcritureNum or EcritureDate as written)


@dataclass(frozen=True, slots=True)
class CustomerLine:
    """One line of the file on a customer account, values trimmed of their padding.

    ``account`` is the customer's own account (``CompAuxNum``, else ``CompteNum``), ``name`` its
    label (``CompAuxLib``, else ``CompteLib``); ``amount`` is debit minus credit (a debit is
    positive); ``entry`` the key of its entry under the file's ``EntryGrouping``."""

    line: int
    entry: EntryKey
    journal: str
    entry_number: str
    entry_date: date
    account: str
    name: str
    piece_ref: str
    piece_date: date | None
    label: str
    amount: Decimal
    lettering: str
    lettered_on: date | None


@dataclass(frozen=True, slots=True)
class Ledger:
    """A FEC as read: its customer lines, the entries that are sales, the balance check, and
    every error with line and column (``issues``: the file is then refused whole).

    ``headers`` gives each column's canonical name (``PieceRef``) as the file writes it, so that
    an error names the column the user sees."""

    name: str
    sha256: str
    lines: int
    entries: int
    grouping: EntryGrouping
    total_debit: Decimal
    total_credit: Decimal
    customer_lines: tuple[CustomerLine, ...]
    sales_entries: frozenset[EntryKey]
    headers: Mapping[str, str]
    issues: tuple[ImportIssue, ...]

    @property
    def ok(self) -> bool:
        return not self.issues

    def column(self, canonical: str) -> str:
        """The column as written in the file (``Debit`` when it says ``DEBIT``)."""
        return self.headers.get(canonical, canonical)
