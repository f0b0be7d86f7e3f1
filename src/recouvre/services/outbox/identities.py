"""Whose name a message goes out under: the party that writes, never another.

The party that writes is the agency when the case's creditor is an agency's client (CPCE
R124-4: the agency writes in its own name for its client), else the creditor. Its own
``SenderIdentity`` (``recouvre creditor set`` / ``agency set`` ``--mail-from``,
``--mail-reply-to``, ``--mail-signature``, ``--sms-sender``) gives the From, Reply-To,
closing text and SMS sender.

The global ``RECOUVRE_MAIL_FROM`` (and the SMS provider's default sender) stays only for a
single-party install: one creditor, no agency, so that no other party's name can be on the
message. Anywhere else a party without its own identity gets no message: the action fails
with the French reason and the command that fixes it. Sending under a shared or another
client's address told a debtor's debt to a third party (professional secrecy of the agency;
GDPR art. 5 1 f, confidentiality); a refusal costs one day, a disclosure cannot be undone.
"""

from __future__ import annotations

from recouvre.domain.parties import SenderIdentity
from recouvre.services.errors import ServiceError
from recouvre.services.outbox.model import CaseFacts


class NoSenderIdentity(ServiceError):
    """The party that writes has no identity of its own for this channel: nothing is sent."""


def _writer(facts: CaseFacts) -> tuple[SenderIdentity, str, str]:
    """The writing party's identity, how to name it in French, and the command to set it."""
    if facts.agency is not None:
        a = facts.agency
        return a.identity, f"l'agence {a.name} (SIREN {a.siren})", f"recouvre agency set {a.siren}"
    c = facts.creditor
    who = f"le créancier {c.name} (SIREN {c.siren})"
    return c.identity, who, f"recouvre creditor set {c.siren}"


def email_identity(facts: CaseFacts, fallback_from: str) -> SenderIdentity:
    """The identity an email of this case goes out under; ``NoSenderIdentity`` when the
    writing party has none and the install is not a single-party one."""
    identity, who, command = _writer(facts)
    if identity.mail_from:
        return identity
    if facts.single_party and fallback_from:
        return SenderIdentity(mail_from=fallback_from)
    raise NoSenderIdentity(
        f"aucun expéditeur de courriel pour {who} : envoi refusé plutôt que sous l'identité "
        f"d'un autre ; « {command} --mail-from \"Nom <adresse@domaine>\" »"
    )


def sms_sender(facts: CaseFacts) -> str:
    """The SMS sender of this case (``""``: the provider's configured default, for a
    single-party install only); ``NoSenderIdentity`` otherwise."""
    identity, who, command = _writer(facts)
    if identity.sms_sender:
        return identity.sms_sender
    if facts.single_party:
        return ""
    raise NoSenderIdentity(
        f"aucun expéditeur SMS pour {who} : envoi refusé plutôt que sous l'identité d'un "
        f"autre ; « {command} --sms-sender NOM »"
    )
