"""The rows of an invoice import: the fields a column may hold, the typed cells of a parsed row,
the records validation makes of it, and the issues that name a line and a column.

A ``RawRow`` comes from a format adapter with typed cells (``str``, ``date``, ``Decimal``) and
the syntax errors of its cells; ``services.imports.validation.RowValidator`` turns each good
row into an ``InvoiceRecord`` ready to store. Errors are values (``ImportIssue``) carrying the
line, the column as written in the file and a French message; nothing here raises.

Rows and records are named tuples: immutable like frozen dataclasses, and five times cheaper to
build, which counts at a million rows.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from recouvre.domain.parties import DebtorKind


class Field(enum.StrEnum):
    """What a column of an invoice file holds (aliases: ``adapters.importers.headers``)."""

    INVOICE_NUMBER = "invoice_number"
    ISSUE_DATE = "issue_date"
    DUE_DATE = "due_date"
    AMOUNT = "amount"
    PAID = "paid"
    CURRENCY = "currency"
    CONTRACTUAL_RATE = "contractual_rate"
    COMPLETED_ON = "completed_on"
    KIND = "kind"
    NAME = "name"
    SIREN = "siren"
    SIRET = "siret"
    EMAIL = "email"
    PHONE = "phone"
    ADDRESS = "address"
    ADDRESS_2 = "address_2"
    POSTAL_CODE = "postal_code"
    CITY = "city"
    COUNTRY = "country"
    CREDITOR = "creditor"


class CellType(enum.Enum):
    """How a format adapter must read a cell before validation."""

    TEXT = "text"
    DATE = "date"
    MONEY = "money"
    RATE = "rate"


CELL_TYPES: Mapping[Field, CellType] = {
    **{f: CellType.TEXT for f in Field},
    Field.ISSUE_DATE: CellType.DATE,
    Field.DUE_DATE: CellType.DATE,
    Field.COMPLETED_ON: CellType.DATE,
    Field.AMOUNT: CellType.MONEY,
    Field.PAID: CellType.MONEY,
    Field.CONTRACTUAL_RATE: CellType.RATE,
}

# The French name of each column, used when the column is missing from the file.
FIELD_LABELS: Mapping[Field, str] = {
    Field.INVOICE_NUMBER: "numéro de facture",
    Field.ISSUE_DATE: "date de facture",
    Field.DUE_DATE: "date d'échéance",
    Field.AMOUNT: "montant TTC",
    Field.PAID: "déjà payé",
    Field.CURRENCY: "devise",
    Field.CONTRACTUAL_RATE: "taux contractuel",
    Field.COMPLETED_ON: "date d'achèvement",
    Field.KIND: "type",
    Field.NAME: "raison sociale",
    Field.SIREN: "SIREN",
    Field.SIRET: "SIRET",
    Field.EMAIL: "email",
    Field.PHONE: "téléphone",
    Field.ADDRESS: "adresse",
    Field.ADDRESS_2: "complément d'adresse",
    Field.POSTAL_CODE: "code postal",
    Field.CITY: "ville",
    Field.COUNTRY: "pays",
    Field.CREDITOR: "SIREN créancier",
}

REQUIRED_FIELDS: tuple[Field, ...] = (
    Field.INVOICE_NUMBER,
    Field.ISSUE_DATE,
    Field.DUE_DATE,
    Field.AMOUNT,
    Field.NAME,
)

# Widths of the database columns (adapters/db/tables.py); longer text is an input error.
MAX_LENGTHS: Mapping[Field, int] = {
    Field.INVOICE_NUMBER: 64,
    Field.NAME: 200,
    Field.POSTAL_CODE: 10,
    Field.CITY: 100,
}

# Values of the ``type`` column, compared without case, accents or surrounding spaces.
KIND_WORDS: Mapping[str, DebtorKind] = {
    **dict.fromkeys(
        ("entreprise", "societe", "professionnel", "pro", "b2b", "company", "business"),
        DebtorKind.COMPANY,
    ),
    **dict.fromkeys(
        ("particulier", "consommateur", "personne physique", "b2c", "consumer", "individual"),
        DebtorKind.CONSUMER,
    ),
}

COUNTRY_WORDS: Mapping[str, str] = {"france": "FR", "fr": "FR"}

EMAIL_ADDRESS = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]{2,}")
EMAIL_SEPARATORS = re.compile(r"[,;\s]+")
PHONE_SEPARATORS = re.compile(r"[,;/\n]")


def is_valid_email(text: str) -> bool:
    """One email address, as an import accepts it (also the rule ``debtor set`` applies)."""
    return EMAIL_ADDRESS.fullmatch(text) is not None


def split_phones(text: str) -> list[str]:
    """A cell (or an option value) holding one or more phone numbers, split and trimmed."""
    return [p.strip() for p in PHONE_SEPARATORS.split(text) if p.strip()]


Cell = str | date | Decimal


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One thing wrong with the file: where (line, column as written) and why, in French."""

    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.line is not None and self.column is not None:
            return f"ligne {self.line}, colonne « {self.column} » : {self.message}"
        if self.line is not None:
            return f"ligne {self.line} : {self.message}"
        if self.column is not None:
            return f"colonne « {self.column} » : {self.message}"
        return self.message


class RawRow(NamedTuple):
    """A row as parsed: typed cells by field (empty cells absent) and the cells' syntax errors."""

    line: int
    cells: Mapping[Field, Cell]
    issues: tuple[ImportIssue, ...] = ()


class DebtorRecord(NamedTuple):
    """A debtor as described by an import row; ``key`` is the natural key of ``debtors``."""

    key: str
    kind: DebtorKind
    name: str
    siren: str | None
    siret: str | None
    address_lines: str
    postal_code: str
    city: str
    country: str
    departement: str | None
    emails: str  # newline-separated, as stored
    phones: str


class InvoiceRecord(NamedTuple):
    """A valid invoice row, in storage units (cents, text rate)."""

    line: int
    number: str
    issue_date: date
    due_date: date
    amount_cents: int
    paid_cents: int
    contractual_rate: str | None
    completed_on: date | None
    debtor: DebtorRecord

    @property
    def is_unpaid(self) -> bool:
        return self.paid_cents < self.amount_cents


def fold(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: how words like ``type`` are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


class IssueReporter:
    """Names a field as the file does (or by its French name when the column is absent) and
    adds the issues of one line."""

    def __init__(self, columns: Mapping[Field, str]) -> None:
        self._columns = columns

    def column(self, f: Field) -> str:
        """The column name as written in the file (or its French name when absent)."""
        return self._columns.get(f, FIELD_LABELS[f])

    def _err(self, issues: list[ImportIssue], line: int, f: Field, message: str) -> None:
        issues.append(ImportIssue(line, self.column(f), message))

    def _too_long(self, issues: list[ImportIssue], line: int, f: Field, value: str) -> None:
        limit = MAX_LENGTHS[f]
        self._err(issues, line, f, f"valeur trop longue ({len(value)} caractères, {limit} au plus)")
