"""CLI commands: ``journal verify`` and ``journal anchor`` (the evidence journal)."""

from __future__ import annotations

from typing import Annotated

import typer

from recouvre.entrypoints.cli.setup import open_app, print_json

JsonOption = Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")]

journal_app = typer.Typer(
    help="Journal de preuve : chaînes d'empreintes SHA-256 par dossier, ancrées globalement.",
    no_args_is_help=True,
)


@journal_app.command(
    "verify",
    help=(
        "Recalcule toutes les chaînes du journal et les ancres, confronte l'historique des "
        "dossiers et les actions envoyées au journal, et nomme la première entrée altérée de "
        "chaque flux (flux, numéro, identifiant, ce qui diffère). Code de sortie 1 si le "
        "journal est rompu."
    ),
)
def verify(
    as_json: JsonOption = False,
    exported: Annotated[
        list[str] | None,
        typer.Option(
            "--anchor",
            metavar="EMPREINTE",
            help=(
                "Empreinte d'ancre exportée (courriel, horodatage) : vérifie qu'elle figure "
                "dans la chaîne des ancres et que rien avant elle n'a été réécrit. Répétable."
            ),
        ),
    ] = None,
) -> None:
    with open_app() as app:
        report = app.verify_journal(exported or ())
    if as_json:
        print_json(report.as_json())
    elif report.ok:
        typer.echo(
            f"Journal intègre : {report.entries} entrée(s) dans {report.streams} flux, "
            f"{report.anchors} ancre(s) vérifiée(s)."
        )
        for digest, seq in report.exported:
            typer.echo(f"Ancre exportée retrouvée : n° {seq}, empreinte {digest}")
    else:
        typer.echo(
            f"JOURNAL ROMPU : {len(report.breaks)} anomalie(s) "
            f"({report.entries} entrée(s), {report.streams} flux, {report.anchors} ancre(s)).",
            err=True,
        )
        for brk in report.breaks:
            typer.echo(f"  - {brk.describe()}", err=True)
        if report.truncated:
            typer.echo("  (liste tronquée)", err=True)
    if not report.ok:
        raise typer.Exit(1)


@journal_app.command(
    "anchor",
    help=(
        "Ancre le journal : inscrit dans la chaîne globale des ancres la tête de chaque flux "
        "modifié depuis la dernière ancre. Exportez l'empreinte affichée (courriel, "
        "horodatage) pour dater le journal."
    ),
)
def anchor(as_json: JsonOption = False) -> None:
    with open_app() as app:
        anchors = app.anchor_journal()
    if as_json:
        print_json(
            [
                {
                    "seq": a.seq,
                    "anchored_at": a.anchored_at.isoformat(),
                    "streams": len(a.items),
                    "root": a.root,
                    "digest": a.digest,
                }
                for a in anchors
            ]
        )
        return
    if not anchors:
        typer.echo("Rien à ancrer : aucun flux modifié depuis la dernière ancre.")
        return
    for a in anchors:
        typer.echo(f"Ancre n° {a.seq} : {len(a.items)} flux, empreinte {a.digest}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(journal_app, name="journal")
