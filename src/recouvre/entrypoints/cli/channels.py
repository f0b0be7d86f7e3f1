"""CLI commands ``tracking`` and ``bounces``: what the post and the mail servers say back.

``recouvre tracking`` follows registered letters (tracking numbers, presentation, AR, return);
``recouvre bounces`` reads the delivery status notifications, from a folder or an IMAP mailbox.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from recouvre.entrypoints.cli.labels import fr_date
from recouvre.entrypoints.cli.outbox import JsonOption, working_day
from recouvre.entrypoints.cli.setup import open_app, print_json

tracking_app = typer.Typer(
    help="Lettres recommandées : numéros de suivi et événements (présentation, AR, retour).",
    no_args_is_help=True,
)


@tracking_app.command(
    "assign", help="Enregistre le numéro de suivi d'une lettre recommandée postée."
)
def tracking_assign(
    action_id: Annotated[int, typer.Argument(help="Numéro de l'action (lettre recommandée).")],
    number: Annotated[str, typer.Argument(help="Numéro de suivi (ex. 1A 012 345 6789 0).")],
    posted_on: Annotated[
        str | None, typer.Option("--posted-on", help="Date de dépôt (défaut : aujourd'hui).")
    ] = None,
) -> None:
    from recouvre.bootstrap import registered_mail_store
    from recouvre.services.outbox.registered_mail import assign_tracking_number

    with open_app() as app:
        posted = working_day(posted_on, app, "--posted-on")
        item = assign_tracking_number(registered_mail_store(app), action_id, number, posted)
    typer.echo(
        f"Action {action_id} : postée le {fr_date(item.posted_on)}, suivi {item.tracking_number}."
    )


@tracking_app.command(
    "import",
    help="Importe un fichier CSV d'événements de suivi (numero;date;evenement). Tout ou rien.",
)
def tracking_import(
    file: Annotated[Path, typer.Argument(help="Fichier CSV.", exists=True, dir_okay=False)],
    as_json: JsonOption = False,
) -> None:
    from recouvre.bootstrap import import_tracking_file

    with open_app() as app:
        report = import_tracking_file(app, file)
    if as_json:
        print_json(
            {
                "recorded": report.recorded,
                "already_known": report.already_known,
                "by_event": dict(sorted(report.by_event.items())),
                "received": [{"case": c, "on": d.isoformat()} for c, d in report.received],
                "unreachable": [{"case": c, "on": d.isoformat()} for c, d in report.unreachable],
                "problems": report.problems,
            }
        )
        return
    typer.echo(
        f"{report.recorded} événement(s) enregistré(s), {report.already_known} déjà connu(s)."
    )
    for case, on in report.received:
        typer.echo(
            f"  - {case} : mise en demeure reçue le {fr_date(on)} "
            "(intérêts à compter de cette date)"
        )
    for case, on in report.unreachable:
        typer.echo(
            f"  - {case} : destinataire inconnu à l'adresse le {fr_date(on)}, débiteur injoignable"
        )
    for problem in report.problems:
        typer.echo(f"  - {problem}", err=True)


@tracking_app.command(
    "proof",
    help="Joint le scan (PDF) de l'avis de réception signé d'une lettre recommandée : il est "
    "conservé sous son empreinte, inscrit au journal de preuve et produit avec la lettre dans "
    "le bordereau de pièces.",
)
def tracking_proof(
    number: Annotated[str, typer.Argument(help="Numéro de suivi de la lettre recommandée.")],
    file: Annotated[
        Path, typer.Argument(help="Scan PDF de l'avis de réception signé.", metavar="FICHIER")
    ],
    day: Annotated[
        str | None, typer.Option("--on", "--le", help="Date de l'ajout (défaut : aujourd'hui).")
    ] = None,
) -> None:
    from recouvre.bootstrap import attach_acknowledgement_scan

    with open_app() as app:
        on = working_day(day, app, "--on")
        item, digest = attach_acknowledgement_scan(app, number, file, on)
    typer.echo(
        f"Avis de réception joint à la lettre {item.tracking_number} (action {item.action_id}) : "
        f"SHA-256 {digest}."
    )


# --- bounces ---------------------------------------------------------------------------------

bounces_app = typer.Typer(
    help="Courriels rejetés : avis de non-remise (DSN) déposés dans un dossier ou reçus dans une "
    "boîte IMAP.",
    no_args_is_help=True,
)


@bounces_app.command("import", help="Lit les avis de non-remise (*.eml) d'un dossier.")
def bounces_import(
    folder: Annotated[Path, typer.Argument(help="Dossier des avis.", exists=True, file_okay=False)],
    as_json: JsonOption = False,
) -> None:
    from recouvre.bootstrap import import_bounce_folder

    with open_app() as app:
        report = import_bounce_folder(app, folder)
    _print_bounces(report, as_json)


FETCH_HELP = (
    """Relève les avis de non-remise d'une boîte IMAP et les enregistre comme « bounces
import » (une adresse en échec définitif 5.x.x devient injoignable, le dossier passe au courrier).

\b
Configuration (variables d'environnement) :
  RECOUVRE_IMAP_HOST       serveur IMAP (obligatoire)
  RECOUVRE_IMAP_USER       identifiant (obligatoire)
  RECOUVRE_IMAP_PASSWORD   mot de passe (obligatoire)
  RECOUVRE_IMAP_SECURITY   tls (défaut, port 993), starttls (143), none (local)
  RECOUVRE_IMAP_PORT       port, si différent
  RECOUVRE_IMAP_MAILBOX    dossier des retours (défaut : INBOX)
  RECOUVRE_IMAP_CA_FILE    certificat d'une autorité privée (auto-signé)
  RECOUVRE_IMAP_DONE_MAILBOX  dossier où ranger les avis traités (facultatif)

Les avis traités reçoivent les drapeaux \\Seen et $RecouvreTraite ; les autres messages """
    """ne sont ni lus ni modifiés. Relancer la commande n'enregistre rien deux fois."""
)


@bounces_app.command("fetch", help=FETCH_HELP)
def bounces_fetch(
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            "--date",
            help="Date d'enregistrement (JJ/MM/AAAA ou AAAA-MM-JJ ; défaut : aujourd'hui).",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from recouvre.bootstrap import fetch_mail_bounces, imap_settings

    imap_settings()  # a missing or wrong setting is said before the database is opened
    with open_app() as app:
        report = fetch_mail_bounces(app, working_day(on, app, "--on"))
    _print_bounces(report, as_json)


def _print_bounces(report: Any, as_json: bool) -> None:
    if as_json:
        print_json(
            {
                "notices": report.notices,
                "already_known": report.already_known,
                "unreachable": report.unreachable,
                "cases": report.cases,
                "unmatched": report.unmatched,
                "transient": report.transient,
                "skipped_files": report.skipped_files,
                "problems": report.problems,
            }
        )
        return
    typer.echo(
        f"{report.notices} avis nouveau(x), {report.already_known} déjà connu(s), "
        f"{report.transient} temporaire(s) ; adresses injoignables : "
        f"{', '.join(report.unreachable) or 'aucune'}."
    )
    for case in report.cases:
        typer.echo(f"  - {case} : courriel abandonné, relances par courrier")
    for address in report.unmatched:
        typer.echo(f"  - {address} : aucun débiteur connu")
    for name in report.skipped_files:
        typer.echo(f"  - {name} : pas un avis de non-remise, ignoré")
    for problem in report.problems:
        typer.echo(f"  - {problem}", err=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(tracking_app, name="tracking")
    app.add_typer(bounces_app, name="bounces")
