"""Each creditor's legal identity for court papers (``domain.legal_identity``), on the unit
of work's connection (``uow.legal_identities``)."""

from __future__ import annotations

import sqlalchemy as sa

from recouvre.adapters.db.tables import creditor_legal_identities
from recouvre.domain.legal_identity import LegalIdentity
from recouvre.domain.money import from_cents, to_cents

T = creditor_legal_identities


class SqlLegalIdentityStore:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def get(self, creditor_id: int) -> LegalIdentity | None:
        row = self.connection.execute(
            sa.select(T).where(T.c.creditor_id == creditor_id)
        ).first()
        if row is None:
            return None
        capital = row.share_capital_cents
        return LegalIdentity(
            row.legal_form,
            row.rcs_city,
            None if capital is None else from_cents(capital),
            row.representative,
        )

    def set(self, creditor_id: int, identity: LegalIdentity, now: str) -> None:
        self.connection.execute(sa.delete(T).where(T.c.creditor_id == creditor_id))
        capital = identity.share_capital
        self.connection.execute(
            sa.insert(T).values(
                creditor_id=creditor_id,
                legal_form=identity.legal_form,
                rcs_city=identity.rcs_city,
                share_capital_cents=None if capital is None else to_cents(capital),
                representative=identity.representative,
                updated_at=now,
            )
        )
