"""Register the sample's creditors in the database, with what an invoice file cannot carry.

An import creates an unknown creditor from its SIREN alone (its details "to complete later");
the demo registers the two sample creditors first, complete (name, SIRET, VAT number, IBAN/BIC,
address, and ``via_agency`` for the agency's client, which later issues use for the mentions of
CPCE R124-4), so that the import then finds them by SIREN. Written with SQLAlchemy Core:
insert when the SIREN is unknown, update the details when it is known (running the demo twice
with ``--keep`` changes nothing). The agency's client is linked to the sample agency
(``sample.agency``), registered the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db.mappers import agency_values
from recouvre.adapters.db.tables import agencies, creditors
from recouvre.simulation.sample.agency import SAMPLE_AGENCY, SAMPLE_AGENCY_SIGNATORY
from recouvre.simulation.sample.parties import SampleCreditor


def creditor_values(sample: SampleCreditor) -> dict[str, Any]:
    c = sample.creditor
    return {
        "name": c.name,
        "siren": c.siren,
        "siret": c.siret,
        "vat_number": c.vat_number,
        "iban": c.iban,
        "bic": c.bic,
        "address_lines": "\n".join(c.address.lines),
        "postal_code": c.address.postal_code,
        "city": c.address.city,
        "country": c.address.country,
        "email": c.email,
        "phone": c.phone,
        "logo_path": c.logo_path,
        "via_agency": sample.via_agency,
    }


def register_agency(conn: sa.Connection) -> int:
    """Insert or update the sample agency (by SIREN); returns its id."""
    values = agency_values(SAMPLE_AGENCY)
    known = conn.execute(
        sa.select(agencies.c.id).where(agencies.c.siren == SAMPLE_AGENCY.siren)
    ).scalar_one_or_none()
    if known is None:
        return int(
            conn.execute(sa.insert(agencies).values(**values).returning(agencies.c.id)).scalar_one()
        )
    conn.execute(sa.update(agencies).where(agencies.c.id == known).values(**values))
    return int(known)


def register_creditors(engine: sa.Engine, samples: Sequence[SampleCreditor]) -> dict[str, int]:
    """Insert or update each creditor (by SIREN), in one transaction; returns SIREN -> id.
    The agency's client is linked to the sample agency, which signs its letters (CPCE R124-4)."""
    ids: dict[str, int] = {}
    with engine.begin() as conn:
        agency_id = register_agency(conn) if any(s.via_agency for s in samples) else None
        for sample in samples:
            values = creditor_values(sample)
            if sample.via_agency:
                values |= {
                    "agency_id": agency_id,
                    "signatory": SAMPLE_AGENCY_SIGNATORY[0],
                    "signatory_title": SAMPLE_AGENCY_SIGNATORY[1],
                }
            known = conn.execute(
                sa.select(creditors.c.id).where(creditors.c.siren == sample.creditor.siren)
            ).scalar_one_or_none()
            if known is None:
                known = conn.execute(
                    sa.insert(creditors).values(**values).returning(creditors.c.id)
                ).scalar_one()
            else:
                conn.execute(sa.update(creditors).where(creditors.c.id == known).values(**values))
            ids[sample.creditor.siren] = int(known)
    return ids


def creditors_present(engine: sa.Engine) -> int:
    """How many creditors the database holds."""
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(creditors)).scalar_one())


def foreign_creditors(engine: sa.Engine, samples: Sequence[SampleCreditor]) -> list[str]:
    """Creditors in the database that are not the sample's (a sign of real data)."""
    sample_sirens = {s.creditor.siren for s in samples}
    with engine.connect() as conn:
        rows = conn.execute(sa.select(creditors.c.siren, creditors.c.name)).all()
    return [f"{name} ({siren})" for siren, name in rows if siren not in sample_sirens]
