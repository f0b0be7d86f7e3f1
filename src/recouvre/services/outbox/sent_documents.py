"""The documents a case sent, as kept: ``recouvre case documents CASE``.

Every sent action of the case with its kept copy: an email's RFC 5322 message exactly as it
was handed to the SMTP server (``courriels/``), a letter's PDF as filed in the day's tray
(``courrier/``), and the SHA-256 the outbox recorded when it was sent (the ``action_sent``
journal entry's ``content_sha256``). Each copy is read back and its digest compared: a copy
altered since it was sent is shown as such, never silently (C. civ. 1366: an electronic writing
is evidence when its integrity is kept). SMS keep their text's digest only (the text is the
document; the provider keeps the message).

The files are found and read by the caller's functions (``locate``, ``digest``): services do
no I/O of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recouvre.domain.parties import Channel
from recouvre.services.judicial.case_file import CaseNotFound
from recouvre.services.outbox.model import CHANNEL_LABELS, ActionStatus, OutboxAction
from recouvre.services.outbox.ports import OutboxUnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class SentDocument:
    action_id: int
    step_id: str
    channel: Channel
    sent_at: str | None
    sha256: str | None  # recorded when sent
    path: Path | None  # the kept copy, when there is one
    intact: bool | None  # the copy's digest equals the recorded one (None: no copy)

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self.channel]

    def as_json(self) -> dict[str, Any]:
        return {
            "action_id": self.action_id,
            "step_id": self.step_id,
            "channel": self.channel.value,
            "sent_at": self.sent_at,
            "sha256": self.sha256,
            "path": str(self.path) if self.path else None,
            "intact": self.intact,
        }


@dataclass(frozen=True, slots=True)
class CaseDocuments:
    case_id: int
    reference: str
    documents: tuple[SentDocument, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.reference,
            "documents": [d.as_json() for d in self.documents],
        }


Locate = Callable[[OutboxAction], Path | None]


def case_documents(
    read: OutboxUnitOfWorkFactory, case_key: str, locate: Locate, digest: Callable[[Path], str]
) -> CaseDocuments:
    """The sent documents of the case ``case_key`` (id or reference), oldest first."""
    with read() as uow:
        case_id = uow.outbox.case_id(case_key)
        if case_id is None:
            raise CaseNotFound(case_key)
        reference = uow.outbox.facts(case_id).reference
        sent = [
            action
            for stored in uow.actions.for_case(case_id)
            if stored.status == ActionStatus.SENT.value
            and (action := uow.outbox.get(stored.id)) is not None
        ]
    documents = []
    for action in sorted(sent, key=lambda a: (a.sent_at or "", a.id)):
        path = locate(action)
        recorded = action.content_sha256
        documents.append(
            SentDocument(
                action.id,
                action.step_id,
                action.channel,
                action.sent_at,
                recorded,
                path,
                None if path is None else digest(path) == recorded,
            )
        )
    return CaseDocuments(case_id, reference, tuple(documents))
