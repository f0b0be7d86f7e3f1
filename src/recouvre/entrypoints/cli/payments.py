"""CLI commands ``recouvre import statement FILE...`` and ``recouvre payments list``.

Thin: the files are read through ``bootstrap.read_statement_files`` (refused whole, with each
problem's line), imported by ``bootstrap.statement_import`` in one transaction, and the report
said in words: payments applied and the cases they closed, the lines kept aside and why.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from recouvre.entrypoints.cli.imports import _progress, import_app, paused_gc
from recouvre.entrypoints.cli.options import euros
from recouvre.entrypoints.cli.setup import open_app, print_json

STATUS_WORDS = {
    "applied": "affecté",
    "review": "à examiner",
    "unmatched": "non rapproché",
    "ignored": "écarté",
    "reversal": "contre-passation",
    "reversed": "annulé par la banque",
    "new": "nouveau",
}
STATUS_NAMES = {
    "affecte": "applied", "affecté": "applied", "applied": "applied",
    "examiner": "review", "revue": "review", "review": "review",
    "non-rapproche": "unmatched", "unmatched": "unmatched",
    "ecarte": "ignored", "écarté": "ignored", "ignored": "ignored",
    "contre-passation": "reversal", "reversal": "reversal",
    "annule": "reversed", "annulé": "reversed", "reversed": "reversed",
}  # fmt: skip
PROGRESS_FROM = 2_000  # statement lines: below this, an import is too quick for a progress bar
payments_app = typer.Typer(
    help="Paiements reçus : lignes de relevés bancaires et leur rapprochement.",
    no_args_is_help=True,
)


@import_app.command(
    "statement",
    help=(
        "Importe des relevés bancaires ISO 20022 (camt.053, camt.054, versions .02 à .10) et "
        "affecte chaque paiement reçu à son dossier (référence RF, référence de dossier ou "
        "numéro de facture cités) avant la prochaine relance. Tout ou rien ; réimporter un "
        "relevé, sa copie ou un relevé qui chevauche ne compte aucun paiement deux fois."
    ),
)
def statement(
    files: Annotated[
        list[Path],
        typer.Argument(help="Relevés bancaires (fichiers XML camt.053 ou camt.054).",
                       metavar="FICHIER..."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:  # fmt: skip
    from recouvre import bootstrap

    with open_app() as application:
        read = bootstrap.read_statement_files(files)
        total = sum(len(s.lines) for f in read for s in f.statements)
        with paused_gc(), _progress(total, enabled=not as_json, start=PROGRESS_FROM,
                                    what="Relevés") as advance:  # fmt: skip
            report = bootstrap.statement_import(application).run(read, progress=advance)
    if as_json:
        print_json(report.as_json())
        return
    typer.echo(
        f"Relevés importés : {report.files} fichier(s), {report.statements} relevé(s), "
        f"{report.lines} ligne(s) dont {report.already_known} déjà connue(s)."
    )
    typer.echo(
        f"  paiements affectés : {report.applied} ({euros(report.applied_amount)}) ; "
        f"à examiner : {report.review} ; non rapprochés : {report.unmatched} ; "
        f"écartés : {report.ignored}"
    )
    if report.surplus_amount:
        typer.echo(f"  trop-perçus gardés à part : {euros(report.surplus_amount)}")
    if report.closed_cases:
        typer.echo(f"  dossiers soldés et clos : {', '.join(report.closed_cases)}")
    if report.reversed:
        typer.echo(f"  paiements annulés par la banque (contre-passation) : {report.reversed}")
    for warning in report.warnings:
        typer.echo(f"  attention : {warning}")
    for line in report.outcomes:
        if line["status"] in {"review", "unmatched", "reversal"}:
            typer.echo(f"  {_line_words(line)}")


def _line_words(line: dict[str, Any]) -> str:
    from decimal import Decimal

    amount = euros(Decimal(str(line["amount"])))
    day = date.fromisoformat(str(line["value_on"])).strftime("%d/%m/%Y")
    return (
        f"{day}  {amount}  {line['payer'] or 'payeur inconnu'} : "
        f"{STATUS_WORDS[str(line['status'])]} — {line['reason']}"
    )


@payments_app.command(
    "list", help="Liste les lignes de relevés reçues et ce qu'elles sont devenues."
)
def list_lines(
    status: Annotated[
        list[str] | None,
        typer.Option("--statut", "--status", metavar="STATUT",
                     help="affecté, à examiner (revue), non-rapproché, écarté ; répétable."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Nombre de lignes au plus.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:  # fmt: skip
    from recouvre import bootstrap

    wanted = []
    for name in status or []:
        key = STATUS_NAMES.get(name.strip().lower())
        if key is None:
            raise typer.BadParameter(f"statut inconnu « {name} »", param_hint="--statut")
        wanted.append(key)
    with open_app() as application:
        lines = bootstrap.bank_lines(application, wanted, limit)
    if as_json:
        print_json([_json(x) for x in lines])
        return
    if not lines:
        typer.echo("Aucune ligne de relevé.")
    for x in lines:
        case = f" → {x.case_reference}" if x.case_reference else ""
        sign = "" if x.credit else "−"
        typer.echo(
            f"  n° {x.id}  {x.value_on.strftime('%d/%m/%Y')}  {sign}{euros(x.amount)}  "
            f"{x.payer_name or 'payeur inconnu'}  {STATUS_WORDS.get(x.status, x.status)}{case}"
            f" — {x.reason}"
        )


def _json(x: Any) -> dict[str, object]:
    return {
        "id": x.id, "account": x.account, "value_on": x.value_on.isoformat(),
        "amount": str(x.amount), "credit": x.credit, "reversal": x.reversal,
        "currency": x.currency, "remittance": x.remittance, "payer": x.payer_name,
        "status": x.status, "case": x.case_reference, "applied": str(x.applied),
        "surplus": str(x.surplus), "confidence": x.confidence, "reason": x.reason,
        "source": f"{x.source_file}:{x.source_line}",
    }  # fmt: skip


@payments_app.command(
    "assign",
    help=(
        "Affecte une ligne de relevé à examiner ou non rapprochée à un dossier : le paiement est "
        "imputé (la facture nommée d'abord), le dossier soldé est clos, tout est journalisé. "
        "Sans DOSSIER, confirme le candidat proposé (recouvre payments review)."
    ),
)
def assign(
    line: Annotated[int, typer.Argument(help="Numéro de la ligne (recouvre payments list).",
                                        metavar="LIGNE")],
    case: Annotated[
        str | None,
        typer.Argument(help="Dossier : numéro ou référence ; sans lui, le candidat proposé.",
                       metavar="[DOSSIER]"),
    ] = None,
    invoice: Annotated[
        str | None,
        typer.Option("--facture", "--invoice", help="Facture que le débiteur a désignée."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:  # fmt: skip
    from recouvre import bootstrap

    with open_app() as application:
        applied, surplus, closure = bootstrap.assign_bank_line(application, line, case, invoice)
    if as_json:
        print_json({"line": line, "case": case, "applied": str(applied),
                    "surplus": str(surplus), "closed": closure is not None})  # fmt: skip
        return
    typer.echo(f"Ligne n° {line} affectée au dossier {case or 'proposé'} : {euros(applied)}.")
    if surplus:
        typer.echo(f"  trop-perçu gardé à part : {euros(surplus)}")
    if closure is not None:
        typer.echo("  dossier soldé et clos ; ses actions en attente sont retirées")


@payments_app.command(
    "ignore", help="Écarte une ligne de relevé avec un motif (elle reste gardée)."
)
def ignore(
    line: Annotated[int, typer.Argument(help="Numéro de la ligne (recouvre payments list).",
                                        metavar="LIGNE")],
    reason: Annotated[str, typer.Option("--motif", "--reason", help="Pourquoi elle est écartée.")],
) -> None:  # fmt: skip
    from recouvre import bootstrap

    with open_app() as application:
        bootstrap.set_bank_line_aside(application, line, reason)
    typer.echo(f"Ligne n° {line} écartée : {reason.strip()}")


@payments_app.command(
    "review",
    help=(
        "Liste les lignes de relevé à examiner ou non rapprochées, chacune avec ses meilleurs "
        "dossiers candidats, leur confiance et leurs raisons ; « recouvre payments assign LIGNE "
        "[DOSSIER] » confirme le candidat proposé ou affecte à un autre dossier."
    ),
)
def review_lines(
    limit: Annotated[int, typer.Option("--limit", help="Nombre de lignes au plus.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:  # fmt: skip
    from recouvre import bootstrap

    with open_app() as application:
        items = bootstrap.bank_lines_to_review(application, limit)
    if as_json:
        print_json([{**_json(i.line), "candidates": [
            {"case": c.case_reference, "invoice": c.invoice, "confidence": c.confidence,
             "reason": c.reason} for c in i.candidates
        ]} for i in items])  # fmt: skip
        return
    if not items:
        typer.echo("Aucune ligne à examiner.")
    for item in items:
        x = item.line
        sign = "" if x.credit else "−"
        typer.echo(
            f"n° {x.id}  {x.value_on.strftime('%d/%m/%Y')}  {sign}{euros(x.amount)}  "
            f"{x.payer_name or 'payeur inconnu'}  « {x.remittance[:60]} » — {x.reason}"
        )
        for c in item.candidates:
            typer.echo(f"    candidat {c.case_reference} : confiance {c.confidence} — {c.reason}")
        if item.candidates:
            typer.echo(f"    confirmer : recouvre payments assign {x.id} "
                       f"{item.candidates[0].case_reference}")  # fmt: skip


@payments_app.command(
    "threshold",
    help=(
        "Montre ou règle le seuil de confiance (1 à 100, 80 par défaut) à partir duquel un "
        "paiement reçu pour ce créancier est affecté sans personne ; en dessous, il attend "
        "« à examiner ». La modification est inscrite au journal de preuve."
    ),
)
def threshold(
    siren: Annotated[str, typer.Argument(help="SIREN du créancier.", metavar="SIREN")],
    value: Annotated[
        int | None,
        typer.Argument(help="Nouveau seuil (1 à 100) ; absent : le seuil actuel.",
                       metavar="[SEUIL]"),
    ] = None,
) -> None:  # fmt: skip
    from recouvre import bootstrap

    with open_app() as application:
        found = bootstrap.payment_threshold(application, siren, value)
    typer.echo(f"Seuil d'affectation automatique du créancier {siren.strip()} : {found}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(payments_app, name="payments")
