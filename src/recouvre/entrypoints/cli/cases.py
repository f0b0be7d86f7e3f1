"""CLI commands: ``cases list`` and ``case show`` (read models, stable JSON with ``--json``)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from recouvre.domain.cases import Phase
from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.identifiers import validate_siren
from recouvre.entrypoints.cli.options import euros
from recouvre.entrypoints.cli.setup import fail, open_app, print_json
from recouvre.services.queries import CaseDetail

cases_app = typer.Typer(
    help="Dossiers de recouvrement (un dossier par créancier et débiteur).",
    no_args_is_help=True,
)
case_app = typer.Typer(help="Un dossier de recouvrement.", no_args_is_help=True)


JsonOption = Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")]


@cases_app.command(
    "list",
    help="Liste les dossiers : référence, créancier, débiteur, phase, "
    "attitude, nombre de factures, reste dû et plus ancienne échéance impayée.",
)
def list_cases(
    as_json: JsonOption = False,
    phase: Annotated[
        Phase | None,
        typer.Option("--phase", help="Seulement les dossiers dans cette phase."),
    ] = None,
    creditor: Annotated[
        str | None,
        typer.Option(
            "--creditor", metavar="SIREN", help="Seulement les dossiers de ce créancier (SIREN)."
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Nombre maximal de dossiers.")
    ] = None,
) -> None:
    siren = None
    if creditor is not None:
        try:
            siren = validate_siren(creditor)
        except InvalidIdentifier as error:
            fail(f"--creditor : {error}")
    with open_app() as app:
        summaries = app.case_queries.list_cases(phase=phase, creditor_siren=siren, limit=limit)
    if as_json:
        print_json([summary.as_json() for summary in summaries])
        return
    if not summaries:
        typer.echo("Aucun dossier.")
        return
    table = Table(title=f"{len(summaries)} dossier(s)")
    table.add_column("Référence", no_wrap=True)
    for title in ("Créancier", "Débiteur", "Phase", "Attitude", "Factures"):
        table.add_column(title)
    table.add_column("Reste dû", justify="right", no_wrap=True)
    table.add_column("Plus ancienne échéance", no_wrap=True)
    for s in summaries:
        table.add_row(
            s.reference,
            s.creditor_name,
            s.debtor_name,
            s.phase.value,
            s.attitude.value,
            str(s.invoices),
            euros(s.outstanding),
            s.oldest_due_date.isoformat() if s.oldest_due_date else "",
        )
    Console().print(table)


@case_app.command(
    "show",
    help="Affiche un dossier (par numéro ou référence, ex. D-2026-000123) : "
    "parties, factures et reste dû, paiements, actions en échec ou en quarantaine (avec le "
    "motif), événements.",
)
def show_case(
    key: Annotated[str, typer.Argument(metavar="ID", help="Numéro ou référence du dossier.")],
    as_json: JsonOption = False,
) -> None:
    with open_app() as app:
        detail = app.case_queries.case_detail(key)
    if detail is None:
        fail(f"dossier « {key} » introuvable")
    if as_json:
        print_json(detail.as_json())
        return
    _print_detail(detail)


def _print_detail(d: CaseDetail) -> None:
    console = Console()
    console.print(
        f"[bold]Dossier {d.reference}[/bold] (n° {d.id}) : phase {d.phase.value}, "
        f"attitude {d.attitude.value}, ouvert le {d.opened_on.isoformat()}"
    )
    if d.closure is not None:
        console.print(f"Clos le {d.closed_on} : {d.closure.value}")
    console.print(f"Créancier : {d.creditor.name} (SIREN {d.creditor.siren})")
    debtor = d.debtor
    ident = f" (SIREN {debtor.siren})" if debtor.siren else ""
    console.print(f"Débiteur : {debtor.name}{ident}, {debtor.kind.value}")
    address = ", ".join(
        [*debtor.address.lines, f"{debtor.address.postal_code} {debtor.address.city}".strip()]
    )
    if address.strip(", "):
        console.print(f"  {address}")
    for email in debtor.emails:
        console.print(f"  courriel : {email}")
    for phone in debtor.phones:
        console.print(f"  téléphone : {phone}")
    invoices = Table(title="Factures")
    for title in ("Numéro", "Date", "Échéance", "Statut"):
        invoices.add_column(title)
    for title in ("Montant TTC", "Déjà payé", "Reste dû"):
        invoices.add_column(title, justify="right")
    for line in d.invoices:
        invoices.add_row(
            line.number,
            line.issue_date.isoformat(),
            line.due_date.isoformat(),
            line.status,
            euros(line.amount),
            euros(line.paid),
            euros(line.outstanding),
        )
    console.print(invoices)
    console.print(f"Reste dû total : [bold]{euros(d.outstanding)}[/bold]")
    if d.payments:
        payments = Table(title="Paiements")
        for title in ("Reçu le", "Montant", "Facture désignée", "Référence"):
            payments.add_column(title)
        for p in d.payments:
            payments.add_row(
                p.received_on.isoformat(),
                euros(p.amount),
                p.designated_invoice or "",
                p.reference or "",
            )
        console.print(payments)
    if d.action_issues:
        issues = Table(title="Actions en échec ou en quarantaine")
        for title in ("Action", "Étape", "Canal", "Statut", "Motif", "Suite"):
            issues.add_column(title)
        for a in d.action_issues:
            if a.retried_by is not None:
                follow = f"relancée : action {a.retried_by}"
            elif a.status == "failed":
                follow = f"recouvre outbox retry {a.id}"
            else:
                follow = f"recouvre outbox resolve {a.id} --sent|--resend"
            issues.add_row(
                str(a.id),
                f"{a.step_id} (essai {a.attempt})",
                a.channel,
                "en échec" if a.status == "failed" else "en quarantaine",
                a.reason or "",
                follow,
            )
        console.print(issues)
    events = Table(title="Événements")
    for title in ("Date", "Nature", "Détail", "Par"):
        events.add_column(title)
    for e in d.events:
        detail = ", ".join(f"{k}={v}" for k, v in sorted(e.payload.items()))
        events.add_row(e.occurred_on.isoformat(), e.kind, detail, e.actor)
    console.print(events)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(cases_app, name="cases")
    app.add_typer(case_app, name="case")
