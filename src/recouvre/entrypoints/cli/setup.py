"""CLI commands: ``version`` and ``init``; plus ``open_app`` and ``fail``, which the other
command modules use to reach the wired application and to report errors in French."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from recouvre import __version__

if TYPE_CHECKING:
    from recouvre.bootstrap import App


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``message`` on stderr (prefixed ``erreur :``) and exit with ``code``."""
    typer.echo(f"erreur : {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def open_app(*, require_schema: bool = True) -> Iterator[App]:
    """The application wired from the environment, disposed of on exit. With
    ``require_schema``, a database that ``recouvre init`` has not prepared is a clear error.

    The composition root (SQLAlchemy, Alembic...) is imported here, not at module import, so
    that ``recouvre --help`` stays quick."""
    from recouvre.bootstrap import DatabaseNotReady, build

    app = build()
    try:
        if require_schema:
            try:
                app.require_schema()
            except DatabaseNotReady as error:
                fail(str(error))
        yield app
    finally:
        app.dispose()


def print_json(value: Any) -> None:
    """Stable JSON: keys in the order the read models give them, UTF-8, indented."""
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


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
