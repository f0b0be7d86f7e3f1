"""CLI command ``bodacc import``: the BODACC announcements of collective proceedings applied to
the debtors' cases (matched by SIREN; C. com. L622-21, L622-24)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from recouvre.entrypoints.cli.labels import fr_date
from recouvre.entrypoints.cli.options import JsonOption
from recouvre.entrypoints.cli.setup import REFUSED, open_app, print_json

bodacc_app = typer.Typer(help="Annonces BODACC des procédures collectives.", no_args_is_help=True)


def bodacc_import(
    file: Annotated[
        Path,
        typer.Argument(
            help="Export BODACC (JSON ou CSV du jeu « annonces-commerciales »).", metavar="FICHIER"
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    from recouvre.bootstrap import collective_proceedings_service, read_bodacc

    parsed = read_bodacc(file)
    if not parsed.ok:
        for line in parsed.errors_fr():
            typer.echo(f"erreur : {line}", err=True)
        raise typer.Exit(REFUSED)
    if parsed.without_id:
        typer.echo(
            f"{parsed.without_id} annonce(s) sans « id » : reconnue(s) par leur contenu", err=True
        )
    with open_app() as app:
        report = collective_proceedings_service(app).apply(parsed.announcements)
    if as_json:
        print_json(
            {
                "read": report.read,
                "openings": report.openings,
                "already_known": report.already_known,
                "skipped": report.skipped + parsed.skipped,
                "matches": [
                    {
                        "case": m.reference,
                        "announcement": m.announcement_id,
                        "proceedings": m.proceedings.value,
                        "published_on": m.published_on.isoformat(),
                        "declaration_due_on": m.declaration_due_on.isoformat(),
                        "relief_due_on": m.relief_due_on.isoformat(),
                        "cancelled_actions": m.cancelled_actions,
                        "procedure": m.procedure_id,
                        "liquidation": m.liquidation,
                    }
                    for m in report.matches
                ],
            }
        )
        return
    typer.echo(
        f"{report.read} annonce(s) de procédure collective lue(s), {report.openings} jugement(s) "
        f"d'ouverture, {len(report.matches)} dossier(s) concerné(s)."
    )
    for m in report.matches:
        typer.echo(
            f"  {m.reference} : {m.proceedings.label_fr} "
            f"(BODACC du {fr_date(m.published_on)}) ; "
            f"déclaration de créance avant le {fr_date(m.declaration_due_on)}, relevé de "
            f"forclusion avant le {fr_date(m.relief_due_on)}"
            + (f" ; procédure n° {m.procedure_id} ouverte" if m.procedure_id else "")
            + (" ; recouvrement amiable définitivement clos" if m.liquidation else "")
        )


def register(app: typer.Typer) -> None:
    """Add ``bodacc`` to the main app."""
    bodacc_app.command(
        "import",
        help="Importe un export BODACC (JSON ou CSV) et applique les procédures collectives aux "
        "dossiers des débiteurs (par SIREN).",
    )(bodacc_import)
    app.add_typer(bodacc_app, name="bodacc")
