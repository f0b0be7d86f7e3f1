"""The records held to the journal by ``journal verify``: the history copy and the actions.

Every append writes the entry twice, in the same transaction: in ``journal_entries`` (the
evidence, chained) and in ``events`` (its copy, without the chain). The two are compared as
multisets of (case, kind, date, payload, recorded at, actor), with one grouped query over
both: a journal entry without its copy (the copy deleted or altered) and a copy without its
entry (the entry deleted, perhaps at the tail of a stream with its head moved back, before any
anchor sealed it) are both named. ``case show`` reads the case's history from the journal
itself (``queries.cases``), so what a person reads is what this verification proves.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db.tables import actions, events, journal_entries
from recouvre.domain.journal import GLOBAL_STREAM, ChainBreak, case_stream

_COLUMNS = ("case_id", "kind", "occurred_on", "payload", "recorded_at", "actor")


def _same(table: sa.Table, row: Any) -> list[sa.ColumnElement[bool]]:
    """The conditions of a row of ``table`` equal to ``row`` on every compared column."""
    return [table.c[name].is_not_distinct_from(getattr(row, name)) for name in _COLUMNS]


def history_mismatches(connection: sa.Connection) -> Iterator[ChainBreak]:
    """Groups of identical facts whose count differs between the journal and the history."""
    both = sa.union_all(
        sa.select(
            *(events.c[name] for name in _COLUMNS),
            sa.literal(1).label("in_history"),
            sa.literal(0).label("in_journal"),
        ),
        sa.select(
            *(journal_entries.c[name] for name in _COLUMNS),
            sa.literal(0).label("in_history"),
            sa.literal(1).label("in_journal"),
        ),
    ).subquery()
    history, journal = sa.func.sum(both.c.in_history), sa.func.sum(both.c.in_journal)
    groups = (
        sa.select(*(both.c[name] for name in _COLUMNS), history.label("h"), journal.label("j"))
        .group_by(*(both.c[name] for name in _COLUMNS))
        .having(history != journal)
        .order_by(both.c.case_id, both.c.recorded_at)
    )
    for group in connection.execute(groups).all():
        if group.j > group.h:
            yield from _entries_without_copy(connection, group, group.j - group.h)
        else:
            yield from _copies_without_entry(connection, group, group.h - group.j)


def _entries_without_copy(
    connection: sa.Connection, group: Any, count: int
) -> Iterator[ChainBreak]:
    rows = connection.execute(
        sa.select(journal_entries.c.stream, journal_entries.c.seq, journal_entries.c.id)
        .where(*_same(journal_entries, group))
        .order_by(journal_entries.c.stream, journal_entries.c.seq.desc())
        .limit(count)
    )
    for stream, seq, entry_id in rows:
        yield ChainBreak(
            stream,
            seq,
            entry_id,
            f"« {group.kind} » du {group.occurred_on} : sa copie dans l'historique des "
            "dossiers (table events) a été supprimée ou modifiée",
        )


def _copies_without_entry(
    connection: sa.Connection, group: Any, count: int
) -> Iterator[ChainBreak]:
    stream = GLOBAL_STREAM if group.case_id is None else case_stream(group.case_id)
    rows = connection.execute(
        sa.select(events.c.id)
        .where(*_same(events, group))
        .order_by(events.c.id.desc())
        .limit(count)
    )
    for (event_id,) in rows:
        yield ChainBreak(
            stream,
            0,
            None,
            f"l'événement n° {event_id} de l'historique (« {group.kind} » du "
            f"{group.occurred_on}) ne correspond à aucune entrée du journal : entrée supprimée "
            "(tête du flux reculée ?) ou événement modifié",
        )


def action_statuses(connection: sa.Connection, action_ids: Sequence[int]) -> Mapping[int, str]:
    if not action_ids:
        return {}
    rows = connection.execute(
        sa.select(actions.c.id, actions.c.status).where(actions.c.id.in_(list(action_ids)))
    )
    return {action_id: status for action_id, status in rows}
