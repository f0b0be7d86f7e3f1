"""Column headers of invoice files, matched by documented aliases in French and English.

A header is compared after ``normalise_header``: lower case, accents removed, every character
that is not a letter or a digit turned into a space, spaces collapsed. So ``N° facture``,
``n facture`` and ``N°  Facture`` are the same header, and so are ``invoice_number`` and
``Invoice Number``. The aliases below are listed in docs/import-format.md; keep both in step.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from recouvre.services.imports.invoices import FIELD_LABELS, REQUIRED_FIELDS, Field, ImportIssue

# fmt: off
ALIASES: Mapping[Field, tuple[str, ...]] = {
    Field.INVOICE_NUMBER: (
        "numéro de facture", "numéro facture", "n° facture", "n° de facture", "no facture",
        "num facture", "facture", "référence facture", "invoice_number",
        "invoice no", "invoice",
    ),
    Field.ISSUE_DATE: (
        "date de facture", "date facture", "date d'émission", "date émission",
        "date de facturation", "issue_date", "invoice_date", "date",
    ),
    Field.DUE_DATE: (
        "date d'échéance", "date échéance", "échéance", "date limite de paiement", "due_date",
    ),
    Field.AMOUNT: (
        "montant TTC", "montant", "total TTC", "montant facture", "amount", "amount_incl_tax",
        "total",
    ),
    Field.PAID: (
        "déjà payé", "montant déjà payé", "montant payé", "déjà réglé", "montant réglé", "payé",
        "paid", "amount_paid", "paid_amount",
    ),
    Field.CURRENCY: ("devise", "monnaie", "currency"),
    Field.CONTRACTUAL_RATE: (
        "taux contractuel", "taux de pénalité", "taux des pénalités de retard",
        "contractual_rate", "late_payment_rate",
    ),
    Field.COMPLETED_ON: (
        "date d'achèvement", "date achèvement", "date de livraison", "date de prestation",
        "date d'exécution", "completed_on", "completion_date", "delivery_date",
    ),
    Field.KIND: ("type", "type de débiteur", "type de client", "catégorie", "kind", "debtor_type"),
    Field.NAME: (
        "raison sociale", "nom", "nom du client", "client", "débiteur", "nom du débiteur",
        "name", "debtor", "debtor_name", "customer", "customer_name", "company_name",
    ),
    Field.SIREN: ("SIREN", "SIREN débiteur", "SIREN client", "debtor_siren"),
    Field.SIRET: ("SIRET", "SIRET débiteur", "SIRET client", "debtor_siret"),
    Field.EMAIL: ("email", "e-mail", "courriel", "adresse email", "adresse e-mail", "mail"),
    Field.PHONE: ("téléphone", "tél", "portable", "mobile", "phone", "phone_number"),
    Field.ADDRESS: ("adresse", "adresse postale", "adresse 1", "address", "address_line_1"),
    Field.ADDRESS_2: (
        "complément d'adresse", "adresse 2", "address_2", "address_line_2",
    ),
    Field.POSTAL_CODE: ("code postal", "CP", "postal_code", "zip", "zip_code", "postcode"),
    Field.CITY: ("ville", "commune", "localité", "city", "town"),
    Field.COUNTRY: ("pays", "code pays", "country", "country_code"),
    Field.CREDITOR: (
        "SIREN créancier", "créancier", "SIREN du créancier", "creditor", "creditor_siren",
    ),
}
# fmt: on

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_header(text: str) -> str:
    """``"N° de Facture "`` -> ``"n de facture"``: how headers and aliases are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub(" ", bare).strip()


_BY_ALIAS: Mapping[str, Field] = {
    normalise_header(alias): f for f, aliases in ALIASES.items() for alias in aliases
}


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """Which column index holds which field, the headers as written, the ignored ones."""

    positions: Mapping[Field, int]
    columns: Mapping[Field, str]
    ignored: tuple[str, ...]
    width: int


def map_header(cells: Sequence[str], line: int = 1) -> tuple[HeaderMap, list[ImportIssue]]:
    """Recognise the header row; errors for a column given twice or a required one missing."""
    positions: dict[Field, int] = {}
    columns: dict[Field, str] = {}
    ignored: list[str] = []
    issues: list[ImportIssue] = []
    for index, cell in enumerate(cells):
        written = cell.strip()
        if not written:
            continue
        f = _BY_ALIAS.get(normalise_header(written))
        if f is None:
            ignored.append(written)
        elif f in positions:
            issues.append(
                ImportIssue(
                    line,
                    written,
                    f"colonne en double : « {columns[f]} » donne déjà « {FIELD_LABELS[f]} »",
                )
            )
        else:
            positions[f] = index
            columns[f] = written
    for f in REQUIRED_FIELDS:
        if f not in positions:
            accepted = ", ".join(f"« {a} »" for a in ALIASES[f][:4])
            issues.append(
                ImportIssue(
                    line,
                    FIELD_LABELS[f],
                    f"colonne obligatoire absente (en-têtes acceptés : {accepted}…)",
                )
            )
    return HeaderMap(positions, columns, tuple(ignored), len(cells)), issues
