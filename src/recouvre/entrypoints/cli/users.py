"""CLI commands ``user add/list/disable/enable/passwd/log`` and ``serve``: the accounts of the
web application and the command that starts it.

A password is typed twice at a hidden prompt, or read from the first line of the standard
input with ``--password-stdin`` (scripts); it never appears in the command line (where ``ps``
and the shell's history would keep it). The use cases are ``services.web_accounts.accounts``.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from recouvre.entrypoints.cli.labels import fr_date
from recouvre.entrypoints.cli.setup import open_app, print_json
from recouvre.services.web_accounts.model import LoginOutcome, Role, User

user_app = typer.Typer(
    help="Comptes de l'application web : administrateurs, responsables, chargés de "
    "recouvrement et clients créanciers.",
    no_args_is_help=True,
)

LoginArgument = Annotated[str, typer.Argument(metavar="IDENTIFIANT", help="Identifiant du compte.")]
PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Lit le mot de passe sur la première ligne de l'entrée standard."
    ),
]
_OUTCOMES = {
    LoginOutcome.SUCCEEDED: "connexion",
    LoginOutcome.FAILED: "échec",
    LoginOutcome.THROTTLED: "refusée (trop d'échecs)",
    LoginOutcome.LOGGED_OUT: "déconnexion",
}


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    value: str = typer.prompt(
        "Mot de passe", hide_input=True, confirmation_prompt="Mot de passe (une seconde fois)"
    )
    return value


def user_json(user: User) -> dict[str, object]:
    return {
        "login": user.login,
        "name": user.name,
        "role": user.role.value,
        "creditors": list(user.creditor_sirens),
        "disabled": user.disabled,
        "created_at": user.created_at.isoformat(),
    }


@user_app.command("add", help="Crée un compte ; le mot de passe est demandé deux fois.")
def add_user(
    login: LoginArgument,
    role: Annotated[Role, typer.Option("--role", help="Rôle du compte.")],
    name: Annotated[str, typer.Option("--name", help="Nom affiché (défaut : l'identifiant).")] = "",
    creditor: Annotated[
        list[str] | None,
        typer.Option(
            "--creditor",
            metavar="SIREN",
            help="Créancier suivi (répétable) : le seul d'un client créancier, ceux attribués "
            "à un chargé de recouvrement (sans créancier, il ne voit aucun dossier).",
        ),
    ] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    from recouvre.bootstrap.web import accounts_service

    password = _password(password_stdin)
    with open_app() as app:
        user = accounts_service(app).add(login, name, role, password, creditor or ())
    scope = f", créanciers : {', '.join(user.creditor_sirens)}" if user.creditor_sirens else ""
    typer.echo(f"Compte {user.login} créé ({user.role.label_fr}{scope}).")


@user_app.command("list", help="Liste les comptes, leur rôle et leurs créanciers.")
def list_users(
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:
    from recouvre.bootstrap.web import accounts_service

    with open_app() as app:
        users = accounts_service(app).users()
    if as_json:
        print_json([user_json(u) for u in users])
        return
    if not users:
        typer.echo("Aucun compte : recouvre user add IDENTIFIANT --role administrator")
        return
    table = Table(title=f"{len(users)} compte(s)")
    for title in ("Identifiant", "Nom", "Rôle", "Créanciers", "État", "Créé le"):
        table.add_column(title)
    for u in users:
        table.add_row(
            u.login,
            u.name,
            u.role.label_fr,
            ", ".join(u.creditor_sirens) or ("tous" if u.role.value in _ALL else "aucun"),
            "désactivé" if u.disabled else "actif",
            fr_date(u.created_at.date()),
        )
    Console().print(table)


_ALL = frozenset({Role.ADMINISTRATOR.value, Role.MANAGER.value})


@user_app.command("disable", help="Désactive un compte et ferme ses sessions ouvertes.")
def disable_user(login: LoginArgument) -> None:
    from recouvre.bootstrap.web import accounts_service

    with open_app() as app:
        user = accounts_service(app).disable(login)
    typer.echo(f"Compte {user.login} désactivé ; ses sessions sont fermées.")


@user_app.command("enable", help="Réactive un compte désactivé.")
def enable_user(login: LoginArgument) -> None:
    from recouvre.bootstrap.web import accounts_service

    with open_app() as app:
        user = accounts_service(app).disable(login, disabled=False)
    typer.echo(f"Compte {user.login} réactivé.")


@user_app.command(
    "passwd", help="Change le mot de passe d'un compte et ferme ses sessions ouvertes."
)
def change_password(login: LoginArgument, password_stdin: PasswordStdin = False) -> None:
    from recouvre.bootstrap.web import accounts_service

    password = _password(password_stdin)
    with open_app() as app:
        user = accounts_service(app).set_password(login, password)
    typer.echo(f"Mot de passe de {user.login} changé ; ses sessions sont fermées.")


@user_app.command("log", help="Dernières connexions, échecs et déconnexions (sans mot de passe).")
def login_log(
    limit: Annotated[int, typer.Option("--limit", min=1, help="Nombre de lignes.")] = 50,
) -> None:
    from recouvre.bootstrap.web import accounts_service

    with open_app() as app:
        attempts = accounts_service(app).attempts(limit)
    if not attempts:
        typer.echo("Aucune connexion.")
        return
    table = Table(title="Connexions")
    for title in ("Quand (UTC)", "Identifiant", "Adresse", "Issue"):
        table.add_column(title)
    for a in attempts:
        table.add_row(a.at.strftime("%d/%m/%Y %H:%M:%S"), a.login, a.address, _OUTCOMES[a.outcome])
    Console().print(table)


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Adresse d'écoute.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port d'écoute.")] = 8000,
) -> None:
    from recouvre.entrypoints.web.server import serve

    with open_app() as app:
        typer.echo(f"recouvre web : http://{host}:{port}/ (Ctrl+C pour arrêter)")
        serve(app, host, port)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(user_app, name="user")
    app.command(
        "serve",
        help="Démarre l'application web (agents, responsables, clients créanciers) sur la "
        "base de données configurée.",
    )(serve_command)
