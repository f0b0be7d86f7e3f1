"""What the party use cases show: a creditor with its letter settings and agency, and the stable
JSON forms of creditors, agencies and addresses (``--json`` of the party commands)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from recouvre.domain.agencies import Agency, PaymentTo
from recouvre.domain.parties import Address, Creditor, SenderIdentity
from recouvre.letters.channels import Appearance, WindowSide


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
            "sender": identity_json(c.identity),
            "claims": {
                "first_reminder_days": c.claims.first_reminder_days,
                "fees_from": c.claims.fees_from,
            },
            "missing_rate": c.missing_rate.value,
        }


def address_json(address: Address) -> dict[str, Any]:
    return {
        "lines": list(address.lines),
        "postal_code": address.postal_code,
        "city": address.city,
        "country": address.country,
    }


def identity_json(identity: SenderIdentity) -> dict[str, Any]:
    return {
        "mail_from": identity.mail_from,
        "mail_reply_to": identity.reply_to,
        "mail_signature": identity.signature,
        "sms_sender": identity.sms_sender,
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
        "signatory": agency.signatory,
        "signatory_title": agency.signatory_title,
        "sender": identity_json(agency.identity),
    }
    if clients is not None:
        out["clients"] = clients
    return out
