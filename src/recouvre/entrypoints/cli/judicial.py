"""CLI commands of the judicial phase: ``judicial advise|evidence|start|event|papers|agenda|
title|statement|procedures`` and ``bodacc import`` (docs/judicial-procedures.md).

Thin: parse the arguments, call the judicial services wired by ``recouvre.bootstrap``, print
a rich table or stable JSON. Dates are ISO (``2026-11-23``); amounts use a decimal point or
comma. Errors are French and name the option at fault.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from recouvre.entrypoints.cli.setup import fail, open_app, print_json

if TYPE_CHECKING:
    from recouvre.bootstrap import App
    from recouvre.law.routes.recommendation import RouteOption

judicial_app = typer.Typer(
    help="Voie judiciaire : choix de la procédure, papiers, délais (injonction de payer, "
    "petites créances, référé, assignation, saisie conservatoire, procédures collectives).",
    no_args_is_help=True,
)
bodacc_app = typer.Typer(help="Annonces BODACC des procédures collectives.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")]
OnOption = Annotated[
    str | None,
    typer.Option("--on", metavar="DATE", help="Date (AAAA-MM-JJ ; défaut : aujourd'hui)."),
]


def _date(text: str | None, option: str, app: App | None = None) -> date:
    if text is None:
        assert app is not None
        return app.clock.today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        fail(f"{option} : date invalide « {text} » (attendu AAAA-MM-JJ)")


def _amount(text: str | None, option: str) -> Decimal | None:
    if text is None:
        return None
    from recouvre.domain.money import parse_amount

    try:
        return parse_amount(text)
    except ValueError as error:
        fail(f"{option} : {error}")


def _euros(amount: Decimal) -> str:
    whole, cents = f"{amount:,.2f}".split(".")
    return whole.replace(",", "\u202f") + "," + cents + "\u00a0€"


def _run(call: Any) -> Any:
    """Run a service call, turning its French errors into a clean exit."""
    from recouvre.domain.errors import DomainError
    from recouvre.law.parameters import MissingLegalData

    try:
        return call()
    except (DomainError, MissingLegalData, ValueError) as error:
        fail(str(error))


def _option_json(option: RouteOption) -> dict[str, Any]:
    return {
        "route": option.route.value,
        "label": option.route.label_fr,
        "feasible": option.feasible,
        "risky": option.risky,
        "priority": option.priority,
        "court": {
            "kind": option.court.kind.value,
            "label": option.court.label_fr,
            "place": option.court.place_fr,
        },
        "lawyer_required": option.lawyer_required,
        "amicable_attempt_required": option.amicable_attempt_required,
        "costs": f"{option.costs.total:.2f}",
        "delay_days": option.delay_days,
        "recovery_probability": str(option.recovery_probability),
        "expected_recovery": f"{option.expected_recovery:.2f}",
        "expected_value": f"{option.expected_value:.2f}",
        "costs_exceed_recovery": option.costs_exceed_recovery,
        "reasons": list(option.reasons),
        "unverified": [f"{r.key} ({r.status.value}) : {r.source}" for r in option.warnings],
    }


def advise(case: str, on: OnOption = None, as_json: JsonOption = False) -> None:
    with open_app() as app:
        from recouvre.bootstrap import judicial_service

        day = _date(on, "--on", app)
        advice = _run(lambda: judicial_service(app).advise(case, day))
    totals = advice.statement.totals
    routes = advice.routes
    if as_json:
        print_json(
            {
                "case": advice.reference,
                "on": day.isoformat(),
                "amounts": {
                    "principal": f"{totals.principal_outstanding:.2f}",
                    "interest": f"{totals.interest_outstanding:.2f}",
                    "indemnity": f"{totals.indemnity_outstanding:.2f}",
                    "costs": f"{totals.costs_outstanding:.2f}",
                    "total": f"{totals.total_due:.2f}",
                },
                "prescription_end": (
                    advice.prescription.legal_end.isoformat()
                    if advice.prescription and advice.prescription.legal_end
                    else None
                ),
                "ranked": [_option_json(o) for o in routes.ranked],
                "excluded": [_option_json(o) for o in routes.excluded],
                "unverified": sorted({f"{r.key} : {r.source}" for r in routes.warnings}),
            }
        )
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"Dossier {advice.reference} au {day.isoformat()} : {_euros(totals.total_due)} "
        f"(principal {_euros(totals.principal_outstanding)}, intérêts "
        f"{_euros(totals.interest_outstanding)}, indemnité {_euros(totals.indemnity_outstanding)})"
    )
    if advice.prescription and advice.prescription.legal_end:
        console.print(
            f"Prescription acquise à la fin du {advice.prescription.legal_end.isoformat()}."
        )
    table = Table(title="Voies recommandées (par ordre)")
    for title in (
        "#",
        "Voie",
        "Juridiction",
        "Avocat",
        "Tentative amiable",
        "Frais",
        "Délai (j)",
        "Valeur attendue",
    ):
        table.add_column(title)
    for rank, o in enumerate(routes.ranked, start=1):
        table.add_row(
            str(rank),
            o.route.label_fr + (" ⚠" if o.risky else ""),
            o.court.label_fr,
            "oui" if o.lawyer_required else "non",
            "oui" if o.amicable_attempt_required else "non",
            _euros(o.costs.total),
            str(o.delay_days),
            _euros(o.expected_value),
        )
    console.print(table)
    for rank, o in enumerate(routes.ranked, start=1):
        console.print(f"[bold]{rank}. {o.route.label_fr}[/bold]")
        for reason in o.reasons:
            console.print(f"   - {reason}", markup=False)
    if routes.excluded:
        console.print("[bold]Voies écartées[/bold]")
        for o in routes.excluded:
            console.print(f"   - {o.route.label_fr} : {' ; '.join(o.reasons)}", markup=False)
    if routes.warnings:
        console.print("[bold]Données non vérifiées utilisées[/bold]")
        for row in routes.warnings:
            console.print(f"   - {row.key} ({row.status.value}) : {row.source}", markup=False)


def evidence(
    case: str,
    signed_order: Annotated[
        bool | None, typer.Option("--signed-order/--no-signed-order", help="Bon de commande signé.")
    ] = None,
    accepted_quote: Annotated[
        bool | None, typer.Option("--accepted-quote/--no-accepted-quote", help="Devis accepté.")
    ] = None,
    delivery_note: Annotated[
        bool | None,
        typer.Option("--delivery-note/--no-delivery-note", help="Bon de livraison signé."),
    ] = None,
    terms: Annotated[
        bool | None, typer.Option("--terms/--no-terms", help="Conditions générales acceptées.")
    ] = None,
    bill_of_exchange: Annotated[
        bool | None,
        typer.Option("--bill-of-exchange/--no-bill-of-exchange", help="Lettre de change acceptée."),
    ] = None,
    unpaid_cheque: Annotated[
        bool | None, typer.Option("--unpaid-cheque/--no-unpaid-cheque", help="Chèque impayé.")
    ] = None,
    assets_at_risk: Annotated[
        bool | None,
        typer.Option("--assets-at-risk/--no-assets-at-risk", help="Biens du débiteur menacés."),
    ] = None,
    cooperative: Annotated[
        bool | None,
        typer.Option(
            "--cooperative/--not-cooperative",
            help="Débiteur susceptible d'accepter les petites créances.",
        ),
    ] = None,
    small_claims_failed: Annotated[
        bool | None,
        typer.Option(
            "--small-claims-failed/--no-small-claims-failed",
            help="Procédure petites créances déjà échouée.",
        ),
    ] = None,
    dispute: Annotated[
        str | None, typer.Option("--dispute", help="Contestation : none, minor ou serious.")
    ] = None,
    nature: Annotated[
        str | None,
        typer.Option("--nature", help="commercial, civil, consumer_credit ou residential_lease."),
    ] = None,
    formal_notice_sent: Annotated[
        str | None,
        typer.Option("--formal-notice-sent", metavar="DATE", help="Mise en demeure envoyée le."),
    ] = None,
    formal_notice_received: Annotated[
        str | None,
        typer.Option(
            "--formal-notice-received",
            metavar="DATE",
            help="Mise en demeure reçue (première présentation) le.",
        ),
    ] = None,
    on: OnOption = None,
) -> None:
    """Record the evidence held and the facts of the claim; unspecified ones are kept."""
    from dataclasses import replace

    from recouvre.law.routes.rules import ClaimNature, Dispute

    with open_app() as app:
        from recouvre.bootstrap import judicial_service

        service = judicial_service(app)
        day = _date(on, "--on", app)
        facts = _run(lambda: service.facts(case))
        e = facts.evidence
        e = replace(
            e,
            signed_order=e.signed_order if signed_order is None else signed_order,
            accepted_quote=e.accepted_quote if accepted_quote is None else accepted_quote,
            delivery_note=e.delivery_note if delivery_note is None else delivery_note,
            terms_accepted=e.terms_accepted if terms is None else terms,
            bill_of_exchange=e.bill_of_exchange if bill_of_exchange is None else bill_of_exchange,
            unpaid_cheque=e.unpaid_cheque if unpaid_cheque is None else unpaid_cheque,
        )
        try:
            new_dispute = facts.dispute if dispute is None else Dispute(dispute)
        except ValueError:
            fail(f"--dispute : « {dispute} » inconnu (none, minor, serious)")
        try:
            new_nature = facts.nature if nature is None else ClaimNature(nature)
        except ValueError:
            fail(
                f"--nature : « {nature} » inconnue "
                "(commercial, civil, consumer_credit, residential_lease)"
            )
        facts = replace(
            facts,
            evidence=e,
            dispute=new_dispute,
            nature=new_nature,
            assets_at_risk=facts.assets_at_risk if assets_at_risk is None else assets_at_risk,
            cooperation_likely=facts.cooperation_likely if cooperative is None else cooperative,
            small_claims_failed=(
                facts.small_claims_failed if small_claims_failed is None else small_claims_failed
            ),
            formal_notice_sent_on=(
                facts.formal_notice_sent_on
                if formal_notice_sent is None
                else _date(formal_notice_sent, "--formal-notice-sent")
            ),
            formal_notice_received_on=(
                facts.formal_notice_received_on
                if formal_notice_received is None
                else _date(formal_notice_received, "--formal-notice-received")
            ),
        )
        _run(lambda: service.record_facts(case, facts, day))
    held = [
        n
        for n in (
            "signed_order",
            "accepted_quote",
            "delivery_note",
            "terms_accepted",
            "bill_of_exchange",
            "unpaid_cheque",
        )
        if getattr(facts.evidence, n)
    ]
    typer.echo(
        f"Éléments enregistrés pour le dossier {case} : preuves {', '.join(held) or 'aucune'} ; "
        f"contestation {facts.dispute.value} ; nature {facts.nature.value}."
    )


def start(
    case: str,
    route: str,
    on: OnOption = None,
    force: Annotated[bool, typer.Option("--force", help="Engager même une voie écartée.")] = False,
) -> None:
    from recouvre.services.judicial.records import parse_route

    chosen = _run(lambda: parse_route(route))
    with open_app() as app:
        from recouvre.bootstrap import judicial_service

        day = _date(on, "--on", app)
        started = _run(lambda: judicial_service(app).start(case, chosen, day, force=force))
    p = started.procedure
    typer.echo(f"Procédure n° {p.id} engagée : {chosen.label_fr} — {p.court}.")
    for note in started.prescription_notes:
        typer.echo(note)
    if started.cancelled_actions:
        typer.echo(f"{started.cancelled_actions} action(s) amiable(s) en attente annulée(s).")


def event(
    procedure: int,
    kind: str,
    on: Annotated[
        str, typer.Option("--on", metavar="DATE", help="Date de l'événement (AAAA-MM-JJ).")
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

    chosen = _run(lambda: parse_event_kind(kind))
    day = _date(on, "--on")
    value = _amount(amount, "--amount")
    served = _date(served_on, "--served-on") if served_on else None
    with open_app() as app:
        from recouvre.bootstrap import judicial_service

        recorded = _run(
            lambda: judicial_service(app).record_event(
                procedure, chosen, day, to_person=to_person, amount=value,
                reference=reference, note=note, served_on=served,
            )
        )  # fmt: skip
    typer.echo(f"Procédure n° {procedure} : {chosen.label_fr} le {day.isoformat()} enregistré.")
    for line in recorded.notes:
        typer.echo(line)
    if recorded.procedure.outcome:
        typer.echo(f"Procédure close ({recorded.procedure.outcome}).")


def papers(
    procedure: int,
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
    with open_app() as app:
        from recouvre.bootstrap import judicial_papers

        day = _date(on, "--on", app)
        result = _run(lambda: judicial_papers(app).produce(procedure, day, options))
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

        day = _date(on, "--on", app)
        items = _run(lambda: judicial_service(app).agenda(day, within))
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

    table = Table(title=f"Échéances au {day.isoformat()}")
    for title in ("Échéance", "État", "Dossier", "Procédure", "Délai", "Règle"):
        table.add_column(title)
    for reference, procedure, item in items:
        table.add_row(
            item.due_on.isoformat(),
            item.state.value,
            reference,
            str(procedure.id),
            item.kind,
            item.rule,
        )
    Console(width=160).print(table)


def title(
    case: str,
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
    on: OnOption = None,
) -> None:
    value = _amount(amount, "--amount")
    assert value is not None
    with open_app() as app:
        from recouvre.bootstrap import judicial_service

        day = _date(on, "--on", app)
        t = _run(
            lambda: judicial_service(app).record_title(
                case, _date(pronounced_on, "--pronounced-on"), value,
                _date(served_on, "--served-on") if served_on else None, description, day,
            )
        )  # fmt: skip
    typer.echo(f"Titre exécutoire enregistré : {t.description}, {_euros(t.amount)}.")


def statement(case: str, on: OnOption = None, as_json: JsonOption = False) -> None:
    with open_app() as app:
        from recouvre.bootstrap import judicial_service

        day = _date(on, "--on", app)
        result = _run(lambda: judicial_service(app).title_statement(case, day))
    if as_json:
        print_json(
            {
                "case": case,
                "on": day.isoformat(),
                "title": result.title.description,
                "awarded": f"{result.title.amount:.2f}",
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
    typer.echo(f"{result.title.description} : {_euros(result.title.amount)} alloués.")
    for s in result.slices:
        typer.echo(
            f"  {s.first.isoformat()} → {s.last.isoformat()} : {s.days} j à {s.rate} % = "
            f"{_euros(s.amount)} ({s.kind.label_fr})"
        )
    typer.echo(f"Total dû au {day.isoformat()} : {_euros(result.total_due)}")


def procedures_of(case: str) -> None:
    with open_app() as app:
        from recouvre.bootstrap import judicial_service

        file = _run(lambda: judicial_service(app).case_file(case))
    if not file.procedures:
        typer.echo("Aucune procédure.")
    for p, events in file.procedures:
        typer.echo(f"Procédure n° {p.id} : {p.route.label_fr} ({p.status.value}) — {p.court}")
        for e in events:
            typer.echo(f"  {e.on.isoformat()} {e.kind.label_fr}")


def bodacc_import(
    file: Path,
    as_json: JsonOption = False,
) -> None:
    from recouvre.adapters.importers.bodacc import read_bodacc_file

    parsed = read_bodacc_file(file)
    if not parsed.ok:
        for line in parsed.errors_fr():
            typer.echo(f"erreur : {line}", err=True)
        raise typer.Exit(1)
    if parsed.without_id:
        typer.echo(
            f"{parsed.without_id} annonce(s) sans « id » : reconnue(s) par leur contenu", err=True
        )
    with open_app() as app:
        from recouvre.bootstrap import collective_proceedings_service

        report = _run(lambda: collective_proceedings_service(app).apply(parsed.announcements))
    if as_json:
        print_json(
            {
                "read": report.read,
                "openings": report.openings,
                "already_known": report.already_known,
                "skipped": report.skipped + parsed.skipped,
                "matches": [
                    {
                        "case": m.reference,
                        "announcement": m.announcement_id,
                        "proceedings": m.proceedings.value,
                        "published_on": m.published_on.isoformat(),
                        "declaration_due_on": m.declaration_due_on.isoformat(),
                        "relief_due_on": m.relief_due_on.isoformat(),
                        "cancelled_actions": m.cancelled_actions,
                        "procedure": m.procedure_id,
                        "liquidation": m.liquidation,
                    }
                    for m in report.matches
                ],
            }
        )
        return
    typer.echo(
        f"{report.read} annonce(s) de procédure collective lue(s), {report.openings} jugement(s) "
        f"d'ouverture, {len(report.matches)} dossier(s) concerné(s)."
    )
    for m in report.matches:
        typer.echo(
            f"  {m.reference} : {m.proceedings.label_fr} "
            f"(BODACC du {m.published_on.isoformat()}) ; "
            f"déclaration de créance avant le {m.declaration_due_on.isoformat()}, relevé de "
            f"forclusion avant le {m.relief_due_on.isoformat()}"
            + (f" ; procédure n° {m.procedure_id} ouverte" if m.procedure_id else "")
            + (" ; recouvrement amiable définitivement clos" if m.liquidation else "")
        )


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
    }
    for name, function in commands.items():
        judicial_app.command(name, help=COMMANDS_HELP[name])(function)
    bodacc_app.command(
        "import",
        help="Importe un export BODACC (JSON ou CSV) et applique les procédures collectives aux "
        "dossiers des débiteurs (par SIREN).",
    )(bodacc_import)
    app.add_typer(judicial_app, name="judicial")
    app.add_typer(bodacc_app, name="bodacc")
