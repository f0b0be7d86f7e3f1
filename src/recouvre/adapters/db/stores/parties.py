"""Creditors' profiles and agencies on SQL (``services.parties.creditors.PartyStore``).

Runs inside a unit of work's transaction (``uow.parties``), so that a change and its journal
entry commit together. ``creditors.via_agency`` is kept equal to ``agency_id IS NOT NULL``
whenever a profile is saved (a row may still carry the flag without an agency linked).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db import mappers
from recouvre.adapters.db.tables import agencies, creditors
from recouvre.domain.agencies import Agency, PaymentTo
from recouvre.domain.parties import Creditor
from recouvre.letters.channels import WindowSide
from recouvre.services.parties.creditors import CreditorProfile, LetterSettings


def letter_settings_from_row(row: Any) -> LetterSettings:
    """The letter columns of a ``creditors`` row."""
    return LetterSettings(
        window=WindowSide(row.window_side),
        colour=row.colour,
        signature_path=row.signature_path,
        signatory=row.signatory,
        signatory_title=row.signatory_title,
        template=row.template,
        payment_to=PaymentTo(row.payment_to),
    )


def letter_settings_values(settings: LetterSettings) -> dict[str, Any]:
    return {
        "window_side": settings.window.value,
        "colour": settings.colour,
        "signature_path": settings.signature_path,
        "signatory": settings.signatory,
        "signatory_title": settings.signatory_title,
        "template": settings.template,
        "payment_to": settings.payment_to.value,
    }


def agency_of(connection: sa.Connection, agency_id: int | None) -> Agency | None:
    if agency_id is None:
        return None
    row = connection.execute(sa.select(agencies).where(agencies.c.id == agency_id)).one()
    return mappers.agency_from_row(row)


class SqlPartyStore:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def _profile(self, row: Any) -> CreditorProfile:
        return CreditorProfile(
            creditor=mappers.creditor_from_row(row),
            settings=letter_settings_from_row(row),
            agency=agency_of(self.connection, row.agency_id),
            via_agency=bool(row.via_agency),
        )

    def creditor_profiles(self) -> list[CreditorProfile]:
        rows = self.connection.execute(sa.select(creditors).order_by(creditors.c.name)).all()
        return [self._profile(r) for r in rows]

    def creditor_profile(self, siren: str) -> CreditorProfile | None:
        row = self.connection.execute(
            sa.select(creditors).where(creditors.c.siren == siren)
        ).first()
        return None if row is None else self._profile(row)

    def _values(self, profile: CreditorProfile) -> dict[str, Any]:
        return {
            **mappers.creditor_values(profile.creditor),
            **letter_settings_values(profile.settings),
            **mappers.identity_values(profile.creditor.identity),
            **mappers.claim_settings_values(profile.creditor.claims),
            "missing_rate": profile.creditor.missing_rate.value,  # written by ``creditor set``
            "via_agency": profile.via_agency or profile.creditor.agency_id is not None,
        }

    def add_creditor(self, profile: CreditorProfile) -> CreditorProfile:
        new_id = self.connection.execute(
            creditors.insert().values(**self._values(profile)).returning(creditors.c.id)
        ).scalar_one()
        return replace(profile, creditor=replace(profile.creditor, id=new_id))

    def save_creditor(self, profile: CreditorProfile) -> None:
        assert profile.creditor.id is not None
        self.connection.execute(
            creditors.update()
            .where(creditors.c.id == profile.creditor.id)
            .values(**self._values(profile))
        )

    def agencies(self) -> list[Agency]:
        rows = self.connection.execute(sa.select(agencies).order_by(agencies.c.name)).all()
        return [mappers.agency_from_row(r) for r in rows]

    def agency(self, siren: str) -> Agency | None:
        row = self.connection.execute(sa.select(agencies).where(agencies.c.siren == siren)).first()
        return None if row is None else mappers.agency_from_row(row)

    def add_agency(self, agency: Agency) -> Agency:
        new_id = self.connection.execute(
            agencies.insert().values(**mappers.agency_values(agency)).returning(agencies.c.id)
        ).scalar_one()
        return replace(agency, id=new_id)

    def save_agency(self, agency: Agency) -> None:
        assert agency.id is not None
        self.connection.execute(
            agencies.update()
            .where(agencies.c.id == agency.id)
            .values(**mappers.agency_values(agency))
        )

    def clients_of(self, agency_id: int) -> list[Creditor]:
        rows = self.connection.execute(
            sa.select(creditors)
            .where(creditors.c.agency_id == agency_id)
            .order_by(creditors.c.name)
        ).all()
        return [mappers.creditor_from_row(r) for r in rows]
