"""CLI commands: ``policy show``, ``policy check FILE``, ``policy install FILE``.

The contact policy is good practice, not law (C. conso L121-6 and L121-7 3° forbid pressure but
fix no hours nor caps): the shipped file holds recommended values, the user's
``config/policy.toml`` in the data folder replaces them key by key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from recouvre.compliance.policy import ContactPolicy
from recouvre.domain.parties import CONTACT_CHANNELS
from recouvre.entrypoints.cli.setup import fail, print_json

policy_app = typer.Typer(
    help="Politique de contact du garde-fou (plafonds et horaires) : affichage, vérification "
    "et installation d'un fichier TOML.",
    no_args_is_help=True,
)

CAP_LABELS = (
    ("max_contacts_per_day", "Contacts par jour (tous canaux)"),
    ("max_contacts_per_day_per_channel", "Contacts par jour et par canal"),
    ("max_calls_per_week", "Appels sur 7 jours glissants"),
    ("max_contacts_per_30_days", "Contacts sur 30 jours glissants"),
)
CHANNEL_LABELS = {"phone": "téléphone", "email": "e-mail", "sms": "SMS", "letter": "courrier"}


def _json(policy: ContactPolicy, source: Path) -> dict[str, object]:
    return {
        "source": str(source),
        "caps": {key: getattr(policy, key) for key, _ in CAP_LABELS},
        "windows": {c.value: policy.window(c).describe() for c in CONTACT_CHANNELS},
    }


def _print(policy: ContactPolicy, source: Path) -> None:
    console = Console(highlight=False)
    console.print(f"Politique en vigueur : {source}", markup=False)
    caps = Table(title="Plafonds par débiteur")
    caps.add_column("Plafond")
    caps.add_column("Valeur", justify="right")
    for key, label in CAP_LABELS:
        caps.add_row(label, str(getattr(policy, key)))
    console.print(caps)
    windows = Table(title="Horaires (heure locale du débiteur)")
    windows.add_column("Canal")
    windows.add_column("Autorisé")
    for channel in CONTACT_CHANNELS:
        label = CHANNEL_LABELS.get(channel.value, channel.value)
        windows.add_row(label, policy.window(channel).describe())
    console.print(windows)


@policy_app.command("show", help="Affiche la politique de contact en vigueur et son fichier.")
def show_policy(
    as_json: bool = typer.Option(False, "--json", help="Sortie JSON stable."),
) -> None:
    from recouvre.bootstrap.scenarios import policy_in_force

    policy, source = policy_in_force()
    if as_json:
        print_json(_json(policy, source))
    else:
        _print(policy, source)


def _load(file: Path, verb: str) -> ContactPolicy:
    from recouvre.bootstrap.scenarios import PolicyLoadError, check_policy

    try:
        return check_policy(file)
    except PolicyLoadError as error:
        for item in error.errors:
            typer.echo(item, err=True)
        fail(f"{len(error.errors)} erreur(s) : politique {verb}")


@policy_app.command(
    "check",
    help="Vérifie un fichier de politique TOML ; chaque erreur nomme le champ. Code de sortie 1 "
    "en cas d'erreur.",
)
def check_policy_file(
    file: Annotated[Path, typer.Argument(help="Fichier TOML à vérifier.", metavar="FICHIER")],
) -> None:
    policy = _load(file, "invalide")
    typer.echo(f"ok : {file}")
    _print(policy, file)


@policy_app.command(
    "install",
    help="Vérifie un fichier de politique TOML puis l'installe dans le dossier de "
    "configuration, à la place de la politique livrée. Rien n'est écrit en cas d'erreur.",
)
def install_policy_file(
    file: Annotated[Path, typer.Argument(help="Fichier TOML de la politique.", metavar="FICHIER")],
) -> None:
    from recouvre.bootstrap.scenarios import install_policy

    _load(file, "non installée")
    _, target = install_policy(file)
    typer.echo(f"installée : {target}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(policy_app, name="policy")
