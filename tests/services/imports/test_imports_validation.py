"""The validate stage of the invoice import: every rule broken is reported as
``ligne N, colonne « X » : message``, with the column as the file writes it, and nothing raises.
Pure: no database (the apply stage is tested in tests/integration/test_import_invoices.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from recouvre.adapters.importers import open_invoice_file
from recouvre.domain.parties import DebtorKind
from recouvre.services.imports.invoices import ImportIssue, InvoiceRecord, RowValidator

HEADER = (
    "N° facture;Date de facture;Échéance;Montant TTC;Déjà payé;Raison sociale;SIREN;SIRET;Email"
)
GOOD = "F1;15/03/2024;14/04/2024;1 234,56;;Épicerie Martin;552100554;;compta@martin.example.fr"


def validate(
    tmp_path: Path, *lines: str, header: str = HEADER, creditor: str | None = "732829320"
) -> tuple[list[InvoiceRecord], list[ImportIssue]]:
    path = tmp_path / "factures.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    source = open_invoice_file(path)
    issues = list(source.issues)
    validator = RowValidator(source.columns, creditor)
    records = []
    for row in source.rows():
        record = validator.check(row, issues)
        if record is not None:
            records.append(record)
    return records, issues


def messages(issues: list[ImportIssue]) -> list[str]:
    return [str(i) for i in issues]


def test_a_good_row_becomes_a_record_in_cents(tmp_path: Path) -> None:
    records, issues = validate(tmp_path, GOOD)
    assert issues == []
    (record,) = records
    assert record.line == 2
    assert (record.amount_cents, record.paid_cents) == (123456, 0)
    assert record.debtor.kind is DebtorKind.COMPANY
    assert record.debtor.key == "siren:552100554"
    assert record.debtor.emails == "compta@martin.example.fr"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "F1;31/02/2024;14/04/2024;10;;A;552100554;;",
            "ligne 2, colonne « Date de facture » : date impossible « 31/02/2024 »",
        ),
        (
            "F1;15/03/2024;demain;10;;A;552100554;;",
            "ligne 2, colonne « Échéance » : date illisible « demain » : "
            "JJ/MM/AAAA ou AAAA-MM-JJ attendu",
        ),
        (
            "F1;15/03/2024;14/04/2024;dix euros;;A;552100554;;",
            "ligne 2, colonne « Montant TTC » : montant illisible : « dix euros »",
        ),
        (
            "F1;15/03/2024;14/04/2024;0,00;;A;552100554;;",
            "ligne 2, colonne « Montant TTC » : montant nul ou négatif : 0,00",
        ),
        (
            "F1;15/03/2024;14/04/2024;-5;;A;552100554;;",
            "ligne 2, colonne « Montant TTC » : montant nul ou négatif : -5,00",
        ),
        (
            "F1;15/03/2024;14/03/2024;10;;A;552100554;;",
            "ligne 2, colonne « Échéance » : échéance 14/03/2024 antérieure à la date de "
            "facture 15/03/2024",
        ),
        (
            "F1;15/03/2024;14/04/2024;10;;A;552100555;;",
            "ligne 2, colonne « SIREN » : SIREN invalide « 552100555 » : "
            "clé de contrôle incorrecte",
        ),
        (
            "F1;15/03/2024;14/04/2024;10;;A;;44306184100048;",
            "ligne 2, colonne « SIRET » : SIRET invalide « 44306184100048 » : "
            "clé de contrôle incorrecte",
        ),
        (
            "F1;15/03/2024;14/04/2024;10;;A;552100554;44306184100047;",
            "ligne 2, colonne « SIRET » : SIRET 44306184100047 n'appartient pas au SIREN 552100554",
        ),
        (
            "F1;15/03/2024;14/04/2024;10;;A;552100554;;compta@@martin",
            "ligne 2, colonne « Email » : adresse e-mail invalide : « compta@@martin »",
        ),
        (
            "F1;15/03/2024;14/04/2024;10;20;A;552100554;;",
            "ligne 2, colonne « Déjà payé » : montant déjà payé (20,00) supérieur au "
            "montant (10,00)",
        ),
        (
            ";15/03/2024;14/04/2024;10;;A;552100554;;",
            "ligne 2, colonne « N° facture » : valeur obligatoire manquante",
        ),
        (
            "F1;15/03/2024;14/04/2024;10;;;552100554;;",
            "ligne 2, colonne « Raison sociale » : valeur obligatoire manquante",
        ),
    ],
)
def test_each_broken_rule_is_reported_with_line_and_column(
    tmp_path: Path, line: str, expected: str
) -> None:
    records, issues = validate(tmp_path, line)
    assert records == []
    assert messages(issues) == [expected]


def test_every_error_of_a_row_and_of_the_file_is_listed(tmp_path: Path) -> None:
    records, issues = validate(
        tmp_path,
        GOOD,
        "F2;32/03/2024;14/04/2024;0;;B;123456789;;pas-un-email",
        GOOD.replace("F1;", "F3;"),
        GOOD,
    )
    assert [r.number for r in records] == ["F1", "F3"]
    assert messages(issues) == [
        "ligne 3, colonne « Date de facture » : date impossible « 32/03/2024 »",
        "ligne 3, colonne « Montant TTC » : montant nul ou négatif : 0,00",
        "ligne 3, colonne « SIREN » : SIREN invalide « 123456789 » : clé de contrôle incorrecte",
        "ligne 3, colonne « Email » : adresse e-mail invalide : « pas-un-email »",
        "ligne 5, colonne « N° facture » : facture « F1 » déjà présente ligne 2",
    ]


def test_the_same_invoice_number_twice_names_the_first_line(tmp_path: Path) -> None:
    _, issues = validate(tmp_path, GOOD, GOOD.replace("F1;", "F2;"), GOOD)
    assert messages(issues) == [
        "ligne 4, colonne « N° facture » : facture « F1 » déjà présente ligne 2"
    ]


def test_missing_required_columns_are_reported_once_on_the_header(tmp_path: Path) -> None:
    records, issues = validate(
        tmp_path, "F1;10;Dupont", header="N° facture;Montant;Nom", creditor="732829320"
    )
    assert records == []
    assert [(i.line, i.column) for i in issues] == [(1, "date de facture"), (1, "date d'échéance")]
    assert all("colonne obligatoire absente" in i.message for i in issues)


@pytest.mark.parametrize(
    ("kind", "siren", "expected_kind", "error"),
    [
        ("", "552100554", DebtorKind.COMPANY, None),
        ("", "", DebtorKind.CONSUMER, None),
        ("Particulier", "", DebtorKind.CONSUMER, None),
        ("entreprise", "552100554", DebtorKind.COMPANY, None),
        ("Société", "552100554", DebtorKind.COMPANY, None),
        ("entreprise", "", None, "SIREN ou SIRET obligatoire pour une entreprise"),
        ("particulier", "552100554", None, "un particulier n'a pas de SIREN"),
        ("association", "", None, "type « association » inconnu"),
    ],
)
def test_the_debtors_kind(
    tmp_path: Path, kind: str, siren: str, expected_kind: DebtorKind | None, error: str | None
) -> None:
    header = "facture;date;échéance;montant;nom;code postal;type;siren"
    line = f"F1;01/03/2024;31/03/2024;50;Jean  Dupont;67000;{kind};{siren}"
    records, issues = validate(tmp_path, line, header=header)
    if error is None:
        assert issues == []
        assert records[0].debtor.kind is expected_kind
        if expected_kind is DebtorKind.CONSUMER:
            assert records[0].debtor.key == "consumer:jean dupont|67000"
            assert records[0].debtor.departement == "67"
    else:
        assert records == []
        assert len(issues) == 1 and error in issues[0].message


def test_the_creditor_column_names_one_creditor_per_file(tmp_path: Path) -> None:
    header = "facture;date;échéance;montant;nom;siren;SIREN créancier"
    a = "F1;01/03/2024;31/03/2024;50;A;552100554;732829320"
    b = "F2;01/03/2024;31/03/2024;50;A;552100554;443061841"
    c = "F3;01/03/2024;31/03/2024;50;A;552100554;"
    records, issues = validate(tmp_path, a, b, c, header=header, creditor=None)
    assert [r.number for r in records] == ["F1"]
    assert messages(issues) == [
        "ligne 3, colonne « SIREN créancier » : créancier 443061841 différent de celui de les "
        "lignes précédentes (732829320) : un fichier ne concerne qu'un créancier",
        "ligne 4, colonne « SIREN créancier » : valeur obligatoire manquante (SIREN)",
    ]


def test_lengths_that_the_database_would_refuse_are_errors(tmp_path: Path) -> None:
    long_number = "F" * 65
    records, issues = validate(tmp_path, GOOD.replace("F1;", f"{long_number};", 1))
    assert records == []
    assert messages(issues) == [
        "ligne 2, colonne « N° facture » : valeur trop longue (65 caractères, 64 au plus)"
    ]


def test_contractual_rate_completion_date_and_several_emails(tmp_path: Path) -> None:
    header = "facture;date;échéance;montant;nom;siren;taux contractuel;date d'achèvement;email"
    line = "F1;01/03/2024;31/03/2024;50;A;552100554;10,5 %;28/02/2024;a@example.fr, b@example.fr"
    records, issues = validate(tmp_path, line, header=header)
    assert issues == []
    (record,) = records
    assert record.contractual_rate == "10.50"
    assert record.completed_on is not None and record.completed_on.isoformat() == "2024-02-28"
    assert record.debtor.emails == "a@example.fr\nb@example.fr"
