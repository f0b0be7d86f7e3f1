"""Events of the imports: one batch of invoices read from a file.

Journaled on the global stream: which file (by its SHA-256) was imported for which creditor,
and what it changed, so that every invoice a case rests on can be traced to its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from recouvre.domain.events.base import Event, JournalKind


@dataclass(frozen=True, slots=True)
class InvoicesImported(Event):
    """An import batch, journaled on the global stream: which file (by digest) and its counts."""

    kind: ClassVar[JournalKind] = JournalKind.INVOICES_IMPORTED
    creditor_id: int
    file_name: str
    file_sha256: str
    rows: int
    created: int
    changed: int
    unchanged: int
    cases_opened: int
