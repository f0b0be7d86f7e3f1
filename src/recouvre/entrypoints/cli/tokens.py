"""CLI commands ``token create/list/revoke``: the REST API's machine tokens (docs/api.md).

A token acts as one web account (its role, its creditors). ``create`` prints the token once:
only its SHA-256 is kept, so a lost token is revoked and replaced, never shown again. The use
cases are ``services.api_tokens.tokens``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from recouvre.entrypoints.cli.labels import fr_date
from recouvre.entrypoints.cli.setup import open_app, print_json

token_app = typer.Typer(
    help="Jetons de l'API REST : chacun agit comme un compte de l'application web.",
    no_args_is_help=True,
)


@token_app.command(
    "create", help="Crée un jeton pour un compte et l'imprime une seule fois (gardé haché)."
)
def create(
    user: Annotated[str, typer.Option("--user", metavar="IDENTIFIANT", help="Compte du jeton.")],
    name: Annotated[str, typer.Option("--name", help="Nom du jeton (à quoi il sert).")],
) -> None:
    from recouvre.bootstrap.api import api_tokens_service

    with open_app() as app:
        made = api_tokens_service(app).create(user, name)
    typer.echo(f"Jeton n° {made.token.id} créé pour {made.token.user_login} : {made.secret}")
    typer.echo("Il ne sera plus affiché : gardez-le dans un coffre de secrets.")


@token_app.command("list", help="Liste les jetons : compte, nom, création, dernier usage.")
def list_tokens(
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:
    from recouvre.bootstrap.api import api_tokens_service

    with open_app() as app:
        tokens = api_tokens_service(app).listing()
    if as_json:
        print_json([t.as_json() for t in tokens])
        return
    if not tokens:
        typer.echo("Aucun jeton : recouvre token create --user IDENTIFIANT --name NOM")
        return
    for t in tokens:
        used = fr_date(t.last_used_at.date()) if t.last_used_at else "jamais"
        state = f"révoqué le {fr_date(t.revoked_at.date())}" if t.revoked_at else "actif"
        typer.echo(
            f"n° {t.id:<5} {t.user_login:<20} {t.name} — créé le {fr_date(t.created_at.date())}, "
            f"dernier usage : {used}, {state}"
        )


@token_app.command("revoke", help="Révoque un jeton : il n'ouvre plus rien, aussitôt.")
def revoke(
    token_id: Annotated[int, typer.Argument(metavar="JETON", help="Numéro du jeton.")],
) -> None:
    from recouvre.bootstrap.api import api_tokens_service

    with open_app() as app:
        api_tokens_service(app).revoke(token_id)
    typer.echo(f"Jeton n° {token_id} révoqué.")


def register(app: typer.Typer) -> None:
    app.add_typer(token_app, name="token")
    app.add_typer(token_app, name="jeton", hidden=True)
