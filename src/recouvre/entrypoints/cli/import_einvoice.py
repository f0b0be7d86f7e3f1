"""CLI command ``recouvre import einvoice FILE... [--creditor SIREN] [--term DAYS] [--json]``.

Thin: each file goes through the wired importer (``bootstrap.einvoices.einvoice_import``), in
its own transaction; the report says, file by file, what was created, updated or credited, the
notices (a due date assumed, a credit note kept for an invoice not known yet) and, for a refused
file, every error with its XML element's line. A refused file does not stop the others; the exit
code is 1 when one of them was refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from recouvre.entrypoints.cli.imports import EXIT_REFUSED, import_app
from recouvre.entrypoints.cli.options import euros
from recouvre.entrypoints.cli.setup import fail, open_app, print_json

if TYPE_CHECKING:
    from recouvre.services.imports.einvoice_documents import EInvoiceReport

HELP = (
    "Importe des factures électroniques : PDF Factur-X (ou ZUGFeRD 2), XML CII ou UBL 2.1 "
    "(EN 16931). Chaque facture est créée ou mise à jour (numéro, dates, échéance, montant à "
    "payer après acomptes, acheteur et son SIREN, référence de paiement) ; un avoir (381) réduit "
    "le reste dû de la facture qu'il cite. Chaque fichier tout ou rien, dans sa propre "
    "transaction : un fichier refusé n'arrête pas les autres. Détails : docs/einvoices.md."
)


def _print(report: EInvoiceReport) -> None:
    from recouvre.services.imports.einvoice_documents import DocumentKind, describe

    if not report.ok:
        typer.echo(f"{report.file_name} : refusé, rien n'a été enregistré.", err=True)
        for issue in report.issues:
            typer.echo(f"  {describe(issue)}", err=True)
        for notice in report.notices:
            typer.echo(f"  remarque : {notice}", err=True)
        return
    if report.kind is DocumentKind.CREDIT_NOTE:
        what = f"avoir {report.number}"
        credit = report.credit
        if credit is not None:
            case = f" (dossier {credit.case_id})" if credit.case_id is not None else ""
            what += (f" : facture {credit.number} {euros(credit.old_amount)} → "
                     f"{euros(credit.new_amount)}{case}")  # fmt: skip
    else:
        invoices = report.invoices
        done = "inchangée"
        if invoices is not None and (invoices.created or invoices.changed):
            done = "créée" if invoices.created else "mise à jour"
        what = f"facture {report.number} {done}"
        if invoices is not None and invoices.cases_opened:
            what += ", dossier ouvert"
    typer.echo(f"{report.file_name} (créancier {report.creditor_siren}) : {what}.")
    for notice in report.notices:
        typer.echo(f"  attention : {notice}")


def einvoice(
    files: Annotated[
        list[Path],
        typer.Argument(help="Factures électroniques (.pdf Factur-X, .xml CII ou UBL).",
                       metavar="FICHIER..."),
    ],
    creditor: Annotated[
        str | None,
        typer.Option("--creditor", metavar="SIREN",
                     help="SIREN du créancier, quand la facture ne donne pas celui du vendeur "
                          "(sinon, il doit être le même)."),
    ] = None,
    term: Annotated[
        int,
        typer.Option("--term", metavar="JOURS", min=0, max=365,
                     help="Délai de paiement du créancier, en jours, pour une facture sans "
                          "échéance (BT-9) : compté depuis la livraison, sinon la date de "
                          "facture (30 jours par défaut, C. com. L441-10)."),
    ] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:  # fmt: skip
    for file in files:
        if not file.is_file():
            fail(f"fichier introuvable : {file}")
    from recouvre.bootstrap.einvoices import einvoice_import

    with open_app() as application:
        reports = einvoice_import(application).run(files, creditor_siren=creditor, term_days=term)
    if as_json:
        print_json({"files": [r.as_json() for r in reports], "ok": all(r.ok for r in reports)})
    else:
        for report in reports:
            _print(report)
        refused = sum(not r.ok for r in reports)
        if len(reports) > 1:
            typer.echo(f"{len(reports) - refused} fichier(s) importé(s), {refused} refusé(s).")
    if any(not r.ok for r in reports):
        raise typer.Exit(EXIT_REFUSED)


def register(app: typer.Typer) -> None:
    """Add ``import einvoice`` to the ``import`` group (``imports.import_app``)."""
    import_app.command("einvoice", help=HELP)(einvoice)
