"""The FEC reader (fichier des écritures comptables, LPF A47 A-1), for ``recouvre import fec``.

Why: the FEC is the one export every French accounting package must write (LPF L47 A); its
customer accounts say who owes what and, through the lettering, what was paid. The file is
read as the DGFiP's own checker (Test-Compta-Demat) reads it:

- 18 columns, or 22 (the cash-basis variant adds ``DateRglt``, ``ModeRglt``, ``NatOp``,
  ``IdClient``), matched by name without case or accents (``MontantDevise`` is
  ``Montantdevise``); ``Montant`` + ``Sens`` (``D``/``C`` or ``+1``/``-1``) in place of
  ``Debit`` + ``Credit``; other columns are ignored;
- tab or vertical bar separated (A47 A-1: « tabulation » or « | »), one trailing separator
  tolerated, values padded with spaces (fixed-width exports) trimmed;
- amounts with a decimal comma (or point), zero-padded (``0000000069,60``), an optional sign;
  dates ``AAAAMMJJ``;
- UTF-8 with or without BOM, or Windows-1252 (``encoding.inspect_file``, as every import);
  lines ending ``\\n``, ``\\r\\n`` or ``\\r\\r\\n``.

Debits equal credits is checked per entry (``EntryGrouping``); every error is listed with its
line and column and the file is then refused whole. Only customer lines are kept whole
(``CustomerLine``): memory grows with them and with the number of entries, not with the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from recouvre.adapters.importers.csv_invoices import BoundedLines, LineTooLong
from recouvre.adapters.importers.encoding import inspect_file
from recouvre.adapters.importers.limits import (
    MAX_CELL_CHARS,
    amount_range_error,
    cell_size_error,
    control_character_error,
    date_range_error,
    shown,
)
from recouvre.letters.formatting import number as french_amount
from recouvre.services.imports.fec.ledger import (
    CustomerLine,
    EntryGrouping,
    EntryKey,
    Ledger,
    is_customer_account,
    is_revenue_account,
)
from recouvre.services.imports.rows import ImportIssue

COLUMNS = (
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
    "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
    "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
)  # fmt: skip
CASH_BASIS_COLUMNS = ("DateRglt", "ModeRglt", "NatOp", "IdClient")
SIGNED_AMOUNT = ("Montant", "Sens")
SEPARATOR_NAMES = {"\t": "tabulation", "|": "barre verticale « | »"}
MAX_KEPT_ISSUES = 1_000

_KNOWN = {c.casefold(): c for c in (*COLUMNS, *CASH_BASIS_COLUMNS, *SIGNED_AMOUNT)}
_AMOUNT = re.compile(r"[+-]?[0-9]{1,20}(?:[.,][0-9]{1,20})?")
_DATE = re.compile(r"[0-9]{8}")
_ZERO = Decimal(0)
_CENT = Decimal("0.01")
_Get = Callable[[str], str]  # a column getter of one line (``_Reader._getter``)
_DEBIT_WORDS = {"d": True, "+1": True, "1": True, "c": False, "-1": False}


def canonical_column(header: str) -> str | None:
    """The FEC column a header names (case, accents and spaces aside), or ``None``."""
    decomposed = unicodedata.normalize("NFKD", header.strip().casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _KNOWN.get(bare.replace(" ", ""))


def _compact(text: str) -> str:
    """A padded value as shown: trimmed, inner runs of spaces made one (``VE  0123``)."""
    return " ".join(text.split())


@dataclass(slots=True)
class _Totals:
    debit: Decimal = _ZERO
    credit: Decimal = _ZERO
    first: int = 0
    last: int = 0


@dataclass(slots=True)
class _Reader:
    """One pass over the lines of a FEC: header, then each line checked and kept or counted."""

    name: str
    careful: bool  # the file holds a control character somewhere: every value is checked
    issues: list[ImportIssue] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    separator: str = "\t"
    width: int = 0
    signed: bool = False  # Montant + Sens
    lines: int = 0
    all_zero_numbers: bool = True
    by_number: dict[EntryKey, _Totals] = field(default_factory=dict)
    by_day: dict[EntryKey, _Totals] = field(default_factory=dict)
    sales: set[EntryKey] = field(default_factory=set)  # by number and by day, both kept
    customers: list[tuple[EntryKey, EntryKey, CustomerLine]] = field(default_factory=list)
    total_debit: Decimal = _ZERO
    total_credit: Decimal = _ZERO

    def issue(self, line: int | None, column: str | None, message: str) -> None:
        self.issues.append(ImportIssue(line, column, message))

    def header(self, number: int, text: str) -> None:
        counts = {sep: text.count(sep) for sep in SEPARATOR_NAMES}
        self.separator = max(counts, key=lambda sep: counts[sep])
        if not counts[self.separator]:
            self.issue(number, None, "séparateur non reconnu : tabulation ou « | » attendu "
                       "(LPF A47 A-1) ; est-ce bien un FEC ?")  # fmt: skip
            return
        cells = text.split(self.separator)
        if len(cells) > 1 and not cells[-1].strip():
            cells.pop()  # one trailing separator, as the DGFiP's checker tolerates
        self.width = len(cells)
        for index, cell in enumerate(cells):
            canonical = canonical_column(cell)
            if canonical is None:
                continue
            if canonical in self.positions:
                self.issue(number, cell.strip(), "colonne présente deux fois")
            self.positions[canonical] = index
            self.headers[canonical] = cell.strip()
        self.signed = "Debit" not in self.positions and "Montant" in self.positions
        wanted = [c for c in COLUMNS if not (self.signed and c in ("Debit", "Credit"))]
        if self.signed:
            wanted.insert(COLUMNS.index("Debit"), "Sens")
            wanted.insert(COLUMNS.index("Debit"), "Montant")
        missing = [c for c in wanted if c not in self.positions]
        if missing:
            names = ", ".join(f"« {c} »" for c in missing)
            self.issue(number, None, f"colonne(s) manquante(s) : {names} ; un FEC a les 18 "
                       "colonnes de l'article A47 A-1 du LPF (Montant et Sens pouvant remplacer "
                       "Debit et Credit)")  # fmt: skip

    def row(self, number: int, text: str) -> None:
        values = text.split(self.separator)
        if len(values) == self.width + 1 and not values[-1].strip():
            values.pop()
        if len(values) != self.width:
            self.issue(number, None, f"{len(values)} valeurs pour {self.width} colonnes "
                       f"(séparateur {SEPARATOR_NAMES[self.separator]})")  # fmt: skip
            return
        self.lines += 1
        before = len(self.issues)
        get = self._getter(number, values)
        journal, entry_number, account = get("JournalCode"), get("EcritureNum"), get("CompteNum")
        for column, value in (("JournalCode", journal), ("EcritureNum", entry_number),
                              ("CompteNum", account)):  # fmt: skip
            if not value:
                self.issue(number, self.headers[column], "valeur obligatoire manquante")
        entry_date = self._date(number, "EcritureDate", get("EcritureDate"), required=True)
        piece_date = self._date(number, "PieceDate", get("PieceDate"))
        lettered_on = self._date(number, "DateLet", get("DateLet"))
        debit, credit = self._amounts(number, get)
        if len(self.issues) != before or entry_date is None:
            return
        if entry_number.strip("0"):
            self.all_zero_numbers = False
        by_number = (journal, entry_number)
        by_day = (journal, get("EcritureDate"))
        for totals, key in ((self.by_number, by_number), (self.by_day, by_day)):
            sums = totals.get(key)
            if sums is None:
                sums = totals[key] = _Totals(first=number)
            sums.debit += debit
            sums.credit += credit
            sums.last = number
        self.total_debit += debit
        self.total_credit += credit
        if is_revenue_account(account) and credit > debit:
            self.sales.update((by_number, by_day))
        if is_customer_account(account):
            aux = get("CompAuxNum")
            line = CustomerLine(
                line=number, entry=by_number, journal=journal, entry_number=entry_number,
                entry_date=entry_date, account=aux or account,
                name=_compact(get("CompAuxLib") if aux else get("CompteLib")),
                piece_ref=_compact(get("PieceRef")), piece_date=piece_date,
                label=_compact(get("EcritureLib")), amount=debit - credit,
                lettering=get("EcritureLet"), lettered_on=lettered_on,
            )  # fmt: skip
            self.customers.append((by_number, by_day, line))

    def _getter(self, number: int, values: list[str]) -> _Get:
        """The trimmed value of a column; too long or control characters are errors."""
        positions = self.positions
        check = self.careful or any(len(v) > MAX_CELL_CHARS for v in values)

        def get(column: str) -> str:
            index = positions.get(column)
            if index is None:
                return ""
            value = values[index].strip()
            if check:
                why = (
                    cell_size_error(len(value))
                    if len(value) > MAX_CELL_CHARS
                    else control_character_error(value)
                )
                if why is not None:
                    self.issue(number, self.headers[column], why)
                    return ""
            return value

        return get

    def _date(self, number: int, column: str, text: str, required: bool = False) -> date | None:
        if not text:
            if required:
                self.issue(number, self.headers[column], "date obligatoire manquante")
            return None
        if _DATE.fullmatch(text) is None:
            self.issue(number, self.headers[column],
                       f"date illisible « {shown(text[:40])} » : AAAAMMJJ attendu")  # fmt: skip
            return None
        try:
            day = date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            self.issue(number, self.headers[column], f"date impossible « {text} »")
            return None
        why = date_range_error(day)
        if why is not None:
            self.issue(number, self.headers[column], why)
            return None
        return day

    def _amount(self, number: int, column: str, text: str) -> Decimal | None:
        if not text:
            return _ZERO
        header = self.headers[column]
        if _AMOUNT.fullmatch(text) is None:
            self.issue(number, header, f"montant illisible « {shown(text[:40])} » : chiffres "
                       "et virgule décimale attendus (0000000069,60)")  # fmt: skip
            return None
        value = Decimal(text.replace(",", "."))
        why = amount_range_error(value)
        if why is None and value != value.quantize(_CENT):
            why = f"montant « {text} » : plus de deux décimales"
        if why is not None:
            self.issue(number, header, why)
            return None
        return value

    def _amounts(self, number: int, get: _Get) -> tuple[Decimal, Decimal]:
        """Debit and credit of the line (``Montant`` + ``Sens`` when the file has them)."""
        if not self.signed:
            debit = self._amount(number, "Debit", get("Debit"))
            credit = self._amount(number, "Credit", get("Credit"))
            return debit or _ZERO, credit or _ZERO
        amount = self._amount(number, "Montant", get("Montant")) or _ZERO
        sense = _DEBIT_WORDS.get(get("Sens").casefold())
        if sense is None:
            self.issue(number, self.headers["Sens"], f"sens « {shown(get('Sens')[:10])} » "
                       "inconnu : D ou C (ou +1 / -1) attendu")  # fmt: skip
            return _ZERO, _ZERO
        return (amount, _ZERO) if sense else (_ZERO, amount)

    def ledger(self, name: str, sha256: str) -> Ledger:
        grouping = (
            EntryGrouping.JOURNAL_DAY
            if self.all_zero_numbers and self.lines
            else EntryGrouping.NUMBER
        )
        totals = self.by_day if grouping is EntryGrouping.JOURNAL_DAY else self.by_number
        for key, sums in totals.items():
            if sums.debit != sums.credit:
                self._unbalanced(grouping, key, sums)
        by_day = grouping is EntryGrouping.JOURNAL_DAY
        customers = tuple(
            replace(line, entry=day) if by_day else line for _, day, line in self.customers
        )
        return Ledger(
            name=name, sha256=sha256, lines=self.lines, entries=len(totals), grouping=grouping,
            total_debit=self.total_debit, total_credit=self.total_credit,
            customer_lines=customers, sales_entries=frozenset(self.sales),
            headers=dict(self.headers), issues=tuple(self.issues[:MAX_KEPT_ISSUES]),
        )  # fmt: skip

    def _unbalanced(self, grouping: EntryGrouping, key: EntryKey, sums: _Totals) -> None:
        journal, which = key
        if grouping is EntryGrouping.NUMBER:
            what, column = f"écriture {which} du journal {journal}", "EcritureNum"
        else:
            day = f"{which[6:]}/{which[4:6]}/{which[:4]}"
            what, column = f"écritures du journal {journal} du {day}", "EcritureDate"
        where = f"ligne {sums.first}" if sums.first == sums.last else (
            f"lignes {sums.first} à {sums.last}")  # fmt: skip
        gap = french_amount(sums.debit - sums.credit)
        self.issue(sums.first, self.headers.get(column, column),
                   f"{what} ({where}) déséquilibrée : débits {french_amount(sums.debit)}, "
                   f"crédits {french_amount(sums.credit)}, écart {gap} "
                   "(débits = crédits attendu)")  # fmt: skip


def read_fec(path: Path, name: str | None = None) -> Ledger:
    """Read ``path`` as a FEC; errors (encoding, columns, values, unbalanced entries) are in
    ``Ledger.issues``, with the customer lines empty when there is any."""
    shown_name = name or path.name
    facts = inspect_file(path)
    if facts.refusal is not None or facts.encoding is None:
        refusal = facts.refusal or ImportIssue(None, None, "encodage non reconnu")
        return _refused(shown_name, facts.sha256, refusal)
    reader = _Reader(shown_name, facts.control_characters)
    header_seen = False
    with path.open(encoding=facts.encoding.value, newline="\n") as stream:
        lines = BoundedLines(stream)
        try:
            for raw in lines:
                text = raw.rstrip("\n").rstrip("\r")
                if not text.strip():
                    continue
                if not header_seen:
                    header_seen = True
                    reader.header(lines.number, text)
                    if reader.issues:
                        break
                    continue
                reader.row(lines.number, text)
                if len(reader.issues) >= MAX_KEPT_ISSUES:
                    reader.issue(lines.number, None, "trop d'erreurs : la lecture s'arrête ici")
                    break
        except LineTooLong as exc:
            reader.issue(exc.line, None, str(exc))
    if not header_seen:
        reader.issue(None, None, "fichier vide : aucun en-tête trouvé")
    ledger = reader.ledger(shown_name, facts.sha256)
    if ledger.issues:
        return _refused(shown_name, facts.sha256, *ledger.issues, ledger=ledger)
    return ledger


def _refused(
    name: str, sha256: str, *issues: ImportIssue, ledger: Ledger | None = None
) -> Ledger:
    """A refused file: its errors, and the counts read so far (no customer line is kept)."""
    return Ledger(
        name=name, sha256=sha256, lines=ledger.lines if ledger else 0,
        entries=ledger.entries if ledger else 0,
        grouping=ledger.grouping if ledger else EntryGrouping.NUMBER,
        total_debit=ledger.total_debit if ledger else _ZERO,
        total_credit=ledger.total_credit if ledger else _ZERO,
        customer_lines=(), sales_entries=frozenset(),
        headers=dict(ledger.headers) if ledger else {}, issues=tuple(issues),
    )  # fmt: skip


__all__ = ["COLUMNS", "canonical_column", "read_fec"]
