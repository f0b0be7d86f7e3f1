"""CLI command ``creditor legal SIREN``: the creditor's legal form, RCS, share capital and
representative, as its court papers state them (CPC 57, 1407; C. com. R123-237)."""

from __future__ import annotations

from typing import Annotated

import typer

from recouvre.domain.legal_identity import LegalIdentity
from recouvre.entrypoints.cli.options import euros, optional_money
from recouvre.entrypoints.cli.setup import open_app, print_json


def describe(identity: LegalIdentity | None) -> str:
    if identity is None:
        return "identité juridique non renseignée (les papiers judiciaires seront refusés)"
    parts = [f"forme juridique : {identity.legal_form}"]
    if identity.share_capital is not None:
        parts.append(f"capital : {euros(identity.share_capital)}")
    if identity.rcs_city:
        parts.append(f"RCS {identity.rcs_city}")
    if identity.representative:
        parts.append(f"représenté par {identity.representative}")
    return " ; ".join(parts)


def creditor_legal(
    siren: Annotated[str, typer.Argument(help="SIREN du créancier.")],
    legal_form: Annotated[
        str | None,
        typer.Option("--forme-juridique", "--legal-form", help="SARL, SAS, SA, EURL…"),
    ] = None,
    rcs_city: Annotated[
        str | None,
        typer.Option("--rcs", help="Ville du greffe d'immatriculation (RCS Lyon : « Lyon »)."),
    ] = None,
    capital: Annotated[
        str | None, typer.Option("--capital", help="Capital social (10 000,00).")
    ] = None,
    representative: Annotated[
        str | None,
        typer.Option(
            "--representant",
            "--representative",
            help="Représentant légal : « Paul Durand, gérant ».",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:
    from recouvre.bootstrap import legal_identities

    share_capital = optional_money(capital, "--capital")
    with open_app() as app:
        service = legal_identities(app)
        if any(v is not None for v in (legal_form, rcs_city, share_capital, representative)):
            identity: LegalIdentity | None = service.set(
                siren,
                legal_form=legal_form,
                rcs_city=rcs_city,
                share_capital=share_capital,
                representative=representative,
            )
        else:
            identity = service.get(siren)
    if as_json:
        print_json(
            None
            if identity is None
            else {
                "legal_form": identity.legal_form,
                "rcs_city": identity.rcs_city,
                "share_capital": None
                if identity.share_capital is None
                else f"{identity.share_capital:.2f}",
                "representative": identity.representative,
            }
        )
        return
    typer.echo(f"Créancier {siren} : {describe(identity)}.")


def register(app: typer.Typer) -> None:
    """Add ``creditor legal`` to the creditor group."""
    from recouvre.entrypoints.cli.parties import creditor_app

    creditor_app.command(
        "legal",
        help="Affiche ou modifie l'identité juridique du créancier que portent ses papiers "
        "judiciaires : forme, RCS, capital, représentant légal (CPC 57, 1407).",
    )(creditor_legal)
