"""CLI commands ``review list|approve|cancel|delay``: the actions awaiting a person's approval."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from recouvre.entrypoints.cli.setup import open_app, print_json

review_app = typer.Typer(
    help="File de validation : actions qui attendent l'accord d'une personne avant l'envoi.",
    no_args_is_help=True,
)

JSON = typer.Option(False, "--json", help="Sortie JSON stable.")
BY = typer.Option(None, "--by", "--par", help="Qui décide (défaut : cli:<identifiant>).")


def _queue(actor: str | None, use: Callable[[Any], Any]) -> Any:
    from recouvre import bootstrap

    with open_app() as app:
        return use((bootstrap.review_queue(app, actor), app.clock.today()))


def _show(item: Any, as_json: bool, verb: str) -> None:
    if as_json:
        print_json(item.as_json())
    else:
        typer.echo(f"Action {item.id} ({item.step_id}, dossier {item.case_id}) : {verb}")


@review_app.command("list", help="Liste les actions en attente de validation.")
def list_pending(
    limit: int | None = typer.Option(None, "--limit", help="Nombre maximum."),
    as_json: bool = JSON,
) -> None:
    items = _queue(None, lambda q: q[0].pending(limit))
    if as_json:
        print_json([i.as_json() for i in items])
        return
    if not items:
        typer.echo("Aucune action en attente de validation.")
    for i in items:
        typer.echo(
            f"{i.id:>8}  dossier {i.case_id:<8} {i.step_id:<22} {i.channel:<17} "
            f"prévue le {i.due_on.isoformat()}  délai +{i.extra_delay_days} j"
        )
        if i.channel == "internal" and i.reason:
            typer.echo(f"          {i.reason}")


@review_app.command("approve", help="Valide une action : elle part dans la file d'envoi.")
def approve(
    action_id: int = typer.Argument(..., help="Numéro de l'action."),
    by: str | None = BY,
    as_json: bool = JSON,
) -> None:
    _show(_queue(by, lambda q: q[0].approve(action_id, q[1])), as_json, "validée")


@review_app.command("cancel", help="Annule une action, avec un motif (journalisé).")
def cancel(
    action_id: int = typer.Argument(..., help="Numéro de l'action."),
    reason: str = typer.Option(..., "--reason", "--motif", help="Motif de l'annulation."),
    by: str | None = BY,
    as_json: bool = JSON,
) -> None:
    _show(_queue(by, lambda q: q[0].cancel(action_id, reason, q[1])), as_json, "annulée")


@review_app.command("delay", help="Accorde N jours de plus au débiteur ; l'action reste à valider.")
def delay(
    action_id: int = typer.Argument(..., help="Numéro de l'action."),
    days: int = typer.Option(..., "--days", "--jours", help="Nombre de jours."),
    by: str | None = BY,
    as_json: bool = JSON,
) -> None:
    _show(_queue(by, lambda q: q[0].delay(action_id, days, q[1])), as_json, f"reportée de {days} j")


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
    app.add_typer(review_app, name="validation", hidden=True)
