"""The rows of an invoice import and the rules each row must meet (the *validate* stage).

A ``RawRow`` comes from a format adapter with typed cells (``str``, ``date``, ``Decimal``) and
the syntax errors of its cells. ``RowValidator`` checks what the domain requires and turns each
good row into an ``InvoiceRecord`` ready to store:

- an invoice number, an issue date, a due date not before it, an amount above zero, a debtor
  name (``Invoice`` invariants, ``recouvre.domain.claims``);
- an amount already paid between zero and the amount;
- SIREN and SIRET with a valid Luhn key, checked by python-stdnum
  (``recouvre.domain.identifiers``), and a SIRET that belongs to the SIREN given beside it;
- the debtor's kind (C. com. L441-10 for companies, C. consom. for consumers): the ``type``
  column when present, else a company when a SIREN or SIRET is given, else a consumer. A company
  needs a SIREN or SIRET; a consumer has none;
- well-formed e-mail addresses; one invoice number only once in a file;
- lengths that fit the columns of the database (PostgreSQL refuses longer text).

Errors are values (``ImportIssue``) carrying the line, the column as written in the file and a
French message; the validator collects them and never raises.
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

from stdnum import luhn

from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.identifiers import validate_siren, validate_siret
from recouvre.domain.parties import DebtorKind, debtor_key, departement_of


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

_EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]{2,}")
_LIST_SPLIT = re.compile(r"[,;\s]+")
_PHONE_SPLIT = re.compile(r"[,;/\n]")


def is_valid_email(text: str) -> bool:
    """One email address, as an import accepts it (also the rule ``debtor set`` applies)."""
    return _EMAIL.fullmatch(text) is not None


def split_phones(text: str) -> list[str]:
    """A cell (or an option value) holding one or more phone numbers, split and trimmed."""
    return [p.strip() for p in _PHONE_SPLIT.split(text) if p.strip()]


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
    """A row as parsed: typed cells by field (empty cells absent) and the cells' syntax errors.

    Rows and records are named tuples: immutable like frozen dataclasses, and five times
    cheaper to build, which counts at a million rows."""

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


def _fr(amount: Decimal) -> str:
    """``Decimal("-5")`` -> ``"-5,00"``: amounts in messages, French style."""
    return f"{amount:.2f}".replace(".", ",")


def check_siren(value: str) -> str | InvalidIdentifier:
    """A SIREN's compact form, or why it is invalid (python-stdnum)."""
    if len(value) == 9 and value.isdigit() and luhn.checksum(value) == 0:
        return value  # what siren.validate returns, without its generic clean-up
    try:
        return validate_siren(value)
    except InvalidIdentifier as exc:
        return exc


def check_siret(value: str) -> str | InvalidIdentifier:
    """A SIRET's compact form, or why it is invalid (python-stdnum, La Poste's rule included)."""
    if len(value) == 14 and value.isdigit() and luhn.checksum(value) == 0:
        return value
    try:
        return validate_siret(value)
    except InvalidIdentifier as exc:
        return exc


_NUMBER = Field.INVOICE_NUMBER
_ISSUED = Field.ISSUE_DATE
_DUE = Field.DUE_DATE
_AMOUNT = Field.AMOUNT
_PAID = Field.PAID
_NAME = Field.NAME
_SIREN = Field.SIREN
_SIRET = Field.SIRET
_KIND = Field.KIND
_EMAIL_FIELD = Field.EMAIL
_PHONE = Field.PHONE
_COUNTRY = Field.COUNTRY
_POSTAL_CODE = Field.POSTAL_CODE
_CITY = Field.CITY
_ADDRESS = Field.ADDRESS
_ADDRESS_2 = Field.ADDRESS_2
_COMPANY = DebtorKind.COMPANY
_CONSUMER = DebtorKind.CONSUMER
_MAX_NAME = MAX_LENGTHS[_NAME]
_MAX_NUMBER = MAX_LENGTHS[_NUMBER]
_MAX_POSTAL_CODE = MAX_LENGTHS[_POSTAL_CODE]
_MAX_CITY = MAX_LENGTHS[_CITY]
_COMPLETED_ON = Field.COMPLETED_ON
_ZERO = Decimal(0)
_CENT = Decimal("0.01")
_new_tuple = tuple.__new__
_EMAIL_MATCH = _EMAIL.fullmatch
_UNKNOWN = "?"  # not a département: marks a postal code not looked up yet


class RowValidator:
    """The *validate* stage: applies the rules above to each ``RawRow`` in file order.

    It remembers the invoice numbers seen (duplicates) and caches identifier checks, so one
    validator serves one file. ``creditor_siren`` is the creditor named on the command line;
    without it, the creditor column names it (one creditor per file).
    """

    def __init__(self, columns: Mapping[Field, str], creditor_siren: str | None) -> None:
        self._columns = columns
        self.creditor_siren = creditor_siren
        self._creditor_from_option = creditor_siren is not None
        self._creditor_column = Field.CREDITOR in columns
        self._optional = any(
            f in columns for f in (Field.CURRENCY, Field.CONTRACTUAL_RATE, Field.CREDITOR)
        )
        self._seen: dict[str, int] = {}
        self._sirens: dict[str, str | InvalidIdentifier] = {}
        self._sirets: dict[str, str | InvalidIdentifier] = {}
        self._kinds: dict[str, DebtorKind | None] = {}
        self._departements: dict[str, str | None] = {}

    def column(self, f: Field) -> str:
        """The column name as written in the file (or its French name when absent)."""
        return self._columns.get(f, FIELD_LABELS[f])

    def _err(self, issues: list[ImportIssue], line: int, f: Field, message: str) -> None:
        issues.append(ImportIssue(line, self.column(f), message))

    def check(self, row: RawRow, issues: list[ImportIssue]) -> InvoiceRecord | None:
        """The record of a good row; for a bad one, ``None`` and its errors added to ``issues``.

        Written for speed (a million rows): the common case runs straight through, each rule
        reports through ``_err`` only when broken."""
        before = len(issues)
        line, cells, parse_issues = row
        if parse_issues:
            issues.extend(parse_issues)
        get = cells.get
        number = get(_NUMBER)
        issued = get(_ISSUED)
        due = get(_DUE)
        amount = get(_AMOUNT)
        name = get(_NAME)
        complete = not (number is None or issued is None or due is None or amount is None)
        if not complete or name is None:
            self._missing(row, issues)

        if isinstance(number, str):
            if len(number) > _MAX_NUMBER:
                self._too_long(issues, line, _NUMBER, number)
            first = self._seen.setdefault(number, line)
            if first != line:
                self._err(
                    issues, line, _NUMBER, f"facture « {number} » déjà présente ligne {first}"
                )
        if isinstance(issued, date) and isinstance(due, date) and due < issued:
            self._err(
                issues,
                line,
                _DUE,
                f"échéance {due:%d/%m/%Y} antérieure à la date de facture {issued:%d/%m/%Y}",
            )
        if isinstance(amount, Decimal) and amount <= 0:
            self._err(issues, line, _AMOUNT, f"montant nul ou négatif : {_fr(amount)}")
        paid = get(_PAID, _ZERO)
        if isinstance(paid, Decimal) and paid:
            if paid < 0:
                self._err(issues, line, _PAID, f"montant déjà payé négatif : {_fr(paid)}")
            elif isinstance(amount, Decimal) and 0 < amount < paid:
                self._err(
                    issues,
                    line,
                    _PAID,
                    f"montant déjà payé ({_fr(paid)}) supérieur au montant ({_fr(amount)})",
                )
        rate_text = self._optional_cells(cells, line, issues) if self._optional else None
        debtor = self._debtor(line, cells, issues)

        if len(issues) != before or debtor is None or not complete:
            return None
        # Parsed cells have their field's type (cells.py); no need to check it again.
        # ``tuple.__new__`` straight: the named tuple's own ``__new__`` is a Python call.
        return _new_tuple(
            InvoiceRecord,
            (
                line,
                number,
                issued,
                due,
                int(amount * 100),  # type: ignore[operator]
                int(paid * 100) if paid else 0,  # type: ignore[operator]
                rate_text,
                get(_COMPLETED_ON),
                debtor,
            ),
        )

    def _missing(self, row: RawRow, issues: list[ImportIssue]) -> None:
        """Required cells left empty (a column missing altogether is reported once, at the top)."""
        for f in REQUIRED_FIELDS:
            if f in self._columns and f not in row.cells:
                column = self.column(f)
                if not any(i.column == column for i in row.issues):
                    issues.append(ImportIssue(row.line, column, "valeur obligatoire manquante"))

    def _too_long(self, issues: list[ImportIssue], line: int, f: Field, value: str) -> None:
        limit = MAX_LENGTHS[f]
        self._err(issues, line, f, f"valeur trop longue ({len(value)} caractères, {limit} au plus)")

    def _optional_cells(
        self, cells: Mapping[Field, Cell], line: int, issues: list[ImportIssue]
    ) -> str | None:
        """Currency, contractual rate and creditor; returns the rate as stored text."""
        currency = cells.get(Field.CURRENCY)
        if isinstance(currency, str) and currency.upper() not in ("EUR", "€"):
            self._err(
                issues,
                line,
                Field.CURRENCY,
                f"devise « {currency} » non gérée : seul l'euro (EUR) l'est",
            )
        rate_text: str | None = None
        rate = cells.get(Field.CONTRACTUAL_RATE)
        if isinstance(rate, Decimal):
            if rate < 0 or rate >= 100:
                self._err(
                    issues,
                    line,
                    Field.CONTRACTUAL_RATE,
                    f"taux contractuel hors limites : {rate} %",
                )
            else:
                rate_text = f"{rate:.2f}" if rate == rate.quantize(_CENT) else str(rate)
        creditor = cells.get(Field.CREDITOR)
        if isinstance(creditor, str):
            self._check_creditor(creditor, line, issues)
        elif self._creditor_column and not self._creditor_from_option:
            self._err(issues, line, Field.CREDITOR, "valeur obligatoire manquante (SIREN)")
        return rate_text

    def _check_creditor(self, value: str, line: int, issues: list[ImportIssue]) -> None:
        compact = value.replace(" ", "").replace(".", "")
        checked = check_siret(compact) if len(compact) == 14 else check_siren(compact)
        if isinstance(checked, InvalidIdentifier):
            self._err(issues, line, Field.CREDITOR, str(checked))
            return
        siren = checked[:9]
        if self.creditor_siren is None:
            self.creditor_siren = siren
        elif siren != self.creditor_siren:
            where = "--creditor" if self._creditor_from_option else "les lignes précédentes"
            self._err(
                issues,
                line,
                Field.CREDITOR,
                f"créancier {siren} différent de celui de {where} ({self.creditor_siren}) : "
                "un fichier ne concerne qu'un créancier",
            )

    def _identifier(self, raw: str, f: Field, line: int, issues: list[ImportIssue]) -> str | None:
        cache, check = (
            (self._sirens, check_siren) if f is Field.SIREN else (self._sirets, check_siret)
        )
        result = cache.get(raw)
        if result is None:
            result = cache[raw] = check(raw)
        if isinstance(result, InvalidIdentifier):
            self._err(issues, line, f, str(result))
            return None
        return result

    def _kind(self, raw: str) -> DebtorKind | None:
        if raw not in self._kinds:
            self._kinds[raw] = KIND_WORDS.get(fold(raw))
        return self._kinds[raw]

    def _debtor(
        self, line: int, cells: Mapping[Field, Cell], issues: list[ImportIssue]
    ) -> DebtorRecord | None:
        text: Mapping[Field, str] = cells  # type: ignore[assignment]  # text fields hold str
        get = text.get
        name = get(_NAME, "")
        if len(name) > _MAX_NAME:
            self._too_long(issues, line, _NAME, name)
        siren_raw = get(_SIREN, "")
        siret_raw = get(_SIRET, "")
        if siren_raw and not siren_raw.isdigit():
            siren_raw = siren_raw.replace(" ", "").replace(".", "")
        if siret_raw and not siret_raw.isdigit():
            siret_raw = siret_raw.replace(" ", "").replace(".", "")
        kind_raw = get(_KIND, "")
        kind: DebtorKind | None
        if kind_raw:
            kind = self._kinds.get(kind_raw) or self._kind(kind_raw)
            if kind is None:
                message = f"type « {kind_raw} » inconnu : « entreprise » ou « particulier » attendu"
                self._err(issues, line, _KIND, message)
                return None
        else:
            kind = _COMPANY if siren_raw or siret_raw else _CONSUMER

        ok = True
        siren: str | None = None
        siret: str | None = None
        if kind is _COMPANY:
            if not siren_raw and not siret_raw:
                message = "SIREN ou SIRET obligatoire pour une entreprise"
                self._err(issues, line, _SIREN, message)
                return None
            if siren_raw:
                known = self._sirens.get(siren_raw)
                if isinstance(known, str):
                    siren = known
                else:
                    siren = self._identifier(siren_raw, _SIREN, line, issues)
                    ok = siren is not None
            if siret_raw:
                siret = self._identifier(siret_raw, _SIRET, line, issues)
                if siret is None:
                    ok = False
                elif siren is not None and siret[:9] != siren:
                    message = f"SIRET {siret} n'appartient pas au SIREN {siren}"
                    self._err(issues, line, _SIRET, message)
                    ok = False
                elif siren is None and ok:
                    siren = siret[:9]
        elif siren_raw or siret_raw:
            message = "un particulier n'a pas de SIREN ni de SIRET : corrigez la colonne « type »"
            self._err(issues, line, _SIREN if siren_raw else _SIRET, message)
            ok = False

        emails = get(_EMAIL_FIELD, "")
        # One address (the usual case) matches _EMAIL, which excludes separators: nothing to split.
        if emails and _EMAIL_MATCH(emails) is None:
            ok = self._check_emails(emails, line, issues) and ok
            if "," in emails or ";" in emails or " " in emails or "\t" in emails:
                emails = "\n".join(e for e in _LIST_SPLIT.split(emails) if e)
        phones = get(_PHONE, "")
        if "," in phones or ";" in phones or "/" in phones or "\n" in phones:
            phones = "\n".join(p.strip() for p in _PHONE_SPLIT.split(phones) if p.strip())
        country = get(_COUNTRY, "")
        if country:
            ok = self._check_country(country, line, issues) and ok
            country = COUNTRY_WORDS.get(fold(country), country.upper())
        else:
            country = "FR"
        postal_code = get(_POSTAL_CODE, "")
        city = get(_CITY, "")
        if len(postal_code) > _MAX_POSTAL_CODE or len(city) > _MAX_CITY:
            for f, value in ((_POSTAL_CODE, postal_code), (_CITY, city)):
                if len(value) > MAX_LENGTHS[f]:
                    self._too_long(issues, line, f, value)
            ok = False
        if not ok or not name:
            return None
        if "  " in name or "\n" in name or "\t" in name:
            name = " ".join(name.split())
        address = get(_ADDRESS, "")
        address_2 = get(_ADDRESS_2, "")
        if address_2 or "\n" in address:
            lines = [*address.splitlines(), *address_2.splitlines()]
            address = "\n".join(x.strip() for x in lines if x.strip())
        key = debtor_key(kind, siren, name, postal_code)  # the one rule (domain.parties)
        departement: str | None = None
        if country == "FR":
            departement = self._departements.get(postal_code, _UNKNOWN)
            if departement is _UNKNOWN:
                departement = self._departement(postal_code)
        return _new_tuple(
            DebtorRecord,
            (
                key,
                kind,
                name,
                siren,
                siret,
                address,
                postal_code,
                city,
                country,
                departement,
                emails,
                phones,
            ),
        )

    def _departement(self, postal_code: str) -> str | None:
        if postal_code not in self._departements:
            self._departements[postal_code] = departement_of(postal_code)
        return self._departements[postal_code]

    def _check_emails(self, text: str, line: int, issues: list[ImportIssue]) -> bool:
        if _EMAIL.fullmatch(text) is not None:
            return True
        ok = True
        for email in _LIST_SPLIT.split(text):
            if email and _EMAIL.fullmatch(email) is None:
                self._err(issues, line, _EMAIL_FIELD, f"adresse e-mail invalide : « {email} »")
                ok = False
        return ok

    def _check_country(self, raw: str, line: int, issues: list[ImportIssue]) -> bool:
        country = COUNTRY_WORDS.get(fold(raw), raw.upper())
        if len(country) == 2 and country.isalpha():
            return True
        message = f"pays « {raw} » : code ISO à deux lettres attendu"
        self._err(issues, line, _COUNTRY, message)
        return False
