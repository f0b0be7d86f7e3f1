"""A person's changes to a debtor (``recouvre debtor set``), validated all at once.

The rules are the import's (``services.imports.rows``), so that what an import accepts and what
a person types agree: the same email pattern, phones split on the same separators and trimmed;
a French postal code must give a département (``domain.parties.departement_of``: holidays of
Alsace-Moselle and overseas, distance extensions of deadlines). Each problem is a French
message naming the option; the caller writes nothing unless there is none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from recouvre.domain.parties import Address, Channel, ContactPreferences, Debtor, departement_of
from recouvre.letters.view_model import Language
from recouvre.services.imports.rows import is_valid_email, split_phones

_PHONE_CHARS = re.compile(r"[0-9+ .()/-]+")


# --- changes as a person types them -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DebtorChanges:
    """What ``debtor set`` changes; ``None`` (or an empty tuple) leaves a field as it is.

    ``emails``/``phones`` replace the list (an empty tuple empties it), then ``add_*`` and
    ``remove_*`` apply. ``any_channel`` lifts a single-channel request. ``reason`` is required
    for a change of preferences: it is the evidence of the debtor's request."""

    do_not_contact: bool | None = None
    only_channel: Channel | None = None
    any_channel: bool = False
    language: str | None = None
    emails: tuple[str, ...] | None = None
    add_emails: tuple[str, ...] = ()
    remove_emails: tuple[str, ...] = ()
    phones: tuple[str, ...] | None = None
    add_phones: tuple[str, ...] = ()
    remove_phones: tuple[str, ...] = ()
    address_lines: tuple[str, ...] | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    reason: str = ""

    @property
    def touches_preferences(self) -> bool:
        return (
            self.do_not_contact is not None
            or self.only_channel is not None
            or self.any_channel
            or self.language is not None
        )

    @property
    def empty(self) -> bool:
        details = (
            self.emails, self.phones, self.address_lines, self.postal_code, self.city,
            self.country,
        )  # fmt: skip
        return (
            not self.touches_preferences
            and all(x is None for x in details)
            and not (self.add_emails or self.remove_emails or self.add_phones or self.remove_phones)
        )


# --- validation -------------------------------------------------------------------------------


def apply_changes(before: Debtor, ch: DebtorChanges, problems: list[str]) -> Debtor:
    """The debtor after ``ch``; each problem found is appended (French, naming the option)."""
    if ch.touches_preferences and not ch.reason.strip():
        problems.append(
            "--reason : le motif est obligatoire pour une demande du débiteur (c'est la preuve : "
            "« appel du 23/11 », « courrier reçu le 20/11 »...)"
        )
    if ch.only_channel is not None and ch.any_channel:
        problems.append("--only-channel : un seul canal ou « aucun », pas les deux")
    p = before.preferences
    language = p.language
    if ch.language is not None:
        language = ch.language.strip().lower()
        if language not in {x.value for x in Language}:
            choices = ", ".join(x.value for x in Language)
            problems.append(f"--language : langue « {ch.language} » inconnue ; choix : {choices}")
            language = p.language
    only = p.only_channel
    if ch.any_channel:
        only = None
    elif ch.only_channel is not None:
        only = ch.only_channel
    preferences = ContactPreferences(
        do_not_contact=p.do_not_contact if ch.do_not_contact is None else ch.do_not_contact,
        only_channel=only,
        language=language,
    )
    emails = _emails(before.emails, ch, problems)
    phones = _phones(before.phones, ch, problems)
    address = _address(before.address, ch, problems)
    return replace(before, emails=emails, phones=phones, address=address, preferences=preferences)


def email_key(email: str) -> str:
    """Emails compare without case or surrounding blanks."""
    return email.strip().casefold()


def phone_key(phone: str) -> str:
    """Phones compare on their digits (and a leading +): « 06 12 » is « 0612 »."""
    return re.sub(r"[^0-9+]", "", phone)


def _emails(current: tuple[str, ...], ch: DebtorChanges, problems: list[str]) -> tuple[str, ...]:
    def checked(values: Sequence[str], option: str) -> list[str]:
        out = []
        for value in values:
            text = value.strip()
            if not text:
                continue
            if is_valid_email(text):
                out.append(text)
            else:
                problems.append(f"{option} : adresse e-mail invalide : « {value} »")
        return out

    emails = list(current) if ch.emails is None else checked(ch.emails, "--email")
    for email in checked(ch.add_emails, "--add-email"):
        if email_key(email) not in {email_key(e) for e in emails}:
            emails.append(email)
    for email in ch.remove_emails:
        keys = [email_key(e) for e in emails]
        if email_key(email) not in keys:
            problems.append(f"--remove-email : « {email} » n'est pas une adresse du débiteur")
            continue
        del emails[keys.index(email_key(email))]
    return _unique(emails, email_key)


def _phones(current: tuple[str, ...], ch: DebtorChanges, problems: list[str]) -> tuple[str, ...]:
    def checked(values: Sequence[str], option: str) -> list[str]:
        out = []
        for value in values:
            for phone in split_phones(value):
                if _PHONE_CHARS.fullmatch(phone) and len(phone_key(phone).lstrip("+")) >= 6:
                    out.append(phone)
                else:
                    problems.append(f"{option} : numéro de téléphone invalide : « {phone} »")
        return out

    phones = list(current) if ch.phones is None else checked(ch.phones, "--phone")
    for phone in checked(ch.add_phones, "--add-phone"):
        if phone_key(phone) not in {phone_key(p) for p in phones}:
            phones.append(phone)
    for value in ch.remove_phones:
        for phone in split_phones(value):
            keys = [phone_key(p) for p in phones]
            if phone_key(phone) not in keys:
                problems.append(f"--remove-phone : « {phone} » n'est pas un numéro du débiteur")
                continue
            del phones[keys.index(phone_key(phone))]
    return _unique(phones, phone_key)


def _unique(values: Sequence[str], key: Callable[[str], str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for value in values:
        if key(value) not in seen:
            seen.add(key(value))
            out.append(value)
    return tuple(out)


def _address(current: Address, ch: DebtorChanges, problems: list[str]) -> Address:
    country = current.country if ch.country is None else ch.country.strip().upper()
    if len(country) != 2 or not country.isalpha():
        problems.append(f"--country : code pays ISO à deux lettres attendu (« {ch.country} »)")
        country = current.country
    postal_code = current.postal_code if ch.postal_code is None else ch.postal_code.strip()
    if postal_code and country == "FR" and departement_of(postal_code) is None:
        problems.append(
            f"--postal-code : code postal français à cinq chiffres attendu (« {postal_code} »)"
        )
    lines = current.lines
    if ch.address_lines is not None:
        lines = tuple(x.strip() for x in ch.address_lines if x.strip())
    city = current.city if ch.city is None else ch.city.strip()
    if (lines or city) and not postal_code:
        problems.append("--postal-code : le code postal est obligatoire avec une adresse")
    return Address(lines=lines, postal_code=postal_code, city=city, country=country)
