"""What the outbox sent and the agents noted, as exhibits: each document with its proof and
the copy as sent (checked against the journal's digest), the scan of a signed acknowledgement,
each call as a dated note (CPC 1407: the requête « accompagnée de ces documents »)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from email import policy
from email.parser import BytesParser
from typing import Any

from recouvre.letters.formatting import eur
from recouvre.letters.judicial.exhibits import CallNote, ExhibitKind, SentDocument
from recouvre.services.judicial.case_file import CaseFile
from recouvre.services.judicial.ports import CallRecord, SentCopies, SentRecord
from recouvre.services.judicial.procedures import JudicialError

FORMAL_NOTICE_STEP = "formal_notice"


def sent_documents(
    file: CaseFile, records: Sequence[SentRecord], copies: SentCopies | None
) -> list[SentDocument]:
    documents: list[SentDocument] = []
    for r in records:
        if r.channel in _NOT_DOCUMENTS:
            continue  # a call is produced as its call note, not as a document sent
        ack = _acknowledgement(r, copies)
        notice = r.step_kind == FORMAL_NOTICE_STEP or r.channel == "registered_letter"
        title = (
            "Mise en demeure (lettre recommandée avec avis de réception)"
            if notice
            else f"Relance ({_CHANNEL_LABELS.get(r.channel, r.channel)})"
        )
        documents.append(
            SentDocument(
                ExhibitKind.FORMAL_NOTICE if notice else ExhibitKind.REMINDER,
                r.sent_on,
                title,
                r.sha256,
                r.received_on,
                r.tracking,
                **_copies(r, copies),
                acknowledgement_pdf=ack[0] if ack else None,
                acknowledgement_sha256=ack[1] if ack else None,
            )
        )
    f = file.facts
    if f.formal_notice_sent_on and not any(d.kind is ExhibitKind.FORMAL_NOTICE for d in documents):
        documents.append(
            SentDocument(
                ExhibitKind.FORMAL_NOTICE,
                f.formal_notice_sent_on,
                "Mise en demeure (lettre recommandée avec avis de réception)",
                None,
                f.formal_notice_received_on,
            )
        )
    return documents


def _copies(record: SentRecord, copies: SentCopies | None) -> dict[str, Any]:
    """The copy as sent: a letter's PDF, or an email's headers and text with its attached
    PDF (the letter the email carried)."""
    content = _copy(record, copies)
    if content is None:
        return {}
    if record.channel != "email":
        return {"copy_pdf": content}
    lines, attached = email_copy(content)
    return {"copy_lines": lines, "copy_pdf": attached}


def email_copy(raw: bytes) -> tuple[tuple[str, ...], bytes | None]:
    """The lines of an archived message a court reads (its headers, then its text) and its
    first attached PDF."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    lines = [
        f"{label} : {message[header]}"
        for header, label in _HEADERS
        if message[header] is not None
    ]
    lines.append("")
    body = message.get_body(preferencelist=("plain",))
    if body is not None:
        lines.extend(str(body.get_content()).splitlines())
    attached: bytes | None = None
    for part in message.iter_attachments():
        if part.get_content_type() == "application/pdf" and attached is None:
            payload = part.get_payload(decode=True)
            attached = payload if isinstance(payload, bytes) else None
            name = part.get_filename() or "document.pdf"
            lines.append(f"Pièce jointe : {name} (reproduite après)")
    return tuple(lines), attached


_HEADERS = (
    ("From", "De"),
    ("To", "À"),
    ("Reply-To", "Répondre à"),
    ("Date", "Date"),
    ("Subject", "Objet"),
    ("Message-ID", "Message-ID"),
)


def _copy(record: SentRecord, copies: SentCopies | None) -> bytes | None:
    """The letter as sent, checked against the journal's digest: a copy changed since it was
    sent is refused, never produced as if it were the one sent."""
    if copies is None or record.action_id is None:
        return None
    content = copies.copy_of(record.action_id, record.channel)
    if content is None:
        return None
    if record.sha256 and hashlib.sha256(content).hexdigest() != record.sha256:
        raise JudicialError(
            f"la copie conservée de l'envoi du {record.sent_on.strftime('%d/%m/%Y')} ne "
            "correspond plus à l'empreinte du journal de preuve : elle a été modifiée depuis "
            "l'envoi et ne peut pas être produite"
        )
    return content


def _acknowledgement(record: SentRecord, copies: SentCopies | None) -> tuple[bytes, str] | None:
    """The scan of the signed avis de réception attached to a registered letter, if any."""
    if copies is None or record.channel != "registered_letter" or not record.tracking:
        return None
    return copies.acknowledgement_of(record.tracking)


def call_notes(records: Sequence[CallRecord]) -> list[CallNote]:
    notes = []
    for r in records:
        parts = []
        if r.promised is not None:
            by = f" au plus tard le {r.promised_by.strftime('%d/%m/%Y')}" if r.promised_by else ""
            parts.append(f"promesse de payer {eur(r.promised)}{by}")
        if r.reason:
            parts.append(r.reason)
        outcome = _CALL_OUTCOMES.get(r.outcome, r.outcome)
        notes.append(CallNote(r.occurred_on, outcome, " ; ".join(parts), r.actor))
    return notes


_NOT_DOCUMENTS = frozenset({"phone", "internal"})
_CHANNEL_LABELS = {
    "email": "courriel",
    "letter": "lettre simple",
    "registered_letter": "lettre recommandée",
    "sms": "SMS",
}
_CALL_OUTCOMES = {
    "reached": "débiteur joint",
    "no_answer": "pas de réponse",
    "wrong_number": "mauvais numéro",
    "promise": "promesse de paiement",
    "dispute": "contestation",
    "payment_plan": "demande d'échéancier",
}
