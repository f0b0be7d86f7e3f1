"""The debtors of an imported batch: known ones found by natural key, updated when the file
brings other contact details, new ones inserted with ids allocated up front."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db.stores.bulk import allocate_ids, chunks, insert_rows
from recouvre.adapters.db.tables import debtors
from recouvre.domain.parties import DebtorKind
from recouvre.services.imports.invoices import DebtorRecord, InvoiceRecord

# Columns written, in the order of the tuples built below.
# fmt: off
_DEBTOR_DETAILS = ("name", "siret", "address_lines", "postal_code", "city", "country",
                   "departement", "emails", "phones")
_DEBTOR_COLUMNS = ("id", "key", "kind", "name", "siren", *_DEBTOR_DETAILS[1:])
# fmt: on

# An expanding IN renders its list at execution without compiling the statement again.
_KNOWN_DEBTORS = sa.select(
    debtors.c.id, debtors.c.key, *(debtors.c[n] for n in _DEBTOR_DETAILS)
).where(debtors.c.key.in_(sa.bindparam("keys", expanding=True)))


def _debtor_values(d: DebtorRecord) -> dict[str, Any]:
    return {
        "key": d.key,
        "kind": d.kind.value,
        "name": d.name,
        "siren": d.siren,
        "siret": d.siret,
        "address_lines": d.address_lines,
        "postal_code": d.postal_code,
        "city": d.city,
        "country": d.country,
        "departement": d.departement,
        "emails": d.emails,
        "phones": d.phones,
    }


def upsert_debtors(
    connection: sa.Connection,
    records: Sequence[InvoiceRecord],
    debtor_ids: dict[str, int],
    next_ids: dict[str, int],
) -> None:
    """Give every debtor of ``records`` an id in ``debtor_ids`` (natural key -> id), the
    cache of the whole file."""
    fresh: dict[str, DebtorRecord] = {}
    for record in records:
        key = record.debtor.key
        if key not in debtor_ids and key not in fresh:
            fresh[key] = record.debtor
    if not fresh:
        return
    changed: list[dict[str, Any]] = []
    for chunk in chunks(list(fresh)):
        for row in connection.execute(_KNOWN_DEBTORS, {"keys": chunk}):
            debtor_ids[row.key] = row.id
            wanted = _debtor_values(fresh.pop(row.key))
            update = {
                n: wanted[n]
                for n in _DEBTOR_DETAILS
                if wanted[n] not in (None, "") and wanted[n] != getattr(row, n)
            }
            if update:
                changed.append({"b_id": row.id, **update})
    for values in changed:  # few: contact details rarely change between two imports
        b_id = values.pop("b_id")
        connection.execute(debtors.update().where(debtors.c.id == b_id).values(values))
    if not fresh:
        return
    ids = allocate_ids(connection, debtors, len(fresh), next_ids)
    rows = []
    kinds = {kind: kind.value for kind in DebtorKind}
    for debtor_id, d in zip(ids, fresh.values(), strict=True):
        debtor_ids[d.key] = debtor_id
        rows.append(
            (
                debtor_id,
                d.key,
                kinds[d.kind],
                d.name,
                d.siren,
                d.siret,
                d.address_lines,
                d.postal_code,
                d.city,
                d.country,
                d.departement,
                d.emails,
                d.phones,
            )
        )
    insert_rows(connection, debtors, _DEBTOR_COLUMNS, rows)
