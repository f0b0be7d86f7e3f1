"""CLI command ``recouvre import fec FICHIER --creditor SIREN [--delai-paiement JOURS] [--json]``.

Thin: it reads the FEC through the wired importer (``bootstrap.fec_import``) and prints the
report: what the file holds (lines, balanced entries, how they were grouped), the invoices
created, changed or unchanged, open, settled and partly paid, that the due dates were derived
from the payment term, and the customer lines left aside; else every error as
``ligne N, colonne « X » : message`` with a non-zero exit code (nothing written).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from recouvre.entrypoints.cli.imports import (
    EXIT_REFUSED,
    MAX_PRINTED,
    _count,
    _print_paid_kept,
    _print_report,
    import_app,
    paused_gc,
)
from recouvre.entrypoints.cli.options import euros
from recouvre.entrypoints.cli.setup import fail, open_app, print_json

if TYPE_CHECKING:
    from recouvre.services.imports.fec.importer import FecImportReport
    from recouvre.services.imports.fec.receivables import LooseLine

FEC_HELP = (
    "Importe un FEC (fichier des écritures comptables, LPF A47 A-1 : 18 ou 22 colonnes, "
    "tabulation ou « | ») : les comptes clients (411) donnent les débiteurs, les écritures de "
    "vente leurs factures ; les factures lettrées sont soldées et ne sont pas réclamées. Le FEC "
    "ne donne pas d'échéance : elle est calculée (date de pièce + délai de paiement). Débits = "
    "crédits est contrôlé par écriture ; tout ou rien. Détails : docs/fec.md."
)


def _loose(lines: tuple[LooseLine, ...]) -> tuple[str, str]:
    """How many lines and their total, for the heading of a list of loose lines."""
    return _count(len(lines)), euros(sum((x.amount for x in lines), Decimal(0)))


def _print_loose(lines: tuple[LooseLine, ...]) -> None:
    for x in lines[:MAX_PRINTED]:
        reference = f", pièce {x.piece_ref}" if x.piece_ref else ""
        typer.echo(
            f"  ligne {x.line}, compte {x.account} ({x.name}){reference} : {euros(x.amount)}"
        )


def _print_fec_report(report: FecImportReport) -> None:
    ledger, found = report.ledger, report.found
    if not report.ok or found is None:
        _print_report(report.invoices, ())
        return
    typer.echo(
        f"FEC {ledger.name} : {_count(ledger.lines)} ligne(s), {_count(ledger.entries)} "
        f"écriture(s) équilibrée(s) {ledger.grouping.label} ; débits = crédits = "
        f"{euros(ledger.total_debit)}."
    )
    if not found.invoices:
        typer.echo("Aucune facture client : aucune écriture de vente au débit d'un compte 411.")
    else:
        imported = report.invoices
        typer.echo(
            f"Factures client (créancier {imported.creditor_siren}) : "
            f"{_count(len(found.invoices))} ; {_count(imported.created)} créée(s), "
            f"{_count(imported.changed)} modifiée(s), {_count(imported.unchanged)} inchangée(s) ; "
            f"{_count(imported.cases_opened)} dossier(s) ouvert(s)."
        )
        typer.echo(
            f"  {_count(found.open)} ouverte(s) (dont {_count(found.partly_paid)} partiellement "
            f"payée(s)), {_count(found.settled)} soldée(s) par lettrage et non réclamée(s)."
        )
        _print_paid_kept(imported)
        for change in imported.amount_changes[:MAX_PRINTED]:
            typer.echo(
                f"  ligne {change.line}, facture {change.number} : montant "
                f"{euros(change.old_amount)} → {euros(change.new_amount)}"
            )
        typer.echo(
            "Échéances calculées : le FEC n'en donne pas ; date de la pièce + "
            f"{found.payment_term_days} jours (à défaut de délai convenu, 30 jours : C. com. "
            "L441-10 I ; --delai-paiement pour le délai du créancier)."
        )
    if found.unallocated_credits:
        count, total = _loose(found.unallocated_credits)
        typer.echo(f"Crédits clients non rattachés à une facture, non imputés ({count}, {total}) :")
        _print_loose(found.unallocated_credits)
    if found.other_debits:
        count, total = _loose(found.other_debits)
        typer.echo(
            f"Débits clients hors ventes (à-nouveaux, remboursements…), non importés ({count}, "
            f"{total}) :"
        )
        _print_loose(found.other_debits)


def fec(
    file: Annotated[
        Path,
        typer.Argument(help="Fichier FEC (.txt, .csv, .tsv).", metavar="FICHIER"),
    ],
    creditor: Annotated[
        str,
        typer.Option(
            "--creditor",
            metavar="SIREN",
            help="SIREN du créancier dont le FEC est la comptabilité ; créé s'il est inconnu.",
        ),
    ],
    payment_term: Annotated[
        int,
        typer.Option(
            "--delai-paiement",
            metavar="JOURS",
            help=(
                "Délai de paiement du créancier, en jours après la date de la pièce : donne "
                "l'échéance des factures (défaut : 30, C. com. L441-10 I)."
            ),
        ),
    ] = 30,
    as_json: Annotated[
        bool, typer.Option("--json", help="Sortie JSON stable (compte rendu ou erreurs).")
    ] = False,
) -> None:
    if not file.is_file():
        fail(f"fichier introuvable : {file}")
    from recouvre.bootstrap.fec_import import import_fec_service

    with open_app() as application:
        importer = import_fec_service(application)
        with paused_gc():
            ledger = importer.open(file)
            report = importer.run(ledger, creditor_siren=creditor, payment_term_days=payment_term)
    if as_json:
        print_json(report.as_json())
    else:
        _print_fec_report(report)
    if not report.ok:
        raise typer.Exit(EXIT_REFUSED)


def register(app: typer.Typer) -> None:
    """Add ``import fec`` to the ``import`` group (``imports.import_app``)."""
    del app
    import_app.command("fec", help=FEC_HELP)(fec)
