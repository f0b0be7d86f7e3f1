"""The structured creditor reference (ISO 11649, « RF… ») a debtor quotes when paying.

Why: a transfer that quotes the reference printed on the letter, the email and the EPC QR code
matches its case exactly, whatever the debtor writes around it; the two check digits (ISO 7064
MOD 97-10, the IBAN's) catch a mistyped reference instead of matching the wrong case. The
reference is derived from the case reference alone (« D-2026-000123 » → « RF16D2026000123 »), so
it never needs storing and every document of the case carries the same one.

    >>> creditor_reference("D-2026-000123")
    'RF16D2026000123'
    >>> references_in("Paiement RF16 D202 6000 123 merci")
    ('RF16D2026000123',)
"""

from __future__ import annotations

import re

from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

from recouvre.domain.errors import InvalidIdentifier

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_START = re.compile(r"[^0-9A-Za-z]*RF\d\d", re.IGNORECASE)


def creditor_reference(case_reference: str) -> str:
    """The ISO 11649 reference of a case: « RF », two check digits, the case reference's letters
    and digits (at most 21)."""
    body = _NOT_ALNUM.sub("", case_reference).upper()
    if not body or len(body) > 21:
        raise InvalidIdentifier("référence de dossier", case_reference, "1 à 21 caractères")
    return f"RF{mod_97_10.calc_check_digits(body + 'RF')}{body}"


def printed(reference: str) -> str:
    """The reference in groups of four, as printed on paper (« RF16 D202 6000 123 »)."""
    return " ".join(reference[i : i + 4] for i in range(0, len(reference), 4))


def payment_reference(case_reference: str) -> str:
    """What a letter asks the debtor to quote: the case's RF reference, in groups of four."""
    return printed(creditor_reference(case_reference))


def compact_reference(text: str) -> str:
    """``text`` as an ISO 11649 reference without spaces when it is a valid one, else ``""``
    (the EPC QR code's structured field takes only a valid one)."""
    compact = _NOT_ALNUM.sub("", text).upper()
    return compact if compact.startswith("RF") and iso11649.is_valid(compact) else ""


def references_in(text: str) -> tuple[str, ...]:
    """Every valid ISO 11649 reference a free text (remittance information) may hold, in order,
    without duplicates, whatever the case: written whole (« RF16D2026000123 ») or in the printed
    groups of four (« RF16 D202 6000 123 »). A run continues only after a whole group of four and
    only with groups of one to four characters; when a following word happens to make a longer
    valid run too (one chance in 97), both are given, longest first, and the matcher keeps the
    one a case has."""
    words = text.split()
    found: list[str] = []
    for start, word in enumerate(words):
        if not _START.match(word):
            continue
        joined, valid = "", []
        for rank, part in enumerate(words[start : start + 7]):
            alnum = _NOT_ALNUM.sub("", part).upper()
            if rank and not 1 <= len(alnum) <= 4:
                break
            joined += alnum
            if len(joined) > 25:
                break
            if iso11649.is_valid(joined):
                valid.append(joined)
            if len(alnum) != 4 or not part[-1].isalnum():
                break  # a reference continues only after a whole printed group
        found.extend(x for x in reversed(valid) if x not in found)
    return tuple(found)
