"""The sender identity options of ``creditor set`` and ``agency add``/``agency set``: who the
party's emails and SMS say they come from (``domain.parties.SenderIdentity``), and the named
person who signs its documents (an agency's documents are refused without one)."""

from __future__ import annotations

from typing import Annotated

import typer

from recouvre.domain.parties import SenderIdentity

MailFrom = Annotated[
    str | None,
    typer.Option(
        "--mail-from",
        help='Expéditeur de ses courriels : « Nom <adresse@domaine> » ; "" efface.',
        metavar="EXPÉDITEUR",
    ),
]
MailReplyTo = Annotated[
    str | None,
    typer.Option(
        "--mail-reply-to",
        help='Adresse de réponse de ses courriels ; "" efface.',
        metavar="ADRESSE",
    ),
]
MailSignature = Annotated[
    str | None,
    typer.Option(
        "--mail-signature",
        help='Texte de signature de ses courriels ; "" efface.',
        metavar="TEXTE",
    ),
]
SmsSender = Annotated[
    str | None,
    typer.Option(
        "--sms-sender",
        help='Expéditeur de ses SMS (11 lettres ou chiffres au plus) ; "" efface.',
        metavar="NOM",
    ),
]

Signatory = Annotated[
    str | None,
    typer.Option(
        "--signataire",
        "--signatory",
        help='Nom de la personne qui signe ses documents ; "" efface.',
        metavar="NOM",
    ),
]
SignatoryTitle = Annotated[
    str | None,
    typer.Option(
        "--fonction",
        "--signatory-title",
        help='Fonction du signataire (« chargée de recouvrement ») ; "" efface.',
        metavar="FONCTION",
    ),
]


def identity_rows(identity: SenderIdentity) -> list[tuple[str, str | None]]:
    """The lines ``creditor show`` and ``agency show`` print (short labels: the columns of
    the other lines keep their width)."""
    return [
        ("De (mail)", identity.mail_from),
        ("Réponse à", identity.reply_to),
        ("Sign. mail", identity.signature),
        ("De (SMS)", identity.sms_sender),
    ]
