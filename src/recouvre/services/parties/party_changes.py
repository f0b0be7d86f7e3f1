"""Changes to creditors and agencies as a person types them, and their validation.

Every identifier goes through the domain's python-stdnum validation; every error names the
option, in French, and all of them are reported at once (``InvalidChanges``): nothing is
written unless every change is valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from email.utils import formataddr, parseaddr
from typing import Any

from recouvre.domain.agencies import Agency, PaymentTo
from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.identifiers import (
    validate_bic,
    validate_iban,
    validate_siren,
    validate_siret,
    validate_vat,
)
from recouvre.domain.parties import Address, SenderIdentity
from recouvre.domain.rate_policy import MissingRatePolicy
from recouvre.letters.channels import WindowSide
from recouvre.services.errors import ServiceError
from recouvre.services.parties.profiles import CreditorProfile, LetterSettings

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_TEMPLATE = re.compile(r"[A-Za-z0-9_-]{1,64}")
NO_AGENCY = ""  # ``CreditorChanges.agency``: detach the creditor from its agency


@dataclass(frozen=True, slots=True)
class CreditorChanges:
    """What ``creditor set`` changes; ``None`` leaves a field as it is, ``""`` empties it.
    ``agency`` is an agency's SIREN, or ``NO_AGENCY`` to detach the creditor. Paths are
    absolute (the entry point checks that the files exist)."""

    name: str | None = None
    siret: str | None = None
    vat_number: str | None = None
    iban: str | None = None
    bic: str | None = None
    address_lines: tuple[str, ...] | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    email: str | None = None
    phone: str | None = None
    logo_path: str | None = None
    signature_path: str | None = None
    window: WindowSide | None = None
    colour: str | None = None
    signatory: str | None = None
    signatory_title: str | None = None
    template: str | None = None
    agency: str | None = None
    payment_to: PaymentTo | None = None
    # The sender identity (``domain.parties.SenderIdentity``): ``""`` clears it.
    mail_from: str | None = None
    mail_reply_to: str | None = None
    mail_signature: str | None = None
    sms_sender: str | None = None
    # The courtesy settings (``services.parties.claim_changes``): 0 / ``""`` go back to the
    # scenario's timing / claiming from the first step.
    first_reminder_days: int | None = None
    fees_from: str | None = None
    # A half-year whose legal rate is not published yet (``domain.rate_policy``).
    missing_rate: MissingRatePolicy | None = None


@dataclass(frozen=True, slots=True)
class AgencyChanges:
    """What ``agency add``/``agency set`` write; same conventions as ``CreditorChanges``."""

    name: str | None = None
    siret: str | None = None
    iban: str | None = None
    bic: str | None = None
    address_lines: tuple[str, ...] | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    email: str | None = None
    phone: str | None = None
    activity: str | None = None
    liability_insurance: str | None = None
    funds_account: str | None = None
    prosecutor_declaration: str | None = None
    logo_path: str | None = None
    # Who signs its documents (``--signataire``, ``--fonction``); ``""`` clears.
    signatory: str | None = None
    signatory_title: str | None = None
    # The sender identity (``domain.parties.SenderIdentity``): ``""`` clears it.
    mail_from: str | None = None
    mail_reply_to: str | None = None
    mail_signature: str | None = None
    sms_sender: str | None = None


class InvalidChanges(ServiceError):
    """One or more changes refused; ``problems`` are French messages naming the option."""

    def __init__(self, problems: list[str]) -> None:
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"modification refusée, rien n'a été enregistré :\n{lines}")
        self.problems = problems


class UnknownParty(ServiceError):
    """No creditor or agency with that SIREN."""


def checked_siren(value: str, label: str) -> str:
    try:
        return validate_siren(value)
    except InvalidIdentifier as error:
        raise InvalidChanges([f"{label} : {error}"]) from None


def _text(value: str | None) -> str | None:
    """``""`` (or blanks) clears an optional field."""
    return (value.strip() or None) if value is not None else None


def _checked(
    value: str | None,
    current: str | None,
    option: str,
    validate: Callable[[str], str],
    problems: list[str],
) -> str | None:
    if value is None:
        return current
    if not value.strip():
        return None
    try:
        return validate(value)
    except InvalidIdentifier as error:
        problems.append(f"{option} : {error}")
        return current


def _address(
    current: Address,
    lines: tuple[str, ...] | None,
    postal_code: str | None,
    city: str | None,
    country: str | None,
    problems: list[str],
) -> Address:
    new_country = current.country if country is None else country.strip().upper()
    if len(new_country) != 2 or not new_country.isalpha():
        problems.append(f"--country : code pays ISO à deux lettres attendu (« {country} »)")
        new_country = current.country
    return Address(
        lines=current.lines if lines is None else tuple(x.strip() for x in lines if x.strip()),
        postal_code=current.postal_code if postal_code is None else postal_code.strip(),
        city=current.city if city is None else city.strip(),
        country=new_country,
    )


def _pick(value: str | None, current: str | None) -> str | None:
    return current if value is None else _text(value)


def apply_creditor(
    before: CreditorProfile, ch: CreditorChanges, agency: Agency | None, problems: list[str]
) -> CreditorProfile:
    c, s = before.creditor, before.settings
    siret = _checked(ch.siret, c.siret, "--siret", validate_siret, problems)
    if siret and siret[:9] != c.siren and siret != c.siret:
        problems.append(f"--siret : le SIRET {siret} n'appartient pas au SIREN {c.siren}")
    vat = _checked(ch.vat_number, c.vat_number, "--vat", validate_vat, problems)
    if vat and vat[-9:] != c.siren and vat != c.vat_number:
        problems.append(f"--vat : le numéro de TVA {vat} n'est pas celui du SIREN {c.siren}")
    name = c.name if ch.name is None else ch.name.strip()
    if not name:
        problems.append("--name : le nom ne peut pas être vide")
        name = c.name
    colour = _pick(ch.colour, s.colour)
    if ch.colour and not _COLOUR.fullmatch(ch.colour.strip()):
        problems.append(f"--colour : couleur « {ch.colour} » invalide (attendu #rrggbb)")
        colour = s.colour
    template = _pick(ch.template, s.template)
    if ch.template and not _TEMPLATE.fullmatch(ch.template.strip()):
        problems.append(
            f"--template : nom de modèle « {ch.template} » invalide (lettres, chiffres, - et _, "
            "sans extension)"
        )
        template = s.template
    payment_to = s.payment_to if ch.payment_to is None else ch.payment_to
    if payment_to is PaymentTo.AGENCY and agency is None:
        problems.append("--payment-to : paiement à l'agence impossible sans agence (--agency)")
    elif payment_to is PaymentTo.AGENCY and agency is not None and not agency.iban:
        problems.append(
            f"--payment-to : l'agence {agency.siren} n'a pas d'IBAN (recouvre agency set "
            f"{agency.siren} --iban ...)"
        )
    creditor = replace(
        c,
        name=name,
        siret=siret,
        vat_number=vat,
        iban=_checked(ch.iban, c.iban, "--iban", validate_iban, problems),
        bic=_checked(ch.bic, c.bic, "--bic", validate_bic, problems),
        address=_address(c.address, ch.address_lines, ch.postal_code, ch.city, ch.country,
                          problems),
        email=_pick(ch.email, c.email),
        phone=_pick(ch.phone, c.phone),
        logo_path=_pick(ch.logo_path, c.logo_path),
        agency_id=None if agency is None else agency.id,
        identity=sender_identity(c.identity, ch, problems),
        missing_rate=c.missing_rate if ch.missing_rate is None else ch.missing_rate,
    )  # fmt: skip
    settings = LetterSettings(
        window=s.window if ch.window is None else ch.window,
        colour=colour.lower() if colour else None,
        signature_path=_pick(ch.signature_path, s.signature_path),
        signatory=_pick(ch.signatory, s.signatory),
        signatory_title=_pick(ch.signatory_title, s.signatory_title),
        template=template,
        payment_to=payment_to,
    )
    via_agency = agency is not None or (before.via_agency and ch.agency is None)
    return CreditorProfile(creditor, settings, agency, via_agency)


def apply_agency(before: Agency, ch: AgencyChanges, problems: list[str]) -> Agency:
    siret = _checked(ch.siret, before.siret, "--siret", validate_siret, problems)
    if siret and siret[:9] != before.siren and siret != before.siret:
        problems.append(f"--siret : le SIRET {siret} n'appartient pas au SIREN {before.siren}")
    name = before.name if ch.name is None else ch.name.strip()
    if not name:
        problems.append("--name : le nom ne peut pas être vide")
    activity = before.activity if ch.activity is None else ch.activity.strip()
    if not activity:
        problems.append("--activity : l'activité (CPCE R124-4 1°) ne peut pas être vide")
        activity = before.activity
    return replace(
        before,
        name=name,
        siret=siret,
        iban=_checked(ch.iban, before.iban, "--iban", validate_iban, problems),
        bic=_checked(ch.bic, before.bic, "--bic", validate_bic, problems),
        address=_address(before.address, ch.address_lines, ch.postal_code, ch.city, ch.country,
                         problems),
        email=_pick(ch.email, before.email),
        phone=_pick(ch.phone, before.phone),
        activity=activity,
        liability_insurance=_keep_text(ch.liability_insurance, before.liability_insurance),
        funds_account=_keep_text(ch.funds_account, before.funds_account),
        prosecutor_declaration=_keep_text(ch.prosecutor_declaration,
                                          before.prosecutor_declaration),
        logo_path=_pick(ch.logo_path, before.logo_path),
        identity=sender_identity(before.identity, ch, problems),
        signatory=_keep_text(ch.signatory, before.signatory),
        signatory_title=_keep_text(ch.signatory_title, before.signatory_title),
    )  # fmt: skip


_SMS_SENDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .\-]{0,10}|\+[0-9]{6,15}")


def _mailbox(
    value: str | None, current: str | None, option: str, problems: list[str]
) -> str | None:
    """``Name <address>`` or a bare address, on one line, with an ``@``."""
    if value is None:
        return current
    text = value.strip()
    if not text:
        return None
    name, address = parseaddr(text)
    local, at, domain = address.rpartition("@")
    if "\r" in text or "\n" in text or not at or not local or "." not in domain:
        problems.append(f"{option} : adresse « {value} » invalide (attendu Nom <adresse@domaine>)")
        return current
    return formataddr((name, address)) if name else address


def sender_identity(
    current: SenderIdentity, ch: CreditorChanges | AgencyChanges, problems: list[str]
) -> SenderIdentity:
    """The party's sender identity after ``--mail-from``, ``--mail-reply-to``,
    ``--mail-signature`` and ``--sms-sender``; each checked, ``""`` clears."""
    sms = _pick(ch.sms_sender, current.sms_sender)
    if sms is not None and not _SMS_SENDER.fullmatch(sms):
        problems.append(
            f"--sms-sender : expéditeur SMS « {ch.sms_sender} » invalide (11 lettres ou chiffres "
            "au plus, ou un numéro +33...)"
        )
        sms = current.sms_sender
    signature = current.signature if ch.mail_signature is None else ch.mail_signature.strip()
    return SenderIdentity(
        mail_from=_mailbox(ch.mail_from, current.mail_from, "--mail-from", problems),
        reply_to=_mailbox(ch.mail_reply_to, current.reply_to, "--mail-reply-to", problems),
        signature=signature or None,
        sms_sender=sms,
    )


def _keep_text(value: str | None, current: str) -> str:
    return current if value is None else value.strip()


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """``{field: [old, new]}`` for the top-level fields that changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
