"""CLI command ``judicial courts [CODE_POSTAL]``: the court directory the papers address, and
the court whose district holds a postcode (CPC 42, 1406)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from recouvre.entrypoints.cli.options import OnOption, date_or_today
from recouvre.entrypoints.cli.setup import print_json
from recouvre.law.courts import CourtEntry, Jurisdiction

JURISDICTION_LABELS = {
    Jurisdiction.COMMERCIAL: "tribunal de commerce",
    Jurisdiction.JUDICIAL: "tribunal judiciaire",
}


def _json(entry: CourtEntry) -> dict[str, object]:
    return {
        "jurisdiction": entry.jurisdiction.value,
        "name": entry.name,
        "postcodes": list(entry.postcodes),
        "source": entry.source,
        "checked_on": entry.checked_on.isoformat(),
        "verified": entry.verified,
        "origin": "user" if entry.user else "shipped",
    }


def courts(
    postcode: Annotated[
        str | None,
        typer.Argument(help="Code postal du domicile du débiteur.", metavar="CODE_POSTAL"),
    ] = None,
    on: OnOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:
    from recouvre import bootstrap

    directory = bootstrap.court_directory()
    day = date_or_today(on, "--on", bootstrap.today)
    if postcode is None:
        entries = [e for e in directory.entries if e.in_force(day)]
    else:
        found = (directory.find(j, postcode, day) for j in Jurisdiction)
        entries = [e for e in found if e is not None]
    if as_json:
        print_json([_json(e) for e in entries])
        return
    if postcode is not None and not entries:
        typer.echo(
            f"Aucun tribunal connu pour le code postal {postcode} : indiquez-le à la production "
            "des papiers (--tribunal) ou ajoutez-le dans config/courts.toml."
        )
        return
    table = Table(title=f"{len(entries)} juridiction(s) au {day.strftime('%d/%m/%Y')}")
    for column in ("Juridiction", "Nom", "Codes postaux", "Vérifié", "Origine"):
        table.add_column(column)
    for e in entries:
        table.add_row(
            JURISDICTION_LABELS[e.jurisdiction],
            e.name,
            ", ".join(e.postcodes),
            "oui" if e.verified else f"à vérifier (relevé le {e.checked_on.strftime('%d/%m/%Y')})",
            "vous" if e.user else "livré",
        )
    Console(highlight=False).print(table)
