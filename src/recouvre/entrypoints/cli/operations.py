"""CLI commands of operations: ``status`` (the installation at a glance), ``metrics``
(Prometheus text format), ``backup`` and ``restore`` (copies of the database). Thin: the use
cases are ``services.operations``, wired by ``bootstrap.operations`` (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from recouvre.entrypoints.cli.labels import ACTION_STATUSES, CHANNELS, RUN_OUTCOMES, fr_date, word
from recouvre.entrypoints.cli.setup import fail, open_app, print_json


def _print_runs(runs: list[dict[str, Any]], in_progress: bool) -> None:
    if not runs:
        typer.echo("Tournées : aucune tournée enregistrée")
        return
    typer.echo("Tournées (la dernière de chaque date) :")
    for run in runs:
        outcome = word(RUN_OUTCOMES, run["outcome"])
        started = run["started_at"][:16].replace("T", " ")
        duration = (
            "" if run["duration_s"] is None else f", {run['duration_s']:.1f} s".replace(".", ",")
        )
        counts = run["counts"]
        done = (
            f" ; actions : {counts.get('actions', 0)}, dossiers : {counts.get('cases', 0)}"
            if counts
            else ""
        )
        typer.echo(f"  {fr_date(run['on'])}  {outcome} (commencée {started} UTC{duration}){done}")
        if run["error"]:
            typer.echo(f"    cause : {run['error']}")
    if in_progress:
        typer.echo("  une tournée est en cours en ce moment")


def _print_actions(data: dict[str, Any]) -> None:
    counts = data["actions"]
    typer.echo(
        "Actions : "
        + ", ".join(f"{word(ACTION_STATUSES, status)} : {n}" for status, n in counts.items())
    )
    oldest = data["oldest_unsent"]
    if oldest is None:
        typer.echo("  plus ancienne action non envoyée : aucune")
        return
    typer.echo(
        f"  plus ancienne action non envoyée : n° {oldest['id']} ({oldest['case_reference']}, "
        f"{oldest['step_id']}, {word(CHANNELS, oldest['channel'])}, "
        f"{word(ACTION_STATUSES, oldest['status'])}), prévue le {fr_date(oldest['due_on'])}, "
        f"créée le {fr_date(oldest['created_at'][:10])}"
    )


def _print_statements(statements: list[dict[str, Any]]) -> None:
    if not statements:
        typer.echo("Relevés bancaires : aucun relevé importé")
        return
    typer.echo("Relevés bancaires (dernier relevé par titulaire du compte) :")
    for line in statements:
        if line["latest"] is None:
            typer.echo(f"  {line['holder']} : aucun relevé importé")
        else:
            typer.echo(
                f"  {line['holder']} : {fr_date(line['latest'])} "
                f"(il y a {line['age_days']} jour(s))"
            )


def register(app: typer.Typer) -> None:
    _register_copies(app)

    @app.command(
        "metrics",
        help=(
            "Métriques au format texte de Prometheus (actions par état, profondeur de la file "
            "d'envoi, tournées par issue, durée de la dernière tournée), lues dans la base."
        ),
    )
    def metrics_command() -> None:
        from recouvre.bootstrap import operations

        with open_app() as application:
            text = operations.metrics_text(application)
        typer.echo(text, nl=False)

    @app.command(
        "status",
        help=(
            "État de l'installation : dernière tournée de chaque date et son issue, actions "
            "non envoyées (la plus ancienne, en file, à valider, en quarantaine, en échec), "
            "dernier relevé bancaire par créancier, travaux en attente ou en échec."
        ),
    )
    def status_command(
        as_json: bool = typer.Option(False, "--json", help="Sortie JSON stable."),
        dates: int = typer.Option(
            7, "--dates", min=1, help="Nombre de dates de tournée montrées (défaut : 7)."
        ),
    ) -> None:
        from recouvre.bootstrap import operations

        with open_app() as application:
            data = operations.operations_status(
                application, application.clock.today(), dates
            ).as_json()
        if as_json:
            print_json(data)
            return
        _print_runs(data["runs"], data["run_in_progress"])
        _print_actions(data)
        _print_statements(data["statements"])
        typer.echo(f"Travaux : {data['jobs']['message']}")


def _register_copies(app: typer.Typer) -> None:
    @app.command(
        "backup",
        help=(
            "Sauvegarde la base dans FICHIER : copie cohérente même pendant une tournée "
            "(SQLite : sauvegarde en ligne ; PostgreSQL : pg_dump -Fc). Refuse de remplacer un "
            "fichier existant sans --force."
        ),
    )
    def backup_command(
        target: Annotated[
            Path, typer.Argument(metavar="FICHIER", help="Fichier de la sauvegarde.")
        ],
        force: bool = typer.Option(False, "--force", help="Remplacer le fichier s'il existe."),
    ) -> None:
        from recouvre.bootstrap import operations

        with open_app() as application:
            written = operations.backup(application, target, force)
            revision = application.schema_revision()
        size = written.stat().st_size
        typer.echo(f"Sauvegarde écrite : {written} ({size} octets, schéma {revision})")

    @app.command(
        "restore",
        help=(
            "Restaure la base depuis FICHIER (une sauvegarde de recouvre backup) : le fichier "
            "est vérifié d'abord (base recouvre, révision de schéma connue), la base actuelle "
            "est gardée à côté, puis remplacée. Demande confirmation sauf avec --yes."
        ),
    )
    def restore_command(
        source: Annotated[Path, typer.Argument(metavar="FICHIER", help="Sauvegarde à restaurer.")],
        yes: bool = typer.Option(False, "--yes", "-y", help="Ne pas demander de confirmation."),
    ) -> None:
        from recouvre.bootstrap import operations

        with open_app(require_schema=False) as application:
            where = application.database_location()

            def confirm(revision: str) -> bool:
                return yes or typer.confirm(
                    f"Remplacer la base {where} par {source} (schéma {revision}) ? La base "
                    "actuelle sera gardée à côté"
                )

            restored = operations.restore(application, source, confirm)
        if restored is None:
            fail("restauration annulée : rien n'a changé")
        typer.echo(f"Base restaurée depuis {restored.source} (schéma {restored.revision}).")
        if restored.kept_aside is not None:
            typer.echo(f"  l'ancienne base est gardée : {restored.kept_aside}")
        if restored.behind:
            typer.echo("  schéma plus ancien que cette version : lancez « recouvre init »")
