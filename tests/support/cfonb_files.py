"""CFONB 120 test files written record by record, as banks write them."""

from __future__ import annotations

from decimal import Decimal

_POS, _NEG = "{ABCDEFGHI", "}JKLMNOPQR"


def amount(value: Decimal) -> str:
    """14 characters, the last overpunched with the sign (the norm's encoding)."""
    cents = int(abs(value) * 100)
    digits = f"{cents:014d}"
    return digits[:-1] + (_POS if value >= 0 else _NEG)[int(digits[-1])]


RIB = ("30003", "01234", "01234567890")  # FR76 3000 3012 3401 2345 6789 057


def record(
    code: str, day: str, value: Decimal, label: str = "", value_day: str = "",
    rib: tuple[str, str, str] = RIB,
) -> str:  # fmt: skip
    move = code == "04"
    bank, branch, account = rib
    head = f"{code}{bank}{'0005' if move else '    '}{branch}EUR2 {account}"
    dates = f"{'05' if move else '  '}{day}  {value_day or (day if move else '      ')}"
    entry = "0000000" if move else "       "
    return f"{head}{dates}{label:<31.31}  {entry}  {amount(value)}".ljust(120)


class Move(str):
    """A ``04`` record that remembers its amount (for the closing balance)."""

    value: Decimal


def move(
    day: str, value: Decimal, label: str = "", value_day: str = "",
    rib: tuple[str, str, str] = RIB,
) -> Move:  # fmt: skip
    made = Move(record("04", day, value, label, value_day, rib))
    made.value = value
    return made


def complement(qualifier: str, text: str) -> str:
    return f"0530003000501234EUR2 0123456789005041226     {qualifier}{text:<70.70}  ".ljust(120)


def statement(
    *middle: str, opening: str = "1000.00", rib: tuple[str, str, str] = RIB
) -> bytes:
    """A CFONB 120 file: ``01``, the records given, and the ``07`` that balances them."""
    moves = sum((x.value for x in middle if isinstance(x, Move)), Decimal(0))
    lines = [
        record("01", "031226", Decimal(opening), rib=rib), *middle,
        record("07", "041226", Decimal(opening) + moves, rib=rib),
    ]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode("ascii")
