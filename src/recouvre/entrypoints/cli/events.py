"""CLI commands ``event ...``: what happens to a case (payment, promise, dispute, payment plan,
unreachable channel, collective proceedings, attitude, closure). French names are aliases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import typer

from recouvre.entrypoints.cli.labels import CLOSURES, PLAN_STATUSES, fr_date, word
from recouvre.entrypoints.cli.options import date_or_today, parse_money
from recouvre.entrypoints.cli.setup import fail, open_app, print_json

events_app = typer.Typer(
    help="Événements d'un dossier : paiement, promesse, contestation, échéancier, canal en "
    "échec, procédure collective, attitude, clôture. Chacun met à jour le plan de relance.",
    no_args_is_help=True,
)


def _run(apply: Callable[[Any], Any], as_json: bool) -> None:
    from recouvre import bootstrap

    with open_app() as app:
        outcome = apply(bootstrap.case_events(app))
    data = outcome.as_json()
    if as_json:
        print_json(data)
        return
    typer.echo(f"Dossier {data['reference']} : {data['reason']}")
    scenario = f" (scénario {data['scenario_id']})" if data["scenario_id"] else ""
    typer.echo(
        f"  plan : {word(PLAN_STATUSES, data['plan_status'])}{scenario} ; prochaine "
        f"date d'examen : {fr_date(data['next_action_on']) or 'sur événement'}"
    )
    if data["closure"]:
        typer.echo(f"  dossier clos : {word(CLOSURES, data['closure'])}")
    for step in data["withdrawn"]:
        typer.echo(f"  étape retirée (sera reprogrammée) : {step}")
    for step in data["cancelled"]:
        typer.echo(f"  étape annulée : {step}")


def _day(text: str | None, option: str) -> date:
    """The date given, or today (the event happened today)."""
    from recouvre.bootstrap import today

    return date_or_today(text, option, today)


JSON = typer.Option(False, "--json", help="Sortie JSON stable.")
ON = typer.Option(
    None,
    "--on",
    "--le",
    help="Date de l'événement (JJ/MM/AAAA ou AAAA-MM-JJ ; défaut : aujourd'hui).",
)


def _register(
    names: tuple[str, ...], help_text: str
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def wrap(fn: Callable[..., None]) -> Callable[..., None]:
        events_app.command(names[0], help=help_text)(fn)
        for alias in names[1:]:
            events_app.command(alias, help=help_text, hidden=True)(fn)
        return fn

    return wrap


@_register(
    ("payment", "paiement"),
    "Paiement reçu : solde le dossier s'il couvre tout, sinon recalcule et continue.",
)
def payment(
    case: str = typer.Argument(..., help="Dossier (référence D-AAAA-NNNNNN ou numéro)."),
    amount: str = typer.Option(..., "--amount", "--montant", help="Montant (1 234,56)."),
    on: str | None = ON,
    invoice: str | None = typer.Option(
        None, "--invoice", "--facture", help="Facture désignée par le débiteur."
    ),
    as_json: bool = JSON,
) -> None:
    value, day = parse_money(amount, "--amount"), _day(on, "--on")
    _run(lambda ev: ev.payment(case, value, day, invoice), as_json)


@_register(
    ("promise", "promesse"),
    "Promesse de paiement : pause jusqu'à la date promise (plus un délai de grâce).",
)
def promise(
    case: str = typer.Argument(..., help="Dossier."),
    amount: str = typer.Option(..., "--amount", "--montant", help="Montant promis."),
    by: str = typer.Option(
        ..., "--by", "--avant-le", help="Date promise (JJ/MM/AAAA ou AAAA-MM-JJ)."
    ),
    on: str | None = ON,
    as_json: bool = JSON,
) -> None:
    value, until, day = parse_money(amount, "--amount"), _day(by, "--by"), _day(on, "--on")
    _run(lambda ev: ev.promise(case, value, until, day), as_json)


@_register(
    ("dispute", "contestation"),
    "Contestation : tout contact est gelé jusqu'à la décision d'une personne.",
)
def dispute(
    case: str = typer.Argument(..., help="Dossier."),
    reason: str = typer.Option(..., "--reason", "--motif", help="Motif de la contestation."),
    on: str | None = ON,
    as_json: bool = JSON,
) -> None:
    day = _day(on, "--on")
    _run(lambda ev: ev.dispute(case, reason, day), as_json)


@_register(
    ("dispute-resolved", "contestation-levee"),
    "Contestation tranchée : rejected (le recouvrement reprend), partial, "
    "upheld (créance abandonnée).",
)
def dispute_resolved(
    case: str = typer.Argument(..., help="Dossier."),
    outcome: str = typer.Option(
        "rejected", "--outcome", "--issue", help="rejected | partial | upheld"
    ),
    note: str = typer.Option("", "--note", help="Note de décision."),
    on: str | None = ON,
    as_json: bool = JSON,
) -> None:
    from recouvre.domain.events.collection import DisputeOutcome

    try:
        result = DisputeOutcome(outcome)
    except ValueError:
        fail(f"--outcome : « {outcome} » inconnu (rejected, partial ou upheld)")
    day = _day(on, "--on")
    _run(lambda ev: ev.dispute_resolved(case, day, result, note), as_json)


@_register(
    ("payment-plan", "echeancier"),
    "Échéancier convenu : il remplace le scénario ; une échéance manquée relance le recouvrement.",
)
def payment_plan(
    case: str = typer.Argument(..., help="Dossier."),
    instalments: int = typer.Option(
        ..., "--instalments", "--echeances", help="Nombre d'échéances."
    ),
    first: str = typer.Option(..., "--first", "--premiere", help="Date de la première échéance."),
    every: int | None = typer.Option(None, "--every", "--tous-les", help="Intervalle en jours."),
    monthly: bool = typer.Option(False, "--monthly", "--mensuel", help="Échéances mensuelles."),
    on: str | None = ON,
    as_json: bool = JSON,
) -> None:
    start, day = _day(first, "--first"), _day(on, "--on")
    _run(lambda ev: ev.payment_plan(case, day, instalments, start, every, monthly), as_json)


@_register(
    ("unreachable", "injoignable"),
    "Canal en échec (courriel rejeté, pli non distribué, faux numéro) : changement de canal.",
)
def unreachable(
    case: str = typer.Argument(..., help="Dossier."),
    channel: str = typer.Option(..., "--channel", "--canal", help="email | letter | phone | sms"),
    on: str | None = ON,
    as_json: bool = JSON,
) -> None:
    from recouvre.domain.parties import Channel

    try:
        failed = Channel(channel)
    except ValueError:
        fail(f"--channel : « {channel} » inconnu (email, letter, phone ou sms)")
    day = _day(on, "--on")
    _run(lambda ev: ev.unreachable(case, failed, day), as_json)


@_register(
    ("collective-proceedings", "procedure-collective"),
    "Procédure collective ouverte : toute action cesse (C. com. L622-21).",
)
def collective_proceedings(
    case: str = typer.Argument(..., help="Dossier."),
    kind: str = typer.Option(
        ..., "--kind", "--nature", help="sauvegarde | redressement | liquidation"
    ),
    on: str | None = ON,
    as_json: bool = JSON,
) -> None:
    day = _day(on, "--on")
    _run(lambda ev: ev.collective_proceedings(case, kind, day), as_json)


@_register(
    ("attitude",),
    "Attitude du débiteur (unknown, forgetful, in_difficulty, unreachable, disputing, "
    "bad_faith) : le scénario peut changer.",
)
def attitude(
    case: str = typer.Argument(..., help="Dossier."),
    value: str = typer.Argument(..., help="Nouvelle attitude."),
    reason: str = typer.Option("", "--reason", "--motif", help="Pourquoi."),
    on: str | None = ON,
    as_json: bool = JSON,
) -> None:
    from recouvre.domain.cases import Attitude

    try:
        chosen = Attitude(value)
    except ValueError:
        fail(f"attitude « {value} » inconnue ({', '.join(a.value for a in Attitude)})")
    day = _day(on, "--on")
    _run(lambda ev: ev.attitude(case, chosen, day, reason), as_json)


@_register(
    ("close", "clore"),
    "Clôture du dossier : paid, settled, written_off, withdrawn ; les actions en attente "
    "sont annulées.",
)
def close(
    case: str = typer.Argument(..., help="Dossier."),
    reason: str = typer.Option(
        ..., "--reason", "--motif", help="paid | settled | written_off | withdrawn"
    ),
    note: str = typer.Option("", "--note", help="Commentaire."),
    on: str | None = ON,
    as_json: bool = JSON,
) -> None:
    from recouvre.domain.cases import Closure

    allowed = ("paid", "settled", "written_off", "withdrawn")
    if reason not in allowed:
        fail(f"--reason : « {reason} » inconnu ({', '.join(allowed)})")
    day = _day(on, "--on")
    _run(lambda ev: ev.close(case, Closure(reason), day, note), as_json)


def register(app: typer.Typer) -> None:
    app.add_typer(events_app, name="event")
    app.add_typer(events_app, name="evenement", hidden=True)
