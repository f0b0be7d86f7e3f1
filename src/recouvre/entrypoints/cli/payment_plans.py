"""CLI commands for payment plans: ``case plan`` (the schedule the debtor proposed, explicit
dates and amounts) and ``creditor plan-rules`` (the creditor's rules for the plans recouvre
proposes). French names are aliases; an instalment is written ``DATE:MONTANT``
(``15/01/2027:200,00``)."""

from __future__ import annotations

from typing import Annotated

import typer

from recouvre.domain.events.collection import Instalment
from recouvre.domain.money import ZERO
from recouvre.entrypoints.cli.options import (
    DATE_HELP,
    date_or_today,
    euros,
    parse_date,
    parse_money,
)
from recouvre.entrypoints.cli.setup import USAGE_ERROR, fail, open_app, print_json

InstalmentsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--instalment",
        "--echeance",
        metavar="DATE:MONTANT",
        help=f"Une échéance : date ({DATE_HELP}) et montant, ex. 15/01/2027:200,00 ; "
        "répéter l'option pour chaque échéance.",
    ),
]


def parse_instalments(texts: list[str] | None, option: str = "--instalment") -> list[Instalment]:
    """``["15/01/2027:200,00", ...]`` -> instalments, in the order given."""
    out = []
    for text in texts or ():
        day, sep, amount = text.partition(":")
        if not sep or not amount.strip():
            fail(f"{option} : « {text} » : DATE:MONTANT attendu (15/01/2027:200,00)", USAGE_ERROR)
        out.append(Instalment(parse_date(day, option), parse_money(amount, option)))
    return out


def case_plan(
    case: Annotated[str, typer.Argument(metavar="DOSSIER", help="Référence ou numéro du dossier.")],
    instalments: InstalmentsOption = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", "--le", help=f"Date de l'accord ({DATE_HELP} ; défaut : aujourd'hui)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:
    from recouvre.bootstrap import case_events, today

    schedule = parse_instalments(instalments)
    if not schedule:
        fail("indiquez chaque échéance : --echeance 15/01/2027:200,00 (une option par échéance)",
             USAGE_ERROR)  # fmt: skip
    day = date_or_today(on, "--on", today)
    with open_app() as app:
        outcome, letter = case_events(app).agreed_plan(case, day, schedule)
    if as_json:
        print_json({
            **outcome.as_json(),
            "instalments": [{"due_on": i.due_on.isoformat(), "amount": f"{i.amount:.2f}"}
                            for i in schedule],
            "agreement": None if letter is None
            else {"action": letter.action_id, "channel": letter.channel.value},
        })  # fmt: skip
        return
    typer.echo(f"Dossier {outcome.reference} : {outcome.reason}")
    for n, inst in enumerate(schedule, start=1):
        typer.echo(f"  {n}. {inst.due_on.strftime('%d/%m/%Y')}  {euros(inst.amount)}")
    typer.echo(f"  total : {euros(sum((i.amount for i in schedule), ZERO))}")
    if letter is None:
        typer.echo("  aucun canal pour joindre le débiteur : l'accord n'est pas envoyé")
        return
    way = "par courriel" if letter.channel.value == "email" else "par courrier"
    typer.echo(
        f"  accord d'échéancier à signer : action {letter.action_id}, envoyé {way} au prochain "
        "passage de « recouvre outbox send »"
    )


def creditor_plan_rules(
    siren: Annotated[str, typer.Argument(help="SIREN du créancier.")],
    min_instalment: Annotated[
        str | None,
        typer.Option("--min-instalment", "--echeance-min", help="Plus petite échéance proposée."),
    ] = None,
    max_months: Annotated[
        int | None,
        typer.Option("--max-months", "--duree-max", min=1, help="Durée maximale, en mois."),
    ] = None,
) -> None:
    from recouvre.bootstrap import plan_rules_settings
    from recouvre.law.payment_plan import PlanRules

    with open_app() as app:
        store = plan_rules_settings(app)
        rules = store.get(siren)
        if min_instalment is not None or max_months is not None:
            rules = store.set(siren, PlanRules(
                parse_money(min_instalment, "--min-instalment")
                if min_instalment is not None else rules.min_instalment,
                max_months if max_months is not None else rules.max_months,
            ))  # fmt: skip
    typer.echo(
        f"Échéanciers proposés : échéance d'au moins {euros(rules.min_instalment)}, "
        f"{rules.max_months} mois au plus."
    )


def register(app: typer.Typer) -> None:
    """Add ``case plan`` and ``creditor plan-rules`` to their groups."""
    from recouvre.entrypoints.cli.cases import case_app
    from recouvre.entrypoints.cli.parties import creditor_app

    case_help = (
        "Enregistre l'échéancier convenu avec le débiteur (dates et montants) : il remplace le "
        "scénario, l'attitude devient « en difficulté » et l'accord à signer part au débiteur."
    )
    case_app.command("plan", help=case_help)(case_plan)
    case_app.command("echeancier", help=case_help, hidden=True)(case_plan)
    rules_help = (
        "Affiche ou modifie les règles des échéanciers que recouvre propose pour ce créancier "
        "(échéance minimale, durée maximale)."
    )
    creditor_app.command("plan-rules", help=rules_help)(creditor_plan_rules)
    creditor_app.command("regles-echeancier", help=rules_help, hidden=True)(creditor_plan_rules)
