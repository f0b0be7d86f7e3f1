"""CLI command ``recouvre simulate``: replay the portfolio day by day (docs/simulation.md).

The configured database is only read: the simulation runs on a scratch copy with a simulated
clock and a simulated sender that sends nothing (``bootstrap.simulation.simulate_portfolio``,
also the demo's step).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from recouvre.entrypoints.cli.labels import fr_date
from recouvre.entrypoints.cli.options import date_or_today, euros
from recouvre.entrypoints.cli.setup import open_app, print_json

if TYPE_CHECKING:
    from recouvre.simulation.simulator import SimulationReport

LOCALE = "fr_FR"
CHANNEL_LABELS = {
    "email": "courriels",
    "letter": "lettres simples",
    "registered_letter": "lettres recommandées",
    "sms": "SMS",
    "phone": "appels",
    "internal": "tâches internes",
}


def _percent(share: Decimal) -> str:
    from babel.numbers import format_percent

    return format_percent(share, format="#,##0.0 %", locale=LOCALE)


def print_report(console: Console, report: SimulationReport) -> None:
    """The recovery curve by week, contacts by channel, closures and the guard's decisions."""
    console.print(
        f"Simulation du {fr_date(report.start)} sur {report.days} jours (graine "
        f"{report.seed}) : {report.initial_cases} dossiers ouverts, encours initial "
        f"{euros(report.initial_outstanding)}."
    )
    curve = Table(title="Courbe de recouvrement", show_edge=False)
    for header in ("semaine", "au", "recouvré", "part", "", "dossiers ouverts"):
        curve.add_column(header, justify="left" if header in ("au", "") else "right")
    for number, day in enumerate(report.weeks(), start=1):
        curve.add_row(
            str(number),
            fr_date(day.on),
            euros(day.cumulative),
            _percent(day.share),
            "█" * int(day.share * 20),
            str(day.open_cases),
        )
    console.print(curve)
    contacts = report.contacts()
    listed = ", ".join(f"{CHANNEL_LABELS.get(k, k)} : {v}" for k, v in contacts.items())
    console.print(f"Contacts par canal : {listed or 'aucun'}")
    totals = report.totals()
    console.print(
        f"Paiements : {totals['payments']} ; promesses : {totals['promises']} ; "
        f"contestations : {totals['disputes']} ; dossiers clos : {totals['closed']}"
    )
    console.print(
        f"Garde-fou : {totals['deferred']} contacts reportés, {totals['refused']} refusés."
    )
    console.print(
        "[dim]Rien n'a été envoyé ni écrit dans la base : la simulation travaille sur une copie "
        "et son expéditeur simulé n'appelle aucun prestataire.[/]"
    )


def simulate_command(
    start: Annotated[
        str | None,
        typer.Option(
            "--from", "--du", metavar="DATE", help="Premier jour simulé (défaut : aujourd'hui)."
        ),
    ] = None,
    days: Annotated[
        int, typer.Option("--days", "--jours", min=1, max=3660, help="Nombre de jours simulés.")
    ] = 60,
    seed: Annotated[int, typer.Option("--seed", "--graine", help="Graine du modèle.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:
    """Simuler le portefeuille jour par jour : tournées, envois simulés, réactions des
    débiteurs (modèle ajusté sur des données réelles), courbe de recouvrement. La base n'est
    pas modifiée : la simulation travaille sur une copie et n'envoie rien."""
    from recouvre.bootstrap.simulation import simulate_portfolio

    with open_app() as app:
        first = date_or_today(start, "--from", app.clock.today)
        report = simulate_portfolio(app, first, days, seed)
    if as_json:
        print_json(report.as_json())
        return
    if report.initial_cases == 0:
        typer.echo("Aucun dossier ouvert : rien à simuler (importez des factures d'abord).")
        return
    print_report(Console(), report)


def register(app: typer.Typer) -> None:
    """Add this module's command to the main app."""
    app.command("simulate")(simulate_command)
