"""CLI commands of the channels: ``send``, ``outbox``, ``calls``, ``tracking``, ``bounces``.

``recouvre send`` drains the outbox (docs/outbox.md): emails, paper letters (merged into the
day's print batch in the data folder), registered letters, SMS. ``recouvre outbox resolve``
settles what a crash left unknown. ``recouvre calls`` is the agents' call queue until the web
app exists; ``recouvre tracking`` follows registered letters; ``recouvre bounces`` reads the
delivery status notifications.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from recouvre.domain.money import ZERO
from recouvre.domain.parties import Channel
from recouvre.entrypoints.cli.setup import fail, open_app, print_json

JsonOption = Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Jour de travail (AAAA-MM-JJ ; défaut : aujourd'hui).")
]

CHANNEL_NAMES = ("email", "letter", "registered_letter", "sms")
OUTCOME_NAMES = {
    "reached": "reached",
    "no-answer": "no_answer",
    "wrong-number": "wrong_number",
    "promise": "promise",
    "dispute": "dispute",
    "payment-plan": "payment_plan",
}


def _day(raw: str | None, app: Any) -> date:
    if raw is None:
        return app.clock.today()  # type: ignore[no-any-return]
    try:
        return date.fromisoformat(raw)
    except ValueError:
        fail(f"date « {raw} » illisible : AAAA-MM-JJ attendu", 2)


# --- send and outbox -------------------------------------------------------------------------


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
        fail(f"canal inconnu « {unknown[0]} » ; choix : {', '.join(CHANNEL_NAMES)}", 2)
    with open_app() as app:
        if resolve:
            quarantined = outbox_store(app).with_status(ActionStatus.QUARANTINED)
            _print_quarantine(quarantined, as_json)
            return
        on = _day(day, app)
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
            f"  - action {a.id} ({a.channel.value}, dossier {a.case_id}, clé "
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
        fail("choisissez --sent ou --resend", 2)
    with open_app() as app:
        text = note or ("vérifié : parti" if sent else "vérifié : non parti, à renvoyer")
        try:
            action = outbox_store(app).resolve(
                action_id, app.clock.today(), sent=sent, note=f"{app.actor} : {text}"
            )
        except (LookupError, ValueError) as error:
            fail(str(error))
    typer.echo(f"Action {action.id} : {action.status.value}.")


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
        fail(f"statut inconnu « {status} » ; choix : {', '.join(s.value for s in ActionStatus)}", 2)
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
            f"{a.id}\t{a.due_on}\t{a.channel.value}\tdossier {a.case_id}\t{a.status.value}\t"
            f"{a.provider_ref or ''}\t{a.reason or ''}"
        )
    typer.echo(f"{len(rows)} action(s) « {wanted.value} ».")


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
    from recouvre.domain.errors import DomainError

    if (action_id is None) == (not all_failed):
        fail("indiquez un numéro d'action ou --all-failed (pas les deux)", 2)
    if case is not None and not all_failed:
        fail("--case ne s'emploie qu'avec --all-failed", 2)
    with open_app() as app:
        service = retry_service(app, by)
        try:
            if action_id is not None:
                done = [service.retry(action_id, app.clock.today(), reason)]
            else:
                done = service.retry_all_failed(app.clock.today(), reason, case)
        except DomainError as error:
            fail(str(error))
    if as_json:
        print_json([r.as_json() for r in done])
        return
    for r in done:
        typer.echo(
            f"Action {r.failed_id} ({r.step_id}, dossier {r.case_id}) : nouvel essai n° "
            f"{r.attempt} = action {r.action_id}, contrôlé à la prochaine tournée."
        )
    typer.echo(f"{len(done)} action(s) relancée(s).")


# --- calls -----------------------------------------------------------------------------------

calls_app = typer.Typer(
    help="Appels téléphoniques : file des tâches, script et issue de l'appel.",
    no_args_is_help=True,
)


@calls_app.command("list", help="Liste les appels à passer (dus à la date de travail).")
def calls_list(
    all_due: Annotated[bool, typer.Option("--all", help="Y compris ceux à venir.")] = False,
    day: DateOption = None,
    as_json: JsonOption = False,
) -> None:
    from recouvre.bootstrap import call_store
    from recouvre.services.outbox.calls import list_tasks

    with open_app() as app:
        store = call_store(app)
        on = _day(day, app)
        tasks = list_tasks(store, None if all_due else on)
        rows = []
        for task in tasks:
            facts = store.facts(task.case_id)
            rows.append(
                {
                    "action": task.id,
                    "due_on": task.due_on.isoformat(),
                    "case": facts.reference,
                    "debtor": facts.debtor.name,
                    "phone": facts.debtor.phones[0] if facts.debtor.phones else None,
                    "outstanding": f"{sum((i.outstanding for i in facts.invoices), ZERO):.2f}",
                }
            )
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo("Aucun appel à passer.")
        return
    for r in rows:
        typer.echo(
            f"{r['action']}\t{r['due_on']}\t{r['case']}\t{r['debtor']}\t{r['phone'] or '—'}\t"
            f"{r['outstanding']} €"
        )
    typer.echo(f"{len(rows)} appel(s). Détail : recouvre calls show ID")


@calls_app.command("show", help="Affiche une tâche d'appel : dossier, script, historique.")
def calls_show(
    action_id: Annotated[int, typer.Argument(help="Numéro de la tâche (action).")],
    day: DateOption = None,
) -> None:
    from recouvre.bootstrap import call_store, fixed_indemnity
    from recouvre.services.outbox.calls import CallError, call_sheet
    from recouvre.services.outbox.documents import PayloadError

    with open_app() as app:
        try:
            sheet = call_sheet(call_store(app), action_id, _day(day, app), fixed_indemnity(app))
        except (CallError, PayloadError) as error:
            fail(str(error))
    a, facts = sheet.action, sheet.facts
    typer.echo(f"Appel n° {a.id} — dossier {facts.reference} — prévu le {a.due_on}")
    typer.echo(f"Débiteur : {facts.debtor.name} — téléphone : {sheet.phone or 'inconnu'}")
    typer.echo(f"Créancier : {facts.creditor.name}")
    typer.echo("")
    from recouvre.letters.document import block_text

    for block in sheet.script.blocks:
        typer.echo(block_text(block))
        typer.echo("")
    if sheet.history:
        typer.echo("Historique récent :")
        for line in sheet.history:
            typer.echo(f"  {line.on}  {line.kind}")
    typer.echo(
        "Issue : recouvre calls outcome ID reached|no-answer|wrong-number|promise --amount X "
        "--by AAAA-MM-JJ|dispute --reason ...|payment-plan"
    )


@calls_app.command("outcome", help="Enregistre l'issue d'un appel (crée l'événement du dossier).")
def calls_outcome(
    action_id: Annotated[int, typer.Argument(help="Numéro de la tâche (action).")],
    outcome: Annotated[str, typer.Argument(help="Issue : " + ", ".join(OUTCOME_NAMES) + ".")],
    amount: Annotated[
        str | None, typer.Option("--amount", help="Promesse : montant promis (1 234,56).")
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Promesse : date promise (AAAA-MM-JJ).")
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Contestation : motif ; ou une note.")
    ] = None,
    day: DateOption = None,
) -> None:
    from recouvre.bootstrap import call_store, case_events
    from recouvre.domain.errors import DomainError
    from recouvre.domain.money import InvalidAmount, parse_amount
    from recouvre.services.outbox.calls import (
        OUTCOME_LABELS,
        CallError,
        CallOutcome,
        record_outcome,
    )

    if outcome not in OUTCOME_NAMES:
        fail(f"issue inconnue « {outcome} » ; choix : {', '.join(OUTCOME_NAMES)}", 2)
    value: Decimal | None = None
    if amount is not None:
        try:
            value = parse_amount(amount)
        except InvalidAmount as error:
            fail(f"--amount : {error}", 2)
    promised: date | None = None
    if by is not None:
        try:
            promised = date.fromisoformat(by)
        except ValueError:
            fail(f"--by : date « {by} » illisible (AAAA-MM-JJ attendu)", 2)
    kind = CallOutcome(OUTCOME_NAMES[outcome])
    with open_app() as app:
        try:
            record = record_outcome(
                call_store(app), case_events(app), action_id, kind, _day(day, app),
                amount=value, promised_by=promised, reason=reason,
            )  # fmt: skip
        except (CallError, DomainError) as error:
            fail(str(error))
    typer.echo(
        f"Appel {action_id} : {OUTCOME_LABELS[kind]} enregistré ; tâche « {record.status.value} »."
    )


# --- registered mail tracking ----------------------------------------------------------------

tracking_app = typer.Typer(
    help="Lettres recommandées : numéros de suivi et événements (présentation, AR, retour).",
    no_args_is_help=True,
)


@tracking_app.command(
    "assign", help="Enregistre le numéro de suivi d'une lettre recommandée postée."
)
def tracking_assign(
    action_id: Annotated[int, typer.Argument(help="Numéro de l'action (lettre recommandée).")],
    number: Annotated[str, typer.Argument(help="Numéro de suivi (ex. 1A 012 345 6789 0).")],
    posted_on: Annotated[
        str | None, typer.Option("--posted-on", help="Date de dépôt (défaut : aujourd'hui).")
    ] = None,
) -> None:
    from recouvre.bootstrap import registered_mail_store
    from recouvre.services.outbox.registered_mail import TrackingError, assign_tracking_number

    with open_app() as app:
        try:
            item = assign_tracking_number(
                registered_mail_store(app), action_id, number, _day(posted_on, app)
            )
        except TrackingError as error:
            fail(str(error))
    typer.echo(f"Action {action_id} : postée le {item.posted_on}, suivi {item.tracking_number}.")


@tracking_app.command(
    "import",
    help="Importe un fichier CSV d'événements de suivi (numero;date;evenement). Tout ou rien.",
)
def tracking_import(
    file: Annotated[Path, typer.Argument(help="Fichier CSV.", exists=True, dir_okay=False)],
    as_json: JsonOption = False,
) -> None:
    from recouvre.adapters.importers.tracking_csv import read_tracking_csv
    from recouvre.bootstrap import case_events, registered_mail_store
    from recouvre.services.outbox.registered_mail import TrackingError, import_tracking

    lines, errors = read_tracking_csv(file)
    with open_app() as app:
        try:
            report = import_tracking(
                registered_mail_store(app), case_events(app), file.name, lines, errors
            )
        except TrackingError as error:
            fail(str(error))
    if as_json:
        print_json(
            {
                "recorded": report.recorded,
                "already_known": report.already_known,
                "by_event": dict(sorted(report.by_event.items())),
                "received": [{"case": c, "on": d.isoformat()} for c, d in report.received],
                "unreachable": [{"case": c, "on": d.isoformat()} for c, d in report.unreachable],
                "problems": report.problems,
            }
        )
        return
    typer.echo(
        f"{report.recorded} événement(s) enregistré(s), {report.already_known} déjà connu(s)."
    )
    for case, on in report.received:
        typer.echo(f"  - {case} : mise en demeure reçue le {on} (intérêts à compter de cette date)")
    for case, on in report.unreachable:
        typer.echo(f"  - {case} : destinataire inconnu à l'adresse le {on}, débiteur injoignable")
    for problem in report.problems:
        typer.echo(f"  - {problem}", err=True)


# --- bounces ---------------------------------------------------------------------------------

bounces_app = typer.Typer(
    help="Courriels rejetés : avis de non-remise (DSN) déposés dans un dossier ou reçus dans une "
    "boîte IMAP.",
    no_args_is_help=True,
)


@bounces_app.command("import", help="Lit les avis de non-remise (*.eml) d'un dossier.")
def bounces_import(
    folder: Annotated[Path, typer.Argument(help="Dossier des avis.", exists=True, file_okay=False)],
    as_json: JsonOption = False,
) -> None:
    from recouvre.adapters.files.bounce_folder import read_bounce_folder
    from recouvre.bootstrap import bounce_store, case_events
    from recouvre.services.outbox.bounces import import_bounces

    notices, skipped = read_bounce_folder(folder)
    with open_app() as app:
        report = import_bounces(
            bounce_store(app), case_events(app), notices, skipped, app.clock.today()
        )
    _print_bounces(report, as_json)


FETCH_HELP = (
    """Relève les avis de non-remise d'une boîte IMAP et les enregistre comme « bounces
import » (une adresse en échec définitif 5.x.x devient injoignable, le dossier passe au courrier).

\b
Configuration (variables d'environnement) :
  RECOUVRE_IMAP_HOST       serveur IMAP (obligatoire)
  RECOUVRE_IMAP_USER       identifiant (obligatoire)
  RECOUVRE_IMAP_PASSWORD   mot de passe (obligatoire)
  RECOUVRE_IMAP_SECURITY   tls (défaut, port 993), starttls (143), none (local)
  RECOUVRE_IMAP_PORT       port, si différent
  RECOUVRE_IMAP_MAILBOX    dossier des retours (défaut : INBOX)
  RECOUVRE_IMAP_CA_FILE    certificat d'une autorité privée (auto-signé)
  RECOUVRE_IMAP_DONE_MAILBOX  dossier où ranger les avis traités (facultatif)

Les avis traités reçoivent les drapeaux \\Seen et $RecouvreTraite ; les autres messages """
    """ne sont ni lus ni modifiés. Relancer la commande n'enregistre rien deux fois."""
)


@bounces_app.command("fetch", help=FETCH_HELP)
def bounces_fetch(
    on: Annotated[
        str | None,
        typer.Option(
            "--on", "--date", help="Date d'enregistrement (AAAA-MM-JJ ; défaut : aujourd'hui)."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from recouvre.adapters.config import ChannelConfigError, load_imap_config
    from recouvre.adapters.mail.imap_bounces import ImapError
    from recouvre.bootstrap import BounceMailboxNotConfigured, fetch_mail_bounces

    try:  # a missing or wrong setting is said before the database is opened
        config = load_imap_config()
    except ChannelConfigError as error:
        fail(str(error))
    if config is None:
        fail(str(BounceMailboxNotConfigured()))
    with open_app() as app:
        try:
            report = fetch_mail_bounces(app, _day(on, app), config)
        except ImapError as error:
            fail(str(error))
    _print_bounces(report, as_json)


def _print_bounces(report: Any, as_json: bool) -> None:
    if as_json:
        print_json(
            {
                "notices": report.notices,
                "already_known": report.already_known,
                "unreachable": report.unreachable,
                "cases": report.cases,
                "unmatched": report.unmatched,
                "transient": report.transient,
                "skipped_files": report.skipped_files,
                "problems": report.problems,
            }
        )
        return
    typer.echo(
        f"{report.notices} avis nouveau(x), {report.already_known} déjà connu(s), "
        f"{report.transient} temporaire(s) ; adresses injoignables : "
        f"{', '.join(report.unreachable) or 'aucune'}."
    )
    for case in report.cases:
        typer.echo(f"  - {case} : courriel abandonné, relances par courrier")
    for address in report.unmatched:
        typer.echo(f"  - {address} : aucun débiteur connu")
    for name in report.skipped_files:
        typer.echo(f"  - {name} : pas un avis de non-remise, ignoré")
    for problem in report.problems:
        typer.echo(f"  - {problem}", err=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command(
        "send",
        help="Envoie les actions dues de la file d'envoi (courriels, lettres, recommandés, SMS) "
        "sans jamais envoyer deux fois ; fusionne les lettres du jour en un lot d'impression.",
    )(send_command)
    app.add_typer(outbox_app, name="outbox")
    app.add_typer(calls_app, name="calls")
    app.add_typer(tracking_app, name="tracking")
    app.add_typer(bounces_app, name="bounces")
