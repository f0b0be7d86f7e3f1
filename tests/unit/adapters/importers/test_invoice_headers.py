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


def test_every_field_has_a_french_and_an_english_alias() -> None:
    for field in Field:
        assert field in ALIASES, field
        assert any("_" in a or a.isascii() for a in ALIASES[field]), field


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
