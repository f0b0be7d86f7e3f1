"""CLI command ``recouvre import statuses FILE [--jours-attente N] [--json]``.

Thin: the file is read through ``bootstrap.einvoicing.read_status_file`` (a CDAR message, a
CSV or JSON export; refused whole with each problem's line), applied by
``bootstrap.einvoicing.status_import`` in one transaction, and what each status did said in
words (docs/einvoicing.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from recouvre.domain.einvoicing import DEFAULT_PAYMENT_SENT_HOLD_DAYS
from recouvre.entrypoints.cli.imports import import_app
from recouvre.entrypoints.cli.setup import open_app, print_json


@import_app.command(
    "statuses",
    help=(
        "Importe les statuts du cycle de vie des factures électroniques (message CDAR, ou "
        "export CSV/JSON d'une plateforme) et les applique : 207 ouvre un litige et gèle le "
        "dossier, 208 suspend, 209 reprend, 206 ne garde que le montant approuvé, 211 retient "
        "les relances, 210 et 213 retirent la facture, 212 la solde. Tout ou rien ; "
        "réimporter le même fichier n'applique rien deux fois."
    ),
)
def statuses(
    file: Annotated[
        Path, typer.Argument(help="Fichier de statuts (XML CDAR, CSV ou JSON).",
                             metavar="FICHIER")
    ],
    hold_days: Annotated[
        int,
        typer.Option("--jours-attente", "--hold-days", min=0,
                     help="Jours de retenue des relances après un statut 211 « Paiement "
                          "transmis » (défaut : 7)."),
    ] = DEFAULT_PAYMENT_SENT_HOLD_DAYS,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:  # fmt: skip
    from recouvre.bootstrap.einvoicing import read_status_file, status_import

    with open_app() as application:
        read = read_status_file(file)
        report = status_import(application, hold_days).run(file.name, read)
    if as_json:
        print_json(report.as_json())
        return
    typer.echo(
        f"Statuts importés : {report.statuses} statut(s) dans {report.file}, dont "
        f"{report.already_known} déjà connu(s)."
    )
    for outcome in report.outcomes:
        typer.echo(
            f"  {outcome.invoice} ({outcome.case or 'sans dossier'}) : {outcome.code} "
            f"« {outcome.label} » — {outcome.effect}"
        )


def register(app: typer.Typer) -> None:
    """Nothing to add: the command joins the ``import`` group when this module is imported."""
