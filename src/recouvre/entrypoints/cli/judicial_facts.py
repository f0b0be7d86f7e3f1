"""CLI command ``judicial evidence``: the evidence held and the facts of a claim, changed in one
service call (``JudicialService.update_facts``: read, merged and written in one transaction),
printed with their French names."""

from __future__ import annotations

from typing import Annotated

import typer

from recouvre.entrypoints.cli.options import (
    DATE_HELP,
    CaseArgument,
    OnOption,
    date_or_today,
    optional_date,
)
from recouvre.entrypoints.cli.setup import USAGE_ERROR, fail, open_app
from recouvre.law.routes.rules import ClaimNature, Dispute

Flag = bool | None


def _flag(names: str, help_text: str) -> object:
    return typer.Option(names, help=help_text, show_default=False)


def _dispute(value: str | None) -> Dispute | None:
    if value is None:
        return None
    try:
        return Dispute(value)
    except ValueError:
        fail(f"--dispute : « {value} » inconnu (none, minor, serious)", USAGE_ERROR)


def _nature(value: str | None) -> ClaimNature | None:
    if value is None:
        return None
    try:
        return ClaimNature(value)
    except ValueError:
        fail(
            f"--nature : « {value} » inconnue "
            "(commercial, civil, consumer_credit, residential_lease)",
            USAGE_ERROR,
        )


SignedOrder = Annotated[Flag, _flag("--signed-order/--no-signed-order", "Bon de commande signé.")]
AcceptedQuote = Annotated[Flag, _flag("--accepted-quote/--no-accepted-quote", "Devis accepté.")]
DeliveryNote = Annotated[
    Flag, _flag("--delivery-note/--no-delivery-note", "Bon de livraison signé.")
]
Terms = Annotated[Flag, _flag("--terms/--no-terms", "Conditions générales acceptées.")]
BillOfExchange = Annotated[
    Flag, _flag("--bill-of-exchange/--no-bill-of-exchange", "Lettre de change acceptée.")
]
UnpaidCheque = Annotated[Flag, _flag("--unpaid-cheque/--no-unpaid-cheque", "Chèque impayé.")]
AssetsAtRisk = Annotated[
    Flag, _flag("--assets-at-risk/--no-assets-at-risk", "Biens du débiteur menacés.")
]
Cooperative = Annotated[
    Flag,
    _flag(
        "--cooperative/--not-cooperative",
        "Débiteur susceptible d'accepter les petites créances.",
    ),
]
SmallClaimsFailed = Annotated[
    Flag,
    _flag(
        "--small-claims-failed/--no-small-claims-failed",
        "Procédure petites créances déjà échouée.",
    ),
]


def evidence(
    case: CaseArgument,
    signed_order: SignedOrder = None,
    accepted_quote: AcceptedQuote = None,
    delivery_note: DeliveryNote = None,
    terms: Terms = None,
    bill_of_exchange: BillOfExchange = None,
    unpaid_cheque: UnpaidCheque = None,
    assets_at_risk: AssetsAtRisk = None,
    cooperative: Cooperative = None,
    small_claims_failed: SmallClaimsFailed = None,
    dispute: Annotated[
        str | None, typer.Option("--dispute", help="Contestation : none, minor ou serious.")
    ] = None,
    nature: Annotated[
        str | None,
        typer.Option("--nature", help="commercial, civil, consumer_credit ou residential_lease."),
    ] = None,
    formal_notice_sent: Annotated[
        str | None,
        typer.Option(
            "--formal-notice-sent",
            metavar="DATE",
            help=f"Mise en demeure envoyée le ({DATE_HELP}).",
        ),
    ] = None,
    formal_notice_received: Annotated[
        str | None,
        typer.Option(
            "--formal-notice-received",
            metavar="DATE",
            help=f"Mise en demeure reçue (première présentation) le ({DATE_HELP}).",
        ),
    ] = None,
    on: OnOption = None,
) -> None:
    """Record the evidence held and the facts of the claim; unspecified ones are kept."""
    from recouvre.bootstrap import judicial_service
    from recouvre.services.judicial.facts import (
        DISPUTE_LABELS,
        EVIDENCE_LABELS,
        NATURE_LABELS,
        FactsChanges,
        evidence_held,
    )

    changes = FactsChanges(
        signed_order=signed_order,
        accepted_quote=accepted_quote,
        delivery_note=delivery_note,
        terms_accepted=terms,
        bill_of_exchange=bill_of_exchange,
        unpaid_cheque=unpaid_cheque,
        dispute=_dispute(dispute),
        nature=_nature(nature),
        assets_at_risk=assets_at_risk,
        cooperation_likely=cooperative,
        small_claims_failed=small_claims_failed,
        formal_notice_sent_on=optional_date(formal_notice_sent, "--formal-notice-sent"),
        formal_notice_received_on=optional_date(formal_notice_received, "--formal-notice-received"),
    )
    with open_app() as app:
        day = date_or_today(on, "--on", app.clock.today)
        facts = judicial_service(app).update_facts(case, changes, day)
    held = [EVIDENCE_LABELS[name] for name in evidence_held(facts.evidence)]
    typer.echo(
        f"Éléments enregistrés pour le dossier {case} : preuves {', '.join(held) or 'aucune'} ; "
        f"contestation {DISPUTE_LABELS[facts.dispute]} ; nature {NATURE_LABELS[facts.nature]}."
    )
