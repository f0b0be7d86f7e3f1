"""OFX statements (Open Financial Exchange 1.x in SGML, 2.x in XML), as home-banking exports them.

Why: many banks and accounting packages export the account's movements as OFX; a payment it
shows must stop the reminders before the next one (C. conso L121-6). ofxtools reads the header
and the SGML (leaf elements never closed) into an element tree; the movements are then taken
from the tree by name, leniently, since real exports break the specification's element order
and lengths that ofxtools' typed models enforce:

- the account: ``BANKACCTFROM`` (``BANKID``, ``BRANCHID``, ``ACCTID``: a French RIB gives the
  IBAN the creditor stored) or ``CCACCTFROM``; the currency ``CURDEF``;
- each ``STMTTRN``: ``TRNAMT`` (signed; comma decimals read too), ``DTPOSTED`` (the bank's day,
  ``YYYYMMDD`` then an optional time and zone), ``DTAVAIL`` as the value date when given,
  ``FITID`` (the bank's unique id of the movement: the line's key), ``NAME`` (the payer),
  ``MEMO`` (the remittance text);
- the closing balance ``LEDGERBAL`` (no opening balance in OFX).

An XML (2.x) file is screened by defusedxml first. Errors name the movement (its ``FITID``) and
the field; the file is refused whole.
"""

from __future__ import annotations

import io
import re
import warnings
from collections import Counter
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree

from ofxtools.header import OFXHeaderError
from ofxtools.Parser import OFXTree
from ofxtools.Parser import ParseError as OfxParseError

from recouvre.adapters.importers.camt import BankStatementFileError, StatementIssue
from recouvre.adapters.importers.cfonb import iban_of
from recouvre.adapters.importers.xml_screen import XmlRefused, parse_screened
from recouvre.domain.bank_statements import Balance, BankLine, BankStatement, ranked_digest
from recouvre.domain.creditor_reference import references_in
from recouvre.input_limits import EARLIEST_DATE, LATEST_DATE, MAX_AMOUNT

_AMOUNT = re.compile(r"[+-]?\d{1,15}([.,]\d{1,4})?")
_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})")


def looks_like_ofx(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].upper()
    return head.startswith(b"OFXHEADER") or b"<?OFX" in head or head.startswith(b"<OFX>")


def _tree(data: bytes, name: str) -> Any:
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<?xml"):
        try:
            parse_screened(text)
        except XmlRefused as error:
            raise BankStatementFileError(
                name, [StatementIssue(None, "fichier", str(error))]
            ) from None
    elif text.upper().startswith(b"<OFX>"):  # no header at all: the 1.02 one, as banks mean it
        text = b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\n" + (
            b"CHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n" + text
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # private tags (INTU.BID...) are skipped
            return OFXTree().parse(io.BytesIO(text))
    except (OFXHeaderError, OfxParseError, ElementTree.ParseError, ValueError, IndexError) as error:
        message = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        raise BankStatementFileError(
            name, [StatementIssue(None, "fichier", f"OFX illisible : {message}")]
        ) from None


def _text(element: Any, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None and found.text else ""


def read_ofx(data: bytes, name: str) -> list[BankStatement]:
    """The statements of an OFX file, one per bank or card statement in it."""
    root = _tree(data, name)
    issues: list[StatementIssue] = []
    statements = [
        _statement(element, issues)
        for element in root.iter()
        if element.tag in {"STMTRS", "CCSTMTRS"}
    ]
    if not statements:
        issues.append(StatementIssue(None, "fichier", "aucun relevé (STMTRS) dans le fichier"))
    if issues:
        raise BankStatementFileError(name, issues)
    return statements


def _account(element: Any) -> str:
    bank = element.find("BANKACCTFROM")
    card = element.find("CCACCTFROM")
    source = bank if bank is not None else card
    if source is None:
        return ""
    bank_id, branch, number = (_text(source, t) for t in ("BANKID", "BRANCHID", "ACCTID"))
    if len(bank_id) == 5 and len(branch) == 5 and len(number) == 11 and bank_id.isdigit():
        try:
            return iban_of(bank_id, branch, number)
        except ValueError:
            pass
    return number.replace(" ", "").upper()


def _day(text: str) -> date | None:
    found = _DAY.match(text)
    if not found:
        return None
    try:
        day = date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None
    return day if EARLIEST_DATE <= day <= LATEST_DATE else None


def _amount(text: str) -> Decimal | None:
    if not _AMOUNT.fullmatch(text):
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if abs(value) <= MAX_AMOUNT else None


def _statement(element: Any, issues: list[StatementIssue]) -> BankStatement:
    account = _account(element)
    if not account:
        issues.append(StatementIssue(None, "BANKACCTFROM", "compte du relevé absent"))
    currency = _text(element, "CURDEF").upper() or "EUR"
    seen: Counter[str] = Counter()
    lines = [
        line
        for rank, movement in enumerate(element.iter("STMTTRN"), start=1)
        if (line := _line(movement, rank, account, currency, seen, issues)) is not None
    ]
    closing = None
    ledger = next(element.iter("LEDGERBAL"), None)  # wherever a lax export nests it
    if ledger is not None:
        amount, on = _amount(_text(ledger, "BALAMT")), _day(_text(ledger, "DTASOF"))
        closing = Balance(on, amount) if amount is not None and on is not None else None
    return BankStatement(
        account=account, currency=currency, statement_id=_text(element, "BANKTRANLIST/DTEND"),
        copy=False, opening=None, closing=closing, lines=tuple(lines), source_line=0,
    )  # fmt: skip


def _line(
    movement: Any, rank: int, account: str, currency: str, seen: Counter[str],
    issues: list[StatementIssue],
) -> BankLine | None:  # fmt: skip
    fitid = _text(movement, "FITID")
    where = f"mouvement {fitid or rank}"
    raw = _text(movement, "TRNAMT")
    amount, posted = _amount(raw), _day(_text(movement, "DTPOSTED"))
    if amount is None:
        issues.append(StatementIssue(None, f"{where}, TRNAMT", f"montant illisible « {raw[:30]} »"))
    if posted is None:
        issues.append(StatementIssue(None, f"{where}, DTPOSTED", "date absente ou illisible"))
    if amount is None or posted is None or amount == 0:
        return None
    value_on = _day(_text(movement, "DTAVAIL")) or posted
    payer, memo = _text(movement, "NAME"), _text(movement, "MEMO")
    remittance = " ".join(x for x in (payer, memo) if x)
    if fitid:
        key = f"{account}|ofx:{fitid}"
    else:
        content = (account, posted.isoformat(), str(amount), remittance)
        key = ranked_digest(f"{account}|ofx:sha256:", content, seen)
    return BankLine(
        key=key, value_on=value_on, booked_on=posted, amount=abs(amount),
        currency=_text(movement, "CURRENCY/CURSYM") or currency, credit=amount > 0,
        reversal=False, remittance=remittance, references=references_in(remittance),
        payer_name=payer, payer_iban="", bank_reference=fitid, source_line=0,
    )  # fmt: skip
