"""Set-based writing helpers of the bulk stores (imports): chunked ``IN`` lists, plain-tuple
inserts, primary keys allocated up front."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa

IN_CHUNK = 5_000  # values per IN (...) list: below SQLite's and PostgreSQL's parameter limits


def chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(
    connection: sa.Connection, table: sa.Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """One executemany of plain tuples. On SQLite it goes straight to the driver (callers pass
    dates as ISO text, as SQLAlchemy's ``Date`` stores them there): a third of the cost of
    Core's per-row parameter processing, which counts at a million rows. Elsewhere, Core."""
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
        connection.exec_driver_sql(sql, rows)
    else:
        connection.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])


def allocate_ids(
    connection: sa.Connection, table: sa.Table, count: int, next_ids: dict[str, int]
) -> list[int]:
    """``count`` fresh primary keys, so that rows can be inserted with their ids known.
    PostgreSQL: ``nextval`` of the table's sequence; SQLite: after ``max(id)``, under the writer
    lock the unit of work took with ``BEGIN IMMEDIATE`` (``next_ids`` remembers where the
    previous allocation of the transaction stopped)."""
    if count == 0:
        return []
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            sa.text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                "FROM generate_series(1, :count)"
            ),
            {"table": table.name, "count": count},
        )
        return sorted(int(r[0]) for r in rows)
    start = next_ids.get(table.name)
    if start is None:
        top = connection.execute(sa.select(sa.func.max(table.c.id))).scalar()
        start = int(top or 0) + 1
    next_ids[table.name] = start + count
    return list(range(start, start + count))
