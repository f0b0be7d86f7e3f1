"""Creditors and debtors, with their postal addresses and contact preferences.

A debtor is either a company (identified by SIREN/SIRET; the professional regime of
C. com. L441-10 applies) or a consumer (no 40 € indemnity, legal interest only after the formal
notice). The département matters for public holidays (Alsace-Moselle) and for distance
extensions of procedural deadlines (overseas).
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field
from typing import assert_never

from recouvre.domain.claim_settings import ClaimSettings
from recouvre.domain.rate_policy import MissingRatePolicy


class DebtorKind(enum.StrEnum):
    """Who owes: a business (professional) or a private person (consumer)."""

    COMPANY = "company"
    CONSUMER = "consumer"


class Channel(enum.StrEnum):
    """The channels of the application, one vocabulary for the debtor and for the outbox.

    The first four are the ones a debtor is reached on (``CONTACT_CHANNELS``: what the debtor
    gave, asked for, and what the compliance guard counts). An outgoing action may also go as
    a registered letter with acknowledgement of receipt, which reaches the debtor's postal
    address (the formal notice, C. civ. 1344), or be an internal step that reaches nobody (a
    review by a person)."""

    EMAIL = "email"
    LETTER = "letter"
    SMS = "sms"
    PHONE = "phone"
    REGISTERED_LETTER = "registered_letter"
    INTERNAL = "internal"

    @property
    def reaches(self) -> Channel | None:
        """The debtor's channel an action on this channel uses (``None``: nobody)."""
        match self:
            case Channel.EMAIL | Channel.LETTER | Channel.SMS | Channel.PHONE:
                return self
            case Channel.REGISTERED_LETTER:
                return Channel.LETTER
            case Channel.INTERNAL:
                return None
            case _:
                assert_never(self)


CONTACT_CHANNELS: tuple[Channel, ...] = (Channel.EMAIL, Channel.LETTER, Channel.SMS, Channel.PHONE)


OVERSEAS_DEPARTEMENTS = frozenset({"971", "972", "973", "974", "975", "976", "977", "978"})
ALSACE_MOSELLE_DEPARTEMENTS = frozenset({"57", "67", "68"})


def departement_of(postal_code: str) -> str | None:
    """The département code of a French postal code (``"57000"`` -> ``"57"``, Corsica ``2A``/``2B``,
    overseas ``"97411"`` -> ``"974"``); ``None`` when the code is not a French one."""
    code = postal_code.strip().replace(" ", "")
    if len(code) != 5 or not code.isdigit():
        return None
    if code.startswith(("97", "98")):
        return code[:3]
    if code.startswith("20"):
        return "2A" if int(code) < 20200 else "2B"
    return code[:2]


def debtor_key(kind: DebtorKind, siren: str | None, name: str, postal_code: str) -> str:
    """The natural key debtors are matched on across imports (``tables.debtors.key``).

    A company with a SIREN is ``siren:<SIREN>``: the SIREN identifies it (INSEE). Anyone else is
    ``consumer:<name>|<postal code>``, the name NFKC-normalised, case-folded and its spaces
    collapsed, the postal code without spaces, so that ``MARIE  Dupont`` and ``Marie Dupont`` at
    the same postal code are one person. Pure: the importer and the database mappers share it.
    """
    if kind is DebtorKind.COMPANY and siren:
        return f"siren:{siren}"
    folded = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    return f"consumer:{folded}|{postal_code.replace(' ', '')}"


def ledger_debtor_key(creditor_siren: str, account: str) -> str:
    """The natural key of a debtor known only by its account in a creditor's accounts (a FEC's
    ``CompAuxNum``, PCG 411): ``ledger:<creditor SIREN>:<account>``. The account is the
    creditor's own name for its customer, stable when the label changes; two customers with
    the same label stay two debtors."""
    return f"ledger:{creditor_siren}:{account}"


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address. ``lines`` are the street lines (name excluded), as printed."""

    lines: tuple[str, ...] = ()
    postal_code: str = ""
    city: str = ""
    country: str = "FR"

    @property
    def departement(self) -> str | None:
        return departement_of(self.postal_code) if self.country == "FR" else None

    @property
    def is_abroad(self) -> bool:
        return self.country != "FR"

    @property
    def is_overseas(self) -> bool:
        return self.departement in OVERSEAS_DEPARTEMENTS

    @property
    def is_alsace_moselle(self) -> bool:
        return self.departement in ALSACE_MOSELLE_DEPARTEMENTS


@dataclass(frozen=True, slots=True)
class ContactPreferences:
    """What the debtor asked about contacts: do-not-contact, one channel only, language."""

    do_not_contact: bool = False
    only_channel: Channel | None = None
    language: str = "fr"


@dataclass(frozen=True, slots=True)
class SenderIdentity:
    """Who an email or SMS says it comes from: each creditor and each agency writes under its
    own name. Sending under another party's identity would tell a debtor's debt to a third
    party (professional secrecy of the agency, CPCE R124-4; GDPR art. 5 1 f). ``mail_from``
    is ``Name <address>``; ``sms_sender`` the alphanumeric sender (11 characters at most);
    ``signature`` the text closing the emails. Empty: not set."""

    mail_from: str | None = None
    reply_to: str | None = None
    signature: str | None = None
    sms_sender: str | None = None

    @property
    def is_set(self) -> bool:
        return bool(self.mail_from)


@dataclass(frozen=True, slots=True)
class Creditor:
    """The party owed the money (or the agency's client: ``agency_id`` names the agency that
    writes for it, CPCE L124-1)."""

    id: int | None
    name: str
    siren: str
    siret: str | None = None
    vat_number: str | None = None
    iban: str | None = None
    bic: str | None = None
    address: Address = field(default_factory=Address)
    logo_path: str | None = None
    email: str | None = None
    phone: str | None = None
    # A half-year whose legal rate is not published yet: review, or the last published rate.
    missing_rate: MissingRatePolicy = MissingRatePolicy.REVIEW
    # The collection agency writing for this creditor (``domain.agencies.Agency``), if any.
    agency_id: int | None = None
    identity: SenderIdentity = field(default_factory=SenderIdentity)
    # When it first writes and from which step it claims penalties and the 40 € (item 6).
    claims: ClaimSettings = field(default_factory=ClaimSettings)


@dataclass(frozen=True, slots=True)
class Debtor:
    """The party that owes. A company has a SIREN; a consumer has none."""

    id: int | None
    kind: DebtorKind
    name: str
    siren: str | None = None
    siret: str | None = None
    address: Address = field(default_factory=Address)
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    preferences: ContactPreferences = field(default_factory=ContactPreferences)

    @property
    def is_professional(self) -> bool:
        return self.kind is DebtorKind.COMPANY

    def channels(self) -> frozenset[Channel]:
        """The channels the debtor can be reached on, given what is known and what they asked."""
        if self.preferences.do_not_contact:
            return frozenset()
        available = {Channel.LETTER} if self.address.postal_code else set()
        if self.emails:
            available.add(Channel.EMAIL)
        if self.phones:
            available.update({Channel.PHONE, Channel.SMS})
        if self.preferences.only_channel is not None:
            available &= {self.preferences.only_channel}
        return frozenset(available)
