"""CLI command ``recouvre import invoices FILE [--creditor SIREN] [--json]``.

Thin: it opens the file through the wired importer (``bootstrap.import_invoices_service``),
shows a progress bar on stderr for long files, and prints the report: counts and amount changes
when the file was imported, else every error as ``ligne N, colonne « X » : message`` (the first
``MAX_PRINTED`` of them; all are counted) with a non-zero exit code.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from recouvre.entrypoints.cli.options import euros
from recouvre.entrypoints.cli.setup import fail, open_app, print_json

if TYPE_CHECKING:
    from recouvre.services.imports.invoices import ImportReport

MAX_PRINTED = 200  # errors printed; the report counts them all
MAX_NAMED_PAID = 5  # invoices named when a recorded paid is kept; --json lists more
PROGRESS_FROM = 20_000  # rows: below this, an import is too quick for a progress bar
EXIT_REFUSED = 1

import_app = typer.Typer(
    help="Importe des données dans recouvre (factures).",
    no_args_is_help=True,
)


def _count(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the length of an import.

    An import allocates millions of short-lived objects and creates almost no reference
    cycles; the collector's passes then cost time for nothing (about 6 % here). Reference
    counting still frees everything; the collector resumes, as it was, afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _progress(
    total: int | None, enabled: bool, *, start: int = PROGRESS_FROM, what: str = "Import"
) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr, advanced by the number of rows read so far; from
    ``start`` rows, and only when stderr is a terminal (never in captured output or a log)."""
    if not enabled or not total or total < start or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn(f"[bold]{what}[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("lignes"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("import", total=total)

        def advance(rows: int) -> None:
            bar.update(task, completed=min(rows, total))

        yield advance


def _print_paid_kept(report: ImportReport) -> None:
    """The invoices whose recorded paid was kept over the file's lower one (C. conso L121-6)."""
    if not report.paid_kept_count:
        return
    named = ", ".join(report.paid_kept[:MAX_NAMED_PAID])
    more = ", …" if report.paid_kept_count > MAX_NAMED_PAID else ""
    typer.echo(
        f"Déjà payé gardé pour {_count(report.paid_kept_count)} facture(s) : le fichier en "
        "indique moins que les paiements enregistrés par recouvre, et le baisser ferait "
        f"réclamer une somme déjà reçue ({named}{more})."
    )


def _print_report(report: ImportReport, ignored: tuple[str, ...]) -> None:
    if not report.ok:
        typer.echo(
            f"Import refusé : {_count(report.issue_count)} erreur(s) dans {report.file_name}, "
            "rien n'a été enregistré.",
            err=True,
        )
        for issue in report.issues[:MAX_PRINTED]:
            typer.echo(f"  {issue}", err=True)
        hidden = report.issue_count - min(len(report.issues), MAX_PRINTED)
        if hidden > 0:
            typer.echo(
                f"  … et {_count(hidden)} autre(s) erreur(s) (--json en liste davantage).",
                err=True,
            )
        return
    typer.echo(
        f"Import de {report.file_name} (créancier {report.creditor_siren}) : "
        f"{_count(report.rows)} ligne(s) ; {_count(report.created)} facture(s) créée(s), "
        f"{_count(report.changed)} modifiée(s), {_count(report.unchanged)} inchangée(s) ; "
        f"{_count(report.cases_opened)} dossier(s) ouvert(s)."
    )
    if ignored:
        typer.echo("Colonnes ignorées : " + ", ".join(f"« {c} »" for c in ignored) + ".")
    _print_paid_kept(report)
    if report.amount_change_count:
        typer.echo(f"Montants modifiés ({_count(report.amount_change_count)}) :")
        for change in report.amount_changes[:MAX_PRINTED]:
            case = f" (dossier {change.case_id})" if change.case_id is not None else ""
            typer.echo(
                f"  ligne {change.line}, facture {change.number} : "
                f"{euros(change.old_amount)} → {euros(change.new_amount)}{case}"
            )


@import_app.command(
    "invoices",
    help=(
        "Importe un fichier de factures CSV (séparateur point-virgule, virgule ou tabulation ; "
        "UTF-8 ou Windows-1252) ou XLSX. Tout ou rien : à la moindre erreur, rien n'est "
        "enregistré et chaque erreur est listée avec sa ligne et sa colonne. Réimporter le même "
        "fichier ne change rien ; un montant modifié est signalé et inscrit au journal de "
        "preuve. Colonnes et formats : docs/import-format.md."
    ),
)
def invoices(
    file: Annotated[
        Path,
        typer.Argument(
            help="Fichier de factures (.csv, .txt, .tsv, .xlsx, .xls, .ods).", metavar="FICHIER"
        ),
    ],
    creditor: Annotated[
        str | None,
        typer.Option(
            "--creditor",
            metavar="SIREN",
            help=(
                "SIREN du créancier à qui les factures sont dues ; créé s'il est inconnu (ses "
                "coordonnées se complètent ensuite). Sans cette option, une colonne « SIREN "
                "créancier » du fichier le désigne."
            ),
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Sortie JSON stable (compte rendu ou erreurs).")
    ] = False,
) -> None:
    if not file.is_file():
        fail(f"fichier introuvable : {file}")
    from recouvre.bootstrap import import_invoices_service

    with open_app() as application:
        importer = import_invoices_service(application)
        source = importer.open(file)
        ignored: tuple[str, ...] = getattr(source, "ignored_columns", ())
        with paused_gc(), _progress(source.expected_rows, enabled=not as_json) as advance:
            report = importer.run(source, creditor_siren=creditor, progress=advance)
    if as_json:
        print_json({**report.as_json(), "ignored_columns": list(ignored)})
    else:
        _print_report(report, ignored)
    if not report.ok:
        raise typer.Exit(EXIT_REFUSED)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(import_app, name="import")
