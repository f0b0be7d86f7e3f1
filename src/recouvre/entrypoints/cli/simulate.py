"""CLI command ``recouvre simulate``: replay the portfolio day by day (docs/simulation.md).

The configured database is only read: it is copied into a scratch SQLite file
(``adapters.db.stores.simulation.scratch_copy``) in a temporary folder, the simulation runs on
the copy with a simulated clock and a simulated sender that sends nothing, and the copy is
deleted at the end. ``simulate_portfolio`` is also the demo's step.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from recouvre.entrypoints.cli.setup import fail, open_app, print_json

if TYPE_CHECKING:
    from recouvre.bootstrap import App
    from recouvre.simulation.simulator import SimulatedDay, SimulationReport, Simulator

LOCALE = "fr_FR"
CHANNEL_LABELS = {
    "email": "courriels",
    "letter": "lettres simples",
    "registered_letter": "lettres recommandées",
    "sms": "SMS",
    "phone": "appels",
    "internal": "tâches internes",
}


def simulator_on(app: App, seed: int, start: date) -> Simulator:
    """The simulator wired on ``app``'s database, which it WRITES into (use a scratch copy)."""
    from recouvre import bootstrap
    from recouvre.adapters.db.stores.simulation import SqlSimulationStore
    from recouvre.simulation.sample.behaviour_params import load_behaviour
    from recouvre.simulation.simulator import SIMULATION_ACTOR, SimulatedClock, Simulator

    clock = SimulatedClock(start)
    sim_app = dataclasses.replace(app, clock=clock, actor=SIMULATION_ACTOR)
    settings = bootstrap.run_settings(sim_app)  # the shipped scenarios and contact policy
    return Simulator(
        store=SqlSimulationStore(sim_app.uow, clock),
        events=bootstrap.case_events(sim_app),
        review=bootstrap.review_queue(sim_app),
        run_day=lambda on: bootstrap.run_day(sim_app, on, settings=settings),
        behaviour=load_behaviour(),
        clock=clock,
        seed=seed,
    )


def simulate_portfolio(
    app: App,
    start: date,
    days: int,
    seed: int,
    on_day: Callable[[SimulatedDay], None] | None = None,
) -> SimulationReport:
    """Simulate on a scratch copy of ``app``'s database; the database itself is untouched."""
    from recouvre.adapters.db.stores.simulation import scratch_copy

    with tempfile.TemporaryDirectory(prefix="recouvre-simulation-") as folder:
        engine = scratch_copy(app.engine, Path(folder) / "simulation.sqlite3")
        try:
            scratch = dataclasses.replace(app, engine=engine)
            return simulator_on(scratch, seed, start).run(start, days, on_day)
        finally:
            engine.dispose()


def _euros(amount: Decimal) -> str:
    from babel.numbers import format_currency

    return format_currency(amount, "EUR", locale=LOCALE)


def _percent(share: Decimal) -> str:
    from babel.numbers import format_percent

    return format_percent(share, format="#,##0.0 %", locale=LOCALE)


def print_report(console: Console, report: SimulationReport) -> None:
    """The recovery curve by week, contacts by channel, closures and the guard's decisions."""
    console.print(
        f"Simulation du {report.start.isoformat()} sur {report.days} jours (graine "
        f"{report.seed}) : {report.initial_cases} dossiers ouverts, encours initial "
        f"{_euros(report.initial_outstanding)}."
    )
    curve = Table(title="Courbe de recouvrement", show_edge=False)
    for header in ("semaine", "au", "recouvré", "part", "", "dossiers ouverts"):
        curve.add_column(header, justify="left" if header in ("au", "") else "right")
    for number, day in enumerate(report.weeks(), start=1):
        curve.add_row(
            str(number),
            day.on.isoformat(),
            _euros(day.cumulative),
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


def _parse_date(text: str | None) -> date:
    if text is None:
        from recouvre.adapters.clock import today

        return today()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 (a plain date)
        except ValueError:
            continue
    fail(f"--from : date invalide « {text} » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)")


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
    first = _parse_date(start)
    with open_app() as app:
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
