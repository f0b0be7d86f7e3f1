"""CFONB 120 account statements (« relevé de compte 120 caractères »), the French banks' format.

Why: most French banks give their business customers this file every day; a payment it shows
must stop the reminders before the next one (C. conso L121-6). Records, 120 characters each:

- ``01`` old balance, ``07`` new balance: bank (3-7), branch (12-16), currency (17-19),
  decimals (20), account (22-32), date JJMMAA (35-40), amount (91-104);
- ``04`` a movement: interbank operation code (33-34), accounting date (35-40), value date
  (43-48), label (49-79), entry number (82-88), amount (91-104), reference (105-120);
- ``05`` a complement of the ``04`` before it (whatever its own keys say: banks write them
  inconsistently): qualifier (46-48) and text (49-118); ``LIB``/``LCC`` more label, ``RCN`` the
  payer's reference (where an RF reference travels), ``NPY``/``IPY`` the payer's name and IBAN.

The amount's last character carries its sign (overpunch): ``{`` and ``A``–``I`` are 0–9 positive
(a credit), ``}`` and ``J``–``R`` are 0–9 negative (a debit). A blank currency is the euro and a
blank decimals field is 2, as banks in the wild write them. Files come with or without line
breaks (then cut every 120 characters), with blank lines, with lines whose trailing spaces were
stripped. The account's IBAN is rebuilt from the RIB (bank, branch, account and the RIB key
computed from them), so that the statement is matched to the creditor's stored IBAN. A CFONB
240 file (transfer orders, records 31/34/39) is refused: it is not a statement.

Errors are collected with their line and the file is refused whole.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from recouvre.adapters.importers.camt import BankStatementFileError, StatementIssue
from recouvre.domain.bank_statements import Balance, BankLine, BankStatement, ranked_digest
from recouvre.domain.creditor_reference import references_in
from recouvre.input_limits import EARLIEST_DATE, LATEST_DATE, MAX_AMOUNT

RECORD = 120
_POSITIVE = {"{": 0, **{chr(ord("A") + i): i + 1 for i in range(9)}}
_NEGATIVE = {"}": 0, **{chr(ord("J") + i): i + 1 for i in range(9)}}
_RIB_LETTERS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")
_LABEL_QUALIFIERS = {"LIB", "LCC", "LC2", "LCS", "RCN", "REF"}


def looks_like_cfonb(data: bytes) -> bool:
    """A file whose first record starts with a CFONB record code (01, 04, 05, 07)."""
    head = data.lstrip(b"\r\n ")[:2]
    return head in {b"01", b"04", b"05", b"07", b"31", b"34", b"39"}


def records(text: str) -> list[tuple[int, str]]:
    """The records and their line numbers: by line, or every 120 characters for a file written
    without line breaks; blank lines are skipped, short lines padded."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) <= 2 and len(lines[0]) > RECORD:
        whole = lines[0]
        return [(1 + i // RECORD, whole[i : i + RECORD]) for i in range(0, len(whole), RECORD)]
    return [(n, line.ljust(RECORD)) for n, line in enumerate(lines, start=1) if line.strip()]


def iban_of(bank: str, branch: str, account: str) -> str:
    """The French IBAN of a RIB: the RIB key (97 - (89 b + 15 g + 3 c) mod 97, letters of the
    account turned into digits) then the IBAN's own check digits (ISO 13616)."""
    digits = account.upper().translate(_RIB_LETTERS)
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(digits)) % 97
    bban = f"{bank}{branch}{account.upper()}{key:02d}"
    numeric = "".join(str(int(c, 36)) for c in bban + "FR00")
    return f"FR{98 - int(numeric) % 97:02d}{bban}"


@dataclass(slots=True)
class _Movement:
    line: int
    record: str
    complements: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Reader:
    issues: list[StatementIssue] = field(default_factory=list)

    def problem(self, line: int, name: str, problem: str) -> None:
        self.issues.append(StatementIssue(line, name, problem))

    def amount(self, line: int, record: str) -> Decimal | None:
        raw, decimals = record[90:104], record[19].strip() or "2"
        last = raw[-1:]
        sign = 1 if last in _POSITIVE else -1 if last in _NEGATIVE else 0
        digits = raw[:-1].strip() or "0"
        if not sign or not digits.isascii() or not digits.isdigit() or not decimals.isdigit():
            self.problem(line, "montant (colonnes 91-104)", f"montant illisible « {raw} »")
            return None
        units = int(digits) * 10 + (_POSITIVE.get(last) or _NEGATIVE.get(last) or 0)
        value = Decimal(units).scaleb(-int(decimals)) * sign
        if abs(value) > MAX_AMOUNT:
            self.problem(line, "montant (colonnes 91-104)", f"montant hors limites « {raw} »")
            return None
        return value

    def day(self, line: int, text: str, name: str) -> date | None:
        if not (text.isascii() and text.isdigit() and len(text) == 6):
            self.problem(line, name, f"date illisible « {text} » (JJMMAA attendu)")
            return None
        year = int(text[4:]) + (1900 if int(text[4:]) >= 80 else 2000)
        try:
            day = date(year, int(text[2:4]), int(text[:2]))
        except ValueError:
            self.problem(line, name, f"date impossible « {text} »")
            return None
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            self.problem(line, name, f"date hors limites « {text} »")
            return None
        return day


def read_cfonb(data: bytes, name: str) -> list[BankStatement]:
    """The statements of a CFONB 120 file (one per ``01``…``07`` run of an account)."""
    text = _decoded(data)
    reader = _Reader()
    found = records(text)
    if found and (len(found[0][1].rstrip()) > RECORD or found[0][1][:2] in {"31", "34", "39"}):
        raise BankStatementFileError(name, [StatementIssue(
            found[0][0], "format", "fichier CFONB 240 (ordres de virement ou retours) : pas un "
            "relevé de compte CFONB 120",
        )])  # fmt: skip
    statements: list[BankStatement] = []
    opening: tuple[int, str] | None = None
    movements: list[_Movement] = []
    for number, record in found:
        code = record[:2]
        if code == "01":
            if opening is not None:
                reader.problem(number, "01", "nouveau relevé avant la fin du précédent (07)")
            opening, movements = (number, record), []
        elif code == "04":
            if opening is None:
                reader.problem(number, "04", "mouvement hors d'un relevé (pas de 01 avant)")
            movements.append(_Movement(number, record))
        elif code == "05":
            if not movements:
                reader.problem(number, "05", "complément sans mouvement (04) avant lui")
                continue
            movements[-1].complements.append((record[45:48].strip(), record[48:118].strip()))
        elif code == "07":
            if opening is None:
                reader.problem(number, "07", "nouveau solde sans ancien solde (01)")
                continue
            statements.append(_statement(reader, opening, movements, (number, record)))
            opening, movements = None, []
        else:
            reader.problem(number, "code", f"enregistrement inconnu « {code} » (01, 04, 05, 07)")
    if opening is not None:
        reader.problem(opening[0], "01", "relevé sans nouveau solde (07) : fichier tronqué ?")
    if not found:
        reader.problem(1, "fichier", "fichier vide")
    if reader.issues:
        raise BankStatementFileError(name, reader.issues)
    return statements


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _statement(
    reader: _Reader, opening: tuple[int, str], movements: list[_Movement], closing: tuple[int, str]
) -> BankStatement:
    (first, head), (last, tail) = opening, closing
    bank, branch, account = head[2:7], head[11:16], head[21:32]
    try:
        iban = iban_of(bank, branch, account)
    except ValueError:
        reader.problem(first, "compte", f"RIB illisible « {bank} {branch} {account} »")
        iban = f"{bank}{branch}{account}"
    currency = head[16:19].strip() or "EUR"
    seen: Counter[str] = Counter()
    lines = [
        x for x in (_line(reader, iban, currency, m, seen) for m in movements) if x is not None
    ]
    old, new = reader.amount(first, head), reader.amount(last, tail)
    old_on, new_on = reader.day(first, head[34:40], "date"), reader.day(last, tail[34:40], "date")
    return BankStatement(
        account=iban, currency=currency, statement_id=f"{head[34:40]}-{tail[34:40]}", copy=False,
        opening=Balance(old_on, old) if old is not None and old_on else None,
        closing=Balance(new_on, new) if new is not None and new_on else None,
        lines=tuple(lines), source_line=first,
    )  # fmt: skip


def _line(
    reader: _Reader, iban: str, currency: str, movement: _Movement, seen: Counter[str]
) -> BankLine | None:
    record, number = movement.record, movement.line
    amount = reader.amount(number, record)
    booked = reader.day(number, record[34:40], "date de comptabilisation (colonnes 35-40)")
    value_text = record[42:48]
    value_on = booked if value_text.strip("0 ") == "" else reader.day(
        number, value_text, "date de valeur (colonnes 43-48)"
    )
    if amount is None or booked is None or value_on is None or amount == 0:
        if amount == 0:
            reader.problem(number, "montant", "mouvement de montant nul")
        return None
    extra = dict(movement.complements)
    label = " ".join(
        [record[48:79].strip(), *(t for q, t in movement.complements if q in _LABEL_QUALIFIERS)]
    )
    entry, reference = record[81:88].strip(), record[104:120].strip()
    content = (iban, booked.isoformat(), str(amount), label, entry, reference)
    return BankLine(
        key=ranked_digest(f"{iban}|cfonb:", content, seen), value_on=value_on, booked_on=booked,
        amount=abs(amount), currency=record[16:19].strip() or currency, credit=amount > 0,
        reversal=False, remittance=label, references=references_in(label),
        payer_name=extra.get("NPY", ""), payer_iban=extra.get("IPY", "").replace(" ", ""),
        bank_reference=reference or entry, source_line=number,
    )  # fmt: skip
