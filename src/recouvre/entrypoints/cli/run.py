"""CLI commands: ``run`` (the daily run), ``event ...`` (what happens to a case), ``review ...``
(the actions waiting for a person). Thin: the services do the work (docs/daily-run.md)."""

from __future__ import annotations

from datetime import time
from typing import Any

import typer

from recouvre.entrypoints.cli.options import date_or_today
from recouvre.entrypoints.cli.setup import USAGE_ERROR, fail, open_app, print_json

SHOWN_LINES = 50  # the text output lists the first actions; --json gives up to 10 000


def _parse_time(text: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        fail(f"--heure : heure invalide « {text} » (attendu HH:MM)", USAGE_ERROR)


def _print_report(data: dict[str, Any]) -> None:
    head = "Simulation (rien n'est écrit)" if data["dry_run"] else "Tournée du jour"
    typer.echo(f"{head} du {data['on']} (heure de référence {data['moment'][11:16]}, Paris)")
    typer.echo(
        f"  dossiers examinés : {data['cases']} ; scénarios attribués : "
        f"{data['scenarios_assigned']} ; sans scénario : {data['without_scenario']}"
    )
    typer.echo(
        f"  actions : {data['actions']} (en file : {data['queued']}, à valider : "
        f"{data['awaiting_approval']}, reportées : {data['deferred']}, annulées : "
        f"{data['cancelled']}) ; déjà émises : {data['already_issued']}"
    )
    typer.echo(
        f"  étapes terminées depuis la dernière tournée : {data['finished_steps']} ; "
        f"reports levés : {data['deferred_released']} ; promesses/échéances non tenues : "
        f"{data['lapsed']}"
    )
    if data.get("time_barred") or data.get("partly_time_barred") or data.get("closures_confirmed"):
        typer.echo(
            f"  prescription : {data['time_barred']} dossier(s) entièrement prescrit(s) "
            f"(clôtures proposées : {data['closures_proposed']}, validées et closes : "
            f"{data['closures_confirmed']}) ; {data['partly_time_barred']} en partie"
        )
    if data.get("prescription_reviews"):
        typer.echo(
            f"  prescription inconnue : {data['prescription_reviews']} dossier(s) envoyé(s) en "
            "revue, aucune relance (recouvre review list)"
        )
    shown = data["lines"][:SHOWN_LINES]
    for line in shown:
        extra = f" (à partir du {line['not_before']})" if line["status"] == "deferred" else ""
        reason = f" : {line['reason']}" if line["status"] == "cancelled" else ""
        typer.echo(
            f"  {line['reference']}  {line['step_id']:<22} {line['channel']:<17} "
            f"{line['status']}{extra}{reason}"
        )
    if data["actions"] > len(shown):
        typer.echo(f"  … et {data['actions'] - len(shown)} autres actions (--json pour la liste)")


def register(app: typer.Typer) -> None:
    @app.command(
        "run",
        help=(
            "Tournée quotidienne : planifie, contrôle (garde-fou) et émet les actions dues à la "
            "date donnée pour tous les dossiers ouverts. Idempotente : la relancer le même jour "
            "n'émet rien de nouveau."
        ),
    )
    def run(
        on: str | None = typer.Option(
            None,
            "--on",
            "--date",
            help="Date de la tournée (JJ/MM/AAAA ou AAAA-MM-JJ ; défaut : aujourd'hui).",
        ),
        dry_run: bool = typer.Option(
            False, "--dry-run", "--simulation", help="Affiche ce qui serait fait, sans rien écrire."
        ),
        as_json: bool = typer.Option(False, "--json", help="Sortie JSON stable."),
        at: str = typer.Option(
            "09:00",
            "--heure",
            help="Heure de référence de la tournée (heure de Paris) pour le garde-fou.",
        ),
        send: bool = typer.Option(
            True,
            "--envoi/--sans-envoi",
            help="Envoyer ensuite la file d'envoi (si un expéditeur est configuré).",
        ),
    ) -> None:
        from recouvre import bootstrap
        from recouvre.bootstrap.errors import USER_ERRORS

        run_time = _parse_time(at)
        with open_app() as application:
            day = date_or_today(on, "--on", application.clock.today)
            settings = bootstrap.run_settings(application, run_time)
            report = bootstrap.run_day(application, day, dry_run, settings=settings)
            data = report.as_json()
            if send and not dry_run:
                try:
                    sent = bootstrap.send_outbox(application, day)
                    data["sending"] = sent.as_json()
                except USER_ERRORS as error:  # the plan is committed; sending is retried later
                    data["sending"] = {"error": f"envoi non effectué : {error}"}
        if as_json:
            print_json(data)
        else:
            _print_report(data)
            if "sending" in data:
                typer.echo(f"  envoi : {data['sending']}")

    from recouvre.entrypoints.cli import events as run_events
    from recouvre.entrypoints.cli import review as run_review

    run_events.register(app)
    run_review.register(app)
