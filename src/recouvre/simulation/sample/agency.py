"""The sample's collection agency: it writes for the sample's second creditor (CPCE L124-1).

Fictitious but valid identifiers (the SIREN's Luhn key and the IBAN's mod-97 key are the ones
python-stdnum accepts, checked by the sample tests), so that ``recouvre demo`` letters for that
creditor carry the five CPCE R124-4 mentions with real-looking data. The R124-2 lines are
sample text: a user keeps their own agency's insurance, account and declaration up to date
with ``recouvre agency set``.
"""

from __future__ import annotations

from recouvre.domain.agencies import DEFAULT_ACTIVITY, Agency
from recouvre.domain.parties import Address

SAMPLE_AGENCY = Agency(
    id=None,
    name="Cabinet Aubert Recouvrement SARL",
    siren="901203455",
    siret="90120345500018",
    address=Address(lines=("8 place Bellecour",), postal_code="69002", city="Lyon"),
    email="contact@aubert-recouvrement.fr",
    phone="04 78 00 00 00",
    iban="FR0810278073000002049810152",
    bic="CMCIFR2A",
    activity=DEFAULT_ACTIVITY,
    liability_insurance=(
        "Responsabilité civile professionnelle : Mutuelle d'Assurances Exemple, police RC-2026-0042"
    ),
    funds_account=(
        "Fonds reçus pour le compte des créanciers : compte exclusivement affecté ouvert au "
        "Crédit Mutuel (CPCE R124-2)"
    ),
    prosecutor_declaration=(
        "Déclaration au procureur de la République près le tribunal judiciaire de Lyon du "
        "2 janvier 2026"
    ),
    # Who signs the agency's documents: a named person of the agency, with her role.
    signatory="Claire Martin",
    signatory_title="Chargée de recouvrement",
)
