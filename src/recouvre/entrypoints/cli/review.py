"""CLI commands ``review list|approve|cancel|delay``: the actions awaiting a person's approval."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from recouvre.entrypoints.cli.labels import CHANNELS, fr_date, word
from recouvre.entrypoints.cli.options import confirmed, euros
from recouvre.entrypoints.cli.setup import fail, open_app, print_json

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


CREDITOR = typer.Option(
    None,
    "--creditor",
    "--creancier",
    metavar="SIREN",
    help="Seulement les actions des dossiers de ce créancier.",
)
STEP = typer.Option(
    None,
    "--step",
    "--etape",
    metavar="ÉTAPE",
    help="Seulement les actions de cette étape de scénario.",
)
SCENARIO = typer.Option(
    None,
    "--scenario",
    metavar="SCÉNARIO",
    help="Seulement les actions des dossiers suivant ce scénario.",
)
ALL = typer.Option(False, "--all", "--toutes", help="Toutes les actions en attente.")
YES = typer.Option(False, "--yes", "--oui", help="Sans demander de confirmation.")
DRY = typer.Option(
    False,
    "--dry-run",
    "--simulation",
    help="Dit combien d'actions seraient concernées, sans rien changer.",
)
OUTPUT = typer.Option(
    None, "--output", "--sortie", help="Fichier PDF à écrire (défaut : dossier apercus/)."
)
IDS = typer.Argument(None, help="Numéros d'actions (sinon les filtres).", metavar="[ACTION]...")


def _filter(
    ids: list[int] | None, creditor: str | None, step: str | None, scenario: str | None
) -> Any:
    from recouvre.services.daily_run.ports import ReviewFilter

    return ReviewFilter(creditor, step, scenario, tuple(ids or ()))


@review_app.command(
    "list",
    help=(
        "Liste les actions en attente de validation : dossier, débiteur, montant dû, étape, "
        "canal, motif, et la commande qui montre le document."
    ),
)
def list_pending(
    creditor: str | None = CREDITOR,
    step: str | None = STEP,
    scenario: str | None = SCENARIO,
    limit: int = typer.Option(50, "--limit", help="Nombre maximum de lignes affichées."),
    as_json: bool = JSON,
) -> None:
    wanted = _filter(None, creditor, step, scenario)
    rows, total = _queue(None, lambda q: q[0].listing(wanted, limit))
    if as_json:
        print_json([_row_json(r) for r in rows])
        return
    if not rows:
        typer.echo("Aucune action en attente de validation.")
        return
    for r in rows:
        typer.echo(
            f"n° {r.id:<7} {r.case_reference}  {r.debtor} — dû {euros(r.owed)} — étape "
            f"{r.step_id} ({word(CHANNELS, r.channel)}), prévue le {fr_date(r.due_on)}"
            + (f", délai +{r.extra_delay_days} j" if r.extra_delay_days else "")
        )
        if r.reason:
            typer.echo(f"          motif : {r.reason}")
        if r.channel != "internal":
            typer.echo(f"          document : recouvre review show {r.id}")
    if total > len(rows):
        typer.echo(f"… et {total - len(rows)} autres ({total} en attente ; --limit pour plus)")


def _row_json(r: Any) -> dict[str, object]:
    return {
        "id": r.id, "case_id": r.case_id, "case_reference": r.case_reference,
        "debtor": r.debtor, "creditor": r.creditor, "scenario_id": r.scenario_id,
        "step_id": r.step_id, "channel": r.channel, "due_on": r.due_on.isoformat(),
        "status": "awaiting_approval",
        "extra_delay_days": r.extra_delay_days, "reason": r.reason, "owed": str(r.owed),
        "preview": None if r.channel == "internal" else f"recouvre review show {r.id}",
    }  # fmt: skip


@review_app.command(
    "show", help="Écrit le document qu'une action en attente enverrait (PDF), sans l'envoyer."
)
def show(
    action_id: int = typer.Argument(..., help="Numéro de l'action.", metavar="ACTION"),
    output: Path | None = OUTPUT,
) -> None:
    from recouvre import bootstrap

    with open_app() as app:
        pdf = bootstrap.preview_action(app, action_id, app.clock.today())
        target = output or app.settings.data_dir / "apercus" / f"action-{action_id}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    typer.echo(f"Aperçu de l'action {action_id} : {target}")


def _decide(f: Any, every: bool, yes: bool, dry: bool, verb: str,
            by: str | None, decide: Callable[[Any, Any], int], as_json: bool) -> None:  # fmt: skip
    from recouvre.services.daily_run.ports import ReviewFilter

    if every and not f.empty:
        raise typer.BadParameter("--all ne se combine pas avec des filtres ou des numéros")
    if not every and f.empty:
        fail("aucune action désignée : donnez des numéros, --creditor, --step, --scenario, "
             "ou --all pour toutes")  # fmt: skip
    wanted = ReviewFilter(everything=True) if every else f
    count = _queue(by, lambda q: q[0].count(wanted))
    if dry or count == 0:
        typer.echo(f"{count} action(s) en attente concernée(s) ; rien n'a été changé.")
        return
    ask = {"validée": "Valider", "annulée": "Annuler"}[verb]
    if not yes and not confirmed(f"{ask} {count} action(s) ?"):
        typer.echo("Rien n'a été changé.")
        return
    done = _queue(by, lambda q: decide(q, wanted))
    if as_json:
        print_json({"decided": done, "verb": verb})
    else:
        typer.echo(f"{done} action(s) {verb}s ; chaque décision est inscrite au journal.")


@review_app.command(
    "approve",
    help=(
        "Valide des actions (numéros ou filtres, --all pour toutes) : elles partent dans la "
        "file d'envoi ; en une transaction, chaque décision journalisée."
    ),
)
def approve(
    action_ids: list[int] | None = IDS,
    creditor: str | None = CREDITOR,
    step: str | None = STEP,
    scenario: str | None = SCENARIO,
    every: bool = ALL,
    yes: bool = YES,
    dry_run: bool = DRY,
    by: str | None = BY,
    as_json: bool = JSON,
) -> None:
    ids = action_ids or []
    if len(ids) == 1 and not (creditor or step or scenario or every):
        _show(_queue(by, lambda q: q[0].approve(ids[0], q[1])), as_json, "validée")
        return
    _decide(_filter(ids, creditor, step, scenario), every, yes, dry_run, "validée", by,
            lambda q, f: q[0].approve_where(f, q[1]), as_json)  # fmt: skip


@review_app.command(
    "cancel",
    help="Annule des actions (numéros ou filtres, --all pour toutes), avec un motif journalisé.",
)
def cancel(
    action_ids: list[int] | None = IDS,
    reason: str = typer.Option(..., "--reason", "--motif", help="Motif de l'annulation."),
    creditor: str | None = CREDITOR,
    step: str | None = STEP,
    scenario: str | None = SCENARIO,
    every: bool = ALL,
    yes: bool = YES,
    dry_run: bool = DRY,
    by: str | None = BY,
    as_json: bool = JSON,
) -> None:
    ids = action_ids or []
    if len(ids) == 1 and not (creditor or step or scenario or every):
        _show(_queue(by, lambda q: q[0].cancel(ids[0], reason, q[1])), as_json, "annulée")
        return
    _decide(_filter(ids, creditor, step, scenario), every, yes, dry_run, "annulée", by,
            lambda q, f: q[0].cancel_where(f, reason, q[1]), as_json)  # fmt: skip


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
