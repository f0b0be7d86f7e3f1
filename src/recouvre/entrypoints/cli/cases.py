"""CLI commands: ``cases list`` and ``case show`` (read models, stable JSON with ``--json``)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from recouvre.domain.cases import Phase
from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.identifiers import validate_siren
from recouvre.entrypoints.case_overview import CaseSummary
from recouvre.entrypoints.case_overview import case_overview as case_summary
from recouvre.entrypoints.cli.case_summary import print_summary
from recouvre.entrypoints.cli.labels import (
    ATTITUDES,
    CHANNELS,
    CLOSURES,
    DEBTOR_KINDS,
    INVOICE_STATUSES,
    PHASES,
    event_detail,
    event_kind,
    fr_date,
    word,
)
from recouvre.entrypoints.cli.options import euros
from recouvre.entrypoints.cli.setup import fail, open_app, print_json
from recouvre.services.queries import CaseDetail, PaymentLine

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
            word(PHASES, s.phase),
            word(ATTITUDES, s.attitude),
            str(s.invoices),
            euros(s.outstanding),
            fr_date(s.oldest_due_date),
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
        summary = case_summary(app, detail)
    _print_detail(detail, summary)


def _print_detail(d: CaseDetail, summary: CaseSummary) -> None:
    console = Console()
    console.print(
        f"[bold]Dossier {d.reference}[/bold] (n° {d.id}) : phase {word(PHASES, d.phase)}, "
        f"attitude du débiteur « {word(ATTITUDES, d.attitude)} », ouvert le {fr_date(d.opened_on)}"
    )
    if d.closure is not None:
        console.print(f"Clos le {fr_date(d.closed_on)} : {word(CLOSURES, d.closure)}")
    print_summary(console, d, summary)
    _print_parties(console, d)
    invoices = Table(title="Factures")
    for title in ("Numéro", "Date", "Échéance", "Statut"):
        invoices.add_column(title)
    for title in ("Montant TTC", "Déjà payé", "Reste dû"):
        invoices.add_column(title, justify="right")
    for line in d.invoices:
        invoices.add_row(
            line.number,
            fr_date(line.issue_date),
            fr_date(line.due_date),
            word(INVOICE_STATUSES, line.status),
            euros(line.amount),
            euros(line.paid),
            euros(line.outstanding),
        )
    console.print(invoices)
    console.print(f"Reste dû sur factures : [bold]{euros(d.outstanding)}[/bold]")
    if d.payments:
        payments = Table(title="Paiements")
        for title in ("Reçu le", "Montant", "Facture désignée", "Imputé sur", "Référence"):
            payments.add_column(title)
        for p in d.payments:
            payments.add_row(
                fr_date(p.received_on),
                euros(p.amount),
                p.designated_invoice or "",
                payment_parts_text(p),
                p.reference or "",
            )
        console.print(payments)
    _print_issues(console, d)
    events = Table(title="Événements")
    for title in ("Date", "Nature", "Détail", "Par"):
        events.add_column(title)
    for e in d.events:
        events.add_row(fr_date(e.occurred_on), event_kind(e.kind), event_detail(e.payload), e.actor)
    console.print(events)


def payment_parts_text(p: PaymentLine) -> str:
    """How a payment was imputed, in words: « F-1 : 40,00 € indemnité et frais, 3,12 €
    pénalités et intérêts, 56,88 € principal »; a payment the bank took back says so."""
    if p.reversed_on is not None:
        return f"annulé par la banque le {fr_date(p.reversed_on)}"
    lines = []
    for part in p.parts:
        words = [
            f"{euros(amount)} {label}"
            for amount, label in (
                (part.accessories, "indemnité et frais"),
                (part.interest, "pénalités et intérêts"),
                (part.principal, "principal"),
            )
            if amount
        ]
        lines.append(f"{part.invoice} : {', '.join(words)}")
    return "\n".join(lines)


def _print_parties(console: Console, d: CaseDetail) -> None:
    console.print(f"Créancier : {d.creditor.name} (SIREN {d.creditor.siren})")
    debtor = d.debtor
    ident = f" (SIREN {debtor.siren})" if debtor.siren else ""
    console.print(f"Débiteur : {debtor.name}{ident}, {word(DEBTOR_KINDS, debtor.kind)}")
    address = ", ".join(
        [*debtor.address.lines, f"{debtor.address.postal_code} {debtor.address.city}".strip()]
    )
    if address.strip(", "):
        console.print(f"  {address}")
    for email in debtor.emails:
        console.print(f"  courriel : {email}")
    for phone in debtor.phones:
        console.print(f"  téléphone : {phone}")


def _print_issues(console: Console, d: CaseDetail) -> None:
    if not d.action_issues:
        return
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
            word(CHANNELS, a.channel),
            "en échec" if a.status == "failed" else "en quarantaine",
            a.reason or "",
            follow,
        )
    console.print(issues)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(cases_app, name="cases")
    app.add_typer(case_app, name="case")
