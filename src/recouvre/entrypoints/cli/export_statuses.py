"""CLI command ``recouvre export statuses [--creditor SIREN] [--out FILE]``.

Thin: the 212 « Encaissée » statuses of the invoices recouvre has seen paid, as the CSV of
``bootstrap.einvoicing.cashed_status_csv`` (docs/einvoicing.md), written to ``--out`` or
printed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from recouvre.entrypoints.cli.setup import fail, open_app

export_app = typer.Typer(
    help="Exporte des données de recouvre (statuts de factures électroniques).",
    no_args_is_help=True,
)


@export_app.command(
    "statuses",
    help=(
        "Écrit un statut 212 « Encaissée » (CSV) pour chaque facture que recouvre a vue "
        "payée, à déposer sur la plateforme de facturation du créancier ; les factures dont "
        "la plateforme a elle-même donné le 212 sont omises."
    ),
)
def statuses(
    creditor: Annotated[
        str | None, typer.Option("--creditor", "--creancier", metavar="SIREN",
                                 help="SIREN du créancier (défaut : tous).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Fichier CSV à écrire (défaut : la sortie).")
    ] = None,
) -> None:  # fmt: skip
    from recouvre.bootstrap.einvoicing import cashed_status_csv

    with open_app() as application:
        count, text = cashed_status_csv(application, creditor)
    if out is None:
        typer.echo(text.removeprefix("\ufeff").replace("\r\n", "\n"), nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        fail(f"impossible d'écrire {out} : {error.strerror or error}")
    typer.echo(f"{count} statut(s) 212 « Encaissée » écrit(s) dans {out}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(export_app, name="export")
