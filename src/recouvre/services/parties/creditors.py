"""Creditors' details, their letter settings, and the collection agencies that write for them.

An import creates an unknown creditor from its SIREN alone; a person completes it later
(``recouvre creditor set``): identity (SIRET, VAT number), bank details for the payment block,
address, contacts, the letters' appearance (window side of the DL envelope, colour, logo,
signature, template, signatory) and, for an agency's client, the agency that writes for it
(CPCE L124-1, R124-4) and whose account the debtor pays to.

Every identifier goes through the domain's python-stdnum validation; every error names the
field, in French, and all of them are reported at once: nothing is written unless every change
is valid. Every change is journaled (global stream) with the old and new values, in the same
transaction as the change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from recouvre.domain.agencies import Agency, PaymentTo
from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.events.parties import (
    AgencyAdded,
    AgencyUpdated,
    CreditorAdded,
    CreditorUpdated,
)
from recouvre.domain.identifiers import (
    validate_bic,
    validate_iban,
    validate_siren,
    validate_siret,
    validate_vat,
)
from recouvre.domain.parties import Address, Creditor
from recouvre.letters.channels import Appearance, WindowSide
from recouvre.services.journal import record_event
from recouvre.services.ports import Clock, UnitOfWork

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_TEMPLATE = re.compile(r"[A-Za-z0-9_-]{1,64}")
NO_AGENCY = ""  # ``CreditorChanges.agency``: detach the creditor from its agency


@dataclass(frozen=True, slots=True)
class LetterSettings:
    """How a creditor's letters look and who signs them; ``None`` fields take the shipped
    default. ``payment_to`` matters only when an agency writes."""

    window: WindowSide = WindowSide.RIGHT
    colour: str | None = None
    signature_path: str | None = None
    signatory: str | None = None
    signatory_title: str | None = None
    template: str | None = None
    payment_to: PaymentTo = PaymentTo.CREDITOR

    def appearance(self, logo_path: str | None) -> Appearance | None:
        """The renderer's ``Appearance``; ``None`` when nothing is set (the sender's default
        applies)."""
        if self == _NO_SETTINGS and logo_path is None:
            return None
        default = Appearance()
        return Appearance(
            window=self.window,
            colour=self.colour or default.colour,
            logo_path=logo_path,
            signature_path=self.signature_path,
            template=self.template or default.template,
        )


_NO_SETTINGS = LetterSettings()


@dataclass(frozen=True, slots=True)
class CreditorProfile:
    """A creditor with its letter settings and its agency (if any)."""

    creditor: Creditor
    settings: LetterSettings = field(default_factory=LetterSettings)
    agency: Agency | None = None
    via_agency: bool = False

    def as_json(self) -> dict[str, Any]:
        c, s, a = self.creditor, self.settings, self.agency
        return {
            "siren": c.siren,
            "name": c.name,
            "siret": c.siret,
            "vat_number": c.vat_number,
            "iban": c.iban,
            "bic": c.bic,
            "address": address_json(c.address),
            "email": c.email,
            "phone": c.phone,
            "logo_path": c.logo_path,
            "via_agency": self.via_agency,
            "agency": None if a is None else {"siren": a.siren, "name": a.name},
            "letters": {
                "window": s.window.value,
                "colour": s.colour,
                "signature_path": s.signature_path,
                "signatory": s.signatory,
                "signatory_title": s.signatory_title,
                "template": s.template,
                "payment_to": s.payment_to.value,
            },
        }


def address_json(address: Address) -> dict[str, Any]:
    return {
        "lines": list(address.lines),
        "postal_code": address.postal_code,
        "city": address.city,
        "country": address.country,
    }


def agency_json(agency: Agency, clients: list[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "siren": agency.siren,
        "name": agency.name,
        "siret": agency.siret,
        "address": address_json(agency.address),
        "email": agency.email,
        "phone": agency.phone,
        "iban": agency.iban,
        "bic": agency.bic,
        "activity": agency.activity,
        "liability_insurance": agency.liability_insurance,
        "funds_account": agency.funds_account,
        "prosecutor_declaration": agency.prosecutor_declaration,
        "logo_path": agency.logo_path,
    }
    if clients is not None:
        out["clients"] = clients
    return out


# --- changes as a person types them ---------------------------------------------------------


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


class InvalidChanges(ValueError):
    """One or more changes refused; ``problems`` are French messages naming the option."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ; ".join(problems))
        self.problems = problems


class UnknownParty(LookupError):
    """No creditor or agency with that SIREN."""


# --- ports ------------------------------------------------------------------------------------


class PartyStore(Protocol):
    def creditor_profiles(self) -> list[CreditorProfile]: ...

    def creditor_profile(self, siren: str) -> CreditorProfile | None: ...

    def add_creditor(self, profile: CreditorProfile) -> CreditorProfile: ...

    def save_creditor(self, profile: CreditorProfile) -> None:
        """Write every column of the creditor (by id) and its settings; ``via_agency``
        follows the agency."""
        ...

    def agencies(self) -> list[Agency]: ...

    def agency(self, siren: str) -> Agency | None: ...

    def add_agency(self, agency: Agency) -> Agency: ...

    def save_agency(self, agency: Agency) -> None: ...

    def clients_of(self, agency_id: int) -> list[Creditor]: ...


class PartyUnitOfWork(UnitOfWork, Protocol):
    @property
    def parties(self) -> PartyStore: ...


# --- use cases --------------------------------------------------------------------------------


class Parties:
    """Creditor and agency use cases; ``uow`` opens a writing unit of work."""

    def __init__(self, uow: Callable[[], PartyUnitOfWork], clock: Clock) -> None:
        self.uow = uow
        self.clock = clock

    def creditors(self) -> list[CreditorProfile]:
        with self.uow() as uow:
            return uow.parties.creditor_profiles()

    def creditor(self, siren: str) -> CreditorProfile:
        key = _siren(siren, "SIREN")
        with self.uow() as uow:
            profile = uow.parties.creditor_profile(key)
        if profile is None:
            raise UnknownParty(f"créancier de SIREN {key} inconnu")
        return profile

    def set_creditor(self, siren: str, changes: CreditorChanges) -> CreditorProfile:
        """Apply ``changes`` to the creditor ``siren`` (created when unknown and ``name`` is
        given); all-or-nothing, journaled as ``creditor_updated``/``creditor_added``."""
        key = _siren(siren, "SIREN")
        with self.uow() as uow:
            store = uow.parties
            before = store.creditor_profile(key)
            created = before is None
            if before is None:
                if not changes.name:
                    raise UnknownParty(
                        f"créancier de SIREN {key} inconnu : donnez --name pour le créer, ou "
                        "importez d'abord ses factures"
                    )
                before = CreditorProfile(Creditor(None, changes.name.strip(), key))
            agency = before.agency
            problems: list[str] = []
            if changes.agency is not None:
                agency = None
                if changes.agency != NO_AGENCY:
                    try:
                        agency_siren = validate_siren(changes.agency)
                    except InvalidIdentifier as error:
                        problems.append(f"--agency : {error}")
                    else:
                        agency = store.agency(agency_siren)
                        if agency is None:
                            problems.append(
                                f"--agency : aucune agence de SIREN {agency_siren} "
                                "(« recouvre agency add » d'abord)"
                            )
            after = _apply_creditor(before, changes, agency, problems)
            if problems:
                raise InvalidChanges(problems)
            if created:
                after = store.add_creditor(after)
            else:
                store.save_creditor(after)
            diff = _diff(before.as_json(), after.as_json())
            if created or diff:
                made = CreditorAdded if created else CreditorUpdated
                record_event(uow.journal, made(None, self.clock.today(), key, diff))
            uow.commit()
        return after

    def agencies(self) -> list[tuple[Agency, list[str]]]:
        """Every agency with the SIRENs of the creditors it writes for."""
        with self.uow() as uow:
            return [
                (a, [c.siren for c in uow.parties.clients_of(a.id or 0)])
                for a in uow.parties.agencies()
            ]

    def agency(self, siren: str) -> tuple[Agency, list[Creditor]]:
        key = _siren(siren, "SIREN")
        with self.uow() as uow:
            agency = uow.parties.agency(key)
            if agency is None:
                raise UnknownParty(f"agence de SIREN {key} inconnue")
            return agency, uow.parties.clients_of(agency.id or 0)

    def add_agency(self, siren: str, changes: AgencyChanges) -> Agency:
        """Register an agency; ``name`` is required, the rest may come later."""
        key = _siren(siren, "SIREN")
        if not (changes.name or "").strip():
            raise InvalidChanges(["--name : le nom de l'agence est obligatoire"])
        with self.uow() as uow:
            if uow.parties.agency(key) is not None:
                raise InvalidChanges([f"une agence de SIREN {key} existe déjà (agency set)"])
            problems: list[str] = []
            agency = _apply_agency(Agency(None, "", key), changes, problems)
            if problems:
                raise InvalidChanges(problems)
            agency = uow.parties.add_agency(agency)
            record_event(
                uow.journal, AgencyAdded(None, self.clock.today(), key, agency_json(agency))
            )
            uow.commit()
        return agency

    def set_agency(self, siren: str, changes: AgencyChanges) -> Agency:
        key = _siren(siren, "SIREN")
        with self.uow() as uow:
            before = uow.parties.agency(key)
            if before is None:
                raise UnknownParty(f"agence de SIREN {key} inconnue (« recouvre agency add »)")
            problems: list[str] = []
            after = _apply_agency(before, changes, problems)
            if problems:
                raise InvalidChanges(problems)
            diff = _diff(agency_json(before), agency_json(after))
            if diff:
                uow.parties.save_agency(after)
                record_event(uow.journal, AgencyUpdated(None, self.clock.today(), key, diff))
            uow.commit()
        return after


# --- validation -------------------------------------------------------------------------------


def _siren(value: str, label: str) -> str:
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


def _apply_creditor(
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


def _apply_agency(before: Agency, ch: AgencyChanges, problems: list[str]) -> Agency:
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
    )  # fmt: skip


def _keep_text(value: str | None, current: str) -> str:
    return current if value is None else value.strip()


def _diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """``{field: [old, new]}`` for the top-level fields that changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
