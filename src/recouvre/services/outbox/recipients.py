"""Who an outbox action reaches, checked at the instant of sending: the debtor's own requests
(C. conso L121-7 3° : no contact, or one channel only) and the address or number the channel
needs. Each refusal is a ``Refused``: the action fails, nothing was handed to a provider."""

from __future__ import annotations

from recouvre.domain.parties import Channel
from recouvre.services.errors import ServiceError
from recouvre.services.outbox.model import CHANNEL_LABELS, CaseFacts, OutboxAction


class Refused(ServiceError):
    """The action cannot go out as it is (mentions, no address...): it fails, nothing sent."""


_ONLY_CHANNEL_LABELS = {
    Channel.EMAIL: "courriel",
    Channel.LETTER: "courrier",
    Channel.SMS: "SMS",
    Channel.PHONE: "téléphone",
}


def check_contact_allowed(action: OutboxAction, facts: CaseFacts) -> None:
    """The last line of defence (C. conso L121-7 3°): the guard and ``debtor set`` already
    keep such actions out of the queue, but a request recorded between the run and the send
    must still win. Refuses an action for a debtor who asked not to be contacted, or on a
    channel other than the one the debtor asked for; the facts are already loaded."""
    preferences = facts.debtor.preferences
    if preferences.do_not_contact:
        raise Refused("le débiteur a demandé à ne plus être contacté : envoi bloqué")
    channel = action.channel.reaches
    only = preferences.only_channel
    if only is not None and channel is not None and channel is not only:
        raise Refused(
            f"le débiteur a demandé à n'être contacté que par {_ONLY_CHANNEL_LABELS[only]} : "
            f"envoi par {CHANNEL_LABELS[action.channel]} bloqué"
        )


def email_of(action: OutboxAction, facts: CaseFacts) -> str:
    recipient = action.payload.get("recipient")
    email = recipient.get("email") if isinstance(recipient, dict) else None
    email = email or (facts.debtor.emails[0] if facts.debtor.emails else None)
    if not email:
        raise Refused("aucune adresse électronique connue pour le débiteur")
    return str(email)


def phone_of(action: OutboxAction, facts: CaseFacts) -> str:
    recipient = action.payload.get("recipient")
    phone = recipient.get("phone") if isinstance(recipient, dict) else None
    phone = phone or (facts.debtor.phones[0] if facts.debtor.phones else None)
    if not phone:
        raise Refused("aucun numéro de téléphone connu pour le débiteur")
    return str(phone)
