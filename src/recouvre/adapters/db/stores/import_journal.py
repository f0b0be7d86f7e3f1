"""The journal entries of the cases an import opens, written in bulk.

Each new case starts its own stream at seq 1 from ``GENESIS``, so no head needs reading or
locking, and each entry is serialised once (``JournalWriter`` would build, check and lock per
entry: too slow for hundreds of thousands of new cases). The digests are those
``domain.journal.chain`` computes, over the one canonical text (``domain.journal.canonical_entry``);
the first of each call is checked against the chain all the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db.stores.bulk import insert_rows
from recouvre.adapters.db.tables import events, journal_entries, journal_streams
from recouvre.domain.events.cases import CaseOpened
from recouvre.domain.journal import (
    GENESIS,
    canonical_entry,
    canonical_json,
    canonical_json_of,
    case_stream,
    chain,
    entry_for_event,
    format_timestamp,
)

# fmt: off
_EVENT_COLUMNS = ("case_id", "kind", "occurred_on", "payload", "recorded_at", "actor")
_ENTRY_COLUMNS = ("stream", "seq", "case_id", "kind", "occurred_on", "recorded_at", "actor",
                  "payload", "document_sha256", "prev_digest", "digest")
# fmt: on


def journal_new_cases(
    connection: sa.Connection, opened: Sequence[CaseOpened], actor: str, recorded_at: datetime
) -> None:
    """The ``case_opened`` entries of cases this import created: each starts its own stream
    at seq 1 from ``GENESIS``, so no head needs reading or locking, and each entry is
    serialised once (``JournalWriter`` would build, check and lock per entry: too slow for
    hundreds of thousands of new cases). The digests are those ``domain.journal.chain``
    computes; the first of each call is checked against it, so the two cannot drift apart.
    """
    sqlite = connection.dialect.name == "sqlite"
    stamp = format_timestamp(recorded_at)
    genesis = GENESIS.encode("ascii")
    kind = CaseOpened.kind.value
    event_rows: list[tuple[Any, ...]] = []
    entry_rows: list[tuple[Any, ...]] = []
    head_rows: list[tuple[Any, ...]] = []
    for event in opened:
        case_id = event.case_id
        assert case_id is not None
        stream = case_stream(case_id)
        day = event.on.isoformat()
        payload_json = canonical_json_of(
            {"creditor_id": event.creditor_id, "debtor_id": event.debtor_id}
        )
        canonical = canonical_entry(actor, case_id, None, kind, day, payload_json, stamp, 1, stream)
        digest = hashlib.sha256(genesis + canonical.encode("utf-8")).hexdigest()
        stored_day = day if sqlite else event.on
        event_rows.append((case_id, kind, stored_day, payload_json, stamp, actor))
        entry_rows.append(
            (stream, 1, case_id, kind, stored_day, stamp, actor, payload_json, None,
             GENESIS, digest)
        )  # fmt: skip
        head_rows.append((stream, 1, digest))
    first = opened[0]
    reference = chain([entry_for_event(first, first.case_id, actor, recorded_at)], {})[0]
    if (
        reference.digest != entry_rows[0][-1]
        or canonical_json(dict(reference.entry.payload)) != event_rows[0][3]
    ):
        raise AssertionError("journal: the import's fast path diverges from domain.journal")
    insert_rows(connection, events, _EVENT_COLUMNS, event_rows)
    insert_rows(connection, journal_entries, _ENTRY_COLUMNS, entry_rows)
    insert_rows(connection, journal_streams, ("stream", "seq", "digest"), head_rows)
