"""Write the sample portfolio as the CSV files a French user would import.

One invoices file per creditor (``recouvre import invoices FILE --creditor SIREN`` takes one
creditor per file), semicolon-separated as French spreadsheets export, UTF-8, dates as
``15/03/2024`` and amounts as ``1 234,56``; the headers are the import's French column names
(``FIELD_LABELS``), so the files are what ``recouvre import invoices`` documents. A
``creanciers.csv`` lists the two creditors with what an invoice file cannot carry (name, VAT
number, IBAN, whether an agency collects for them).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from recouvre.domain.parties import DebtorKind
from recouvre.services.imports.rows import FIELD_LABELS, Field
from recouvre.simulation.sample.generator import SampleInvoice, SamplePortfolio
from recouvre.simulation.sample.parties import SampleCreditor

INVOICE_FIELDS: tuple[Field, ...] = (
    Field.CREDITOR,
    Field.INVOICE_NUMBER,
    Field.ISSUE_DATE,
    Field.DUE_DATE,
    Field.AMOUNT,
    Field.PAID,
    Field.COMPLETED_ON,
    Field.KIND,
    Field.NAME,
    Field.SIREN,
    Field.SIRET,
    Field.EMAIL,
    Field.PHONE,
    Field.ADDRESS,
    Field.ADDRESS_2,
    Field.POSTAL_CODE,
    Field.CITY,
    Field.COUNTRY,
)
# Not an import column (the importer ignores it): the story behind the invoice, for the reader.
DISPUTED_HEADER = "litige"

CREDITOR_HEADERS: tuple[str, ...] = (
    "SIREN",
    "SIRET",
    "raison sociale",
    "TVA intracommunautaire",
    "IBAN",
    "BIC",
    "adresse",
    "complément d'adresse",
    "code postal",
    "ville",
    "email",
    "téléphone",
    "via une agence",
)

_KIND_WORDS = {DebtorKind.COMPANY: "entreprise", DebtorKind.CONSUMER: "particulier"}


@dataclass(frozen=True, slots=True)
class WrittenFiles:
    creditors: Path
    invoices: tuple[tuple[str, Path], ...]  # (creditor SIREN, file)


def french_date(value: date | None) -> str:
    return "" if value is None else f"{value:%d/%m/%Y}"


def french_amount(value: Decimal) -> str:
    """``Decimal('1234.5')`` -> ``'1 234,50'`` (space for thousands, comma for decimals)."""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",")


def invoice_row(item: SampleInvoice) -> list[str]:
    debtor, invoice = item.debtor, item.invoice
    lines = debtor.address.lines
    cells: dict[Field, str] = {
        Field.CREDITOR: item.creditor_siren,
        Field.INVOICE_NUMBER: invoice.number,
        Field.ISSUE_DATE: french_date(invoice.issue_date),
        Field.DUE_DATE: french_date(invoice.due_date),
        Field.AMOUNT: french_amount(invoice.amount),
        Field.PAID: french_amount(invoice.paid),
        Field.COMPLETED_ON: french_date(invoice.completed_on),
        Field.KIND: _KIND_WORDS[debtor.kind],
        Field.NAME: debtor.name,
        Field.SIREN: debtor.siren or "",
        Field.SIRET: debtor.siret or "",
        Field.EMAIL: ", ".join(debtor.emails),
        Field.PHONE: ", ".join(debtor.phones),
        Field.ADDRESS: lines[0] if lines else "",
        Field.ADDRESS_2: ", ".join(lines[1:]),
        Field.POSTAL_CODE: debtor.address.postal_code,
        Field.CITY: debtor.address.city,
        Field.COUNTRY: debtor.address.country,
    }
    return [cells[f] for f in INVOICE_FIELDS] + ["oui" if item.disputed else "non"]


def write_invoices(path: Path, invoices: Iterable[SampleInvoice]) -> int:
    """Write one invoices CSV; returns the number of rows written."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow([FIELD_LABELS[f] for f in INVOICE_FIELDS] + [DISPUTED_HEADER])
        for item in invoices:
            writer.writerow(invoice_row(item))
            count += 1
    return count


def creditor_row(sample: SampleCreditor) -> list[str]:
    c = sample.creditor
    lines = c.address.lines
    return [
        c.siren,
        c.siret or "",
        c.name,
        c.vat_number or "",
        c.iban or "",
        c.bic or "",
        lines[0] if lines else "",
        ", ".join(lines[1:]),
        c.address.postal_code,
        c.address.city,
        c.email or "",
        c.phone or "",
        "oui" if sample.via_agency else "non",
    ]


def write_creditors(path: Path, creditors: Sequence[SampleCreditor]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(CREDITOR_HEADERS)
        writer.writerows(creditor_row(c) for c in creditors)


def invoices_file_name(sample: SampleCreditor) -> str:
    return f"factures-{sample.invoice_prefix.lower()}-{sample.creditor.siren}.csv"


def write_portfolio(portfolio: SamplePortfolio, out_dir: Path) -> WrittenFiles:
    """Write ``creanciers.csv`` and one ``factures-*.csv`` per creditor into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    creditors_path = out_dir / "creanciers.csv"
    write_creditors(creditors_path, portfolio.creditors)
    written: list[tuple[str, Path]] = []
    for sample in portfolio.creditors:
        path = out_dir / invoices_file_name(sample)
        write_invoices(path, portfolio.invoices_of(sample.creditor.siren))
        written.append((sample.creditor.siren, path))
    return WrittenFiles(creditors_path, tuple(written))
