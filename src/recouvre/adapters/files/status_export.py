"""The 212 « Encaissée » statuses as a CSV file a platform imports (and ``recouvre import
statuses`` reads back): « ; » separated, UTF-8 with a BOM (a spreadsheet opens it as such),
comma decimals, dates JJ/MM/AAAA, one header line."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from recouvre.services.einvoicing.export import CashedStatus

HEADER = ("numéro de facture", "SIREN", "code statut", "libellé", "date", "montant encaissé")


def status_csv(statuses: Sequence[CashedStatus]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for s in statuses:
        amount = f"{s.amount:.2f}".replace(".", ",")
        writer.writerow((s.invoice_number, s.siren, s.code, s.label, f"{s.on:%d/%m/%Y}", amount))
    return "\ufeff" + out.getvalue()
