"""CLI commands ``send`` and ``outbox``: the outbox (docs/outbox.md).

``recouvre send`` drains the outbox: emails, paper letters (merged into the day's print batch
in the data folder), registered letters, SMS. ``recouvre outbox resolve`` settles what a crash
left unknown; ``outbox retry`` gives a failed action a new attempt.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from recouvre.domain.parties import Channel
from recouvre.entrypoints.cli.labels import ACTION_STATUSES, CHANNELS, fr_date, word
from recouvre.entrypoints.cli.options import date_or_today
from recouvre.entrypoints.cli.setup import USAGE_ERROR, fail, open_app, print_json

JsonOption = Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date", help="Jour de travail (JJ/MM/AAAA ou AAAA-MM-JJ ; défaut : aujourd'hui)."
    ),
]


def working_day(raw: str | None, app: Any, option: str = "--date") -> date:
    """The date given to ``option``, or the application's today."""
    return date_or_today(raw, option, app.clock.today)


CHANNEL_NAMES = ("email", "letter", "registered_letter", "sms")


def send_command(
    channel: Annotated[
        list[str] | None,
        typer.Option(
            "--channel",
            help="Canal à traiter (répétable) : email, letter, registered_letter, sms. "
            "Défaut : tous.",
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Nombre maximal d'actions à envoyer.")
    ] = None,
    resolve: Annotated[
        bool,
        typer.Option(
            "--resolve",
            help="N'envoie rien : liste les actions en quarantaine (issue inconnue après une "
            "interruption) et la commande pour les régler.",
        ),
    ] = False,
    day: DateOption = None,
    as_json: JsonOption = False,
) -> None:
    from recouvre.bootstrap import outbox_store, send_outbox
    from recouvre.services.outbox.model import ActionStatus

    unknown = [c for c in channel or [] if c not in CHANNEL_NAMES]
    if unknown:
        fail(f"canal inconnu « {unknown[0]} » ; choix : {', '.join(CHANNEL_NAMES)}", USAGE_ERROR)
    with open_app() as app:
        if resolve:
            quarantined = outbox_store(app).with_status(ActionStatus.QUARANTINED)
            _print_quarantine(quarantined, as_json)
            return
        on = working_day(day, app)
        chosen = tuple(Channel(c) for c in (channel or CHANNEL_NAMES))
        report = send_outbox(app, on, chosen, limit)
    if as_json:
        print_json(report.as_json())
        return
    typer.echo(
        f"Envoyés : {report.sent} ; échecs : {report.failed} ; en quarantaine : "
        f"{report.quarantined} ; remis en file : {report.requeued} ; issues rétablies après "
        f"interruption : {report.resolved}."
    )
    if report.deferred:
        typer.echo(
            f"Reportés à la prochaine plage autorisée (heure, jour férié ou plafond à l'instant "
            f"de l'envoi) : {report.deferred}."
        )
    for action_id, reason in report.held_reasons:
        typer.echo(f"  - action {action_id} renvoyée en revue (recouvre review) : {reason}")
    for action_id, reason in report.failures:
        typer.echo(f"  - action {action_id} : {reason}")
    if report.print_batch is not None:
        typer.echo(
            f"Lot d'impression : {report.print_batch} ({report.print_letters} lettre(s) dont "
            f"{report.print_registered} recommandée(s))."
        )
    if report.quarantined:
        typer.echo("Quarantaine : voir « recouvre send --resolve ».")


def _print_quarantine(quarantined: list[Any], as_json: bool) -> None:
    if as_json:
        print_json(
            [
                {
                    "action": a.id,
                    "case_id": a.case_id,
                    "channel": a.channel.value,
                    "idempotency_key": a.idempotency_key,
                    "claimed_at": a.claimed_at,
                    "reason": a.reason,
                }
                for a in quarantined
            ]
        )
        return
    if not quarantined:
        typer.echo("Aucune action en quarantaine.")
        return
    typer.echo(f"{len(quarantined)} action(s) en quarantaine (issue inconnue) :")
    for a in quarantined:
        typer.echo(
            f"  - action {a.id} ({word(CHANNELS, a.channel)}, dossier {a.case_id}, clé "
            f"{a.idempotency_key}) : {a.reason}"
        )
    typer.echo(
        "Vérifiez auprès du fournisseur, puis : recouvre outbox resolve ID --sent "
        "(il est parti) ou --resend (il n'est pas parti)."
    )


outbox_app = typer.Typer(help="File d'envoi (outbox) : états et quarantaine.", no_args_is_help=True)


@outbox_app.command(
    "resolve", help="Règle une action en quarantaine : partie (--sent) ou à renvoyer (--resend)."
)
def outbox_resolve(
    action_id: Annotated[int, typer.Argument(help="Numéro de l'action.")],
    sent: Annotated[bool, typer.Option("--sent", help="Le message est bien parti.")] = False,
    resend: Annotated[
        bool, typer.Option("--resend", help="Le message n'est pas parti : le renvoyer.")
    ] = False,
    note: Annotated[str, typer.Option("--note", help="Ce qui a été vérifié.")] = "",
) -> None:
    from recouvre.bootstrap import outbox_store

    if sent == resend:
        fail("choisissez --sent ou --resend", USAGE_ERROR)
    with open_app() as app:
        text = note or ("vérifié : parti" if sent else "vérifié : non parti, à renvoyer")
        try:
            action = outbox_store(app).resolve(
                action_id, app.clock.today(), sent=sent, note=f"{app.actor} : {text}"
            )
        except (LookupError, ValueError) as error:
            fail(str(error))
    typer.echo(f"Action {action.id} : {word(ACTION_STATUSES, action.status)}.")


@outbox_app.command("list", help="Liste les actions d'un statut (défaut : quarantined).")
def outbox_list(
    status: Annotated[str, typer.Option("--status", help="Statut des actions.")] = "quarantined",
    as_json: JsonOption = False,
) -> None:
    from recouvre.bootstrap import outbox_store
    from recouvre.services.outbox.model import ActionStatus

    try:
        wanted = ActionStatus(status)
    except ValueError:
        fail(
            f"statut inconnu « {status} » ; choix : {', '.join(s.value for s in ActionStatus)}",
            USAGE_ERROR,
        )
    with open_app() as app:
        rows = outbox_store(app).with_status(wanted)
    if as_json:
        print_json(
            [
                {"action": a.id, "case_id": a.case_id, "channel": a.channel.value,
                 "due_on": a.due_on.isoformat(), "status": a.status.value,
                 "provider_ref": a.provider_ref, "reason": a.reason}
                for a in rows
            ]
        )  # fmt: skip
        return
    for a in rows:
        typer.echo(
            f"{a.id}\t{fr_date(a.due_on)}\t{word(CHANNELS, a.channel)}\tdossier {a.case_id}\t"
            f"{word(ACTION_STATUSES, a.status)}\t{a.provider_ref or ''}\t{a.reason or ''}"
        )
    typer.echo(f"{len(rows)} action(s) « {word(ACTION_STATUSES, wanted)} ».")


@outbox_app.command(
    "retry",
    help="Relance une action en échec (failed) une fois la cause corrigée : un nouvel essai "
    "(nouvelle clé d'idempotence), contrôlé par le garde-fou à la prochaine tournée "
    "(recouvre run) puis envoyé. ACTION_ID, ou --all-failed [--case REF].",
)
def outbox_retry(
    action_id: Annotated[
        int | None, typer.Argument(metavar="ACTION_ID", help="Numéro de l'action en échec.")
    ] = None,
    all_failed: Annotated[
        bool, typer.Option("--all-failed", help="Toutes les actions en échec non relancées.")
    ] = False,
    case: Annotated[
        str | None,
        typer.Option("--case", metavar="REF", help="Avec --all-failed : un seul dossier."),
    ] = None,
    reason: Annotated[
        str, typer.Option("--reason", "--motif", help="Ce qui a été corrigé (journalisé).")
    ] = "",
    by: Annotated[
        str | None, typer.Option("--by", "--par", help="Qui relance (défaut : cli:<identifiant>).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from recouvre.bootstrap import outbox_retry as retry_service

    if (action_id is None) == (not all_failed):
        fail("indiquez un numéro d'action ou --all-failed (pas les deux)", USAGE_ERROR)
    if case is not None and not all_failed:
        fail("--case ne s'emploie qu'avec --all-failed", USAGE_ERROR)
    with open_app() as app:
        service = retry_service(app, by)
        if action_id is not None:
            done = [service.retry(action_id, app.clock.today(), reason)]
        else:
            done = service.retry_all_failed(app.clock.today(), reason, case)
    if as_json:
        print_json([r.as_json() for r in done])
        return
    for r in done:
        typer.echo(
            f"Action {r.failed_id} ({r.step_id}, dossier {r.case_id}) : nouvel essai n° "
            f"{r.attempt} = action {r.action_id}, contrôlé à la prochaine tournée."
        )
    typer.echo(f"{len(done)} action(s) relancée(s).")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command(
        "send",
        help="Envoie les actions dues de la file d'envoi (courriels, lettres, recommandés, SMS) "
        "sans jamais envoyer deux fois ; fusionne les lettres du jour en un lot d'impression.",
    )(send_command)
    app.add_typer(outbox_app, name="outbox")
