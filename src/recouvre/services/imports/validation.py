"""The *validate* stage of an invoice import: the rules each row must meet.

``RowValidator`` checks what the domain requires and turns each good ``RawRow`` into an
``InvoiceRecord`` ready to store:

- an invoice number, an issue date, a due date not before it, an amount above zero, a debtor
  name (``Invoice`` invariants, ``recouvre.domain.claims``); one invoice number only once in a
  file;
- an amount already paid between zero and the amount;
- a currency in euros, a contractual rate between 0 and 100 %, one creditor per file;
- the debtor's columns (``services.imports.debtor_rules``);
- lengths that fit the columns of the database (PostgreSQL refuses longer text).

The validator collects the errors as ``ImportIssue`` values and never raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from recouvre.domain.errors import InvalidIdentifier
from recouvre.letters.formatting import number as french_amount
from recouvre.letters.formatting import short_date
from recouvre.services.imports.debtor_rules import DebtorRules, check_siren, check_siret
from recouvre.services.imports.rows import (
    MAX_LENGTHS,
    REQUIRED_FIELDS,
    Cell,
    Field,
    ImportIssue,
    InvoiceRecord,
    IssueReporter,
    RawRow,
)

_NUMBER = Field.INVOICE_NUMBER
_ISSUED = Field.ISSUE_DATE
_DUE = Field.DUE_DATE
_AMOUNT = Field.AMOUNT
_PAID = Field.PAID
_NAME = Field.NAME
_COMPLETED_ON = Field.COMPLETED_ON
_MAX_NUMBER = MAX_LENGTHS[_NUMBER]
_ZERO = Decimal(0)
_CENT = Decimal("0.01")
_new_tuple = tuple.__new__


class RowValidator(IssueReporter):
    """The *validate* stage: applies the rules above to each ``RawRow`` in file order.

    It remembers the invoice numbers seen (duplicates) and caches identifier checks, so one
    validator serves one file. ``creditor_siren`` is the creditor named on the command line;
    without it, the creditor column names it (one creditor per file).
    """

    def __init__(self, columns: Mapping[Field, str], creditor_siren: str | None) -> None:
        super().__init__(columns)
        self._debtor = DebtorRules(columns).record
        self.creditor_siren = creditor_siren
        self._creditor_from_option = creditor_siren is not None
        self._creditor_column = Field.CREDITOR in columns
        self._optional = any(
            f in columns for f in (Field.CURRENCY, Field.CONTRACTUAL_RATE, Field.CREDITOR)
        )
        self._seen: dict[str, int] = {}

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
                f"échéance {short_date(due)} antérieure à la date de facture {short_date(issued)}",
            )
        if isinstance(amount, Decimal) and amount <= 0:
            self._err(issues, line, _AMOUNT, f"montant nul ou négatif : {french_amount(amount)}")
        paid = get(_PAID, _ZERO)
        if isinstance(paid, Decimal) and paid:
            if paid < 0:
                self._err(issues, line, _PAID, f"montant déjà payé négatif : {french_amount(paid)}")
            elif isinstance(amount, Decimal) and 0 < amount < paid:
                self._err(
                    issues,
                    line,
                    _PAID,
                    f"montant déjà payé ({french_amount(paid)}) supérieur au montant "
                    f"({french_amount(amount)})",
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
