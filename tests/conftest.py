"""Test-suite wiring: the storage backends every ``storage`` test runs on.

``--backends sqlite,postgresql`` (the default) selects the backends. A test that asks for
``db_url`` or ``db_engine`` (directly or through another fixture) is parametrized over them,
marked ``storage``, and gets a fresh database migrated to the latest revision:

- SQLite: a copy of a template file migrated once per session;
- PostgreSQL: ``CREATE DATABASE ... TEMPLATE`` of a database migrated once per session, on a
  throw-away cluster this conftest starts itself (``initdb`` + ``pg_ctl``, unix socket only, no
  TCP, trust authentication, fsync off), one cluster per pytest-xdist worker so that workers
  share nothing and need no lock. As root, the cluster runs as the ``postgres`` system user
  (created when missing). The binaries are taken from ``RECOUVRE_TEST_POSTGRES_BIN``, else the
  newest ``/usr/lib/postgresql/*/bin`` (15 preferred), else ``initdb`` on the PATH.
  ``RECOUVRE_TEST_POSTGRES_URL`` (a superuser URL) replaces the cluster by an existing server.

When PostgreSQL is selected but its binaries are missing, the PostgreSQL tests ERROR with a
message saying what to install: they never skip silently.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy.engine import make_url

from recouvre.adapters.db.engine import create_engine_for
from recouvre.adapters.db.migrations import upgrade

pytest_plugins = ["pytester"]

BACKENDS = ("sqlite", "postgresql")
DB_FIXTURES = {"db_url", "db_engine", "backend"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backends",
        default="sqlite,postgresql",
        help="bases de données des tests « storage », séparées par des virgules "
        "(sqlite,postgresql)",
    )


def selected_backends(config: pytest.Config) -> list[str]:
    raw = str(config.getoption("--backends"))
    chosen = [name.strip() for name in raw.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in BACKENDS]
    if unknown or not chosen:
        raise pytest.UsageError(
            f"--backends : {raw!r} invalide ; valeurs possibles : {', '.join(BACKENDS)}"
        )
    return chosen


def pytest_configure(config: pytest.Config) -> None:
    selected_backends(config)  # a wrong --backends is a usage error, before collection
    config.addinivalue_line("markers", "storage: touches a database (see --backends)")
    config.addinivalue_line(
        "markers", "backends(*names): runs only on these backends (of those selected)"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        chosen = selected_backends(metafunc.config)
        only = metafunc.definition.get_closest_marker("backends")  # a backend-specific test
        if only is not None:
            chosen = [b for b in chosen if b in only.args]
        metafunc.parametrize("backend", chosen, scope="function")


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects on the marker added here
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.storage)


# --- SQLite ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    engine = create_engine_for(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


# --- PostgreSQL ------------------------------------------------------------------------------


class PostgresUnavailable(RuntimeError):
    """PostgreSQL was selected for the tests but cannot be started here."""


def _postgres_bin_dir() -> Path:
    override = os.environ.get("RECOUVRE_TEST_POSTGRES_BIN")
    if override:
        if (Path(override) / "initdb").exists():
            return Path(override)
        raise PostgresUnavailable(
            f"PostgreSQL est sélectionné (--backends) mais {override}/initdb n'existe pas "
            "(RECOUVRE_TEST_POSTGRES_BIN)."
        )
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    preferred = [c for c in candidates if "/15/" in c] + candidates
    if preferred:
        return Path(preferred[0]).parent
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise PostgresUnavailable(
        "PostgreSQL est sélectionné (--backends) mais initdb est introuvable : installez le "
        "paquet Debian « postgresql » (15), ou définissez RECOUVRE_TEST_POSTGRES_URL, ou "
        "lancez les tests avec --backends sqlite."
    )


@dataclass
class PostgresServer:
    """A PostgreSQL server the tests may create and drop databases on."""

    admin_url: str  # a superuser URL to the "postgres" maintenance database
    stop: list[str] | None = None  # command stopping a cluster we started
    run_as: str | None = None
    folder: Path | None = None

    def url_for(self, database: str) -> str:
        return make_url(self.admin_url).set(database=database).render_as_string(hide_password=False)

    def execute(self, sql: str) -> None:
        engine = sqlalchemy.create_engine(
            make_url(self.admin_url).set(drivername="postgresql+psycopg"),
            isolation_level="AUTOCOMMIT",
            poolclass=sqlalchemy.pool.NullPool,
        )
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql(sql)
        finally:
            engine.dispose()


def _as_user(user: str | None, argv: list[str]) -> list[str]:
    return argv if user is None else ["runuser", "-u", user, "--", *argv]


def _start_cluster() -> PostgresServer:
    bin_dir = _postgres_bin_dir()
    user: str | None = None
    if os.geteuid() == 0:
        user = "postgres"
        try:
            pwd.getpwnam(user)
        except KeyError:
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/bin/sh", user],
                check=True,
            )
    folder = Path(tempfile.mkdtemp(prefix="recouvre-pg-", dir="/tmp"))
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    data = folder / "data"
    port = "5432"  # the socket lives in our own folder: no clash with any other server

    def run(argv: list[str]) -> None:
        subprocess.run(_as_user(user, argv), check=True, capture_output=True, text=True)

    try:
        run(
            [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
             "-E", "UTF8", "--locale=C", "--no-sync"]
        )  # fmt: skip
        options = (
            f"-c listen_addresses='' -k {folder} -p {port} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        run(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
             "-w", "-t", "60", "-o", options, "start"]
        )  # fmt: skip
    except subprocess.CalledProcessError as error:
        log = folder / "server.log"
        detail = log.read_text() if log.exists() else ""
        raise PostgresUnavailable(
            f"impossible de démarrer PostgreSQL ({' '.join(error.cmd)}) :\n"
            f"{error.stdout}\n{error.stderr}\n{detail}"
        ) from error
    return PostgresServer(
        admin_url=f"postgresql+psycopg://postgres@/postgres?host={folder}&port={port}",
        stop=[str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
        run_as=user,
        folder=folder,
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    external = os.environ.get("RECOUVRE_TEST_POSTGRES_URL")
    if external:
        yield PostgresServer(admin_url=external)
        return
    server = _start_cluster()
    try:
        yield server
    finally:
        if server.stop is not None:
            subprocess.run(_as_user(server.run_as, server.stop), capture_output=True, check=False)
        if server.folder is not None:
            shutil.rmtree(server.folder, ignore_errors=True)


def _unique_prefix() -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"rcv_{worker}_{os.getpid()}"


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> Iterator[str]:
    name = f"{_unique_prefix()}_template"
    postgres_server.execute(f'CREATE DATABASE "{name}"')
    engine = create_engine_for(postgres_server.url_for(name), poolclass=sqlalchemy.pool.NullPool)
    upgrade(engine)
    engine.dispose()
    try:
        yield name
    finally:
        with contextlib.suppress(sqlalchemy.exc.SQLAlchemyError):
            postgres_server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_database_numbers = itertools.count(1)


# --- The fixtures tests use ------------------------------------------------------------------


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database at the latest revision, on ``backend``."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path / "recouvre.sqlite3"
        shutil.copyfile(template, target)
        yield f"sqlite:///{target}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    template_name: str = request.getfixturevalue("postgres_template")
    name = f"{_unique_prefix()}_{next(_database_numbers)}"
    server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
    try:
        yield server.url_for(name)
    finally:
        with contextlib.suppress(sqlalchemy.exc.SQLAlchemyError):
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_engine(db_url: str) -> Iterator[sqlalchemy.Engine]:
    engine = create_engine_for(db_url)
    try:
        yield engine
    finally:
        engine.dispose()


# --- CLI tests: a SQLite database named by the environment, as a user's would be -----------


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """Environment for running the CLI against a fresh (not yet initialised) SQLite file."""
    data = tmp_path / "donnees"
    return {
        "RECOUVRE_DATA_DIR": str(data),
        "RECOUVRE_DATABASE_URL": f"sqlite:///{data / 'recouvre.sqlite3'}",
    }


@pytest.fixture
def seeded_cli_env(cli_env: dict[str, str]) -> dict[str, str]:
    """``cli_env`` with an initialised database holding two creditors' cases:

    - case 1 (``D-2026-000001``): Menuiserie Durand (SIREN 732829320) against Boulangerie
      Schmitt, formal notice, invoices F-1 (1 234,56 €, 100,00 € paid, due 2025-12-31) and F-2
      (50,00 €, due 2025-11-30), a 10,00 € payment;
    - case 2 (``D-2026-000002``): Transports Martin (SIREN 552100554) against a consumer, amicable,
      one invoice of 99,90 € due 2026-01-15.
    """
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from recouvre.bootstrap import build
    from recouvre.domain.cases import Case, Phase
    from recouvre.domain.claims import Invoice
    from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
    from recouvre.domain.payments import Payment
    from recouvre.settings import load_settings

    class Clock:
        def now(self) -> datetime:
            return datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

        def today(self) -> date:
            return date(2026, 3, 2)

    app = build(load_settings(cli_env), clock=Clock(), actor="test:seed")
    app.init_database()
    with app.uow() as uow:
        durand = uow.creditors.add(Creditor(None, "Menuiserie Durand", "732829320"))
        martin = uow.creditors.add(Creditor(None, "Transports Martin", "552100554"))
        schmitt = uow.debtors.add(
            Debtor(None, DebtorKind.COMPANY, "Boulangerie Schmitt", siren="542065479",
                   address=Address(("3 place d'Armes",), "57000", "Metz"),
                   emails=("contact@schmitt.example",))
        )  # fmt: skip
        dupont = uow.debtors.add(
            Debtor(None, DebtorKind.CONSUMER, "Marie Dupont",
                   address=Address(("8 rue Pasteur",), "97400", "Saint-Denis"))
        )  # fmt: skip
        assert durand.id and martin.id and schmitt.id and dupont.id
        first = uow.cases.add(Case.open(durand.id, schmitt.id, date(2026, 1, 5)))
        second = uow.cases.add(Case.open(martin.id, dupont.id, date(2026, 2, 1)))
        assert first.id and second.id
        uow.invoices.add(
            Invoice(None, durand.id, schmitt.id, "F-1", date(2025, 12, 1), date(2025, 12, 31),
                    Decimal("1234.56"), Decimal("100.00")), first.id
        )  # fmt: skip
        uow.invoices.add(
            Invoice(None, durand.id, schmitt.id, "F-2", date(2025, 11, 1), date(2025, 11, 30),
                    Decimal("50.00")), first.id
        )  # fmt: skip
        uow.invoices.add(
            Invoice(None, martin.id, dupont.id, "M-77", date(2025, 12, 16), date(2026, 1, 15),
                    Decimal("99.90")), second.id
        )  # fmt: skip
        uow.payments.add(Payment(None, first.id, date(2026, 2, 10), Decimal("10.00"), "F-1"))
        first.move_to(Phase.FORMAL_NOTICE, date(2026, 2, 1), "relances sans réponse")
        from recouvre.domain.legal_identity import LegalIdentity

        for creditor, form in ((durand, "SARL"), (martin, "SAS")):
            assert creditor.id is not None
            uow.legal_identities.set(
                creditor.id, LegalIdentity(form, "Lyon", Decimal("10000"), None), "2026-03-02"
            )
        uow.commit()
    app.dispose()
    return cli_env
