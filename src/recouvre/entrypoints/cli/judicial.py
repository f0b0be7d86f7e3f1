"""CLI commands of the judicial phase: ``judicial advise|evidence|start|event|papers|agenda|
title|statement|procedures`` and ``bodacc import`` (docs/judicial-procedures.md).

Thin: parse the arguments, call the judicial services wired by ``recouvre.bootstrap``, print
a rich table or stable JSON. Dates and amounts are read by ``options``; errors are French and
name the option at fault.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from recouvre.entrypoints.cli.bodacc import register as register_bodacc
from recouvre.entrypoints.cli.judicial_advice import advise
from recouvre.entrypoints.cli.judicial_courts import courts
from recouvre.entrypoints.cli.judicial_facts import evidence
from recouvre.entrypoints.cli.labels import PROCEDURE_STATUSES, fr_date, word
from recouvre.entrypoints.cli.options import (
    DATE_HELP,
    CaseArgument,
    JsonOption,
    OnOption,
    ProcedureArgument,
    date_or_today,
    euros,
    optional_date,
    optional_money,
    parse_date,
    parse_money,
)
from recouvre.entrypoints.cli.setup import fail, open_app, print_json
from recouvre.letters.formatting import rate
from recouvre.services.judicial.agenda import AgendaState
from recouvre.services.judicial.records import event_names, route_names

judicial_app = typer.Typer(
    help="Voie judiciaire : choix de la procédure, papiers, délais (injonction de payer, "
    "petites créances, référé, assignation, saisie conservatoire, procédures collectives).",
    no_args_is_help=True,
)

AGENDA_STATES = {
    AgendaState.UPCOMING: "à venir",
    AgendaState.ALERT: "alerte",
    AgendaState.TODAY: "aujourd'hui",
    AgendaState.OVERDUE: "dépassée",
    AgendaState.FROM: "à partir du",
    AgendaState.SUSPENDED: "suspendue",
}
OUTCOME_LABELS = {"rejected": "ordonnance rejetée", "paid": "payé", "abandoned": "abandonnée"}


def start(
    case: CaseArgument,
    route: Annotated[
        str,
        typer.Argument(help=f"Voie à engager, l'une de : {route_names()}.", metavar="VOIE"),
    ],
    on: OnOption = None,
    force: Annotated[bool, typer.Option("--force", help="Engager même une voie écartée.")] = False,
) -> None:
    from recouvre.services.judicial.records import parse_route

    chosen = parse_route(route)
    with open_app() as app:
        from recouvre.bootstrap import judicial_service

        day = date_or_today(on, "--on", app.clock.today)
        started = judicial_service(app).start(case, chosen, day, force=force)
    p = started.procedure
    typer.echo(f"Procédure n° {p.id} engagée : {chosen.label_fr} — {p.court}.")
    for note in started.prescription_notes:
        typer.echo(note)
    if started.cancelled_actions:
        typer.echo(f"{started.cancelled_actions} action(s) amiable(s) en attente annulée(s).")


def event(
    procedure: ProcedureArgument,
    kind: Annotated[
        str,
        typer.Argument(help=f"Événement, l'un de : {event_names()}.", metavar="ÉVÉNEMENT"),
    ],
    on: Annotated[
        str, typer.Option("--on", metavar="DATE", help=f"Date de l'événement ({DATE_HELP}).")
    ],
    to_person: Annotated[
        bool | None,
        typer.Option(
            "--to-person/--not-to-person", help="Signification à personne ou non (CPC 1416)."
        ),
    ] = None,
    amount: Annotated[
        str | None, typer.Option("--amount", help="Montant (ordonnance, condamnation, paiement).")
    ] = None,
    reference: Annotated[
        str | None, typer.Option("--reference", help="Numéro de rôle, référence de l'acte.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Commentaire (objectif).")] = None,
    served_on: Annotated[
        str | None,
        typer.Option(
            "--served-on",
            metavar="DATE",
            help="Signification de la décision (titre hors injonction).",
        ),
    ] = None,
) -> None:
    from recouvre.services.judicial.records import parse_event_kind

    chosen = parse_event_kind(kind)
    day = parse_date(on, "--on")
    value = optional_money(amount, "--amount")
    served = optional_date(served_on, "--served-on")
    with open_app() as app:
        from recouvre.bootstrap import judicial_service

        recorded = judicial_service(app).record_event(
            procedure, chosen, day, to_person=to_person, amount=value,
            reference=reference, note=note, served_on=served,
        )  # fmt: skip
    typer.echo(f"Procédure n° {procedure} : {chosen.label_fr} le {fr_date(day)} enregistré.")
    for line in recorded.notes:
        typer.echo(line)
    if recorded.procedure.outcome:
        outcome = recorded.procedure.outcome
        typer.echo(f"Procédure close ({OUTCOME_LABELS.get(outcome, outcome)}).")


def papers(
    procedure: ProcedureArgument,
    out: Annotated[Path, typer.Option("--out", help="Dossier où écrire les PDF.")],
    on: OnOption = None,
    piece: Annotated[
        list[str] | None,
        typer.Option("--piece", help="Pièce jointe « Titre=chemin.pdf » (répétable)."),
    ] = None,
    basis: Annotated[
        str | None, typer.Option("--basis", help="Fondement de la créance (texte).")
    ] = None,
    security: Annotated[
        str | None, typer.Option("--security", help="Sûretés détenues (déclaration de créance).")
    ] = None,
    threats: Annotated[
        str | None,
        typer.Option("--threats", help="Menaces sur le recouvrement (saisie conservatoire)."),
    ] = None,
    court: Annotated[
        str | None,
        typer.Option(
            "--tribunal",
            "--court",
            help="Le tribunal du domicile du débiteur (« tribunal de commerce de Metz »), quand "
            "l'annuaire des juridictions ne le connaît pas (voir « judicial courts »).",
        ),
    ] = None,
    mandatary: Annotated[
        str | None,
        typer.Option(
            "--mandataire",
            "--mandatary",
            help="Le mandataire judiciaire (déclaration de créance), quand l'annonce BODACC ne "
            "le nomme pas.",
        ),
    ] = None,
) -> None:
    from recouvre.services.judicial.papers import PaperOptions

    attachments: list[tuple[str, Path]] = []
    for item in piece or []:
        title, sep, path = item.partition("=")
        if not sep or not title.strip() or not path.strip():
            fail(f"--piece : « {item} » invalide (attendu « Titre=chemin.pdf »)")
        attachments.append((title.strip(), Path(path.strip())))
    options = PaperOptions(attachments=tuple(attachments), basis=basis)
    if security:
        options = PaperOptions(options.attachments, basis, security, options.threats)
    if threats:
        options = PaperOptions(options.attachments, basis, options.security, threats)
    if court or mandatary:
        options = replace(options, court=court, mandatary=mandatary)
    with open_app() as app:
        from recouvre.bootstrap import judicial_papers

        day = date_or_today(on, "--on", app.clock.today)
        result = judicial_papers(app).produce(procedure, day, options)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{result.paper.reference}-procedure-{procedure}"
    paper_path = out / f"{stem}-{result.paper.kind}.pdf"
    bundle_path = out / f"{stem}-pieces.pdf"
    paper_path.write_bytes(result.paper_pdf)
    bundle_path.write_bytes(result.bundle_pdf)
    typer.echo(f"{result.paper.title} : {paper_path}")
    typer.echo(f"Bordereau et pièces ({len(result.exhibits)}) : {bundle_path}")
    for x in result.exhibits:
        typer.echo(f"  Pièce n° {x.number} : {x.title} ({x.pages} p., SHA-256 {x.sha256[:16]}…)")


def agenda(
    on: OnOption = None,
    within: Annotated[
        int | None,
        typer.Option("--within", min=0, help="Seulement les échéances dans ce nombre de jours."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    with open_app() as app:
        from recouvre.bootstrap import judicial_service

        day = date_or_today(on, "--on", app.clock.today)
        items = judicial_service(app).agenda(day, within)
    if as_json:
        print_json(
            [
                {
                    "case": reference,
                    "procedure": procedure.id,
                    "route": procedure.route.value,
                    "deadline": item.kind,
                    "rule": item.rule,
                    "due_on": item.due_on.isoformat(),
                    "state": item.state.value,
                    "status": procedure.status.value,
                    "alerts": [a.isoformat() for a in item.alerts],
                    "explanation": list(item.explanation),
                    "unverified": [f"{r.key} : {r.source}" for r in item.unverified],
                }
                for reference, procedure, item in items
            ]
        )
        return
    if not items:
        typer.echo("Aucune échéance.")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Échéances au {fr_date(day)}")
    for title in ("Échéance", "État", "Dossier", "Procédure", "Délai", "Règle"):
        table.add_column(title)
    for reference, procedure, item in items:
        table.add_row(
            fr_date(item.due_on),
            AGENDA_STATES[item.state],
            reference,
            str(procedure.id),
            item.kind,
            item.rule,
        )
    Console(width=160).print(table)


def title(
    case: CaseArgument,
    pronounced_on: Annotated[
        str, typer.Option("--pronounced-on", metavar="DATE", help="Date de la décision.")
    ],
    amount: Annotated[str, typer.Option("--amount", help="Somme allouée en principal.")],
    served_on: Annotated[
        str | None, typer.Option("--served-on", metavar="DATE", help="Date de signification.")
    ] = None,
    description: Annotated[
        str, typer.Option("--description", help="Nature du titre.")
    ] = "jugement",
    enforceable_on: Annotated[
        str | None,
        typer.Option(
            "--enforceable-on",
            metavar="DATE",
            help="Date à laquelle la décision est devenue exécutoire contre le débiteur "
            "(par défaut : sa signification, CPC 503).",
        ),
    ] = None,
    accessories: Annotated[
        str,
        typer.Option(
            "--accessories", help="Accessoires alloués (pénalités, indemnité, article 700, dépens)."
        ),
    ] = "0",
    interest_on: Annotated[
        str,
        typer.Option(
            "--interest-on",
            help="Sommes portant intérêts selon la décision : "
            "principal ou principal-et-accessoires.",
        ),
    ] = "principal",
    interest_from: Annotated[
        str | None,
        typer.Option(
            "--interest-from",
            metavar="DATE",
            help="Point de départ des intérêts fixé par la décision "
            "(par défaut : son prononcé, C. civ. 1231-7).",
        ),
    ] = None,
    on: OnOption = None,
) -> None:
    from recouvre.services.judicial.records import TitleTerms, parse_interest_basis

    value = parse_money(amount, "--amount")
    terms = TitleTerms(
        enforceable_on=optional_date(enforceable_on, "--enforceable-on"),
        accessories=parse_money(accessories, "--accessories"),
        interest_basis=parse_interest_basis(interest_on),
        interest_from=optional_date(interest_from, "--interest-from"),
    )
    with open_app() as app:
        from recouvre.bootstrap import judicial_service

        day = date_or_today(on, "--on", app.clock.today)
        t = judicial_service(app).record_title(
            case, parse_date(pronounced_on, "--pronounced-on"), value,
            optional_date(served_on, "--served-on"), description, day, terms,
        )  # fmt: skip
    typer.echo(
        f"Titre exécutoire enregistré : {t.description}, {euros(t.amount)} en principal"
        + (f", {euros(t.accessories)} d'accessoires" if t.accessories else "")
        + f" ; intérêts sur {t.interest_basis.label_fr}."
    )


def statement(case: CaseArgument, on: OnOption = None, as_json: JsonOption = False) -> None:
    with open_app() as app:
        from recouvre.bootstrap import judicial_service

        day = date_or_today(on, "--on", app.clock.today)
        result = judicial_service(app).title_statement(case, day)
    if as_json:
        print_json(
            {
                "case": case,
                "on": day.isoformat(),
                "title": result.title.description,
                "awarded": f"{result.title.amount:.2f}",
                "accessories": f"{result.title.accessories:.2f}",
                "interest_on": result.title.interest_basis.value,
                "interest_bearing": f"{result.title.interest_bearing:.2f}",
                "enforceable_on": result.title.became_enforceable_on.isoformat()
                if result.title.became_enforceable_on
                else None,
                "served_on": result.title.served_on.isoformat() if result.title.served_on else None,
                "increased_from": result.increased_from.isoformat()
                if result.increased_from
                else None,
                "slices": [
                    {
                        "first": s.first.isoformat(),
                        "last": s.last.isoformat(),
                        "days": s.days,
                        "rate": str(s.rate),
                        "kind": s.kind.value,
                        "basis": f"{s.basis:.2f}",
                        "amount": f"{s.amount:.2f}",
                    }
                    for s in result.slices
                ],
                "interest": f"{result.interest:.2f}",
                "total_due": f"{result.total_due:.2f}",
            }
        )
        return
    awarded = result.title
    extra = ""
    if awarded.accessories:
        extra = f" en principal, {euros(awarded.accessories)} d'accessoires"
    typer.echo(f"{awarded.description} : {euros(awarded.amount)} alloués{extra}.")
    typer.echo(result.interest_basis_fr)
    for s in result.slices:
        typer.echo(
            f"  {fr_date(s.first)} → {fr_date(s.last)} : {s.days} j à {rate(s.rate)} = "
            f"{euros(s.amount)} ({s.kind.label_fr})"
        )
    typer.echo(f"Total dû au {fr_date(day)} : {euros(result.total_due)}")


def procedures_of(case: CaseArgument) -> None:
    from recouvre.services.judicial.collective_stay import stay_reason
    from recouvre.services.judicial.records import ProcedureStatus

    with open_app() as app:
        from recouvre.bootstrap import judicial_service

        file = judicial_service(app).case_file(case)
    if not file.procedures:
        typer.echo("Aucune procédure.")
    for p, events in file.procedures:
        status = word(PROCEDURE_STATUSES, p.status)
        typer.echo(f"Procédure n° {p.id} : {p.route.label_fr} ({status}) — {p.court}")
        if p.status is ProcedureStatus.FROZEN and file.opening is not None:
            typer.echo(f"  {stay_reason(file.opening)}")
        for e in events:
            typer.echo(f"  {fr_date(e.on)} {e.kind.label_fr}")


COMMANDS_HELP = {
    "advise": "Recommande les voies judiciaires du dossier, classées, avec motifs, juridiction, "
    "avocat, frais, délais et valeur attendue.",
    "evidence": "Enregistre les preuves détenues et les faits de la créance (contestation, "
    "nature, mise en demeure).",
    "start": "Engage une procédure (vérifie la prescription : la requête en injonction de payer "
    "ne l'interrompt pas, la signification si).",
    "event": "Enregistre un événement daté : depose, ordonnance-rendue, ordonnance-rejetee, "
    "signifie, opposition, executoire, execute, paye, abandonne.",
    "papers": "Produit la requête (ou la demande) et le bordereau de pièces numérotées et "
    "tamponnées, en PDF.",
    "agenda": "Liste les délais de procédure calculés et leurs alertes.",
    "title": "Enregistre un titre exécutoire obtenu hors recouvre (jugement).",
    "statement": "Décompte sous titre : somme allouée, intérêts légaux, majoration de 5 points "
    "(CMF L313-3).",
    "procedures": "Liste les procédures d'un dossier et leurs événements.",
    "courts": "L'annuaire des juridictions que nomment les requêtes (livré, à vérifier, et vos "
    "ajouts de config/courts.toml) ; avec un code postal, le tribunal de son ressort.",
}


def register(app: typer.Typer) -> None:
    """Add ``judicial`` and ``bodacc`` to the main app."""
    commands: dict[str, Callable[..., None]] = {
        "advise": advise,
        "evidence": evidence,
        "start": start,
        "event": event,
        "papers": papers,
        "agenda": agenda,
        "title": title,
        "statement": statement,
        "procedures": procedures_of,
        "courts": courts,
    }
    for name, function in commands.items():
        judicial_app.command(name, help=COMMANDS_HELP[name])(function)
    app.add_typer(judicial_app, name="judicial")
    register_bodacc(app)
