"""CLI commands: ``run`` (the daily run), ``event ...`` (what happens to a case), ``review ...``
(the actions waiting for a person). Thin: the services do the work (docs/daily-run.md)."""

from __future__ import annotations

from collections import Counter
from datetime import date, time
from typing import Any

import typer

from recouvre.entrypoints.cli.labels import ACTION_STATUSES, CHANNELS, fr_date, word
from recouvre.entrypoints.cli.options import date_or_today
from recouvre.entrypoints.cli.setup import DATABASE_BUSY, USAGE_ERROR, fail, open_app, print_json

SHOWN_LINES = 50  # the text output lists the first actions; --json gives up to 10 000
# The run went through, but some cases could not be handled and wait in review
# (docs/daily-run.md, « Un dossier en erreur »): a scheduler sees it without parsing the output.
CASES_SET_ASIDE = 3


def _parse_time(text: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        fail(f"--heure : heure invalide « {text} » (attendu HH:MM)", USAGE_ERROR)


def _print_report(data: dict[str, Any]) -> None:
    head = "Simulation (rien n'est écrit)" if data["dry_run"] else "Tournée du jour"
    moment = data["moment"][11:16]
    typer.echo(f"{head} du {fr_date(data['on'])} (heure de référence {moment}, Paris)")
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
    _print_set_aside(data.get("set_aside", []))
    if data.get("prescription_reviews"):
        typer.echo(
            f"  prescription inconnue : {data['prescription_reviews']} dossier(s) envoyé(s) en "
            "revue, aucune relance (recouvre review list)"
        )
    shown = data["lines"][:SHOWN_LINES]
    for line in shown:
        deferred = line["status"] == "deferred"
        extra = f" (à partir du {fr_date(line['not_before'])})" if deferred else ""
        reason = f" : {line['reason']}" if line["status"] == "cancelled" else ""
        channel = word(CHANNELS, line["channel"])
        typer.echo(
            f"  {line['reference']}  {line['step_id']:<22} {channel:<18} "
            f"{word(ACTION_STATUSES, line['status'])}{extra}{reason}"
        )
    if data["actions"] > len(shown):
        typer.echo(f"  … et {data['actions'] - len(shown)} autres actions (--json pour la liste)")


def _print_sending(sending: dict[str, Any]) -> None:
    """The sender's report in words; the same refusal for many actions is said once, with its
    count (the list of actions is in ``--json``)."""
    if "error" in sending:
        typer.echo(f"  envoi : {sending['error']}")
        return
    typer.echo(
        f"  envoi : {sending['sent']} envoyé(s), {sending['failed']} en échec, "
        f"{sending['deferred']} reporté(s) à la prochaine plage autorisée, "
        f"{sending['quarantined']} en quarantaine, {sending.get('held', 0)} renvoyé(s) en revue"
    )
    held = Counter(str(h["reason"]) for h in sending.get("held_for_review", []))
    for reason, count in held.most_common():
        typer.echo(f"    - {count} action(s) en attente de validation : {reason}")
    reasons = Counter(str(f["reason"]) for f in sending.get("failures", []))
    for reason, count in reasons.most_common():
        typer.echo(f"    - {count} action(s) : {reason}")
    if sending.get("print_batch"):
        typer.echo(
            f"  lot d'impression : {sending['print_batch']} ({sending['print_letters']} "
            f"lettre(s) dont {sending['print_registered']} recommandée(s))"
        )


def _say_waiting(seconds: float) -> None:
    typer.echo(
        "La base de données est occupée par une autre écriture (un import en cours ?) : la "
        f"tournée attend qu'elle se libère, au plus {seconds:g} s…",
        err=True,
    )


def _print_set_aside(entries: list[dict[str, Any]]) -> None:
    if not entries:
        return
    many = len(entries) > 1
    references = ", ".join(entry["reference"] for entry in entries)
    typer.echo(f"  {len(entries)} dossier{'s' if many else ''} mis en revue : {references}")
    for entry in entries:
        state = "" if entry["new"] else " (déjà en revue)"
        typer.echo(
            f"    {entry['reference']} : {entry['reason']} "
            f"[validation n° {entry['review_action_id']}{state}]"
        )


def _plan_and_send(
    application: Any,
    day: date,
    dry_run: bool,
    run_time: time,
    send: bool,
    hold: bool,
    statements_age: int,
    run_id: int | None = None,
) -> dict[str, Any]:
    """The run's planning, then its sending (unless held for stale statements), as JSON."""
    from recouvre import bootstrap
    from recouvre.bootstrap.errors import USER_ERRORS

    settings = bootstrap.run_settings(application, run_time)
    stale = bootstrap.stale_statements(application, day, statements_age)
    report = bootstrap.run_day(application, day, dry_run, settings=settings, run_id=run_id)
    data = report.as_json()
    data["stale_statements"] = stale
    if send and not dry_run and hold and stale:
        data["sending"] = {"error": "envoi suspendu : relevés bancaires pas à jour"}
    elif send and not dry_run:
        try:
            sent = bootstrap.send_outbox(application, day, run_id=run_id)
            data["sending"] = sent.as_json()
        except USER_ERRORS as error:  # the plan is committed; sending is retried later
            data["sending"] = {"error": f"envoi non effectué : {error}"}
    return data


def _recorded_run(
    application: Any,
    day: date,
    dry_run: bool,
    run_time: time,
    send: bool,
    hold: bool,
    statements_age: int,
) -> dict[str, Any]:
    """A dry run as it is; a real one under the run lock, recorded (``bootstrap.operations``);
    another run holding the lock: exit code 75 and « une tournée est déjà en cours »."""
    from recouvre.bootstrap import operations
    from recouvre.services.errors import RunInProgress

    if dry_run:
        return _plan_and_send(application, day, True, run_time, send, hold, statements_age)
    try:
        with operations.exclusive_run(application, day) as ticket:
            data = _plan_and_send(
                application, day, False, run_time, send, hold, statements_age, ticket.id
            )
            ticket.report(_counts(data), bool(data["set_aside"]))
    except RunInProgress as busy:
        fail(str(busy), DATABASE_BUSY)
    return data


def _counts(data: dict[str, Any]) -> dict[str, int]:
    """The run's figures kept in its record (``recouvre status``): counts only, no names."""
    counts = {key: value for key, value in data.items() if type(value) is int}
    counts["cases_set_aside"] = len(data["set_aside"])
    sending = data.get("sending", {})
    for key in ("sent", "failed", "deferred", "quarantined"):
        if type(sending.get(key)) is int:
            counts[f"sending_{key}"] = sending[key]
    return counts


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
        statements_age: int = typer.Option(
            3,
            "--releves-max-jours",
            "--statements-max-age",
            min=0,
            help="Âge au-delà duquel le dernier relevé bancaire d'un compte est signalé (jours).",
        ),
        hold: bool = typer.Option(
            False,
            "--attendre-releves/--sans-attendre-releves",
            "--hold-for-statements/--no-hold-for-statements",
            help="Ne rien envoyer tant que les relevés bancaires ne sont pas à jour.",
        ),
    ) -> None:
        from recouvre import bootstrap

        run_time = _parse_time(at)
        with open_app() as application:
            day = date_or_today(on, "--on", application.clock.today)
            bootstrap.wait_for_writer(application, _say_waiting)
            options = (run_time, send, hold, statements_age)
            data = _recorded_run(application, day, dry_run, *options)
        if as_json:
            print_json(data)
        else:
            for warning in data["stale_statements"]:
                typer.echo(f"attention : {warning}")
            _print_report(data)
            if "sending" in data:
                _print_sending(data["sending"])
        if data["set_aside"]:
            raise typer.Exit(CASES_SET_ASIDE)

    from recouvre.entrypoints.cli import events as run_events
    from recouvre.entrypoints.cli import review as run_review

    run_events.register(app)
    run_review.register(app)
