"""CLI commands ``calls``: the agents' call queue, the call script and the outcome of a call."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import typer

from recouvre.domain.money import ZERO
from recouvre.entrypoints.cli.labels import ACTION_STATUSES, event_kind, fr_date, word
from recouvre.entrypoints.cli.options import euros, optional_date, optional_money
from recouvre.entrypoints.cli.outbox import DateOption, JsonOption, working_day
from recouvre.entrypoints.cli.payment_plans import InstalmentsOption, parse_instalments
from recouvre.entrypoints.cli.setup import USAGE_ERROR, fail, open_app, print_json
from recouvre.services.outbox.model import ActionStatus

# A call task is done or not, not « sent »; other statuses read as any action's.
CALL_TASK_STATUSES: dict[str, str] = ACTION_STATUSES | {
    ActionStatus.SENT: "faite",
    ActionStatus.FAILED: "sans suite (à rappeler ou changer de canal)",
}

OUTCOME_NAMES = {
    "reached": "reached",
    "no-answer": "no_answer",
    "wrong-number": "wrong_number",
    "promise": "promise",
    "dispute": "dispute",
    "payment-plan": "payment_plan",
}

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
        on = working_day(day, app)
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
            f"{euros(Decimal(str(r['outstanding'])))}"
        )
    typer.echo(f"{len(rows)} appel(s). Détail : recouvre calls show ID")


@calls_app.command("show", help="Affiche une tâche d'appel : dossier, script, historique.")
def calls_show(
    action_id: Annotated[int, typer.Argument(help="Numéro de la tâche (action).")],
    day: DateOption = None,
) -> None:
    from recouvre.bootstrap import call_store, fixed_indemnity
    from recouvre.services.outbox.calls import call_sheet

    with open_app() as app:
        on = working_day(day, app)
        sheet = call_sheet(call_store(app), action_id, on, fixed_indemnity(app))
    a, facts = sheet.action, sheet.facts
    typer.echo(f"Appel n° {a.id} — dossier {facts.reference} — prévu le {fr_date(a.due_on)}")
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
            typer.echo(f"  {fr_date(line.on)}  {event_kind(line.kind)}")
    typer.echo(
        "Issue : recouvre calls outcome ID reached|no-answer|wrong-number|promise --amount X "
        "--by JJ/MM/AAAA|dispute --reason ...|payment-plan [--echeance JJ/MM/AAAA:MONTANT ...]"
    )


@calls_app.command("outcome", help="Enregistre l'issue d'un appel (crée l'événement du dossier).")
def calls_outcome(
    action_id: Annotated[int, typer.Argument(help="Numéro de la tâche (action).")],
    outcome: Annotated[str, typer.Argument(help="Issue : " + ", ".join(OUTCOME_NAMES) + ".")],
    amount: Annotated[
        str | None, typer.Option("--amount", help="Promesse : montant promis (1 234,56).")
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Promesse : date promise (JJ/MM/AAAA ou AAAA-MM-JJ).")
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Contestation : motif ; ou une note.")
    ] = None,
    instalments: InstalmentsOption = None,
    day: DateOption = None,
) -> None:
    from recouvre.bootstrap import call_store, case_events
    from recouvre.services.outbox.calls import OUTCOME_LABELS, CallOutcome, record_outcome

    if outcome not in OUTCOME_NAMES:
        fail(f"issue inconnue « {outcome} » ; choix : {', '.join(OUTCOME_NAMES)}", USAGE_ERROR)
    value = optional_money(amount, "--amount")
    promised = optional_date(by, "--by")
    kind = CallOutcome(OUTCOME_NAMES[outcome])
    with open_app() as app:
        record = record_outcome(
            call_store(app), case_events(app), action_id, kind, working_day(day, app),
            amount=value, promised_by=promised, reason=reason,
            instalments=parse_instalments(instalments, "--echeance"),
        )  # fmt: skip
    typer.echo(
        f"Appel {action_id} : {OUTCOME_LABELS[kind]} enregistré ; "
        f"tâche « {word(CALL_TASK_STATUSES, record.status)} »."
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(calls_app, name="calls")
