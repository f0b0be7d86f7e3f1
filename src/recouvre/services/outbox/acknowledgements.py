"""The scan of a registered letter's signed avis de réception, attached to the letter.

Why: the formal notice proves itself by its receipt (C. civ. 1344: the mise en demeure is a
sommation « ou tout acte portant interpellation suffisante »; a letter whose receipt is in
doubt proves little). The post's tracking gives the date; the signed card is the piece a
judge reads. ``recouvre tracking proof NUMBER FILE.pdf`` keeps the scan in the data folder,
under its digest, and journals it (``acknowledgement_attached``, the document digest being
the scan's); the judicial bundle then produces it after the letter it acknowledges.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import Protocol

from recouvre.domain.events.delivery import AcknowledgementAttached
from recouvre.services.errors import ServiceError
from recouvre.services.outbox.registered_mail import (
    RegisteredItem,
    RegisteredMailUnitOfWork,
    normalise_tracking_number,
)

MAX_SCAN_BYTES = 20 * 1024 * 1024


class AcknowledgementRefused(ServiceError):
    """The scan cannot be attached (unknown letter, not a PDF, too large)."""


class ProofFiles(Protocol):
    def store_acknowledgement(self, tracking_number: str, sha256: str, content: bytes) -> str:
        """Keep the scan (idempotent for the same content); returns the name it is kept as."""
        ...


def attach_acknowledgement(
    uow: Callable[[], RegisteredMailUnitOfWork],
    files: ProofFiles,
    raw_number: str,
    content: bytes,
    file_name: str,
    on: date,
) -> tuple[RegisteredItem, str]:
    """Attach ``content`` (a PDF) as the signed acknowledgement of the letter posted under
    ``raw_number``; returns the letter and the scan's SHA-256."""
    if len(content) > MAX_SCAN_BYTES:
        raise AcknowledgementRefused(f"{file_name} : plus de 20 Mio, refusé")
    if not content.startswith(b"%PDF-"):
        raise AcknowledgementRefused(
            f"{file_name} : ce n'est pas un PDF (numérisez l'avis de réception en PDF)"
        )
    number = normalise_tracking_number(raw_number)
    digest = hashlib.sha256(content).hexdigest()
    with uow() as work:
        item = work.registered_mail.by_numbers([number]).get(number)
        if item is None:
            raise AcknowledgementRefused(
                f"aucune lettre recommandée postée sous le numéro « {raw_number} »"
            )
        files.store_acknowledgement(number, digest, content)
        event = AcknowledgementAttached(item.case_id, on, item.action_id, number, file_name, digest)
        work.journal.record(event, document_sha256=digest)
        work.commit()
    return item, digest
