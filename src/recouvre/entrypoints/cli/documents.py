"""CLI commands: ``recouvre letter preview KIND --out FILE.pdf`` and ``recouvre case documents
CASE`` (the documents a case sent, as kept: ``services.outbox.sent_documents``).

Renders a sample document of each kind (fixed sample facts, ``recouvre.letters.samples``) so a
creditor can see, print and adapt the layout: ``--modeles DIR`` points at a folder holding a
copy of ``letter.typ``. The mentions checker runs first: a sample that would be refused is
refused here too, with the French list of what is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from recouvre.entrypoints.cli.cases import case_app
from recouvre.entrypoints.cli.law import usage_failure
from recouvre.entrypoints.cli.setup import fail, open_app, print_json
from recouvre.letters.channels import Appearance, WindowSide
from recouvre.letters.content import build
from recouvre.letters.document import DocumentKind
from recouvre.letters.mentions import check
from recouvre.letters.samples import sample_context
from recouvre.letters.sms import count_segments, sms_text
from recouvre.letters.view_model import Language

# French names on the command line, identifiers in the code (docs/glossary.md).
KIND_NAMES: dict[str, DocumentKind] = {
    "relance-courriel": DocumentKind.REMINDER_EMAIL,
    "relance": DocumentKind.REMINDER_LETTER,
    "deuxieme-relance": DocumentKind.SECOND_REMINDER,
    "mise-en-demeure": DocumentKind.FORMAL_NOTICE,
    "echeancier": DocumentKind.PAYMENT_PLAN,
    "quittance": DocumentKind.RECEIPT,
    "sms": DocumentKind.SMS,
    "script-appel": DocumentKind.CALL_SCRIPT,
}
WINDOWS = {"droite": WindowSide.RIGHT, "gauche": WindowSide.LEFT}

letter_app = typer.Typer(
    name="letter",
    help="Lettres et documents : aperçu des modèles (PDF).",
    no_args_is_help=True,
)


@letter_app.command("preview", help="Aperçu d'un document type rempli avec des données d'exemple.")
def preview_command(
    kind: Annotated[
        str,
        typer.Argument(
            help="Type de document : " + ", ".join(KIND_NAMES) + ".", show_default=False
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Fichier PDF à écrire (SMS : texte affiché seulement)."),
    ] = None,
    agency: Annotated[
        bool, typer.Option("--agence", help="Envoyé par une agence de recouvrement (R124-4).")
    ] = False,
    consumer: Annotated[
        bool, typer.Option("--consommateur", help="Débiteur particulier (pas de 40 €).")
    ] = False,
    language: Annotated[
        str, typer.Option("--langue", help="Langue du document : fr ou en.")
    ] = "fr",
    window: Annotated[
        str, typer.Option("--fenetre", help="Fenêtre de l'enveloppe DL : droite ou gauche.")
    ] = "droite",
    templates: Annotated[
        Path | None,
        typer.Option("--modeles", help="Dossier de modèles .typ personnalisés (letter.typ)."),
    ] = None,
) -> None:
    if kind not in KIND_NAMES:
        raise usage_failure(
            f"type de document inconnu « {kind} » ; choix : {', '.join(KIND_NAMES)}"
        )
    if language not in ("fr", "en"):
        raise usage_failure(f"langue inconnue « {language} » ; choix : fr, en")
    if window not in WINDOWS:
        raise usage_failure(f"fenêtre inconnue « {window} » ; choix : droite, gauche")
    doc_kind = KIND_NAMES[kind]
    ctx = sample_context(
        doc_kind, agency=agency, professional=not consumer, language=Language(language)
    )
    document = build(doc_kind, ctx)
    verdict = check(document, ctx)
    if not verdict.ok:
        raise usage_failure("document refusé :\n  - " + "\n  - ".join(verdict.reasons()))
    if doc_kind is DocumentKind.SMS:
        text = sms_text(document)
        seg = count_segments(text)
        typer.echo(text)
        typer.echo(f"({seg.units} caractères {seg.encoding.value}, {seg.segments} SMS)")
        if out is None:
            return
    if out is None:
        raise usage_failure("indiquez le fichier à écrire avec --out FICHIER.pdf")
    from recouvre.bootstrap.letters import RenderingFailed, TemplateNotFound, letter_renderer

    try:
        pdf = letter_renderer(templates).render(document, Appearance(window=WINDOWS[window]))
    except (TemplateNotFound, RenderingFailed) as exc:
        raise usage_failure(str(exc)) from exc
    out.write_bytes(pdf)
    typer.echo(f"{out} : {document.subject} ({len(pdf) // 1024} Ko)")


@case_app.command(
    "documents",
    help="Documents envoyés du dossier, tels qu'envoyés (courriel RFC 5322, PDF de la lettre), "
    "avec leur empreinte SHA-256 vérifiée ; --export copie l'un d'eux.",
)
def case_documents_command(
    case: Annotated[str, typer.Argument(help="Référence (D-2026-000001) ou numéro du dossier.")],
    export: Annotated[
        int | None,
        typer.Option(
            "--export", metavar="ACTION", help="Numéro de l'action dont copier le document."
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Fichier où copier le document exporté.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")] = False,
) -> None:
    from recouvre.bootstrap.outbox import sent_documents

    if export is not None and out is None:
        raise usage_failure("indiquez le fichier à écrire avec --out FICHIER")
    with open_app() as app:
        kept = sent_documents(app, case)
    if export is not None and out is not None:
        chosen = next((d for d in kept.documents if d.action_id == export), None)
        if chosen is None or chosen.path is None:
            fail(f"dossier {kept.reference} : aucun document conservé pour l'action {export}")
        out.write_bytes(chosen.path.read_bytes())
        typer.echo(f"{out} : {chosen.label} de l'action {export} ({chosen.sha256})")
        return
    if as_json:
        print_json(kept.as_json())
        return
    if not kept.documents:
        typer.echo(f"Dossier {kept.reference} : aucun document envoyé.")
        return
    typer.echo(f"Documents envoyés du dossier {kept.reference} :")
    for d in kept.documents:
        where = str(d.path) if d.path else "pas de copie conservée"
        state = {True: "intact", False: "ALTÉRÉ depuis l'envoi", None: "empreinte seule"}[d.intact]
        typer.echo(
            f"  action {d.action_id} — {d.label} — envoyé le {d.sent_at or '?'} — {where} — "
            f"SHA-256 {d.sha256 or '?'} ({state})"
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app (``case documents`` joins the ``case``
    group of ``cases``)."""
    app.add_typer(letter_app, name="letter")
