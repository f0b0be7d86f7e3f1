"""CLI command ``portal link CASE``: the debtor portal's link for one case, the one its letters
print (``bootstrap.portal``): a token signed with the portal key, valid ``RECOUVRE_PORTAL_DAYS``
from today, opening that case only. Without ``RECOUVRE_PORTAL_URL`` the link points at
``recouvre serve``'s default address on this machine."""

from __future__ import annotations

from typing import Annotated

import typer

from recouvre.entrypoints.cli.setup import fail, open_app

portal_app = typer.Typer(
    help="Portail débiteur : le lien signé qu'impriment les lettres et les courriels.",
    no_args_is_help=True,
)


@portal_app.command("link", help="Affiche le lien du portail débiteur d'un dossier.")
def link_command(
    case: Annotated[str, typer.Argument(help="Dossier (référence D-AAAA-NNNNNN ou numéro).")],
) -> None:
    from recouvre.bootstrap.portal import portal_base, portal_link

    with open_app() as app:
        detail = app.case_queries.case_detail(case.strip())
        if detail is None:
            fail(f"dossier introuvable : {case.strip()}")
        typer.echo(portal_link(app, detail.reference, app.clock.today()))
        if not portal_base(app):
            typer.echo(
                "RECOUVRE_PORTAL_URL n'est pas réglé : lien local (recouvre serve) ; "
                "les lettres n'impriment aucun lien.",
                err=True,
            )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(portal_app, name="portal")
