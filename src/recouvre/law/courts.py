"""Which named court serves a debtor's commune: the directory the judicial papers address.

Territorial jurisdiction follows the debtor's domicile (CPC 42; for the injonction de payer
CPC 1406, public order). ``law.routes.rules.court_for`` says which *kind* of court hears a
route; this module names the court of that kind whose district (ressort) holds the debtor's
postcode. The directory is reference data (``reference/data/courts.toml``, dated and sourced,
completed by the user's ``config/courts.toml``); where it knows no court, the papers are not
printed and the user is asked to name the court, never left with a blank.

A court paper designates its addressee by its office: « Monsieur ou Madame le Président du
tribunal de commerce de Paris », « … de la chambre commerciale du tribunal judiciaire de Metz »
(Alsace-Moselle has no tribunal de commerce), « … le juge de l'exécution du tribunal judiciaire
de Lyon » (CPCE R511-2 for a saisie conservatoire).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from recouvre.law.routes.rules import CourtKind


class Jurisdiction(enum.Enum):
    """The two first-instance courts whose districts the directory lists."""

    COMMERCIAL = "commerce"  # tribunal de commerce (or des activités économiques, mixte outre-mer)
    JUDICIAL = "judiciaire"  # tribunal judiciaire (JCP, JEX, chambre commerciale in it)


@dataclass(frozen=True, slots=True)
class CourtEntry:
    """One court and the postcodes of its district: ``postcodes`` holds exact codes
    (``"57000"``) or prefixes ending in ``*`` (``"75*"``)."""

    jurisdiction: Jurisdiction
    name: str
    postcodes: tuple[str, ...]
    source: str
    checked_on: date
    verified: bool = False
    valid_from: date | None = None
    valid_to: date | None = None
    user: bool = False

    def in_force(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on < self.valid_to
        )

    def match(self, postcode: str) -> int:
        """How precisely this court's district names ``postcode``: 0 not at all, else the
        length of the matching code or prefix (an exact code beats any prefix)."""
        best = 0
        for pattern in self.postcodes:
            if pattern.endswith("*"):
                if postcode.startswith(pattern[:-1]):
                    best = max(best, len(pattern) - 1)
            elif postcode == pattern:
                return 100
        return best


def jurisdiction_of(kind: CourtKind) -> Jurisdiction | None:
    """The court whose district matters for ``kind``; ``None`` for an officer (commissaire de
    justice, mandataire judiciaire) chosen by the creditor or named by the judgment."""
    match kind:
        case CourtKind.COMMERCIAL_COURT:
            return Jurisdiction.COMMERCIAL
        case (
            CourtKind.COMMERCIAL_CHAMBER
            | CourtKind.JUDICIAL_COURT
            | CourtKind.PROTECTION_JUDGE
            | CourtKind.ENFORCEMENT_JUDGE
        ):
            return Jurisdiction.JUDICIAL
        case _:
            return None


@dataclass(frozen=True, slots=True)
class CourtDirectory:
    entries: tuple[CourtEntry, ...]

    def find(self, jurisdiction: Jurisdiction, postcode: str, on: date) -> CourtEntry | None:
        """The court of ``jurisdiction`` serving ``postcode`` on ``on``: the most precise
        match, a user's row before a shipped one of the same precision."""
        normalized = postcode.replace(" ", "").strip()
        if not normalized:
            return None
        scored = [
            (entry.match(normalized), entry.user, entry)
            for entry in self.entries
            if entry.jurisdiction is jurisdiction and entry.in_force(on)
        ]
        scored = [item for item in scored if item[0] > 0]
        if not scored:
            return None
        return max(scored, key=lambda item: (item[0], item[1]))[2]

    def with_entries(self, extra: Iterable[CourtEntry]) -> CourtDirectory:
        return CourtDirectory((*self.entries, *extra))


def designation(kind: CourtKind, court_name: str) -> str:
    """The office a paper addresses, from the court of the district: ``court_name`` is the
    court itself (« tribunal judiciaire de Metz »)."""
    match kind:
        case CourtKind.COMMERCIAL_CHAMBER:
            return f"chambre commerciale du {court_name}"
        case CourtKind.PROTECTION_JUDGE:
            return f"juge des contentieux de la protection du {court_name}"
        case CourtKind.ENFORCEMENT_JUDGE:
            return f"juge de l'exécution du {court_name}"
        case _:
            return court_name


def of(designation_text: str) -> str:
    """« du tribunal … », « de la chambre … », « de l'… »: French contraction of *de* with
    the article the office takes."""
    first = designation_text.split(" ", 1)[0].lower()
    if first in {"chambre", "juridiction", "cour"}:
        return f"de la {designation_text}"
    if first[:1] in set("aeéèêiouy"):
        return f"de l'{designation_text}"
    return f"du {designation_text}"


def addressee_of(designation_text: str, *, president: bool) -> str:
    """« Monsieur ou Madame le Président du tribunal de commerce de Paris », « … le juge de
    l'exécution du tribunal judiciaire de Lyon » (a judge's office is addressed as itself)."""
    if designation_text.startswith("juge "):
        return f"Monsieur ou Madame le {designation_text}"
    title = "Président" if president else "juge"
    return f"Monsieur ou Madame le {title} {of(designation_text)}"
