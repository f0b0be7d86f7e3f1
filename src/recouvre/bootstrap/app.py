"""The wired application: the database engine, the clock, the actor the journal names, and what
is read once per application (the legal tables, the scenarios and contact policy in force).

``build()`` takes the settings (default: ``recouvre.settings.load_settings``), creates the engine
and returns an ``App``. Entry points (CLI, web, worker) call ``build()`` once and hand the ``App``
to the wiring functions of the other modules of this package; nothing is built at import time.
"""

from __future__ import annotations

import getpass
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import sqlalchemy as sa

from recouvre.adapters.clock import SystemClock, today
from recouvre.adapters.db import migrations
from recouvre.adapters.db.engine import create_engine_for, sqlite_file
from recouvre.adapters.db.queries.cases import SqlCaseQueries
from recouvre.adapters.db.unit_of_work import SqlUnitOfWork
from recouvre.adapters.errors import AdapterError
from recouvre.adapters.timestamp.rfc3161 import (
    Rfc3161Timestamper,
    TokenChecker,
    load_certificate,
)
from recouvre.compliance.policy import ContactPolicy
from recouvre.domain.journal import Anchor
from recouvre.law.parameters import LegalTables
from recouvre.reference.configuration import configured_policy, configured_scenarios
from recouvre.reference.loader import load_tables
from recouvre.scenarios.model import Scenario
from recouvre.services import journal as journal_service
from recouvre.services.ports import Clock
from recouvre.settings import Settings, load_settings, load_tsa_settings

__all__ = ["App", "DatabaseNotReady", "build", "default_actor", "today"]


class DatabaseNotReady(AdapterError):
    """The database is missing or behind the code's schema: ``recouvre init`` is needed."""


def default_actor() -> str:
    """Who the journal names when a person runs the CLI: ``cli:<login>``."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@dataclass
class App:
    settings: Settings
    engine: sa.Engine
    clock: Clock
    actor: str

    # --- read once per application ----------------------------------------------------------

    @cached_property
    def tables(self) -> LegalTables:
        """The legal tables: shipped rows plus the user's corrections (``law_file``)."""
        return load_tables(self.settings.law_file)

    @cached_property
    def scenarios(self) -> tuple[Scenario, ...]:
        """The shipped scenarios, overridden and completed by the user's (``config/``)."""
        return configured_scenarios(self.settings.config_dir).scenarios

    @cached_property
    def contact_policy(self) -> ContactPolicy:
        """The user's contact policy (``config/policy.toml``), else the shipped one."""
        return configured_policy(self.settings.config_dir)

    # --- storage ----------------------------------------------------------------------------

    def uow(self, actor: str | None = None) -> SqlUnitOfWork:
        """A writing unit of work (``with app.uow() as uow: ...; uow.commit()``)."""
        return SqlUnitOfWork(self.engine, self.clock, actor or self.actor)

    def snapshot(self) -> SqlUnitOfWork:
        """A read-only unit of work on a consistent snapshot."""
        return SqlUnitOfWork(self.engine, self.clock, self.actor, snapshot=True)

    @property
    def case_queries(self) -> SqlCaseQueries:
        return SqlCaseQueries(self.engine)

    def database_location(self) -> str:
        path = sqlite_file(self.engine.url)
        if path is not None:
            return str(path.resolve())
        return self.engine.url.render_as_string(hide_password=True)

    def sqlite_path(self) -> str | None:
        """The database file when the database is an embedded SQLite one."""
        path = sqlite_file(self.engine.url)
        return None if path is None else str(path)

    def schema_revision(self) -> str | None:
        """The schema's migration revision; ``None`` for a database ``init`` never touched."""
        return migrations.current_revision(self.engine)

    def init_database(self) -> tuple[str | None, str]:
        """Create or upgrade the schema; returns (revision before, revision after)."""
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        before = migrations.current_revision(self.engine)
        migrations.upgrade(self.engine)
        return before, migrations.head_revision()

    def require_schema(self) -> None:
        """Refuse to work on a database ``recouvre init`` has not brought up to date."""
        path = sqlite_file(self.engine.url)
        if path is not None and not path.exists():
            raise DatabaseNotReady(
                f"aucune base de données à {path} : lancez d'abord « recouvre init »"
            )
        try:
            current = migrations.current_revision(self.engine)
        except sa.exc.OperationalError as error:
            raise DatabaseNotReady(
                f"connexion impossible à la base {self.database_location()} : {error.orig}"
            ) from error
        if current != migrations.head_revision():
            raise DatabaseNotReady(
                f"la base {self.database_location()} n'est pas à jour "
                f"(révision {current or 'aucune'}) : lancez « recouvre init »"
            )

    def dispose(self) -> None:
        self.engine.dispose()

    # --- evidence journal -------------------------------------------------------------------

    def verify_journal(self, exported: Sequence[str] = ()) -> journal_service.VerifyReport:
        """Verify the journal, each ``exported`` anchor digest against its anchor chain, and
        each anchor's RFC 3161 token (against ``RECOUVRE_TSA_CERT`` when it is set)."""
        tsa = load_tsa_settings()
        pinned = tsa.certificate if tsa is not None else None
        checker = TokenChecker(load_certificate(pinned) if pinned is not None else None)
        with self.snapshot() as uow:
            return journal_service.verify(uow.journal, exported=exported, checker=checker)

    def timestamp_anchors(self) -> journal_service.Stamping | None:
        """Have every anchor not yet stamped timestamped by ``RECOUVRE_TSA_URL``'s authority;
        ``None`` when no authority is configured."""
        tsa = load_tsa_settings()
        if tsa is None:
            return None
        trusted = load_certificate(tsa.certificate) if tsa.certificate is not None else None
        timestamper = Rfc3161Timestamper(tsa.url, timeout=tsa.timeout, trusted=trusted)
        return journal_service.timestamp_anchors(lambda: self.uow(), timestamper)

    def anchor_journal(self, actor: str | None = None) -> list[Anchor]:
        return journal_service.anchor(lambda: self.uow(actor), self.clock, actor or self.actor)


def build(
    settings: Settings | None = None, *, clock: Clock | None = None, actor: str | None = None
) -> App:
    """Wire recouvre for ``settings`` (default: read from the environment)."""
    settings = settings or load_settings()
    return App(
        settings=settings,
        engine=create_engine_for(
            settings.database_url, busy_timeout_s=settings.db_busy_timeout_s
        ),
        clock=clock or SystemClock(),
        actor=actor or default_actor(),
    )
