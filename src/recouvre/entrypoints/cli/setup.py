"""CLI commands: version (and ``init``, being written)."""

from __future__ import annotations

import typer

from recouvre import __version__


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""

    @app.command("version", help="Affiche la version de recouvre.")
    def version() -> None:
        typer.echo(f"recouvre {__version__}")
