"""Register the sample's creditors, complete, with what an invoice file cannot carry.

An import creates an unknown creditor from its SIREN alone (its details "to complete later");
the demonstration registers the two sample creditors first, complete (name, SIRET, VAT number,
IBAN/BIC, address, the From their emails go out under), so that the import then finds them by
SIREN. The agency's client is linked
to the sample agency, whose named person signs its letters (CPCE R124-4). Everything goes through
``services.parties``: validated and journaled like a change a person types; running the
demonstration twice with ``--keep`` changes nothing (an unchanged party is not journaled).
"""

from __future__ import annotations

from collections.abc import Sequence

from recouvre.domain.agencies import Agency
from recouvre.services.parties.creditors import Parties
from recouvre.services.parties.party_changes import AgencyChanges, CreditorChanges
from recouvre.simulation.sample.agency import SAMPLE_AGENCY
from recouvre.simulation.sample.parties import SampleCreditor


def agency_changes(agency: Agency) -> AgencyChanges:
    a = agency.address
    return AgencyChanges(
        name=agency.name,
        siret=agency.siret,
        iban=agency.iban,
        bic=agency.bic,
        address_lines=a.lines,
        postal_code=a.postal_code,
        city=a.city,
        country=a.country,
        email=agency.email,
        phone=agency.phone,
        activity=agency.activity,
        liability_insurance=agency.liability_insurance,
        funds_account=agency.funds_account,
        prosecutor_declaration=agency.prosecutor_declaration,
        logo_path=agency.logo_path,
        signatory=agency.signatory,
        signatory_title=agency.signatory_title,
        mail_from=f"{agency.name} <{agency.email}>" if agency.email else None,
    )


def creditor_changes(sample: SampleCreditor) -> CreditorChanges:
    c = sample.creditor
    return CreditorChanges(
        name=c.name,
        siret=c.siret,
        vat_number=c.vat_number,
        iban=c.iban,
        bic=c.bic,
        address_lines=c.address.lines,
        postal_code=c.address.postal_code,
        city=c.address.city,
        country=c.address.country,
        email=c.email,
        phone=c.phone,
        logo_path=c.logo_path,
        agency=SAMPLE_AGENCY.siren if sample.via_agency else None,
        mail_from=f"{c.name} <{c.email}>" if c.email else None,
    )


def register_sample_creditors(
    parties: Parties, samples: Sequence[SampleCreditor]
) -> dict[str, int]:
    """Register or bring up to date each sample creditor (by SIREN), and the sample agency
    first when one of them is its client; returns SIREN -> creditor id."""
    if any(s.via_agency for s in samples):
        parties.register_agency(SAMPLE_AGENCY.siren, agency_changes(SAMPLE_AGENCY))
    ids: dict[str, int] = {}
    for sample in samples:
        profile = parties.set_creditor(sample.creditor.siren, creditor_changes(sample))
        assert profile.creditor.id is not None
        ids[sample.creditor.siren] = profile.creditor.id
    return ids
