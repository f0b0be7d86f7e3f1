"""CLI commands: ``journal verify`` and ``journal anchor`` (the evidence journal)."""

from __future__ import annotations

from typing import Annotated

import typer

from recouvre.domain.journal import Anchor, AnchorTimestamp
from recouvre.entrypoints.cli.setup import open_app, print_json

JsonOption = Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")]

journal_app = typer.Typer(
    help="Journal de preuve : chaînes d'empreintes SHA-256 par dossier, ancrées globalement.",
    no_args_is_help=True,
)


@journal_app.command(
    "verify",
    help=(
        "Recalcule toutes les chaînes du journal et les ancres, confronte l'historique des "
        "dossiers et les actions envoyées au journal, et nomme la première entrée altérée de "
        "chaque flux (flux, numéro, identifiant, ce qui diffère). Code de sortie 1 si le "
        "journal est rompu."
    ),
)
def verify(
    as_json: JsonOption = False,
    exported: Annotated[
        list[str] | None,
        typer.Option(
            "--anchor",
            metavar="EMPREINTE",
            help=(
                "Empreinte d'ancre exportée (courriel, horodatage) : vérifie qu'elle figure "
                "dans la chaîne des ancres et que rien avant elle n'a été réécrit. Répétable."
            ),
        ),
    ] = None,
) -> None:
    with open_app() as app:
        report = app.verify_journal(exported or ())
    if as_json:
        print_json(report.as_json())
    elif report.ok:
        typer.echo(
            f"Journal intègre : {report.entries} entrée(s) dans {report.streams} flux, "
            f"{report.anchors} ancre(s) vérifiée(s)"
            + (f", {report.timestamps} horodatage(s) RFC 3161" if report.timestamps else "")
            + "."
        )
        for digest, seq in report.exported:
            typer.echo(f"Ancre exportée retrouvée : n° {seq}, empreinte {digest}")
    else:
        typer.echo(
            f"JOURNAL ROMPU : {len(report.breaks)} anomalie(s) "
            f"({report.entries} entrée(s), {report.streams} flux, {report.anchors} ancre(s)).",
            err=True,
        )
        for brk in report.breaks:
            typer.echo(f"  - {brk.describe()}", err=True)
        if report.truncated:
            typer.echo("  (liste tronquée)", err=True)
    if not report.ok:
        raise typer.Exit(1)


@journal_app.command(
    "anchor",
    help=(
        "Ancre le journal : inscrit dans la chaîne globale des ancres la tête de chaque flux "
        "modifié depuis la dernière ancre. Exportez l'empreinte affichée (courriel, "
        "horodatage) pour dater le journal. Avec RECOUVRE_TSA_URL, chaque ancre est horodatée "
        "par cette autorité (RFC 3161) ; une ancre restée sans horodatage est redemandée à "
        "l'appel suivant (code de sortie 1 tant que l'autorité échoue)."
    ),
)
def anchor(as_json: JsonOption = False) -> None:
    with open_app() as app:
        anchors = app.anchor_journal()
        stamping = app.timestamp_anchors()
    stamps = stamping.stamped if stamping is not None else []
    if as_json:
        stamped = {s.anchor_seq: s for s in stamps}
        print_json([_anchor_json(a, stamped.get(a.seq)) for a in anchors])
    else:
        if not anchors:
            typer.echo("Rien à ancrer : aucun flux modifié depuis la dernière ancre.")
        for a in anchors:
            typer.echo(f"Ancre n° {a.seq} : {len(a.items)} flux, empreinte {a.digest}")
        for stamp in stamps:
            typer.echo(
                f"Ancre n° {stamp.anchor_seq} horodatée (RFC 3161) par {stamp.tsa_url} : "
                f"{stamp.gen_time.strftime('%Y-%m-%d %H:%M:%S')} UTC"
            )
    if stamping is not None and stamping.failed:
        seqs = ", ".join(str(seq) for seq, _ in stamping.failed)
        typer.echo(
            f"Horodatage impossible : {stamping.failed[0][1]}. Ancre(s) n° {seqs} sans "
            "horodatage : il sera redemandé au prochain « recouvre journal anchor ».",
            err=True,
        )
        raise typer.Exit(1)


def _anchor_json(made: Anchor, stamp: AnchorTimestamp | None) -> dict[str, object]:
    return {
        "seq": made.seq,
        "anchored_at": made.anchored_at.isoformat(),
        "streams": len(made.items),
        "root": made.root,
        "digest": made.digest,
        "timestamp": None
        if stamp is None
        else {"tsa_url": stamp.tsa_url, "gen_time": stamp.gen_time.isoformat()},
    }


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(journal_app, name="journal")
