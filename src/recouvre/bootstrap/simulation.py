"""Wiring of the simulation (``recouvre.simulation``) and of the demonstration's sample data.

A simulation never touches the configured database: it runs on a scratch SQLite copy in a
temporary folder, with a simulated clock and a simulated sender that sends nothing, and the copy
is deleted at the end. The sample portfolio's creditors and agency are registered through
``services.parties``, journaled like any other change.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from recouvre.adapters.clock import FixedDayClock
from recouvre.adapters.db.stores.simulation import SqlSimulationStore, scratch_copy
from recouvre.bootstrap.app import App, build
from recouvre.bootstrap.cases import case_events
from recouvre.bootstrap.daily_run import review_queue, run_day, run_settings
from recouvre.bootstrap.parties import legal_identities, parties_service
from recouvre.settings import Settings
from recouvre.simulation.sample.behaviour_params import load_behaviour
from recouvre.simulation.sample.parties import SampleCreditor
from recouvre.simulation.sample.registration import register_sample_creditors
from recouvre.simulation.simulator import (
    SIMULATION_ACTOR,
    SimulatedClock,
    SimulatedDay,
    SimulationReport,
    Simulator,
)


def build_on_day(settings: Settings, on: date, actor: str) -> App:
    """An application for which today is ``on`` (the demonstration runs "as if on" that day);
    instants stay the machine's, as the journal records when an entry was really written."""
    return build(settings, clock=FixedDayClock(on), actor=actor)


def register_sample_parties(app: App, samples: Sequence[SampleCreditor]) -> dict[str, int]:
    """Register (or bring up to date) the sample's creditors and their agency, with the legal
    identity their court papers state (the form their name ends with, their town's RCS);
    returns SIREN -> creditor id."""
    ids = register_sample_creditors(parties_service(app), samples)
    identities = legal_identities(app)
    for sample in samples:
        c = sample.creditor
        if identities.get(c.siren) is None:
            identities.set(c.siren, legal_form=c.name.rsplit(" ", 1)[-1], rcs_city=c.address.city)
    return ids


def foreign_creditors(app: App, samples: Sequence[SampleCreditor]) -> list[str]:
    """The creditors of ``app``'s database that are not the sample's (a sign of real data),
    as ``name (SIREN)``; none in a database without a schema."""
    if app.schema_revision() is None:
        return []
    sample = {s.creditor.siren for s in samples}
    return [
        f"{p.creditor.name} ({p.creditor.siren})"
        for p in parties_service(app).creditors()
        if p.creditor.siren not in sample
    ]


def has_creditors(app: App) -> bool:
    return app.schema_revision() is not None and bool(parties_service(app).creditors())


def simulator_on(app: App, seed: int, start: date) -> Simulator:
    """The simulator wired on ``app``'s database, which it WRITES into (use a scratch copy)."""
    clock = SimulatedClock(start)
    sim_app = dataclasses.replace(app, clock=clock, actor=SIMULATION_ACTOR)
    settings = run_settings(sim_app)
    return Simulator(
        store=SqlSimulationStore(sim_app.uow, clock),
        events=case_events(sim_app),
        review=review_queue(sim_app),
        run_day=lambda on: run_day(sim_app, on, settings=settings),
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
    with tempfile.TemporaryDirectory(prefix="recouvre-simulation-") as folder:
        engine = scratch_copy(app.engine, Path(folder) / "simulation.sqlite3")
        try:
            scratch = dataclasses.replace(app, engine=engine)
            return simulator_on(scratch, seed, start).run(start, days, on_day)
        finally:
            engine.dispose()
