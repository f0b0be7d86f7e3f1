"""Headers of invoice files: French and English aliases, compared without case, accents,
punctuation or extra spaces; missing and doubled columns reported on the header line."""

from __future__ import annotations

import pytest

from recouvre.adapters.importers.headers import ALIASES, map_header, normalise_header
from recouvre.services.imports.invoices import REQUIRED_FIELDS, Field


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("N° de Facture ", "n de facture"),
        ("Numéro  de   facture", "numero de facture"),
        ("invoice_number", "invoice number"),
        ("DATE D'ÉCHÉANCE", "date d echeance"),
        ("Date d’échéance", "date d echeance"),
        ("Montant TTC (€)", "montant ttc"),
    ],
)
def test_headers_are_compared_without_case_accents_or_punctuation(
    written: str, normalised: str
) -> None:
    assert normalise_header(written) == normalised


def test_no_alias_names_two_fields() -> None:
    seen: dict[str, Field] = {}
    for field, aliases in ALIASES.items():
        for alias in aliases:
            key = normalise_header(alias)
            assert seen.setdefault(key, field) == field, f"{alias!r} names {seen[key]} and {field}"


# One French and one English header per field, as docs/import-format.md lists them.
EXPECTED_ALIASES: dict[Field, tuple[str, str]] = {
    Field.INVOICE_NUMBER: ("numéro de facture", "invoice_number"),
    Field.ISSUE_DATE: ("date de facture", "issue_date"),
    Field.DUE_DATE: ("date d'échéance", "due_date"),
    Field.AMOUNT: ("montant TTC", "amount"),
    Field.PAID: ("déjà payé", "paid"),
    Field.CURRENCY: ("devise", "currency"),
    Field.CONTRACTUAL_RATE: ("taux contractuel", "contractual_rate"),
    Field.COMPLETED_ON: ("date d'achèvement", "completed_on"),
    Field.KIND: ("type de débiteur", "debtor_type"),
    Field.NAME: ("raison sociale", "debtor_name"),
    Field.SIREN: ("SIREN débiteur", "debtor_siren"),
    Field.SIRET: ("SIRET débiteur", "debtor_siret"),
    Field.EMAIL: ("courriel", "email"),
    Field.PHONE: ("téléphone", "phone_number"),
    Field.ADDRESS: ("adresse postale", "address_line_1"),
    Field.ADDRESS_2: ("complément d'adresse", "address_line_2"),
    Field.POSTAL_CODE: ("code postal", "postal_code"),
    Field.CITY: ("ville", "city"),
    Field.COUNTRY: ("pays", "country_code"),
    Field.CREDITOR: ("SIREN créancier", "creditor_siren"),
}


def test_the_expected_aliases_name_every_field() -> None:
    assert set(EXPECTED_ALIASES) == set(Field)


@pytest.mark.parametrize("field", list(Field))
def test_every_field_has_its_french_and_its_english_alias(field: Field) -> None:
    french, english = EXPECTED_ALIASES[field]
    assert french in ALIASES[field] and english in ALIASES[field]
    for alias in (french, english):
        mapped, _ = map_header([alias])
        assert mapped.positions.get(field) == 0, alias


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("n° facture", Field.INVOICE_NUMBER),
        ("Numéro de facture", Field.INVOICE_NUMBER),
        ("invoice_number", Field.INVOICE_NUMBER),
        ("Date d'émission", Field.ISSUE_DATE),
        ("issue_date", Field.ISSUE_DATE),
        ("Échéance", Field.DUE_DATE),
        ("due_date", Field.DUE_DATE),
        ("Montant TTC", Field.AMOUNT),
        ("amount", Field.AMOUNT),
        ("Déjà payé", Field.PAID),
        ("Raison sociale", Field.NAME),
        ("Nom", Field.NAME),
        ("SIREN", Field.SIREN),
        ("siret", Field.SIRET),
        ("Téléphone", Field.PHONE),
        ("Code postal", Field.POSTAL_CODE),
        ("Ville", Field.CITY),
        ("Pays", Field.COUNTRY),
        ("Type", Field.KIND),
        ("Taux contractuel", Field.CONTRACTUAL_RATE),
        ("Date d'achèvement", Field.COMPLETED_ON),
        ("SIREN créancier", Field.CREDITOR),
    ],
)
def test_documented_aliases_are_recognised(header: str, field: Field) -> None:
    mapped, _ = map_header(
        [header, "numéro de facture", "date facture", "échéance", "montant", "nom"]
    )
    assert mapped.columns[field] == header
    assert mapped.positions[field] == 0


def test_a_missing_required_column_is_named_on_the_header_line() -> None:
    mapped, issues = map_header(["N° facture", "Date de facture", "Montant TTC", "Nom"], line=1)
    assert [(i.line, i.column) for i in issues] == [(1, "date d'échéance")]
    assert "colonne obligatoire absente" in issues[0].message
    assert Field.DUE_DATE in REQUIRED_FIELDS and Field.DUE_DATE not in mapped.positions


def test_a_column_given_twice_is_an_error_and_unknown_columns_are_ignored() -> None:
    mapped, issues = map_header(
        ["Facture", "Date", "Échéance", "Montant", "Montant TTC", "Nom", "Commercial"]
    )
    assert [(i.line, i.column) for i in issues] == [(1, "Montant TTC")]
    assert "colonne en double" in issues[0].message
    assert mapped.ignored == ("Commercial",)
