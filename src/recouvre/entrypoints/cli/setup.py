"""CLI commands ``version`` and ``init``; and what the other command modules share: ``open_app``
to reach the wired application, ``fail`` to stop with a French message, ``print_json``, and
``RecouvreGroup``, the one place where the errors of every layer become a French message on
stderr instead of a traceback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer.core import TyperGroup

from recouvre import __version__

if TYPE_CHECKING:
    from typer._click.core import Context

    from recouvre.bootstrap import App

REFUSED = 1  # a command that cannot be done as asked
USAGE_ERROR = 2  # an option value that cannot be read, as Click's own usage errors
DATABASE_BUSY = 75  # another process held the write lock too long: try again (EX_TEMPFAIL)
BUSY_MESSAGE = (
    "base de données occupée par une autre écriture (un import en cours ?) au-delà du délai "
    "d'attente (RECOUVRE_DB_BUSY_TIMEOUT, 30 s par défaut) : la commande s'est arrêtée, ce "
    "qu'elle avait déjà validé est conservé ; relancez-la une fois l'écriture terminée"
)


def fail(message: str, code: int = REFUSED) -> NoReturn:
    """Print ``message`` on stderr (prefixed ``erreur :``, or ``error:`` when
    ``RECOUVRE_LANG=en``, the message then in English where ``i18n/en/messages.toml`` has it)
    and exit with ``code``."""
    from recouvre.entrypoints.cli.language import cli_language
    from recouvre.entrypoints.cli.safe_output import translated

    prefix = "error:" if cli_language() == "en" else "erreur :"
    typer.echo(f"{prefix} {translated(message)}", err=True)
    raise typer.Exit(code)


class RecouvreGroup(TyperGroup):
    """The root command: a refusal of any layer (``bootstrap.errors.USER_ERRORS``) is printed
    as its French message, exit code 1; the database's write lock held by another process past
    the busy timeout (``database is locked``, from any command) is said in French, exit code
    ``DATABASE_BUSY``. The list is imported only when a command fails, so that
    ``recouvre --help`` stays quick."""

    def invoke(self, ctx: Context) -> Any:
        from recouvre.entrypoints.cli.language import cli_language
        from recouvre.entrypoints.cli.safe_output import install

        install(cli_language())  # stored text never drives the terminal; English messages
        try:
            return super().invoke(ctx)
        except Exception as error:
            from recouvre.bootstrap.errors import USER_ERRORS, database_busy

            if database_busy(error):
                detail = str(error) if isinstance(error, USER_ERRORS) else BUSY_MESSAGE
                fail(detail, DATABASE_BUSY)
            if isinstance(error, USER_ERRORS):
                fail(str(error))
            raise


@contextmanager
def open_app(*, require_schema: bool = True) -> Iterator[App]:
    """The application wired from the environment, disposed of on exit. With
    ``require_schema``, a database that ``recouvre init`` has not prepared is a clear error.

    The composition root (SQLAlchemy, Alembic...) is imported here, not at module import, so
    that ``recouvre --help`` stays quick."""
    from recouvre.bootstrap import build
    from recouvre.bootstrap.logs import configure_logging

    app = build()
    configure_logging(app.settings)
    try:
        if require_schema:
            app.require_schema()
        yield app
    finally:
        app.dispose()


def print_json(value: Any) -> None:
    """Stable JSON: keys in the order the read models give them, UTF-8, indented."""
    from recouvre.entrypoints.cli.safe_output import json_visible

    typer.echo(json_visible(json.dumps(value, ensure_ascii=False, indent=2)))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""

    @app.command("version", help="Affiche la version de recouvre.")
    def version() -> None:
        typer.echo(f"recouvre {__version__}")

    @app.command(
        "init",
        help=(
            "Crée le dossier de données et la base de données, ou met à jour le schéma d'une "
            "base existante (migrations). La base vient de RECOUVRE_DATABASE_URL, sinon d'un "
            "fichier SQLite dans le dossier RECOUVRE_DATA_DIR (./recouvre-data par défaut)."
        ),
    )
    def init() -> None:
        with open_app(require_schema=False) as application:
            before, after = application.init_database()
            where = application.database_location()
        if before is None:
            typer.echo(f"Base de données créée : {where} (schéma {after}).")
        elif before == after:
            typer.echo(f"Base de données déjà à jour : {where} (schéma {after}).")
        else:
            typer.echo(f"Base de données mise à jour : {where} (schéma {before} → {after}).")
